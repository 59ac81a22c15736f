/**
 * End to end (issue 8 item 4): forwarding set by feature code and by the CLI, kept over a restart;
 * the forwarded leg toward the SIPp carrier carries exactly the policy's headers: the forwarding
 * DDI with Diversion (or History-Info), the original caller only with CLIP no screening, and a
 * withheld caller's CLIR surviving the forward (reported failures #1, #2, #3, #7).
 */
import t from 'tap';
import type { Test } from 'tap';
import { assertSippPassed } from '../helpers/sipp.js';
import { callRecords, phoneCall } from '../helpers/e2e.js';
import { waitFor } from '../helpers/wait-for.js';
import { registeredPhone, waitRegistered } from '../helpers/phones.js';
import { carrierCalls, carrierDialplan, carrierPbx } from '../integration/trunks/carrier.js';
import { identityOf, received } from '../integration/trunks/sip-log.js';

const DOMAIN = 'pbx.musterhausen.test';
const ORG = '"Stadt Musterhausen"';
const CITIZEN = { caller: '+4989123456', pai: '+4989123456', privacy: 'none' };
const WITHHELD = { caller: 'anonymous', pai: '+4989123456', privacy: 'id' };
const DIVERSION = `<sip:+49803162301@${DOMAIN}>;reason=unconditional;counter=1;privacy=off`;

