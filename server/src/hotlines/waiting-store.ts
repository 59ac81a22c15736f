/**
 * Hotline calls in progress, written through to the store (migration 003-hotline-calls) so that
 * after a crash every call that was waiting ends with an outcome in the hotline log instead of
 * staying open for ever (issue 7 item 9; mod_callcenter marks them all `Abandoned` on load, [CC]).
 * Writes are chained in order and never block call handling.
 */
import type { Logger } from 'pino';
import type { Db } from '../store/db.js';

/** One waiting call as stored. `callback` is the number to call back, once the caller chose it. */
export type HotlineCallRow = {
  call_id: string;
  hotline: string;
  caller: string;
  entered_at: number;
  callback: string | null;
};

type Tables = {
  hotline_calls: HotlineCallRow;
};

function calls(db: Db) {
  return db.withTables<Tables>();
}

/** Every stored call, oldest first. */
export async function loadHotlineCalls(db: Db): Promise<HotlineCallRow[]> {
  const rows = await calls(db).selectFrom('hotline_calls').selectAll().orderBy('entered_at').execute();
  return rows.map((r) => ({ ...r, entered_at: Number(r.entered_at) }));
}

/** Deletes the given calls. */
export async function deleteHotlineCalls(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await calls(db).deleteFrom('hotline_calls').where('call_id', 'in', [...ids]).execute();
}

/** Ordered write-through of the calls the running ACD holds. */
export class WaitingCallStore {
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db, private readonly log: Logger) {}

  private run(what: string, fn: () => Promise<unknown>): void {
    this.chain = this.chain.then(fn).then(() => undefined, (err: unknown) => this.log.error({ err }, `hotline call ${what} failed`));
  }

  /** A call entered the queue. */
  added(row: HotlineCallRow): void {
    this.run('insert', () => calls(this.db).insertInto('hotline_calls').values(row).onConflict((c) => c.column('call_id').doUpdateSet({ hotline: row.hotline })).execute());
  }

  /** The caller chose a callback to `number`. */
  callback(callId: string, number: string): void {
    this.run('update', () => calls(this.db).updateTable('hotline_calls').set({ callback: number }).where('call_id', '=', callId).execute());
  }

  /** The call has its outcome. */
  removed(callId: string): void {
    this.run('delete', () => deleteHotlineCalls(this.db, [callId]));
  }

  /** Resolves once every write so far is done. */
  flush(): Promise<void> {
    return this.chain;
  }
}
