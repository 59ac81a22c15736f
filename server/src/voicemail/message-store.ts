/**
 * The voicemail tables (migration 003-voicemail) and their queries. Declared here rather than in
 * store/schema.ts so the feature stays one module (as presence does); `voicemailDb` widens the
 * shared Kysely instance with them. The CLI reads the same functions.
 */
import type { Db } from '../store/db.js';
import type { CallerKind, StoredCaller } from './caller.js';
import type { MessageStatus } from './menu.js';
import type { PinFailures } from './pin-guard.js';

/** One message of the index. */
export type VoicemailMessageTable = {
  id: string;
  mailbox: string;
  caller: string | null;
  caller_kind: string;
  received_at: number;
  duration_ms: number;
  status: string;
  /** Path below <dataDir>/voicemail/. */
  file: string;
};

/** Wrong-PIN counter of one key. */
export type VoicemailPinFailureTable = {
  key: string;
  failures: number;
  window_start: number;
  locked_until: number | null;
};

/** The voicemail tables. */
export type VoicemailTables = {
  voicemail_messages: VoicemailMessageTable;
  voicemail_pin_failures: VoicemailPinFailureTable;
};

function vmDb(db: Db) {
  return db.withTables<VoicemailTables>();
}

/** A stored message. */
export interface StoredMessage {
  readonly id: string;
  readonly mailbox: string;
  readonly caller: StoredCaller;
  readonly receivedAt: number;
  readonly durationMs: number;
  readonly status: MessageStatus;
  /** Path below <dataDir>/voicemail/. */
  readonly file: string;
}

const STATUSES: readonly MessageStatus[] = ['new', 'old', 'saved'];
const KINDS: readonly CallerKind[] = ['internal', 'external', 'staff-mobile', 'withheld'];

function toMessage(r: VoicemailMessageTable): StoredMessage {
  const status = STATUSES.find((s) => s === r.status);
  const kind = KINDS.find((k) => k === r.caller_kind);
  if (!status || !kind) throw new Error(`voicemail store: message ${r.id} has an unknown status or caller kind`);
  return {
    id: r.id, mailbox: r.mailbox, caller: { caller: r.caller, kind }, receivedAt: Number(r.received_at),
    durationMs: Number(r.duration_ms), status, file: r.file,
  };
}

/** Adds a message to the index. */
export async function insertMessage(db: Db, m: StoredMessage): Promise<void> {
  await vmDb(db).insertInto('voicemail_messages').values({
    id: m.id, mailbox: m.mailbox, caller: m.caller.caller, caller_kind: m.caller.kind, received_at: m.receivedAt,
    duration_ms: m.durationMs, status: m.status, file: m.file,
  }).execute();
}

/** The messages of a mailbox, oldest first. */
export async function listMessages(db: Db, mailbox: string): Promise<StoredMessage[]> {
  const rows = await vmDb(db).selectFrom('voicemail_messages').selectAll().where('mailbox', '=', mailbox).orderBy('received_at').orderBy('id').execute();
  return rows.map(toMessage);
}

/** Every message (for the start-up check of files). */
export async function allMessages(db: Db): Promise<StoredMessage[]> {
  const rows = await vmDb(db).selectFrom('voicemail_messages').selectAll().orderBy('received_at').execute();
  return rows.map(toMessage);
}

/** Sets a message's status. */
export async function setMessageStatus(db: Db, id: string, status: MessageStatus): Promise<void> {
  await vmDb(db).updateTable('voicemail_messages').set({ status }).where('id', '=', id).execute();
}

/** Removes a message from the index. */
export async function deleteMessage(db: Db, id: string): Promise<void> {
  await vmDb(db).deleteFrom('voicemail_messages').where('id', '=', id).execute();
}

/** New and old (incl. saved) counts per mailbox that has messages. */
export async function countsByMailbox(db: Db): Promise<Map<string, { newCount: number; oldCount: number }>> {
  const rows = await vmDb(db).selectFrom('voicemail_messages').select(['mailbox', 'status']).execute();
  const out = new Map<string, { newCount: number; oldCount: number }>();
  for (const r of rows) {
    const c = out.get(r.mailbox) ?? { newCount: 0, oldCount: 0 };
    if (r.status === 'new') c.newCount++;
    else c.oldCount++;
    out.set(r.mailbox, c);
  }
  return out;
}

/** The wrong-PIN counter of a key. */
export async function loadPinFailures(db: Db, key: string): Promise<PinFailures | undefined> {
  const r = await vmDb(db).selectFrom('voicemail_pin_failures').selectAll().where('key', '=', key).executeTakeFirst();
  return r && { failures: Number(r.failures), windowStart: Number(r.window_start), lockedUntil: r.locked_until === null ? null : Number(r.locked_until) };
}

/** Stores a counter. */
export async function savePinFailures(db: Db, key: string, f: PinFailures): Promise<void> {
  const row = { failures: f.failures, window_start: f.windowStart, locked_until: f.lockedUntil };
  await vmDb(db).insertInto('voicemail_pin_failures').values({ key, ...row })
    .onConflict((oc) => oc.column('key').doUpdateSet(row)).execute();
}

/** Forgets the counters of keys (after a right PIN). */
export async function clearPinFailures(db: Db, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await vmDb(db).deleteFrom('voicemail_pin_failures').where('key', 'in', [...keys]).execute();
}
