/**
 * End to end (issue 3): `zentrale start` as a user starts it, SIPp phones over loopback:
 * register, calls between users, forking to two devices, busy, not registered, caller cancels,
 * hold, and the call records.
 */
import t from 'tap';
import { registeredPhone, waitRegistered, asUser } from '../helpers/phones.js';
import { runSipp, assertSippPassed } from '../helpers/sipp.js';
import { waitFor } from '../helpers/wait-for.js';
import { e2ePbx, phoneCall, callRecords } from '../helpers/e2e.js';

void t.test('a user calls another: the callee rings, answers, the caller hangs up; the call record is complete', async (t) => {
  const p = await e2ePbx(t);
  const callee = await registeredPhone(p, '2003', 'carla-secret-1', { holdMs: 6000 });
  await waitRegistered(p.output, '2003');
  const r = await phoneCall(p, 'call.xml', '2003', '2001', 'alice-secret-1');
  assertSippPassed(t, r, 'caller');
  t.match(r.messages, /SIP\/2\.0 180 Ringing/, 'the caller heard ringing');
  assertSippPassed(t, await callee.done, 'callee');
  const phoneMsgs = (await callee.done).messages;
  t.match(phoneMsgs, /From: "Alice Amt" <sip:2001@e2e\.zentrale\.test>/, 'the callee sees the caller by name and extension');
  t.notMatch(phoneMsgs, /P-Asserted-Identity|\+491701234567/, 'the identity the calling device sent is dropped');
  await waitFor(async () => (await callRecords(p)).some((c) => c.ended === 1), { what: 'call record ended' });
  t.match(await callRecords(p), [{ caller: '2001', callee: '2003', dialled: '2003', answered_by: '2003', answered: 1, ended: 1, cause: 'caller-hangup' }]);
});

void t.test('a user with no registered device: the caller gets 480; an unknown number gets 404', async (t) => {
  const p = await e2ePbx(t);
  assertSippPassed(t, await phoneCall(p, 'call-expect-480.xml', '2004', '2001', 'alice-secret-1'), 'not registered -> 480');
  const r404 = await runSipp({ scenario: 'test/scenarios/phone/call.xml', remote: `127.0.0.1:${p.sipPort}`, service: '2999', extra: [...asUser('2001', 'alice-secret-1'), '-d', '100'] });
  t.match(r404.messages, /SIP\/2\.0 404 Not Found/, 'unknown number -> 404');
});

