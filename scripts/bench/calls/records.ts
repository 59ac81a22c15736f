/**
 * Call-record store writes: the feature server's CallRecorder commits the changed records of
 * every 50 ms as one upsert in one transaction. This measures that write on a SQLite file with
 * a growing table, for time-ordered ids (UUID version 7, what the recorder uses) against random
 * ones (version 4): a random primary key lands on a random index page, so every row of a batch
 * dirties its own page.
 *
 *   npm run bench:records [-- --rows 100000 --batch 50]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseOrExit } from '../lib/args.js';
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { openSqliteStore } from '../../../server/src/store/db.js';
import { upsertCallRecords, type CallRecordRow } from '../../../server/src/store/repos/call-records-repo.js';

const { values } = parseOrExit(import.meta.filename, () => parseArgs({ options: { rows: { type: 'string', default: '100000' }, batch: { type: 'string', default: '50' } } }));
const ROWS = Number(values.rows);
const BATCH = Number(values.batch);

async function run(kind: 'v4' | 'v7'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-records-'));
  const db = await openSqliteStore(join(dir, 'store.sqlite'));
  const id = kind === 'v7' ? () => uuidv7() : () => randomUUID();
  const open: CallRecordRow[] = [];
  let made = 0;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  // As under load: half of a batch are new calls, half are calls of earlier batches that ended.
  while (made < ROWS) {
    const rows: CallRecordRow[] = [];
    for (let i = 0; i < BATCH; i++) {
      if (i % 2 === 0 || open.length === 0) {
        const now = Date.now();
        const r: CallRecordRow = { id: id(), call_id: `bench-${made}`, started_at: now, answered_at: null, ended_at: null, direction: 'internal', caller: '1001', callee: '1002', dialled: '1002', answered_by: null, status: null, cause: null };
        made++;
        open.push(r);
        rows.push(r);
      } else {
        const r = open.shift()!;
        rows.push({ ...r, answered_at: r.started_at + 1000, answered_by: '1002', ended_at: Date.now(), cause: 'caller-hangup' });
      }
    }
    await db.transaction().execute((trx) => upsertCallRecords(trx, rows));
  }
  const cpu = process.cpuUsage(c0);
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const batches = Math.ceil(ROWS * 2 / BATCH);
  console.log(`${kind} ids: ${ROWS} records in ${batches} batches of ${BATCH}: cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, wall ${wall.toFixed(0)} ms, ${((cpu.user + cpu.system) / batches).toFixed(0)} µs cpu per batch`);
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}

for (const kind of ['v4', 'v7', 'v4', 'v7'] as const) await run(kind);
