/** Versions of the applied site configuration. */
import type { Db } from '../db.js';

/** The newest applied configuration, if any. */
export async function currentConfig(db: Db): Promise<{ id: number; yaml: string; appliedAt: number } | undefined> {
  const row = await db.selectFrom('config_versions').select(['id', 'yaml', 'applied_at']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? { id: row.id, yaml: row.yaml, appliedAt: Number(row.applied_at) } : undefined;
}

/** Stores a new version; returns its id. */
export async function saveConfig(db: Db, yaml: string, source: string, now: number): Promise<number> {
  const r = await db.insertInto('config_versions').values({ yaml, source, applied_at: now }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}
