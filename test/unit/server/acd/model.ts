/**
 * An independent reference model of the hotline rules, for the property loop. It is written from
 * the specification (issue 6, hotlines.md §8), not from the reducer: it tracks agents and calls from
 * the inputs it sends and the commands the ACD returns, and reports every broken invariant.
 */
import type {
  AcdCommand, AcdConfig, AcdInput, HotlineConfig, StrategyKind,
} from '../../../../server/src/acd/index.js';

interface MAgent {
  loggedIn: Set<string>;
  paused: string | null;
  device: 'free' | 'busy' | 'unreachable';
  offer: { callId: string; offerId: number } | null;
  connected: string | null;
  wrapUntil: number | null;
  backoffUntil: number | null;
  missed: number;
}

interface MCall {
  hotline: string;
  enteredAt: number;
  seq: number;
  priority: number;
  requires: Record<string, number> | null;
  status: 'waiting' | 'connected' | 'ended';
  offer: { offerId: number; agents: Set<string>; until: number } | null;
  outcomes: number;
  connectedTo: string | null;
}

const D = { ringSec: 20, wrapUpSec: 0, maxWaitSec: 600, minAgents: 0, priority: 0, maxWaiting: 50, noAgentOverflowSec: 30, maxMissedOffers: 3, busyBackoffSec: 10, strategy: 'longest-idle' as StrategyKind };

/** The requirement in force after waiting `waitedMs`, from the written rule: steps relax cumulatively, never tighten. */
export function requirementAt(h: HotlineConfig, callRequires: Record<string, number> | null, waitedMs: number): { req: Map<string, number>; maxTier: number } {
  const req = new Map(Object.entries(callRequires ?? h.requires ?? {}).filter(([, l]) => l > 0));
  let maxTier = 1;
  const steps = [...(h.escalation ?? [])].sort((a, b) => a.afterSec - b.afterSec);
  for (const s of steps) {
    if (s.afterSec * 1000 > waitedMs) break;
    if (s.requires !== undefined) {
      for (const [skill, level] of [...req]) {
        const relaxed = s.requires[skill];
        if (relaxed === undefined || relaxed <= 0) req.delete(skill);
        else req.set(skill, Math.min(level, relaxed));
      }
    }
    maxTier = Math.max(maxTier, s.widen ?? maxTier);
  }
  return { req, maxTier };
}

/** The reference model. `violations` collects every broken invariant with a description. */
export class Model {
  agents = new Map<string, MAgent>();
  calls = new Map<string, MCall>();
  open = new Map<string, boolean>();
  flag = new Map<string, boolean>();
  /** Hotline configs that still exist for the ACD: configured plus retired (removed while calls waited). */
  lines = new Map<string, HotlineConfig>();
  retired = new Set<string>();
  violations: string[] = [];
  private seq = 0;
  now = 0;

  constructor(public config: AcdConfig) {
    for (const h of Object.values(config.hotlines)) {
      this.lines.set(h.number, h);
      this.open.set(h.number, true);
      for (const a of h.agents ?? []) this.ensureAgent(a.extension);
    }
  }

  private ensureAgent(ext: string): MAgent {
    let a = this.agents.get(ext);
    if (a === undefined) {
      a = { loggedIn: new Set(), paused: null, device: 'free', offer: null, connected: null, wrapUntil: null, backoffUntil: null, missed: 0 };
      this.agents.set(ext, a);
    }
    return a;
  }

  private fail(msg: string): void {
    this.violations.push(`t=${this.now}: ${msg}`);
  }

  member(h: string, ext: string): { skills: Record<string, number>; tier: number; position: number } | undefined {
    const cfg = this.lines.get(h);
    const i = cfg?.agents?.findIndex((a) => a.extension === ext) ?? -1;
    if (cfg === undefined || i < 0) return undefined;
    const a = cfg.agents?.[i];
    return { skills: { ...(a?.skills ?? {}) }, tier: a?.tier ?? 1, position: i };
  }

  memberships(ext: string): string[] {
    return [...this.lines.keys()].filter((h) => this.member(h, ext) !== undefined);
  }

