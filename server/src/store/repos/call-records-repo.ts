/** Call records (CDRs): one row per call, written at start and completed at answer and end. */
import type { Db } from '../db.js';
import type { CallRecordTable } from '../schema.js';

/** A call record row. */
export type CallRecordRow = CallRecordTable;

/** Writes the record of a new call. */
export async function insertCallRecord(db: Db, r: CallRecordRow): Promise<void> {
  await db.insertInto('call_records').values(r).execute();
}

const COLUMNS = ['call_id', 'started_at', 'answered_at', 'ended_at', 'direction', 'caller', 'callee', 'dialled', 'answered_by', 'status', 'cause'] as const satisfies ReadonlyArray<Exclude<keyof CallRecordRow, 'id'>>;
// SQLite allows 32,766 bound parameters per statement; 12 columns per row.
const ROWS_PER_STATEMENT = 2000;

/** Inserts call records or replaces them with their newer state (ids distinct). */
export async function upsertCallRecords(db: Db, rows: readonly CallRecordRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await db.insertInto('call_records').values(rows.slice(i, i + ROWS_PER_STATEMENT))
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => Object.fromEntries(COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)]))))
      .execute();
  }
}

/** Updates fields of a call record. */
export async function updateCallRecord(db: Db, id: string, patch: Partial<Omit<CallRecordRow, 'id'>>): Promise<void> {
  await db.updateTable('call_records').set(patch).where('id', '=', id).execute();
}

/** The newest records, newest first. */
export async function listCallRecords(db: Db, limit = 100): Promise<CallRecordRow[]> {
  return db.selectFrom('call_records').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
}

/** Calls still open (no end) — after a crash, the restart closes them. */
export async function closeOpenCallRecords(db: Db, now: number, cause: string): Promise<number> {
  const r = await db.updateTable('call_records').set({ ended_at: now, cause }).where('ended_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
