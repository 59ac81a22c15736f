/** Hotline calls in progress, written through so a restart can close them (issue 7 item 9). */
import type { Kysely } from 'kysely';

/** Creates the table of waiting hotline calls (and callbacks kept in the queue). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('hotline_calls')
    .addColumn('call_id', 'text', (c) => c.primaryKey())
    .addColumn('hotline', 'text', (c) => c.notNull())
    .addColumn('caller', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'bigint', (c) => c.notNull())
    .addColumn('callback', 'text')
    .execute();
}

/** Drops it. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('hotline_calls').execute();
}