  ready(ext: string): boolean {
    const a = this.agents.get(ext);
    if (a === undefined) return false;
    return a.loggedIn.size > 0 && a.paused === null && a.device === 'free' && a.offer === null && a.connected === null
      && (a.wrapUntil === null || this.now >= a.wrapUntil) && (a.backoffUntil === null || this.now >= a.backoffUntil);
  }

  eligible(ext: string, callId: string): boolean {
    const c = this.calls.get(callId);
    const a = this.agents.get(ext);
    if (c === undefined || a === undefined || !a.loggedIn.has(c.hotline)) return false;
    const m = this.member(c.hotline, ext);
    const cfg = this.lines.get(c.hotline);
    if (m === undefined || cfg === undefined) return false;
    const { req, maxTier } = requirementAt(cfg, c.requires, this.now - c.enteredAt);
    if (m.tier > maxTier) return false;
    for (const [s, l] of req) if ((m.skills[s] ?? 0) < l) return false;
    return true;
  }

  staffed(h: string): number {
    let n = 0;
    for (const a of this.agents.values()) if (a.loggedIn.has(h) && a.paused === null && a.device !== 'unreachable') n++;
    return n;
  }

  private guarded(h: string): boolean {
    const cfg = this.lines.get(h);
    return cfg !== undefined && !this.retired.has(h) && this.open.get(h) === true && (cfg.minAgents ?? D.minAgents) > 0;
  }

  /** Hotlines a logout/pause of `ext` leaving `leaving` would take below minimum (the refusal rule). */
  short(ext: string, leaving: string[]): string[] {
    const a = this.agents.get(ext);
    if (a === undefined || a.paused !== null || a.device === 'unreachable') return [];
    return leaving.filter((h) => this.guarded(h) && this.staffed(h) - 1 < ((this.lines.get(h) as HotlineConfig).minAgents ?? 0));
  }

  /** Expected visible state of an agent. */
  stateOf(ext: string): string {
    const a = this.agents.get(ext) as MAgent;
    if (a.offer !== null) return 'offered';
    if (a.connected !== null) return 'busy';
    if (a.loggedIn.size === 0) return 'logged-out';
    if (a.paused !== null || a.device === 'unreachable') return 'paused';
    if (a.wrapUntil !== null && this.now < a.wrapUntil) return 'wrap-up';
    if (a.device === 'busy') return 'busy';
    return 'available';
  }

  waitingIds(): string[] {
    return [...this.calls].filter(([, c]) => c.status === 'waiting').map(([id]) => id);
  }

  private better(x: MCall, y: MCall): boolean {
    return x.priority > y.priority || (x.priority === y.priority && (x.enteredAt < y.enteredAt || (x.enteredAt === y.enteredAt && x.seq < y.seq)));
  }

  private strategyOf(h: string): StrategyKind {
    return this.lines.get(h)?.strategy ?? D.strategy;
  }

  private lineNum<K extends keyof typeof D>(h: string, key: K): (typeof D)[K] {
    return ((this.lines.get(h) as Record<string, unknown> | undefined)?.[key] ?? D[key]) as (typeof D)[K];
  }

