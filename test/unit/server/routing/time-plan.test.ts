import t from 'tap';
import fc from 'fast-check';
import Holidays from 'date-holidays';
import { isOpen, nextChange, daySchedule } from '../../../../server/src/routing/time-plan.js';
import { toLocal } from '../../../../server/src/routing/berlin-time.js';
import { GERMAN_STATES, type TimePlan } from '../../../../server/src/config/dialplan/index.js';

type Open = Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', string[]>>;
function plan(open: Open, extra: Partial<Omit<TimePlan, 'open'>> = {}): TimePlan {
  return { id: 'p', holidays: false, closed: [], extraOpen: [], open, ...extra } as unknown as TimePlan;
}

// Issue 6 item 5's plan.
const rathaus = plan(
  {
    mon: ['08:00-12:00', '13:00-16:00'], tue: ['08:00-12:00', '13:00-16:00'], wed: ['08:00-12:00'],
    thu: ['08:00-12:00', '13:00-18:00'], fri: ['08:00-12:00'],
  },
  { holidays: { state: 'BY' }, closed: ['12-24', '12-31'] } as Partial<TimePlan>,
);
const at = (iso: string) => Date.parse(iso);

void t.test('the issue 6 plan is open and closed when a citizen expects it', async (t) => {
  const rows: [string, boolean, string][] = [
    ['2026-01-05T09:00:00+01:00', true, 'Monday morning'],
    ['2026-01-05T12:30:00+01:00', false, 'Monday lunch break'],
    ['2026-01-05T15:59:59+01:00', true, 'Monday one second before close'],
    ['2026-01-05T16:00:00+01:00', false, 'Monday at close'],
    ['2026-01-06T09:00:00+01:00', false, 'Heilige Drei Könige (BY public holiday)'],
    ['2026-01-07T13:30:00+01:00', false, 'Wednesday afternoon'],
    ['2026-01-08T17:59:00+01:00', true, 'Thursday late opening'],
    ['2026-01-10T09:00:00+01:00', false, 'Saturday'],
    ['2026-01-11T09:00:00+01:00', false, 'Sunday'],
    ['2026-04-03T09:00:00+02:00', false, 'Karfreitag'],
    ['2026-04-02T09:00:00+02:00', true, 'Gründonnerstag is only an observance'],
    ['2026-02-16T09:00:00+01:00', true, 'Rosenmontag is only an observance'],
    ['2025-08-15T09:00:00+02:00', true, 'Mariä Himmelfahrt: not public for BY without region KATH'],
    ['2026-11-18T09:00:00+01:00', true, 'Buß- und Bettag is a school holiday in BY'],
    ['2026-12-24T09:00:00+01:00', false, 'Heiligabend: closed day 12-24 (not a public holiday)'],
    ['2026-12-31T09:00:00+01:00', false, 'Silvester: closed day 12-31'],
    ['2026-12-30T09:00:00+01:00', true, 'Wednesday 30 December'],
    ['2026-06-04T09:00:00+02:00', false, 'Fronleichnam'],
  ];
  for (const [iso, open, why] of rows) t.equal(isOpen(rathaus, at(iso)), open, `${iso} ${why}`);
});

void t.test('regions close on their local holidays only', async (t) => {
  const weekdays = { mon: ['08:00-16:00'], tue: ['08:00-16:00'], wed: ['08:00-16:00'], thu: ['08:00-16:00'], fri: ['08:00-16:00'] };
  const by = plan(weekdays, { holidays: { state: 'BY' } } as Partial<TimePlan>);
  const kath = plan(weekdays, { holidays: { state: 'BY', region: 'KATH' } } as Partial<TimePlan>);
  const augsburg = plan(weekdays, { holidays: { state: 'BY', region: 'A' } } as Partial<TimePlan>);
  const friedensfest = at('2024-08-08T10:00:00+02:00'); // a Thursday
  const himmelfahrt = at('2025-08-15T10:00:00+02:00'); // a Friday
  t.equal(isOpen(by, friedensfest), true, 'Augsburger Friedensfest: BY open');
  t.equal(isOpen(kath, friedensfest), true, 'Augsburger Friedensfest: BY/KATH open');
  t.equal(isOpen(augsburg, friedensfest), false, 'Augsburger Friedensfest: BY/A (Stadt Augsburg) closed');
  t.equal(isOpen(by, himmelfahrt), true, 'Mariä Himmelfahrt: BY open');
  t.equal(isOpen(kath, himmelfahrt), false, 'Mariä Himmelfahrt: BY/KATH closed');
  t.equal(isOpen(augsburg, himmelfahrt), false, 'Mariä Himmelfahrt: BY/A closed');
  const reason = daySchedule(augsburg, toLocal(friedensfest).day).reason;
  t.match(reason, { kind: 'holiday', holiday: { name: 'Augsburger Friedensfest' }, state: 'BY', region: 'A' });
});

