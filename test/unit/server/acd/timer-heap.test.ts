import t from 'tap';
import fc from 'fast-check';
import { holds } from './property.js';
import { peekTimer, popTimer, pushTimer, timerCount } from '../../../../server/src/acd/timer-heap.js';
import type { TimerHeap } from '../../../../server/src/acd/timer-heap.js';

void t.test('pops deadlines in ascending order whatever the push order', async (t) => {
  holds(t, fc.property(fc.array(fc.integer({ min: 0, max: 1e6 }), { maxLength: 300 }), (ats) => {
    let h: TimerHeap = null;
    ats.forEach((at, i) => { h = pushTimer(h, { at, kind: 'call', key: String(i) }); });
    if (timerCount(h) !== ats.length) return false;
    const out: number[] = [];
    for (let e = peekTimer(h); e !== undefined; e = peekTimer(h)) { out.push(e.at); h = popTimer(h); }
    return JSON.stringify(out) === JSON.stringify([...ats].sort((a, b) => a - b));
  }));
});

void t.test('an older heap version is unchanged by pushes and pops of a newer one', async (t) => {
  const h1 = pushTimer(pushTimer(null, { at: 5, kind: 'agent', key: 'a' }), { at: 3, kind: 'line', key: '0' });
  const h2 = popTimer(pushTimer(h1, { at: 1, kind: 'call', key: 'c' }));
  t.equal(peekTimer(h1)?.at, 3);
  t.equal(timerCount(h1), 2);
  t.equal(peekTimer(h2)?.at, 3);
  t.equal(timerCount(h2), 2);
});