  /** Applies the effect of an input on agent facts and new calls, before the commands are read. */
  applyInput(inp: AcdInput, cmds: readonly AcdCommand[]): void {
    const refused = cmds.some((c) => c.type === 'confirm-last-agent' || c.type === 'agent.request-refused');
    switch (inp.type) {
      case 'call.arrived': {
        const existing = this.calls.get(inp.callId);
        if (existing !== undefined && existing.status !== 'ended') return;
        const cfg = this.retired.has(inp.hotline) ? undefined : this.lines.get(inp.hotline);
        const others = this.waitingIds().filter((id) => this.calls.get(id)?.hotline === inp.hotline).length;
        const full = cfg !== undefined && this.open.get(inp.hotline) === true && others >= (cfg.maxWaiting ?? D.maxWaiting);
        const overflowedFull = cmds.some((c) => c.type === 'call.outcome' && c.callId === inp.callId && c.outcome === 'overflowed' && c.reason === 'queue-full');
        if (full !== overflowedFull) this.fail(`${inp.callId} arriving with ${others} waiting: queue-full expected ${full}, got ${overflowedFull}`);
        this.calls.set(inp.callId, {
          hotline: inp.hotline, enteredAt: this.now, seq: this.seq++, priority: inp.priority ?? cfg?.priority ?? 0,
          requires: inp.requires ?? null, status: 'waiting', offer: null, outcomes: 0, connectedTo: null,
        });
        return;
      }
      case 'offer.rejected': {
        const c = this.calls.get(inp.callId);
        if (c?.offer?.offerId !== inp.offerId || !c.offer.agents.has(inp.extension)) return;
        this.release(c, inp.callId, inp.extension, inp.reason === 'no-answer' ? 'no-answer' : 'backoff', cmds);
        return;
      }
      case 'offer.answered': {
        const c = this.calls.get(inp.callId);
        const valid = c?.offer?.offerId === inp.offerId && c.offer.agents.has(inp.extension);
        const connected = cmds.some((x) => x.type === 'connect' && x.callId === inp.callId && x.extension === inp.extension);
        if (valid !== connected) this.fail(`answer of ${inp.callId} by ${inp.extension}: valid=${valid} but connect=${connected}`);
        return;
      }
      case 'call.ended':
      case 'call.abandoned': {
        const c = this.calls.get(inp.callId);
        if (c?.status === 'connected' && c.connectedTo !== null) this.endConnected(inp.callId, c);
        return;
      }
      case 'agent.login': {
        if (refused) return;
        const a = this.agents.get(inp.extension);
        if (a === undefined) return this.fail(`login of unknown ${inp.extension} not refused`);
        const ms = this.memberships(inp.extension).filter((h) => !this.retired.has(h));
        const targets = inp.hotline === undefined ? ms : ms.filter((h) => h === inp.hotline);
        if (targets.length === 0) return this.fail(`login of ${inp.extension} to non-member ${inp.hotline} not refused`);
        const wasOut = a.loggedIn.size === 0;
        for (const h of targets) a.loggedIn.add(h);
        if (wasOut && inp.pauseReason !== undefined) a.paused = inp.pauseReason;
        return;
      }
      case 'agent.logout': {
        const a = this.agents.get(inp.extension);
        if (a === undefined) return;
        const leaving = [...a.loggedIn].filter((h) => inp.hotline === undefined || h === inp.hotline);
        const expectConfirm = leaving.length > 0 && inp.force !== true && this.short(inp.extension, leaving).length > 0;
        const confirmed = cmds.some((c) => c.type === 'confirm-last-agent');
        if (expectConfirm !== confirmed) this.fail(`logout ${inp.extension} ${inp.hotline ?? '*'}: confirm expected ${expectConfirm}, got ${confirmed}`);
        if (refused || leaving.length === 0) return;
        for (const h of leaving) a.loggedIn.delete(h);
        if (a.loggedIn.size === 0) Object.assign(a, { paused: null, missed: 0, wrapUntil: null, backoffUntil: null });
        return;
      }
      case 'agent.pause': {
        const a = this.agents.get(inp.extension);
        if (a === undefined || a.loggedIn.size === 0) return;
        if (a.paused !== null) {
          a.paused = inp.reason;
          return;
        }
        const expectConfirm = inp.force !== true && this.short(inp.extension, [...a.loggedIn]).length > 0;
        const confirmed = cmds.some((c) => c.type === 'confirm-last-agent');
        if (expectConfirm !== confirmed) this.fail(`pause ${inp.extension}: confirm expected ${expectConfirm}, got ${confirmed}`);
        if (!refused) a.paused = inp.reason;
        return;
      }
      case 'agent.resume': {
        const a = this.agents.get(inp.extension);
        if (a !== undefined && a.paused !== null) Object.assign(a, { paused: null, missed: 0 });
        return;
      }
      case 'agent.wrap-up-ended': {
        const a = this.agents.get(inp.extension);
        if (a !== undefined) a.wrapUntil = null;
        return;
      }
      case 'agent.device-state': {
        const a = this.agents.get(inp.extension);
        if (a !== undefined) a.device = inp.device;
        return;
      }
      case 'hotline.opened':
      case 'hotline.closed': {
        const cfg = this.lines.get(inp.hotline);
        if (cfg === undefined) return;
        if (inp.type === 'hotline.closed' && cfg.closeWaiting === true && this.open.get(inp.hotline) === true) {
          for (const id of this.waitingIds()) {
            if (this.calls.get(id)?.hotline === inp.hotline && !cmds.some((c) => c.type === 'close' && c.callId === id)) this.fail(`${id} still waits after its hotline closed with closeWaiting`);
          }
        }
        this.open.set(inp.hotline, inp.type === 'hotline.opened');
        return;
      }
      case 'tick':
        return;
    }
  }

