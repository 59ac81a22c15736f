import t from 'tap';
import { AuthThrottle } from '../../../../../server/src/sip/registrar/throttle.js';

const limits = { maxFailures: 3, windowMs: 10_000, blockMs: 60_000, maxEntries: 1000 };

void t.test('a key is blocked after maxFailures within the window, until the block ends', async (t) => {
  const th = new AuthThrottle(limits);
  th.fail(['ip:1', 'user:a'], 0);
  th.fail(['ip:1', 'user:a'], 1000);
  t.notOk(th.blocked(['ip:1'], 1500));
  th.fail(['ip:1', 'user:a'], 2000);
  t.ok(th.blocked(['ip:1'], 2001));
  t.ok(th.blocked(['user:a'], 61_999));
  t.notOk(th.blocked(['user:a'], 62_001), 'the block ends');
});

void t.test('failures outside the window start a new count', async (t) => {
  const th = new AuthThrottle(limits);
  th.fail(['k'], 0);
  th.fail(['k'], 1000);
  th.fail(['k'], 20_000);
  th.fail(['k'], 21_000);
  t.notOk(th.blocked(['k'], 21_001));
});

void t.test('a success clears the username counter but not a running block', async (t) => {
  const th = new AuthThrottle(limits);
  th.fail(['user:b'], 0);
  th.fail(['user:b'], 1);
  th.succeed('user:b');
  th.fail(['user:b'], 2);
  t.notOk(th.blocked(['user:b'], 3), 'count restarted after success');
  const blocked = new AuthThrottle(limits);
  for (let i = 0; i < 3; i++) blocked.fail(['user:c'], i);
  blocked.succeed('user:c');
  t.ok(blocked.blocked(['user:c'], 10), 'success does not lift a block');
});

void t.test('memory stays bounded: old entries are pruned', async (t) => {
  const th = new AuthThrottle({ ...limits, maxEntries: 10 });
  for (let i = 0; i < 100; i++) th.fail([`ip:${i}`], i * 20_000);
  t.ok((th as unknown as { entries: Map<string, unknown> }).entries.size <= 11);
});
