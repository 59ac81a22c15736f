/** Hotlines: agent state that survives restarts, and the hotline log (issue 6 item 6, issue 7 item 8). */
import type { Kysely } from 'kysely';

/** Creates the agent-state and hotline-log tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('agent_state')
    .addColumn('extension', 'text', (c) => c.primaryKey())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createTable('hotline_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('hotline', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('call_id', 'text')
    .addColumn('caller', 'text')
    .addColumn('agent', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('hotline_log_hotline_at').on('hotline_log').columns(['hotline', 'at']).execute();
}

/** Drops them. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('hotline_log').execute();
  await db.schema.dropTable('agent_state').execute();
}
