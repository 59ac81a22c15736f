/**
 * A step in progress: a private, mutable builder over an immutable `AcdState`. Every change goes
 * through `putAgent` / `putCall` / `putLine`, which keep the per-hotline indexes (ready set, counts,
 * queue order) consistent and record what must be re-dispatched and re-timed. `finish` returns a
 * new state; the input state is never touched, so `step` stays deterministic (hotlines.md §8 inv. 16).
 */
import { berlinDayNumber } from './berlin-day.js';
import type { AcdContext, Line } from './config.js';
import type { AcdCommand, UnderstaffedCause } from './events.js';
import type { Owner, PMap } from './pmap.js';
import { callNextAt, lineNextAt, minOf } from './deadlines.js';
import {
  agentStateOf, callOrder, isQueued, isReady, isStaffed, visiblePauseReason,
} from './state.js';
import type { AcdState, AgentRec, CallRec, LineRec } from './state.js';
import { peekTimer, popTimer, pushTimer } from './timer-heap.js';
import type { TimerEntry, TimerHeap } from './timer-heap.js';

/** Staffing figures at the start of a step, to tell drops from rises. */
export interface StaffingBaseline {
  readonly staffed: readonly number[];
  readonly minAgents: readonly number[];
}

/** The mutable builder of one step. Internal to the ACD. */
export class Tx {
  agents: PMap<AgentRec>;
  calls: PMap<CallRec>;
  timers: TimerHeap;
  seq: number;
  readonly out: AcdCommand[] = [];
  // Bookkeeping is allocated on first use: most steps touch a handful of records, and a no-op tick
  // should cost next to nothing.
  /** Queued calls whose set of ready, eligible agents may have grown (may repeat; dispatch re-checks). */
  dirtyCalls: string[] = [];
  /** Agents that became ready, or ready in more hotlines (may repeat). */
  freedAgents: string[] = [];
  /** Calls changed (or due) in this round, with their latest record: to announce and re-time. */
  private tCalls: Map<string, CallRec> | null = null;
  private tAgents: Map<string, AgentRec> | null = null;
  /** Indexes of hotlines changed in this round. */
  readonly touchedLines: number[] = [];
  /** Timer entries consumed in this round (`kind` + key): their records must be pushed again. */
  private popped: Set<string> | null = null;
  /** Cause reported if a hotline drops below its minimum in this step. */
  cause: UnderstaffedCause = 'reconfigure';
  forced = false;
  /** First version of every agent changed in this step: one `agent.state-changed` per agent and step, no transient states. */
  private agentsBefore: Map<string, AgentRec | undefined> | null = null;
  private lines: LineRec[];
  private linesOwned = false;
  /** Maps built in this step may be updated in place (see `Owner`); the token dies with the step. */
  private readonly owner: Owner = {};
  /** Staffed count of each line before its first change in this step. */
  private staffedBefore: Map<number, number> | null = null;
  private day: number | undefined;

  constructor(
    readonly ctx: AcdContext,
    state: Omit<AcdState, 'ctx'>,
    readonly now: number,
    /** Staffing before the step when it is not the state's own (reconfigure compares with the old hotlines). */
    private readonly baseline: StaffingBaseline | null = null,
  ) {
    this.agents = state.agents;
    this.calls = state.calls;
    this.timers = state.timers;
    this.seq = state.seq;
    this.lines = state.lines as LineRec[];
  }

  /** Europe/Berlin day number of `now` (for fewest-calls counters). */
  today(): number {
    if (this.day === undefined) this.day = berlinDayNumber(this.now);
    return this.day;
  }

  /** Appends a command to the step's output. */
  emit(cmd: AcdCommand): void {
    this.out.push(cmd);
  }

  /** Next number for call order and offer ids (monotonic across steps). */
  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** Current record of an agent. */
  agent(ext: string): AgentRec | undefined {
    return this.agents.get(ext);
  }

  /** Current record of a call. */
  call(id: string): CallRec | undefined {
    return this.calls.get(id);
  }

  /** Current runtime record of the hotline at `index`. */
  lineRec(index: number): LineRec {
    return this.lines[index] as LineRec;
  }

  /** Resolved hotline by number (retired ones included). */
  lineByNumber(hotline: string): Line | undefined {
    return this.ctx.byNumber.get(hotline);
  }

  /** Staffed count and minimum of line `index` at the start of the step. */
  before(index: number): { staffed: number; minAgents: number } {
    const line = this.ctx.lines[index] as Line;
    if (this.baseline !== null) {
      return { staffed: this.baseline.staffed[index] ?? this.lineRec(index).staffed, minAgents: this.baseline.minAgents[index] ?? line.minAgents };
    }
    return { staffed: this.staffedBefore?.get(index) ?? this.lineRec(index).staffed, minAgents: line.minAgents };
  }

