/**
 * The running ACD (ARCHITECTURE §2: the pure reducer behind an adapter): feeds inputs to
 * `step`, schedules the one tick `nextDeadline` asks for, opens and closes lines by their time
 * plans, writes agent state through to the store (a restart or kill -9 loses no logged-in agent),
 * logs hotline events and publishes every command on the bus.
 */
import type { Logger } from 'pino';
import {
  agentSnapshot, hotlineView, initialState, nextDeadline, reconfigure, step,
  type AcdCommand, type AcdInput, type AcdState, type HotlineView,
} from '../acd/index.js';
import type { SiteConfig } from '../config/dialplan/index.js';
import type { EventBus } from '../events/bus.js';
import { isOpen, nextChange } from '../routing/index.js';
import type { Db } from '../store/db.js';
import { toAcdConfig } from './acd-config.js';
import { applyAgentRequest, type AgentRequest, type AgentRequestOutcome } from './agent-requests.js';
import { appendHotlineLog, loadAgents, saveAgentChanges, saveAgents, type HotlineLogEntry } from './hotline-store.js';

/** Dependencies. */
export interface AcdServiceDeps {
  readonly db: Db;
  readonly log: Logger;
  readonly bus: EventBus;
  readonly now: () => number;
  readonly site: () => SiteConfig;
}

/**
 * Hotline log entries for the commands of one step. `before` gives the hotlines an agent was
 * logged in to before the step (a logout's command lists the hotlines after it: none).
 */
export function logEntriesFor(commands: readonly AcdCommand[], at: number, before: (extension: string) => readonly string[], input?: AcdInput): HotlineLogEntry[] {
  const out: HotlineLogEntry[] = [];
  // A caller who entered and was not turned away at once (closed, full, unstaffed) is queued.
  if (input?.type === 'call.arrived' && !commands.some((c) => c.type === 'call.outcome' && c.callId === input.callId)) {
    out.push({ at, hotline: input.hotline, event: 'queued', callId: input.callId, caller: input.callerNumber, detail: input.priority === undefined ? null : { priority: input.priority } });
  }
  // The hotlines each agent is logged in to as the commands go (one step may change an agent twice).
  const lines = new Map<string, readonly string[]>();
  for (const c of commands) {
    switch (c.type) {
      case 'agent.state-changed': {
        // Logins and logouts per hotline (an agent may join or leave one line and stay on others),
        // then pause and resume on the lines it stays on. Pause reasons stay out of the log: only
        // the agent and allowed roles may read them.
        const was = lines.get(c.extension) ?? before(c.extension);
        lines.set(c.extension, c.hotlines);
        const agent = c.extension;
        for (const h of was) if (!c.hotlines.includes(h)) out.push({ at, hotline: h, event: 'logout', agent });
        for (const h of c.hotlines) if (!was.includes(h)) out.push({ at, hotline: h, event: 'login', agent });
        if (c.state === 'paused' && c.previous !== 'paused') for (const h of c.hotlines) out.push({ at, hotline: h, event: 'pause', agent });
        else if (c.previous === 'paused' && c.state !== 'paused' && c.state !== 'logged-out') for (const h of c.hotlines) out.push({ at, hotline: h, event: 'resume', agent });
        break;
      }
      case 'hotline.understaffed':
        out.push({ at, hotline: c.hotline, event: 'understaffed', detail: { cause: c.cause, forced: c.forced, staffed: c.staffed, minAgents: c.minAgents } });
        break;
      case 'hotline.staffed':
        out.push({ at, hotline: c.hotline, event: 'staffed', detail: { staffed: c.staffed, minAgents: c.minAgents } });
        break;
      case 'offer':
        for (const a of c.agents) out.push({ at, hotline: c.hotline, event: 'offered', callId: c.callId, caller: c.callerNumber, agent: a });
        break;
      case 'overflow':
        out.push({ at, hotline: c.hotline, event: 'overflowed', callId: c.callId, caller: c.callerNumber, detail: { reason: c.reason } });
        break;
      case 'call.outcome':
        if (c.outcome !== 'overflowed') out.push({ at, hotline: c.hotline, event: c.outcome, callId: c.callId, caller: c.callerNumber, ...(c.outcome === 'answered' ? { agent: c.extension } : {}), detail: { waitSec: c.waitSec } });
        break;
      default:
        break;
    }
  }
  // Within one step an agent's own change is logged before its consequences (understaffed …).
  const rank = (e: HotlineLogEntry) => (['login', 'logout', 'pause', 'resume'].includes(e.event) ? 0 : 1);
  return out.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i).map((x) => x.e);
}

/** The live ACD. */
export class AcdService {
  private state: AcdState;
  private tick: NodeJS.Timeout | undefined;
  private readonly planTimers = new Map<string, NodeJS.Timeout>();
  private writes: Promise<void> = Promise.resolve();
  private stopped = false;
  private persistQueued = false;

  /** What the store holds per agent (extension -> JSON), to write only what changed; undefined: unknown, rewrite all. */
  private saved: Map<string, string> | undefined = new Map<string, string>();

  private constructor(private readonly deps: AcdServiceDeps, state: AcdState) {
    this.state = state;
  }

  /** Builds the service from the site and the stored agents. */
  static async create(deps: AcdServiceDeps): Promise<AcdService> {
    const agents = await loadAgents(deps.db);
    const svc = new AcdService(deps, initialState(toAcdConfig(deps.site()), { now: deps.now(), agents }));
    svc.saved = new Map(agents.map((a) => [a.extension, JSON.stringify(a)]));
    svc.applyTimePlans();
    svc.schedule();
    return svc;
  }

