/**
 * A manual Scheduler for unit tests (CONVENTIONS §2.7): time moves only when the test calls
 * `advance`, so Timer B or Timer H can be passed in microseconds without real timers.
 */
import type { Cancel, Scheduler } from '../../engine/common/scheduler.js';

interface Pending {
  readonly due: number;
  /** Insertion order: timers due at the same instant fire in the order they were scheduled. */
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/** A Scheduler whose clock stands still until `advance` moves it. */
export class ManualClock implements Scheduler {
  private t: number;
  private seq = 0;
  private timers: Pending[] = [];

  constructor(start = 0) {
    this.t = start;
  }

  /** The current manual time in ms. */
  now(): number {
    return this.t;
  }

  /** Schedules `fn` at now + ms (negative delays count as 0, like setTimeout). */
  after(ms: number, fn: () => void): Cancel {
    const p: Pending = { due: this.t + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(p);
    return () => {
      p.cancelled = true;
    };
  }

  /** Number of scheduled timers that have neither fired nor been cancelled. */
  get pending(): number {
    return this.timers.filter((p) => !p.cancelled).length;
  }

  /** Due time of the earliest live timer, or undefined when none is left. */
  get nextDue(): number | undefined {
    return this.earliest()?.due;
  }

  /**
   * Moves time forward by `ms`, firing every timer due up to the new time in order of due time,
   * including timers scheduled by the fired ones. While a timer runs, `now()` is its due time.
   */
  advance(ms: number): void {
    if (ms < 0) throw new Error('ManualClock: time cannot go backwards');
    const target = this.t + ms;
    for (;;) {
      const p = this.earliest();
      if (!p || p.due > target) break;
      this.timers = this.timers.filter((x) => x !== p);
      this.t = p.due;
      p.fn();
    }
    this.t = target;
    this.timers = this.timers.filter((x) => !x.cancelled);
  }

  /** Moves time to an absolute instant (not earlier than now). */
  advanceTo(at: number): void {
    this.advance(at - this.t);
  }

  /** Fires timers until none is left, or throws after `limit` firings (a runaway loop). */
  runAll(limit = 10_000): void {
    for (let i = 0; i < limit; i++) {
      const p = this.earliest();
      if (!p) return;
      this.advanceTo(p.due);
    }
    throw new Error(`ManualClock: more than ${limit} timers fired`);
  }

  private earliest(): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.timers) {
      if (p.cancelled) continue;
      if (!best || p.due < best.due || (p.due === best.due && p.seq < best.seq)) best = p;
    }
    return best;
  }
}
