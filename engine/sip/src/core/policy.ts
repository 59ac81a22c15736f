/**
 * How app-supplied SIP text becomes what goes on the wire (reference §5.1, drachtio's
 * `makeTags`/`isImmutableHdr`): immutable headers dropped, `localhost` replaced by the
 * selected transport's address, Content-Type defaulted for SDP.
 */
import type { SipMessage } from '../message/index.js';
import { parseMessage } from '../message/index.js';

/** Headers the app may not set: the stack owns them. */
const IMMUTABLE = new Set(['via', 'route', 'record-route', 'rseq', 'content-length']);

/** Headers that come from the request when the engine builds a response. */
const FROM_REQUEST = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'record-route']);

/**
 * Parses SIP text from the app. srf's Content-Length counts characters, not bytes, so the body
 * is simply everything after the header block.
 */
export function parseAppSip(text: string): SipMessage | undefined {
  const sep = text.indexOf('\r\n\r\n');
  const head = sep >= 0 ? text.slice(0, sep) : text.replace(/\r\n$/, '');
  const body = sep >= 0 ? text.slice(sep + 4) : '';
  const r = parseMessage(head.replace(/\r\n(?:content-length|l)[ \t]*:[^\r\n]*/gi, '') + '\r\n\r\n');
  const msg = r.ok ? r.message : r.partial;
  if (!msg) return undefined;
  msg.body = body;
  return msg;
}

/** App headers allowed onto a request (immutable ones dropped). */
export function requestHeadersFromApp(app: SipMessage): SipMessage['headers'] {
  return app.headers.filter((h) => !IMMUTABLE.has(h.name));
}

/** App headers allowed onto a response built from the request. */
export function responseHeadersFromApp(app: SipMessage): SipMessage['headers'] {
  return app.headers.filter((h) => !IMMUTABLE.has(h.name) && !FROM_REQUEST.has(h.name));
}

const HAS_LOCALHOST = /localhost/i;

/** Replaces `@localhost` (and, where `anyLocalhost`, a bare `localhost` host) by host:port. */
export function replaceLocalhost(value: string, hostport: string, anyLocalhost = false): string {
  // Almost no value names localhost: one search is about 7 times cheaper than the two replaces.
  if (!HAS_LOCALHOST.test(value)) return value;
  let v = value.replace(/@localhost(?=[;>:?\s]|$)/gi, `@${hostport}`);
  if (anyLocalhost) v = v.replace(/(sips?:)localhost(?=[;>:?\s]|$)/gi, `$1${hostport}`);
  return v;
}

/** Headers whose `localhost` is replaced (reference §5.1). */
export const LOCALHOST_HEADERS = ['from', 'to', 'contact', 'p-asserted-identity'] as const;

/** Applies the localhost rule to the message in place. */
export function applyLocalhost(msg: SipMessage, hostport: string, newRequest: boolean): void {
  for (const h of msg.headers) {
    if ((LOCALHOST_HEADERS as readonly string[]).includes(h.name)) {
      h.value = replaceLocalhost(h.value, hostport, newRequest && h.name === 'from');
    }
  }
}

/**
 * Content-Type rule: a body starting with `v=0` gets `application/sdp`; any other request body
 * without Content-Type is refused (`missing content-type`). Returns false on refusal.
 */
export function ensureContentType(msg: SipMessage, isRequest: boolean): boolean {
  if (!msg.body || msg.has('content-type')) return true;
  if (msg.body.startsWith('v=0')) {
    msg.append('content-type', 'application/sdp');
    return true;
  }
  return !isRequest;
}

/** Removes a `;tag=` parameter from a From/To value. */
export function stripTag(value: string): string {
  return value.replace(/;\s*tag\s*=\s*[^;>\s]+/i, '');
}

/** True when a header value list contains the option token (Supported/Require). */
export function hasOption(msg: SipMessage, header: string, option: string): boolean {
  return msg.getAll(header).some((v) => v.trim().toLowerCase() === option);
}

/**
 * Writes addr-spec values as name-addr (`sip:a@b;tag=x` -> `<sip:a@b>;tag=x`), as the real server
 * re-serialises From, To and Contact (conformance b2bua: srf sends `from: sip:sipp@localhost`,
 * drachtio-server puts `From: <sip:sipp@127.0.0.1:5060>;tag=…` on the wire). Parameters after an
 * addr-spec belong to the header (RFC 3261 §20.10), so they stay outside the brackets.
 */
export function bracketNameAddr(value: string): string {
  return splitList(value).map((v) => {
    if (v === '*' || v.includes('<')) return v;
    const semi = v.indexOf(';');
    return semi < 0 ? `<${v}>` : `<${v.slice(0, semi)}>${v.slice(semi)}`;
  }).join(', ');
}

function splitList(value: string): string[] {
  return value.includes(',') && !value.includes('"') ? value.split(',').map((s) => s.trim()) : [value.trim()];
}