  private endConnected(callId: string, c: MCall): void {
    c.status = 'ended';
    const a = this.agents.get(c.connectedTo as string);
    if (a === undefined || a.connected !== callId) return;
    a.connected = null;
    const wrap = this.lineNum(c.hotline, 'wrapUpSec');
    a.wrapUntil = a.loggedIn.size > 0 && wrap > 0 ? this.now + wrap * 1000 : null;
  }

  private release(c: MCall, callId: string, ext: string, effect: 'none' | 'no-answer' | 'backoff', cmds: readonly AcdCommand[]): void {
    c.offer?.agents.delete(ext);
    if (c.offer?.agents.size === 0) c.offer = null;
    const a = this.agents.get(ext) as MAgent;
    a.offer = null;
    if (effect === 'backoff') {
      const b = this.lineNum(c.hotline, 'busyBackoffSec');
      if (b > 0) a.backoffUntil = this.now + b * 1000;
    }
    if (effect === 'no-answer') {
      a.missed++;
      const limit = this.lineNum(c.hotline, 'maxMissedOffers');
      const paused = cmds.some((x) => x.type === 'agent.paused-missed-offers' && x.extension === ext);
      const expect = limit > 0 && a.missed >= limit && a.paused === null && a.loggedIn.size > 0;
      if (expect !== paused) this.fail(`${ext} missed ${a.missed}/${limit} of ${callId}: pause expected ${expect}, got ${paused}`);
      if (expect) Object.assign(a, { paused: 'missed-offers', missed: 0 });
    }
  }

