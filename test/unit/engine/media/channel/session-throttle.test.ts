import t from 'tap';
import fc from 'fast-check';
import { SessionThrottle } from '../../../../../engine/media/src/channel/session-throttle.js';

void t.test('a budget of N admits N - 1 sessions a second and refuses the rest, refused ones counted', async (t) => {
  let now = 1_000;
  const th = new SessionThrottle(3, () => now);
  t.same([th.take(), th.take(), th.take(), th.take()], [true, true, false, false]);
  t.match(th.figures(), { limit: 3, remaining: -1, last: 0, peak: 0 });
  now += 999;
  t.equal(th.take(), false, 'still the same second');
  now += 1;
  t.match(th.figures(), { remaining: 3, last: 5, peak: 5, peakFiveMin: 5 }, 'the new second: budget back, five taken in the last');
  t.equal(th.take(), true);
  now += 3_000;
  t.match(th.figures(), { remaining: 3, last: 0, peak: 5 }, 'seconds without calls took nothing');
  now += 5 * 60 * 1000;
  t.match(th.figures(), { peak: 5, peakFiveMin: 0 }, 'the five-minute peak forgets');
});

void t.test('the limit must be a positive integer', async (t) => {
  t.throws(() => new SessionThrottle(0, () => 0), /positive integer/);
  t.throws(() => new SessionThrottle(2.5, () => 0), /positive integer/);
});

void t.test('whatever the timing, no second of the clock admits more than N - 1 (property)', async (t) => {
  fc.assert(fc.property(fc.integer({ min: 2, max: 50 }), fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 400 }), (limit, gaps) => {
    let now = 0;
    const th = new SessionThrottle(limit, () => now);
    const perSecond = new Map<number, number>();
    for (const g of gaps) {
      now += g;
      if (th.take()) perSecond.set(Math.floor(now / 1000), (perSecond.get(Math.floor(now / 1000)) ?? 0) + 1);
    }
    for (const n of perSecond.values()) if (n > limit - 1) return false;
    return true;
  }));
  t.pass('property held');
});