  /** Stores a hotline's runtime record. */
  putLine(index: number, rec: LineRec): void {
    this.staffedBefore ??= new Map();
    if (!this.staffedBefore.has(index)) this.staffedBefore.set(index, this.lineRec(index).staffed);
    if (!this.linesOwned) {
      this.lines = this.lines.slice();
      this.linesOwned = true;
    }
    this.lines[index] = rec;
    if (!this.touchedLines.includes(index)) this.touchedLines.push(index);
  }

  /** Stores an agent and keeps every hotline index in step; emits `agent.state-changed` on visible change. */
  putAgent(next: AgentRec): void {
    const ext = next.extension;
    const old = this.agents.get(ext);
    this.agents = this.agents.set(ext, next, this.owner);
    (this.tAgents ??= new Map()).set(ext, next);
    const oldL = old?.loggedIn ?? [];
    const newL = next.loggedIn;
    const oldReady = old !== undefined && isReady(old);
    const newReady = isReady(next);
    const oldStaffed = old !== undefined && isStaffed(old);
    const newStaffed = isStaffed(next);
    if (oldL !== newL || oldReady !== newReady || oldStaffed !== newStaffed) {
      for (const h of oldL) this.reindex(h, ext, true, newL.includes(h), oldReady, newReady, oldStaffed, newStaffed);
      for (const h of newL) {
        if (!oldL.includes(h)) this.reindex(h, ext, false, true, oldReady, newReady, oldStaffed, newStaffed);
      }
      if (newReady && (!oldReady || newL.some((h) => !oldL.includes(h)))) this.freedAgents.push(ext);
    }
    this.agentsBefore ??= new Map();
    if (!this.agentsBefore.has(ext)) this.agentsBefore.set(ext, old);
  }

  /** Records how an agent looked before this step when it was changed outside `putAgent` (reconfigure). */
  noteAgentBefore(a: AgentRec): void {
    this.agentsBefore ??= new Map();
    if (!this.agentsBefore.has(a.extension)) this.agentsBefore.set(a.extension, a);
  }

  private reindex(
    hotline: string, ext: string, inOld: boolean, inNew: boolean,
    oldReady: boolean, newReady: boolean, oldStaffed: boolean, newStaffed: boolean,
  ): void {
    const line = this.ctx.byNumber.get(hotline);
    if (line === undefined) return;
    const rec = this.lineRec(line.index);
    const r0 = inOld && oldReady;
    const r1 = inNew && newReady;
    const dLogged = (inNew ? 1 : 0) - (inOld ? 1 : 0);
    const dStaffed = (inNew && newStaffed ? 1 : 0) - (inOld && oldStaffed ? 1 : 0);
    if (r0 === r1 && dLogged === 0 && dStaffed === 0) return;
    const ready = r0 === r1 ? rec.ready : r1 ? rec.ready.set(ext, true, this.owner) : rec.ready.delete(ext, this.owner);
    const loggedIn = rec.loggedIn + dLogged;
    const staffed = rec.staffed + dStaffed;
    // mod_callcenter's max-wait-time-with-no-agent counts from the last moment any agent was logged in.
    const noAgentSince = loggedIn > 0 ? null : rec.loggedIn > 0 ? this.now : rec.noAgentSince;
    this.putLine(line.index, { ...rec, ready, loggedIn, staffed, noAgentSince });
  }

  /** Stores a call; a call that (re)enters the queued state is marked for dispatch. */
  putCall(next: CallRec): void {
    const old = this.calls.get(next.callId);
    this.calls = this.calls.set(next.callId, next, this.owner);
    (this.tCalls ??= new Map()).set(next.callId, next);
    if (isQueued(next) && (old === undefined || !isQueued(old))) this.dirtyCalls.push(next.callId);
  }

  /** Calls touched in this round, with their latest records. */
  touchedCalls(): Iterable<[string, CallRec]> {
    return this.tCalls ?? NO_CALLS;
  }

  /** Marks a call for the announcement pass and re-timing without changing it. */
  touchCall(id: string): void {
    const c = this.calls.get(id);
    if (c !== undefined) (this.tCalls ??= new Map()).set(id, c);
  }

  /** Forgets a call (after its outcome, or at the end of a connected call). */
  deleteCall(id: string): void {
    this.calls = this.calls.delete(id, this.owner);
    this.tCalls?.delete(id);
  }

