/**
 * Hotline calls from and to the carrier, end to end on one PBX (issue 7 items 3, 5, 7, 9, 10):
 * citizens call the hotline DDIs through a gateway (a Node SIP phone on the trunk's address);
 * a callback keeps the place in the line and, at the caller's turn, the agent is offered it and
 * the PBX calls the citizen back through the trunk presenting the hotline; a phone-only agent is
 * reached on the mobile through the trunk, which shows the hotline's number by default and the
 * caller's where the hotline says so; skills decide who gets a call; a call overflows after the
 * maximum wait; and after kill -9 and a restart the logged-in agents are still logged in, none is
 * stuck offered or busy, and every call that was in progress has an outcome in the hotline log.
 */
import t from 'tap';
import { waitFor } from '../helpers/wait-for.js';
import {
  fromCarrier, heard, hotlineLog, hotlineStatus, login, sitePhone, trunkPbx, waitAgentState, waitForLog, type LogEntry,
} from '../integration/hotlines/helpers/hotline-e2e.js';

t.setTimeout(480_000);

const events = (log: readonly LogEntry[], callId: string) => log.filter((e) => e.call_id === callId).map((e) => e.event);

void t.test('hotline calls through the carrier: callback, mobile agents, skills, overflow, restart', async (t) => {
  const { p, carrier } = await trunkPbx(t);
  // Desk phones ring until the test answers; Dora (the overflow target) answers by herself.
  const anna = await sitePhone(t, p, '3001', { register: true, incoming: 'ring' });
  const carla = await sitePhone(t, p, '3003', { register: true, incoming: 'ring' });
  const dora = await sitePhone(t, p, '3004', { register: true, answerMs: 300 });

  await t.test('callback: the caller presses 9 and hangs up; at the turn the agent answers and the PBX calls the citizen back', async (t) => {
    const call = await carrier.call('+49803162440', fromCarrier('+4989111222'));
    t.ok(await call.answered(), 'the queue answers');
    await waitFor(async () => (await heard(call, 'hotline/callback-offer')) || undefined, { what: 'the callback is offered', ms: 20_000 });
    await call.dtmf('9');
    t.ok(await call.ended(20_000), 'the PBX confirms and hangs up');
    t.equal(call.endedBy, 'remote');
    t.ok(await heard(call, 'hotline/callback-confirmed'), 'the callback was confirmed');
    const queued = await waitForLog(p, '4400', (e) => e.event === 'callback', 'callback requested');
    const callId = queued.find((e) => e.event === 'queued')!.call_id!;
    t.match(queued.find((e) => e.event === 'callback'), { caller: '+4989111222', detail: { requested: true } });
    t.same((await hotlineStatus(p, '4400')).waiting.map((w) => w.callId), [callId], 'the callback keeps its place in the line');

    login(p, '4400', '3001');
    const offer = await anna.nextIncoming();
    t.match(offer.invite?.header('From'), /^"Rückruf Hausmeister/, 'the agent sees that it is a callback of the hotline');
    anna.answerIncoming(offer);
    const citizen = await carrier.nextIncoming();
    t.match(citizen.invite?.firstLine, /^INVITE sip:\+4989111222@127\.0\.0\.1/, 'the citizen is called back at the calling number');
    t.match(citizen.invite?.header('P-Asserted-Identity'), /\+49803162440/, 'presenting the hotline number');
    t.ok(await citizen.answered(), 'the citizen answers');
    await waitFor(() => offer.reinvites > 0, { what: 'the agent is connected to the citizen', ms: 15_000 });
    const log = await waitForLog(p, '4400', (e) => e.event === 'callback' && e.detail?.result === 'answered', 'callback answered');
    t.same(events(log, callId), ['queued', 'callback', 'offered', 'answered', 'callback'], 'queued, requested, offered, answered, called back');
    offer.hangup();
    t.ok(await citizen.ended(10_000), 'the citizen leg ends with the agent');
    await waitAgentState(p, '4400', '3001', 'available');
  });

  await t.test('a phone-only agent is rung on the mobile through the trunk, showing the hotline number', async (t) => {
    login(p, '4400', '3002');
    t.equal(p.cli(['agent', 'pause', '3001']).code, 0, 'the desk agent pauses (the mobile one is on duty)');
    const call = await carrier.call('+49803162440', fromCarrier('+4989111333'));
    t.ok(await call.answered());
    const mobile = await carrier.nextIncoming();
    t.match(mobile.invite?.firstLine, /^INVITE sip:\+491709876543@/, "the offer goes to 3002's mobile");
    t.match(mobile.invite?.header('P-Asserted-Identity'), /\+49803162440/, 'the mobile shows the hotline number');
    t.notMatch(mobile.invite?.raw, /4989111333/, "and not the caller's");
    t.match(mobile.invite?.header('From'), /Hausmeister/);
    t.ok(await mobile.answered(), 'the mobile answers');
    await waitFor(() => call.reinvites > 0, { what: 'the caller is moved to the mobile', ms: 15_000 });
    await waitAgentState(p, '4400', '3002', 'busy');
    call.hangup();
    t.ok(await mobile.ended(10_000), 'the mobile leg ends with the caller');
    await waitAgentState(p, '4400', '3002', 'available');
    const log = await hotlineLog(p, '4400');
    const id = log.filter((e) => e.event === 'queued').at(-1)!.call_id!;
    t.same(log.filter((e) => e.call_id === id).map((e) => [e.event, e.agent]), [['queued', null], ['offered', '3002'], ['answered', '3002']]);
  });

  await t.test("a hotline with presentToMobile: caller shows the caller's number on the mobile", async (t) => {
    login(p, '4401', '3002');
    const call = await carrier.call('+49803162441', fromCarrier('+4989111444'));
    t.ok(await call.answered());
    const mobile = await carrier.nextIncoming();
    t.match(mobile.invite?.firstLine, /^INVITE sip:\+491709876543@/);
    t.match(mobile.invite?.header('P-Asserted-Identity'), /\+4989111444/, "the caller's number (CLIP no screening)");
    t.match(mobile.invite?.header('Diversion'), /\+49803162441/, 'the hotline as the diverting party');
    t.ok(await mobile.answered());
    await waitFor(() => call.reinvites > 0, { what: 'connected', ms: 15_000 });
    call.hangup();
    t.ok(await mobile.ended(10_000));
  });

  await t.test('skills decide: the English line rings the agent who speaks English, not the one idle longest', async (t) => {
    t.equal(p.cli(['agent', 'resume', '3001']).code, 0);
    login(p, '4403', '3001');
    login(p, '4403', '3003');
    const call = await carrier.call('+49803162443', fromCarrier('+4989111555'));
    t.ok(await call.answered());
    const offer = await carla.nextIncoming();
    t.match(offer.invite?.header('From'), /^"English Line/, 'the agent sees the hotline');
    carla.answerIncoming(offer);
    await waitFor(() => call.reinvites > 0, { what: 'connected to 3003', ms: 15_000 });
    t.equal(anna.received.length, 1, '3001 (idle longer, no English) was not rung: only the callback rang her phone');
    const log = await hotlineLog(p, '4403');
    t.same(log.filter((e) => e.event === 'offered').map((e) => e.agent), ['3003']);
    call.hangup();
    await waitAgentState(p, '4403', '3003', 'available');
  });

  await t.test('after the maximum wait the call overflows to its target', async (t) => {
    const call = await carrier.call('+49803162442', fromCarrier('+4989111666'));
    t.ok(await call.answered());
    const started = Date.now();
    const overflow = await dora.nextIncoming(30_000);
    t.ok(Date.now() - started >= 9000, 'not before maxWaitSec (10 s)');
    t.ok(await overflow.answered(), 'the overflow target answers');
    await waitFor(() => call.reinvites > 0, { what: 'the caller reaches the overflow target', ms: 15_000 });
    const log = await waitForLog(p, '4402', (e) => e.event === 'overflowed', 'overflowed');
    t.match(log.find((e) => e.event === 'overflowed'), { caller: '+4989111666', detail: { reason: 'max-wait' } });
    call.hangup();
    t.ok(await overflow.ended(10_000));
  });

  await t.test('kill -9 and restart: agents stay logged in, none stuck offered or busy, open calls end as lost', async (t) => {
    // 3002 busy on the mobile (4401), 3003 offered (4403, ringing), a caller waiting in 4402.
    const busy = await carrier.call('+49803162441', fromCarrier('+4989111777'));
    t.ok(await busy.answered());
    await waitAgentState(p, '4401', '3002', 'busy');
    const offered = await carrier.call('+49803162443', fromCarrier('+4989111888'));
    t.ok(await offered.answered());
    await carla.nextIncoming();
    await waitAgentState(p, '4403', '3003', 'offered');
    const waiting = await carrier.call('+49803162442', fromCarrier('+4989111999'));
    t.ok(await waiting.answered());
    await waitForLog(p, '4402', (e) => e.event === 'queued' && e.caller === '+4989111999', 'queued');
    t.same((await hotlineStatus(p, '4403')).agents.map((a) => [a.extension, a.state]), [['3001', 'available'], ['3003', 'offered']]);

    p.kill();
    await p.restart();
    for (const phone of [anna, carla, dora]) t.equal(await phone.register(), 200, 're-registered');

    // An agent's state is agent-wide; a hotline's view lists every member with the lines it is logged in to.
    const status = async (h: string) => (await hotlineStatus(p, h)).agents.map((a) => [a.extension, a.hotlines.includes(h) ? a.state : 'logged-out']);
    t.same(await status('4400'), [['3001', 'available'], ['3002', 'available'], ['3003', 'logged-out']], '4400: logins kept');
    t.same(await status('4401'), [['3002', 'available']], 'the busy agent is free again');
    t.same(await status('4403'), [['3001', 'available'], ['3003', 'available']], 'the offered agent is free again');
    for (const h of ['4401', '4402', '4403']) t.same((await hotlineStatus(p, h)).waiting, [], `${h}: nobody waits for ever`);

    const log4401 = await hotlineLog(p, '4401');
    const busyId = log4401.filter((e) => e.event === 'queued').at(-1)!.call_id!;
    t.same(events(log4401, busyId), ['queued', 'offered', 'answered'], 'the connected call had its outcome already');
    const log4403 = await hotlineLog(p, '4403');
    const offeredId = log4403.filter((e) => e.event === 'queued').at(-1)!.call_id!;
    t.same(events(log4403, offeredId), ['queued', 'offered', 'lost'], 'the offered call ends as lost');
    t.match(log4403.find((e) => e.call_id === offeredId && e.event === 'lost'), { caller: '+4989111888', detail: { reason: 'restart' } });
    const cli = JSON.parse(p.cli(['hotline', 'log', '4402', '--since', new Date(Date.now() - 60_000).toISOString(), '--json']).stdout) as Array<{ event: string; caller: string | null; detail: { reason?: string } | null }>;
    t.same(cli.filter((e) => e.caller === '+4989111999').map((e) => e.event), ['queued', 'lost'], 'the waiting call too (zentrale hotline log)');

    // And the line works again: a new call reaches the agent.
    const again = await carrier.call('+49803162443', fromCarrier('+4989111000'));
    t.ok(await again.answered());
    const offer = await carla.nextIncoming();
    carla.answerIncoming(offer);
    await waitFor(() => again.reinvites > 0, { what: 'connected after the restart', ms: 15_000 });
    again.hangup();
  });
});
