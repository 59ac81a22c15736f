/**
 * Wrong-PIN limits for the user PIN (`users[].pin`), shared by every service that asks for it by
 * phone: the hotline agent service (issue 7 item 4) and call-through (issue 8 item 5), so that
 * guesses in one count in the other. Counted per user AND per calling number,
 * so that neither guessing one user's PIN from many numbers nor many users' PINs from one number
 * gets far. A key with `maxFailures` failures inside `windowMs` is locked for `lockMs`. Time is an
 * argument; the state lives in memory (a restart forgets it: a restart is not in an attacker's hands).
 */

/** The limits. */
export interface PinGuardPolicy {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly lockMs: number;
}

/** Defaults: 5 wrong PINs within 15 minutes lock that user or number for 15 minutes (BSI ORP.4.A22 asks for a limit, not a number). */
export const DEFAULT_PIN_POLICY: PinGuardPolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

interface Entry {
  failures: number[];
  lockedUntil: number;
}

/** The keys a PIN attempt counts against. */
export function pinKeys(extension: string | null, callingNumber: string | null): string[] {
  const keys: string[] = [];
  if (extension !== null) keys.push(`user:${extension}`);
  if (callingNumber !== null && callingNumber !== '') keys.push(`number:${callingNumber}`);
  return keys;
}

/** Failure counters and lockouts. */
export class PinGuard {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly policy: PinGuardPolicy = DEFAULT_PIN_POLICY) {}

  /** True when any of `keys` is locked at `now`. */
  locked(keys: readonly string[], now: number): boolean {
    return keys.some((k) => (this.entries.get(k)?.lockedUntil ?? 0) > now);
  }

  /** Counts a wrong PIN against every key; returns true when that locked one of them. */
  failed(keys: readonly string[], now: number): boolean {
    let lockedNow = false;
    for (const k of keys) {
      const e = this.entries.get(k) ?? { failures: [], lockedUntil: 0 };
      e.failures = e.failures.filter((t) => t > now - this.policy.windowMs);
      e.failures.push(now);
      if (e.failures.length >= this.policy.maxFailures) {
        e.lockedUntil = now + this.policy.lockMs;
        e.failures = [];
        lockedNow = true;
      }
      this.entries.set(k, e);
    }
    this.prune(now);
    return lockedNow;
  }

  /** A correct PIN clears the user's counter (not the number's: one right PIN must not launder guesses for others). */
  succeeded(extension: string, now: number): void {
    const e = this.entries.get(`user:${extension}`);
    if (e && e.lockedUntil <= now) this.entries.delete(`user:${extension}`);
  }

  private prune(now: number): void {
    if (this.entries.size < 10_000) return;
    for (const [k, e] of this.entries) {
      if (e.lockedUntil <= now && e.failures.every((t) => t <= now - this.policy.windowMs)) this.entries.delete(k);
    }
  }
}
