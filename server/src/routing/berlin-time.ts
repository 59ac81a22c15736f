/**
 * Europe/Berlin wall-clock time without the wall clock: instants (epoch ms) to local date and
 * minute, and back. Germany follows the EU rule since 1996: CEST (UTC+2) from the last Sunday of
 * March 01:00 UTC to the last Sunday of October 01:00 UTC, CET (UTC+1) otherwise (Directive
 * 2000/84/EC). Tests cross-check it against Intl's tz database.
 */

const HOUR = 3_600_000;
/** Milliseconds per day. */
export const DAY_MS = 86_400_000;

/** The instant of the last Sunday of a month (1-12) of a year at 01:00 UTC. */
function lastSundayAt0100Utc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month, 0));
  const back = lastDay.getUTCDay();
  return Date.UTC(year, month - 1, lastDay.getUTCDate() - back, 1);
}

/** The two DST changes of a year: [start of CEST, end of CEST], as instants. */
export function dstChanges(year: number): readonly [number, number] {
  return [lastSundayAt0100Utc(year, 3), lastSundayAt0100Utc(year, 10)];
}

/** Berlin's UTC offset at an instant, in ms (3,600,000 or 7,200,000). */
export function berlinOffsetMs(instant: number): number {
  const year = new Date(instant).getUTCFullYear();
  const [start, end] = dstChanges(year);
  return instant >= start && instant < end ? 2 * HOUR : HOUR;
}

/** A local calendar day as days since 1970-01-01 (of the local calendar). */
export type DayNumber = number;

/** Local wall-clock position of an instant. */
export interface LocalTime {
  /** The local calendar day. */
  readonly day: DayNumber;
  /** Milliseconds since local midnight (wall clock; the repeated October hour repeats). */
  readonly msOfDay: number;
}

/** Where an instant falls on Berlin's wall clock. */
export function toLocal(instant: number): LocalTime {
  const local = instant + berlinOffsetMs(instant);
  const day = Math.floor(local / DAY_MS);
  return { day, msOfDay: local - day * DAY_MS };
}

/** Calendar fields of a local day. */
export interface CalendarDay {
  readonly year: number;
  readonly month: number;
  readonly date: number;
  /** 0 = Monday … 6 = Sunday. */
  readonly weekday: number;
  /** `YYYY-MM-DD`. */
  readonly iso: string;
}

/** The calendar fields of a day number. */
export function calendarDay(day: DayNumber): CalendarDay {
  const d = new Date(day * DAY_MS);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const date = d.getUTCDate();
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  const weekday = (((day + 3) % 7) + 7) % 7;
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
  return { year, month, date, weekday, iso };
}

/**
 * Every instant at which Berlin's wall clock shows `msOfDay` on `day`: none inside the spring gap
 * (02:00-03:00 on the last Sunday of March), two inside the repeated autumn hour, else one.
 */
export function fromLocal(day: DayNumber, msOfDay: number): number[] {
  const wall = day * DAY_MS + msOfDay;
  const out: number[] = [];
  for (const offset of [2 * HOUR, HOUR]) {
    const instant = wall - offset;
    if (berlinOffsetMs(instant) === offset) out.push(instant);
  }
  return out;
}
