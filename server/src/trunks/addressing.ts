// PURE: addressing a carrier trunk. Every request toward a carrier is built here: Request-URI and
// To in the trunk's number format, the credentials to answer its challenges, and the header set
// of the caller-ID policy. Contact and Via are the engine's own (issue 8 item 3: nothing about
// the calling device, such as a home office's address, reaches the carrier).
import type { SiteConfig, Trunk } from '../config/dialplan/index.js';
import type { E164 } from '../domain/e164.js';
import { formatNumber } from '../routing/index.js';
import { renderCallerIdHeaders, type CallerIdHeaders } from '../callerid/index.js';

/** Digest credentials for a carrier challenge. */
export interface TrunkCredentials {
  readonly username: string;
  readonly password: string;
}

/** A request toward a trunk: where it goes and what it carries. */
export interface TrunkRequest {
  readonly uri: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly auth: TrunkCredentials | undefined;
}

function hostPort(trunk: Trunk): string {
  const host = trunk.host.includes(':') && !trunk.host.startsWith('[') ? `[${trunk.host}]` : trunk.host;
  return `${host}:${trunk.port}`;
}

function transportParam(trunk: Trunk): string {
  return trunk.transport === 'udp' ? '' : `;transport=${trunk.transport}`;
}

/** `sip:<user>@host:port[;transport=…]` at the trunk. */
export function trunkUri(trunk: Trunk, user: string | null): string {
  return `sip:${user === null ? '' : `${user}@`}${hostPort(trunk)}${transportParam(trunk)}`;
}

/** The credentials for calls: `auth`, else the registration's, when a password is stored. */
export function callCredentials(trunk: Trunk): TrunkCredentials | undefined {
  const c = trunk.auth ?? trunk.register;
  return c?.password ? { username: c.username, password: c.password } : undefined;
}

/** The called number as the carrier wants it; emergency numbers go bare (caller-id.md §3.1 [N4]). */
export function calledUser(site: SiteConfig, trunk: Trunk, number: E164 | string): string {
  return number.startsWith('+') ? formatNumber(number as E164, trunk.identity.format, site.site.countryCode) : number;
}

/**
 * The INVITE toward the trunk for `number` with the policy's identity headers. The History-Info
 * target entry is the Request-URI (RFC 7044 §9.1).
 */
export function trunkInvite(site: SiteConfig, trunk: Trunk, number: E164 | string, ids: CallerIdHeaders): TrunkRequest {
  const user = calledUser(site, trunk, number);
  const uri = trunkUri(trunk, user);
  const headers: Record<string, string> = {
    ...renderCallerIdHeaders(ids, uri),
    To: `<sip:${user}@${hostPort(trunk)}>`,
  };
  return { uri, headers, auth: callCredentials(trunk) };
}
