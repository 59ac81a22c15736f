import t from 'tap';
import Holidays from 'date-holidays';
import { publicHolidayOn, publicHolidays } from '../../../../server/src/routing/holidays.js';
import { GERMAN_STATES } from '../../../../server/src/config/dialplan/index.js';

// hotlines.md §7: public days in 2026 per state (date-holidays), an independent source.
const PUBLIC_DAYS_2026: Record<string, number> = {
  BW: 12, BY: 12, BE: 10, BB: 12, HB: 10, HH: 10, NI: 10, SH: 10, HE: 10, MV: 11, NW: 11, RP: 11, SL: 12, SN: 11, ST: 11, TH: 11,
};

void t.test('every state has the number of public holidays hotlines.md lists for 2026', async (t) => {
  for (const state of GERMAN_STATES) t.equal(publicHolidays({ state }, 2026).size, PUBLIC_DAYS_2026[state], state);
});

const rows: [string, string | undefined, string, string | null][] = [
  ['BY', undefined, '2026-01-06', 'Heilige Drei Könige'],
  ['BY', undefined, '2026-06-04', 'Fronleichnam'],
  ['BY', undefined, '2025-08-15', null], // Mariä Himmelfahrt is only an observance for BY as a whole
  ['BY', 'KATH', '2025-08-15', 'Mariä Himmelfahrt'],
  ['BY', 'A', '2025-08-15', 'Mariä Himmelfahrt'],
  ['BY', 'EVANG', '2025-08-15', null],
  ['BY', 'A', '2024-08-08', 'Augsburger Friedensfest'],
  ['BY', undefined, '2024-08-08', null],
  ['BY', 'KATH', '2024-08-08', null],
  ['BY', undefined, '2026-11-18', null], // Buß- und Bettag: a school holiday in BY
  ['SN', undefined, '2026-11-18', 'Buß- und Bettag'],
  ['SN', undefined, '2026-06-04', null],
  ['SN', 'BZ', '2026-06-04', 'Fronleichnam'],
  ['TH', undefined, '2026-09-20', 'Weltkindertag'],
  ['TH', 'EIC', '2026-06-04', 'Fronleichnam'],
  ['TH', undefined, '2026-06-04', null],
  ['SL', undefined, '2026-08-15', 'Mariä Himmelfahrt'],
  ['BE', undefined, '2026-03-08', 'Internationaler Frauentag'],
  ['BE', undefined, '2025-05-08', 'Tag der Befreiung (80. Jahrestag)'],
  ['MV', undefined, '2022-03-08', null],
  ['MV', undefined, '2023-03-08', 'Internationaler Frauentag'],
  ['HB', undefined, '2017-10-31', 'Reformationstag'],
  ['BW', undefined, '2017-10-31', 'Reformationstag'],
  ['BW', undefined, '2016-10-31', null],
  ['HH', undefined, '2026-10-31', 'Reformationstag'],
  ['BB', undefined, '2026-04-05', 'Ostersonntag'],
  ['NW', undefined, '2026-04-05', null],
  ['NW', undefined, '2026-02-14', null], // Valentinstag: an observance
  ['NW', undefined, '2026-12-24', null], // Heiligabend: bank half-day
  ['NW', undefined, '2026-12-31', null],
  ['HE', undefined, '2026-12-25', '1. Weihnachtstag'],
  ['RP', undefined, '2026-11-01', 'Allerheiligen'],
];

void t.test('public holidays by state, region and day', async (t) => {
  for (const [state, region, date, name] of rows) {
    const h = publicHolidayOn({ state, region }, date);
    t.equal(h?.name ?? null, name, `${state}${region ? `/${region}` : ''} ${date}: ${name ?? 'no public holiday'}`);
  }
});

void t.test('observances, school and bank holidays never count as public', async (t) => {
  for (const state of GERMAN_STATES) {
    for (const h of new Holidays('DE', state).getHolidays(2026)) {
      const date = h.date.slice(0, 10);
      const publicOnDay = new Holidays('DE', state).getHolidays(2026).some((x) => x.type === 'public' && x.date.startsWith(date));
      if (!publicOnDay) t.equal(publicHolidayOn({ state }, date), null, `${state} ${date} ${h.name} (${h.type})`);
    }
  }
});
