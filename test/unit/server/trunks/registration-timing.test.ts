import t from 'tap';
import fc from 'fast-check';
import { backoffDelayMs, grantedExpiresSec, refreshDelayMs, retryAfterSec } from '../../../../server/src/trunks/registration-timing.js';

void t.test('a registration is refreshed at half-time for short grants and 40 s early for long ones', async (t) => {
  const cases: [number, number][] = [[2, 1000], [4, 2000], [60, 30_000], [80, 40_000], [600, 560_000], [3600, 3_560_000], [0, 500]];
  for (const [granted, delay] of cases) t.equal(refreshDelayMs(granted), delay, `granted ${granted} s`);
});

void t.test('every refresh happens before the granted lifetime ends', async (t) => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 86_400 }), (s) => refreshDelayMs(s) < s * 1000 && refreshDelayMs(s) >= (s * 1000) / 2));
  t.pass('property holds');
});

void t.test('the back-off doubles per failure up to the maximum, scaled by jitter between half and full', async (t) => {
  const limits = { baseMs: 30_000, maxMs: 1_800_000 };
  const cases: [number, number, number][] = [
    [1, 0.99999999, 30_000], [2, 0.99999999, 60_000], [3, 0.99999999, 120_000], [7, 0.99999999, 1_800_000], [40, 0.99999999, 1_800_000],
    [1, 0, 15_000], [3, 0, 60_000],
  ];
  for (const [n, r, ms] of cases) t.equal(backoffDelayMs(n, r, limits), ms, `failure ${n}, random ${r}`);
  fc.assert(fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, r) => {
    const d = backoffDelayMs(n, r, limits);
    return d >= 15_000 && d <= 1_800_000 && d >= backoffDelayMs(Math.max(1, n - 1), r, limits);
  }));
});

void t.test('the granted lifetime is our Contact\'s expires parameter, else Expires, else what was asked', async (t) => {
  const cases: [string[], string | undefined, number][] = [
    [['<sip:pbx@192.0.2.1:5060>;expires=120'], '3600', 120],
    [['<sip:other@198.51.100.7>;expires=30, <sip:pbx@192.0.2.1:5060>;expires=90'], undefined, 90],
    [['<sip:pbx@192.0.2.1:5060>'], '45', 45],
    [[], undefined, 600],
    [['<sip:pbx@192.0.2.1;expires=5>'], '70', 70],
  ];
  for (const [contacts, expires, want] of cases) t.equal(grantedExpiresSec(contacts, expires, 600, 'pbx'), want, JSON.stringify([contacts, expires]));
});

void t.test('Retry-After gives its seconds, comments and parameters ignored', async (t) => {
  t.equal(retryAfterSec('120'), 120);
  t.equal(retryAfterSec('18000;duration=3600'), 18000);
  t.equal(retryAfterSec('120 (I am in a meeting)'), 120);
  t.equal(retryAfterSec(undefined), null);
  t.equal(retryAfterSec('soon'), null);
});
