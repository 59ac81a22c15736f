/**
 * Time plans (issue 6 item 3): opening hours per weekday, public holidays of a German state or
 * region, extra closed days and extra opening days, all in Europe/Berlin wall-clock time.
 */
import { z } from 'zod';
import { timePlanId } from './primitives.js';

/** The 16 German states as date-holidays codes them (hotlines.md §7). */
export const GERMAN_STATES = ['BB', 'BE', 'BW', 'BY', 'HB', 'HE', 'HH', 'MV', 'NI', 'NW', 'RP', 'SH', 'SL', 'SN', 'ST', 'TH'] as const;

/** A German state code. */
export type GermanState = (typeof GERMAN_STATES)[number];

/** Weekday keys as used under `open:`. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A weekday key. */
export type Weekday = (typeof WEEKDAYS)[number];

const HHMM = '([01][0-9]|2[0-3]):[0-5][0-9]';

/** Minutes since local midnight of `HH:MM`, 24:00 allowed as 1440. */
export function minutesOf(hhmm: string): number {
  if (hhmm === '24:00') return 1440;
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** `08:00-12:00`; the end is later than the start; `24:00` ends at midnight. */
export const timeRange = z
  .string()
  .regex(new RegExp(`^${HHMM}-(${HHMM}|24:00)$`), { error: 'must be a time range like 08:00-12:00', abort: true })
  .refine((r) => {
    const [from, to] = r.split('-') as [string, string];
    return minutesOf(to) > minutesOf(from);
  }, { error: 'the end must be later than the start' });

const ranges = z
  .array(timeRange)
  .superRefine((rs, ctx) => {
    const spans = rs
      .map((r) => r.split('-') as [string, string])
      .map(([a, b]) => [minutesOf(a), minutesOf(b)] as const)
      .sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < spans.length; i++) {
      const prev = spans[i - 1];
      const cur = spans[i];
      if (prev && cur && cur[0] < prev[1]) {
        ctx.addIssue({ code: 'custom', message: 'time ranges overlap' });
        return;
      }
    }
  })
  .describe('opening time ranges of one day, e.g. ["08:00-12:00", "13:00-16:00"]');

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isValidDay(s: string): boolean {
  const m = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const year = m[1] === undefined ? undefined : Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2 && day === 29 && year !== undefined) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** `MM-DD` (every year) or `YYYY-MM-DD` (one day). */
export const dayPattern = z
  .string()
  .refine(isValidDay, { error: 'must be a day like 12-24 (every year) or 2026-12-24 (once)' });

/** Extra opening: this day uses these hours instead of its weekday's hours, even on a holiday or closed day. */
export const extraOpenSchema = z.strictObject({
  date: dayPattern.describe('MM-DD every year or YYYY-MM-DD once'),
  hours: ranges.describe('the hours of that day'),
});

/** Holidays source: a German state and optionally a region with local holidays. */
export const holidaysSchema = z.strictObject({
  state: z.enum(GERMAN_STATES).describe('German state whose public holidays close the line'),
  region: z
    .string()
    .regex(/^[A-Z]{1,8}$/, { error: 'must be an upper-case region code such as A (Augsburg) or KATH' })
    .optional()
    .describe('date-holidays region for local holidays, e.g. BY: A (Augsburg), KATH (Mariä Himmelfahrt); SN: BZ; TH: EIC, UH, WAK'),
});

/** A time plan. */
export const timePlanSchema = z.strictObject({
  id: timePlanId.describe('unique id, referenced by hotlines'),
  holidays: z
    .union([holidaysSchema, z.literal(false)])
    .optional()
    .describe('whose public holidays close the line; omitted: site.holidays; false: holidays do not close it'),
  closed: z.array(dayPattern).default([]).describe('extra closed days: MM-DD every year, YYYY-MM-DD once (e.g. 12-24, 12-31)'),
  extraOpen: z.array(extraOpenSchema).default([]).describe('days with their own hours, overriding weekday, holiday and closed days'),
  open: z
    .strictObject({
      mon: ranges.optional(), tue: ranges.optional(), wed: ranges.optional(), thu: ranges.optional(),
      fri: ranges.optional(), sat: ranges.optional(), sun: ranges.optional(),
    })
    .default({})
    .describe('opening hours per weekday (mon..sun); a missing day is closed'),
});

/** A time plan as written in YAML, defaults applied. */
export type TimePlanConfig = z.output<typeof timePlanSchema>;
