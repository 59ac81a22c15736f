/**
 * Wrong-PIN lockout (issue 4 item 3), PURE. Wrong PINs are counted per mailbox and per calling
 * number within a window that starts at the first failure; reaching the limit locks that key for
 * a while. The owner who mistyped twice is not bothered. A guesser gets at most 4 tries per
 * 15 minutes without a lock (384 a day: about two weeks on average for a 4-digit PIN, so sites
 * should prefer 6 digits), at most 9 in any 15 minutes at a window's edge. Counting per calling
 * number as well stops one caller from trying many mailboxes; counting per mailbox stops many
 * numbers from trying one. (FreeSWITCH and Asterisk voicemail only end the call.)
 */

/** The counter of one key (`user:2001`, `caller:+4930…`). */
export interface PinFailures {
  readonly failures: number;
  /** When the first failure of the current window happened. */
  readonly windowStart: number;
  /** Locked until this instant (epoch ms), or null. */
  readonly lockedUntil: number | null;
}

/** Limits of the lockout. */
export interface PinPolicy {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly lockMs: number;
}

/** The default policy. */
export const PIN_POLICY: PinPolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 30 * 60_000 };

/** Wrong PINs one call may enter before it is ended. */
export const PIN_TRIES_PER_CALL = 3;

/** True while `f` is locked at `now`. */
export function isLocked(f: PinFailures | undefined, now: number): boolean {
  return f?.lockedUntil !== null && f?.lockedUntil !== undefined && f.lockedUntil > now;
}

/** The counter after one more wrong PIN at `now`. */
export function afterFailure(f: PinFailures | undefined, now: number, policy: PinPolicy = PIN_POLICY): PinFailures {
  const fresh = f === undefined || now - f.windowStart >= policy.windowMs || (f.lockedUntil !== null && f.lockedUntil <= now);
  const failures = fresh ? 1 : f.failures + 1;
  const windowStart = fresh ? now : f.windowStart;
  return { failures, windowStart, lockedUntil: failures >= policy.maxFailures ? now + policy.lockMs : null };
}
