/**
 * name-addr / addr-spec values as used in From, To, Contact, Route, Record-Route, Refer-To
 * (RFC 3261 §20, §25.1): `"Display" <uri>;params` or `uri;params`.
 */
import { parseParams, formatParams } from './uri.js';

/** A parsed name-addr: display name (unquoted), URI text and header parameters. */
export interface NameAddr {
  readonly display: string | undefined;
  readonly uri: string;
  readonly params: Map<string, string | null>;
  /** True when the URI was written inside angle brackets. */
  readonly bracketed: boolean;
}

/** Parses one name-addr value. Returns undefined when there is no URI. */
export function parseNameAddr(value: string): NameAddr | undefined {
  const v = value.trim();
  if (!v) return undefined;
  const lt = findUnquoted(v, '<');
  if (lt >= 0) {
    const gt = v.indexOf('>', lt);
    if (gt < 0) return undefined;
    let display: string | undefined = v.slice(0, lt).trim();
    if (display.startsWith('"') && display.endsWith('"') && display.length >= 2) display = display.slice(1, -1).replace(/\\(.)/g, '$1');
    if (!display) display = undefined;
    const uri = v.slice(lt + 1, gt).trim();
    if (!uri) return undefined;
    const rest = v.slice(gt + 1).trim();
    const params = rest.startsWith(';') ? parseParams(splitParams(rest.slice(1))) : new Map<string, string | null>();
    return { display, uri, params, bracketed: true };
  }
  // addr-spec: parameters after the URI belong to the header, not the URI (RFC 3261 §20.10).
  if (v.startsWith('*')) return { display: undefined, uri: '*', params: new Map(), bracketed: false };
  const semi = v.indexOf(';');
  const uri = (semi >= 0 ? v.slice(0, semi) : v).trim();
  if (!uri || /\s/.test(uri)) return undefined;
  const params = semi >= 0 ? parseParams(splitParams(v.slice(semi + 1))) : new Map<string, string | null>();
  return { display: undefined, uri, params, bracketed: false };
}

function findUnquoted(s: string, ch: string): number {
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ch) return i;
  }
  return -1;
}

function splitParams(s: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/** Formats a name-addr, always with angle brackets. */
export function formatNameAddr(na: NameAddr): string {
  const display = na.display !== undefined ? `"${na.display.replace(/(["\\])/g, '\\$1')}" ` : '';
  return `${display}<${na.uri}>${formatParams(na.params)}`;
}

/** The `tag` parameter of a From/To value, or undefined. */
export function tagOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /;\s*tag\s*=\s*([^;>\s,]+)/i.exec(value.slice(value.lastIndexOf('>') + 1));
  return m ? m[1] : undefined;
}

/** The URI of a From/To/Contact value (without brackets and header params), or undefined. */
export function uriOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return parseNameAddr(value)?.uri;
}