void t.test('extra opening days override closed days and holidays; dated entries beat yearly ones', async (t) => {
  const p = plan({ mon: ['08:00-12:00'], thu: ['08:00-12:00'] }, {
    holidays: { state: 'BY' },
    closed: ['12-24', '2026-01-05'],
    extraOpen: [{ date: '2026-12-24', hours: ['09:00-11:00'] }, { date: '01-06', hours: ['10:00-11:00'] }],
  } as Partial<TimePlan>);
  t.equal(isOpen(p, at('2026-12-24T09:30:00+01:00')), true, 'closed 12-24, but opened once on 2026-12-24');
  t.equal(isOpen(p, at('2026-12-24T11:30:00+01:00')), false, 'only in the extra hours');
  t.equal(isOpen(p, at('2027-12-24T09:30:00+01:00')), false, '12-24 closed again in 2027');
  t.equal(isOpen(p, at('2026-01-05T09:00:00+01:00')), false, 'a dated closed Monday');
  t.equal(isOpen(p, at('2026-01-12T09:00:00+01:00')), true, 'the next Monday is open');
  t.equal(isOpen(p, at('2026-01-06T10:30:00+01:00')), true, 'a holiday opened every year');
});

void t.test('nextChange names the next opening or closing', async (t) => {
  const rows: [string, string | null, string][] = [
    ['2026-01-05T11:00:00+01:00', '2026-01-05T12:00:00+01:00', 'open until lunch'],
    ['2026-01-05T12:00:00+01:00', '2026-01-05T13:00:00+01:00', 'lunch until 13:00'],
    ['2026-01-05T16:00:00+01:00', '2026-01-07T08:00:00+01:00', 'Monday evening: Tuesday is Heilige Drei Könige'],
    ['2026-04-02T18:00:00+02:00', '2026-04-07T08:00:00+02:00', 'Easter: Friday and Monday are holidays'],
    ['2026-03-27T12:00:00+01:00', '2026-03-30T08:00:00+02:00', 'over the spring DST weekend'],
    ['2026-12-23T16:00:00+01:00', '2026-12-28T08:00:00+01:00', 'Christmas: 24 closed, 25 and 26 holidays'],
  ];
  for (const [from, to, why] of rows) t.equal(nextChange(rathaus, at(from)), to === null ? null : at(to), why);
  const always = plan({ mon: ['00:00-24:00'], tue: ['00:00-24:00'], wed: ['00:00-24:00'], thu: ['00:00-24:00'], fri: ['00:00-24:00'], sat: ['00:00-24:00'], sun: ['00:00-24:00'] });
  t.equal(nextChange(always, at('2026-01-01T00:00:00Z')), null, 'always open never changes');
  t.equal(nextChange(plan({}), at('2026-01-01T00:00:00Z')), null, 'never open never changes');
  t.equal(nextChange(plan({}, { extraOpen: [{ date: '2029-05-02', hours: ['10:00-11:00'] }] } as Partial<TimePlan>), at('2026-01-01T00:00:00Z')),
    at('2029-05-02T10:00:00+02:00'), 'a dated opening years ahead is found');
});

void t.test('DST: the spring gap skips ranges, the repeated autumn hour applies them twice', async (t) => {
  const night = plan({ sun: ['01:00-02:30'] });
  t.equal(isOpen(night, at('2026-03-29T00:59:00Z')), true, '01:59 CET open');
  t.equal(nextChange(night, at('2026-03-29T00:30:00Z')), at('2026-03-29T01:00:00Z'), 'closes when 02:00 CET jumps to 03:00 CEST');
  const gap = plan({ sun: ['02:00-02:30'] });
  for (let m = 0; m < 24 * 60; m += 5) t.equal(isOpen(gap, at('2026-03-28T23:00:00Z') + m * 60_000), false);
  t.equal(nextChange(gap, at('2026-03-28T12:00:00Z')), at('2026-04-05T02:00:00+02:00'), 'a range inside the gap does not happen that Sunday');
  const seq: number[] = [];
  let cur = at('2026-10-24T23:00:00Z');
  for (let i = 0; i < 4; i++) {
    const n = nextChange(gap, cur);
    if (n === null) break;
    seq.push(n);
    cur = n;
  }
  t.same(seq.map((x) => new Date(x).toISOString()), [
    '2026-10-25T00:00:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-25T01:00:00.000Z', '2026-10-25T01:30:00.000Z',
  ], '02:00-02:30 opens in CEST and again in CET');
  const sunday = plan({ sun: ['00:00-24:00'] });
  t.equal(nextChange(sunday, at('2026-10-25T00:00:00+02:00')), at('2026-10-26T00:00:00+01:00'), 'the 25-hour Sunday has no change at 03:00');
  t.equal(nextChange(sunday, at('2026-03-29T00:00:00+01:00')), at('2026-03-30T00:00:00+02:00'), 'the 23-hour Sunday ends at midnight');
});

