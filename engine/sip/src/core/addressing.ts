/**
 * Addresses: our Via and Contact for a destination, next-hop resolution (RFC 3263 reduced to
 * A records; SRV for trunks is a later step), and "is this us?" checks.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { parseUri, uriPort, uriTransport, type Via } from '../message/index.js';
import type { Protocol, Target } from '../transport/types.js';
import type { EngineContext } from './context.js';

/** host:port we present to a destination. */
export function localHostPort(ctx: EngineContext, target: Target): string {
  return `${ctx.transport.hostFor(target.address)}:${ctx.transport.port}`;
}

/** Our Via for a request to `target` (with rport, RFC 3581). */
export function ourVia(ctx: EngineContext, target: Target, branch: string): string {
  return `SIP/2.0/${target.protocol.toUpperCase()} ${localHostPort(ctx, target)};rport;branch=${branch}`;
}

/** The Contact the engine adds when the app gives none: `<sip:host:port[;transport=tcp]>`. */
export function defaultContact(ctx: EngineContext, target: Target): string {
  const t = target.protocol === 'udp' ? '' : `;transport=${target.protocol}`;
  return `<sip:${localHostPort(ctx, target)}${t}>`;
}

/** True when host:port names one of our listening points. */
export function isOurAddress(ctx: EngineContext, host: string, port: number | undefined): boolean {
  const p = port ?? 5060;
  if (p !== ctx.transport.port) return false;
  const h = host.toLowerCase();
  if (h === 'localhost' || h.startsWith('127.') || h === '[::1]') return true;
  return ctx.transport.listeningPoints.some((lp) => lp.host === h) || h === ctx.transport.hostFor(undefined);
}

/** A resolved next hop, or a reason it cannot be reached. */
export type Resolved = { readonly ok: true; readonly target: Target } | { readonly ok: false; readonly reason: string };

/**
 * Resolves a URI to a target. Literal IPs resolve synchronously (the common case on loopback and
 * for phones); host names go through the system resolver.
 */
export async function resolveUri(ctx: EngineContext, uriText: string): Promise<Resolved> {
  const uri = parseUri(uriText.replace(/^<|>$/g, ''));
  if (!uri || (uri.scheme !== 'sip' && uri.scheme !== 'sips')) return { ok: false, reason: `invalid request uri ${uriText}` };
  const transport = uriTransport(uri);
  const protocol: Protocol | undefined = transport === 'udp' ? 'udp' : transport === 'tcp' ? 'tcp' : undefined;
  if (!protocol) return { ok: false, reason: `no suitable transport for ${transport}` };
  const port = uriPort(uri);
  let host = uri.host.startsWith('[') ? uri.host.slice(1, -1) : uri.host;
  if (!isIP(host)) {
    try {
      host = (await lookup(host, { family: 4 })).address;
    } catch {
      return { ok: false, reason: `unable to resolve ${uri.host}` };
    }
  }
  if (isOurAddress(ctx, host, port)) return { ok: false, reason: 'can not send request to myself' };
  return { ok: true, target: { protocol, address: host, port } };
}

/** Where a response goes per its (next) Via: received/rport if present, else sent-by (RFC 3261 §18.2.2). */
export function responseTargetOfVia(via: Via): Target {
  const protocol: Protocol = via.transport === 'TCP' ? 'tcp' : 'udp';
  const received = via.params.get('received');
  const rport = via.params.get('rport');
  return {
    protocol,
    address: received ?? via.host,
    port: rport ? Number(rport) : (via.port ?? 5060),
  };
}
