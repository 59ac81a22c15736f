/**
 * The ACD reducer (CONVENTIONS §2.2): `step(state, input, now) -> { state, commands }`. It never
 * reads the clock or starts a timer; the adapter calls `nextDeadline(state)` and sends a `tick`.
 *
 * One step: run deadlines due at `now`, apply the input, then settle: dispatch offers, announce,
 * evaluate staffing, re-time what changed; repeat while something is due (zero-length deadlines).
 */
import { agentDeviceState, agentLogin, agentLogout, agentPause, agentResume, agentWrapUpEnded } from './agent-inputs.js';
import {
  callAbandoned, callArrived, callEnded, hotlineClosed, hotlineOpened, offerAnswered, offerRejected,
} from './call-inputs.js';
import { dispatch } from './dispatch.js';
import type { AcdCommand, AcdInput, UnderstaffedCause } from './events.js';
import { evaluateStaffing, expectedWaitSec } from './staffing.js';
import type { AcdState } from './state.js';
import { assertNever } from './strategies.js';
import { peekTimer } from './timer-heap.js';
import { announceDue, runDueTimers } from './timers.js';
import { Tx } from './tx.js';
import type { StaffingBaseline } from './tx.js';

/** What `step` and `reconfigure` return. */
export interface StepResult {
  readonly state: AcdState;
  readonly commands: readonly AcdCommand[];
}

/** The understaffing cause an input can produce; other inputs only drop staffing through missed offers. */
function causeOf(input: AcdInput): UnderstaffedCause {
  if (input.type === 'agent.logout') return 'logout';
  if (input.type === 'agent.pause') return 'pause';
  if (input.type === 'agent.device-state') return 'device-unreachable';
  return 'missed-offers';
}

function apply(tx: Tx, input: AcdInput): void {
  switch (input.type) {
    case 'call.arrived': return callArrived(tx, input);
    case 'call.abandoned': return callAbandoned(tx, input);
    case 'offer.answered': return offerAnswered(tx, input);
    case 'offer.rejected': return offerRejected(tx, input);
    case 'call.ended': return callEnded(tx, input);
    case 'agent.login': return agentLogin(tx, input);
    case 'agent.logout': return agentLogout(tx, input);
    case 'agent.pause': return agentPause(tx, input);
    case 'agent.resume': return agentResume(tx, input);
    case 'agent.wrap-up-ended': return agentWrapUpEnded(tx, input);
    case 'agent.device-state': return agentDeviceState(tx, input);
    case 'hotline.opened': return hotlineOpened(tx, input);
    case 'hotline.closed': return hotlineClosed(tx, input);
    case 'tick': return;
    default: return assertNever(input);
  }
}

/** Staffing figures of `state`, to tell drops from rises at the end of the step. */
export function baselineOf(state: AcdState): StaffingBaseline {
  return { staffed: state.lines.map((r) => r.staffed), minAgents: state.ctx.lines.map((l) => l.minAgents) };
}

/** Dispatch, announce, staffing and re-timing until nothing is due at `tx.now`. */
export function settle(tx: Tx): void {
  for (let round = 0; ; round++) {
    // Each round consumes due deadlines and pushes only later ones; more rounds than this is a bug.
    if (round > 1000) throw new Error('acd: deadlines keep falling due at the same instant');
    runDueTimers(tx);
    dispatch(tx);
    announceDue(tx, (c, line, position) => expectedWaitSec(tx.lineRec(line.index), position));
    evaluateStaffing(tx);
    tx.schedule();
    const top = peekTimer(tx.timers);
    if (top === undefined || top.at > tx.now) return;
  }
}

/**
 * Applies one input at `now` (epoch ms). `now` earlier than the state's last instant is taken as
 * that instant: time never runs backwards inside the ACD. Deterministic: the same state, input and
 * `now` always give the same result (hotlines.md §8 invariant 16); `state` is not modified.
 */
export function step(state: AcdState, input: AcdInput, now: number): StepResult {
  const tx = new Tx(state.ctx, state, Math.max(now, state.now));
  tx.cause = causeOf(input);
  runDueTimers(tx);
  apply(tx, input);
  settle(tx);
  return { state: tx.finish(), commands: tx.out };
}

/**
 * The next instant (epoch ms) at which the adapter must send a `tick`, or null when nothing is
 * pending. After any step it is later than that step's `now`; a tick before it changes nothing.
 */
export function nextDeadline(state: AcdState): number | null {
  return peekTimer(state.timers)?.at ?? null;
}
