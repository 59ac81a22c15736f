/**
 * Digest authentication of devices for REGISTER (401, WWW-Authenticate) and for INVITE and other
 * requests (407, Proxy-Authenticate). Unknown users are answered exactly like known ones with a
 * wrong password: same challenges, same counters, same 403 once throttled (no enumeration).
 */
import type { Logger } from 'pino';
import type { SiteConfig, User, Device } from '../../config/dialplan/index.js';
import type { SrfRequest, SrfResponse } from '../srf-types.js';
import { challenges, expectedResponse, NonceKeeper, parseDigest, sameHex, type DigestAlgorithm } from './digest.js';
import { AuthThrottle } from './throttle.js';

/** The outcome: an identified device, or a response has already been sent. */
export type AuthOutcome = { readonly ok: true; readonly user: User; readonly device: Device } | { readonly ok: false };

/** Options. */
export interface AuthenticatorOptions {
  readonly site: () => SiteConfig;
  readonly nonceSecret: string;
  readonly now: () => number;
  readonly log: Logger;
  readonly algorithms?: readonly DigestAlgorithm[];
  readonly throttle?: AuthThrottle;
}

// An HA1 that matches no password, used for unknown users so both paths do the same work.
const DUMMY_HA1 = { md5: '0'.repeat(32), sha256: '0'.repeat(64) };

/** Challenges and verifies digest credentials. */
export class DigestAuthenticator {
  private readonly nonces: NonceKeeper;
  private readonly throttle: AuthThrottle;
  private readonly algorithms: readonly DigestAlgorithm[];

  constructor(private readonly opts: AuthenticatorOptions) {
    this.nonces = new NonceKeeper(opts.nonceSecret);
    this.throttle = opts.throttle ?? new AuthThrottle();
    this.algorithms = opts.algorithms ?? ['MD5'];
  }

  /**
   * Authenticates a request. `proxy` selects 407/Proxy-Authorization (INVITE and other requests
   * routed through us) instead of 401/Authorization (REGISTER).
   */
  authenticate(req: SrfRequest, res: SrfResponse, proxy: boolean): AuthOutcome {
    const now = this.opts.now();
    const realm = this.opts.site().site.domain;
    const ipKey = `ip:${req.source_address}`;
    if (this.throttle.blocked([ipKey], now)) return this.forbid(res);
    const creds = parseDigest(req.get(proxy ? 'Proxy-Authorization' : 'Authorization'));
    if (!creds || creds.realm !== realm) return this.challenge(res, proxy, realm, now, false);
    const nonce = this.nonces.check(realm, creds.nonce, now);
    if (nonce === 'invalid') return this.challenge(res, proxy, realm, now, false);
    const userKey = `user:${creds.username}`;
    if (this.throttle.blocked([userKey], now)) return this.forbid(res);
    const entry = this.opts.site().index.devices.get(creds.username);
    const ha1s = entry?.device.ha1 ?? DUMMY_HA1;
    const ha1 = creds.algorithm === 'MD5' ? ha1s.md5 : ha1s.sha256;
    const good = ha1 !== undefined && sameHex(expectedResponse(creds, req.method, ha1), creds.response) && entry !== undefined;
    if (!good) {
      this.throttle.fail([ipKey, userKey], now);
      this.opts.log.info({ source: req.source_address, method: req.method }, 'digest authentication failed');
      if (this.throttle.blocked([ipKey, userKey], now)) return this.forbid(res);
      return this.challenge(res, proxy, realm, now, false);
    }
    // A correct answer to an expired nonce: ask again with stale=true (RFC 2617 §3.2.1).
    if (nonce === 'stale') return this.challenge(res, proxy, realm, now, true);
    this.throttle.succeed(userKey);
    return { ok: true, user: entry.user, device: entry.device };
  }

  private challenge(res: SrfResponse, proxy: boolean, realm: string, now: number, stale: boolean): AuthOutcome {
    const values = challenges(realm, this.nonces.issue(realm, now), this.algorithms, stale);
    const name = proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate';
    // RFC 8760 §2.4: one header field per algorithm. srf writes a string header value verbatim,
    // so the further challenges are separate header lines.
    res.send(proxy ? 407 : 401, { headers: { [name]: values.join(`\r\n${name}: `) } });
    return { ok: false };
  }

  private forbid(res: SrfResponse): AuthOutcome {
    res.send(403);
    return { ok: false };
  }
}
