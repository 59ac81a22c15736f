/**
 * HTTP digest authentication for SIP (RFC 3261 §22.4, RFC 2617 qop=auth, RFC 8760 SHA-256).
 * Credentials are only ever HA1 values. Nonces are stateless: a timestamp and an HMAC over it,
 * so any feature server instance can verify them and a restart does not invalidate phones.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Digest algorithms we offer, in preference order (RFC 8760 §2.4: strongest first). */
export type DigestAlgorithm = 'SHA-256' | 'MD5';

/** Parsed `Authorization` / `Proxy-Authorization` digest credentials. */
export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly algorithm: DigestAlgorithm;
  readonly qop: string | undefined;
  readonly nc: string | undefined;
  readonly cnonce: string | undefined;
  readonly opaque: string | undefined;
}

/** Parses a digest credentials header; undefined when it is not a usable digest. */
export function parseDigest(header: string | undefined): DigestCredentials | undefined {
  if (!header) return undefined;
  const m = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!m) return undefined;
  const params = new Map<string, string>();
  for (const p of m[1]!.matchAll(/([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) params.set(p[1]!.toLowerCase(), (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1'));
  const alg = (params.get('algorithm') ?? 'MD5').toUpperCase();
  if (alg !== 'MD5' && alg !== 'SHA-256') return undefined;
  const username = params.get('username');
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  const uri = params.get('uri');
  const response = params.get('response');
  if (!username || realm === undefined || !nonce || !uri || !response) return undefined;
  return { username, realm, nonce, uri, response, algorithm: alg, qop: params.get('qop'), nc: params.get('nc'), cnonce: params.get('cnonce'), opaque: params.get('opaque') };
}

function h(alg: DigestAlgorithm, s: string): string {
  return createHash(alg === 'MD5' ? 'md5' : 'sha256').update(s).digest('hex');
}

/** HA1 = H(username:realm:password). */
export function ha1Of(alg: DigestAlgorithm, username: string, realm: string, password: string): string {
  return h(alg, `${username}:${realm}:${password}`);
}

/** The expected `response` for credentials, method and HA1 (RFC 2617 §3.2.2.1). */
export function expectedResponse(c: DigestCredentials, method: string, ha1: string): string {
  const ha2 = h(c.algorithm, `${method}:${c.uri}`);
  if (c.qop === 'auth') return h(c.algorithm, `${ha1}:${c.nonce}:${c.nc ?? ''}:${c.cnonce ?? ''}:auth:${ha2}`);
  return h(c.algorithm, `${ha1}:${c.nonce}:${ha2}`);
}

/** Constant-time comparison of two hex strings. */
export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Creates and checks stateless nonces: `<time base36>.<hmac>`. */
export class NonceKeeper {
  constructor(private readonly secret: string, private readonly lifetimeMs = 300_000) {}

  /** A fresh nonce for the realm at `now`. */
  issue(realm: string, now: number): string {
    const ts = now.toString(36);
    return `${ts}.${this.mac(realm, ts)}`;
  }

  /** 'ok', 'stale' (ours but expired: challenge again with stale=true) or 'invalid'. */
  check(realm: string, nonce: string, now: number): 'ok' | 'stale' | 'invalid' {
    const dot = nonce.indexOf('.');
    if (dot <= 0) return 'invalid';
    const ts = nonce.slice(0, dot);
    if (!sameHex(nonce.slice(dot + 1), this.mac(realm, ts))) return 'invalid';
    const issued = parseInt(ts, 36);
    if (!Number.isFinite(issued) || issued > now + 60_000) return 'invalid';
    return now - issued > this.lifetimeMs ? 'stale' : 'ok';
  }

  private mac(realm: string, ts: string): string {
    return createHmac('sha256', this.secret).update(`${realm}:${ts}`).digest('hex').slice(0, 32);
  }
}

/** Challenge header values, one per algorithm, strongest first (RFC 8760 §2.4). */
export function challenges(realm: string, nonce: string, algorithms: readonly DigestAlgorithm[], stale: boolean): string[] {
  return algorithms.map((a) => `Digest realm="${realm}", nonce="${nonce}", algorithm=${a}, qop="auth"${stale ? ', stale=true' : ''}`);
}
