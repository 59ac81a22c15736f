/**
 * Hotline calls end to end (issue 7 items 1, 2, 8): a caller waits with music and hears its
 * position, is offered to the agent who logs in, is moved to the agent by re-INVITE; abandons
 * while waiting and while an agent rings end cleanly, and every step is in the hotline log.
 */
import t from 'tap';
import { registeredPhone, waitRegistered } from '../helpers/phones.js';
import { waitFor } from '../helpers/wait-for.js';
import { heard, hotlineLog, hotlinePbx, login, logged, userPhone, waitAgentState, waitForLog } from '../integration/hotlines/helpers/hotline-e2e.js';

void t.test('hotline calls: waiting, announcements, offer, connect, abandon', async (t) => {
  const p = await hotlinePbx(t);
  const agent = await registeredPhone(p, '2001', 'alice-secret-1', { holdMs: 120_000 });
  t.teardown(() => agent.kill());
  await waitRegistered(p.output, '2001');
  const caller = await userPhone(t, p, '2003', false, true);
  const second = await userPhone(t, p, '2004', false, true);

  await t.test('callers wait with music, hear their positions, and the first reaches the agent who logs in', async (t) => {
    const call = await caller.call('4300');
    t.ok(await call.answered(), 'the media server answers the caller');
    await waitFor(() => call.rtp.audible > 50, { what: 'music and prompts arrive', ms: 15_000 });
    await waitFor(() => logged(p, 'position announced').some((l) => l.callId === call.callId), { what: 'a position announcement' });
    t.match(logged(p, 'position announced').find((l) => l.callId === call.callId), { position: 1 }, 'the only caller is next');
    const behind = await second.call('4300');
    t.ok(await behind.answered());
    await waitFor(() => logged(p, 'position announced').some((l) => l.callId === behind.callId), { what: 'the second caller\'s announcement' });
    t.match(logged(p, 'position announced').find((l) => l.callId === behind.callId), { position: 2 });
    // What they hear, in the RTP: "Sie sind als Nächstes an der Reihe" and "Sie sind an Position 2 in der Warteschlange".
    await waitFor(async () => (await heard(call, 'hotline/next')) || undefined, { what: 'the first caller hears that it is next', ms: 15_000 });
    await waitFor(async () => (await heard(behind, 'hotline/position')) && (await heard(behind, 'hotline/in-queue')) || undefined, { what: 'the second caller hears its position', ms: 15_000 });
    t.notOk(await heard(call, 'hotline/position'), 'the first caller is not told a position number');
    login(p, '4300', '2001');
    await waitFor(() => call.reinvites > 0, { what: 'the caller is moved to the agent', ms: 15_000 });
    await waitAgentState(p, '4300', '2001', 'busy');
    behind.hangup();
    call.hangup();
    await waitAgentState(p, '4300', '2001', 'available');
    const log = await hotlineLog(p, '4300');
    t.same(log.filter((e) => e.call_id === call.callId).map((e) => [e.event, e.agent]), [['queued', null], ['offered', '2001'], ['answered', '2001']]);
    t.equal(log.find((e) => e.event === 'queued')?.caller, '2003', 'the log names the caller');
  });

  await t.test('a caller who hangs up while waiting is logged as abandoned', async (t) => {
    t.equal(p.cli(['agent', 'logout', '4300', '2001', '--force']).code, 0);
    const call = await caller.call('4300');
    t.ok(await call.answered());
    await waitForLog(p, '4300', (e) => e.event === 'queued' && e.call_id === call.callId, 'queued');
    call.hangup();
    const log = await waitForLog(p, '4300', (e) => e.event === 'abandoned' && e.call_id === call.callId, 'abandoned');
    t.same(log.filter((e) => e.call_id === call.callId).map((e) => e.event), ['queued', 'abandoned']);
  });
});

void t.test('a caller who hangs up while the agent rings: the ringing leg is CANCELled and the agent is free', async (t) => {
  const p = await hotlinePbx(t);
  const agent = await registeredPhone(p, '2002', 'bernd-secret-1', { holdMs: 60_000, answer: 'ring-expect-cancel-ooc.xml' });
  t.teardown(() => agent.kill());
  await waitRegistered(p.output, '2002');
  login(p, '4300', '2002');
  const caller = await userPhone(t, p, '2003');
  const call = await caller.call('4300');
  t.ok(await call.answered());
  await waitAgentState(p, '4300', '2002', 'offered');
  call.hangup();
  await waitAgentState(p, '4300', '2002', 'available');
  const log = await waitForLog(p, '4300', (e) => e.event === 'abandoned', 'abandoned');
  t.same(log.filter((e) => e.call_id === call.callId).map((e) => e.event), ['queued', 'offered', 'abandoned']);
  agent.kill();
  const r = await agent.done;
  t.notMatch(r.messages, /Aborting call on unexpected message/, 'the phone got the CANCEL it expected');
  t.match(r.messages, /CANCEL sip:/, 'the ringing leg was CANCELled');
});
