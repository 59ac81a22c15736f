// The notifier logic of presence subscriptions with a recording transport: initial NOTIFY,
// suppression of hidden changes, coalescing, failures, revocation, expiry, restart.
import t from 'tap';
import { managerFor, presenceSite, settle, storedRow } from './fixtures.js';
import { waitFor } from '../../../helpers/wait-for.js';

const site = presenceSite();
const leg = (id: string, state: 'trying' | 'early' | 'confirmed' | 'terminated', direction: 'inbound' | 'outbound', scope: 'internal' | 'external', held = false) =>
  ({ kind: 'call.updated' as const, user: '3001', call: { id, state, direction, scope, party: scope === 'external' ? '+4989123456' : '3009', held } });

void t.test('a new subscription gets an initial NOTIFY: version 0, active with the remaining expiry', async (t) => {
  const m = managerFor(() => site);
  const sub = m.subscribe('3002', '3001');
  await settle();
  const [first] = m.transport.to(sub.id);
  t.equal(m.transport.to(sub.id).length, 1);
  t.match(first, { headers: { Event: 'dialog', 'Subscription-State': 'active;expires=600', 'Content-Type': 'application/dialog-info+xml' } });
  t.match(first!.body, /version="0" state="full"/);
  t.equal(m.stored.size, 1, 'the subscription is stored for a restart');
});

void t.test('only visible changes send NOTIFYs; hidden ones (scope, direction once busy, hold, a second call, absence reason) send none', async (t) => {
  const m = managerFor(() => site);
  m.hub.apply({ kind: 'devices.changed', user: '3001', registered: 1, reachable: 1 });
  const sub = m.subscribe('3005', '3001');
  await settle();
  const count = () => m.transport.to(sub.id).length;
  t.equal(count(), 1);
  m.hub.apply(leg('a', 'confirmed', 'inbound', 'internal'));
  await settle();
  t.equal(count(), 2, 'idle -> busy is visible');
  const steps = [
    leg('a', 'confirmed', 'inbound', 'external'),
    leg('a', 'confirmed', 'inbound', 'external', true),
    leg('b', 'confirmed', 'outbound', 'internal'),
    leg('b', 'terminated', 'outbound', 'internal'),
  ];
  for (const s of steps) {
    m.hub.apply(s);
    await settle();
  }
  t.equal(count(), 2, 'no NOTIFY for hidden changes');
  m.hub.apply(leg('a', 'terminated', 'inbound', 'external'));
  await settle();
  t.equal(count(), 3, 'busy -> idle is visible');
  m.hub.apply({ kind: 'absence.set', user: '3001', absence: { id: 'x', reason: 'sick', from: 0, until: null } });
  await settle();
  t.equal(count(), 4, 'becoming unreachable is visible');
  m.hub.apply({ kind: 'absence.set', user: '3001', absence: { id: 'x', reason: 'holiday', from: 0, until: null } });
  m.hub.apply({ kind: 'dnd.changed', user: '3001', on: true });
  m.hub.apply(leg('c', 'confirmed', 'inbound', 'external'));
  await settle();
  t.equal(count(), 4, 'an edited reason, DND or a call on top of an absence sends nothing');
  const versions = m.transport.to(sub.id).map((s) => /version="(\d+)"/.exec(s.body)?.[1]);
  t.same(versions, ['0', '1', '2', '3'], 'versions rise by one per NOTIFY, no gaps from hidden changes');
});

void t.test('changes while a NOTIFY is in flight go out as one NOTIFY with the latest state', async (t) => {
  const m = managerFor(() => site);
  m.transport.auto = undefined;
  m.hub.apply({ kind: 'devices.changed', user: '3001', registered: 1, reachable: 1 });
  const sub = m.subscribe('3005', '3001');
  m.hub.apply(leg('a', 'confirmed', 'inbound', 'internal'));
  m.hub.apply(leg('a', 'terminated', 'inbound', 'internal'));
  m.hub.apply(leg('b', 'confirmed', 'inbound', 'internal'));
  t.equal(m.transport.to(sub.id).length, 1, 'nothing more while the initial NOTIFY is unanswered');
  m.transport.to(sub.id)[0]!.answer(200);
  await settle();
  const sent = m.transport.to(sub.id);
  t.equal(sent.length, 2, 'one NOTIFY for three changes');
  t.match(sent[1]!.body, /<state>confirmed<\/state>/);
});

