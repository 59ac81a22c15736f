/**
 * End to end (issue 8 item 6) with every device counted as home office (ZENTRALE_OFFICE_NETWORKS
 * without loopback): 112 presents the emergency callback number, which then rings the caller's
 * phone; a device locked out after failed logins still reaches 112 while its normal calls are
 * refused.
 */
import t from 'tap';
import { assertSippPassed, runSipp } from '../helpers/sipp.js';
import { callRecords, phoneCall } from '../helpers/e2e.js';
import { logLines } from '../helpers/pbx.js';
import { asUser, registeredPhone, waitRegistered } from '../helpers/phones.js';
import { waitFor } from '../helpers/wait-for.js';
import { carrierAnswers, carrierCalls, carrierPbx } from '../integration/trunks/carrier.js';
import { identityOf, received } from '../integration/trunks/sip-log.js';

const DOMAIN = 'pbx.musterhausen.test';
const ORG = '"Stadt Musterhausen"';

void t.test('home-office emergency calls present the callback number, which rings the caller back', async (t) => {
  const { p, carrierPort } = await carrierPbx(t, { env: { ZENTRALE_OFFICE_NETWORKS: '10.0.0.0/8' } });
  const phone = await registeredPhone(p, '3002', 'bernd-secret-1', { holdMs: 6000 });
  await waitRegistered(p.output, '3002');

  await t.test('112 from a home-office user with permanent CLIR presents the emergency callback number', async (t) => {
    const carrier = carrierAnswers(carrierPort);
    assertSippPassed(t, await phoneCall(p, 'call.xml', '112', '3002', 'bernd-secret-1'), '3002 dials 112');
    const c = await carrier.done;
    assertSippPassed(t, c, 'carrier');
    t.same(identityOf(received(c.messages, 'INVITE')[0]!), {
      requestUri: `sip:112@127.0.0.1:${carrierPort}`, from: `${ORG} <sip:+49803162999@${DOMAIN}>`, pai: `<sip:+49803162999@${DOMAIN}>`,
      ppi: undefined, privacy: 'none', diversion: undefined, historyInfo: undefined, rpid: undefined,
    });
    t.match(logLines(p.output()).find((l) => l.msg === 'emergency call'), { level: 40, extension: '3002', origin: 'home-office', presented: '+49803162999' });
  });

  await t.test('the emergency service calling the callback number reaches the caller\'s phone', async (t) => {
    const r = await carrierCalls(p, carrierPort, '+49803162999', { caller: '+49803112', pai: '+49803112', privacy: 'none' });
    assertSippPassed(t, r, 'the callback is answered');
    await waitFor(async () => (await callRecords(p)).some((c) => c.dialled === '+49803162999' && c.ended === 1), { what: 'record' });
    t.match((await callRecords(p)).find((c) => c.dialled === '+49803162999'), { callee: '3002', answered_by: '3002' });
    assertSippPassed(t, await phone.done, 'the phone answered the callback');
  });

  await t.test('a device locked out after failed logins still reaches 112, while its other calls are refused', async (t) => {
    for (let i = 0; i < 4; i++) {
      await runSipp({ scenario: 'test/scenarios/phone/register-expect-rechallenge.xml', remote: `127.0.0.1:${p.sipPort}`, extra: asUser('3001', 'wrong-password') });
    }
    assertSippPassed(t, await runSipp({ scenario: 'test/scenarios/phone/register-expect-403.xml', remote: `127.0.0.1:${p.sipPort}`, extra: asUser('3001', 'wrong-password') }), 'locked out');
    const normal = await phoneCall(p, 'call.xml', '3004', '3001', 'anna-secret-1');
    t.not(normal.code, 0, 'a normal call fails');
    t.match(normal.messages, /SIP\/2\.0 403/, 'a normal call is refused with 403');
    const carrier = carrierAnswers(carrierPort);
    assertSippPassed(t, await phoneCall(p, 'call.xml', '0112', '3001', 'anna-secret-1'), 'the locked-out device reaches 112');
    const c = await carrier.done;
    t.match(identityOf(received(c.messages, 'INVITE')[0]!), { requestUri: `sip:112@127.0.0.1:${carrierPort}`, from: `${ORG} <sip:+49803162999@${DOMAIN}>`, privacy: 'none' });
  });
});
