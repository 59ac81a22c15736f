/**
 * Hotline races end to end (issue 7): a citizen's hang-up that crosses the agent's answer. The
 * caller waits on the media server, the agent's phone rings, and the test sends the caller's BYE
 * and the agent's 200 OK in the same tick (in both orders) or a few milliseconds apart, or the
 * caller answers the re-INVITE that moves it to the agent and hangs up at once (the BYE arrives
 * while the PBX still waits for that re-INVITE to complete). Whatever the PBX sees first, the
 * agent who answered must get its ACK and then a BYE, must not stay offered or busy, the hotline
 * log must tell the call's story (abandoned, or answered and then ended), and the next call must
 * reach the same agent (freeswitch#2529, asterisk#176).
 */
import t, { type Test } from 'tap';
import { logLines } from '../helpers/pbx.js';
import { waitFor } from '../helpers/wait-for.js';
import {
  hotlineLog, hotlinePbx, hotlineStatus, login, PASSWORDS, userPhone, waitAgentState, waitForLog,
} from '../integration/hotlines/helpers/hotline-e2e.js';
import { SipPhone, TRACE, type PhoneCall } from '../integration/hotlines/helpers/sip-phone.js';

t.setTimeout(240_000);

/** How the two messages are sent in a round. */
interface Crossing {
  readonly name: string;
  /** ms the caller's BYE goes before the agent's 200 OK (negative: after); 0: the same tick. */
  readonly callerLeadMs: number;
  /** In the same tick: which is written to the socket first. */
  readonly first?: 'caller' | 'agent';
  /** The caller answers the re-INVITE that moves it to the agent and sends its BYE right after. */
  readonly onReinvite?: true;
}

const CROSSINGS: readonly Crossing[] = [
  { name: 'same tick, BYE written first', callerLeadMs: 0, first: 'caller' },
  { name: 'same tick, 200 OK written first', callerLeadMs: 0, first: 'agent' },
  { name: 'caller first by 5 ms', callerLeadMs: 5 },
  { name: 'agent first by 5 ms', callerLeadMs: -5 },
  { name: 'caller first by 1 ms', callerLeadMs: 1 },
  { name: 'agent first by 1 ms', callerLeadMs: -1 },
  { name: 'same tick, BYE written first (again)', callerLeadMs: 0, first: 'caller' },
  { name: 'same tick, 200 OK written first (again)', callerLeadMs: 0, first: 'agent' },
  { name: 'agent first by 5 ms (again)', callerLeadMs: -5 },
  { name: 'the caller hangs up right after answering the re-INVITE to the agent', callerLeadMs: 0, onReinvite: true },
  { name: 'the caller hangs up right after answering the re-INVITE to the agent (again)', callerLeadMs: 0, onReinvite: true },
];

const after = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Sends the caller's hang-up and the agent's answer as the crossing says. */
async function cross(c: Crossing, hangUp: () => void, answer: () => void): Promise<void> {
  if (c.onReinvite) {
    answer();
    return;
  }
  if (c.callerLeadMs === 0) {
    if (c.first === 'agent') {
      answer();
      hangUp();
    } else {
      hangUp();
      answer();
    }
    return;
  }
  const [first, second] = c.callerLeadMs > 0 ? [hangUp, answer] : [answer, hangUp];
  first();
  await after(Math.abs(c.callerLeadMs));
  second();
}

