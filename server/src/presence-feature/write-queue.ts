/**
 * Store writes of presence, one after the other: a subscription's insert, refreshes and delete
 * must reach the store in the order they happened, and SIP handling never waits for the disk.
 */
import type { Logger } from 'pino';

/** A serial queue of store writes; a failed write is logged as our error and the next one runs. */
export class WriteQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly log: Logger) {}

  /** Appends a write. */
  push(write: () => Promise<void>): void {
    this.tail = this.tail.then(write).catch((err: unknown) => this.log.error({ err }, 'presence store write failed'));
  }

  /** Resolves when every write so far is done. */
  drain(): Promise<void> {
    return this.tail;
  }
}
