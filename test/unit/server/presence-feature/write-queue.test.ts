// The batched store writes of presence: order kept across transactions, a failing write does not
// take the others with it, and drain() commits what is pending.
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Writable } from 'node:stream';
import { openSqliteStore } from '../../../../server/src/store/db.js';
import { WriteQueue } from '../../../../server/src/presence-feature/write-queue.js';
import { deleteSubscription, loadSubscriptions, saveSubscription, touchSubscription } from '../../../../server/src/presence-feature/store.js';
import { storedRow } from './fixtures.js';

void t.test('writes reach the store in order, in chunks, and a failing one is logged while the rest commit', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'zentrale-write-queue-'));
  const db = await openSqliteStore(join(dir, 'zentrale.db'));
  t.teardown(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  const errors: string[] = [];
  const log = pino({ level: 'error' }, new Writable({ write(c: Buffer, _e, cb) { errors.push(c.toString()); cb(); } }));
  const q = new WriteQueue(db, log, 1_000_000, 100);
  for (let i = 0; i < 250; i++) q.push((d) => saveSubscription(d, { ...storedRow(`s${i}`, 'dialog', '3002', '3001'), expires_at: 2_000_000_000_000 }));
  q.push(() => Promise.reject(new Error('disk says no')));
  for (let i = 0; i < 250; i += 2) q.push((d) => deleteSubscription(d, `s${i}`));
  q.push((d) => touchSubscription(d, 's1', 2_000_000_000_123));
  t.same(await loadSubscriptions(db, 0), [], 'nothing is written before the delay or drain');
  await q.drain();
  const rows = await loadSubscriptions(db, 0);
  t.equal(rows.length, 125, 'inserts and the later deletes applied in order, across three transactions');
  t.equal(rows.find((r) => r.id === 's1')?.expires_at, 2_000_000_000_123, 'the refresh after the insert');
  t.equal(errors.length, 1, 'the failing write was logged once');
  t.match(errors[0], /presence store write failed/);
});
