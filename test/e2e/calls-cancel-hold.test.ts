/**
 * End to end (issue 3): `zentrale start` as a user starts it, SIPp phones over loopback:
 * register, calls between users, forking to two devices, busy, not registered, caller cancels,
 * hold, and the call records.
 */
import t from 'tap';
import { registeredPhone, waitRegistered } from '../helpers/phones.js';
import { assertSippPassed } from '../helpers/sipp.js';
import { waitFor } from '../helpers/wait-for.js';
import { e2ePbx, phoneCall, callRecords } from '../helpers/e2e.js';

void t.test('the caller hangs up while the callee rings: the callee gets CANCEL', async (t) => {
  const p = await e2ePbx(t);
  const phone = await registeredPhone(p, '2003', 'carla-secret-1', { holdMs: 4000, answer: 'ring-expect-cancel-ooc.xml' });
  await waitRegistered(p.output, '2003');
  assertSippPassed(t, await phoneCall(p, 'call-cancel-while-ringing.xml', '2003', '2001', 'alice-secret-1'), 'caller cancels');
  assertSippPassed(t, await phone.done, 'callee saw CANCEL');
  await waitFor(async () => (await callRecords(p)).some((c) => c.cause === 'caller-cancelled'), { what: 'call record cancelled' });
});

void t.test('hold: the caller re-INVITEs with a=sendonly, the callee gets it and answers a=recvonly', async (t) => {
  const p = await e2ePbx(t);
  const phone = await registeredPhone(p, '2003', 'carla-secret-1', { holdMs: 5000, answer: 'answer-accept-hold-ooc.xml' });
  await waitRegistered(p.output, '2003');
  assertSippPassed(t, await phoneCall(p, 'call-hold.xml', '2003', '2001', 'alice-secret-1'), 'caller holds');
  assertSippPassed(t, await phone.done, 'callee accepted hold');
});

