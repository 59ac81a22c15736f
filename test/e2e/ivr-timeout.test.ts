/**
 * IVR timeout and invalid-input handling end to end (issue 4 items 4 and 6), on the menu `sub`
 * (801: two plays, two seconds to choose, onTimeout the mailbox of 5001, onInvalid user 5004, who
 * is not registered and has no mailbox). A caller who presses nothing lands in the mailbox after
 * the second play and, saying nothing there either, leaves no message; a caller who presses a key
 * with no option on both plays hears ivr/invalid in between and goes to onInvalid.
 */
import t from 'tap';
import { assertSippPassed } from '../helpers/sipp.js';
import { logLines } from '../helpers/pbx.js';
import { listMailbox, userCalls, voicemailPbx } from '../integration/voicemail/site.js';

void t.test('no key: after the last play onTimeout takes the call; wrong keys: onInvalid', async (t) => {
  const { p } = await voicemailPbx(t);

  const silent = await userCalls(p, '5002', '801', [], { kind: 'expect-bye', withinMs: 45_000 });
  assertSippPassed(t, silent, 'the silent caller is taken to the mailbox and hung up on after saying nothing');

  const wrong = await userCalls(p, '5002', '801', [{ afterMs: 1200, keys: '7' }, { afterMs: 3000, keys: '8' }], { kind: 'expect-bye', withinMs: 20_000 });
  assertSippPassed(t, wrong, 'the caller pressing 7, then 8 is routed to onInvalid and refused there');

  const logs = logLines(p.output());
  t.same(logs.filter((l) => l.msg === 'IVR option chosen').map((l) => [l.menu, l.choice, l.target, l.steps]), [
    ['sub', 'timeout', '{ voicemail: 5001 }', ['voicemail']],
    ['sub', 'invalid', '{ user: 5004 }', ['reject']],
  ]);
  t.ok(logs.some((l) => l.msg === 'voicemail recording discarded: no message in it' && l.mailbox === '5001'), 'the empty recording was discarded');
  t.same(listMailbox(p, '5001'), [], 'no message was stored');
});
