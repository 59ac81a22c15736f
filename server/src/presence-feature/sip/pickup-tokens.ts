/**
 * Pickup tokens (docs/presence-privacy.md difference 6): one per watcher and watched user, not
 * per call, so a watcher's dialog-info body stays byte-identical from call to call. A token is
 * an HMAC of the pair under the server's secret: unguessable, stable across restarts, and
 * nothing to store. Resolving a token re-checks `mayPickup` at pickup time, so a revoked right
 * or a token issued to another watcher stops working at once (reference §5.3 tests 5 and 15).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PresenceRules, UserKey } from '../../presence/index.js';
import { mayPickup } from '../../presence/index.js';

const PREFIX = 'zp';

/** Issues and resolves pickup tokens. */
export class PickupTokens {
  constructor(private readonly secret: string) {}

  /** The token `watcher` uses to pick up calls ringing at `target`. */
  tokenFor(watcher: UserKey, target: UserKey): string {
    const mac = createHmac('sha256', this.secret).update(`pickup|${watcher}|${target}`).digest('base64url');
    return `${PREFIX}${mac.slice(0, 26)}`;
  }

  /** Whether a string has the form of our tokens (other Replaces INVITEs are not ours). */
  isToken(s: string): boolean {
    return s.length === PREFIX.length + 26 && s.startsWith(PREFIX) && /^[A-Za-z0-9_-]+$/.test(s);
  }

  /**
   * The user whose ringing call `picker` may pick up with `token`, or undefined when the token
   * was not issued to `picker` for anyone `picker` may pick up now.
   */
  resolve(token: string, picker: UserKey, candidates: Iterable<UserKey>, rules: PresenceRules): UserKey | undefined {
    const given = Buffer.from(token);
    for (const target of candidates) {
      if (target === picker || !mayPickup(picker, target, rules)) continue;
      const expected = Buffer.from(this.tokenFor(picker, target));
      if (expected.length === given.length && timingSafeEqual(expected, given)) return target;
    }
    return undefined;
  }
}
