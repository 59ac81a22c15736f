/**
 * Minimum staffing (issue 6 item 1): staffed = logged in, not paused, device reachable.
 * - A logout or pause that would take a hotline below `minAgents` is refused with `confirm-last-agent`
 *   unless forced (`staffingGuard`).
 * - When staffing drops below the minimum (any cause, forced or not) `hotline.understaffed` and the
 *   first `staffing-alarm` are emitted; the alarm repeats every `staffingAlarmRepeatSec` (timers.ts)
 *   until the hotline is back at its minimum, which emits `hotline.staffed`.
 * Only a drop starts an alarm: a hotline nobody has logged in to yet since start-up is not alarming
 * (the morning's first logins are not an incident). Guard and alarm apply while the hotline is open;
 * closing it ends a running alarm silently.
 */
import type { Line } from './config.js';
import type { StaffingFigure } from './events.js';
import { isStaffed } from './state.js';
import type { AgentRec, LineRec } from './state.js';
import type { Tx } from './tx.js';

function guarded(rec: LineRec, line: Line): boolean {
  return rec.open && !line.retired && line.minAgents > 0;
}

/** Hotlines among `leaving` that agent `a` leaving (logout or pause) would take below their minimum. */
export function staffingGuard(tx: Tx, a: AgentRec, leaving: readonly string[]): StaffingFigure[] {
  if (!isStaffed(a)) return [];
  const out: StaffingFigure[] = [];
  for (const h of leaving) {
    const line = tx.lineByNumber(h);
    if (line === undefined) continue;
    const rec = tx.lineRec(line.index);
    if (guarded(rec, line) && rec.staffed - 1 < line.minAgents) {
      out.push({ hotline: h, staffed: rec.staffed, minAgents: line.minAgents });
    }
  }
  return out;
}

/** Emits staffing transitions for every hotline changed in this step, comparing with its start. */
export function evaluateStaffing(tx: Tx): void {
  for (const i of tx.touchedLines) {
    const line = tx.ctx.lines[i] as Line;
    const rec = tx.lineRec(i);
    const below = guarded(rec, line) && rec.staffed < line.minAgents;
    if (rec.understaffedSince === null) {
      if (!below) continue;
      const before = tx.before(i);
      if (rec.staffed >= before.staffed && line.minAgents <= before.minAgents) continue;
      tx.putLine(i, { ...rec, understaffedSince: tx.now, alarmRepeat: 0, nextAlarmAt: tx.now + line.alarmRepeatMs });
      const { number: hotline, minAgents } = line;
      tx.emit({ type: 'hotline.understaffed', hotline, staffed: rec.staffed, minAgents, cause: tx.cause, forced: tx.forced });
      tx.emit({ type: 'staffing-alarm', hotline, staffed: rec.staffed, minAgents, since: tx.now, repeat: 0 });
    } else if (!below) {
      tx.putLine(i, { ...rec, understaffedSince: null, alarmRepeat: 0, nextAlarmAt: null });
      if (rec.open) tx.emit({ type: 'hotline.staffed', hotline: line.number, staffed: rec.staffed, minAgents: line.minAgents });
    }
  }
}

/**
 * Expected wait for the caller at `position` (1 = next), in whole seconds rounded up, or null when
 * nobody is staffed. Method: the queue-length predictor E[W] = position x AHT / staffed (Ibrahim &
 * Whitt, hotlines.md §4), with AHT = talk time + wrap-up smoothed per hotline as app_queue smooths
 * its hold time, H <- (3H + sample) / 4, seeded with `expectedHandleSec`. It assumes every staffed
 * agent is busy, so it errs on the pessimistic side, which callers take better than optimism (§3).
 */
export function expectedWaitSec(rec: LineRec, position: number): number | null {
  if (rec.staffed === 0) return null;
  return Math.ceil((position * rec.handleMs) / rec.staffed / 1000);
}

/** The smoothed handle time after a call of `talkMs` plus the hotline's wrap-up. */
export function smoothHandle(rec: LineRec, line: Line, talkMs: number): number {
  return (3 * rec.handleMs + talkMs + line.wrapUpMs) / 4;
}
