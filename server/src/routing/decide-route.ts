/**
 * `decideRoute`: a call context, the frozen site config, `now` and runtime facts in; a route plan
 * out (CONVENTIONS §2.2). Internal calls: CLIR prefix, emergency numbers, feature codes, internal
 * numbers, the outside line. Trunk calls: the called DDI to its owner.
 */
import { inBlock, inBlocks, type DdiOwner, type SiteConfig, type Target } from '../config/dialplan/index.js';
import type { CallContext } from '../domain/call-context.js';
import type { E164 } from '../domain/e164.js';
import { reject, ROOT_PATH, type RouteContext, type RoutePath } from './context.js';
import { routeFeature } from './features.js';
import { cleanNumber, emergencyNumberOf, normalizeNumber } from './normalize.js';
import type { DivertingParty, DiversionReason, RoutePlan, RouteStep } from './route-step.js';
import type { RuntimeFacts } from './runtime-facts.js';
import { routeOwner, routeTarget, routeUser } from './targets.js';

/** Decides how a call is routed. Pure: the same inputs give the same plan. */
export function decideRoute(call: CallContext, site: SiteConfig, now: number, runtime: RuntimeFacts = {}): RoutePlan {
  const ctx: RouteContext = { site, now, runtime, explain: [] };
  const steps = call.from.kind === 'trunk' ? routeInbound(call, call.from, ctx) : routeDialled(call, ctx);
  return { steps, explain: ctx.explain };
}

/**
 * Routes a configured target (an IVR option, a hotline's overflow or waiting digit) at the time
 * the adapter needs it; `by` and `reason` make it a diversion (Diversion header, loop counter).
 */
export function decideTarget(
  target: Target, site: SiteConfig, now: number, runtime: RuntimeFacts = {}, by?: DivertingParty, reason?: DiversionReason,
): RoutePlan {
  const ctx: RouteContext = { site, now, runtime, explain: [] };
  return { steps: routeTarget(target, ctx, ROOT_PATH, by, reason), explain: ctx.explain };
}

function routeDialled(call: CallContext, ctx: RouteContext): RouteStep[] {
  const { site } = ctx;
  const from = call.from;
  let dialled = cleanNumber(call.to);
  ctx.explain.push(from.kind === 'internal' ? `call from ${from.extension} to ${dialled}` : `call without caller (dry run) to ${dialled}`);
  let clir = false;
  const clirPrefix = site.featureCodes.clirPrefix;
  if (dialled.startsWith(clirPrefix) && dialled.length > clirPrefix.length) {
    clir = true;
    dialled = dialled.slice(clirPrefix.length);
    ctx.explain.push(`${clirPrefix}: number withheld on this call`);
  }
  const user = from.kind === 'internal' ? site.index.users.get(from.extension) : undefined;

  // Emergency first: never blocked by an unknown caller, a permission or a missing feature (issue 8 item 6).
  const prefix = site.outbound?.prefix ?? '';
  const emergency = emergencyNumberOf(dialled, site.site.emergencyNumbers, prefix);
  if (emergency !== null) {
    const trunk = site.outbound?.trunk ?? site.trunks[0]?.id;
    ctx.explain.push(`emergency call ${emergency}: always routed, without area code`);
    if (clir || user?.clir) ctx.explain.push('CLIR ignored: emergency calls always show the number (§15 TDDDG)');
    if (trunk === undefined) {
      ctx.explain.push('no trunk configured: the emergency call cannot leave the site');
      return [reject('no-trunk')];
    }
    return [{ kind: 'emergency', number: emergency, trunk, dialled: call.to }];
  }

  if (from.kind === 'internal' && !user) {
    ctx.explain.push(`caller ${from.extension} is not a user of this site`);
    return [reject('forbidden')];
  }
  if (dialled.startsWith('*') || dialled.startsWith('#')) {
    if (!user) {
      ctx.explain.push('feature codes need a calling user');
      return [reject('forbidden')];
    }
    const feature = routeFeature(dialled, user, ctx);
    if (feature) return feature;
    ctx.explain.push(`${dialled} is no feature code`);
    return [reject('unknown-number')];
  }
  const owner = site.index.internal.get(dialled);
  if (owner) return routeOwner(owner, ctx, ROOT_PATH);

  const outbound = site.outbound;
  let number: E164 | null = null;
  if (dialled.startsWith('+')) number = normalizeNumber(dialled, site.site);
  else if (outbound && /^[0-9]+$/.test(dialled) && dialled.startsWith(outbound.prefix) && dialled.length > outbound.prefix.length) {
    number = normalizeNumber(dialled.slice(outbound.prefix.length), site.site);
  }
  if (number === null) {
    ctx.explain.push(`${dialled} is no internal number${outbound ? ` and no external number after the outside-line prefix ${outbound.prefix === '' ? '(none)' : outbound.prefix}` : ''}`);
    return [reject('unknown-number')];
  }
  const ddiOwner = site.index.ddi.get(number);
  if (ddiOwner) {
    // A call to one of our own DDIs stays inside instead of leaving and coming back over the trunk.
    ctx.explain.push(`${number} is our own number: routed internally`);
    return routeDdiOwner(ddiOwner, number, user?.ddi ?? null, ctx, ROOT_PATH);
  }
  if (!outbound) {
    ctx.explain.push('no outbound route configured');
    return [reject('no-trunk')];
  }
  const withheld = clir || user?.clir === true;
  ctx.explain.push(`outbound to ${number} via trunk ${outbound.trunk}${withheld ? ', number withheld' : ''}`);
  return [{ kind: 'trunk', trunk: outbound.trunk, number, dialled: call.to, clir: withheld }];
}

