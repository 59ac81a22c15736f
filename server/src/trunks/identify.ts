// Callers recognised before the normal digest challenge (issue 8 items 2 and 6):
// - an INVITE from a trunk's address is the carrier: no challenge, the caller normalised to E.164;
// - an INVITE to 110/112 from a device is authenticated without the lockout: a device whose
//   address or username is throttled after failed attempts still reaches the emergency service.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Logger } from 'pino';
import type { SiteConfig, Trunk } from '../config/dialplan/index.js';
import { classifyDialled } from '../callerid/index.js';
import type { CallerIdentifier } from '../sip/calls/executors.js';
import { DigestAuthenticator } from '../sip/registrar/authenticator.js';
import { AuthThrottle } from '../sip/registrar/throttle.js';
import type { DigestAlgorithm } from '../sip/registrar/digest.js';
import { dialledOf, identityHeadersOf } from './caller.js';
import { prefixesOf } from './identity.js';
import { inboundCallerOf, type InboundCaller } from './inbound.js';
import { isOwnNumber, PARTY_NUMBER_IN_LOG } from '../routing/index.js';

/** What the log says of an inbound caller instead of the number. */
function callerKindOf(caller: InboundCaller, staffMobile: boolean): 'withheld' | 'unknown' | 'staff-mobile' | 'external' {
  if (caller.withheld) return 'withheld';
  if (caller.number === null) return 'unknown';
  return staffMobile ? 'staff-mobile' : 'external';
}

/** The addresses of every trunk, resolved once per configuration. */
export class TrunkAddresses {
  private byTrunk = new Map<string, ReadonlySet<string>>();

  constructor(private readonly log: Logger) {}

  /** Resolves the trunks' host names (IP literals as they are); a failed lookup is logged and retried on the next change. */
  async refresh(site: SiteConfig): Promise<void> {
    const next = new Map<string, ReadonlySet<string>>();
    await Promise.all(site.trunks.map(async (t) => {
      if (isIP(t.host.replace(/^\[|\]$/g, ''))) {
        next.set(t.id, new Set([t.host.replace(/^\[|\]$/g, '')]));
        return;
      }
      try {
        const all = await lookup(t.host, { all: true });
        next.set(t.id, new Set(all.map((a) => a.address)));
      } catch (err) {
        this.log.warn({ err, trunk: t.id }, 'trunk host name does not resolve: its calls are not recognised');
        next.set(t.id, new Set());
      }
    }));
    this.byTrunk = next;
  }

  /**
   * The trunk a request came from. Over UDP the carrier sends from its signalling port, so address
   * and port must match (phones on the same host stay phones); over TCP/TLS the source port is
   * ephemeral and the address decides.
   */
  match(site: SiteConfig, address: string, port: number, protocol: string): Trunk | undefined {
    const a = address.replace(/^::ffff:(?=\d+\.)/i, '');
    return site.trunks.find((t) => {
      if (!this.byTrunk.get(t.id)?.has(a)) return false;
      return protocol.toLowerCase() !== 'udp' || port === t.port;
    });
  }
}

/** Recognises INVITEs from a trunk: the carrier is trusted and never challenged. */
export function trunkIdentifier(site: () => SiteConfig, addresses: TrunkAddresses, log: Logger): CallerIdentifier {
  return async (req) => {
    const s = site();
    const trunk = addresses.match(s, req.source_address, Number(req.source_port), req.protocol);
    if (!trunk) return undefined;
    const caller = inboundCallerOf(identityHeadersOf(req), trunk, s);
    // The caller's number is not logged (presence.md §5.3 test 16): a citizen's, or a member of
    // staff's private mobile (issue 8 item 7), named here by the extension. The call record has it.
    const dialled = dialledOf(req);
    const staff = caller.number === null ? undefined : s.index.mobiles.get(caller.number);
    log.info({
      callId: req.get('Call-ID'), trunk: trunk.id, callerKind: callerKindOf(caller, staff !== undefined),
      ...(staff ? { extension: staff.extension } : {}), dialled: isOwnNumber(s, dialled) ? dialled : PARTY_NUMBER_IN_LOG,
    }, 'inbound call from trunk');
    return {
      party: { kind: 'external', number: caller.number, ...(caller.name ? { name: caller.name } : {}) },
      origin: { kind: 'trunk', trunk: trunk.id, number: caller.number },
      direction: 'inbound',
    };
  };
}

/** Authenticates emergency calls with the device's credentials but without the failure lockout. */
export function emergencyIdentifier(opts: {
  site: () => SiteConfig; nonceSecret: string; now: () => number; log: Logger; algorithms: readonly DigestAlgorithm[];
}): CallerIdentifier {
  const unthrottled = new DigestAuthenticator({
    site: opts.site, nonceSecret: opts.nonceSecret, now: opts.now, log: opts.log, algorithms: opts.algorithms,
    throttle: new AuthThrottle({ maxFailures: Number.POSITIVE_INFINITY, windowMs: 1, blockMs: 0, maxEntries: 1 }),
  });
  return async (req, res) => {
    const site = opts.site();
    if (classifyDialled(dialledOf(req), prefixesOf(site)).emergency === null) return undefined;
    const who = unthrottled.authenticate(req, res, true);
    if (!who.ok) return 'handled';
    return { party: { kind: 'user', user: who.user }, origin: { kind: 'internal', extension: who.user.extension }, direction: 'internal' };
  };
}
