import t from 'tap';
import pino from 'pino';
import { openSqliteStore } from '../../../../server/src/store/db.js';
import { listCallRecords } from '../../../../server/src/store/repos/call-records-repo.js';
import { CallRecorder } from '../../../../server/src/sip/calls/recorder.js';
import { EventBus } from '../../../../server/src/events/bus.js';

const start = (n: number) => ({ callId: `c${n}`, caller: '3001', dialled: '3002', callee: '3002', direction: 'internal' as const });

void t.test('a short call is one row in its final state, written with the batch; events go out at once', async (t) => {
  const db = await openSqliteStore(':memory:');
  t.teardown(() => db.destroy());
  let now = 1000;
  const log = pino({ level: 'silent' });
  const bus = new EventBus(log, () => now);
  const events: string[] = [];
  for (const e of ['call.started', 'call.answered', 'call.ended'] as const) bus.on(e, () => events.push(e));
  const rec = new CallRecorder(db, bus, log, () => now, 60_000);
  const call = rec.start(start(1));
  now = 2000;
  call.answered('3002');
  now = 5000;
  call.ended('caller-hangup', null);
  t.same(events, ['call.started', 'call.answered', 'call.ended'], 'the events do not wait for the store');
  t.same(await listCallRecords(db), [], 'nothing is written before the batch is due');
  await rec.flush();
  t.match(await listCallRecords(db), [{ call_id: 'c1', started_at: 1000, answered_at: 2000, answered_by: '3002', ended_at: 5000, cause: 'caller-hangup', status: null }]);
});

void t.test('a call across batches: inserted open, completed by a later batch; the timer commits by itself', async (t) => {
  const db = await openSqliteStore(':memory:');
  t.teardown(() => db.destroy());
  const log = pino({ level: 'silent' });
  const rec = new CallRecorder(db, new EventBus(log), log, () => 7, 5);
  const long = rec.start(start(2));
  const other = rec.start(start(3));
  await new Promise((r) => setTimeout(r, 50));
  t.match((await listCallRecords(db)).map((r) => [r.call_id, r.ended_at]).sort(), [['c2', null], ['c3', null]], 'both open calls are stored by the timer');
  long.answered('3002');
  long.ended('callee-hangup', null);
  other.ended('no-answer', 480);
  long.ended('twice', 500);
  await rec.flush();
  const rows = new Map((await listCallRecords(db)).map((r) => [r.call_id, r]));
  t.match(rows.get('c2'), { answered_by: '3002', cause: 'callee-hangup', status: null }, 'the end is written once, the first cause wins');
  t.match(rows.get('c3'), { answered_at: null, cause: 'no-answer', status: 480 });
  t.equal(rows.size, 2, 'no extra rows');
});

void t.test('thousands of calls in one batch fit, and a failed batch is written again with the next one', async (t) => {
  const db = await openSqliteStore(':memory:');
  t.teardown(() => db.destroy());
  const lines: string[] = [];
  const log = pino({ level: 'error' }, { write: (l: string) => { lines.push(l); } });
  const rec = new CallRecorder(db, new EventBus(log), log, () => 1, 60_000);
  for (let i = 0; i < 4500; i++) rec.start(start(i)).ended('done', 200);
  await rec.flush();
  t.equal((await listCallRecords(db, 10_000)).length, 4500, 'every record is stored (more than one statement)');
  // Break the table, record a call, then repair it: the row must arrive with a later batch.
  await db.schema.alterTable('call_records').renameTo('call_records_away').execute();
  rec.start(start(9999)).ended('late', 200);
  await rec.flush();
  t.match(lines.join(''), /call record write failed/, 'the failure is logged');
  await db.schema.alterTable('call_records_away').renameTo('call_records').execute();
  await rec.flush();
  t.ok((await listCallRecords(db, 10_000)).some((r) => r.call_id === 'c9999'), 'the failed row is written with the next batch');
});

void t.test('record ids are time-ordered UUIDs (version 7): each new call sorts after the one before', async (t) => {
  const db = await openSqliteStore(':memory:');
  t.teardown(() => db.destroy());
  const log = pino({ level: 'silent' });
  const rec = new CallRecorder(db, new EventBus(log), log, () => 1, 60_000);
  const ids = Array.from({ length: 2000 }, (_, i) => rec.start(start(i)).id);
  t.same(ids.filter((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)), [], 'every id is a version 7 UUID');
  t.ok(ids.every((id, i) => i === 0 || id > ids[i - 1]!), 'strictly increasing in creation order, also within one millisecond');
  t.equal(new Set(ids).size, ids.length, 'all distinct');
  await rec.flush();
});
