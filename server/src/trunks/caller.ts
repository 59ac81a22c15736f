// What a trunk leg needs to know about the call it belongs to: what was dialled, and who the
// original caller is (an inbound caller as the carrier sent them, or a colleague). Reads the
// incoming request only; no I/O.
import type { SiteConfig } from '../config/dialplan/index.js';
import type { OriginalCaller } from '../callerid/index.js';
import type { Identified } from '../sip/calls/executors.js';
import type { SrfMessage } from '../sip/srf-types.js';
import { inboundCallerOf, type InboundHeaders } from './inbound.js';
import { originalCallerOf } from './identity.js';

/** The dial string of a request, as the INVITE pipeline reads it (Request-URI user part). */
export function dialledOf(req: Pick<SrfMessage, 'calledNumber' | 'uri'>): string {
  return req.calledNumber || (/sips?:([^@;>]+)/.exec(req.uri)?.[1] ?? '');
}

/** The identity headers of an incoming request. */
export function identityHeadersOf(req: Pick<SrfMessage, 'get'>): InboundHeaders {
  return {
    from: req.get('From'),
    pAssertedIdentity: req.get('P-Asserted-Identity'),
    privacy: req.get('Privacy'),
    remotePartyId: req.get('Remote-Party-ID'),
  };
}

/** The original caller of the call `req` started, for legs we forward or offer out. */
export function originalCallerOfCall(site: SiteConfig, caller: Identified, req: Pick<SrfMessage, 'get' | 'calledNumber' | 'uri'>): OriginalCaller {
  if (caller.party.kind === 'user') return originalCallerOf(site, { kind: 'user', user: caller.party.user, dialled: dialledOf(req) });
  if (caller.origin.kind === 'trunk') {
    const trunk = site.index.trunks.get(caller.origin.trunk);
    if (trunk) {
      const inbound = inboundCallerOf(identityHeadersOf(req), trunk, site);
      return { number: inbound.number, withheld: inbound.withheld };
    }
  }
  return { number: caller.party.number, withheld: false };
}
