/**
 * SIP URI (RFC 3261 §19.1) parsing and formatting. Lenient enough for real phones, strict
 * enough to refuse what cannot be routed.
 */

/** A parsed sip:/sips:/tel: URI. Parameter names are lower-case; values keep their case. */
export interface SipUri {
  readonly scheme: string;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly host: string;
  readonly port: number | undefined;
  readonly params: ReadonlyMap<string, string | null>;
  readonly headers: string | undefined;
}

/** Parses `sip:user:pw@host:port;p=v?h=v`. Returns undefined for anything unparseable. */
export function parseUri(text: string): SipUri | undefined {
  const s = text.trim();
  const colon = s.indexOf(':');
  if (colon <= 0) return undefined;
  const scheme = s.slice(0, colon).toLowerCase();
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) return undefined;
  let rest = s.slice(colon + 1);
  let headers: string | undefined;
  let q = rest.indexOf('?');
  // RFC 3261 §25.1: user-unreserved allows '?' in the user part (RFC 4475 §3.1.1.2). A '?' before
  // the first '@' opens the headers only when the text before it can be a host; else it is the user's.
  if (q >= 0 && (scheme === 'sip' || scheme === 'sips')) {
    const at = rest.indexOf('@');
    if (at > q && !/^[A-Za-z0-9.\-_[\]:]+$/.test(rest.slice(0, q).split(';')[0]!)) q = rest.indexOf('?', at);
  }
  if (q >= 0) {
    headers = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  if (scheme === 'tel') {
    const parts = rest.split(';');
    const num = parts.shift() ?? '';
    if (!num) return undefined;
    return { scheme, user: num, password: undefined, host: '', port: undefined, params: parseParams(parts), headers };
  }
  if (scheme !== 'sip' && scheme !== 'sips') {
    return { scheme, user: undefined, password: undefined, host: rest, port: undefined, params: new Map(), headers };
  }
  let user: string | undefined;
  let password: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const pc = userinfo.indexOf(':');
    if (pc >= 0) {
      user = userinfo.slice(0, pc);
      password = userinfo.slice(pc + 1);
    } else user = userinfo;
  }
  const semi = rest.indexOf(';');
  const hostport = semi >= 0 ? rest.slice(0, semi) : rest;
  const params = semi >= 0 ? parseParams(rest.slice(semi + 1).split(';')) : new Map<string, string | null>();
  let host: string;
  let port: number | undefined;
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    if (close < 0) return undefined;
    host = hostport.slice(0, close + 1);
    const after = hostport.slice(close + 1);
    if (after.startsWith(':')) port = parsePort(after.slice(1));
    else if (after !== '') return undefined;
  } else {
    const pc = hostport.lastIndexOf(':');
    if (pc >= 0) {
      host = hostport.slice(0, pc);
      port = parsePort(hostport.slice(pc + 1));
      if (port === undefined) return undefined;
    } else host = hostport;
  }
  if (!host || !/^[A-Za-z0-9.\-_[\]:]+$/.test(host)) return undefined;
  return { scheme, user, password, host, port, params, headers };
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n > 0 && n < 65536 ? n : undefined;
}

/** Parses `;a=b;c` parameter lists (the leading `;` already removed and split). */
export function parseParams(parts: readonly string[]): Map<string, string | null> {
  const m = new Map<string, string | null>();
  for (const p of parts) {
    if (!p) continue;
    const eq = p.indexOf('=');
    if (eq < 0) m.set(p.trim().toLowerCase(), null);
    else m.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim());
  }
  return m;
}

/** Formats a URI back to text. */
export function formatUri(u: SipUri): string {
  if (u.scheme === 'tel') return `tel:${u.user ?? ''}${formatParams(u.params)}${u.headers ? '?' + u.headers : ''}`;
  let s = `${u.scheme}:`;
  if (u.user !== undefined) s += u.password !== undefined ? `${u.user}:${u.password}@` : `${u.user}@`;
  s += u.host;
  if (u.port !== undefined) s += `:${u.port}`;
  s += formatParams(u.params);
  if (u.headers) s += `?${u.headers}`;
  return s;
}

/** Formats `;a=b;c`. */
export function formatParams(params: ReadonlyMap<string, string | null>): string {
  let s = '';
  for (const [k, v] of params) s += v === null ? `;${k}` : `;${k}=${v}`;
  return s;
}

/** The transport a URI asks for (`transport=` param; sips means tls), lower-case. */
export function uriTransport(u: SipUri): string {
  const t = u.params.get('transport');
  if (t) return t.toLowerCase();
  return u.scheme === 'sips' ? 'tls' : 'udp';
}

/** Default port for a URI: 5061 for sips/tls, otherwise 5060. */
export function uriPort(u: SipUri): number {
  if (u.port !== undefined) return u.port;
  return u.scheme === 'sips' || uriTransport(u) === 'tls' ? 5061 : 5060;
}
