/**
 * Leaving a message end to end (issue 4 items 3 and 6): `zentrale start`, a SIPp phone calls a
 * colleague who is not registered, presses # to skip the greeting, speaks (SIPp's g711a.pcap as
 * real RTP) and is silent until the PBX ends the recording. The stored WAV must hold that speech:
 * about its length in voice and about its energy. The owner's subscribed phone gets an MWI
 * NOTIFY, the owner an e-mail with the WAV attached (a real SMTP server on loopback), and
 * `zentrale voicemail list` shows the message. Then the PBX is killed (SIGKILL) and started
 * again: the message is still listed, the lamp is lit again, and the owner can play it.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertSippPassed } from '../helpers/sipp.js';
import { waitFor } from '../helpers/wait-for.js';
import { SPEECH_MS } from '../integration/voicemail/timeline.js';
import { energy, listMailbox, messageSamples, sentSpeech, userCalls, voicedMs, voicemailPbx } from '../integration/voicemail/site.js';
import { watchMailbox } from '../integration/voicemail/mwi.js';
import { parseMail } from '../integration/voicemail/mime.js';
import { MenuCaller } from '../integration/voicemail/menu-caller.js';
import { SipPhone } from '../integration/hotlines/helpers/sip-phone.js';
import { smtpSink } from '../integration/hotlines/helpers/hotline-e2e.js';
import { USERS } from '../integration/voicemail/site.js';

void t.test('a caller\'s speech lands in the mailbox as a WAV, lights the lamp and is mailed', async (t) => {
  const { url: smtpUrl, mails } = await smtpSink(t);

  const { p } = await voicemailPbx(t, { ZENTRALE_SMTP_URL: smtpUrl, ZENTRALE_MAIL_FROM: 'pbx@vm.zentrale.test' });
  const watcher = await watchMailbox(p, '5001', 'Voice-Message: 1/0');
  await watcher.subscribed();

  const call = await userCalls(p, '5002', '5001', [{ afterMs: 1000, keys: '#' }, { afterMs: 1500, speak: true }], { kind: 'expect-bye', withinMs: 30_000 });
  assertSippPassed(t, call, 'the caller is recorded until the PBX hangs up after the silence');

  const list = listMailbox(p, '5001');
  t.equal(list.length, 1, 'one message in the index');
  const m = list[0]!;
  t.match(m, { caller: '5002', status: 'new' });
  const { samples, sampleRate } = messageSamples(p, '5001', m.id);
  t.equal(sampleRate, 8000);
  const sent = sentSpeech();
  const voiced = voicedMs(samples);
  t.ok(Math.abs(voiced - voicedMs(sent)) <= 300, `voice in the WAV (${voiced} ms) matches the speech sent (${voicedMs(sent)} ms)`);
  const ratio = energy(samples) / energy(sent);
  t.ok(ratio > 0.9 && ratio < 1.1, `signal energy of the WAV is the speech's (ratio ${ratio.toFixed(3)})`);
  t.ok(m.duration * 1000 >= SPEECH_MS && m.duration * 1000 <= SPEECH_MS + 3000, `duration ${m.duration} s: the speech plus a short pause, trailing silence trimmed`);

  const mwi = await watcher.done;
  assertSippPassed(t, mwi, 'the watching phone');
  const bodies = mwi.notifies.map((n) => /Messages-Waiting: (\w+)[\s\S]*Voice-Message: (\S+)/.exec(n.body)?.slice(1).join(' '));
  t.same(bodies.slice(0, 2), ['no 0/0', 'yes 1/0'], 'the subscribed phone learns of the new message (RFC 3842)');

  await waitFor(() => mails.length > 0, { ms: 10_000, what: 'the e-mail' });
  const mail = parseMail(mails[0]!.raw);
  t.same(mails[0]!.to, ['anna@vm.zentrale.test']);
  t.equal(mail.headers.from, 'pbx@vm.zentrale.test');
  t.match(mail.headers.subject, /5002.*Anna Amt \(5001\)/);
  const wav = mail.parts.filter((x) => /^audio\/wav/.test(x.headers['content-type'] ?? ''));
  t.equal(wav.length, 1, 'the recording is attached');
  t.same(wav[0]?.body, readFileSync(join(p.dataDir, 'voicemail', '5001', `${m.id}.wav`)), 'the attachment is the stored WAV');

  // Issue 4 item 3: "a restart loses none". SIGKILL, as a crash or a power cut would.
  p.kill();
  await p.restart();
  t.same(listMailbox(p, '5001'), list, 'after kill -9 and a restart the message is still listed, still new');
  const lamp = await watchMailbox(p, '5001', 'Voice-Message: 0/1');
  await lamp.subscribed();
  const anna = await SipPhone.open({ pbxPort: p.sipPort, user: '5001', password: USERS['5001'].password });
  t.teardown(() => anna.close());
  const c = await MenuCaller.dial(p, anna, '*98');
  await c.answer('vm/enter-pin', `${USERS['5001'].pin}#`);
  await c.answer('vm/main-menu', '1');
  await c.asked(new RegExp(`/voicemail/5001/${m.id}\\.wav$`));
  await c.hearsSound(3000);
  t.pass('the message plays after the restart: 3 s of speech arrived');
  await c.press('6');
  await c.answer('vm/main-menu', '#');
  await c.ended();
  const after = await lamp.done;
  assertSippPassed(t, after, 'the watching phone after the restart');
  t.same(after.notifies.map((n) => /Voice-Message: (\S+)/.exec(n.body)?.[1]).slice(0, 2), ['1/0', '0/1'], 'the restarted PBX lights the lamp again, and puts it out once the message was heard');
});
