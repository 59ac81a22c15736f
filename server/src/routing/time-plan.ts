/**
 * Opening hours (issue 6 item 3): `isOpen(plan, instant)` and `nextChange(plan, instant)` on
 * Europe/Berlin wall-clock time. Wall-clock semantics: an instant is open when the local time it
 * shows lies in a range of that local day, so a range over 02:00-03:00 is skipped on the spring
 * change and applies twice on the autumn change.
 *
 * Precedence per day: extraOpen (dated before yearly) > closed days > public holidays > weekday.
 */
import type { TimePlan } from '../config/dialplan/index.js';
import { minutesOf, WEEKDAYS, type Weekday } from '../config/dialplan/schema/time-plans.js';
import { calendarDay, DAY_MS, dstChanges, fromLocal, toLocal, type DayNumber } from './berlin-time.js';
import { publicHolidayOn, type PublicHoliday } from './holidays.js';

type Span = readonly [number, number];

interface Compiled {
  readonly weekdays: readonly (readonly Span[])[];
  readonly closed: ReadonlySet<string>;
  readonly extraOpen: ReadonlyMap<string, readonly Span[]>;
  /** The last day named by a full date, to keep nextChange's search long enough. */
  readonly lastDatedDay: DayNumber;
}

/** Why a day has the hours it has. */
export type DayReason =
  | { readonly kind: 'weekday'; readonly weekday: Weekday }
  | { readonly kind: 'holiday'; readonly holiday: PublicHoliday; readonly state: string; readonly region?: string | undefined }
  | { readonly kind: 'closed-day'; readonly day: string }
  | { readonly kind: 'extra-open'; readonly day: string };

/** The hours of one local day and why. */
export interface DaySchedule {
  /** Open spans in minutes since local midnight, ascending. */
  readonly spans: readonly Span[];
  readonly reason: DayReason;
}

const cache = new WeakMap<TimePlan, Compiled>();

function toSpans(ranges: readonly string[] | undefined): Span[] {
  return (ranges ?? [])
    .map((r) => r.split('-') as [string, string])
    .map(([a, b]) => [minutesOf(a), minutesOf(b)] as const)
    .sort((x, y) => x[0] - y[0]);
}

function compile(plan: TimePlan): Compiled {
  const hit = cache.get(plan);
  if (hit) return hit;
  let lastDatedDay = 0;
  const noteDated = (d: string) => {
    if (d.length === 10) lastDatedDay = Math.max(lastDatedDay, Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY_MS));
  };
  plan.closed.forEach(noteDated);
  plan.extraOpen.forEach((e) => noteDated(e.date));
  const compiled: Compiled = {
    weekdays: WEEKDAYS.map((w) => toSpans(plan.open[w])),
    closed: new Set(plan.closed),
    extraOpen: new Map(plan.extraOpen.map((e) => [e.date, toSpans(e.hours)])),
    lastDatedDay,
  };
  cache.set(plan, compiled);
  return compiled;
}

/** The opening hours of a local day and the reason for them. */
export function daySchedule(plan: TimePlan, day: DayNumber): DaySchedule {
  const c = compile(plan);
  const cal = calendarDay(day);
  const yearly = cal.iso.slice(5);
  for (const d of [cal.iso, yearly]) {
    const spans = c.extraOpen.get(d);
    if (spans) return { spans, reason: { kind: 'extra-open', day: d } };
  }
  for (const d of [cal.iso, yearly]) {
    if (c.closed.has(d)) return { spans: [], reason: { kind: 'closed-day', day: d } };
  }
  if (plan.holidays !== false) {
    const holiday = publicHolidayOn(plan.holidays, cal.iso);
    if (holiday) return { spans: [], reason: { kind: 'holiday', holiday, state: plan.holidays.state, region: plan.holidays.region } };
  }
  const weekday = WEEKDAYS[cal.weekday] as Weekday;
  return { spans: c.weekdays[cal.weekday] ?? [], reason: { kind: 'weekday', weekday } };
}

/** Whether the plan is open at an instant (epoch ms). */
export function isOpen(plan: TimePlan, instant: number): boolean {
  const { day, msOfDay } = toLocal(instant);
  const minute = Math.floor(msOfDay / 60_000);
  return daySchedule(plan, day).spans.some(([s, e]) => minute >= s && minute < e);
}

/** How far nextChange looks ahead: past a year, so yearly patterns always show. */
const HORIZON_DAYS = 800;

/**
 * The first instant after `instant` at which `isOpen` changes, or null when it never changes
 * within the search horizon (always open, or never open). The plan is open on [change, next) or
 * closed on it, so `isOpen(plan, nextChange(plan, t))` differs from `isOpen(plan, t)`.
 */
export function nextChange(plan: TimePlan, instant: number): number | null {
  const now = isOpen(plan, instant);
  const start = toLocal(instant).day;
  const last = Math.max(start + HORIZON_DAYS, compile(plan).lastDatedDay + 2);
  for (let day = start; day <= last; day++) {
    // Between consecutive candidates the wall clock runs forward without crossing a range edge,
    // a midnight or a DST change, so isOpen is constant there.
    const candidates = new Set<number>();
    for (const t of fromLocal(day, 0)) candidates.add(t);
    for (const [s, e] of daySchedule(plan, day).spans) {
      for (const m of [s, e]) if (m < 1440) for (const t of fromLocal(day, m * 60_000)) candidates.add(t);
    }
    const cal = calendarDay(day);
    if (cal.month === 3 || cal.month === 10) {
      for (const t of dstChanges(cal.year)) if (toLocal(t).day === day || toLocal(t - 1).day === day) candidates.add(t);
    }
    const sorted = [...candidates].filter((t) => t > instant).sort((a, b) => a - b);
    for (const t of sorted) if (isOpen(plan, t) !== now) return t;
  }
  return null;
}
