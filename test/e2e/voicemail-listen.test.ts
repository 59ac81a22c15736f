/**
 * Listening to one's mailbox end to end (issue 4 item 3): a colleague leaves three messages
 * (spoken as three tones), the owner dials *98, gives the PIN and works through them with the
 * message menu: 1 repeats, 2 saves, 3 deletes, 6 goes on. Each message must really be played
 * (its tone arrives as RTP), the phone's lamp must follow (RFC 3842 message-summary NOTIFYs) and
 * `zentrale voicemail list --json` must show the new states; the deleted file is gone.
 */
import t from 'tap';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assertSippPassed } from '../helpers/sipp.js';
import { SipPhone } from '../integration/hotlines/helpers/sip-phone.js';
import { listMailbox, USERS, voicemailPbx } from '../integration/voicemail/site.js';
import { leaveMessage, MenuCaller } from '../integration/voicemail/menu-caller.js';
import { watchMailbox } from '../integration/voicemail/mwi.js';

const TONES = [450, 750, 1800] as const;

void t.test('the owner listens: repeat, save, delete, next; the lamp and the list follow', async (t) => {
  const { p } = await voicemailPbx(t);
  const anna = await SipPhone.open({ pbxPort: p.sipPort, user: '5001', password: USERS['5001'].password });
  const bernd = await SipPhone.open({ pbxPort: p.sipPort, user: '5002', password: USERS['5002'].password });
  t.teardown(() => {
    anna.close();
    bernd.close();
  });
  for (const tone of TONES) await leaveMessage(p, bernd, '5001', { greeting: 'vm/greeting-unavailable', tone, ms: 1200 });
  const before = listMailbox(p, '5001');
  const [m1, m2, m3] = before;
  if (!m1 || !m2 || !m3) throw new Error(`three messages expected, got ${before.length}`);

  const watcher = await watchMailbox(p, '5001', 'Voice-Message: 0/2');
  await watcher.subscribed();
  const c = await MenuCaller.dial(p, anna, '*98');
  await c.answer('vm/enter-pin', `${USERS['5001'].pin}#`);
  await c.answer('vm/main-menu', '1');
  const message = (m: { id: string }) => new RegExp(`/voicemail/5001/${m.id}\\.wav$`);
  // A key pressed while a message plays stops it and is the choice for that message.
  await c.asked(message(m1));
  await c.hearsTone(TONES[0]);
  await c.press('1');
  await c.asked(message(m1));
  await c.hearsTone(TONES[0]);
  t.pass('1 plays the first message again');
  await c.press('2');
  await c.asked(message(m2));
  await c.hearsTone(TONES[1]);
  await c.press('3');
  await c.asked(message(m3));
  await c.hearsTone(TONES[2]);
  await c.press('6');
  await c.answer('vm/main-menu', '#');
  await c.ended();
  t.pass('every message was played: its tone arrived');

  t.same(listMailbox(p, '5001').map((m) => [m.id, m.status]), [[m1.id, 'saved'], [m3.id, 'old']], '2 saved the first, 3 deleted the second, the third was heard');
  t.notOk(existsSync(join(p.dataDir, 'voicemail', '5001', `${m2.id}.wav`)), 'the deleted message\'s file is gone');
  const mwi = await watcher.done;
  assertSippPassed(t, mwi, 'the watching phone');
  const counts = mwi.notifies.map((n) => /Voice-Message: (\S+)/.exec(n.body)?.[1]);
  t.equal(counts[0], '3/0', 'before: three new messages');
  t.ok(counts.includes('1/1'), `the deletion reached the phone (${counts.join(' ')})`);
  t.equal(counts.at(-1), '0/2', 'after: none new, two kept');
});