  /** Inserts a waiting call into its hotline's queue at its place (priority, then arrival). */
  enqueue(call: CallRec, line: Line): void {
    const rec = this.lineRec(line.index);
    const q = rec.queue;
    let lo = 0;
    let hi = q.length;
    const last = q.length > 0 ? this.calls.get(q[q.length - 1] as string) : undefined;
    if (last !== undefined && callOrder(last, call) <= 0) lo = hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = this.calls.get(q[mid] as string) as CallRec;
      if (callOrder(other, call) <= 0) lo = mid + 1;
      else hi = mid;
    }
    const queue = q.slice();
    queue.splice(lo, 0, call.callId);
    this.putLine(line.index, { ...rec, queue });
  }

  /** Removes a call from its hotline's queue. */
  dequeue(callId: string, hotline: string): void {
    const line = this.ctx.byNumber.get(hotline);
    if (line === undefined) return;
    const rec = this.lineRec(line.index);
    const i = rec.queue.indexOf(callId);
    if (i < 0) return;
    const queue = rec.queue.slice();
    queue.splice(i, 1);
    this.putLine(line.index, { ...rec, queue });
  }

  private isCurrent(e: TimerEntry): boolean {
    const rec = e.kind === 'agent' ? this.agents.get(e.key)
      : e.kind === 'call' ? this.calls.get(e.key)
      : this.lines[Number(e.key)];
    return rec !== undefined && rec.nextAt === e.at;
  }

  /** Pops the earliest due timer that is still current, or undefined when none is due. */
  popDue(): TimerEntry | undefined {
    for (let e = peekTimer(this.timers); e !== undefined && e.at <= this.now; e = peekTimer(this.timers)) {
      this.timers = popTimer(this.timers);
      const key = `${e.kind}:${e.key}`;
      // A record whose deadline moved away and back leaves two equal entries; handle it once.
      if (this.isCurrent(e) && this.popped?.has(key) !== true) {
        (this.popped ??= new Set()).add(key);
        return e;
      }
    }
    return undefined;
  }

  /** Recomputes `nextAt` of everything touched and pushes the deadlines that changed. */
  schedule(): void {
    if (this.tCalls !== null) {
      for (const [id, c] of this.tCalls) {
        const at = callNextAt(c, this.ctx.byNumber.get(c.hotline), this.now);
        if (this.retime('call', id, c.nextAt, at)) this.calls = this.calls.set(id, { ...c, nextAt: at }, this.owner);
      }
      this.tCalls = null;
    }
    if (this.tAgents !== null) {
      for (const [ext, a] of this.tAgents) {
        const at = minOf(a.wrapUpUntil, a.backoffUntil);
        if (this.retime('agent', ext, a.nextAt, at)) this.agents = this.agents.set(ext, { ...a, nextAt: at }, this.owner);
      }
      this.tAgents = null;
    }
    for (const i of this.touchedLines) {
      const rec = this.lineRec(i);
      const at = lineNextAt(rec, this.ctx.lines[i] as Line);
      if (this.retime('line', String(i), rec.nextAt, at)) this.lines[i] = { ...rec, nextAt: at };
    }
    this.touchedLines.length = 0;
    this.popped = null;
  }

  private retime(kind: TimerEntry['kind'], key: string, old: number | null, at: number | null): boolean {
    const repush = this.popped !== null && this.popped.has(`${kind}:${key}`);
    if (at === old && !repush) return false;
    if (at !== null) this.timers = pushTimer(this.timers, { at, kind, key });
    return at !== old;
  }

  /** Emits one `agent.state-changed` per changed agent, prunes stale timers, returns the new state. */
  finish(): AcdState {
    for (const [ext, old] of this.agentsBefore ?? NO_AGENTS) {
      const next = this.agents.get(ext) as AgentRec;
      const before = old === undefined ? 'logged-out' : agentStateOf(old);
      const after = agentStateOf(next);
      const reason = visiblePauseReason(next);
      if (before !== after || (old === undefined ? null : visiblePauseReason(old)) !== reason || !sameList(old?.loggedIn ?? [], next.loggedIn)) {
        this.emit({ type: 'agent.state-changed', extension: ext, hotlines: next.loggedIn, state: after, previous: before, pauseReason: reason });
      }
    }
    this.agentsBefore = null;
    // Drop stale entries from the top so `nextDeadline` is exact; deeper ones surface later.
    for (let e = peekTimer(this.timers); e !== undefined && !this.isCurrent(e); e = peekTimer(this.timers)) {
      this.timers = popTimer(this.timers);
    }
    return { ctx: this.ctx, now: this.now, seq: this.seq, agents: this.agents, calls: this.calls, lines: this.lines, timers: this.timers };
  }
}

const NO_CALLS: ReadonlyMap<string, CallRec> = new Map();
const NO_AGENTS: ReadonlyMap<string, AgentRec | undefined> = new Map();

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}