void t.test("a hang-up that crosses the agent's answer leaves no agent stuck", async (t) => {
  const p = await hotlinePbx(t);
  // With SIPPHONE_TRACE set, the phones' side of a failed run is kept next to the PBX log.
  t.teardown(async () => {
    if (t.passing() || TRACE.length === 0) return;
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'zentrale-failed-')), 'phones.trace');
    writeFileSync(file, TRACE.join('\n'));
    process.stderr.write(`SIP trace of the phones: ${file}\n`);
  });
  const agent = await SipPhone.open({ pbxPort: p.sipPort, user: '2001', password: PASSWORDS['2001'], incoming: 'ring' });
  t.teardown(() => agent.close());
  t.equal(await agent.register(), 200, 'the agent phone registers');
  const caller = await userPhone(t, p, '2003');
  login(p, '4300', '2001');
  await waitAgentState(p, '4300', '2001', 'available');

  /** The agent took (or was CANCELled before taking) `offer`: it must end with ACK then BYE, or 487. */
  const agentLegOver = async (t: Test, offer: PhoneCall, answerSent: boolean) => {
    t.ok(await offer.ended(10_000), "the agent's leg ends");
    t.equal(offer.endedBy, 'remote', 'the PBX ended it (BYE or CANCEL), not the agent');
    if (answerSent) t.ok(offer.acked, 'the PBX acknowledged the 200 OK before its BYE');
  };

  for (const [i, c] of CROSSINGS.entries()) {
    await t.test(`round ${i + 1}: ${c.name}`, async (t) => {
      const call = await caller.call('4300');
      t.ok(await call.answered(), 'the queue answers the caller');
      const offer = await agent.nextIncoming();
      await waitFor(() => offer.state === 'early', { what: 'the agent phone rings' });
      await waitAgentState(p, '4300', '2001', 'offered');

      call.hangUpOnReinvite = c.onReinvite === true;
      await cross(c, () => call.hangup(), () => agent.answerIncoming(offer));
      if (c.onReinvite) t.ok(await call.ended(10_000), 'the caller is moved to the agent and hangs up at once');
      // A CANCEL that overtook the answer leaves the phone nothing to answer.
      const answerSent = offer.lastResponse?.[0][0] === 'SIP/2.0 200 OK';
      await agentLegOver(t, offer, answerSent);
      t.equal(call.state, 'ended', 'the caller has hung up');

      // Wrap-up is 1 s: the agent is available again soon, never stuck offered or busy.
      await waitAgentState(p, '4300', '2001', 'available', 10_000);
      const status = await hotlineStatus(p, '4300');
      t.same(status.waiting, [], 'nobody is left waiting');
      t.match(status.agents.find((a) => a.extension === '2001'), { state: 'available', callId: null });

      const log = await waitForLog(p, '4300', (e) => e.call_id === call.callId && (e.event === 'abandoned' || e.event === 'answered'), 'the outcome of the call');
      const story = log.filter((e) => e.call_id === call.callId).map((e) => e.event);
      t.ok(
        story.join() === 'queued,offered,abandoned' || story.join() === 'queued,offered,answered',
        `the hotline log tells the story: ${story.join(', ')}`,
      );
      if (!answerSent) t.same(story, ['queued', 'offered', 'abandoned'], 'a call CANCELled before the answer is abandoned');
      t.comment(`answer sent: ${answerSent}; log: ${story.join(', ')}`);

      // And the next call reaches the same agent, who is connected to the caller.
      const next = await caller.call('4300');
      t.ok(await next.answered(), 'the next caller is answered by the queue');
      const offer2 = await agent.nextIncoming();
      await waitFor(() => offer2.state === 'early', { what: 'the agent phone rings again' });
      agent.answerIncoming(offer2);
      await waitFor(() => next.reinvites > 0, { what: 'the next caller is moved to the agent', ms: 15_000 });
      await waitAgentState(p, '4300', '2001', 'busy');
      next.hangup();
      t.ok(await offer2.ended(10_000), 'the agent leg of the next call ends with the caller');
      await waitAgentState(p, '4300', '2001', 'available', 10_000);
      const after = await hotlineLog(p, '4300');
      t.same(after.filter((e) => e.call_id === next.callId).map((e) => [e.event, e.agent]), [['queued', null], ['offered', '2001'], ['answered', '2001']]);
    });
  }

  await t.test('the PBX logged no error and the CLI shows the agent available', async (t) => {
    const errors = logLines(p.output()).filter((l) => typeof l.level === 'number' && l.level >= 50);
    t.same(errors.map((l) => l.msg), [], 'no error-level log line');
    const r = p.cli(['hotline', 'status', '4300', '--json']);
    t.equal(r.code, 0, r.stderr);
    t.match(JSON.parse(r.stdout), { agents: [{ extension: '2001', state: 'available' }] });
  });
});
