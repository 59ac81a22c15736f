/**
 * The ACD's immutable state and the pure predicates over it. Agent facts are stored once, globally
 * (one agent state across all hotlines, as mod_callcenter's single agent row); per-hotline indexes
 * (ready set, counts, queue order) are kept in step with them by `Tx.putAgent` / `Tx.putCall`.
 */
import type { AcdContext, Member, ReqStep } from './config.js';
import type { AgentStateName, DeviceState } from './events.js';
import type { PMap } from './pmap.js';
import type { TimerHeap } from './timer-heap.js';

/** The hotline call an agent holds: ringing (`offered`) or `connected`. */
export interface AgentCallRef {
  readonly callId: string;
  readonly offerId: number;
  readonly phase: 'offered' | 'connected';
}

/** Facts about one agent (extension), across all hotlines. */
export interface AgentRec {
  readonly extension: string;
  /** Hotlines the agent is logged in to; empty = logged out. */
  readonly loggedIn: readonly string[];
  readonly pauseReason: string | null;
  readonly device: DeviceState;
  readonly call: AgentCallRef | null;
  /** End of the running wrap-up (epoch ms), or null. */
  readonly wrapUpUntil: number | null;
  /** End of a busy/declined back-off (epoch ms), or null. */
  readonly backoffUntil: number | null;
  /** Unanswered offers in a row. */
  readonly missedInRow: number;
  /** End of the last hotline call or wrap-up, else the first login; null before any login. */
  readonly idleSince: number | null;
  readonly callsDay: number;
  readonly callsToday: number;
  readonly nextAt: number | null;
}

/** A live offer of a waiting call. */
export interface OfferRec {
  readonly offerId: number;
  readonly agents: readonly string[];
  readonly at: number;
  readonly until: number;
}

/** A call the ACD knows: waiting (queued or offering) or connected to an agent. */
export interface CallRec {
  readonly callId: string;
  readonly hotline: string;
  readonly callerNumber: string;
  readonly priority: number;
  readonly enteredAt: number;
  readonly seq: number;
  /** The call's own base requirement from `call.arrived`, or null for the hotline's. */
  readonly requires: Readonly<Record<string, number>> | null;
  readonly steps: readonly ReqStep[];
  readonly offer: OfferRec | null;
  /** Agents offered this call in the current round; they come after untried agents. */
  readonly tried: readonly string[];
  readonly nextAnnounceAt: number | null;
  readonly connectedTo: string | null;
  readonly answeredAt: number | null;
  readonly nextAt: number | null;
}

/** Runtime state of one hotline, at the same index as its `Line`. */
export interface LineRec {
  /** Waiting calls (queued and offering), best first: priority desc, then arrival. */
  readonly queue: readonly string[];
  /** Logged-in agents ready for an offer right now. */
  readonly ready: PMap<true>;
  readonly loggedIn: number;
  readonly staffed: number;
  readonly open: boolean;
  readonly understaffedSince: number | null;
  readonly alarmRepeat: number;
  readonly nextAlarmAt: number | null;
  /** Since when no agent has been logged in, or null while one is. */
  readonly noAgentSince: number | null;
  readonly rrLast: string | null;
  /** Exponentially smoothed handle time (talk + wrap-up), ms. */
  readonly handleMs: number;
  readonly nextAt: number | null;
}

/** The whole ACD state. Treat as opaque; read it through views.ts. */
export interface AcdState {
  readonly ctx: AcdContext;
  readonly now: number;
  readonly seq: number;
  readonly agents: PMap<AgentRec>;
  readonly calls: PMap<CallRec>;
  readonly lines: readonly LineRec[];
  readonly timers: TimerHeap;
}

/** Visible state of an agent. A call wins over everything; an unreachable device shows as paused. */
export function agentStateOf(a: AgentRec): AgentStateName {
  if (a.call !== null) return a.call.phase === 'offered' ? 'offered' : 'busy';
  if (a.loggedIn.length === 0) return 'logged-out';
  if (a.pauseReason !== null || a.device === 'unreachable') return 'paused';
  if (a.wrapUpUntil !== null) return 'wrap-up';
  if (a.device === 'busy') return 'busy';
  return 'available';
}

/** Pause reason shown with state `paused` (`device-unreachable` when only the device is gone), else null. */
export function visiblePauseReason(a: AgentRec): string | null {
  if (agentStateOf(a) !== 'paused') return null;
  return a.pauseReason ?? 'device-unreachable';
}

/** Ready for an offer (hotlines.md §8 invariant 4), in every hotline the agent is logged in to. */
export function isReady(a: AgentRec): boolean {
  return a.call === null && a.loggedIn.length > 0 && a.pauseReason === null && a.device === 'free'
    && a.wrapUpUntil === null && a.backoffUntil === null;
}

/** Counts as staffed in its hotlines: logged in, not paused, device reachable (issue 6 item 1). */
export function isStaffed(a: AgentRec): boolean {
  return a.pauseReason === null && a.device !== 'unreachable';
}

/** Index of the escalation step in force for `call` at `now`. */
export function stepIndexAt(call: CallRec, now: number): number {
  const waited = now - call.enteredAt;
  let i = 0;
  while (i + 1 < call.steps.length && (call.steps[i + 1] as ReqStep).atMs <= waited) i++;
  return i;
}

/** Whether `member` meets `step` (skills at the minimum levels, tier within reach). */
export function meetsStep(member: Member, step: ReqStep): boolean {
  if (member.tier > step.maxTier) return false;
  for (const [skill, level] of step.req) if ((member.skills[skill] ?? 0) < level) return false;
  return true;
}

/** Queue order across all hotlines: higher priority first, then longer waiting (hotlines.md §8 invariant 7). */
export function callOrder(a: CallRec, b: CallRec): number {
  return b.priority - a.priority || a.enteredAt - b.enteredAt || a.seq - b.seq;
}

/** A waiting call with no live offer. */
export function isQueued(c: CallRec): boolean {
  return c.connectedTo === null && c.offer === null;
}
