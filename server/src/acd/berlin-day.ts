/**
 * Calendar day in Europe/Berlin, computed from the instant alone (no Intl, no wall clock), for the
 * `fewest-calls` strategy whose counters reset at local midnight.
 *
 * Rule: CET (UTC+1), and CEST (UTC+2) from the last Sunday of March 01:00 UTC to the last Sunday of
 * October 01:00 UTC (EU Directive 2000/84/EC, in force for Germany since 1996).
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

function lastSundayUtc(year: number, monthIndex: number): number {
  const lastDay = Date.UTC(year, monthIndex + 1, 0);
  return lastDay - new Date(lastDay).getUTCDay() * DAY_MS;
}

/** Whether Berlin observes summer time (CEST) at `epochMs`. */
export function isBerlinSummerTime(epochMs: number): boolean {
  const year = new Date(epochMs).getUTCFullYear();
  return epochMs >= lastSundayUtc(year, 2) + HOUR_MS && epochMs < lastSundayUtc(year, 9) + HOUR_MS;
}

/** Days since 1970-01-01 of the Europe/Berlin calendar date at `epochMs`; it changes at local midnight. */
export function berlinDayNumber(epochMs: number): number {
  const offset = isBerlinSummerTime(epochMs) ? 2 * HOUR_MS : HOUR_MS;
  return Math.floor((epochMs + offset) / DAY_MS);
}