  /** Feeds one input. */
  input(i: AcdInput): readonly AcdCommand[] {
    const r = step(this.state, i, this.deps.now());
    return this.commit(r.state, r.commands, i);
  }

  /**
   * A waiting caller left the queue by a digit (mailbox, another target): the reducer takes it as
   * abandoned (its offers are cancelled, it counts for nobody); the hotline log names it `left`
   * with the digit, so statistics can tell a chosen exit from a hang-up (app_queue's EXITWITHKEY).
   */
  leave(ref: { hotline: string; callId: string; callerNumber: string }, digit: string): readonly AcdCommand[] {
    const i: AcdInput = { type: 'call.abandoned', ...ref };
    const r = step(this.state, i, this.deps.now());
    return this.commit(r.state, r.commands, i, (e) => (e.callId === ref.callId && e.event === 'abandoned' ? { ...e, event: 'left', detail: { ...e.detail, digit } } : e));
  }

  /** Appends entries the call flow writes itself (callback, lost at restart) in order with the ACD's own. */
  log(entries: readonly HotlineLogEntry[]): void {
    if (entries.length) this.writes = this.writes.then(() => appendHotlineLog(this.deps.db, entries)).catch((err: unknown) => this.deps.log.error({ err }, 'hotline log write failed'));
  }

  /** An agent request with the last-agent guard (refused unless `force`). */
  request(r: AgentRequest): AgentRequestOutcome {
    const res = applyAgentRequest(this.state, r, this.deps.now());
    this.commit(res.state, res.commands);
    return res.outcome;
  }

  /** Applies a changed site configuration: no agent is logged out, no waiting call dropped. */
  reconfigure(): void {
    const r = reconfigure(this.state, toAcdConfig(this.deps.site()), this.deps.now());
    this.commit(r.state, r.commands);
    this.applyTimePlans();
  }

  /** The live status of a hotline. */
  status(hotline: string): HotlineView | undefined {
    return hotlineView(this.state, hotline, this.deps.now());
  }

  /** The current reducer state (read-only use). */
  get current(): AcdState {
    return this.state;
  }

  /** Stops timers and waits for pending writes. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.tick) clearTimeout(this.tick);
    for (const t of this.planTimers.values()) clearTimeout(t);
    await this.writes;
  }

  private commit(next: AcdState, commands: readonly AcdCommand[], input?: AcdInput, relabel?: (e: HotlineLogEntry) => HotlineLogEntry): readonly AcdCommand[] {
    const previous = this.state;
    this.state = next;
    const now = this.deps.now();
    if (commands.some((c) => c.type === 'agent.state-changed' || c.type === 'call.outcome')) this.persist();
    const entries = logEntriesFor(commands, now, (ext) => previous.agents.get(ext)?.loggedIn ?? [], input);
    this.log(relabel ? entries.map(relabel) : entries);
    for (const c of commands) {
      if (c.type === 'staffing-alarm' || c.type === 'hotline.understaffed') this.deps.log.warn({ hotline: c.hotline, staffed: c.staffed, minAgents: c.minAgents }, 'hotline understaffed');
      this.deps.bus.emit('acd.command', c);
    }
    this.schedule();
    return commands;
  }

  private persist(): void {
    // One pending write at a time, taking the latest snapshot when it runs: under load (50 calls/s,
    // several agent changes each) the store sees one write per batch, never a stale one.
    if (this.persistQueued) return;
    this.persistQueued = true;
    this.writes = this.writes.then(() => {
      this.persistQueued = false;
      const agents = agentSnapshot(this.state);
      const now = this.deps.now();
      if (this.saved === undefined) {
        return saveAgents(this.deps.db, agents, now).then(() => {
          this.saved = new Map(agents.map((a) => [a.extension, JSON.stringify(a)]));
        });
      }
      return saveAgentChanges(this.deps.db, agents, this.saved, now).then((saved) => {
        this.saved = saved;
      });
    }).catch((err: unknown) => {
      // Unknown what landed: the next write replaces every stored agent.
      this.saved = undefined;
      this.deps.log.error({ err }, 'agent state write failed');
    });
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.tick) clearTimeout(this.tick);
    const at = nextDeadline(this.state);
    if (at === null) return;
    this.tick = setTimeout(() => this.input({ type: 'tick' }), Math.max(0, at - this.deps.now()));
    this.tick.unref();
  }

  /** Tells the ACD whether each line is open now and arms a timer for its next change. */
  private applyTimePlans(): void {
    for (const t of this.planTimers.values()) clearTimeout(t);
    this.planTimers.clear();
    const site = this.deps.site();
    const now = this.deps.now();
    for (const h of site.hotlines) {
      const plan = h.timePlan === undefined ? undefined : site.index.timePlans.get(h.timePlan);
      if (!plan) continue;
      this.input({ type: isOpen(plan, now) ? 'hotline.opened' : 'hotline.closed', hotline: h.number });
      const change = nextChange(plan, now);
      if (change === null || this.stopped) continue;
      // setTimeout caps at ~24.8 days; re-evaluating earlier is harmless.
      const t = setTimeout(() => this.applyTimePlans(), Math.min(change - now + 50, 2 ** 31 - 1));
      t.unref();
      this.planTimers.set(h.number, t);
    }
  }
}
