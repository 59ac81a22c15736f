import t from 'tap';
import { openSqliteStore } from '../../../../server/src/store/db.js';
import { loadForwardings, parseForwarding, saveForwarding, withForwarding } from '../../../../server/src/trunks/forwarding.js';
import type { E164 } from '../../../../server/src/domain/e164.js';

const mobile = { kind: 'external', number: '+491701112222' as E164 } as const;

void t.test('stored forwarding: destinations and cancellations read back; anything else counts as none', async (t) => {
  t.same(parseForwarding({ always: mobile, busy: null }), { forwarding: { always: mobile, busy: null }, ok: true });
  t.same(parseForwarding({ noAnswer: { kind: 'internal', number: '3002' } }), { forwarding: { noAnswer: { kind: 'internal', number: '3002' } }, ok: true });
  for (const bad of [null, 'x', { always: { kind: 'external', number: '0170' } }, { sometimes: null }, { always: { kind: 'internal', number: '*21' } }]) {
    t.same(parseForwarding(bad), { forwarding: {}, ok: false }, JSON.stringify(bad));
  }
});

void t.test('setting one kind keeps the others; null cancels', async (t) => {
  const f = withForwarding(withForwarding({}, 'always', mobile), 'busy', { kind: 'internal', number: '3002' });
  t.same(f, { always: mobile, busy: { kind: 'internal', number: '3002' } });
  t.same(withForwarding(f, 'always', null), { always: null, busy: { kind: 'internal', number: '3002' } });
});

void t.test('the store keeps forwarding per user and leaves the DND flag alone', async (t) => {
  const db = await openSqliteStore(':memory:');
  t.teardown(() => db.destroy());
  await db.insertInto('user_state').values({ extension: '3001', dnd: 1, forwarding: '{}', updated_at: 1 }).execute();
  await saveForwarding(db, '3001', { always: mobile }, 2);
  await saveForwarding(db, '3002', { busy: null }, 3);
  t.same([...(await loadForwardings(db)).entries()], [
    ['3001', { forwarding: { always: mobile }, ok: true }],
    ['3002', { forwarding: { busy: null }, ok: true }],
  ]);
  t.same([...(await loadForwardings(db, '3002')).keys()], ['3002']);
  const row = await db.selectFrom('user_state').select(['dnd']).where('extension', '=', '3001').executeTakeFirst();
  t.equal(row?.dnd, 1, 'DND set by presence survives');
  await db.updateTable('user_state').set({ forwarding: 'not json' }).where('extension', '=', '3002').execute();
  t.same((await loadForwardings(db, '3002')).get('3002'), { forwarding: {}, ok: false });
});
