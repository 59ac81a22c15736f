/**
 * When each record next needs the reducer's attention. Every record stores the result as `nextAt`
 * and the timer heap points at it (timer-heap.ts).
 */
import type { Line } from './config.js';
import { stepIndexAt } from './state.js';
import type { CallRec, LineRec } from './state.js';

/** The earlier of two optional instants. */
export function minOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/** Next instant a waiting call needs attention: max wait, ring timeout, next escalation step, next announcement. */
export function callNextAt(c: CallRec, line: Line | undefined, now: number): number | null {
  if (c.connectedTo !== null || line === undefined) return null;
  let t = c.enteredAt + line.maxWaitMs;
  if (c.offer !== null) return Math.min(t, c.offer.until);
  const next = c.steps[stepIndexAt(c, now) + 1];
  if (next !== undefined) t = Math.min(t, c.enteredAt + next.atMs);
  if (line.announceMs > 0 && c.nextAnnounceAt !== null) t = Math.min(t, c.nextAnnounceAt);
  return t;
}

/** Next instant a hotline needs attention: staffing alarm repeat, no-agent overflow. */
export function lineNextAt(rec: LineRec, line: Line): number | null {
  let t: number | null = rec.understaffedSince !== null ? rec.nextAlarmAt : null;
  if (rec.loggedIn === 0 && rec.queue.length > 0 && rec.noAgentSince !== null) {
    t = minOf(t, rec.noAgentSince + line.noAgentMs);
  }
  return t;
}
