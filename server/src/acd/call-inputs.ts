/**
 * Handlers for call inputs. Stale inputs (an offer that is no longer live, a call already ended)
 * change nothing, except that a late answer gets its leg torn down (freeswitch#2529, asterisk#176).
 */
import type { CallAbandoned, CallArrived, CallEnded, HotlineClosed, HotlineOpened, OfferAnswered, OfferRejected } from './events.js';
import { buildSteps } from './config.js';
import { cancelOfferCmd, closeCmd, outcomeCmd } from './commands.js';
import { closeCall, endWaitingCall, overflowCall, withdrawFromOffer } from './offers.js';
import type { CallRec } from './state.js';
import { smoothHandle } from './staffing.js';
import type { Tx } from './tx.js';

/** A caller enters: closed, full and unstaffed hotlines answer at once; otherwise the call queues. */
export function callArrived(tx: Tx, inp: CallArrived): void {
  if (tx.call(inp.callId) !== undefined) return;
  const line = tx.lineByNumber(inp.hotline);
  const ref = { hotline: inp.hotline, callId: inp.callId, callerNumber: inp.callerNumber };
  if (line === undefined || line.retired) {
    tx.emit(closeCmd(ref, null, 'unknown-hotline'));
    tx.emit(outcomeCmd(ref, { outcome: 'closed', reason: 'unknown-hotline' }, 0));
    return;
  }
  const rec = tx.lineRec(line.index);
  const call: CallRec = {
    hotline: inp.hotline,
    callId: inp.callId,
    callerNumber: inp.callerNumber,
    priority: inp.priority ?? line.priority,
    enteredAt: tx.now,
    seq: tx.nextSeq(),
    requires: inp.requires ?? null,
    steps: inp.requires === undefined ? line.steps : buildSteps(inp.requires, line.escalation),
    offer: null,
    tried: [],
    nextAnnounceAt: tx.now,
    connectedTo: null,
    answeredAt: null,
    nextAt: null,
  };
  if (!rec.open) {
    closeCall(tx, call, line, 'after-hours');
    return;
  }
  if (rec.queue.length >= line.maxWaiting) {
    overflowCall(tx, call, line, 'queue-full');
    return;
  }
  if (rec.loggedIn === 0 && rec.noAgentSince !== null && tx.now >= rec.noAgentSince + line.noAgentMs) {
    overflowCall(tx, call, line, 'no-agents');
    return;
  }
  tx.putCall(call);
  tx.enqueue(call, line);
}

/** The caller hung up: a waiting call is abandoned (its offers cancelled at once); a connected one ends. */
export function callAbandoned(tx: Tx, inp: CallAbandoned): void {
  const c = tx.call(inp.callId);
  if (c === undefined) return;
  if (c.connectedTo !== null) {
    endConnected(tx, c, c.connectedTo);
    return;
  }
  endWaitingCall(tx, c, { outcome: 'abandoned' }, 'abandoned');
}

/** A connected call ended: wrap-up for the agent; a waiting call hung up this way counts as abandoned. */
export function callEnded(tx: Tx, inp: CallEnded): void {
  const c = tx.call(inp.callId);
  if (c === undefined) return;
  if (c.connectedTo === null) {
    endWaitingCall(tx, c, { outcome: 'abandoned' }, 'abandoned');
    return;
  }
  endConnected(tx, c, c.connectedTo);
}

function endConnected(tx: Tx, c: CallRec, ext: string): void {
  const line = tx.lineByNumber(c.hotline);
  if (line !== undefined && c.answeredAt !== null) {
    const rec = tx.lineRec(line.index);
    tx.putLine(line.index, { ...rec, handleMs: smoothHandle(rec, line, tx.now - c.answeredAt) });
  }
  tx.deleteCall(c.callId);
  const a = tx.agent(ext);
  if (a === undefined || a.call === null || a.call.callId !== c.callId) return;
  // Wrap-up is agent-wide and runs from the agent's own leg end (asterisk#1006, #607).
  const wrapUpMs = a.loggedIn.length > 0 ? line?.wrapUpMs ?? 0 : 0;
  tx.putAgent(wrapUpMs > 0
    ? { ...a, call: null, wrapUpUntil: tx.now + wrapUpMs }
    : { ...a, call: null, wrapUpUntil: null, idleSince: tx.now });
}

/** An agent answered: connect, cancel the other ring-all legs, record the outcome. */
export function offerAnswered(tx: Tx, inp: OfferAnswered): void {
  const c = tx.call(inp.callId);
  const offer = c?.offer ?? null;
  if (c !== undefined && c.connectedTo === inp.extension && tx.agent(inp.extension)?.call?.offerId === inp.offerId) return;
  if (c === undefined || offer === null || offer.offerId !== inp.offerId || !offer.agents.includes(inp.extension)) {
    tx.emit({
      type: 'cancel-offer', hotline: inp.hotline, callId: inp.callId, callerNumber: inp.callerNumber,
      offerId: inp.offerId, extension: inp.extension, reason: 'late-answer',
    });
    return;
  }
  for (const ext of offer.agents) {
    if (ext === inp.extension) continue;
    tx.emit(cancelOfferCmd(c, offer.offerId, ext, 'answered-elsewhere'));
    const other = tx.agent(ext);
    if (other !== undefined && other.call?.callId === c.callId) tx.putAgent({ ...other, call: null });
  }
  const a = tx.agent(inp.extension);
  if (a !== undefined) {
    const today = tx.today();
    tx.putAgent({
      ...a,
      call: { callId: c.callId, offerId: offer.offerId, phase: 'connected' },
      missedInRow: 0,
      callsDay: today,
      callsToday: (a.callsDay === today ? a.callsToday : 0) + 1,
    });
  }
  tx.dequeue(c.callId, c.hotline);
  tx.putCall({ ...c, offer: null, connectedTo: inp.extension, answeredAt: tx.now });
  tx.emit({ type: 'connect', hotline: c.hotline, callId: c.callId, callerNumber: c.callerNumber, offerId: offer.offerId, extension: inp.extension });
  tx.emit(outcomeCmd(c, { outcome: 'answered', extension: inp.extension }, (tx.now - c.enteredAt) / 1000));
}

/** An offer leg failed: the agent is released (missed offer or back-off) and the call moves on. */
export function offerRejected(tx: Tx, inp: OfferRejected): void {
  const c = tx.call(inp.callId);
  if (c === undefined || c.offer === null || c.offer.offerId !== inp.offerId) return;
  withdrawFromOffer(tx, c, inp.extension, null, inp.reason === 'no-answer' ? 'no-answer' : 'backoff');
}

/** The time plan opened the hotline. */
export function hotlineOpened(tx: Tx, inp: HotlineOpened): void {
  const line = tx.lineByNumber(inp.hotline);
  if (line === undefined) return;
  const rec = tx.lineRec(line.index);
  if (!rec.open) tx.putLine(line.index, { ...rec, open: true });
}

/** The time plan closed the hotline; with `closeWaiting` its waiting calls go to after-hours too. */
export function hotlineClosed(tx: Tx, inp: HotlineClosed): void {
  const line = tx.lineByNumber(inp.hotline);
  if (line === undefined) return;
  const rec = tx.lineRec(line.index);
  if (!rec.open) return;
  tx.putLine(line.index, { ...rec, open: false });
  if (!line.closeWaiting) return;
  for (const id of rec.queue) {
    const c = tx.call(id);
    if (c !== undefined) closeCall(tx, c, line, 'after-hours');
  }
}
