// SUBSCRIBE handling over SIP: refusals (403 without relation, 489 unknown package, 423 too
// brief), refresh and unsubscribe in the dialog, MWI for the mailbox owner only (§5.3 test 14), revocation by a new configuration
// (test 15), and the end of a device's subscriptions when it unregisters.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { startHarness, PASSWORDS, PRESENCE_DIALPLAN } from './harness.js';
import { scenario, watch } from './watchers.js';
import { registeredPhone } from '../../helpers/phones.js';
import { assertSippPassed } from '../../helpers/sipp.js';
import { applyDialplan } from '../../../server/src/config/site-store.js';
import { setMessageCounts } from '../../../server/src/presence-feature/index.js';

void t.test('refusals: no relation 403 (§5.3 test 6), unknown package 489, expiry below the minimum 423, another user\'s mailbox 403 (test 14)', async (t) => {
  const h = await startHarness();
  t.teardown(() => h.close());
  const cases: Array<[string, string, string, Record<string, string>]> = [
    ['subscribe-expect-403.xml', '3009', '3001', { event: 'dialog', expires: '600' }],
    ['subscribe-expect-403.xml', '3009', '3001', { event: 'presence', expires: '600' }],
    ['subscribe-expect-403.xml', '3004', '3002', { event: 'message-summary', expires: '600' }],
    ['subscribe-expect-403.xml', '3002', '3999', { event: 'dialog', expires: '600' }],
    ['subscribe-expect-423.xml', '3002', '3001', { event: 'dialog', expires: '10' }],
    ['subscribe-unknown-event-expect-489.xml', '3002', '3001', { event: 'as-feature-event' }],
  ];
  for (const [file, user, target, keys] of cases) {
    assertSippPassed(t, await scenario(h, file, user, target, keys), `${file} ${user} -> ${target} ${keys.event}`);
  }
  t.equal(h.count('NOTIFY answered'), 0, 'no NOTIFY went out');

  // Same PBX: the subscription dialog is worked by SIP, matched by its dialog id in the engine.
  assertSippPassed(t, await scenario(h, 'subscribe-refresh-unsubscribe.xml', '3002', '3001', { event: 'dialog', accept: 'application/dialog-info+xml' }),
    'in the dialog: a refresh gets 200 with Expires and a NOTIFY, 423 below the minimum, Expires: 0 the final NOTIFY, and afterwards 481');
  t.equal(h.count('NOTIFY answered', { watcher: '3002', target: '3001' }), 3, 'initial, after the refresh, final');
});

void t.test('§5.3 test 14: the mailbox owner gets counts only, 0/0 until the voicemail feature reports', async (t) => {
  const h = await startHarness();
  t.teardown(() => h.close());
  const w = await watch(h, '3001', '3001', 'message-summary');
  await w.notified(1);
  setMessageCounts(h.server.bus, '3001', { newCount: 3, oldCount: 1 });
  await w.notified(2);
  setMessageCounts(h.server.bus, '3002', { newCount: 9, oldCount: 9 });
  const r = await w.done;
  assertSippPassed(t, r, 'watcher');
  t.same(r.notifies.map((n) => n.body.split('\n').map((l) => l.trim()).filter(Boolean)), [
    ['Messages-Waiting: no', 'Message-Account: sip:3001@presence.zentrale.test', 'Voice-Message: 0/0 (0/0)'],
    ['Messages-Waiting: yes', 'Message-Account: sip:3001@presence.zentrale.test', 'Voice-Message: 3/1 (0/0)'],
    ['Messages-Waiting: yes', 'Message-Account: sip:3001@presence.zentrale.test', 'Voice-Message: 3/1 (0/0)'],
  ], 'initial, changed, final; another mailbox\'s counts send nothing');
  t.equal(r.notifies[0]?.headers['content-type'], 'application/simple-message-summary');
});

void t.test('§5.3 test 15: a colleague who leaves the team gets terminated;reason=rejected with no state', async (t) => {
  const h = await startHarness();
  t.teardown(() => h.close());
  const w = await watch(h, '3005', '3001');
  await w.notified(1);
  const yaml = readFileSync(PRESENCE_DIALPLAN, 'utf8').replace('members: ["3001", "3005"]', 'members: ["3005"]');
  const applied = await applyDialplan(h.db, [{ path: 'changed.yaml', text: yaml }], { now: Date.now(), source: 'test' });
  t.ok(applied.ok);
  await h.server.reload();
  const r = await w.done;
  assertSippPassed(t, r, 'watcher');
  const last = r.notifies.at(-1)!;
  t.equal(last.headers['subscription-state'], 'terminated;reason=rejected');
  t.equal(last.body, '', 'the final NOTIFY carries no state');
  t.equal(r.notifies.length, 2);
  assertSippPassed(t, await scenario(h, 'subscribe-expect-403.xml', '3005', '3001', { event: 'dialog', expires: '600' }), 'a new SUBSCRIBE is refused');
});

void t.test('a device that unregisters loses its subscriptions (terminated;reason=deactivated)', async (t) => {
  const h = await startHarness();
  t.teardown(() => h.close());
  const phone = await registeredPhone({ sipPort: h.sipPort }, '3002', PASSWORDS['3002']!, { holdMs: 3_600_000 });
  t.teardown(() => phone.kill());
  await h.waitLog('registration changed', 1, { extension: '3002' });
  const w = await watch(h, '3002', '3001');
  await w.notified(1);
  assertSippPassed(t, await scenario(h, 'unregister-all.xml', '3002', '3002'), 'unregister');
  const r = await w.done;
  assertSippPassed(t, r, 'watcher');
  t.equal(r.notifies.at(-1)?.headers['subscription-state'], 'terminated;reason=deactivated');
});
