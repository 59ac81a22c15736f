/**
 * Throttling of failed authentication (issue 3 item 3): after repeated failures from one source
 * address or for one username within a window, further attempts get 403 until the block ends.
 * Unknown usernames count exactly like known ones, so the answers reveal nothing (no extension
 * enumeration). Pure apart from the clock value passed in; memory is bounded.
 */

/** Limits. */
export interface ThrottleLimits {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly blockMs: number;
  readonly maxEntries: number;
}

/** Defaults: 5 failures in 60 s block for 5 minutes. */
export const DEFAULT_THROTTLE: ThrottleLimits = { maxFailures: 5, windowMs: 60_000, blockMs: 300_000, maxEntries: 100_000 };

interface Entry {
  failures: number;
  windowStart: number;
  blockedUntil: number;
}

/** Failure counters per key (`ip:1.2.3.4`, `user:3001`). */
export class AuthThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly limits: ThrottleLimits = DEFAULT_THROTTLE) {}

  /** True when any of the keys is blocked at `now`. */
  blocked(keys: readonly string[], now: number): boolean {
    return keys.some((k) => (this.entries.get(k)?.blockedUntil ?? 0) > now);
  }

  /** Records a failed attempt for every key. */
  fail(keys: readonly string[], now: number): void {
    for (const k of keys) {
      let e = this.entries.get(k);
      if (!e || now - e.windowStart > this.limits.windowMs) {
        e = { failures: 0, windowStart: now, blockedUntil: e?.blockedUntil ?? 0 };
        this.entries.set(k, e);
      }
      e.failures++;
      if (e.failures >= this.limits.maxFailures) e.blockedUntil = now + this.limits.blockMs;
    }
    if (this.entries.size > this.limits.maxEntries) this.prune(now);
  }

  /** A success clears the username's counter (the address keeps its history). */
  succeed(userKey: string): void {
    const e = this.entries.get(userKey);
    if (e && e.blockedUntil === 0) this.entries.delete(userKey);
  }

  private prune(now: number): void {
    for (const [k, e] of this.entries) if (e.blockedUntil <= now && now - e.windowStart > this.limits.windowMs) this.entries.delete(k);
  }
}
