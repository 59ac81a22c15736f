import t from 'tap';
import { ManualClock } from '../../../helpers/manual-clock.js';

void t.test('advance fires due timers in order of due time and leaves later ones pending', async (t) => {
  const c = new ManualClock(1000);
  const fired: Array<[string, number]> = [];
  c.after(30, () => fired.push(['c', c.now()]));
  c.after(10, () => fired.push(['a', c.now()]));
  c.after(20, () => fired.push(['b', c.now()]));
  c.after(31, () => fired.push(['d', c.now()]));
  c.advance(30);
  t.same(fired, [['a', 1010], ['b', 1020], ['c', 1030]]);
  t.equal(c.now(), 1030);
  t.equal(c.pending, 1);
  t.equal(c.nextDue, 1031);
});

void t.test('timers due at the same instant fire in the order they were scheduled', async (t) => {
  const c = new ManualClock();
  const fired: string[] = [];
  for (const name of ['x', 'y', 'z']) c.after(5, () => fired.push(name));
  c.advance(5);
  t.same(fired, ['x', 'y', 'z']);
});

void t.test('timers scheduled by fired timers fire within the same advance when due', async (t) => {
  const c = new ManualClock();
  const at: number[] = [];
  const tick = (interval: number): void => {
    c.after(interval, () => {
      at.push(c.now());
      tick(interval * 2);
    });
  };
  tick(100);
  c.advance(1500);
  t.same(at, [100, 300, 700, 1500]);
  t.equal(c.nextDue, 3100);
});

void t.test('a cancelled timer never fires and cancelling twice is harmless', async (t) => {
  const c = new ManualClock();
  let n = 0;
  const cancel = c.after(10, () => n++);
  cancel();
  cancel();
  c.advance(100);
  t.equal(n, 0);
  t.equal(c.pending, 0);
});

void t.test('a zero or negative delay fires on the next advance, even advance(0)', async (t) => {
  const c = new ManualClock(50);
  const at: number[] = [];
  c.after(0, () => at.push(c.now()));
  c.after(-5, () => at.push(c.now()));
  t.same(at, [], 'nothing fires synchronously inside after()');
  c.advance(0);
  t.same(at, [50, 50]);
});

void t.test('runAll drains chains of timers and stops a runaway loop', async (t) => {
  const c = new ManualClock();
  let n = 0;
  c.after(1, () => c.after(1, () => n++));
  c.runAll();
  t.equal(n, 1);
  t.equal(c.now(), 2);
  const forever = (): void => {
    c.after(1, forever);
  };
  forever();
  t.throws(() => c.runAll(50), /more than 50 timers/);
});

void t.test('time cannot go backwards', async (t) => {
  const c = new ManualClock(10);
  t.throws(() => c.advance(-1));
  t.throws(() => c.advanceTo(5));
});