  /** Reads the commands of one step in order, checking each against the model. */
  applyCommands(cmds: readonly AcdCommand[], offersThisStep: { ext: string; callId: string }[]): void {
    for (const cmd of cmds) {
      switch (cmd.type) {
        case 'offer': {
          const c = this.calls.get(cmd.callId);
          if (c?.status !== 'waiting' || c.offer !== null) {
            this.fail(`offer of ${cmd.callId} which is ${c?.status ?? 'unknown'}${c?.offer ? ' and already ringing' : ''}`);
            break;
          }
          if (cmd.agents.length !== 1 && this.strategyOf(c.hotline) !== 'ring-all') this.fail(`offer of ${cmd.callId} to ${cmd.agents.length} agents under ${this.strategyOf(c.hotline)}`);
          if (cmd.ringSec !== this.lineNum(c.hotline, 'ringSec')) this.fail(`ring time ${cmd.ringSec}`);
          for (const ext of cmd.agents) {
            if (!this.ready(ext)) this.fail(`offer of ${cmd.callId} to ${ext} who is not ready (${this.stateOf(ext)})`);
            if (!this.eligible(ext, cmd.callId)) this.fail(`offer of ${cmd.callId} to ${ext} who does not meet its requirement at ${this.now - c.enteredAt} ms`);
            (this.agents.get(ext) as MAgent).offer = { callId: cmd.callId, offerId: cmd.offerId };
            offersThisStep.push({ ext, callId: cmd.callId });
          }
          c.offer = { offerId: cmd.offerId, agents: new Set(cmd.agents), until: this.now + cmd.ringSec * 1000 };
          break;
        }
        case 'cancel-offer': {
          if (cmd.reason === 'late-answer') break;
          const c = this.calls.get(cmd.callId);
          if (c?.offer?.offerId !== cmd.offerId || !c.offer.agents.has(cmd.extension)) {
            this.fail(`cancel of offer ${cmd.offerId} to ${cmd.extension} that is not live`);
            break;
          }
          if (cmd.reason === 'ring-timeout' && this.now < c.offer.until) this.fail(`ring timeout before the ring time`);
          this.release(c, cmd.callId, cmd.extension, cmd.reason === 'ring-timeout' ? 'no-answer' : 'none', cmds);
          break;
        }
        case 'connect': {
          const c = this.calls.get(cmd.callId) as MCall;
          const a = this.agents.get(cmd.extension) as MAgent;
          if (c.offer !== null) for (const other of c.offer.agents) if (other !== cmd.extension) this.fail(`${other} still rings after ${cmd.callId} was answered`);
          c.offer = null;
          c.status = 'connected';
          c.connectedTo = cmd.extension;
          Object.assign(a, { offer: null, connected: cmd.callId, missed: 0 });
          break;
        }
        case 'call.outcome': {
          const c = this.calls.get(cmd.callId);
          if (c === undefined) {
            if (cmd.outcome !== 'closed' || cmd.reason !== 'unknown-hotline') this.fail(`outcome for unknown call ${cmd.callId}`);
            break;
          }
          c.outcomes++;
          if (c.outcomes > 1) this.fail(`second outcome for ${cmd.callId}`);
          if (cmd.outcome === 'answered') {
            if (c.status !== 'connected' || c.connectedTo !== cmd.extension) this.fail(`answered outcome without connect for ${cmd.callId}`);
          } else {
            if (c.offer !== null) this.fail(`${cmd.callId} ended ${cmd.outcome} with legs still ringing`);
            if (cmd.outcome === 'overflowed' && cmd.reason === 'max-wait' && this.now < c.enteredAt + this.lineNum(c.hotline, 'maxWaitSec') * 1000) this.fail('max-wait overflow too early');
            if (cmd.outcome === 'overflowed' && cmd.reason === 'no-agents' && [...this.agents.values()].some((a) => a.loggedIn.has(c.hotline))) this.fail(`no-agents overflow of ${cmd.callId} while an agent is logged in`);
            if (cmd.outcome === 'overflowed' && cmd.reason === 'queue-full') {
              const others = this.waitingIds().filter((id) => id !== cmd.callId && this.calls.get(id)?.hotline === c.hotline).length;
              if (others < this.lineNum(c.hotline, 'maxWaiting') || c.enteredAt !== this.now) this.fail(`queue-full overflow of ${cmd.callId} with ${others} waiting`);
            }
            if (cmd.outcome === 'closed' && cmd.reason === 'after-hours' && this.open.get(c.hotline) !== false) this.fail(`${cmd.callId} closed while the hotline is open`);
            c.status = 'ended';
          }
          break;
        }
        case 'announce-position': case 'overflow': case 'close': case 'confirm-last-agent': case 'hotline.understaffed':
        case 'hotline.staffed': case 'staffing-alarm': case 'agent.state-changed': case 'agent.paused-missed-offers':
        case 'agent.request-refused':
          // Checked where their trigger is (applyInput, release, checkStaffing) or against the views.
          break;
      }
    }
  }

  /** Staffing transitions expected for this step, compared with what the ACD emitted. */
  checkStaffing(before: Map<string, { staffed: number; min: number }>, cmds: readonly AcdCommand[]): void {
    for (const [h, cfg] of this.lines) {
      const min = this.retired.has(h) ? 0 : cfg.minAgents ?? 0;
      const staffed = this.staffed(h);
      const below = this.guarded(h) && staffed < min;
      const b = before.get(h) ?? { staffed, min };
      const alarm0 = cmds.filter((c) => c.type === 'staffing-alarm' && c.hotline === h && c.repeat === 0).length;
      const under = cmds.filter((c) => c.type === 'hotline.understaffed' && c.hotline === h).length;
      const back = cmds.filter((c) => c.type === 'hotline.staffed' && c.hotline === h).length;
      const flag = this.flag.get(h) === true;
      const expectAlarm = !flag && below && (staffed < b.staffed || min > b.min);
      const expectBack = flag && !below && this.open.get(h) === true;
      if (alarm0 !== (expectAlarm ? 1 : 0) || under !== alarm0) this.fail(`${h}: staffing alarm expected ${expectAlarm} (staffed ${b.staffed}->${staffed}, min ${b.min}->${min}), got alarm ${alarm0} understaffed ${under}`);
      if (back !== (expectBack ? 1 : 0)) this.fail(`${h}: staffed event expected ${expectBack}, got ${back}`);
      const repeats = cmds.filter((c) => c.type === 'staffing-alarm' && c.hotline === h && c.repeat > 0).length;
      if (repeats > 0 && !flag) this.fail(`${h}: repeated alarm while not understaffed`);
      this.flag.set(h, expectAlarm || (flag && below));
    }
  }

