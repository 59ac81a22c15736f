/** Call records (CDRs): one row per call, written at start and completed at answer and end. */
import type { Db } from '../db.js';
import type { CallRecordTable } from '../schema.js';

/** A call record row. */
export type CallRecordRow = CallRecordTable;

/** Writes the record of a new call. */
export async function insertCallRecord(db: Db, r: CallRecordRow): Promise<void> {
  await db.insertInto('call_records').values(r).execute();
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
