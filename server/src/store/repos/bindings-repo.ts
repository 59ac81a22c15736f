/** Persisted registrations (write-through from the location service). */
import type { Db } from '../db.js';
import type { BindingTable } from '../schema.js';

/** A stored binding. */
export type BindingRow = BindingTable;

/** Inserts or replaces a binding. */
export async function upsertBinding(db: Db, b: BindingRow): Promise<void> {
  await upsertBindings(db, [b]);
}

const COLUMNS = ['aor', 'extension', 'contact', 'expires_at', 'call_id', 'cseq', 'protocol', 'source_address', 'source_port', 'received_on', 'instance', 'user_agent', 'updated_at'] as const satisfies ReadonlyArray<Exclude<keyof BindingRow, 'id'>>;
// SQLite allows 32,766 bound parameters per statement; 14 columns per row.
const ROWS_PER_STATEMENT = 2000;

/** Inserts or replaces bindings, many rows per statement (ids must be distinct). */
export async function upsertBindings(db: Db, rows: readonly BindingRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await db.insertInto('bindings').values(rows.slice(i, i + ROWS_PER_STATEMENT))
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => Object.fromEntries(COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)]))))
      .execute();
  }
}

/**
 * Write-behind for the location service: changes are collected for `delayMs` and committed in one
 * transaction, the last change per binding winning. One commit per REGISTER would cost the
 * registrar a third of its time; a crash of the process loses at most `delayMs` of changes, and
 * those phones are registered again at their next refresh.
 */
export class BindingWriter {
  private pending = new Map<string, BindingRow | null>();
  private timer: NodeJS.Timeout | undefined;
  private tail: Promise<void> = Promise.resolve();
  private waiting: Array<{ resolve: () => void; reject: (err: unknown) => void }> = [];

  constructor(private readonly db: Db, private readonly delayMs = 20) {}

  /** Inserts or replaces a binding; resolves once committed. */
  save(row: BindingRow): Promise<void> {
    this.pending.set(row.id, row);
    return this.later();
  }

  /** Removes bindings; resolves once committed. */
  remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.pending.set(id, null);
    return this.later();
  }

  /** Commits what is pending now; resolves when every change so far is committed. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return this.tail;
    const batch = this.pending;
    const waiting = this.waiting;
    this.pending = new Map();
    this.waiting = [];
    const rows = [...batch.values()].filter((r): r is BindingRow => r !== null);
    const gone = [...batch].filter(([, r]) => r === null).map(([id]) => id);
    const run = this.tail.then(() => this.db.transaction().execute(async (tx) => {
      if (rows.length > 0) await upsertBindings(tx, rows);
      for (let i = 0; i < gone.length; i += ROWS_PER_STATEMENT) await deleteBindings(tx, gone.slice(i, i + ROWS_PER_STATEMENT));
    }));
    run.then(() => waiting.forEach((w) => w.resolve()), (err: unknown) => waiting.forEach((w) => w.reject(err)));
    this.tail = run.catch(() => undefined);
    return this.tail;
  }

  private later(): Promise<void> {
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }
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
