/**
 * Web-panel logins: argon2id password hashes in the store (presence_web_accounts), sessions in
 * memory (a restart asks users to log in again), and a throttle per extension and address so
 * passwords cannot be guessed at speed. Unknown extensions cost the same argon2 work as known
 * ones, so the answer does not tell which accounts exist. The second factor comes with the
 * admin UI issue.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../../store/db.js';
import type { WebRole } from '../store.js';
import { loadWebAccount } from '../store.js';

/** A logged-in user. */
export interface Session {
  readonly token: string;
  readonly extension: string;
  readonly roles: readonly WebRole[];
  expiresAt: number;
}

/** Session lifetime, renewed by use: a working day. */
export const SESSION_MS = 8 * 3600_000;
const FAILURES_BEFORE_LOCK = 5;
const LOCK_MS = 60_000;

/** Hashes a web password (argon2id, library defaults: m=19 MiB, t=2, OWASP's minimum). */
export function hashWebPassword(password: string): Promise<string> {
  return hash(password);
}

// A valid hash of a random password, verified for unknown extensions.
let dummy: Promise<string> | undefined;

/** Logins and sessions. */
export class Sessions {
  private readonly byToken = new Map<string, Session>();
  private readonly failures = new Map<string, { count: number; until: number }>();

  constructor(private readonly db: Db, private readonly now: () => number) {}

  /** Checks a password; returns a new session, 'locked' while throttled, or undefined. */
  async login(extension: string, password: string, address: string): Promise<Session | 'locked' | undefined> {
    const now = this.now();
    const keys = [`ext:${extension}`, `ip:${address}`];
    if (keys.some((k) => (this.failures.get(k)?.until ?? 0) > now)) return 'locked';
    const account = await loadWebAccount(this.db, extension);
    dummy ??= hash(randomBytes(16).toString('hex'));
    const ok = await verify(account?.passwordHash ?? await dummy, password).catch(() => false);
    if (!ok || !account) {
      for (const k of keys) {
        const f = this.failures.get(k) ?? { count: 0, until: 0 };
        f.count += 1;
        if (f.count >= FAILURES_BEFORE_LOCK) {
          f.count = 0;
          f.until = now + LOCK_MS;
        }
        this.failures.set(k, f);
      }
      return undefined;
    }
    for (const k of keys) this.failures.delete(k);
    const session: Session = { token: randomBytes(32).toString('base64url'), extension, roles: account.roles, expiresAt: now + SESSION_MS };
    this.byToken.set(session.token, session);
    return session;
  }

  /** The session of a token, renewed; undefined when unknown or expired. */
  get(token: string | undefined): Session | undefined {
    if (!token) return undefined;
    const s = this.byToken.get(token);
    if (!s) return undefined;
    const now = this.now();
    if (s.expiresAt <= now) {
      this.byToken.delete(token);
      return undefined;
    }
    s.expiresAt = now + SESSION_MS;
    return s;
  }

  /** Ends a session. */
  logout(token: string): void {
    this.byToken.delete(token);
  }

  /** Ends every session of a user (password changed). */
  logoutUser(extension: string): void {
    for (const [t, s] of this.byToken) if (s.extension === extension) this.byToken.delete(t);
  }
}

/** The session token from the cookie or an `Authorization: Bearer` header. */
export function tokenOf(headers: { cookie?: string | undefined; authorization?: string | undefined }): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  if (bearer) return bearer;
  for (const part of (headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) return v.join('=');
  }
  return undefined;
}

/** Name of the session cookie. */
export const SESSION_COOKIE = 'zentrale_session';
