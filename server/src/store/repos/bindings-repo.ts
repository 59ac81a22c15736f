/** Persisted registrations (write-through from the location service). */
import type { Db } from '../db.js';
import type { BindingTable } from '../schema.js';

/** A stored binding. */
export type BindingRow = BindingTable;

/** Inserts or replaces a binding. */
export async function upsertBinding(db: Db, b: BindingRow): Promise<void> {
  await db.insertInto('bindings').values(b).onConflict((oc) => oc.column('id').doUpdateSet({ ...b })).execute();
}

/** Removes bindings by id. */
export async function deleteBindings(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('bindings').where('id', 'in', ids).execute();
}

/** Every binding not yet expired at `now` (expired ones are deleted). */
export async function loadBindings(db: Db, now: number): Promise<BindingRow[]> {
  await db.deleteFrom('bindings').where('expires_at', '<=', now).execute();
  return db.selectFrom('bindings').selectAll().execute();
}
