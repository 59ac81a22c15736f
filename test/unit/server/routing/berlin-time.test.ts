import t from 'tap';
import fc from 'fast-check';
import { berlinOffsetMs, calendarDay, dstChanges, fromLocal, toLocal, DAY_MS } from '../../../../server/src/routing/berlin-time.js';

const fmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** Berlin's offset from the tz database, as the oracle. */
function intlOffset(instant: number): number {
  const p = Object.fromEntries(fmt.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(instant / 1000) * 1000;
}

void t.test('the UTC offset matches the tz database for any instant 1996-2099', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(1996, 0, 1), max: Date.UTC(2099, 11, 31) }), (instant) => {
      t.equal(berlinOffsetMs(instant), intlOffset(instant));
    }),
    { numRuns: 2000 },
  );
});

void t.test('the offset changes exactly at the DST instants, checked for 1996-2060', async (t) => {
  for (let year = 1996; year <= 2060; year++) {
    for (const change of dstChanges(year)) {
      t.not(intlOffset(change - 1000), intlOffset(change), `${year}: offset changes at ${new Date(change).toISOString()}`);
      t.equal(berlinOffsetMs(change), intlOffset(change));
      t.equal(berlinOffsetMs(change - 1), intlOffset(change - 1000));
    }
  }
});

void t.test('local wall times map to 0, 1 or 2 instants around the changes', async (t) => {
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
  const at = (iso: string, hh: number, mm: number) => fromLocal(day(iso), (hh * 60 + mm) * 60_000);
  t.same(at('2026-03-29', 1, 30), [Date.parse('2026-03-29T00:30:00Z')], '01:30 CET');
  t.same(at('2026-03-29', 2, 30), [], '02:30 does not exist in the spring gap');
  t.same(at('2026-03-29', 3, 30), [Date.parse('2026-03-29T01:30:00Z')], '03:30 CEST');
  t.same(at('2026-10-25', 2, 30), [Date.parse('2026-10-25T00:30:00Z'), Date.parse('2026-10-25T01:30:00Z')], '02:30 twice: CEST, then CET');
  t.same(at('2026-10-25', 3, 30), [Date.parse('2026-10-25T02:30:00Z')], '03:30 CET once');
  t.same(at('2026-07-01', 12, 0), [Date.parse('2026-07-01T10:00:00Z')], 'summer noon');
  t.same(at('2026-01-01', 0, 0), [Date.parse('2025-12-31T23:00:00Z')], 'new year midnight');
});

void t.test('toLocal inverts fromLocal for every instant it returns', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 10000, max: 40000 }), fc.integer({ min: 0, max: 1439 }), (day, minute) => {
      for (const instant of fromLocal(day, minute * 60_000)) t.same(toLocal(instant), { day, msOfDay: minute * 60_000 });
    }),
    { numRuns: 3000 },
  );
});

void t.test('calendar days carry the right weekday and ISO date', async (t) => {
  const rows: [string, number][] = [['1970-01-01', 3], ['2026-01-05', 0], ['2026-03-29', 6], ['2024-02-29', 3], ['2000-01-01', 5]];
  for (const [iso, weekday] of rows) {
    const c = calendarDay(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
    t.equal(c.iso, iso);
    t.equal(c.weekday, weekday, `${iso} weekday`);
  }
});