  /** Invariants that hold between steps. */
  checkResting(offersThisStep: readonly { ext: string; callId: string }[]): void {
    // An agent who left availability is not kept ringing (freeswitch PR 800, MicrosoftDocs#3847).
    for (const [ext, a] of this.agents) {
      if (a.offer === null) continue;
      const h = this.calls.get(a.offer.callId)?.hotline as string;
      if (a.paused !== null || a.device !== 'free' || !a.loggedIn.has(h)) this.fail(`${ext} still rings for ${a.offer.callId} while ${this.stateOf(ext)}/${a.device}`);
    }
    const waiting = this.waitingIds();
    for (const id of waiting) {
      const c = this.calls.get(id) as MCall;
      if (this.now >= c.enteredAt + this.lineNum(c.hotline, 'maxWaitSec') * 1000) this.fail(`${id} waits beyond maxWaitSec`);
      if (c.offer !== null && this.now >= c.offer.until) this.fail(`${id} rings beyond ringSec`);
      if (c.offer !== null) continue;
      for (const ext of this.agents.keys()) {
        if (this.ready(ext) && this.eligible(ext, id)) this.fail(`liveness: ${id} queued while ${ext} is ready and eligible`);
      }
    }
    // Order (hotlines.md §8 invariant 7): nobody got a call while a better one it could take stays queued.
    for (const { ext, callId } of offersThisStep) {
      const c = this.calls.get(callId) as MCall;
      for (const id of waiting) {
        const o = this.calls.get(id) as MCall;
        if (o.offer === null && this.better(o, c) && this.eligible(ext, id)) this.fail(`order: ${ext} got ${callId} while better ${id} stayed queued`);
      }
    }
  }

  /** Applies a configuration change the way the specification says: logins of remaining members stay. */
  reconfigure(config: AcdConfig): Map<string, { staffed: number; min: number }> {
    const before = this.snapshotStaffing();
    const waitingIn = (h: string): boolean => this.waitingIds().some((id) => this.calls.get(id)?.hotline === h);
    const lines = new Map<string, HotlineConfig>();
    for (const h of Object.values(config.hotlines)) lines.set(h.number, h);
    const retired = new Set<string>();
    for (const [n, h] of this.lines) if (!lines.has(n) && waitingIn(n)) { lines.set(n, h); retired.add(n); }
    this.lines = lines;
    this.retired = retired;
    this.config = config;
    for (const h of lines.keys()) if (!this.open.has(h)) this.open.set(h, true);
    for (const h of lines.values()) for (const a of h.agents ?? []) this.ensureAgent(a.extension);
    for (const [ext, a] of this.agents) {
      for (const h of [...a.loggedIn]) if (this.member(h, ext) === undefined) a.loggedIn.delete(h);
      if (a.loggedIn.size === 0) Object.assign(a, { paused: null, missed: 0, wrapUntil: null, backoffUntil: null });
    }
    for (const h of this.flag.keys()) if (!lines.has(h)) this.flag.delete(h);
    for (const h of this.open.keys()) if (!lines.has(h)) this.open.delete(h);
    return before;
  }

  snapshotStaffing(): Map<string, { staffed: number; min: number }> {
    const out = new Map<string, { staffed: number; min: number }>();
    for (const [h, cfg] of this.lines) out.set(h, { staffed: this.staffed(h), min: this.retired.has(h) ? 0 : cfg.minAgents ?? 0 });
    return out;
  }
}
