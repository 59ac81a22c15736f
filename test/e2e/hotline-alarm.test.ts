/**
 * The staffing alarm to an external number, end to end on one PBX (issue 7 item 6): the last
 * agent of a minAgents line is logged out past the last-agent guard; the alarm goes out by e-mail
 * (a real SMTP server on loopback) and by a call through the trunk to the duty officer's mobile
 * (a Node phone plays the carrier), presenting the hotline's number, never a private one; the
 * call plays the alarm and is repeated after repeatMin (1 minute, the schema's minimum) until
 * somebody logs in; then the all-clear e-mail goes out and no further alarm call comes.
 */
import t, { type Test } from 'tap';
import { waitFor } from '../helpers/wait-for.js';
import {
  heard, hotlineLog, logged, login, smtpSink, trunkPbx, waitAgentState, waitForLog,
} from '../integration/hotlines/helpers/hotline-e2e.js';
import type { PhoneCall } from '../integration/hotlines/helpers/sip-phone.js';

const ALARM_DIALPLAN = 'test/fixtures/dialplans/e2e/hotline-alarm.yaml';
/** The duty officer's mobile, called through the carrier. */
const ALARM_NUMBER = '+498912345678';
/** The private mobiles of the agents: never presented to anybody. */
const PRIVATE_MOBILES = ['+491701234567', '+491705556667'];
const REPEAT_MS = 60_000;

// Two alarm calls a minute apart, and a minute more to see that no third one comes.
t.setTimeout(240_000);

void t.test('staffing alarm: a call to an external number through the trunk, every repeatMin until someone logs in', async (t) => {
  const smtp = await smtpSink(t);
  // The carrier rings until the test answers: the INVITE is checked first.
  const { p, carrier } = await trunkPbx(t, { ZENTRALE_SMTP_URL: smtp.url, ZENTRALE_MAIL_FROM: 'pbx@musterhausen.test' }, 'ring', ALARM_DIALPLAN);

  /** Checks an alarm INVITE at the carrier, answers it, and hangs up once the alarm was heard. */
  const alarmCall = async (t: Test, call: PhoneCall) => {
    const invite = call.invite!;
    t.match(invite.firstLine, new RegExp(`^INVITE sip:\\${ALARM_NUMBER}@127\\.0\\.0\\.1`), 'the alarm number is called through the trunk');
    t.match(invite.header('P-Asserted-Identity'), /<sip:\+49803162440@/, "presenting the hotline's number (a number the office holds)");
    t.match(invite.header('From'), /Hausmeister/, 'naming the hotline');
    for (const m of PRIVATE_MOBILES) t.notMatch(invite.raw, m.slice(1), 'no private mobile is presented');
    t.notMatch(invite.raw, /Anna|3001/, 'nor who left');
    carrier.answerIncoming(call);
    // The alarm is said twice (about 9 s each); looking every 200 ms keeps this process light.
    await waitFor(async () => (await heard(call, 'hotline/alarm')) || undefined, { ms: 30_000, every: 200, what: 'the alarm is heard' }).catch((err: unknown) => {
      // What the carrier and the PBX saw, so that a failure in CI explains itself.
      const pbx = p.output().split('\n').filter((l) => /alarm|"level":[45]\d/.test(l)).slice(-15);
      const rtp = `call ${call.state}, acked ${call.acked}, ${call.rtp.packets} RTP packets, ${call.rtp.payloads.length} G.711, ${call.rtp.audible} audible`;
      throw new Error(`${(err as Error).message}: ${rtp}\n${pbx.join('\n')}`);
    });
    t.ok(call.rtp.audible > 0, 'RTP with the alarm arrives');
    call.hangup();
    t.equal(call.endedBy, 'local', 'the called party hung up');
  };

  await t.test('the last agent logs out past the guard: the alarm e-mail and the first alarm call', async (t) => {
    login(p, '4400', '3001');
    await waitAgentState(p, '4400', '3001', 'available');
    const guarded = p.cli(['agent', 'logout', '4400', '3001']);
    t.equal(guarded.code, 1, 'the last-agent guard refuses the plain logout');
    t.match(guarded.stderr, /last staffed agent of hotline 4400/);
    t.equal(carrier.received.length, 0, 'no alarm while the agent stays');
    t.equal(p.cli(['agent', 'logout', '4400', '3001', '--force']).code, 0, 'confirmed (--force), the agent is logged out');
    await waitAgentState(p, '4400', '3001', 'logged-out');
    const log = await waitForLog(p, '4400', (e) => e.event === 'understaffed', 'understaffed');
    t.match(log.find((e) => e.event === 'understaffed')?.detail, { cause: 'logout', forced: true, staffed: 0, minAgents: 1 });

    const first = await carrier.nextIncoming(20_000);
    await alarmCall(t, first);
    await waitFor(() => logged(p, 'staffing alarm call played').length === 1, { what: 'the PBX saw the alarm through' });

    await waitFor(() => smtp.mails.length >= 1, { ms: 15_000, what: 'the alarm e-mail' });
    t.same(smtp.mails[0]!.to, ['leitstelle@musterhausen.test']);
    t.match(smtp.mails[0]!.headers.subject, /^Besetzungsalarm: Hausmeister \(4400\) ist nicht ausreichend besetzt$/);
    t.match(smtp.mails[0]!.text, /alle 1 Minuten/);
  });

  let secondAt = 0;
  await t.test('after repeatMin the alarm number is called again (no second e-mail)', async (t) => {
    const firstAt = carrier.received[0]!.startedAt;
    const second = await carrier.nextIncoming(REPEAT_MS + 20_000);
    secondAt = second.startedAt;
    t.ok(secondAt - firstAt >= REPEAT_MS - 5000, `not before repeatMin (${Math.round((secondAt - firstAt) / 1000)} s after the first)`);
    await alarmCall(t, second);
    t.equal(smtp.mails.length, 1, 'the repeat calls, it does not mail again');
  });

  await t.test('someone logs in: the all-clear e-mail, and no third alarm call', async (t) => {
    login(p, '4400', '3003');
    await waitForLog(p, '4400', (e) => e.event === 'staffed', 'staffed');
    await waitFor(() => smtp.mails.length >= 2, { ms: 15_000, what: 'the all-clear e-mail' });
    t.match(smtp.mails[1]!.headers.subject, /^Entwarnung: Hausmeister \(4400\) ist wieder besetzt$/);
    t.same(smtp.mails[1]!.to, ['leitstelle@musterhausen.test']);
    // Nothing to await for an absence: wait until a third call would have come, and a little more.
    const due = secondAt + REPEAT_MS + 5000 - performance.now();
    if (due > 0) await new Promise((r) => setTimeout(r, due));
    t.equal(carrier.received.length, 2, 'two alarm calls in all');
    t.equal(smtp.mails.length, 2, 'two e-mails in all: the alarm and the all-clear');
    const log = await hotlineLog(p, '4400');
    t.same(log.map((e) => [e.event, e.agent]), [['login', '3001'], ['logout', '3001'], ['understaffed', null], ['login', '3003'], ['staffed', null]]);
    for (const m of PRIVATE_MOBILES) t.notOk(p.output().includes(m), 'no private mobile in the log');
  });
});
