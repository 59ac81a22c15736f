// PURE: ring targets toward external numbers that ring alongside other targets: a user's private
// mobile rung in parallel with the SIP devices (issue 8 item 5, `ringMobile: also`), and an
// external member of a hunt group. Each leaves by the outbound trunk as a forward (caller-id.md
// §6 "call forwarded to external/mobile"): the carrier sees our DDI as diverting party, the
// callee the original caller only where CLIP no screening allows it.
import type { SiteConfig, User } from '../config/dialplan/index.js';
import { callerIdFor, type DivertingKind, type ForwardReason, type HotlineIdentity, type OriginalCaller } from '../callerid/index.js';
import { trunkInvite, type TrunkCredentials } from './addressing.js';
import { policyOf, trunkContext } from './identity.js';

/** One ring target toward the trunk: as the call layer's RingTarget, with the trunk's credentials. */
export interface ExternalRingTarget {
  readonly uri: string;
  /** names the user or group, never the number: labels appear in logs */
  readonly label: string;
  readonly headers: Record<string, string>;
  readonly auth: TrunkCredentials | undefined;
  /** the policy's reasons, for the debug log */
  readonly explain: readonly string[];
}

/** Who diverts an external ring target. */
export interface ExternalRingParts {
  readonly reason: ForwardReason;
  readonly divertedBy: DivertingKind;
  readonly user?: User | null;
  readonly hotline?: HotlineIdentity | null;
}

/** The INVITE toward `number` through the outbound trunk; undefined without one. */
export function externalRingTarget(site: SiteConfig, number: string, label: string, parts: ExternalRingParts, original: OriginalCaller | null): ExternalRingTarget | undefined {
  const trunk = site.outbound ? site.index.trunks.get(site.outbound.trunk) : undefined;
  if (!trunk) return undefined;
  const ids = callerIdFor(
    { kind: 'forwarded', reason: parts.reason, divertedBy: parts.divertedBy },
    trunkContext(site, trunk, { user: parts.user ?? null, hotline: parts.hotline ?? null, originalCaller: original }),
    policyOf(site),
  );
  const r = trunkInvite(site, trunk, number, ids);
  return { uri: r.uri, label, headers: { ...r.headers }, auth: r.auth, explain: ids.explain };
}

/** The user's private mobile rung with the devices, or undefined when there is no mobile or no outbound trunk. */
export function mobileRingTarget(site: SiteConfig, callee: User, original: OriginalCaller | null): ExternalRingTarget | undefined {
  if (callee.mobile === undefined) return undefined;
  return externalRingTarget(site, callee.mobile, `${callee.extension}/mobile`, { reason: 'parallel-ring', divertedBy: 'user', user: callee }, original);
}