void t.test('forwarded calls present the forwarding DDI, the caller only where allowed, and keep the caller\'s CLIR', async (t) => {
  const { p, carrierPort } = await carrierPbx(t);
  const target = `sip:+491701112222@127.0.0.1:${carrierPort}`;

  // The carrier calls 3001's DDI; the PBX forwards the call back out to the same carrier.
  const forwardedInvite = async (t: Test, who: typeof CITIZEN, ddi = '+49803162301') => {
    const r = await carrierCalls(p, carrierPort, ddi, who, { ooc: 'answer-expect-bye.xml' });
    assertSippPassed(t, r, 'carrier call in, forwarded leg out, answered');
    const legs = received(r.messages, 'INVITE');
    t.equal(legs.length, 1, 'the carrier got one forwarded INVITE');
    return legs[0]!;
  };

  await t.test('*21 with the outside-line prefix sets forwarding always; the phone hears the confirmation', async (t) => {
    // The media server answers, plays the confirmation and hangs up.
    const r = await phoneCall(p, 'call-answered-expect-bye.xml', '*21001701112222', '3001', 'anna-secret-1');
    assertSippPassed(t, r, '*21 answered with a spoken confirmation, then BYE from the PBX');
  });

  await t.test('a citizen\'s call forwarded without CLIP no screening presents the forwarding DDI with Diversion', async (t) => {
    const inv = await forwardedInvite(t, CITIZEN);
    t.same(identityOf(inv), {
      requestUri: target, from: `${ORG} <sip:+49803162301@${DOMAIN}>`, pai: `<sip:+49803162301@${DOMAIN}>`,
      ppi: undefined, privacy: 'none', diversion: DIVERSION, historyInfo: undefined, rpid: undefined,
    });
    t.notMatch(inv.raw, /\+4989123456|carrier\.test/, 'the original caller does not appear without CLIP no screening');
  });

  await t.test('an anonymous inbound call forwarded out stays anonymous and keeps our number in PAI', async (t) => {
    const inv = await forwardedInvite(t, WITHHELD);
    t.same(identityOf(inv), {
      requestUri: target, from: '"Anonymous" <sip:anonymous@anonymous.invalid>', pai: `<sip:+49803162301@${DOMAIN}>`,
      ppi: undefined, privacy: 'id', diversion: DIVERSION, historyInfo: undefined, rpid: undefined,
    });
    t.notMatch(inv.raw, /\+4989123456/, 'the withheld number never leaves');
  });

  await t.test('a colleague\'s call forwarded out carries only numbers of our block; a colleague with CLIR stays anonymous', async (t) => {
    const { startSipp } = await import('../helpers/sipp.js');
    for (const [user, password, from, privacy] of [
      ['3004', 'dora-secret-1', `${ORG} <sip:+49803162301@${DOMAIN}>`, 'none'],
      ['3002', 'bernd-secret-1', '"Anonymous" <sip:anonymous@anonymous.invalid>', 'id'],
    ] as const) {
      const carrier = startSipp({ scenario: 'test/scenarios/carrier/answer-expect-bye.xml', localPort: carrierPort, timeoutSec: 30 });
      assertSippPassed(t, await phoneCall(p, 'call.xml', '3001', user, password), `${user} calls 3001`);
      const c = await carrier.done;
      assertSippPassed(t, c, 'carrier answers the forward');
      t.same(identityOf(received(c.messages, 'INVITE')[0]!), {
        requestUri: target, from, pai: `<sip:+49803162301@${DOMAIN}>`, ppi: undefined, privacy, diversion: DIVERSION, historyInfo: undefined, rpid: undefined,
      }, `forwarded call from ${user}`);
    }
  });

  await t.test('with CLIP no screening booked the citizen\'s number is shown; the DDI stays in Diversion', async (t) => {
    const file = carrierDialplan(carrierPort, (doc) => { (doc.trunks[0]!.identity as Record<string, unknown>).clipNoScreening = true; });
    const applied = p.cli(['apply', file]);
    t.equal(applied.code, 0, 'the changed trunk profile applies', { stderr: applied.stderr });
    const inv = await forwardedInvite(t, CITIZEN);
    t.same(identityOf(inv), {
      requestUri: target, from: `<sip:+4989123456@${DOMAIN}>`, pai: `<sip:+4989123456@${DOMAIN}>`,
      ppi: undefined, privacy: 'none', diversion: DIVERSION, historyInfo: undefined, rpid: undefined,
    });
    const anon = await forwardedInvite(t, WITHHELD);
    t.match(identityOf(anon), { from: '"Anonymous" <sip:anonymous@anonymous.invalid>', pai: `<sip:+49803162301@${DOMAIN}>`, privacy: 'id' }, 'a withheld caller stays withheld');
  });

  await t.test('a carrier that wants History-Info gets the diverting DDI and the target with cause 302', async (t) => {
    const file = carrierDialplan(carrierPort, (doc) => { (doc.trunks[0]!.identity as Record<string, unknown>).diversion = 'history-info'; });
    t.equal(p.cli(['apply', file]).code, 0);
    const inv = await forwardedInvite(t, CITIZEN);
    t.same(identityOf(inv), {
      requestUri: target, from: `${ORG} <sip:+49803162301@${DOMAIN}>`, pai: `<sip:+49803162301@${DOMAIN}>`, ppi: undefined, privacy: 'none',
      diversion: undefined, historyInfo: `<sip:+49803162301@${DOMAIN}>;index=1, <${target};cause=302>;index=1.1;mp=1`, rpid: undefined,
    });
    t.equal(p.cli(['apply', carrierDialplan(carrierPort)]).code, 0, 'back to the Diversion profile without CLIP no screening');
  });

  await t.test('zentrale user forward tells the running PBX at once, and off cancels it', async (t) => {
    const set = p.cli(['user', 'forward', '3003', 'always', '+4930999888']);
    t.equal(set.code, 0, 'the CLI sets the forward', { stderr: set.stderr });
    t.match(set.stdout, /forwarding always of 3003 to \+4930999888; the running PBX uses it now/);
    const inv = await forwardedInvite(t, CITIZEN, '+49803162303');
    t.match(identityOf(inv), { requestUri: `sip:+4930999888@127.0.0.1:${carrierPort}`, diversion: `<sip:+49803162303@${DOMAIN}>;reason=unconditional;counter=1;privacy=off` });
    t.equal(p.cli(['user', 'forward', '3003', 'always', 'off']).code, 0);
    const refused = p.cli(['user', 'forward', '3003', 'busy', '112']);
    t.equal(refused.code, 1, 'an emergency number is no forwarding destination');
  });

  await t.test('forwarding set by feature code survives a restart of the PBX', async (t) => {
    p.kill();
    await p.restart();
    const inv = await forwardedInvite(t, CITIZEN);
    t.match(identityOf(inv), { requestUri: target, diversion: DIVERSION });
  });

  await t.test('#21 cancels forwarding always: the citizen reaches 3001\'s phone, shown in E.164', async (t) => {
    assertSippPassed(t, await phoneCall(p, 'call-answered-expect-bye.xml', '#21', '3001', 'anna-secret-1'), '#21 confirmed by a prompt');
    const phone = await registeredPhone(p, '3001', 'anna-secret-1', { holdMs: 4000 });
    await waitRegistered(p.output, '3001');
    assertSippPassed(t, await carrierCalls(p, carrierPort, '+49803162301', CITIZEN), 'the carrier\'s call is answered');
    const rang = (await phone.done).messages;
    t.match(rang, new RegExp(`From: "\\+4989123456" <sip:\\+4989123456@${DOMAIN.replace(/\./g, '\\.')}>`), 'the phone shows the caller normalised to E.164');
    await waitFor(async () => (await callRecords(p)).at(-1)?.ended === 1, { what: 'call record' });
    t.match((await callRecords(p)).at(-1), { caller: '+4989123456', callee: '3001', dialled: '+49803162301', answered_by: '3001' });
  });
});
