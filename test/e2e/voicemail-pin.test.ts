/**
 * Reaching one's mailbox from outside and the wrong-PIN lockout, end to end (issue 4 item 3):
 * the carrier delivers calls to the voicemail service number (numbers.services.voicemail). A
 * call from a member of staff's stored mobile is recognised and asked only for the PIN; any
 * other caller gives the mailbox number and the PIN. Wrong PINs are counted per mailbox and per
 * calling number: three per call, then the call ends; five lock the mailbox, and then even the
 * right PIN from another number is not asked for. No PIN ever reaches the log.
 */
import t from 'tap';
import { logLines } from '../helpers/pbx.js';
import { SipPhone } from '../integration/hotlines/helpers/sip-phone.js';
import { USERS, voicemailPbx } from '../integration/voicemail/site.js';
import { MenuCaller } from '../integration/voicemail/menu-caller.js';

/** The voicemail service DDI of the site. */
const SERVICE = '+49803162555';
/** Anna's (5001) mobile, stored in the dialplan. */
const ANNA_MOBILE = '+491701234567';
/** A citizen's number nobody knows. */
const STRANGER = '+4930555123';

/** A carrier's INVITE for `number` (RFC 3325 P-Asserted-Identity, as the trunk presents callers). */
function fromCarrier(number: string): { from: string; headers: string[] } {
  return { from: number, headers: [`P-Asserted-Identity: <sip:${number}@carrier.test>`, 'Privacy: none'] };
}

void t.test('mailbox access from outside and the wrong-PIN lockout', async (t) => {
  const { p, carrierPort } = await voicemailPbx(t);
  const bernd = await SipPhone.open({ pbxPort: p.sipPort, user: '5002', password: USERS['5002'].password });
  t.teardown(() => bernd.close());
  /** A call through the carrier trunk (its phone holds the trunk's port for the call only). */
  const fromOutside = async (caller: string, run: (c: MenuCaller) => Promise<void>): Promise<MenuCaller> => {
    const carrier = await SipPhone.open({ pbxPort: p.sipPort, localPort: carrierPort });
    try {
      const c = await MenuCaller.dial(p, carrier, SERVICE, fromCarrier(caller));
      await run(c);
      await c.ended();
      return c;
    } finally {
      carrier.close();
    }
  };

  await t.test('a call from the stored mobile is recognised: only the PIN is asked', async (t) => {
    const c = await fromOutside(ANNA_MOBILE, async (c) => {
      await c.answer('vm/enter-pin', `${USERS['5001'].pin}#`);
      await c.answer('vm/main-menu', '#');
    });
    t.same(c.prompts, ['vm/enter-pin', 'vm/main-menu']);
    t.match(c.logged('mailbox opened'), [{ mailbox: '5001' }], 'Anna\'s mailbox was opened');
  });

  await t.test('an unknown caller gives mailbox number and PIN, and may correct a wrong PIN', async (t) => {
    const c = await fromOutside(STRANGER, async (c) => {
      await c.answer('vm/enter-mailbox', '5002#');
      await c.answer('vm/enter-pin', '1111#');
      await c.answer('vm/enter-mailbox', '5002#');
      await c.answer('vm/enter-pin', `${USERS['5002'].pin}#`);
      await c.answer('vm/main-menu', '#');
    });
    t.same(c.prompts, ['vm/enter-mailbox', 'vm/enter-pin', 'vm/enter-mailbox', 'vm/enter-pin', 'vm/main-menu']);
    t.match(c.logged('mailbox PIN wrong'), [{ mailbox: '5002', attempt: 1 }]);
    t.match(c.logged('mailbox opened'), [{ mailbox: '5002' }], 'the right PIN opened mailbox 5002');
  });

  await t.test('five wrong PINs lock the mailbox, even for the right PIN from another number', async (t) => {
    // The right PIN above cleared the counters. Three wrong PINs end a call without a lock.
    const first = await MenuCaller.dial(p, bernd, '*98');
    for (let i = 0; i < 3; i++) await first.answer('vm/enter-pin', '9#');
    await first.ended();
    t.same(first.logged('mailbox access locked after wrong PINs'), [], 'three wrong PINs end the call, no lock yet');

    const second = await MenuCaller.dial(p, bernd, '*98');
    await second.answer('vm/enter-pin', '9#');
    await second.answer('vm/enter-pin', '9#');
    await second.next('mailbox access locked after wrong PINs', 0);
    await second.ended();
    t.same(second.prompts, ['vm/enter-pin', 'vm/enter-pin'], 'the fifth wrong PIN locked the mailbox');

    const third = await fromOutside(STRANGER, async (c) => {
      await c.answer('vm/enter-mailbox', '5002#');
      await c.next('mailbox access locked after wrong PINs', 0);
    });
    t.same(third.prompts, ['vm/enter-mailbox'], 'the PIN is not even asked while the mailbox is locked');
    t.same(third.logged('mailbox opened'), []);
  });

  await t.test('*98 from the phone of a user without a mailbox is refused without asking for a PIN', async (t) => {
    const carla = await SipPhone.open({ pbxPort: p.sipPort, user: '5003', password: USERS['5003'].password });
    t.teardown(() => carla.close());
    const c = await MenuCaller.dial(p, carla, '*98');
    await c.ended();
    t.same(c.logged('keys asked'), [], 'nothing was asked');
    t.same(c.logged('mailbox PIN wrong'), [], 'no wrong PIN counted against her number');
  });

  await t.test('no PIN in the log', async (t) => {
    const values = (v: unknown): unknown[] => (v && typeof v === 'object' ? Object.values(v).flatMap(values) : [v]);
    const secrets = [USERS['5001'].pin, USERS['5002'].pin, '1111'].flatMap((pin) => [pin, `${pin}#`]);
    t.same(logLines(p.output()).flatMap(values).filter((v) => typeof v === 'string' && secrets.includes(v)), [], 'no log field holds a PIN');
  });
});
