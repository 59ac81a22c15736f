/**
 * Presence (issue 9): absences with their reasons, the manual status, substitute, web-panel
 * accounts and the SIP subscriptions that must outlive a restart of the feature server.
 * DND stays in `user_state` (routing reads it). Types are portable to PostgreSQL.
 */
import type { Kysely } from 'kysely';

/** Creates the presence tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Reasons are health data for `sick` (GDPR Art. 9): only the presence adapter reads this table,
  // and it hands reasons out to the user and `absenceReasonReaders` only.
  await db.schema.createTable('presence_absences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('extension', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('from_at', 'bigint', (c) => c.notNull())
    .addColumn('until_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('presence_absences_extension').on('presence_absences').column('extension').execute();
  await db.schema.createTable('presence_user_state')
    .addColumn('extension', 'text', (c) => c.primaryKey())
    .addColumn('manual_status', 'text', (c) => c.notNull().defaultTo('auto'))
    .addColumn('note', 'text')
    .addColumn('share_note', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('substitute', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createTable('presence_web_accounts')
    .addColumn('extension', 'text', (c) => c.primaryKey())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createTable('presence_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dialog_id', 'text', (c) => c.notNull())
    .addColumn('package', 'text', (c) => c.notNull())
    .addColumn('event_header', 'text', (c) => c.notNull())
    .addColumn('watcher', 'text', (c) => c.notNull())
    .addColumn('watcher_device', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('local_tag', 'text', (c) => c.notNull())
    .addColumn('remote_tag', 'text', (c) => c.notNull())
    .addColumn('local_uri', 'text', (c) => c.notNull())
    .addColumn('remote_uri', 'text', (c) => c.notNull())
    .addColumn('remote_target', 'text', (c) => c.notNull())
    .addColumn('local_contact', 'text', (c) => c.notNull())
    .addColumn('route_set', 'text', (c) => c.notNull())
    .addColumn('flow', 'text', (c) => c.notNull())
    .addColumn('subscribe_cseq', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

/** Drops the presence tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['presence_subscriptions', 'presence_web_accounts', 'presence_user_state', 'presence_absences']) await db.schema.dropTable(t).execute();
}
