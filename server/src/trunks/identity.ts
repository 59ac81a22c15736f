// PURE: the bridge from the frozen site configuration to the caller-ID policy's inputs
// (docs/caller-id-policy.md): site numbers, trunk identity profiles, users, groups, the diverting
// party of a forward and the original caller. No I/O, so the executors and the mobile ring
// target present exactly what the golden tests pin.
import type { SiteConfig, Trunk, User } from '../config/dialplan/index.js';
import {
  DEFAULT_CALLER_ID_POLICY, classifyDialled,
  type CallerIdContext, type CallerIdPolicy, type CallerIdUser, type DialPlanPrefixes, type DivertingKind,
  type ForwardReason, type HotlineIdentity, type OriginalCaller, type SiteNumbers, type TrunkIdentityProfile,
} from '../callerid/index.js';
import type { Diversion } from '../routing/index.js';

/** The identity profile of a trunk as the policy reads it. */
export function trunkProfile(trunk: Trunk): TrunkIdentityProfile {
  const { presentIn, format, clipNoScreening, diversion } = trunk.identity;
  return { presentIn, format, clipNoScreening, diversion };
}

/** The site-wide policy: the site's country code; the outbound trunk's profile as the default. */
export function policyOf(site: SiteConfig): CallerIdPolicy {
  const outbound = site.outbound ? site.index.trunks.get(site.outbound.trunk) : undefined;
  return {
    countryCode: site.site.countryCode,
    presentUserDdi: true,
    defaultTrunk: outbound ? trunkProfile(outbound) : DEFAULT_CALLER_ID_POLICY.defaultTrunk,
  };
}

/**
 * The site's numbers. A site without `numbers.main` falls back to its emergency number, then to
 * any DDI of a user, so that the policy always has a number of our blocks to fall back to.
 */
export function siteNumbersOf(site: SiteConfig): SiteNumbers {
  const n = site.numbers;
  const main = n.main ?? n.emergency ?? site.users.find((u) => u.ddi !== undefined)?.ddi ?? '';
  return {
    name: null,
    main,
    emergency: n.emergency ?? main,
    emergencyCallback: n.emergencyCallback ?? null,
    blocks: n.blocks,
  };
}

/** A directory user as the policy sees them; `name` defaults to the extension like the directory. */
export function callerIdUserOf(user: User): CallerIdUser {
  return {
    extension: user.extension,
    name: user.name ?? user.extension,
    ddi: user.ddi ?? null,
    mobile: user.mobile ?? null,
    clir: user.clir,
  };
}

/** A hotline or hunt group by number, with the defaults the dialplan reference documents. */
export function groupIdentityOf(site: SiteConfig, number: string): HotlineIdentity | null {
  const hotline = site.index.hotlines.get(number);
  if (hotline) {
    return { number, ddi: hotline.ddi ?? '', name: hotline.name ?? `Hotline ${number}`, presentToMobile: hotline.presentToMobile };
  }
  const group = site.index.huntGroups.get(number);
  if (group) return { number, ddi: group.ddi ?? '', name: group.name ?? `Hunt group ${number}` };
  return null;
}

/** The context of a leg toward `trunk` placed for `user` (optional) and a group (optional). */
export function trunkContext(
  site: SiteConfig,
  trunk: Trunk | null,
  parts: { user?: User | null; hotline?: HotlineIdentity | null; originalCaller?: OriginalCaller | null } = {},
): CallerIdContext {
  return {
    domain: site.site.domain,
    organisation: site.site.name,
    site: siteNumbersOf(site),
    trunk: trunk ? trunkProfile(trunk) : null,
    user: parts.user ? callerIdUserOf(parts.user) : null,
    hotline: parts.hotline ?? null,
    originalCaller: parts.originalCaller ?? null,
  };
}

/** The dial-string conventions of the site (`#31#`, outside-line prefix, 110/112). */
export function prefixesOf(site: SiteConfig): DialPlanPrefixes {
  return {
    clirPrefix: site.featureCodes.clirPrefix,
    outsideLinePrefix: site.outbound?.prefix ?? '',
    emergencyNumbers: site.site.emergencyNumbers,
  };
}

/** True when `dialled` asks to withhold the number for this call (`#31#…`, never on 110/112). */
export function clirDialled(site: SiteConfig, dialled: string): boolean {
  return classifyDialled(dialled, prefixesOf(site)).clirRequested;
}

/** A forwarded leg for a routing diversion: the RFC 5806 reason and who diverted. */
export interface ForwardedLegParts {
  readonly reason: ForwardReason;
  readonly divertedBy: DivertingKind;
  readonly user: User | null;
  readonly hotline: HotlineIdentity | null;
}

/**
 * Reads a routing diversion as the policy's forwarded leg. A group's diversion with routing's
 * `unknown` reason is the policy's `hunt-group` (Diversion `unknown`, History-Info 404).
 */
export function forwardedLegOf(site: SiteConfig, d: Diversion): ForwardedLegParts {
  const reason = ((): ForwardReason => {
    switch (d.reason) {
      case 'unconditional': return 'unconditional';
      case 'user-busy': return 'busy';
      case 'no-answer': return 'no-answer';
      case 'time-of-day': return 'time-of-day';
      case 'do-not-disturb': return 'do-not-disturb';
      case 'out-of-service': return 'out-of-service';
      case 'unknown': return 'hunt-group';
    }
  })();
  switch (d.by.kind) {
    case 'user':
      return { reason, divertedBy: 'user', user: site.index.users.get(d.by.extension) ?? null, hotline: null };
    case 'hotline':
    case 'huntGroup':
      return { reason, divertedBy: 'group', user: null, hotline: groupIdentityOf(site, d.by.number) };
    case 'site':
      return { reason, divertedBy: 'site', user: null, hotline: null };
  }
}

/**
 * The original caller of a call we forward or offer out: an inbound caller as the carrier sent
 * them, or a colleague by their DDI (their permanent CLIR or a `#31#` call withholds it).
 */
export function originalCallerOf(
  site: SiteConfig,
  caller: { readonly kind: 'user'; readonly user: User; readonly dialled: string } | { readonly kind: 'inbound'; readonly number: string | null; readonly withheld: boolean },
): OriginalCaller {
  if (caller.kind === 'inbound') return { number: caller.number, withheld: caller.withheld };
  return { number: caller.user.ddi ?? null, withheld: caller.user.clir || clirDialled(site, caller.dialled) };
}
