/**
 * End to end (issue 8 items 3 and 6): users call out through a SIPp carrier on loopback; the
 * carrier's INVITE carries exactly the identity headers of docs/caller-id-policy.md: the user's
 * DDI and the organisation's name, CLIR per call (#31#) and per user, 110/112 with and without
 * the outside-line prefix from a user with permanent CLIR. One PBX for the whole file.
 */
import t from 'tap';
import type { Test } from 'tap';
import { assertSippPassed } from '../helpers/sipp.js';
import { callRecords, phoneCall } from '../helpers/e2e.js';
import { waitFor } from '../helpers/wait-for.js';
import { logLines } from '../helpers/pbx.js';
import { carrierAnswers, carrierPbx } from '../integration/trunks/carrier.js';
import { identityOf, received } from '../integration/trunks/sip-log.js';

const DOMAIN = 'pbx.musterhausen.test';
const ORG = '"Stadt Musterhausen"';

void t.test('outbound calls present exactly what the caller-ID policy decides', async (t) => {
  const { p, carrierPort } = await carrierPbx(t);

  // One call from `user` dialling `dialled`; returns the INVITE the carrier got.
  const callOut = async (t: Test, user: string, password: string, dialled: string) => {
    const carrier = carrierAnswers(carrierPort);
    const phone = await phoneCall(p, 'call.xml', dialled, user, password);
    assertSippPassed(t, phone, `${user} calls ${dialled}`);
    const c = await carrier.done;
    assertSippPassed(t, c, 'carrier answers');
    const invite = received(c.messages, 'INVITE')[0];
    if (!invite) throw new Error(`the carrier got no INVITE:\n${c.messages.slice(-2000)}`);
    return invite;
  };

  await t.test('a user dials out with the outside-line prefix: the DDI in From and PAI, the organisation as name, Privacy none', async (t) => {
    const inv = await callOut(t, '3001', 'anna-secret-1', '0089123456');
    t.same(identityOf(inv), {
      requestUri: `sip:+4989123456@127.0.0.1:${carrierPort}`,
      from: `${ORG} <sip:+49803162301@${DOMAIN}>`,
      pai: `<sip:+49803162301@${DOMAIN}>`, ppi: undefined, privacy: 'none', diversion: undefined, historyInfo: undefined, rpid: undefined,
    });
    t.match(inv.header('To'), new RegExp(`^<sip:\\+4989123456@127\\.0\\.0\\.1:${carrierPort}>`), 'To names the callee in E.164');
    t.notMatch(inv.raw, /evil\.invalid|\+491701234567|Anna|3001/, 'nothing of the device, its user or the identity it asserted reaches the carrier');
    t.match(inv.header('Contact'), new RegExp(`^<sip:127\\.0\\.0\\.1:${p.sipPort}`), 'the Contact is the PBX, not the device');
    await waitFor(async () => (await callRecords(p)).some((r) => r.dialled === '0089123456' && r.ended === 1), { what: 'call record' });
    t.match((await callRecords(p)).find((r) => r.dialled === '0089123456'), { caller: '3001', answered_by: '+4989123456', answered: 1 });
  });

  await t.test('a user dials an E.164 number: the same identity', async (t) => {
    const inv = await callOut(t, '3001', 'anna-secret-1', '+4930123456');
    t.match(identityOf(inv), { requestUri: `sip:+4930123456@127.0.0.1:${carrierPort}`, from: `${ORG} <sip:+49803162301@${DOMAIN}>`, privacy: 'none' });
  });

  await t.test('a user without a DDI presents the main number', async (t) => {
    const inv = await callOut(t, '3004', 'dora-secret-1', '0089123456');
    t.match(identityOf(inv), { from: `${ORG} <sip:+498031620@${DOMAIN}>`, pai: `<sip:+498031620@${DOMAIN}>`, privacy: 'none' });
  });

  await t.test('CLIR for one call (#31#): anonymous From, Privacy id, the DDI still in PAI toward the trunk', async (t) => {
    const inv = await callOut(t, '3001', 'anna-secret-1', '#31#0089123456');
    t.same(identityOf(inv), {
      requestUri: `sip:+4989123456@127.0.0.1:${carrierPort}`,
      from: '"Anonymous" <sip:anonymous@anonymous.invalid>',
      pai: `<sip:+49803162301@${DOMAIN}>`, ppi: undefined, privacy: 'id', diversion: undefined, historyInfo: undefined, rpid: undefined,
    });
  });

  await t.test('permanent CLIR of the user: anonymous From, Privacy id, the DDI in PAI', async (t) => {
    const inv = await callOut(t, '3002', 'bernd-secret-1', '0089123456');
    t.same(identityOf(inv), {
      requestUri: `sip:+4989123456@127.0.0.1:${carrierPort}`,
      from: '"Anonymous" <sip:anonymous@anonymous.invalid>',
      pai: `<sip:+49803162302@${DOMAIN}>`, ppi: undefined, privacy: 'id', diversion: undefined, historyInfo: undefined, rpid: undefined,
    });
  });

  let emergencyCalls = 0;
  for (const dialled of ['112', '0112', '110']) {
    await t.test(`${dialled} from a user with permanent CLIR: the bare number, the site's emergency number, never withheld`, async (t) => {
      const inv = await callOut(t, '3002', 'bernd-secret-1', dialled);
      const number = dialled.slice(-3);
      t.same(identityOf(inv), {
        requestUri: `sip:${number}@127.0.0.1:${carrierPort}`,
        from: `${ORG} <sip:+49803162110@${DOMAIN}>`,
        pai: `<sip:+49803162110@${DOMAIN}>`, ppi: undefined, privacy: 'none', diversion: undefined, historyInfo: undefined, rpid: undefined,
      });
      t.notMatch(inv.raw, /anonymous/i, 'no anonymity on an emergency call');
      const warnings = logLines(p.output()).filter((l) => l.msg === 'emergency call' && l.level === 40);
      t.equal(warnings.length, ++emergencyCalls, 'every emergency call is logged at warn');
      t.match(warnings.at(-1), { number, extension: '3002', origin: 'office', presented: '+49803162110', trunk: 'carrier' });
    });
  }
});
