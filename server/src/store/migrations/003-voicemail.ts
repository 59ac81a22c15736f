/**
 * Voicemail (issue 4 item 3): the index of recorded messages (the audio lives in
 * <dataDir>/voicemail/<mailbox>/<id>.wav) and the PIN failure counters behind the lockout, so a
 * restart neither loses a message nor resets a lockout. Types are portable to PostgreSQL.
 */
import type { Kysely } from 'kysely';

/** Creates the voicemail tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('voicemail_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mailbox', 'text', (c) => c.notNull())
    // Who called: an extension, an E.164 number, or null (withheld). Never a staff member's
    // private mobile (caller-id.md §6): such calls are stored as the owner's extension.
    .addColumn('caller', 'text')
    .addColumn('caller_kind', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('voicemail_messages_mailbox').on('voicemail_messages').columns(['mailbox', 'received_at']).execute();
  await db.schema.createTable('voicemail_pin_failures')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('locked_until', 'bigint')
    .execute();
}

/** Drops the voicemail tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['voicemail_pin_failures', 'voicemail_messages']) await db.schema.dropTable(t).execute();
}
