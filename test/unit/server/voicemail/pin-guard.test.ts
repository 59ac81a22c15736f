/** Wrong-PIN lockout of mailboxes (PURE server/src/voicemail/pin-guard.ts). */
import t from 'tap';
import fc from 'fast-check';
import { afterFailure, isLocked, PIN_POLICY, type PinFailures } from '../../../../server/src/voicemail/index.js';

const MIN = 60_000;

void t.test('the fifth wrong PIN within 15 minutes locks for 30 minutes', async (t) => {
  let f: PinFailures | undefined;
  for (let i = 0; i < 4; i++) {
    f = afterFailure(f, i * MIN);
    t.notOk(isLocked(f, i * MIN), `not locked after ${i + 1}`);
  }
  f = afterFailure(f, 4 * MIN);
  t.same(f, { failures: 5, windowStart: 0, lockedUntil: 34 * MIN });
  t.ok(isLocked(f, 34 * MIN - 1), 'locked until the end of the lock');
  t.notOk(isLocked(f, 34 * MIN), 'free again afterwards');
  t.same(afterFailure(f, 35 * MIN), { failures: 1, windowStart: 35 * MIN, lockedUntil: null }, 'after a lock the count starts over');
});

void t.test('failures older than the window are forgotten', async (t) => {
  let f: PinFailures | undefined;
  for (let i = 0; i < 4; i++) f = afterFailure(f, i * MIN);
  f = afterFailure(f, 15 * MIN);
  t.same(f, { failures: 1, windowStart: 15 * MIN, lockedUntil: null });
  t.notOk(isLocked(undefined, 0));
});

void t.test('in any 15 minutes at most 2 × maxFailures − 1 wrong PINs get through, however they are spaced (property)', async (t) => {
  // The window starts at the first failure, so a guesser can put four tries at its end and five
  // (the fifth locks) at the start of the next: nine in a short span, never more.
  fc.assert(fc.property(fc.array(fc.nat(10 * MIN), { minLength: 1, maxLength: 60 }), (gaps) => {
    let f: PinFailures | undefined;
    let now = 0;
    const accepted: number[] = [];
    for (const gap of gaps) {
      now += gap;
      if (isLocked(f, now)) continue;
      f = afterFailure(f, now);
      accepted.push(now);
      if (accepted.filter((at) => now - at < PIN_POLICY.windowMs).length > 2 * PIN_POLICY.maxFailures - 1) return false;
    }
    return true;
  }));
  t.pass();
});
