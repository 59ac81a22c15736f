/**
 * Offer lifecycle and call endings shared by the input handlers and the timers. Every path that
 * ends a waiting call goes through `endWaitingCall`, which cancels its live offer legs first
 * (hotlines.md §8 invariant 8) and emits the one `call.outcome` (invariant 1).
 */
import type { Line } from './config.js';
import { cancelOfferCmd, closeCmd, outcomeCmd, overflowCmd } from './commands.js';
import type { CallOutcome, CancelReason, CloseCommand, CloseReason, OverflowCommand, OverflowReason } from './events.js';
import type { CallRec } from './state.js';
import type { Tx } from './tx.js';

/** What a released offer leg does to the agent: nothing, a missed offer, or a back-off. */
export type ReleaseEffect = 'none' | 'no-answer' | 'backoff';

/** Starts an offer of `call` to `exts` (several only under ring-all). */
export function makeOffer(tx: Tx, call: CallRec, line: Line, exts: readonly string[], tried: readonly string[], step: number): void {
  const offerId = tx.nextSeq();
  for (const ext of exts) {
    const a = tx.agent(ext);
    if (a === undefined) throw new Error(`offer to unknown agent ${ext}`);
    tx.putAgent({ ...a, call: { callId: call.callId, offerId, phase: 'offered' } });
  }
  tx.putCall({ ...call, offer: { offerId, agents: exts, at: tx.now, until: tx.now + line.ringMs }, tried });
  const rec = tx.lineRec(line.index);
  tx.putLine(line.index, { ...rec, rrLast: exts[exts.length - 1] ?? rec.rrLast });
  tx.emit({
    type: 'offer', hotline: call.hotline, callId: call.callId, callerNumber: call.callerNumber, offerId, agents: exts,
    ringSec: line.ringMs / 1000, escalationStep: step,
  });
}

/** Frees an agent from its offer of `callId` and applies `effect` (missed-offer pause, back-off). */
export function releaseAgent(tx: Tx, ext: string, callId: string, effect: ReleaseEffect, line: Line | undefined): void {
  const a = tx.agent(ext);
  if (a === undefined || a.call === null || a.call.callId !== callId) return;
  let next = { ...a, call: null };
  if (effect === 'backoff' && line !== undefined && line.backoffMs > 0) {
    next = { ...next, backoffUntil: tx.now + line.backoffMs };
  }
  if (effect === 'no-answer') {
    const missed = a.missedInRow + 1;
    next = { ...next, missedInRow: missed };
    const limit = line?.maxMissedOffers ?? 0;
    // Pause, never log out (kazoo#6609), visibly and reversibly (hotlines.md §8 invariant 12).
    if (limit > 0 && missed >= limit && a.pauseReason === null && a.loggedIn.length > 0) {
      next = { ...next, pauseReason: 'missed-offers', missedInRow: 0 };
      tx.cause = 'missed-offers';
      tx.forced = false;
      tx.emit({ type: 'agent.paused-missed-offers', extension: ext, hotlines: a.loggedIn, missed });
    }
  }
  tx.putAgent(next);
}

/** Takes one agent out of the call's live offer; the call returns to the queue when nobody rings any more. */
export function withdrawFromOffer(tx: Tx, call: CallRec, ext: string, cancel: CancelReason | null, effect: ReleaseEffect): void {
  const offer = call.offer;
  if (offer === null || !offer.agents.includes(ext)) return;
  if (cancel !== null) tx.emit(cancelOfferCmd(call, offer.offerId, ext, cancel));
  releaseAgent(tx, ext, call.callId, effect, tx.lineByNumber(call.hotline));
  const agents = offer.agents.filter((x) => x !== ext);
  tx.putCall({ ...call, offer: agents.length > 0 ? { ...offer, agents } : null });
}

/** Ends a waiting call with its one outcome, cancelling every live offer leg first. */
export function endWaitingCall(tx: Tx, call: CallRec, outcome: CallOutcome, cancel: CancelReason, action?: OverflowCommand | CloseCommand): void {
  if (call.offer !== null) {
    for (const ext of call.offer.agents) {
      tx.emit(cancelOfferCmd(call, call.offer.offerId, ext, cancel));
      releaseAgent(tx, ext, call.callId, 'none', tx.lineByNumber(call.hotline));
    }
  }
  if (action !== undefined) tx.emit(action);
  tx.dequeue(call.callId, call.hotline);
  tx.deleteCall(call.callId);
  tx.emit(outcomeCmd(call, outcome, (tx.now - call.enteredAt) / 1000));
}

/** Sends a waiting call to the hotline's overflow target. */
export function overflowCall(tx: Tx, call: CallRec, line: Line, reason: OverflowReason): void {
  const action = overflowCmd(call, line.overflow, reason);
  endWaitingCall(tx, call, { outcome: 'overflowed', reason }, 'overflowed', action);
}

/** Sends a waiting call to the after-hours target. */
export function closeCall(tx: Tx, call: CallRec, line: Line, reason: CloseReason): void {
  const action = closeCmd(call, line.afterHours, reason);
  endWaitingCall(tx, call, { outcome: 'closed', reason }, 'closed', action);
}
