/**
 * Building the B-leg towards a user's devices. Identity comes from authentication, never from
 * what the calling device sent (caller-id.md): From is set here on every leg, and nothing of the
 * A-leg's identity headers (P-Asserted-Identity, P-Preferred-Identity, Remote-Party-ID, Privacy,
 * Diversion) is copied.
 */
import type { SiteConfig, User } from '../../config/dialplan/index.js';
import type { Binding } from '../registrar/location.js';
import type { RingTarget } from './ring.js';
import type { SrfMessage } from '../srf-types.js';
import type { Identified } from './executors.js';
import { mobileRingTarget } from '../../trunks/mobile.js';
import { originalCallerOfCall } from '../../trunks/caller.js';

/** The party shown to the callee: a user of the site, or an external number. */
export type Party = { readonly kind: 'user'; readonly user: User } | { readonly kind: 'external'; readonly number: string | null; readonly name?: string };

function quote(s: string): string {
  return `"${s.replace(/["\\]/g, '')}"`;
}

/** The From header a callee's device sees for a party. */
export function fromHeaderFor(site: SiteConfig, caller: Party, prefix?: string): string {
  const domain = site.site.domain;
  if (caller.kind === 'user') {
    const name = caller.user.name ?? caller.user.extension;
    return `${quote(prefix ? `${prefix} ${name}` : name)} <sip:${caller.user.extension}@${domain}>`;
  }
  if (caller.number === null) return `${quote(prefix ? `${prefix} Anonymous` : 'Anonymous')} <sip:anonymous@anonymous.invalid>`;
  const display = prefix ? `${prefix} ${caller.number}` : (caller.name ?? caller.number);
  return `${quote(display)} <sip:${caller.number.replace(/[^0-9+*#]/g, '')}@${domain}>`;
}

/**
 * One ring target per binding. Requests go to the flow the REGISTER came from (source address,
 * port and transport): phones behind NAT are reachable only there (RFC 5626 flows; the engine
 * reuses the TCP connection for it).
 */
export function targetsForBindings(site: SiteConfig, bindings: readonly Binding[], callee: User, caller: Party, prefix?: string): RingTarget[] {
  const from = fromHeaderFor(site, caller, prefix);
  return bindings.map((b) => {
    const transport = b.protocol === 'tcp' ? ';transport=tcp' : '';
    return {
      uri: b.contact,
      proxy: `sip:${b.sourceAddress}:${b.sourcePort}${transport}`,
      label: `${callee.extension}/${b.aor}`,
      headers: { From: from, To: `<sip:${callee.extension}@${site.site.domain}>` },
    };
  });
}

/**
 * The user's private mobile, rung through the outbound trunk alongside the devices (issue 8 item 5,
 * `ringMobile: also`), presenting what the caller-ID policy decides for a forward by the user.
 */
export function mobileTargetFor(site: SiteConfig, callee: User, caller: Identified, req: Pick<SrfMessage, 'get' | 'calledNumber' | 'uri'>): RingTarget | undefined {
  const t = mobileRingTarget(site, callee, originalCallerOfCall(site, caller, req));
  return t && { uri: t.uri, label: t.label, headers: t.headers, auth: t.auth };
}
