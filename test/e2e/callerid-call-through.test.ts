/**
 * End to end (issue 8 item 5): call-through from a private mobile. The carrier (a Node SIP phone on
 * the trunk's port) calls the call-through DDI from Anna's stored mobile; the media server answers,
 * asks the PIN and the number, both sent as RFC 4733 events; the PBX then calls the citizen through
 * the same carrier presenting Anna's DDI (never the mobile) and moves the caller to the citizen by
 * re-INVITE; 112 dialled there presents the emergency callback number. Three wrong PINs end the
 * call before anything leaves. Then the rest of a working day on the same PBX, with a colleague on
 * sick leave: a citizen calls a DDI, a user calls out, colleagues call each other, the operator
 * transfers a citizen from the switchboard panel; the whole output at debug holds no citizen's
 * number in any format and no absence reason (presence.md §5.3 test 16). One PBX for the file.
 */
import t from 'tap';
import { carrierPbx } from '../integration/trunks/carrier.js';
import { callCause, fromCarrier, keepOutputOnFailure, sitePhone } from '../integration/hotlines/helpers/hotline-e2e.js';
import { spawnSync } from 'node:child_process';
import { SipPhone, type PhoneCall } from '../integration/hotlines/helpers/sip-phone.js';
import { callRecords } from '../helpers/e2e.js';
import { logLines } from '../helpers/pbx.js';
import { waitFor } from '../helpers/wait-for.js';

const DOMAIN = 'pbx.musterhausen.test';
const CALL_THROUGH = '+49803162992';
const MOBILE = '+491701234567';
const PIN = '902817';
// The day's other parties: a citizen calling in, one called out, one the operator transfers.
const CITIZEN_IN = '+4930555123';
const CITIZEN_OUT = '+4940987654';
const CITIZEN_OPERATOR = '+4921198765';

/** A party number in any format a log line could hold it: +49…, 0049…, 49…, 0… or bare. */
function anyFormOf(e164: string): RegExp {
  const nsn = e164.replace(/^\+49/, '');
  return new RegExp(`(^|[^0-9])(\\+49|0049|49|00|0)?${nsn}($|[^0-9])`);
}

// Keys as a phone sends them, closer together than the test phone's default (a shorter test).
const press = async (call: PhoneCall, keys: string) => {
  await call.nextPrompt();
  await call.dtmf(keys, 60);
};

