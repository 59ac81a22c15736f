// The caller-ID policy: one pure function from a leg and its context to the identity headers of
// that leg (caller-id.md §6; docs/caller-id-policy.md has the table and where we differ).
import { inNumberBlocks } from './blocks.js';
import { ANONYMOUS_FROM, STRIPPED_INCOMING_HEADERS, composeTrunkLeg, forwardReasonToDiversion, historyInfoFor } from './compose.js';
import type { Diverting } from './compose.js';
import { isPresentableForwardedNumber, normalizeNumber } from './numbers.js';
import { maskPhone } from './privacy.js';
import type { CallerIdContext, CallerIdHeaders, CallerIdPolicy, Leg, TrunkIdentityProfile } from './types.js';

/** Defaults: German numbers, users present their own DDI, trunks PAI in `+49…` with Diversion. */
export const DEFAULT_CALLER_ID_POLICY: CallerIdPolicy = Object.freeze({
  countryCode: '49',
  presentUserDdi: true,
  defaultTrunk: Object.freeze({ presentIn: 'pai', format: 'e164', clipNoScreening: false, diversion: 'diversion' }),
});

type Explain = string[];

/**
 * The only way a number of ours gets onto a leg: §120(2) TKG allows presenting only numbers we
 * hold, so a configured number outside the blocks falls back to the main number, with a reason.
 * A number outside the blocks may be private (a mobile entered as DDI), so `explain`, which goes
 * to the logs, shows it masked.
 */
function ownNumber(candidate: string | null | undefined, label: string, ctx: CallerIdContext, explain: Explain): string {
  const { main, blocks } = ctx.site;
  if (candidate !== null && candidate !== undefined && inNumberBlocks(candidate, blocks)) {
    explain.push(`presents the ${label} ${candidate}`);
    return candidate;
  }
  explain.push(
    candidate === null || candidate === undefined
      ? `no ${label}: presents the main number ${main}`
      : `${label} ${maskPhone(candidate)} is outside the number blocks: presents the main number ${main}`,
  );
  if (!inNumberBlocks(main, blocks)) explain.push(`main number ${main} is outside the number blocks: fix numbers.blocks`);
  return main;
}

function userNumber(ctx: CallerIdContext, policy: CallerIdPolicy, explain: Explain): string {
  if (!policy.presentUserDdi) return ownNumber(ctx.site.main, 'main number', ctx, explain);
  return ownNumber(ctx.user?.ddi, "user's DDI", ctx, explain);
}

function trunkOf(ctx: CallerIdContext, policy: CallerIdPolicy, explain: Explain): TrunkIdentityProfile {
  if (ctx.trunk !== null && ctx.trunk !== undefined) return ctx.trunk;
  explain.push('no trunk identity profile in the context: uses the policy default');
  return policy.defaultTrunk;
}

/**
 * The original caller's number if it may be shown on a leg we place for them: the trunk has CLIP
 * no screening, the caller did not withhold it, it is a German number that §120(2) TKG lets us set
 * and it is not the private mobile of the user the leg is placed for.
 */
function presentableOriginal(ctx: CallerIdContext, trunk: TrunkIdentityProfile, policy: CallerIdPolicy, explain: Explain): string | null {
  const caller = ctx.originalCaller;
  const raw = caller?.number ?? null;
  const number = raw === null ? null : normalizeNumber(raw, policy.countryCode, trunk.format);
  const mobile = ctx.user?.mobile ? normalizeNumber(ctx.user.mobile, policy.countryCode) : null;
  let why: string | null = null;
  if (!trunk.clipNoScreening) why = 'the trunk has no CLIP no screening';
  else if (number === null) why = 'the original number is unknown or not a public number';
  else if (!isPresentableForwardedNumber(number)) why = 'the original number may not be set under §120(2) TKG';
  else if (number === mobile) why = "the original number is the user's private mobile";
  if (why === null) {
    explain.push('presents the original caller (CLIP no screening)');
    return number;
  }
  explain.push(`does not present the original caller: ${why}`);
  return null;
}

