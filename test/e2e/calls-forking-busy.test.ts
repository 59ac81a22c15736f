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

void t.test('a call to a user with two devices rings both; the first answer wins and the other is cancelled', async (t) => {
  const p = await e2ePbx(t);
  const desk = await registeredPhone(p, '2002', 'bernd-secret-1', { holdMs: 6000 });
  const mobile = await registeredPhone(p, '2002m', 'bernd-secret-2', { holdMs: 6000, answer: 'ring-expect-cancel-ooc.xml' });
  await waitRegistered(p.output, '2002', 2);
  const r = await phoneCall(p, 'call.xml', '2002', '2001', 'alice-secret-1');
  assertSippPassed(t, r, 'caller');
  assertSippPassed(t, await desk.done, 'answering device');
  assertSippPassed(t, await mobile.done, 'cancelled device');
  t.match((await mobile.done).messages, /CANCEL sip:2002m@/, 'the second device got a CANCEL');
});

void t.test('a busy callee: the caller gets 486 Busy Here', async (t) => {
  const p = await e2ePbx(t);
  const phone = await registeredPhone(p, '2004', 'dora-secret-1', { holdMs: 4000, answer: 'busy-ooc.xml' });
  await waitRegistered(p.output, '2004');
  assertSippPassed(t, await phoneCall(p, 'call-expect-486.xml', '2004', '2001', 'alice-secret-1'), 'caller gets 486');
  assertSippPassed(t, await phone.done, 'busy phone');
  await waitFor(async () => (await callRecords(p)).some((c) => c.cause === 'busy'), { what: 'call record busy' });
});

