/**
 * FreeSWITCH's session rate limit (switch.conf `sessions-per-second`), as its core does it:
 * every new session first takes one from a budget (`--runtime.sps`) and is refused when what is
 * left is zero or below, so a budget of N admits N - 1 sessions per second; refused attempts
 * count too. Once a second the timer thread puts the budget back to N and remembers how many
 * were taken (`sps_last`). Here the second boundaries are computed from the clock on use
 * instead of a timer thread, which gives the same windows. PURE apart from the injected clock.
 */

/** Figures for HEARTBEAT and `status`. */
export interface SessionRateFigures {
  /** The configured budget per second (`Session-Per-Sec` in `status`: "out of max N"). */
  readonly limit: number;
  /** Budget left in the current second (HEARTBEAT `Session-Per-Sec`, FreeSWITCH's runtime.sps). */
  readonly remaining: number;
  /** Sessions taken in the last full second (`Session-Per-Sec-Last`). */
  readonly last: number;
  /** Highest `last` since start (`Session-Per-Sec-Max`). */
  readonly peak: number;
  /** Highest `last` within the last five minutes (`Session-Per-Sec-FiveMin`). */
  readonly peakFiveMin: number;
}

const FIVE_MIN_MS = 5 * 60 * 1000;

/** The per-second admission budget of new channels. */
export class SessionThrottle {
  readonly #limit: number;
  readonly #now: () => number;
  readonly #start: number;
  #second = 0;
  #remaining: number;
  #last = 0;
  #peak = 0;
  #recent: Array<{ at: number; taken: number }> = [];

  /** `limit` sessions per second (at least 1); `now` in milliseconds. */
  constructor(limit: number, now: () => number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`sessions-per-second must be a positive integer, got ${limit}`);
    this.#limit = limit;
    this.#now = now;
    this.#start = now();
    this.#remaining = limit;
  }

  /** Takes one session from this second's budget; false when the rate is exceeded. */
  take(): boolean {
    this.#roll();
    this.#remaining -= 1;
    return this.#remaining > 0;
  }

  /** Current figures. */
  figures(): SessionRateFigures {
    this.#roll();
    const cutoff = this.#now() - FIVE_MIN_MS;
    let peakFiveMin = 0;
    for (const r of this.#recent) if (r.at >= cutoff && r.taken > peakFiveMin) peakFiveMin = r.taken;
    return { limit: this.#limit, remaining: this.#remaining, last: this.#last, peak: this.#peak, peakFiveMin };
  }

  #roll(): void {
    const now = this.#now();
    const second = Math.floor((now - this.#start) / 1000);
    if (second === this.#second) return;
    // The second that just ended; seconds with no call at all in between took nothing.
    const taken = second === this.#second + 1 ? this.#limit - this.#remaining : 0;
    const endedTaken = this.#limit - this.#remaining;
    this.#last = taken;
    if (endedTaken > this.#peak) this.#peak = endedTaken;
    if (endedTaken > 0) this.#recent.push({ at: this.#start + (this.#second + 1) * 1000, taken: endedTaken });
    const cutoff = now - FIVE_MIN_MS;
    while (this.#recent.length > 0 && this.#recent[0]!.at < cutoff) this.#recent.shift();
    this.#second = second;
    this.#remaining = this.#limit;
  }
}