for (const status of [481, 408, 500, 0]) {
  void t.test(`a NOTIFY answered ${status} ends the subscription instead of freezing the lamp`, async (t) => {
    const m = managerFor(() => site);
    m.transport.auto = undefined;
    const sub = m.subscribe('3002', '3001');
    m.transport.to(sub.id)[0]!.answer(status);
    await settle();
    t.equal(m.manager.size, 0, 'no longer live');
    t.equal(m.stored.size, 0, 'no longer stored');
    const last = m.transport.to(sub.id)[1];
    t.match(last, { headers: { 'Subscription-State': 'terminated;reason=deactivated' }, body: '' }, 'one final NOTIFY frees the dialog and asks for a new subscription');
    last?.answer(481);
    m.hub.apply({ kind: 'devices.changed', user: '3001', registered: 1, reachable: 1 });
    await settle();
    t.equal(m.transport.to(sub.id).length, 2, 'later changes send nothing');
  });
}

void t.test('§5.3 test 15: a watcher who leaves the team gets terminated;reason=rejected without state', async (t) => {
  let current = site;
  const m = managerFor(() => current);
  const sub = m.subscribe('3005', '3001');
  await settle();
  current = presenceSite((y) => y.replace('members: ["3001", "3005"]', 'members: ["3005"]'));
  m.manager.rulesChanged();
  await settle();
  const last = m.transport.to(sub.id).at(-1)!;
  t.equal(last.headers['Subscription-State'], 'terminated;reason=rejected');
  t.equal(last.body, '', 'no body');
  t.notOk('Content-Type' in last.headers);
  t.equal(m.manager.size, 0);
});

void t.test('§5.3 test 15: a removed pickup right narrows ringing to confirmed without the token', async (t) => {
  let current = site;
  const m = managerFor(() => current);
  m.hub.apply({ kind: 'devices.changed', user: '3001', registered: 1, reachable: 1 });
  const sub = m.subscribe('3002', '3001');
  m.hub.apply(leg('a', 'early', 'inbound', 'external'));
  await settle();
  const ringing = m.transport.to(sub.id).at(-1)!.body;
  t.match(ringing, /<state>early<\/state>/);
  t.match(ringing, `call-id="${m.tokens.tokenFor('3002', '3001')}"`, 'the token issued to this watcher');
  current = presenceSite((y) => y.replace('pickup: true', 'pickup: false'));
  m.manager.rulesChanged();
  await settle();
  const narrowed = m.transport.to(sub.id).at(-1)!.body;
  t.match(narrowed, /<state>confirmed<\/state>/);
  t.notMatch(narrowed, /call-id|zp/);
});

void t.test('each watcher gets its own pickup token', async (t) => {
  const m = managerFor(() => site);
  m.hub.apply({ kind: 'devices.changed', user: '3001', registered: 1, reachable: 1 });
  const a = m.subscribe('3002', '3001');
  const b = m.subscribe('3003', '3001');
  m.hub.apply(leg('a', 'early', 'inbound', 'internal'));
  await settle();
  const tokenIn = (id: string) => /call-id="([^"]+)"/.exec(m.transport.to(id).at(-1)!.body)?.[1];
  t.ok(tokenIn(a.id));
  t.ok(tokenIn(b.id));
  t.not(tokenIn(a.id), tokenIn(b.id));
});

void t.test('an unrefreshed subscription ends with terminated;reason=timeout at its expiry', async (t) => {
  const m = managerFor(() => site, { now: () => Date.now() });
  const sub = m.subscribe('3002', '3001', 'dialog', { expiresAt: Date.now() + 30 });
  await waitFor(() => m.transport.to(sub.id).some((s) => s.headers['Subscription-State'] === 'terminated;reason=timeout'), { ms: 5000 });
  t.equal(m.manager.size, 0);
  t.match(m.transport.to(sub.id).at(-1)!.body, /<dialog-info/, 'the final NOTIFY carries the state (the watcher may still see it)');
});

