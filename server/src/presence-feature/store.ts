/**
 * The presence tables (migration 002-presence) and their queries. The tables are declared here
 * rather than in store/schema.ts so the feature stays one module; `presenceDb` widens the shared
 * Kysely instance with them. DND lives in the shared `user_state` table because routing reads it.
 */
import type { Db } from '../store/db.js';
import type { Absence, AbsenceReason, ManualStatus, ManualStatusFact } from '../presence/index.js';
import { ABSENCE_REASONS, MANUAL_STATUSES } from '../presence/index.js';

/** One absence. `reason` is personal data (health data for `sick`), never logged. */
export type AbsenceTable = {
  id: string;
  extension: string;
  reason: string;
  from_at: number;
  until_at: number | null;
  created_at: number;
};

/** Manual status, shared note and substitute of one user. */
export type PresenceUserStateTable = {
  extension: string;
  manual_status: string;
  note: string | null;
  share_note: number;
  substitute: string | null;
  updated_at: number;
};

/** A web-panel account: argon2id hash only. */
export type WebAccountTable = {
  extension: string;
  password_hash: string;
  roles: string;
  updated_at: number;
};

/** A SIP subscription as needed to reach the subscriber again after a restart. */
export type SubscriptionTable = {
  id: string;
  dialog_id: string;
  package: string;
  event_header: string;
  watcher: string;
  watcher_device: string;
  target: string;
  call_id: string;
  local_tag: string;
  remote_tag: string;
  local_uri: string;
  remote_uri: string;
  remote_target: string;
  local_contact: string;
  route_set: string;
  flow: string;
  subscribe_cseq: number;
  expires_at: number;
  created_at: number;
};

/** The presence tables. */
export type PresenceTables = {
  presence_absences: AbsenceTable;
  presence_user_state: PresenceUserStateTable;
  presence_web_accounts: WebAccountTable;
  presence_subscriptions: SubscriptionTable;
};

/** The shared store seen with the presence tables. */
export function presenceDb(db: Db) {
  return db.withTables<PresenceTables>();
}

/** A stored absence with its owner. */
export interface StoredAbsence extends Absence {
  readonly extension: string;
}

function asReason(s: string): AbsenceReason {
  const r = ABSENCE_REASONS.find((x) => x === s);
  if (!r) throw new Error('presence store: unknown absence reason in presence_absences');
  return r;
}

/** Absences that have not ended at `now`; ended ones are deleted (GDPR Art. 5(1)(e)). */
export async function loadAbsences(db: Db, now: number, extension?: string): Promise<StoredAbsence[]> {
  const p = presenceDb(db);
  await p.deleteFrom('presence_absences').where('until_at', 'is not', null).where('until_at', '<=', now).execute();
  let q = p.selectFrom('presence_absences').selectAll();
  if (extension !== undefined) q = q.where('extension', '=', extension);
  const rows = await q.orderBy('from_at').execute();
  return rows.map((r) => ({ id: r.id, extension: r.extension, reason: asReason(r.reason), from: Number(r.from_at), until: r.until_at === null ? null : Number(r.until_at) }));
}

/** Stores an absence (insert or replace by id). */
export async function saveAbsence(db: Db, a: StoredAbsence, now: number): Promise<void> {
  const row = { id: a.id, extension: a.extension, reason: a.reason, from_at: a.from, until_at: a.until, created_at: now };
  await presenceDb(db).insertInto('presence_absences').values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ reason: a.reason, from_at: a.from, until_at: a.until })).execute();
}

