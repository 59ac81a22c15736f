import t from 'tap';
import { openSqliteStore } from '../../../../server/src/store/db.js';
import { BindingWriter, loadBindings, type BindingRow } from '../../../../server/src/store/repos/bindings-repo.js';

const row = (id: string, expiresAt: number, cseq = 1): BindingRow => ({
  id, aor: `sip:${id}@pbx.test`, extension: id, contact: `<sip:${id}@127.0.0.1:5062>`, expires_at: expiresAt, call_id: `c-${id}`, cseq,
  protocol: 'udp', source_address: '127.0.0.1', source_port: 5062, received_on: '127.0.0.1:5060', instance: null, user_agent: 'test', updated_at: 1,
});

void t.test('changes are collected and committed together; the last change per binding wins', async (t) => {
  const db = await openSqliteStore(':memory:');
  t.teardown(() => db.destroy());
  const w = new BindingWriter(db, 10_000);
  const saved = [w.save(row('a', 5000)), w.save(row('b', 5000)), w.save(row('a', 6000, 2)), w.save(row('c', 5000))];
  const removed = w.remove(['c']);
  t.same(await loadBindings(db, 0), [], 'nothing is written before the batch is due');
  await w.flush();
  await Promise.all([...saved, removed]);
  const rows = (await loadBindings(db, 0)).sort((x, y) => x.id.localeCompare(y.id));
  t.same(rows.map((r) => [r.id, r.expires_at, r.cseq]), [['a', 6000, 2], ['b', 5000, 1]], 'a refreshed, b kept, c removed');
  w.save(row('b', 9000, 3)).catch(() => undefined);
  await w.flush();
  t.match(await loadBindings(db, 0), [{ id: 'a' }, { id: 'b', expires_at: 9000, cseq: 3 }].sort((x, y) => x.id.localeCompare(y.id)), 'an existing row is replaced');
});

void t.test('the batch is committed by its timer, and thousands of rows in one batch fit', async (t) => {
  const db = await openSqliteStore(':memory:');
  t.teardown(() => db.destroy());
  const w = new BindingWriter(db, 5);
  const all = Array.from({ length: 4500 }, (_, i) => w.save(row(`u${i}`, 10_000)));
  await Promise.all(all);
  t.equal((await loadBindings(db, 0)).length, 4500, 'every row is stored (more than one statement)');
  t.equal((await loadBindings(db, 10_000)).length, 0, 'expired rows are dropped on load');
});

void t.test('a failed batch rejects the waiting writes, and the next batch still runs', async (t) => {
  const db = await openSqliteStore(':memory:');
  t.teardown(() => db.destroy());
  const w = new BindingWriter(db, 10_000);
  const bad = w.save({ ...row('x', 1), extension: null as unknown as string });
  await w.flush();
  await t.rejects(bad, 'the NOT NULL violation reaches the caller');
  const good = w.save(row('y', 5000));
  await w.flush();
  await good;
  t.same((await loadBindings(db, 0)).map((r) => r.id), ['y']);
});
