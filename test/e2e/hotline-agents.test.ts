/**
 * Agents on any phone and the staffing of a line, end to end on one PBX (issue 7 items 4, 6, 8):
 * the agent service number from a mobile (recognised by the stored number, PIN by DTMF) and from
 * an unknown number (extension and PIN), *45 from a desk phone, wrong PINs locked out per user and
 * per number; the last-agent guard of a minAgents line by feature code and by the service number
 * (a confirming 1); the staffing alarm by e-mail to a real SMTP server on loopback and by a call
 * that plays the alarm to 3004; the all-clear once staffed again; all of it in the hotline log.
 */
import t from 'tap';
import { waitFor } from '../helpers/wait-for.js';
import { callCause, fromCarrier, heard, hotlineLog, hotlineStatus, logged, sitePhone, smtpSink, trunkPbx, waitAgentState, waitForLog } from '../integration/hotlines/helpers/hotline-e2e.js';
import type { PhoneCall } from '../integration/hotlines/helpers/sip-phone.js';

/** Answers the service's questions in turn: each entry is pressed once the next prompt starts. */
async function answer(call: PhoneCall, ...entries: string[]): Promise<void> {
  for (const keys of entries) await call.answerPrompt(keys);
}

/** Waits until the PBX hung up, and tells whether it did. */
async function hungUpByPbx(call: PhoneCall): Promise<boolean> {
  return (await call.ended(40_000)) && call.endedBy === 'remote';
}

// One PBX for the whole story: its start-up is the slowest part of an e2e test.
t.setTimeout(480_000);