function internalLeg(leg: Extract<Leg, { kind: 'internal' }>, ctx: CallerIdContext, explain: Explain): CallerIdHeaders {
  const user = ctx.user;
  const historyInfo = leg.forwardedBy
    ? historyInfoFor(leg.forwardedBy.extension, ctx.domain, forwardReasonToDiversion(leg.forwardedBy.reason))
    : [];
  const withheld = leg.clirRequested || (user?.clir === true && user.clirInternal === true);
  if (user === null || user === undefined || withheld) {
    // RFC 3325 §7: a withheld identity is never passed to an untrusted element; devices are untrusted.
    explain.push(user ? 'caller withholds the number from colleagues' : 'no authenticated user: anonymous');
    return deviceLeg(ANONYMOUS_FROM, null, ['id'], historyInfo, explain);
  }
  explain.push(`shows extension ${user.extension} and the directory name`);
  const from = { displayName: user.name, user: user.extension, host: ctx.domain };
  return deviceLeg(from, user.extension, ['none'], historyInfo, explain);
}

function deviceLeg(
  from: CallerIdHeaders['from'],
  assertedUser: string | null,
  privacy: CallerIdHeaders['privacy'],
  historyInfo: CallerIdHeaders['historyInfo'],
  explain: Explain,
  shown: string | null = null,
): CallerIdHeaders {
  return {
    towards: 'device',
    from,
    identity: assertedUser === null ? null : { header: 'P-Asserted-Identity', user: assertedUser, host: from.host },
    privacy,
    diversion: [],
    historyInfo,
    stripIncoming: STRIPPED_INCOMING_HEADERS,
    presented: { shown, network: null },
    explain,
  };
}

function inboundLeg(ctx: CallerIdContext, policy: CallerIdPolicy, explain: Explain): CallerIdHeaders {
  const caller = ctx.originalCaller;
  if (caller === null || caller === undefined || caller.withheld) {
    explain.push('caller withheld the number: stays anonymous');
    return deviceLeg(ANONYMOUS_FROM, null, ['id'], [], explain);
  }
  const format = ctx.trunk?.format;
  const number = caller.number === null ? null : normalizeNumber(caller.number, policy.countryCode, format);
  if (number === null) {
    explain.push('caller number missing or not a public number: shown as unknown');
    return deviceLeg(ANONYMOUS_FROM, null, [], [], explain);
  }
  explain.push('shows the caller normalised to E.164');
  const from = { displayName: caller.name ?? null, user: number, host: ctx.domain };
  return deviceLeg(from, number, [], [], explain, number);
}

function forwardedLeg(leg: Extract<Leg, { kind: 'forwarded' }>, ctx: CallerIdContext, policy: CallerIdPolicy, explain: Explain): CallerIdHeaders {
  const trunk = trunkOf(ctx, policy, explain);
  const by = leg.divertedBy ?? ((leg.reason === 'hunt-group' || leg.reason === 'hotline-overflow') && ctx.hotline ? 'group' : 'user');
  const network = by === 'group'
    ? ownNumber(ctx.hotline?.ddi, 'group DDI', ctx, explain)
    : by === 'site' ? ownNumber(ctx.site.main, 'main number', ctx, explain) : userNumber(ctx, policy, explain);
  const diverting: Diverting = { number: network, reason: leg.reason };
  if (ctx.originalCaller?.withheld === true) {
    explain.push("caller withheld the number: the caller's CLIR survives the forward");
    return composeTrunkLeg({ shown: network, network, displayName: null, withheld: true, diverting }, trunk, ctx.domain, policy.countryCode, explain);
  }
  const original = presentableOriginal(ctx, trunk, policy, explain);
  // German networks carry no calling name; no name is sent so no staff name can leak (failure #15).
  const decision = original === null
    ? { shown: network, network, displayName: ctx.organisation, withheld: false, diverting }
    : { shown: original, network, displayName: null, withheld: false, diverting };
  return composeTrunkLeg(decision, trunk, ctx.domain, policy.countryCode, explain);
}

function groupToMobileLeg(leg: Extract<Leg, { kind: 'group-to-mobile' }>, ctx: CallerIdContext, policy: CallerIdPolicy, explain: Explain): CallerIdHeaders {
  explain.push(`offers a ${leg.group} call to a mobile`);
  const trunk = trunkOf(ctx, policy, explain);
  const hotline = ctx.hotline;
  const network = ownNumber(hotline?.ddi, 'group DDI', ctx, explain);
  const diverting: Diverting = { number: network, reason: 'group-offer' };
  let shown = network;
  if (hotline?.presentToMobile === 'caller') {
    if (ctx.originalCaller?.withheld === true) explain.push('caller withheld the number: presents the group DDI');
    else shown = presentableOriginal(ctx, trunk, policy, explain) ?? network;
  }
  const displayName = hotline?.name ?? ctx.organisation;
  return composeTrunkLeg({ shown, network, displayName, withheld: false, diverting }, trunk, ctx.domain, policy.countryCode, explain);
}