/** Deletes one absence of a user, or all of them (`id` null). Returns how many went. */
export async function clearAbsences(db: Db, extension: string, id: string | null): Promise<number> {
  let q = presenceDb(db).deleteFrom('presence_absences').where('extension', '=', extension);
  if (id !== null) q = q.where('id', '=', id);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The manual status and substitute of a user. */
export interface StoredPresenceState {
  readonly extension: string;
  readonly manual: ManualStatusFact;
  readonly substitute: string | null;
}

function asStatus(s: string): ManualStatus {
  return MANUAL_STATUSES.find((x) => x === s) ?? 'auto';
}

/** Every stored manual status / substitute, or one user's. */
export async function loadPresenceStates(db: Db, extension?: string): Promise<StoredPresenceState[]> {
  let q = presenceDb(db).selectFrom('presence_user_state').selectAll();
  if (extension !== undefined) q = q.where('extension', '=', extension);
  const rows = await q.execute();
  return rows.map((r) => ({
    extension: r.extension, substitute: r.substitute,
    manual: { status: asStatus(r.manual_status), note: r.note, shareNote: r.share_note !== 0 },
  }));
}

/** Writes the manual status and substitute of a user. */
export async function savePresenceState(db: Db, s: StoredPresenceState, now: number): Promise<void> {
  const row = {
    extension: s.extension, manual_status: s.manual.status, note: s.manual.note, share_note: s.manual.shareNote ? 1 : 0,
    substitute: s.substitute, updated_at: now,
  };
  await presenceDb(db).insertInto('presence_user_state').values(row).onConflict((oc) => oc.column('extension').doUpdateSet(row)).execute();
}

/** DND of every user that has a stored state (the shared `user_state` table). */
export async function loadDnd(db: Db, extension?: string): Promise<Map<string, boolean>> {
  let q = db.selectFrom('user_state').select(['extension', 'dnd']);
  if (extension !== undefined) q = q.where('extension', '=', extension);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.extension, r.dnd !== 0]));
}

/** Sets DND of a user, keeping the forwarding JSON another feature may have written. */
export async function saveDnd(db: Db, extension: string, on: boolean, now: number): Promise<void> {
  await db.insertInto('user_state').values({ extension, dnd: on ? 1 : 0, forwarding: '{}', updated_at: now })
    .onConflict((oc) => oc.column('extension').doUpdateSet({ dnd: on ? 1 : 0, updated_at: now })).execute();
}

/** Roles a web account may hold. */
export type WebRole = 'supervisor';

/** A stored web account. */
export interface WebAccount {
  readonly extension: string;
  readonly passwordHash: string;
  readonly roles: readonly WebRole[];
}

/** The web account of a user, if any. */
export async function loadWebAccount(db: Db, extension: string): Promise<WebAccount | undefined> {
  const r = await presenceDb(db).selectFrom('presence_web_accounts').selectAll().where('extension', '=', extension).executeTakeFirst();
  if (!r) return undefined;
  const roles = (JSON.parse(r.roles) as unknown[]).filter((x): x is WebRole => x === 'supervisor');
  return { extension: r.extension, passwordHash: r.password_hash, roles };
}

/** Creates or replaces a web account. */
export async function saveWebAccount(db: Db, a: WebAccount, now: number): Promise<void> {
  const row = { extension: a.extension, password_hash: a.passwordHash, roles: JSON.stringify(a.roles), updated_at: now };
  await presenceDb(db).insertInto('presence_web_accounts').values(row).onConflict((oc) => oc.column('extension').doUpdateSet(row)).execute();
}

/** A stored subscription row. */
export type StoredSubscription = SubscriptionTable;

/** Subscriptions that have not expired at `now`; expired ones are deleted. */
export async function loadSubscriptions(db: Db, now: number): Promise<StoredSubscription[]> {
  const p = presenceDb(db);
  await p.deleteFrom('presence_subscriptions').where('expires_at', '<=', now).execute();
  return (await p.selectFrom('presence_subscriptions').selectAll().execute()).map((r) => ({
    ...r, subscribe_cseq: Number(r.subscribe_cseq), expires_at: Number(r.expires_at), created_at: Number(r.created_at),
  }));
}

/** Inserts or replaces a subscription. */
export async function saveSubscription(db: Db, s: StoredSubscription): Promise<void> {
  await presenceDb(db).insertInto('presence_subscriptions').values(s).onConflict((oc) => oc.column('id').doUpdateSet({ ...s })).execute();
}

/** Moves the expiry of a subscription (refresh). */
export async function touchSubscription(db: Db, id: string, expiresAt: number): Promise<void> {
  await presenceDb(db).updateTable('presence_subscriptions').set({ expires_at: expiresAt }).where('id', '=', id).execute();
}

/** Forgets a subscription. */
export async function deleteSubscription(db: Db, id: string): Promise<void> {
  await presenceDb(db).deleteFrom('presence_subscriptions').where('id', '=', id).execute();
}
