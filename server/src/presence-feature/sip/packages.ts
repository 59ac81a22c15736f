/**
 * The event packages the presence feature serves (RFC 6665 §7.2: `Event` names a package plus
 * parameters) and the rules of SUBSCRIBE expiry. Package parameters other than `id` (RFC 4235
 * `call-id`, `from-tag`, `to-tag`, `include-session-description`) are ignored on purpose: a
 * watcher must not learn more by narrowing a subscription (reference/presence.md §5.3 test 6).
 */

/** The packages served. */
export type EventPackage = 'dialog' | 'presence' | 'message-summary';

/** Body type per package (RFC 4235 §4.1, RFC 3856 §6.6, RFC 3842 §5). */
export const CONTENT_TYPE: Readonly<Record<EventPackage, string>> = {
  dialog: 'application/dialog-info+xml',
  presence: 'application/pidf+xml',
  'message-summary': 'application/simple-message-summary',
};

/** The `Allow-Events` value of this server. */
export const ALLOW_EVENTS = 'dialog, presence, message-summary';

/** Expiry bounds in seconds. 3600 is the default of all three packages. */
export const EXPIRES = { default: 3600, min: 60, max: 3600 } as const;

/** The package of an `Event` header and the value NOTIFYs must echo (package and `id` only). */
export function parseEvent(header: string | undefined): { readonly pkg: EventPackage; readonly echo: string } | undefined {
  if (!header) return undefined;
  const [name, ...params] = header.split(';').map((s) => s.trim());
  const pkg = (['dialog', 'presence', 'message-summary'] as const).find((p) => p === name?.toLowerCase());
  if (!pkg) return undefined;
  const id = params.find((p) => /^id\s*=/i.test(p));
  return { pkg, echo: id ? `${pkg};${id.replace(/\s+/g, '')}` : pkg };
}

/** Whether an `Accept` header admits the package's body type (absent: the package default). */
export function accepts(header: string | undefined, pkg: EventPackage): boolean {
  if (header === undefined || header.trim() === '') return true;
  const want = CONTENT_TYPE[pkg];
  const [major] = want.split('/');
  return header.split(',').map((s) => s.split(';')[0]!.trim().toLowerCase())
    .some((t) => t === want || t === '*/*' || t === `${major}/*`);
}

/** What to do with a requested expiry. */
export type ExpiryDecision =
  | { readonly kind: 'grant'; readonly seconds: number }
  | { readonly kind: 'fetch' }
  | { readonly kind: 'too-brief' }
  | { readonly kind: 'bad' };

/**
 * RFC 6665 §4.2.1.1: the notifier may shorten the requested duration, never lengthen it; a
 * duration below the minimum gets 423 with Min-Expires; `Expires: 0` is a fetch.
 */
export function decideExpiry(header: string | undefined): ExpiryDecision {
  if (header === undefined || header.trim() === '') return { kind: 'grant', seconds: EXPIRES.default };
  if (!/^\d{1,10}$/.test(header.trim())) return { kind: 'bad' };
  const n = Number(header.trim());
  if (n === 0) return { kind: 'fetch' };
  if (n < EXPIRES.min) return { kind: 'too-brief' };
  return { kind: 'grant', seconds: Math.min(n, EXPIRES.max) };
}

/** The user part of a SIP URI (percent-decoded), or undefined. */
export function userOf(uri: string | undefined): string | undefined {
  const m = /sips?:([^@;>?]+)@/i.exec(uri ?? '');
  if (!m?.[1]) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return undefined;
  }
}

/** A name-addr header value without its `tag` parameter (From/To of a dialog). */
export function withoutTag(header: string): string {
  return header.replace(/;\s*tag=[^;>\s]*/i, '').trim();
}
