/** Wrong-PIN limits of the agent service: per user and per calling number, with a lockout. */
import t from 'tap';
import { PinGuard, pinKeys } from '../../../../server/src/lib/pin-guard.js';

const policy = { maxFailures: 3, windowMs: 60_000, lockMs: 300_000 };

void t.test('three wrong PINs for one user lock that user, from any number', async (t) => {
  const g = new PinGuard(policy);
  t.equal(g.failed(pinKeys('3001', '+491701'), 0), false);
  t.equal(g.failed(pinKeys('3001', '+491702'), 1000), false);
  t.equal(g.failed(pinKeys('3001', '+491703'), 2000), true, 'the third failure locks');
  t.equal(g.locked(pinKeys('3001', '+499999'), 3000), true, 'the user is locked from a fresh number');
  t.equal(g.locked(pinKeys('3002', '+491701'), 3000), false, 'the numbers are not locked: each failed once');
  t.equal(g.locked(pinKeys('3001', null), 2000 + 300_000), false, 'the lock ends after lockMs');
});

void t.test('three wrong PINs from one number lock that number for every user', async (t) => {
  const g = new PinGuard(policy);
  g.failed(pinKeys('3001', '+4930555'), 0);
  g.failed(pinKeys('3002', '+4930555'), 10);
  g.failed(pinKeys('3003', '+4930555'), 20);
  t.equal(g.locked(pinKeys('3004', '+4930555'), 30), true);
  t.equal(g.locked(pinKeys('3004', '+4930556'), 30), false);
});

void t.test('failures older than the window do not count', async (t) => {
  const g = new PinGuard(policy);
  g.failed(pinKeys('3001', null), 0);
  g.failed(pinKeys('3001', null), 1000);
  t.equal(g.failed(pinKeys('3001', null), 62_000), false);
  t.equal(g.locked(pinKeys('3001', null), 62_001), false);
});

void t.test('a right PIN clears the user\'s count but not the number\'s, and never lifts a lock', async (t) => {
  const g = new PinGuard(policy);
  g.failed(pinKeys('3001', '+49301'), 0);
  g.failed(pinKeys('3001', '+49301'), 1);
  g.succeeded('3001', 2);
  t.equal(g.failed(pinKeys('3001', '+49399'), 3), false, 'the user starts again');
  t.equal(g.failed(pinKeys('3002', '+49301'), 4), true, 'the number kept its two failures');
  g.succeeded('3002', 5);
  t.equal(g.locked(pinKeys('3002', null), 6), false);
  const h = new PinGuard(policy);
  for (let i = 0; i < 3; i++) h.failed(pinKeys('3005', null), i);
  h.succeeded('3005', 10);
  t.equal(h.locked(pinKeys('3005', null), 11), true, 'still locked');
});