void t.test('agent service, last-agent guard and staffing alarm', async (t) => {
  const smtp = await smtpSink(t);
  const { p, carrier } = await trunkPbx(t, { ZENTRALE_SMTP_URL: smtp.url, ZENTRALE_MAIL_FROM: 'pbx@musterhausen.test' });
  const state = async (ext: string) => (await hotlineStatus(p, '4400')).agents.find((a) => a.extension === ext)?.state;
  // The alarm number: Dora's desk phone, registered, answering after a short ring.
  const dora = await sitePhone(t, p, '3004', { register: true, answerMs: 300 });
  const anna = await sitePhone(t, p, '3001');
  const carla = await sitePhone(t, p, '3003');

  await t.test('from the stored mobile: recognised, PIN by DTMF, 1 and # log in to all of its hotlines', async (t) => {
    const call = await carrier.call('+49803162450', fromCarrier('+491701234567'));
    t.ok(await call.answered(), 'the service answers');
    await answer(call, '4711#', '1', '#');
    t.ok(await hungUpByPbx(call), 'the service confirms and hangs up');
    await waitAgentState(p, '4400', '3001', 'available');
    await waitForLog(p, '4400', (e) => e.event === 'login' && e.agent === '3001', 'login of 3001');
    await waitAgentState(p, '4403', '3001', 'available');
  });

  await t.test('from an unknown number: extension and PIN asked; an agent of two lines names the hotline', async (t) => {
    const call = await carrier.call('+49803162450', fromCarrier('+4915112345678'));
    t.ok(await call.answered());
    await answer(call, '3003#', '1357#', '1', '4400#');
    t.ok(await hungUpByPbx(call));
    t.ok(await heard(call, 'hotline/logged-in'), 'the login is confirmed');
    await waitAgentState(p, '4400', '3003', 'available');
  });

  await t.test('*45 from the desk phone needs no PIN; 3 pauses while a colleague is on duty', async (t) => {
    const call = await carla.call('*45');
    t.ok(await call.answered());
    await answer(call, '3');
    t.ok(await hungUpByPbx(call));
    await waitAgentState(p, '4400', '3003', 'paused');
    t.equal(smtp.mails.length, 0, 'no alarm: 3001 is still on duty');
  });

  await t.test('last-agent guard by *42: without the confirming 1 nothing changes', async (t) => {
    const call = await anna.call('*424400');
    t.ok(await call.answered(), 'answered to ask for the confirmation');
    // Listening to the end this time: the notice is said in full before the key.
    await waitFor(async () => (await heard(call, 'hotline/last-agent')) || undefined, { what: 'told that they are the last one on duty', ms: 20_000 });
    await call.dtmf('2');
    t.ok(await hungUpByPbx(call));
    t.equal(await callCause(p, call.callId), 'feature-last-agent-kept', 'the PBX asked and kept the agent');
    t.equal(await state('3001'), 'available', 'still logged in');
    t.notOk((await hotlineLog(p, '4400')).some((e) => e.event === 'understaffed'));
  });

  await t.test('last-agent guard by *42 confirmed with 1: logged out, alarm by e-mail and by a call to the alarm number', async (t) => {
    const call = await anna.call('*424400');
    t.ok(await call.answered());
    await answer(call, '1');
    t.ok(await hungUpByPbx(call));
    t.equal(await callCause(p, call.callId), 'feature-logout-forced');
    await waitAgentState(p, '4400', '3001', 'logged-out');
    const log = await waitForLog(p, '4400', (e) => e.event === 'understaffed', 'understaffed');
    const tail = log.slice(log.findIndex((e) => e.event === 'logout' && e.agent === '3001'));
    t.same(tail.map((e) => e.event), ['logout', 'understaffed'], 'the logout, then the drop below minAgents');
    t.match(tail[1]?.detail, { cause: 'logout', forced: true, staffed: 0, minAgents: 1 });

    await waitFor(() => smtp.mails.length >= 1, { ms: 15_000, what: 'the alarm e-mail' });
    const mail = smtp.mails[0]!;
    t.same(mail.to, ['leitstelle@musterhausen.test']);
    t.equal(mail.headers.from, 'pbx@musterhausen.test');
    t.match(mail.headers.subject, /^Besetzungsalarm: Hausmeister \(4400\) ist nicht ausreichend besetzt$/);
    t.match(mail.text, /0 von mindestens 1 Personen im Dienst\. Ursache: Abmeldung\./);
    t.notMatch(mail.text, /3001|Anna/, 'the e-mail does not name who logged out');

    const alarm = await dora.nextIncoming(20_000);
    t.match(alarm.invite?.header('From'), /Alarm Hausmeister/, 'the alarm call names the hotline');
    t.ok(await alarm.answered(5000), 'Dora answers');
    await waitFor(async () => (await heard(alarm, 'hotline/alarm')) || undefined, { ms: 15_000, what: 'the alarm is heard' });
    t.ok(await alarm.ended(30_000), 'the PBX hangs up after saying the alarm');
    t.equal(alarm.endedBy, 'remote');
  });

  await t.test('staffed again (*43 ends the pause): the all-clear by e-mail', async (t) => {
    const call = await carla.call('*43');
    t.ok(await call.answered());
    t.ok(await hungUpByPbx(call), 'the confirmation, then the PBX hangs up');
    await waitAgentState(p, '4400', '3003', 'available');
    await waitForLog(p, '4400', (e) => e.event === 'staffed', 'staffed');
    await waitFor(() => smtp.mails.length >= 2, { ms: 15_000, what: 'the all-clear e-mail' });
    t.match(smtp.mails[1]!.headers.subject, /^Entwarnung: Hausmeister \(4400\) ist wieder besetzt$/);
    t.same(smtp.mails[1]!.to, ['leitstelle@musterhausen.test']);
  });

  await t.test('last-agent guard by the service number: 3 then 1 pauses the last one, and the alarm goes out again', async (t) => {
    const call = await carrier.call('+49803162450', fromCarrier('+4915112345678'));
    t.ok(await call.answered());
    await answer(call, '3003#', '1357#', '3', '1');
    t.ok(await hungUpByPbx(call));
    t.equal(await callCause(p, call.callId), 'feature-agent-service-pause');
    await waitAgentState(p, '4400', '3003', 'paused');
    const log = await waitForLog(p, '4400', (e) => e.event === 'understaffed' && e.detail?.cause === 'pause', 'understaffed by pause');
    t.same(log.filter((e) => e.event === 'understaffed').length, 2);
    await waitFor(() => smtp.mails.length >= 3, { ms: 15_000, what: 'the second alarm e-mail' });
    t.match(smtp.mails[2]!.text, /Ursache: Pause\./);
    const alarm = await dora.nextIncoming(20_000);
    t.ok(await alarm.answered(5000), 'the alarm number is called again');
    alarm.hangup();
  });

  await t.test('zentrale hotline log shows the agents\' story, without pause reasons', async (t) => {
    const r = p.cli(['hotline', 'log', '4400', '--json']);
    t.equal(r.code, 0);
    const log = JSON.parse(r.stdout) as Array<{ at: string; event: string; agent: string | null; detail: Record<string, unknown> | null }>;
    t.same(log.map((e) => [e.event, e.agent]), [
      ['login', '3001'], ['login', '3003'], ['pause', '3003'], ['logout', '3001'], ['understaffed', null],
      ['resume', '3003'], ['staffed', null], ['pause', '3003'], ['understaffed', null],
    ]);
    t.ok(log.every((e) => !Number.isNaN(Date.parse(e.at))), 'times in ISO-8601');
    t.notMatch(r.stdout, /"phone"/, 'the pause reason is not in the log');
    const since = p.cli(['hotline', 'log', '4400', '--since', log[5]!.at, '--json']);
    t.same((JSON.parse(since.stdout) as Array<{ event: string }>).map((e) => e.event), ['resume', 'staffed', 'pause', 'understaffed'], '--since');
    const status = JSON.parse(p.cli(['hotline', 'status', '4400', '--json']).stdout) as { staffed: number; minAgents: number; agents: Array<{ extension: string; state: string }> };
    t.match(status, { staffed: 0, minAgents: 1 });
  });

  await t.test('wrong PINs: three per call, a lockout after five per number and per user', async (t) => {
    const thief = '+4915199999999';
    const first = await carrier.call('+49803162450', fromCarrier(thief));
    t.ok(await first.answered());
    await answer(first, '3002#', '0000#', '3002#', '1111#', '3002#', '2222#');
    t.ok(await hungUpByPbx(first), 'hung up after three wrong PINs');
    t.equal(await callCause(p, first.callId), 'agent-service-not-identified');
    const second = await carrier.call('+49803162450', fromCarrier(thief));
    t.ok(await second.answered());
    await answer(second, '3002#', '3333#', '3002#', '4444#');
    t.ok(await hungUpByPbx(second), 'the fifth wrong PIN locks and hangs up');
    t.equal(await callCause(p, second.callId), 'agent-service-locked');
    t.ok(logged(p, 'agent service: locked after wrong PINs').length >= 1, 'the lockout is logged');

    // The right PIN no longer helps, neither from that number (for any user) nor for that user (from any number).
    const byNumber = await carrier.call('+49803162450', fromCarrier(thief));
    t.ok(await byNumber.answered());
    await answer(byNumber, '3001#');
    t.ok(await hungUpByPbx(byNumber), 'the number is locked: no PIN is asked');
    t.equal(await callCause(p, byNumber.callId), 'agent-service-locked');
    const byUser = await carrier.call('+49803162450', fromCarrier('+491709876543'));
    t.ok(await byUser.answered());
    t.ok(await hungUpByPbx(byUser), "3002's own mobile: the user is locked, no PIN is asked");
    t.equal(await callCause(p, byUser.callId), 'agent-service-locked');
    t.equal(await state('3002'), 'logged-out', 'nobody got in');
    t.equal(logged(p, 'agent service request').filter((l) => l.extension === '3002').length, 0);
  });
});
