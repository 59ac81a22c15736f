/**
 * Greetings and the calls nobody takes, end to end on one PBX (issue 4 item 3): the owner dials
 * *98 (the dialplan's default voicemail feature code), gives the PIN and records a new busy
 * greeting; then a colleague's calls reach the mailbox for each of the three causes: the owner's
 * phone is not registered, is busy (486), or rings without answer for `voicemail.noAnswerSec`.
 * The busy call hears the new busy greeting, the others the unavailable one. Callers are Node
 * test phones that speak pure tones (recognised by Goertzel when played back) and press RFC 4733
 * keys; the owner's registered phone is a SIPp phone.
 */
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import wavefile from 'wavefile';
import type { Pbx } from '../helpers/pbx.js';
import { asUser, registeredPhone } from '../helpers/phones.js';
import { assertSippPassed, runSipp } from '../helpers/sipp.js';
import { waitFor } from '../helpers/wait-for.js';
import { SipPhone } from '../integration/hotlines/helpers/sip-phone.js';
import { listMailbox, USERS, voicemailPbx } from '../integration/voicemail/site.js';
import { holdsTone, leaveMessage, MenuCaller } from '../integration/voicemail/menu-caller.js';

const { WaveFile } = wavefile;

/** The tone the owner speaks as busy greeting, and the tones of the three messages. */
const BUSY_GREETING = 600;
const MSG_NOT_REGISTERED = 450;
const MSG_BUSY = 750;
const MSG_NO_ANSWER = 1800;

/** Waits until the PBX logs `count` bindings of 5001 after output offset `mark`. */
async function bindings(p: Pbx, mark: number, count: number): Promise<void> {
  await waitFor(() => p.output().slice(mark).split('\n').some((l) => l.includes('registration changed') && l.includes('"extension":"5001"') && l.includes(`"bindings":${count}`)), { what: `5001 with ${count} bindings` });
}

/** The routing trail of a call, as the PBX logged it. */
function explained(c: MenuCaller): string {
  return ((c.logged('route decided')[0]?.explain ?? []) as string[]).join(' / ');
}

function wavSamples(path: string): Int16Array {
  return new WaveFile(readFileSync(path)).getSamples(true, Int16Array) as unknown as Int16Array;
}

void t.test('greetings and unanswered calls of mailbox 5001', async (t) => {
  const { p } = await voicemailPbx(t);
  const box = join(p.dataDir, 'voicemail', '5001');
  const anna = await SipPhone.open({ pbxPort: p.sipPort, user: '5001', password: USERS['5001'].password });
  const bernd = await SipPhone.open({ pbxPort: p.sipPort, user: '5002', password: USERS['5002'].password });
  t.teardown(() => {
    anna.close();
    bernd.close();
  });

  await t.test('the owner dials *98, gives the PIN and records a new busy greeting', async (t) => {
    const c = await MenuCaller.dial(p, anna, '*98');
    await c.answer('vm/enter-pin', `${USERS['5001'].pin}#`);
    await c.answer('vm/main-menu', '9');
    await c.answer('vm/greeting-menu', '2');
    await c.answer('vm/record-greeting', '#');
    await c.record(BUSY_GREETING, 1500, 0);
    await c.next('voicemail greeting recorded', 0);
    await c.answer('vm/main-menu', '#');
    await c.ended();
    t.same(c.prompts, ['vm/enter-pin', 'vm/main-menu', 'vm/greeting-menu', 'vm/record-greeting', 'vm/main-menu'], 'own phone: the mailbox is known, only the PIN is asked');
    const greeting = wavSamples(join(box, 'greeting-busy.wav'));
    t.ok(holdsTone(greeting, BUSY_GREETING), 'the busy greeting holds what the owner said');
    t.ok(greeting.length >= 1.2 * 8000 && greeting.length <= 2.5 * 8000, `the greeting lasts ${(greeting.length / 8000).toFixed(2)} s (1.5 s said, silence trimmed)`);
    t.notOk(existsSync(join(box, 'greeting-unavailable.wav')), 'the unavailable greeting is untouched');
  });

  await t.test('not registered, busy, no answer: each reaches the mailbox with its greeting', async (t) => {
    const absent = await leaveMessage(p, bernd, '5001', { greeting: 'vm/greeting-unavailable', tone: MSG_NOT_REGISTERED });
    t.match(explained(absent), /user 5001 has no registered device$/, 'not registered: the unavailable greeting');

    let mark = p.output().length;
    const busy = await registeredPhone(p, '5001', USERS['5001'].password, { answer: 'busy-ooc.xml', holdMs: 120_000 });
    t.teardown(() => busy.kill());
    await bindings(p, mark, 1);
    const busyCall = await leaveMessage(p, bernd, '5001', { greeting: /\/voicemail\/5001\/greeting-busy\.wav$/, greetingTone: BUSY_GREETING, tone: MSG_BUSY });
    t.match(explained(busyCall), /user 5001 \(Anna Amt\)$/, 'busy: the phone was rung, and the caller heard the greeting the owner recorded');
    mark = p.output().length;
    const off = await runSipp({ scenario: 'test/scenarios/presence/unregister-all.xml', remote: `127.0.0.1:${p.sipPort}`, extra: asUser('5001', USERS['5001'].password) });
    assertSippPassed(t, off, 'the busy phone is switched off');
    busy.kill();
    await bindings(p, mark, 0);

    mark = p.output().length;
    const ringing = await registeredPhone(p, '5001', USERS['5001'].password, { answer: 'ring-expect-cancel-ooc.xml', holdMs: 120_000 });
    t.teardown(() => ringing.kill());
    await bindings(p, mark, 1);
    const unanswered = await leaveMessage(p, bernd, '5001', { greeting: 'vm/greeting-unavailable', tone: MSG_NO_ANSWER });
    t.match(explained(unanswered), /user 5001 \(Anna Amt\)$/, 'no answer within noAnswerSec: the phone was rung, then the unavailable greeting');
    ringing.kill();

    const list = listMailbox(p, '5001');
    t.match(list, [{ caller: '5002', status: 'new' }, { caller: '5002', status: 'new' }, { caller: '5002', status: 'new' }], 'three new messages from 5002');
    t.equal(list.length, 3);
    for (const m of list) t.ok(m.duration >= 0.9 && m.duration <= 2, `duration ${m.duration} s: the second said plus the trimmed tail`);
    const tones = list.map((m) => [MSG_NOT_REGISTERED, MSG_BUSY, MSG_NO_ANSWER].find((f) => holdsTone(wavSamples(join(box, `${m.id}.wav`)), f)));
    t.same(tones, [MSG_NOT_REGISTERED, MSG_BUSY, MSG_NO_ANSWER], 'each WAV holds what its caller said, oldest first');
  });
});
