/**
 * Public holidays from date-holidays (hotlines.md §7). Only `type === 'public'` closes a line: the
 * library also lists observances (Valentinstag), school days (Buß- und Bettag in BY) and bank
 * half-days (Heiligabend), and those must not (issue 6 item 3). Regions carry local holidays:
 * BY `A` (Augsburg: Friedensfest 08-08), `KATH` (Mariä Himmelfahrt), SN `BZ`, TH `EIC`/`UH`/`WAK`.
 */
import Holidays from 'date-holidays';

/** Where the holidays come from. */
export interface HolidayRegion {
  readonly state: string;
  readonly region?: string | undefined;
}

/** A public holiday on one day. */
export interface PublicHoliday {
  /** German name as date-holidays gives it, e.g. `Heilige Drei Könige`. */
  readonly name: string;
  /** `YYYY-MM-DD`. */
  readonly date: string;
}

// Memoisation only: the same inputs always give the same table, so the module stays pure.
const byYear = new Map<string, ReadonlyMap<string, PublicHoliday>>();

function key(source: HolidayRegion, year: number): string {
  return `${source.state}|${source.region ?? ''}|${year}`;
}

/** All public holidays of a state (and region) in a year, by `YYYY-MM-DD`. Cached per year. */
export function publicHolidays(source: HolidayRegion, year: number): ReadonlyMap<string, PublicHoliday> {
  const k = key(source, year);
  const cached = byYear.get(k);
  if (cached) return cached;
  const lib = source.region === undefined ? new Holidays('DE', source.state) : new Holidays('DE', source.state, source.region);
  const table = new Map<string, PublicHoliday>();
  for (const h of lib.getHolidays(year, 'de') || []) {
    if (h.type !== 'public') continue;
    // `date` is the local calendar day ("2026-01-06 00:00:00"), independent of the process TZ.
    const date = h.date.slice(0, 10);
    if (!table.has(date)) table.set(date, { name: h.name, date });
  }
  byYear.set(k, table);
  return table;
}

/** The public holiday on a local day (`YYYY-MM-DD`), or null. */
export function publicHolidayOn(source: HolidayRegion, isoDate: string): PublicHoliday | null {
  return publicHolidays(source, Number(isoDate.slice(0, 4))).get(isoDate) ?? null;
}
