// The switchboard's one action (issue 9 item 5): the operator transfers the current call to a
// colleague with one click, without a REFER from the operator's phone.
import t from 'tap';
import { resolve } from 'node:path';
import { startHarness, PASSWORDS } from './harness.js';
import { registeredPhone, asUser } from '../../helpers/phones.js';
import { runSipp, assertSippPassed } from '../../helpers/sipp.js';
import { waitFor } from '../../helpers/wait-for.js';

void t.test('the operator transfers a caller to a colleague with one request; the operator leaves the call', async (t) => {
  const h = await startHarness();
  t.teardown(() => h.close());
  const op = await registeredPhone({ sipPort: h.sipPort }, '3000', PASSWORDS['3000']!, { holdMs: 10_000 });
  const anna = await registeredPhone({ sipPort: h.sipPort }, '3001', PASSWORDS['3001']!, { holdMs: 10_000 });
  t.teardown(() => { op.kill(); anna.kill(); });
  await h.waitLog('registration changed', 1, { extension: '3000' });
  await h.waitLog('registration changed', 1, { extension: '3001' });
  const operator = await h.login('3000');
  t.same((await h.api(operator, 'POST', '/api/switchboard/transfer', { to: '3001' })).json, { code: 'ZEN_NO_CALL' }, 'no call, nothing to transfer');
  t.equal((await h.api(await h.login('3002'), 'POST', '/api/switchboard/transfer', { to: '3001' })).status, 403, 'only operators may');
  const caller = runSipp({
    scenario: resolve('test/scenarios/presence/call-expect-reinvite.xml'), remote: `127.0.0.1:${h.sipPort}`, service: '3000',
    extra: [...asUser('3009', PASSWORDS['3009']!), '-d', '1500'], timeoutSec: 30,
  });
  await waitFor(async () => ((await h.api(operator, 'GET', '/api/presence/me')).json as { calls: Array<{ state: string }> }).calls.some((c) => c.state === 'confirmed'), { what: 'operator in the call' });
  const r = await h.api(operator, 'POST', '/api/switchboard/transfer', { to: '3001' });
  t.same(r.json, { result: 'transferred' });
  assertSippPassed(t, await caller, 'the caller is re-INVITEd to Anna, talks and hangs up');
  const opRun = await op.done;
  t.match(opRun.messages, /BYE sip:/, 'the operator\'s phone was hung up');
  const annaRun = await anna.done;
  t.match(annaRun.messages, /INVITE sip:3001@/, 'Anna\'s phone rang');
  t.match(annaRun.messages, /From: "Xaver Extern" <sip:3009@/, 'and showed the caller');
  const me = await h.login('3001');
  await waitFor(async () => ((await h.api(me, 'GET', '/api/presence/me')).json as { calls: unknown[] }).calls.length === 0, { what: 'Anna\'s call over' });
  t.pass('Anna\'s leg ended with the call');
});
