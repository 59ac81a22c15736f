/**
 * Header names: compact forms (RFC 3261 §7.3.3 and later RFCs), canonical spelling for
 * serialisation, and which headers may carry comma-separated lists (RFC 3261 §7.3.1).
 */

/** Compact form -> long lower-case name. */
const compactForms: Readonly<Record<string, string>> = {
  i: 'call-id', m: 'contact', e: 'content-encoding', l: 'content-length', c: 'content-type',
  f: 'from', s: 'subject', k: 'supported', t: 'to', v: 'via', o: 'event', r: 'refer-to',
  b: 'referred-by', u: 'allow-events', x: 'session-expires', a: 'accept-contact',
  j: 'reject-contact', d: 'request-disposition', y: 'identity', n: 'identity-info',
};

const canonical: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID', cseq: 'CSeq', 'www-authenticate': 'WWW-Authenticate', 'mime-version': 'MIME-Version',
  'p-asserted-identity': 'P-Asserted-Identity', 'p-preferred-identity': 'P-Preferred-Identity',
  'remote-party-id': 'Remote-Party-ID', rseq: 'RSeq', rack: 'RAck', 'min-se': 'Min-SE',
  'sip-etag': 'SIP-ETag', 'sip-if-match': 'SIP-If-Match', 'alert-info': 'Alert-Info',
};

/** Headers whose value may be a comma-separated list of several values. */
const listHeaders = new Set([
  'via', 'route', 'record-route', 'contact', 'path', 'allow', 'supported', 'require', 'proxy-require',
  'unsupported', 'allow-events', 'accept', 'accept-encoding', 'accept-language', 'content-encoding',
  'service-route', 'history-info', 'diversion', 'p-asserted-identity', 'p-preferred-identity',
]);

const lowerCache = new Map<string, string>();

/** Lower-case long form of a header name as written on the wire. */
export function normalizeHeaderName(name: string): string {
  let n = lowerCache.get(name);
  if (n !== undefined) return n;
  const lower = name.trim().toLowerCase();
  n = compactForms[lower] ?? lower;
  if (lowerCache.size < 4096) lowerCache.set(name, n);
  return n;
}

const canonCache = new Map<string, string>();

/** Canonical spelling for serialisation: `call-id` -> `Call-ID`, `x-foo-bar` -> `X-Foo-Bar`. */
export function canonicalHeaderName(lname: string): string {
  let c = canonCache.get(lname);
  if (c !== undefined) return c;
  c = canonical[lname] ?? lname.split('-').map((p) => (p.length ? p[0]!.toUpperCase() + p.slice(1) : p)).join('-');
  if (canonCache.size < 4096) canonCache.set(lname, c);
  return c;
}

/** True when the header may legally hold several comma-separated values. */
export function isListHeader(lname: string): boolean {
  return listHeaders.has(lname);
}

/**
 * Splits a header value at top-level commas, ignoring commas inside quoted strings and `<...>`.
 */
export function splitHeaderList(value: string): string[] {
  if (value.indexOf(',') < 0) return [value.trim()];
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    if (quoted) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) quoted = false;
    } else if (ch === 34) quoted = true;
    else if (ch === 60 /* < */) depth++;
    else if (ch === 62 /* > */) depth = Math.max(0, depth - 1);
    else if (ch === 44 /* , */ && depth === 0) {
      const part = value.slice(start, i).trim();
      if (part) out.push(part);
      start = i + 1;
    }
  }
  const last = value.slice(start).trim();
  if (last) out.push(last);
  return out;
}
