/**
 * Store writes of presence, in the order they happened, without blocking SIP handling.
 * better-sqlite3 is synchronous and commits with an fsync, so one transaction per write stalls
 * the event loop for milliseconds each: 40,000 phones subscribing after a restart would stall
 * NOTIFYs for minutes. Writes are therefore collected for a moment and committed in
 * transactions of at most `chunk` writes, yielding between them. A crash loses at most the
 * last `delayMs` of subscription changes; those phones re-subscribe at their next refresh.
 */
import type { Logger } from 'pino';
import type { Db } from '../store/db.js';

/** One write, run inside a transaction. */
export type Write = (db: Db) => Promise<void>;

/** A batching, ordered queue of store writes. */
export class WriteQueue {
  private pending: Write[] = [];
  private timer: NodeJS.Timeout | undefined;
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db, private readonly log: Logger, private readonly delayMs = 100, private readonly chunk = 1000) {}

  /** Appends a write; it is committed within `delayMs`. */
  push(write: Write): void {
    this.pending.push(write);
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  /** Resolves when every write so far is committed. */
  drain(): Promise<void> {
    this.flush();
    return this.tail;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const writes = this.pending;
    this.pending = [];
    if (writes.length === 0) return;
    this.tail = this.tail.then(async () => {
      for (let i = 0; i < writes.length; i += this.chunk) {
        const part = writes.slice(i, i + this.chunk);
        // A failed write is logged as our error; the others of its transaction still commit.
        await this.db.transaction().execute(async (trx) => {
          for (const w of part) await w(trx).catch((err: unknown) => this.log.error({ err }, 'presence store write failed'));
        }).catch((err: unknown) => this.log.error({ err }, 'presence store commit failed'));
        await new Promise((r) => setImmediate(r));
      }
    });
  }
}
