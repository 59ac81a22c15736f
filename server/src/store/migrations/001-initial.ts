/** Initial schema: configuration versions, bindings, call records, per-user run-time state. */
import type { Kysely } from 'kysely';

/** Creates the first tables. Types are portable between SQLite and PostgreSQL. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('config_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('yaml', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('bindings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('aor', 'text', (c) => c.notNull())
    .addColumn('extension', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('cseq', 'integer', (c) => c.notNull())
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('source_address', 'text', (c) => c.notNull())
    .addColumn('source_port', 'integer', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('instance', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bindings_aor').on('bindings').column('aor').execute();
  await db.schema.createTable('call_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('answered_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('caller', 'text', (c) => c.notNull())
    .addColumn('callee', 'text', (c) => c.notNull())
    .addColumn('dialled', 'text', (c) => c.notNull())
    .addColumn('answered_by', 'text')
    .addColumn('status', 'integer')
    .addColumn('cause', 'text')
    .execute();
  await db.schema.createIndex('call_records_started').on('call_records').column('started_at').execute();
  await db.schema.createTable('user_state')
    .addColumn('extension', 'text', (c) => c.primaryKey())
    .addColumn('dnd', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('forwarding', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

/** Drops the first tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['user_state', 'call_records', 'bindings', 'config_versions']) await db.schema.dropTable(t).execute();
}
