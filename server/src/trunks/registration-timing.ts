// PURE: when to refresh a registration at a carrier and how long to wait after a failure
// (issue 8 item 1: "re-register before expiry, back off on failure"). The adapter schedules one
// timer from these values; tests check them without waiting.

/** Back-off limits (RFC 5626 §4.5 uses 30 s base and 1800 s maximum). */
export interface BackoffLimits {
  readonly baseMs: number;
  readonly maxMs: number;
}

/** RFC 5626 §4.5's base and maximum time. */
export const DEFAULT_BACKOFF: BackoffLimits = { baseMs: 30_000, maxMs: 1_800_000 };

/**
 * Delay before refreshing a registration granted for `expiresSec`: 40 s early at most, but at
 * half-time for short grants. A UDP transaction can take 32 s (timer F), so refreshing 40 s ahead
 * keeps the binding alive through a lost request; short grants still refresh well before expiry.
 */
export function refreshDelayMs(expiresSec: number): number {
  const s = Math.max(1, expiresSec);
  return Math.round((s - Math.min(s / 2, 40)) * 1000);
}

/**
 * Wait after the n-th consecutive failure (n ≥ 1), RFC 5626 §4.5: min(max, base · 2^(n-1)) scaled
 * by a random factor between 0.5 and 1 so that many PBXs behind one carrier do not retry in step.
 * `random` is a value in [0, 1).
 */
export function backoffDelayMs(failures: number, random: number, limits: BackoffLimits = DEFAULT_BACKOFF): number {
  const n = Math.max(1, Math.floor(failures));
  const ceiling = Math.min(limits.maxMs, limits.baseMs * 2 ** Math.min(n - 1, 30));
  const factor = 0.5 + 0.5 * Math.min(Math.max(random, 0), 1);
  return Math.round(ceiling * factor);
}

/**
 * The lifetime a 2xx to REGISTER granted (RFC 3261 §10.2.4): the `expires` parameter of our
 * Contact, else the Expires header, else what we asked for. `contacts` are the Contact values of
 * the response; ours is recognised by `contactUser`.
 */
export function grantedExpiresSec(contacts: readonly string[], expiresHeader: string | undefined, requestedSec: number, contactUser: string): number {
  const ours = contacts.flatMap((c) => c.split(/,(?=\s*(?:"[^"]*"\s*)?<)/)).find((c) => c.includes(`sip:${contactUser}@`));
  const param = ours ? /;\s*expires\s*=\s*(\d+)/i.exec(ours.slice(ours.lastIndexOf('>') + 1)) : null;
  if (param) return Number(param[1]);
  if (expiresHeader !== undefined && /^\s*\d+\s*$/.test(expiresHeader)) return Number(expiresHeader);
  return requestedSec;
}

/** The seconds of a Retry-After header (RFC 3261 §20.33), if it has any. */
export function retryAfterSec(value: string | undefined): number | null {
  const m = value === undefined ? null : /^\s*(\d+)/.exec(value);
  return m ? Number(m[1]) : null;
}
