/** The Via header (RFC 3261 §20.42, §18.2.1, RFC 3581 rport). */
import { parseParams, formatParams } from './uri.js';

/** RFC 3261 §8.1.1.7: branch values that start with the magic cookie are RFC 3261 compliant. */
export const MAGIC_COOKIE = 'z9hG4bK';

/** One parsed Via value. */
export interface Via {
  readonly protocol: string;
  /** Upper-case transport token as written (UDP, TCP, TLS, WS, WSS). */
  readonly transport: string;
  readonly host: string;
  readonly port: number | undefined;
  readonly params: Map<string, string | null>;
}

/** Parses `SIP/2.0/UDP host:port;branch=...`. Undefined when malformed. */
export function parseVia(value: string): Via | undefined {
  const m = /^\s*([A-Za-z0-9.-]+)\s*\/\s*([0-9.]+)\s*\/\s*([A-Za-z0-9-]+)\s+([^;\s]+)\s*(;.*)?$/.exec(value);
  if (!m) return undefined;
  const sentBy = m[4]!;
  let host: string;
  let port: number | undefined;
  if (sentBy.startsWith('[')) {
    const close = sentBy.indexOf(']');
    if (close < 0) return undefined;
    host = sentBy.slice(0, close + 1);
    const after = sentBy.slice(close + 1);
    if (after.startsWith(':')) port = Number(after.slice(1));
    else if (after !== '') return undefined;
  } else {
    const c = sentBy.lastIndexOf(':');
    if (c >= 0) {
      host = sentBy.slice(0, c);
      port = Number(sentBy.slice(c + 1));
    } else host = sentBy;
  }
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) return undefined;
  if (!host) return undefined;
  const params = m[5] ? parseParams(m[5].slice(1).split(';')) : new Map<string, string | null>();
  return { protocol: `${m[1]!.toUpperCase()}/${m[2]}`, transport: m[3]!.toUpperCase(), host, port, params };
}

/** Formats a Via value. */
export function formatVia(v: Via): string {
  return `${v.protocol}/${v.transport} ${v.host}${v.port !== undefined ? ':' + v.port : ''}${formatParams(v.params)}`;
}

/** The branch parameter, or undefined. */
export function branchOf(v: Via): string | undefined {
  const b = v.params.get('branch');
  return b ?? undefined;
}