function emergencyNumber(leg: Extract<Leg, { kind: 'emergency' }>, ctx: CallerIdContext, explain: Explain): string {
  const site = ctx.site;
  if (leg.origin !== 'office') {
    // Home office and call-through leave at the PBX's location: present a number that rings the
    // caller back instead of the site's ([MS-SC], caller-id.md §3.3).
    const callback = site.emergencyCallback;
    if (callback && inNumberBlocks(callback, site.blocks)) {
      explain.push(`presents the emergency callback number ${callback}`);
      return callback;
    }
    explain.push(callback ? `emergency callback number ${maskPhone(callback)} is outside the number blocks` : 'no emergency callback number configured');
  }
  return ownNumber(site.emergency, 'site emergency number', ctx, explain);
}

function emergencyLeg(leg: Extract<Leg, { kind: 'emergency' }>, ctx: CallerIdContext, policy: CallerIdPolicy, explain: Explain): CallerIdHeaders {
  const trunk = trunkOf(ctx, policy, explain);
  if (ctx.user?.clir === true) explain.push('CLIR is ignored on emergency calls (TDDDG §15(1))');
  const number = emergencyNumber(leg, ctx, explain);
  const displayName = ctx.site.name ?? ctx.organisation;
  return composeTrunkLeg({ shown: number, network: number, displayName, withheld: false, diverting: null }, trunk, ctx.domain, policy.countryCode, explain);
}

/**
 * Decides the caller-ID headers of one leg (caller-id.md §6). Pure: the adapter logs `explain`
 * and sets the headers (see renderCallerIdHeaders). Never throws on missing context parts and
 * never withholds or blocks an emergency call: a missing number falls back to the main number and
 * says so in `explain`, so that caller-ID can never be the reason a call fails.
 */
export function callerIdFor(leg: Leg, context: CallerIdContext, policy: CallerIdPolicy = DEFAULT_CALLER_ID_POLICY): CallerIdHeaders {
  const explain: Explain = [`leg: ${leg.kind}`];
  const ctx = context;
  switch (leg.kind) {
    case 'internal':
      return internalLeg(leg, ctx, explain);
    case 'inbound':
      return inboundLeg(ctx, policy, explain);
    case 'external':
    case 'call-through': {
      const trunk = trunkOf(ctx, policy, explain);
      const number = userNumber(ctx, policy, explain);
      const withheld = leg.clirRequested || ctx.user?.clir === true;
      if (withheld) explain.push(leg.clirRequested ? 'CLIR requested for this call' : 'the user has permanent CLIR');
      if (leg.kind === 'call-through') explain.push('call-through: the mobile number is never presented');
      return composeTrunkLeg({ shown: number, network: number, displayName: ctx.organisation, withheld, diverting: null }, trunk, ctx.domain, policy.countryCode, explain);
    }
    case 'hotline-callback': {
      const trunk = trunkOf(ctx, policy, explain);
      const number = ownNumber(ctx.hotline?.ddi, 'hotline DDI', ctx, explain);
      // The hotline number is not the person's: their permanent CLIR does not hide it; #31# does.
      if (leg.clirRequested) explain.push('CLIR requested for this call');
      else if (ctx.user?.clir === true) explain.push("the user's permanent CLIR does not apply to the hotline number");
      const displayName = ctx.hotline?.name ?? ctx.organisation;
      return composeTrunkLeg({ shown: number, network: number, displayName, withheld: leg.clirRequested, diverting: null }, trunk, ctx.domain, policy.countryCode, explain);
    }
    case 'forwarded':
      return forwardedLeg(leg, ctx, policy, explain);
    case 'group-to-mobile':
      return groupToMobileLeg(leg, ctx, policy, explain);
    case 'emergency':
      return emergencyLeg(leg, ctx, policy, explain);
  }
}