void t.test('call-through: mobile plus PIN by DTMF, then the citizen sees the user\'s DDI', async (t) => {
  const { p, carrierPort } = await carrierPbx(t, {
    patch: (doc) => {
      (doc.numbers as Record<string, unknown>).services = { callThrough: CALL_THROUGH };
      const anna = (doc.users as Array<Record<string, unknown>>).find((u) => u.extension === '3001')!;
      Object.assign(anna, { callThrough: true, pin: PIN });
      // Dora runs the switchboard for the office (the day below).
      doc.teams = [{ id: 'amt', members: ['3001', '3002', '3003'], operators: ['3004'] }];
    },
  });
  keepOutputOnFailure(t, p);
  const carrier = await SipPhone.open({ pbxPort: p.sipPort, localPort: carrierPort });
  t.teardown(() => carrier.close());

  await t.test('three wrong PINs end the call and no INVITE leaves toward the citizen', async (t) => {
    const call = await carrier.call(CALL_THROUGH, fromCarrier(MOBILE));
    t.ok(await call.answered(), 'the media server answers');
    // Each question (the second and third after "wrong PIN") takes the keys while it plays.
    for (const wrong of ['1111', '2222', '3333']) await press(call, `${wrong}#`);
    t.ok(await call.ended(20_000), 'the PBX hangs up');
    t.equal(call.endedBy, 'remote');
    t.equal(await callCause(p, call.callId), 'feature-refused-call-through');
    // The leg toward the citizen would be placed before the hang-up: none was.
    t.same(carrier.received.map((c) => c.invite?.firstLine), [], 'the carrier got no INVITE');
    t.equal(logLines(p.output()).filter((l) => l.msg === 'call-through refused: no valid PIN').length, 1);
  });

  await t.test('the right PIN, then a national number: the carrier is called presenting the DDI, the caller is connected', async (t) => {
    const call = await carrier.call(CALL_THROUGH, fromCarrier(MOBILE));
    t.ok(await call.answered(), 'the media server answers');
    await press(call, `${PIN}#`);
    await press(call, '089123456#');
    const citizen = await carrier.nextIncoming();
    const inv = citizen.invite!;
    t.match(inv.firstLine, new RegExp(`^INVITE sip:\\+4989123456@127\\.0\\.0\\.1:${carrierPort} `), 'the citizen in E.164 at the carrier');
    t.equal(inv.header('From')?.replace(/;tag=.*$/, ''), `"Stadt Musterhausen" <sip:+49803162301@${DOMAIN}>`, "From: Anna's DDI and the organisation");
    t.equal(inv.header('P-Asserted-Identity'), `<sip:+49803162301@${DOMAIN}>`, "PAI: Anna's DDI");
    t.equal(inv.header('Privacy'), 'none');
    t.notMatch(inv.raw, /1701234567|Anna|3001/, 'neither the mobile nor the person reaches the carrier');

    t.ok(await citizen.answered(), 'the citizen answers');
    await waitFor(() => call.reinvites > 0, { what: 'the caller is moved to the citizen', ms: 15_000 });
    t.equal(call.remoteMedia?.port, citizen.rtpPort, "the re-INVITE gives the caller the citizen's media address");
    await call.dtmf('5');
    await waitFor(() => citizen.rtp.audible > 0, { what: "the caller's RTP at the citizen", ms: 10_000 });
    const since = performance.now();
    await citizen.dtmf('7');
    await call.nextPrompt(since, 10_000);
    t.pass("the citizen's RTP reaches the caller");

    call.hangup();
    t.ok(await citizen.ended(10_000), "the citizen's leg ends with the caller");
    const record = await waitFor(async () => (await callRecords(p)).find((r) => r.dialled === CALL_THROUGH && r.answered === 1 && r.ended === 1), { what: 'call record' });
    t.match(record, { answered_by: '+4989123456', caller: 'mobile:3001' }, 'recorded by the staff member, not the private mobile');
  });

  await t.test('112 dialled through call-through is an emergency call of the user presenting the callback number', async (t) => {
    const call = await carrier.call(CALL_THROUGH, fromCarrier(MOBILE));
    t.ok(await call.answered(), 'the media server answers');
    await press(call, `${PIN}#`);
    await press(call, '112#');
    const sos = await carrier.nextIncoming();
    t.match(sos.invite!.firstLine, new RegExp(`^INVITE sip:112@127\\.0\\.0\\.1:${carrierPort} `), 'the bare emergency number');
    t.equal(sos.invite!.header('P-Asserted-Identity'), `<sip:+49803162999@${DOMAIN}>`, 'the emergency callback number');
    t.equal(sos.invite!.header('Privacy'), 'none');
    t.notMatch(sos.invite!.raw, /1701234567/, 'never the mobile');
    t.ok(await sos.answered(), 'the emergency service answers');
    await waitFor(() => call.reinvites > 0, { what: 'the caller is moved to the emergency service', ms: 15_000 });
    call.hangup();
    t.ok(await sos.ended(10_000));
    t.match(logLines(p.output()).find((l) => l.msg === 'emergency call'), { level: 40, number: '112', extension: '3001', origin: 'call-through', presented: '+49803162999' });
  });

  await t.test('the rest of the day: Bernd on sick leave, a citizen calls in, Dora calls out, colleagues call, the operator transfers', async (t) => {
    t.equal(p.cli(['user', 'absence', '3002', '--reason', 'sick', '--until', '2099-12-30']).code, 0, 'Bernd is on sick leave');
    const anna = await sitePhone(t, p, '3001', { register: true });
    const dora = await sitePhone(t, p, '3004');
    // A call is hung up once the PBX has bridged it (its record says answered), except in the
    // rounds below that hang up with the ACK on purpose.
    const bridged = (dialled: string) => waitFor(async () => (await callRecords(p)).find((r) => r.dialled === dialled && r.answered === 1), { what: `${dialled} bridged` });

    const inbound = await carrier.call('+49803162301', fromCarrier(CITIZEN_IN));
    t.ok(await inbound.answered(), "a citizen's call to Anna's DDI is answered on her desk phone");
    const annaIn = await anna.nextIncoming();
    await bridged('+49803162301');
    inbound.hangup();
    t.ok(await annaIn.ended(10_000), 'and ends with the citizen');

    const toSick = await carrier.call('+49803162302', fromCarrier(CITIZEN_IN));
    t.notOk(await toSick.answered(10_000), "a citizen's call to Bernd's DDI is not answered while he is on sick leave");

    const out = await dora.call(`0${CITIZEN_OUT.replace('+49', '0')}`);
    const citizen = await carrier.nextIncoming();
    t.match(citizen.invite!.firstLine, new RegExp(`^INVITE sip:\\${CITIZEN_OUT}@`), 'Dora calls a citizen through the carrier');
    t.ok(await out.answered(), 'the citizen answers');
    await bridged('0040987654');
    out.hangup();
    t.ok(await citizen.ended(10_000));

    const internal = await dora.call('3001');
    t.ok(await internal.answered(), 'Dora calls Anna');
    const annaInternal = await anna.nextIncoming();
    await bridged('3001');
    internal.hangup();
    t.ok(await annaInternal.ended(10_000));
    // A caller who hangs up with the ACK, both sent in one go: srf handles the frames of one
    // read together, so the BYE destroyed the caller's dialog before the bridge listened, and
    // Anna's leg stayed up (bridge.ts now ends a call whose leg is gone when it is bridged).
    for (let round = 1; round <= 3; round++) {
      const quick = await dora.call('3001');
      t.ok(await quick.answered(), `round ${round}: Anna answers`);
      quick.hangup();
      const annaQuick = await anna.nextIncoming();
      t.ok(await annaQuick.ended(10_000), `round ${round}: Dora hangs up with her ACK, and Anna's leg ends too`);
    }
    // The callee's side of the same race: Anna answers and hangs up the moment her 200 is
    // acknowledged, while the PBX is still answering Dora; Dora's call must end, not stay up.
    anna.hangUpOnAck = true;
    for (let round = 1; round <= 3; round++) {
      const quick = await dora.call('3001');
      const annaQuick = await anna.nextIncoming();
      t.ok(await annaQuick.ended(10_000), `round ${round}: Anna hangs up on her ACK`);
      t.ok(await quick.ended(10_000), `round ${round}: and Dora's call ends too`);
    }
    anna.hangUpOnAck = false;
    const sick = await dora.call('3002');
    t.notOk(await sick.answered(10_000), 'Dora cannot reach Bernd');

    // The switchboard: Dora, on a call with a citizen, hands it to Anna from the panel.
    const pw = spawnSync(process.execPath, ['bin/zentrale.js', 'user', 'web-password', '3004'], { env: p.env, input: 'dora-panel-password\n', encoding: 'utf8' });
    t.equal(pw.status, 0, 'Dora has a panel password');
    const login = await fetch(`http://127.0.0.1:${p.httpPort}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ extension: '3004', password: 'dora-panel-password' }) });
    const { token } = (await login.json()) as { token: string };
    const toOperator = await dora.call(`0${CITIZEN_OPERATOR.replace('+49', '0')}`);
    const caller = await carrier.nextIncoming();
    t.ok(await toOperator.answered(), 'Dora is on a call with a citizen');
    await bridged('0021198765');
    const transfer = await fetch(`http://127.0.0.1:${p.httpPort}/api/switchboard/transfer`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ to: '3001' }),
    });
    t.same(await transfer.json(), { result: 'transferred' }, 'the operator transfers the citizen to Anna');
    const annaTransferred = await anna.nextIncoming();
    await waitFor(() => caller.reinvites > 0, { what: 'the citizen is moved to Anna', ms: 15_000 });
    caller.hangup();
    t.ok(await annaTransferred.ended(10_000), "Anna's leg ends with the citizen");
    t.ok(logLines(p.output()).some((l) => l.msg === 'call transferred from the switchboard' && l.operator === '3004'), 'the transfer is logged with the operator');
  });

  await t.test('§5.3 test 16 (party numbers): the whole output at debug holds no party number in any format and no absence reason', async (t) => {
    const out = p.output();
    const lines = out.split('\n');
    t.ok(lines.some((l) => l.includes('"level":20')), 'the PBX logged at debug');
    t.ok(lines.some((l) => l.includes('"msg":"route decided"')), 'routing explain trails are in the log');
    for (const [who, number] of [['the citizen called through call-through', '+4989123456'], ['the staff mobile', MOBILE], ['the citizen who called in', CITIZEN_IN],
      ['the citizen called out', CITIZEN_OUT], ['the citizen the operator transferred', CITIZEN_OPERATOR]] as const) {
      const form = anyFormOf(number);
      t.same(lines.filter((l) => form.test(l)), [], `no line holds ${who}`);
    }
    t.same(lines.filter((l) => /[0-9]\*{3,}/.test(l)), [], 'nor a masked number (+49170*******): no line names a party at all');
    for (const reason of ['sick', 'krank', '2099']) t.same(lines.filter((l) => l.toLowerCase().includes(reason)), [], `no line holds ${reason}`);
  });

  await t.test('the log carries neither a PIN nor the unmasked mobile at info level', async (t) => {
    const lines = logLines(p.output());
    const pinLike = new RegExp(`(^|[^0-9])(${PIN}|1111|2222|3333)([^0-9]|$)`);
    t.same(lines.filter((l) => pinLike.test(JSON.stringify(l))).map((l) => l.msg), [], 'no PIN, right or wrong, in any line');
    t.same(lines.filter((l) => (l.level as number) >= 30 && JSON.stringify(l).includes(MOBILE)).map((l) => l.msg), [], 'the mobile masked');
    t.ok(lines.some((l) => l.msg === 'call-through call' && l.extension === '3001'), 'the call is logged with the user');
  });

  await t.test('wrong PINs count across calls: the fifth from the mobile within 15 minutes locks it, and then even the right PIN gets no line out', async (t) => {
    const invitesBefore = carrier.received.length;
    // Three wrong PINs from the mobile in the first subtest (a right PIN since clears the user's
    // count, not the calling number's: one right PIN must not launder guesses); two more now.
    const call = await carrier.call(CALL_THROUGH, fromCarrier(MOBILE));
    t.ok(await call.answered(), 'the media server answers');
    await press(call, '4444#');
    await press(call, '5555#');
    t.ok(await call.ended(20_000), 'the PBX hangs up after the fifth');
    t.equal(logLines(p.output()).filter((l) => l.msg === 'call-through: PIN locked after wrong PINs').length, 1, 'locked after the fifth');
    const again = await carrier.call(CALL_THROUGH, fromCarrier(MOBILE));
    t.ok(await again.answered(), 'the media server answers the next call');
    t.ok(await again.ended(20_000), 'and hangs up without asking for the PIN');
    t.equal(logLines(p.output()).filter((l) => l.msg === 'call-through refused: PIN locked after wrong PINs').length, 1, 'refused as locked');
    t.equal(carrier.received.length, invitesBefore, 'the carrier got no INVITE');
  });
});