// An independent oracle: Intl for the wall clock, date-holidays directly for the public days.
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23',
});
const WEEK = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const OFFICE: Open = { mon: ['07:30-12:00', '13:00-15:30'], tue: ['00:00-03:00', '07:30-12:00'], wed: ['02:00-02:30', '08:00-12:00'], thu: ['07:30-18:00'], fri: ['07:30-12:00'], sun: ['01:00-04:00'] };
const OFFICE_MIN = Object.fromEntries(Object.entries(OFFICE).map(([d, rs]) => [d, rs.map((r) => r.split('-').map((x) => Number(x.slice(0, 2)) * 60 + Number(x.slice(3))))]));

void t.test('a whole year in all 16 states agrees with an Intl and date-holidays oracle, DST included', async (t) => {
  for (const state of GERMAN_STATES) {
    const p = plan(OFFICE, { holidays: { state } } as Partial<TimePlan>);
    const publicDays = new Set(new Holidays('DE', state).getHolidays(2026).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    let mismatches = 0;
    let openCount = 0;
    for (let instant = at('2026-01-01T00:00:00+01:00'); instant < at('2027-01-01T00:00:00+01:00'); instant += 30 * 60_000) {
      const p2 = Object.fromEntries(parts.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
      const iso = `${p2.year}-${p2.month}-${p2.day}`;
      const minute = Number(p2.hour) * 60 + Number(p2.minute);
      const day = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'][WEEK.indexOf(String(p2.weekday))] as string;
      const expected = !publicDays.has(iso) && (OFFICE_MIN[day] ?? []).some(([s = 0, e = 0]) => minute >= s && minute < e);
      if (isOpen(p, instant) !== expected) mismatches++;
      if (expected) openCount++;
    }
    t.equal(mismatches, 0, `${state}: isOpen matches the oracle on every half hour of 2026`);
    t.ok(openCount > 1000, `${state}: open ${openCount} half hours`);
  }
});

const rangeArb = fc
  .tuple(fc.integer({ min: 0, max: 47 }), fc.integer({ min: 1, max: 16 }))
  .map(([s, len]) => [s * 30, Math.min(1440, s * 30 + len * 30)] as const);
const hhmm = (m: number) => (m === 1440 ? '24:00' : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
const dayArb = fc.array(rangeArb, { maxLength: 3 }).map((rs) => {
  const sorted = [...rs].sort((a, b) => a[0] - b[0]);
  const out: (readonly [number, number])[] = [];
  for (const r of sorted) if (out.length === 0 || r[0] >= (out[out.length - 1]?.[1] ?? 0)) out.push(r);
  return out.map(([s, e]) => `${hhmm(s)}-${hhmm(e)}`);
});
const planArb = fc
  .record({
    mon: dayArb, tue: dayArb, wed: dayArb, thu: dayArb, fri: dayArb, sat: dayArb, sun: dayArb,
    state: fc.constantFrom(...GERMAN_STATES, null),
    closed: fc.array(fc.constantFrom('12-24', '12-31', '03-29', '10-25', '2026-10-25', '2027-03-28'), { maxLength: 3 }),
  })
  .map(({ state, closed, ...open }) => plan(open, { holidays: state === null ? false : { state }, closed } as Partial<TimePlan>));
const instantArb = fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2028-12-31T00:00:00Z') });

void t.test('property: nextChange is a change, and isOpen is constant before it', async (t) => {
  fc.assert(
    fc.property(planArb, instantArb, fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 5, maxLength: 5 }), (p, instant, fractions) => {
      const open = isOpen(p, instant);
      const next = nextChange(p, instant);
      if (next === null) {
        for (const f of fractions) if (isOpen(p, instant + Math.floor(f * 400 * 86_400_000)) !== open) return false;
        return true;
      }
      if (!(next > instant) || isOpen(p, next) === open) return false;
      if (next - 1 > instant && isOpen(p, next - 1) !== open) return false;
      return fractions.every((f) => isOpen(p, instant + Math.floor(f * (next - instant))) === open);
    }),
    { numRuns: 400 },
  );
  t.pass('400 random plans and instants');
});

void t.test('property: around the DST weekends every minute agrees with the changes nextChange reports', async (t) => {
  fc.assert(
    fc.property(planArb, fc.constantFrom('2026-03-28T12:00:00Z', '2026-10-24T12:00:00Z', '2027-03-27T12:00:00Z'), (p, startIso) => {
      let cur = at(startIso);
      const end = cur + 2 * 86_400_000;
      let open = isOpen(p, cur);
      let change = nextChange(p, cur);
      for (; cur < end; cur += 60_000) {
        if (change !== null && cur >= change) {
          open = !open;
          change = nextChange(p, change);
        }
        if (isOpen(p, cur) !== open) return false;
      }
      return true;
    }),
    { numRuns: 60 },
  );
  t.pass('minute by minute over both DST weekends');
});
