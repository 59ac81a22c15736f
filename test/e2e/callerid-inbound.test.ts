/**
 * End to end (issue 8 items 2, 5 and 7): the SIPp carrier calls DDIs of users and of a hotline;
 * a user with `ringMobile: also` rings on the desk phone and, through the trunk, on the mobile,
 * which presents the policy's headers; an anonymous caller stays anonymous on our phones; the info
 * log names a private mobile by its owner, never by the number.
 */
import t from 'tap';
import { assertSippPassed } from '../helpers/sipp.js';
import { callRecords } from '../helpers/e2e.js';
import { logLines } from '../helpers/pbx.js';
import { registeredPhone, waitRegistered } from '../helpers/phones.js';
import { waitFor } from '../helpers/wait-for.js';
import { carrierCalls, carrierPbx } from '../integration/trunks/carrier.js';
import { identityOf, parseSippLog, received } from '../integration/trunks/sip-log.js';

const DOMAIN = 'pbx.musterhausen.test';
const ORG = '"Stadt Musterhausen"';
const CITIZEN = { caller: '+4989123456', pai: '+4989123456', privacy: 'none' };

void t.test('inbound calls from the carrier reach users, mobiles and hotlines by DDI', async (t) => {
  const { p, carrierPort } = await carrierPbx(t);

  await t.test('a DDI with ringMobile: also rings the desk phone and the mobile; the mobile leg presents the user\'s DDI with Diversion', async (t) => {
    const desk = await registeredPhone(p, '3003', 'carla-secret-1', { answer: 'ring-expect-cancel-ooc.xml', holdMs: 5000 });
    await waitRegistered(p.output, '3003');
    const r = await carrierCalls(p, carrierPort, '+49803162303', CITIZEN, { ooc: 'answer-expect-bye.xml' });
    assertSippPassed(t, r, 'the carrier\'s call is answered on the mobile');
    const mobile = received(r.messages, 'INVITE');
    t.equal(mobile.length, 1, 'one leg toward the mobile');
    t.same(identityOf(mobile[0]!), {
      requestUri: `sip:+491709876543@127.0.0.1:${carrierPort}`,
      from: `${ORG} <sip:+49803162303@${DOMAIN}>`, pai: `<sip:+49803162303@${DOMAIN}>`, ppi: undefined, privacy: 'none',
      diversion: `<sip:+49803162303@${DOMAIN}>;reason=follow-me;counter=1;privacy=off`, historyInfo: undefined, rpid: undefined,
    });
    const deskLog = (await desk.done).messages;
    const deskInvite = parseSippLog(deskLog).find((m) => m.direction === 'received' && m.method === 'INVITE');
    t.match(deskInvite?.header('From'), /^"\+4989123456" <sip:\+4989123456@pbx\.musterhausen\.test>/, 'the desk phone shows the caller in E.164');
    t.ok(parseSippLog(deskLog).some((m) => m.direction === 'received' && m.method === 'CANCEL'), 'the desk phone stops ringing when the mobile answers');
    await waitFor(async () => (await callRecords(p)).some((c) => c.dialled === '+49803162303' && c.ended === 1), { what: 'record' });
    t.match((await callRecords(p)).find((c) => c.dialled === '+49803162303'), { caller: '+4989123456', callee: '3003', answered_by: '3003', answered: 1 });
  });

  await t.test('an anonymous caller reaches a user\'s phone as Anonymous, with no number anywhere', async (t) => {
    const phone = await registeredPhone(p, '3001', 'anna-secret-1', { holdMs: 4000 });
    await waitRegistered(p.output, '3001');
    assertSippPassed(t, await carrierCalls(p, carrierPort, '+49803162301', { caller: 'anonymous', pai: '+4989123456', privacy: 'id' }), 'answered');
    const inv = parseSippLog((await phone.done).messages).find((m) => m.direction === 'received' && m.method === 'INVITE');
    t.match(inv?.header('From'), /^"Anonymous" <sip:anonymous@anonymous\.invalid>/);
    t.notMatch(inv?.raw, /4989123456|P-Asserted-Identity|Privacy/, 'neither the withheld number nor the carrier\'s identity headers reach the phone');
  });

  await t.test('a hotline DDI routes to the hotline (its step may still be unavailable in this build)', async (t) => {
    // The caller is a member of staff on the private mobile: its number must appear masked.
    const r = await carrierCalls(p, carrierPort, '+49803162100', { caller: '+491701234567', pai: '+491701234567', privacy: 'none' }, { scenario: 'invite-ddi-expect-final.xml' });
    assertSippPassed(t, r, 'the carrier gets an answer or 480');
    await waitFor(async () => (await callRecords(p)).some((c) => c.dialled === '+49803162100' && c.ended === 1), { what: 'record' });
    t.match((await callRecords(p)).find((c) => c.dialled === '+49803162100'), { dialled: '+49803162100', callee: '+49803162100', caller: 'mobile:3001' },
      'the call record names the staff member, never the private number');
    const lines = logLines(p.output());
    const route = lines.find((l) => l.msg === 'route decided' && JSON.stringify(l.explain).includes('+49803162100'));
    t.match(JSON.stringify(route?.explain), /hotline 4100/, 'routing chose hotline 4100');
    t.match(JSON.stringify(route?.explain), /the mobile of 3001/, 'the explain trail names the staff mobile by its owner');
    const inbound = lines.filter((l) => l.msg === 'inbound call from trunk');
    t.ok(inbound.some((l) => l.callerKind === 'staff-mobile' && l.extension === '3001' && !('phone' in l)), 'the info log names the staff mobile by its owner, with no number');
  });

  await t.test('no info-level log line carries a private mobile number', async (t) => {
    const leaks = logLines(p.output()).filter((l) => (l.level as number) >= 30 && /\+491709876543|\+491701234567/.test(JSON.stringify(l)));
    t.same(leaks, []);
  });
});
