// PURE: ringing a user's private mobile in parallel with the SIP devices (issue 8 item 5,
// `ringMobile: also`). The mobile leg leaves by the outbound trunk as a forward on behalf of the
// user (caller-id.md §6 "call forwarded to external/mobile"): the carrier sees the user's DDI as
// diverting party, the callee the original caller only where CLIP no screening allows it.
import type { SiteConfig, User } from '../config/dialplan/index.js';
import { callerIdFor, type OriginalCaller } from '../callerid/index.js';
import { trunkInvite, type TrunkCredentials } from './addressing.js';
import { policyOf, trunkContext } from './identity.js';

/** One mobile ring target: as the call layer's RingTarget, with the trunk's credentials. */
export interface MobileRingTarget {
  readonly uri: string;
  /** names the user, never the number: labels appear in logs */
  readonly label: string;
  readonly headers: Record<string, string>;
  readonly auth: TrunkCredentials | undefined;
  /** the policy's reasons, for the debug log */
  readonly explain: readonly string[];
}

/** The INVITE toward `callee`'s mobile, or undefined when there is no mobile or no outbound trunk. */
export function mobileRingTarget(site: SiteConfig, callee: User, original: OriginalCaller | null): MobileRingTarget | undefined {
  const trunk = site.outbound ? site.index.trunks.get(site.outbound.trunk) : undefined;
  if (!trunk || callee.mobile === undefined) return undefined;
  const ids = callerIdFor(
    { kind: 'forwarded', reason: 'parallel-ring', divertedBy: 'user' },
    trunkContext(site, trunk, { user: callee, originalCaller: original }),
    policyOf(site),
  );
  const r = trunkInvite(site, trunk, callee.mobile, ids);
  return { uri: r.uri, label: `${callee.extension}/mobile`, headers: { ...r.headers }, auth: r.auth, explain: ids.explain };
}