void t.test('a refresh moves the expiry and sends the current state again', async (t) => {
  const m = managerFor(() => site);
  const sub = m.subscribe('3002', '3001', 'dialog');
  await settle();
  m.manager.refresh(sub, 120);
  await settle();
  t.equal(m.transport.to(sub.id).length, 2);
  t.equal(m.transport.to(sub.id)[1]!.headers['Subscription-State'], 'active;expires=120');
  t.equal(m.stored.get(sub.id)?.expires_at, m.now() + 120_000);
});

void t.test('subscriptions from before a restart get the state with terminated;reason=deactivated and are forgotten', async (t) => {
  const m = managerFor(() => site);
  m.stored.set('old', storedRow('old', 'presence', '3002', '3001'));
  m.manager.restore([storedRow('old', 'presence', '3002', '3001'), storedRow('odd', 'bogus', '3002', '3001')]);
  await settle();
  const [n] = m.transport.to('old');
  t.equal(n?.headers['Subscription-State'], 'terminated;reason=deactivated');
  t.match(n?.body, /<basic>closed<\/basic>/);
  t.equal(m.transport.to('odd').length, 0, 'an unknown package is dropped silently');
  t.equal(m.stored.size, 0);
});

void t.test('a device without bindings loses its subscriptions; other devices keep theirs', async (t) => {
  const m = managerFor(() => site);
  const gone = m.subscribe('3002', '3001', 'dialog', { watcherDevice: '3002' });
  const stays = m.subscribe('3002', '3003', 'dialog', { watcherDevice: '3002-desk' });
  const unbound = m.subscribe('3002', '3003', 'presence', { watcherDevice: '3002', boundDevice: false });
  await settle();
  m.manager.deviceGone('3002', '3002');
  await settle();
  t.equal(m.transport.to(gone.id).at(-1)?.headers['Subscription-State'], 'terminated;reason=deactivated');
  t.same(m.manager.on('3003').map((s) => s.id).sort(), [stays.id, unbound.id].sort(), 'a device that never registered keeps its subscription');
});

void t.test('§5.3 test 14: message-summary carries counts only, 0/0 until the voicemail feature reports', async (t) => {
  const m = managerFor(() => site);
  const sub = m.subscribe('3001', '3001', 'message-summary');
  await settle();
  t.equal(m.transport.to(sub.id)[0]!.body, 'Messages-Waiting: no\r\nMessage-Account: sip:3001@presence.zentrale.test\r\nVoice-Message: 0/0 (0/0)\r\n');
  m.counts.set('3001', { newCount: 2, oldCount: 5 });
  m.manager.countsChanged('3001');
  m.manager.countsChanged('3001');
  await settle();
  t.equal(m.transport.to(sub.id).length, 2, 'unchanged counts send nothing');
  t.match(m.transport.to(sub.id)[1]!.body, /Messages-Waiting: yes\r\n[\s\S]*Voice-Message: 2\/5 \(0\/0\)/);
  const foreign = m.subscribe('3002', '3001', 'message-summary');
  await settle();
  t.equal(m.transport.to(foreign.id).at(-1)?.headers['Subscription-State'], 'terminated;reason=rejected', 'another user\'s mailbox is refused');
});

void t.test('a user removed from the site ends its watchers\' subscriptions with noresource', async (t) => {
  let current = site;
  const m = managerFor(() => current);
  const sub = m.subscribe('3002', '3003');
  await settle();
  current = presenceSite((y) => y.replace(/  - \{ extension: "3003".*\n/, '').replace('"3002", "3003"]', '"3002"]'));
  m.manager.rulesChanged();
  await settle();
  t.equal(m.transport.to(sub.id).at(-1)?.headers['Subscription-State'], 'terminated;reason=noresource');
});
