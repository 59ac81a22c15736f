// reference/presence.md §5.3 tests 7 and 8 over SIP: a colleague's PIDF subscription to 3001
// while 3001 is sick, on holiday, on DND, "away", on a call, and without a device.
import t from 'tap';
import { startHarness, PASSWORDS } from './harness.js';
import { leg, scenario, watch } from './watchers.js';
import { registeredPhone } from '../../helpers/phones.js';
import { assertSippPassed } from '../../helpers/sipp.js';

void t.test('sick, holiday, DND, away and no device give identical closed PIDF bodies; a call carries no number (§5.3 tests 7, 8)', async (t) => {
  const h = await startHarness();
  t.teardown(() => h.close());
  const phone = await registeredPhone({ sipPort: h.sipPort }, '3001', PASSWORDS['3001']!, { holdMs: 3_600_000 });
  t.teardown(() => phone.kill());
  await h.waitLog('registration changed', 1, { extension: '3001' });
  const me = await h.login('3001');
  const c = await watch(h, '3002', '3001', 'presence');
  let n = 1;
  await c.notified(n);
  const step = async (fn: () => Promise<unknown> | void) => {
    await fn();
    await c.notified(++n);
  };
  const until = Date.now() + 5 * 86_400_000;
  await step(() => h.api(me, 'POST', '/api/presence/me/absences', { reason: 'sick', until }));
  await h.api(me, 'POST', '/api/presence/me/absences', { reason: 'holiday', until: until + 1 });
  await step(() => h.api(me, 'DELETE', '/api/presence/me/absences'));
  await step(() => h.api(me, 'POST', '/api/presence/me/absences', { reason: 'holiday', until }));
  await step(() => h.api(me, 'DELETE', '/api/presence/me/absences'));
  await step(() => h.api(me, 'POST', '/api/presence/me/dnd', { on: true }));
  await step(() => h.api(me, 'POST', '/api/presence/me/dnd', { on: false }));
  await step(() => h.api(me, 'PUT', '/api/presence/me/status', { status: 'away' }));
  await step(() => h.api(me, 'PUT', '/api/presence/me/status', { status: 'auto' }));
  const call = leg(h, '3001', 'inbound', true);
  await step(() => call.set('confirmed'));
  await step(() => call.set('terminated'));
  await step(async () => assertSippPassed(t, await scenario(h, 'unregister-all.xml', '3001', '3001'), 'unregister'));
  const r = await c.done;
  assertSippPassed(t, r, 'watcher');
  const bodies = r.notifies.map((x) => x.body);
  t.equal(bodies.length, n + 1, 'one NOTIFY per visible change (the holiday added during sick leave sent none)');
  const closed = [1, 3, 5, 7, 11].map((i) => bodies[i]!);
  t.equal(new Set(closed).size, 1, 'sick, holiday, DND, away and no device: byte-identical');
  t.match(closed[0], /<basic>closed<\/basic>/);
  for (const bad of ['rpid', 'activities', 'mood', '<note', 'from=', 'until', 'user-input', 'timestamp', 'sick', 'holiday', 'vacation', 'away']) {
    t.notOk(closed[0]!.includes(bad), `closed body has no ${bad}`);
  }
  const onCall = bodies[9]!;
  t.match(onCall, /<basic>open<\/basic>[\s\S]*<rpid:on-the-phone\/>/);
  for (const bad of ['198.51.100.7', 'leg-', 'Talk', 'Anna', '3009', '+49']) t.notOk(onCall.includes(bad), `busy body has no ${bad}`);
});
