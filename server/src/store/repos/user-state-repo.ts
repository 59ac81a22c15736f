/** Run-time per-user state: DND and forwarding set by feature code, CLI or API. */
import type { Db } from '../db.js';

/** Stored state of one user. */
export interface StoredUserState {
  readonly extension: string;
  readonly dnd: boolean;
  readonly forwarding: Record<string, unknown>;
}

/** All stored user states. */
export async function loadUserStates(db: Db): Promise<StoredUserState[]> {
  const rows = await db.selectFrom('user_state').selectAll().execute();
  return rows.map((r) => ({ extension: r.extension, dnd: r.dnd !== 0, forwarding: JSON.parse(r.forwarding) as Record<string, unknown> }));
}

/** Writes the state of one user. */
export async function saveUserState(db: Db, s: StoredUserState, now: number): Promise<void> {
  const row = { extension: s.extension, dnd: s.dnd ? 1 : 0, forwarding: JSON.stringify(s.forwarding), updated_at: now };
  await db.insertInto('user_state').values(row).onConflict((oc) => oc.column('extension').doUpdateSet(row)).execute();
}
