import t from 'tap';
import fc from 'fast-check';
import { holds } from './property.js';
import { berlinDayNumber, isBerlinSummerTime } from '../../../../server/src/acd/berlin-day.js';

// Oracle: the ICU time zone database through Intl, which the pure rule must match.
const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
function intlDay(ms: number): number {
  const [y, m, d] = fmt.format(new Date(ms)).split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

void t.test('the Berlin day number matches the time zone database from 2000 to 2040', async (t) => {
  holds(t, fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), (ms) => berlinDayNumber(ms) === intlDay(ms)), { numRuns: 5000 });
});

void t.test('the day changes at local midnight on both sides of the 2026 daylight-saving changes', async (t) => {
  const cases: [string, number, number][] = [
    ['23:59:59 CET before spring forward', Date.UTC(2026, 2, 28, 22, 59, 59), Date.UTC(2026, 2, 28) / 864e5],
    ['00:00 CET on the spring-forward Sunday', Date.UTC(2026, 2, 28, 23, 0, 0), Date.UTC(2026, 2, 29) / 864e5],
    ['23:59:59 CEST on the spring-forward Sunday', Date.UTC(2026, 2, 29, 21, 59, 59), Date.UTC(2026, 2, 29) / 864e5],
    ['00:00 CEST the Monday after', Date.UTC(2026, 2, 29, 22, 0, 0), Date.UTC(2026, 2, 30) / 864e5],
    ['00:00 CEST on the fall-back Sunday', Date.UTC(2026, 9, 24, 22, 0, 0), Date.UTC(2026, 9, 25) / 864e5],
    ['23:59:59 CET on the fall-back Sunday', Date.UTC(2026, 9, 25, 22, 59, 59), Date.UTC(2026, 9, 25) / 864e5],
  ];
  for (const [name, ms, day] of cases) t.equal(berlinDayNumber(ms), day, name);
  t.equal(isBerlinSummerTime(Date.UTC(2026, 2, 29, 0, 59, 59)), false, 'one second before 01:00 UTC switch');
  t.equal(isBerlinSummerTime(Date.UTC(2026, 2, 29, 1, 0, 0)), true, 'at the switch');
});
