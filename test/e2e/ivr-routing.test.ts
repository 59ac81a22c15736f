/**
 * IVR menus end to end (issue 4 items 4 and 6): `zentrale start` with the menu `start` on 800
 * (prompt ivr/main, as in the demo site). A SIPp caller presses keys as RFC 4733 events: 0 rings
 * the operator's phone, which answers, and the caller is moved there from the media server by
 * re-INVITE; 9 enters the nested menu whose 1 rings the operator too; 2 reaches the hunt group,
 * whose only member is not registered, so the call goes on to the group's mailbox, where the
 * caller leaves a message.
 */
import t from 'tap';
import { assertSippPassed } from '../helpers/sipp.js';
import { callRecords } from '../helpers/e2e.js';
import { logLines } from '../helpers/pbx.js';
import { registeredPhone, waitRegistered } from '../helpers/phones.js';
import { listMailbox, USERS, userCalls, voicemailPbx } from '../integration/voicemail/site.js';

/** The IVR choices the PBX logged: menu, key (or timeout/invalid), target and resulting step kinds. */
function choices(output: string): Array<{ menu: unknown; choice: unknown; target: unknown; steps: unknown }> {
  return logLines(output).filter((l) => l.msg === 'IVR option chosen').map((l) => ({ menu: l.menu, choice: l.choice, target: l.target, steps: l.steps }));
}

void t.test('IVR keys route the caller: 0 to the operator, 9 into the nested menu, 2 to the hunt group', async (t) => {
  const { p } = await voicemailPbx(t);
  const operator = await registeredPhone(p, '5004', USERS['5004'].password, { holdMs: 90_000 });
  t.teardown(() => operator.kill());
  await waitRegistered(p.output, '5004');

  const zero = await userCalls(p, '5001', '800', [{ afterMs: 1200, keys: '0' }, { afterMs: 15_000, reinvite: true }], { kind: 'caller-hangs-up', afterMs: 500 });
  assertSippPassed(t, zero, '0: the caller is moved to the operator by re-INVITE and hangs up');

  const nested = await userCalls(p, '5001', '800', [{ afterMs: 1200, keys: '9' }, { afterMs: 1500, keys: '1' }, { afterMs: 15_000, reinvite: true }], { kind: 'caller-hangs-up', afterMs: 500 });
  assertSippPassed(t, nested, '9 then 1: the nested menu routes to the operator');

  const two = await userCalls(p, '5002', '800', [{ afterMs: 1200, keys: '2' }, { afterMs: 1500, keys: '#' }, { afterMs: 1200, speak: true }], { kind: 'caller-hangs-up', afterMs: 7600 });
  assertSippPassed(t, two, '2: the caller reaches the hunt group\'s mailbox and speaks');

  t.same(choices(p.output()), [
    { menu: 'start', choice: '0', target: '{ user: 5004 }', steps: ['user'] },
    { menu: 'start', choice: '9', target: '{ ivr: sub }', steps: ['ivr'] },
    { menu: 'sub', choice: '1', target: '{ user: 5004 }', steps: ['user'] },
    { menu: 'start', choice: '2', target: '{ huntGroup: 600 }', steps: ['voicemail'] },
  ], 'each key chose its option; the hunt group without a ringable member went on to its mailbox');
  const explained = logLines(p.output()).filter((l) => l.msg === 'IVR option routed').map((l) => (l.explain as string[]).join(' / '));
  t.match(explained[3], /hunt group 600 \(Hausdienst\).*member 5003 skipped \(not registered\).*mailbox 600/, 'routing went through the hunt group');

  const records = (await callRecords(p)).filter((r) => r.dialled === '800');
  t.match(records, [{ caller: '5001', answered_by: '5004', answered: 1 }, { caller: '5001', answered_by: '5004', answered: 1 }, { caller: '5002', answered: 0 }]);
  const box = listMailbox(p, '600');
  t.equal(box.length, 1, 'the hunt group\'s mailbox holds the message');
  t.match(box[0], { caller: '5002', status: 'new' });
});
