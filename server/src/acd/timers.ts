/**
 * What happens when a deadline passes. Handlers check the record against `now` rather than trusting
 * the timer, so a late tick (the adapter's scheduler lagged) catches up on everything at once.
 */
import type { Line } from './config.js';
import { announceCmd, cancelOfferCmd } from './commands.js';
import { overflowCall, releaseAgent } from './offers.js';
import { isQueued } from './state.js';
import type { CallRec } from './state.js';
import type { Tx } from './tx.js';

function agentDue(tx: Tx, ext: string): void {
  const a = tx.agent(ext);
  if (a === undefined) return;
  let next = a;
  if (a.wrapUpUntil !== null && a.wrapUpUntil <= tx.now) {
    // Idle counts from the scheduled end of wrap-up, a recorded fact, not from when the tick came.
    next = { ...next, wrapUpUntil: null, idleSince: a.wrapUpUntil };
  }
  if (a.backoffUntil !== null && a.backoffUntil <= tx.now) next = { ...next, backoffUntil: null };
  if (next !== a) tx.putAgent(next);
}

function callDue(tx: Tx, id: string): void {
  const c = tx.call(id);
  if (c === undefined || c.connectedTo !== null) return;
  const line = tx.lineByNumber(c.hotline);
  if (line === undefined) return;
  // Total wait is bounded by maxWaitSec (invariant 9): a ringing offer is cancelled, not waited for.
  if (tx.now >= c.enteredAt + line.maxWaitMs) {
    overflowCall(tx, c, line, 'max-wait');
    return;
  }
  if (c.offer !== null && c.offer.until <= tx.now) {
    ringTimeout(tx, c, line);
    return;
  }
  // Escalation step or announcement due: let dispatch look again, then the announcement pass.
  tx.touchCall(id);
  if (isQueued(c)) tx.dirtyCalls.push(id);
}

function ringTimeout(tx: Tx, c: CallRec, line: Line): void {
  const offer = c.offer;
  if (offer === null) return;
  for (const ext of offer.agents) {
    tx.emit(cancelOfferCmd(c, offer.offerId, ext, 'ring-timeout'));
    releaseAgent(tx, ext, c.callId, 'no-answer', line);
  }
  tx.putCall({ ...c, offer: null });
}

function lineDue(tx: Tx, index: number): void {
  const line = tx.ctx.lines[index];
  if (line === undefined) return;
  let rec = tx.lineRec(index);
  if (rec.understaffedSince !== null && rec.nextAlarmAt !== null && rec.nextAlarmAt <= tx.now) {
    const repeat = rec.alarmRepeat + 1;
    rec = { ...rec, alarmRepeat: repeat, nextAlarmAt: tx.now + line.alarmRepeatMs };
    tx.putLine(index, rec);
    tx.emit({
      type: 'staffing-alarm', hotline: line.number, staffed: rec.staffed, minAgents: line.minAgents,
      since: rec.understaffedSince as number, repeat,
    });
  }
  if (rec.loggedIn === 0 && rec.noAgentSince !== null && tx.now >= rec.noAgentSince + line.noAgentMs) {
    for (const id of rec.queue) {
      const c = tx.call(id);
      if (c !== undefined) overflowCall(tx, c, line, 'no-agents');
    }
  }
}

/** Runs every deadline that is due at `tx.now`. */
export function runDueTimers(tx: Tx): void {
  for (let e = tx.popDue(); e !== undefined; e = tx.popDue()) {
    switch (e.kind) {
      case 'agent':
        agentDue(tx, e.key);
        break;
      case 'call':
        callDue(tx, e.key);
        break;
      case 'line':
        lineDue(tx, Number(e.key));
        break;
    }
  }
}

/** Announces position and expected wait to queued calls that are due (after dispatch, so a call about to ring is not told to wait). */
export function announceDue(tx: Tx, expectedWaitSec: (c: CallRec, line: Line, position: number) => number | null): void {
  for (const [id, c] of tx.touchedCalls()) {
    if (!isQueued(c) || c.nextAnnounceAt === null || c.nextAnnounceAt > tx.now) continue;
    const line = tx.lineByNumber(c.hotline);
    if (line === undefined || line.announceMs === 0) continue;
    const position = tx.lineRec(line.index).queue.indexOf(id) + 1;
    tx.emit(announceCmd(c, position, expectedWaitSec(c, line, position)));
    tx.putCall({ ...c, nextAnnounceAt: tx.now + line.announceMs });
  }
}