/** The called DDI as E.164: the carrier's format first, then a bare DDI suffix of one of our blocks. */
export function resolveCalledNumber(to: string, site: SiteConfig, format?: Parameters<typeof normalizeNumber>[2]): E164 | null {
  const n = normalizeNumber(to, site.site, format);
  const blocks = site.numbers.blocks;
  if (n && (site.index.ddi.has(n) || inBlocks(n, blocks))) return n;
  const s = cleanNumber(to);
  if (/^[0-9]{1,6}$/.test(s)) {
    for (const block of blocks) {
      const candidate = `${block.base}${s}`;
      if (inBlock(candidate, block)) return candidate as E164;
    }
  }
  return n;
}

function routeInbound(call: CallContext, from: { trunk: string; number: string | null }, ctx: RouteContext): RouteStep[] {
  const { site } = ctx;
  const trunk = site.index.trunks.get(from.trunk);
  if (!trunk) {
    ctx.explain.push(`unknown trunk ${from.trunk}`);
    return [reject('forbidden')];
  }
  const format = trunk.inboundFormat ?? trunk.identity.format;
  const caller = from.number === null ? null : normalizeNumber(from.number, site.site, format);
  const called = resolveCalledNumber(call.to, site, format);
  // A staff member's private mobile is named by its owner, never by number (issue 8 item 7).
  const mobileOf = caller === null ? undefined : site.index.mobiles.get(caller);
  const callerText = mobileOf ? `the mobile of ${mobileOf.extension}` : (caller ?? 'a withheld number');
  ctx.explain.push(`inbound on trunk ${trunk.id} from ${callerText} to ${called ?? call.to}`);
  if (called === null) {
    ctx.explain.push(`${call.to} is not a number of this site`);
    return [reject('unknown-number')];
  }
  const owner = site.index.ddi.get(called);
  if (owner) return routeDdiOwner(owner, called, caller, ctx, ROOT_PATH);
  if (inBlocks(called, site.numbers.blocks) && site.numbers.unassigned) {
    ctx.explain.push(`${called} is not assigned: numbers.unassigned`);
    return routeTarget(site.numbers.unassigned, ctx, ROOT_PATH);
  }
  ctx.explain.push(`${called} is not assigned`);
  return [reject('unknown-number')];
}

function routeDdiOwner(owner: DdiOwner, number: E164, caller: E164 | null, ctx: RouteContext, path: RoutePath): RouteStep[] {
  const { site } = ctx;
  switch (owner.kind) {
    case 'user':
    case 'hotline':
    case 'huntGroup':
    case 'ivr':
      return routeOwner(owner, ctx, path);
    case 'service': {
      // Recognised by the stored mobile only; the PIN is always asked (caller-id.md §6: spoofable).
      const known = caller === null ? undefined : site.index.mobiles.get(caller);
      switch (owner.service) {
        case 'voicemail':
          ctx.explain.push(`mailbox service${known ? `: caller recognised as ${known.extension}, PIN asked` : ': mailbox and PIN asked'}`);
          return [{ kind: 'feature', code: number, by: null, feature: 'voicemail', mailbox: known?.extension ?? null }];
        case 'agentService':
          ctx.explain.push(`agent service${known ? `: caller recognised as ${known.extension}, PIN asked` : ': extension and PIN asked'}`);
          return [{ kind: 'feature', code: number, by: known?.extension ?? null, feature: 'agent-service' }];
        case 'callThrough': {
          const allowed = known?.callThrough ? known : undefined;
          ctx.explain.push(`call-through${allowed ? `: caller recognised as ${allowed.extension}, PIN asked` : ': caller not recognised, extension and PIN asked'}`);
          return [{ kind: 'feature', code: number, by: null, feature: 'call-through', recognised: allowed?.extension ?? null }];
        }
      }
    }
    case 'emergencyCallback': {
      const recent = [...(ctx.runtime.emergencyCallbacks ?? [])].reverse().find((e) => e.until > ctx.now && site.index.users.has(e.extension));
      if (recent) {
        ctx.explain.push(`emergency callback: rings ${recent.extension}, who called an emergency number`);
        const user = site.index.users.get(recent.extension);
        if (user) return routeUser(user.extension, ctx, path);
      }
      ctx.explain.push('emergency callback number: no emergency call in the last 60 minutes');
      const main = site.numbers.main === undefined ? undefined : site.index.ddi.get(site.numbers.main);
      if (main && main.kind !== 'emergencyCallback') return routeDdiOwner(main, site.numbers.main as E164, caller, ctx, path);
      return [reject('not-available')];
    }
  }
}
