/**
 * End to end (issue 3): `zentrale start` as a user starts it, SIPp phones over loopback:
 * register, calls between users, forking to two devices, busy, not registered, caller cancels,
 * hold, and the call records.
 */
import t from 'tap';
import { logLines } from '../helpers/pbx.js';
import { registeredPhone, waitRegistered, asUser } from '../helpers/phones.js';
import { runSipp, assertSippPassed } from '../helpers/sipp.js';
import { e2ePbx, phoneCall } from '../helpers/e2e.js';

void t.test('registration: wrong passwords are challenged again and then refused; an unknown user gets exactly the same answers', async (t) => {
  const known = await e2ePbx(t);
  const unknown = await e2ePbx(t);
  const seqKnown: string[] = [];
  const seqUnknown: string[] = [];
  const shape = (messages: string) => messages.split(/-{10,}.*\n/).filter((m) => /received/.test(m)).map((m) => {
    const status = /SIP\/2\.0 (\d{3} [^\r\n]*)/.exec(m)?.[1] ?? '';
    const names = [...m.matchAll(/^([A-Za-z-]+):/gm)].map((x) => x[1]!.toLowerCase()).sort().join(',');
    const challenge = (/WWW-Authenticate: ([^\r\n]*)/.exec(m)?.[1] ?? '').replace(/nonce="[^"]*"/, 'nonce=*');
    return `${status}|${names}|${challenge}`;
  });
  for (let i = 0; i < 4; i++) {
    const a = await runSipp({ scenario: 'test/scenarios/phone/register-expect-rechallenge.xml', remote: `127.0.0.1:${known.sipPort}`, extra: asUser('2003', 'wrong-password') });
    assertSippPassed(t, a, `known user, wrong password, attempt ${i + 1}`);
    seqKnown.push(...shape(a.messages));
    const b = await runSipp({ scenario: 'test/scenarios/phone/register-expect-rechallenge.xml', remote: `127.0.0.1:${unknown.sipPort}`, extra: asUser('2999', 'wrong-password') });
    assertSippPassed(t, b, `unknown user, attempt ${i + 1}`);
    seqUnknown.push(...shape(b.messages));
  }
  assertSippPassed(t, await runSipp({ scenario: 'test/scenarios/phone/register-expect-403.xml', remote: `127.0.0.1:${known.sipPort}`, extra: asUser('2003', 'wrong-password') }), 'known user blocked after 5 failures');
  assertSippPassed(t, await runSipp({ scenario: 'test/scenarios/phone/register-expect-403.xml', remote: `127.0.0.1:${unknown.sipPort}`, extra: asUser('2999', 'wrong-password') }), 'unknown user blocked after 5 failures');
  t.same(seqUnknown, seqKnown, 'responses to unknown and known users are indistinguishable');
  t.ok(seqKnown.length >= 8);
});

void t.test('even at trace level (raw SIP logged) the PBX log holds no password, HA1 or digest response', async (t) => {
  const p = await e2ePbx(t, { ZENTRALE_LOG_LEVEL: 'trace' });
  const phone = await registeredPhone(p, '2003', 'carla-secret-1', { holdMs: 3000 });
  await waitRegistered(p.output, '2003');
  assertSippPassed(t, await phoneCall(p, 'call.xml', '2003', '2001', 'alice-secret-1'), 'call');
  await phone.done;
  const out = p.output();
  const lines = logLines(out);
  t.ok(lines.some((l) => l.msg === 'sip in' && JSON.stringify(l).includes('Authorization: Digest')), 'raw SIP with credentials was logged (redacted)');
  t.ok(lines.some((l) => l.msg === 'registration changed'), 'the registration was logged');
  for (const secret of ['carla-secret-1', 'alice-secret-1']) t.notOk(out.includes(secret), `no ${secret} in the log`);
  t.ok(/response=\\"\[redacted\]/.test(out), 'digest responses appear only redacted');
  t.notOk(/response=\\?"(?!\[redacted\])[0-9a-f]/.test(out), 'no digest response value in the log');
  const { createHash } = await import('node:crypto');
  const ha1 = createHash('md5').update('2003:e2e.zentrale.test:carla-secret-1').digest('hex');
  t.notOk(out.includes(ha1), 'no HA1 in the log');
});
