/**
 * Routing to the site's entities: users (with forwarding, DND, voicemail), hotlines (with their
 * time plans), hunt groups, menus, mailboxes and external forwards. Recursive over forwards, with
 * loop detection and a diversion limit.
 */
import type { InternalOwner, Target, User } from '../config/dialplan/index.js';
import { targetOf } from '../config/dialplan/index.js';
import type { E164 } from '../domain/e164.js';
import type { Extension, HotlineNumber, HuntGroupNumber, IvrMenuId, PromptName } from '../domain/ids.js';
import type { RejectReason } from '../domain/sip-status.js';
import { diversionOf, factsOf, formatBerlin, MAX_DIVERSIONS, numberText, reject, type RouteContext, type RoutePath } from './context.js';
import type { DivertingParty, DiversionReason, ForwardDestination, ForwardingKind, HuntMember, RouteStep } from './route-step.js';
import { daySchedule, isOpen, nextChange, type DayReason } from './time-plan.js';
import { toLocal } from './berlin-time.js';

/** Names a diverting party in explain texts. */
function partyName(by: DivertingParty): string {
  switch (by.kind) {
    case 'user': return `user ${by.extension}`;
    case 'hotline': return `hotline ${by.number}`;
    case 'huntGroup': return `hunt group ${by.number}`;
    case 'site': return 'the site';
  }
}

/** Describes a target for explain texts: `{ voicemail: 4100 }`. */
export function describeTarget(t: Target): string {
  const { kind, ref } = targetOf(t);
  return `{ ${kind}: ${ref} }`;
}

/** Enters an entity; returns the new path, or a reject when it was entered before on this path. */
function enter(ctx: RouteContext, path: RoutePath, key: string, label: string): RoutePath | RouteStep[] {
  if (path.visited.has(key)) {
    ctx.explain.push(`loop: ${label} reached again on this path`);
    return [reject('loop')];
  }
  return { ...path, visited: new Set([...path.visited, key]) };
}

/** Adds a diversion to a path; a reject once the diversion limit is passed. */
function divert(ctx: RouteContext, path: RoutePath, by: DivertingParty, reason: DiversionReason): RoutePath | RouteStep[] {
  const hops = (path.diversion?.hops ?? 0) + 1;
  if (hops > MAX_DIVERSIONS) {
    ctx.explain.push(`more than ${MAX_DIVERSIONS} diversions: stopped at ${partyName(by)}`);
    return [reject('too-many-hops')];
  }
  return { ...path, diversion: { by, reason, hops } };
}

/** Routes an internal number's owner. */
export function routeOwner(owner: InternalOwner, ctx: RouteContext, path: RoutePath): RouteStep[] {
  switch (owner.kind) {
    case 'user': return routeUser(owner.extension, ctx, path);
    case 'hotline': return routeHotline(owner.number, ctx, path);
    case 'huntGroup': return routeHuntGroup(owner.number, ctx, path);
    case 'ivr': return routeIvr(owner.id, ctx, path);
  }
}

/** Routes a configured target, optionally as a diversion by `by` for `reason`. */
export function routeTarget(
  t: Target, ctx: RouteContext, path: RoutePath, by?: DivertingParty, reason: DiversionReason = 'unknown',
): RouteStep[] {
  const next = by ? divert(ctx, path, by, reason) : path;
  if (Array.isArray(next)) return next;
  const { kind, ref } = targetOf(t);
  switch (kind) {
    case 'user': return routeUser(ref as Extension, ctx, next);
    case 'hotline': return routeHotline(ref as HotlineNumber, ctx, next);
    case 'huntGroup': return routeHuntGroup(ref as HuntGroupNumber, ctx, next);
    case 'ivr': return routeIvr(ref as IvrMenuId, ctx, next);
    case 'voicemail':
      ctx.explain.push(`mailbox ${ref}`);
      return [{ kind: 'voicemail', mailbox: ref, greeting: reason === 'user-busy' ? 'busy' : 'unavailable', ...diversionOf(next) }];
    case 'announcement':
      ctx.explain.push(`announcement ${ref}`);
      return [{ kind: 'announcement', prompt: ref as PromptName }];
    case 'forward': return forwardOut(ref as E164, ctx, next.diversion ? next : divertOrSite(ctx, next, reason));
  }
}

/** A forward out needs a diverting party for Diversion; targets reached without one divert on behalf of the site. */
function divertOrSite(ctx: RouteContext, path: RoutePath, reason: DiversionReason): RoutePath | RouteStep[] {
  return divert(ctx, path, { kind: 'site' }, reason);
}

function forwardOut(number: E164, ctx: RouteContext, path: RoutePath | RouteStep[]): RouteStep[] {
  if (Array.isArray(path)) return path;
  const outbound = ctx.site.outbound;
  if (!outbound) {
    ctx.explain.push(`cannot forward to ${numberText(ctx, number)}: no outbound route`);
    return [reject('no-trunk')];
  }
  if (!path.diversion) throw new Error('forwardOut without a diversion');
  ctx.explain.push(`forward to ${numberText(ctx, number)} via trunk ${outbound.trunk}`);
  return [{ kind: 'forward', number, trunk: outbound.trunk, diversion: path.diversion }];
}

/** Routes a forwarding destination set by feature code. */
function routeDestination(dest: ForwardDestination, ctx: RouteContext, path: RoutePath, by: DivertingParty, reason: DiversionReason): RouteStep[] {
  const next = divert(ctx, path, by, reason);
  if (Array.isArray(next)) return next;
  if (dest.kind === 'external') return forwardOut(dest.number, ctx, next);
  const owner = ctx.site.index.internal.get(dest.number);
  if (!owner) {
    ctx.explain.push(`forward target ${dest.number} no longer exists`);
    return [reject('unknown-number')];
  }
  return routeOwner(owner, ctx, next);
}


/** Routes one of a user's forwardings if set: runtime (feature code) first, then the dialplan. */
function forwarding(user: User, which: ForwardingKind, ctx: RouteContext, path: RoutePath, reason: DiversionReason): RouteStep[] | null {
  const by: DivertingParty = { kind: 'user', extension: user.extension };
  const runtime = factsOf(ctx, user.extension).forwarding;
  if (runtime && which in runtime) {
    const dest = runtime[which];
    if (dest === null || dest === undefined) return null;
    ctx.explain.push(`user ${user.extension} forwards ${which} to ${numberText(ctx, dest.number)} (feature code)`);
    return routeDestination(dest, ctx, path, by, reason);
  }
  const t = user.forwarding[which];
  if (!t) return null;
  ctx.explain.push(`user ${user.extension} forwards ${which} to ${describeTarget(t)} (dialplan)`);
  return routeTarget(t, ctx, path, by, reason);
}

/** Whether a forwarding is in force: runtime (feature code) first, then the dialplan. */
function hasForwarding(user: User, which: ForwardingKind, ctx: RouteContext): boolean {
  const runtime = factsOf(ctx, user.extension).forwarding;
  if (runtime && which in runtime) return runtime[which] !== null && runtime[which] !== undefined;
  return user.forwarding[which] !== undefined;
}

/** What follows when a user does not take the call: forwarding, mailbox, or a reject. */
function fallback(user: User, which: 'busy' | 'noAnswer', ctx: RouteContext, path: RoutePath, reason: DiversionReason, rejectReason: RejectReason): RouteStep[] {
  const fwd = forwarding(user, which, ctx, path, reason);
  if (fwd) return fwd;
  if (user.voicemail.enabled) {
    return [{ kind: 'voicemail', mailbox: user.extension, greeting: which === 'busy' ? 'busy' : 'unavailable', ...diversionOf(path) }];
  }
  return [reject(rejectReason)];
}

/** Routes a call to a user. */
export function routeUser(extension: Extension, ctx: RouteContext, path: RoutePath): RouteStep[] {
  const user = ctx.site.index.users.get(extension);
  if (!user) {
    ctx.explain.push(`no user ${extension}`);
    return [reject('unknown-number')];
  }
  const entered = enter(ctx, path, `user:${extension}`, `user ${extension}`);
  if (Array.isArray(entered)) return entered;
  ctx.explain.push(`user ${extension}${user.name ? ` (${user.name})` : ''}`);
  const always = forwarding(user, 'always', ctx, entered, 'unconditional');
  if (always) return always;
  const facts = factsOf(ctx, extension);
  if (facts.dnd) {
    // presence.md §5: DND looks like "unreachable" to the caller, never like a refusal.
    ctx.explain.push(`user ${extension} has do-not-disturb on`);
    return fallback(user, 'noAnswer', ctx, entered, 'do-not-disturb', 'do-not-disturb');
  }
  const devices = facts.registered !== false;
  const mobile = user.ringMobile === 'also' && ctx.site.outbound !== null;
  if (!devices && !mobile) {
    ctx.explain.push(`user ${extension} has no registered device`);
    return fallback(user, 'noAnswer', ctx, entered, 'out-of-service', 'not-available');
  }
  if (mobile) ctx.explain.push(`user ${extension}: the mobile rings as well`);
  const ringSec = hasForwarding(user, 'noAnswer', ctx) ? user.forwarding.noAnswerSec : user.voicemail.enabled ? user.voicemail.noAnswerSec : ctx.site.site.maxRingSec;
  return [{
    kind: 'user', extension, ringSec, devices, mobile, ...diversionOf(entered),
    onBusy: fallback(user, 'busy', ctx, entered, 'user-busy', 'busy'),
    onNoAnswer: fallback(user, 'noAnswer', ctx, entered, 'no-answer', 'no-answer'),
  }];
}

function closedBecause(reason: DayReason): string {
  switch (reason.kind) {
    case 'holiday': return `public holiday ${reason.holiday.name} (${reason.state}${reason.region ? `/${reason.region}` : ''})`;
    case 'closed-day': return `closed day ${reason.day}`;
    case 'extra-open': return `outside the special hours of ${reason.day}`;
    case 'weekday': return `outside opening hours (${reason.weekday})`;
  }
}

/** Routes a call to a hotline: the queue when open, its after-hours target when closed. */
export function routeHotline(number: HotlineNumber, ctx: RouteContext, path: RoutePath): RouteStep[] {
  const hotline = ctx.site.index.hotlines.get(number);
  if (!hotline) {
    ctx.explain.push(`no hotline ${number}`);
    return [reject('unknown-number')];
  }
  const entered = enter(ctx, path, `hotline:${number}`, `hotline ${number}`);
  if (Array.isArray(entered)) return entered;
  const label = `hotline ${number}${hotline.name ? ` (${hotline.name})` : ''}`;
  const plan = hotline.timePlan === undefined ? undefined : ctx.site.index.timePlans.get(hotline.timePlan);
  if (plan) {
    const change = nextChange(plan, ctx.now);
    if (!isOpen(plan, ctx.now)) {
      const why = closedBecause(daySchedule(plan, toLocal(ctx.now).day).reason);
      ctx.explain.push(`${label} closed: ${why}, time plan ${plan.id}${change === null ? '' : `; opens ${formatBerlin(change)}`}`);
      if (!hotline.afterHours) return [reject('closed')];
      ctx.explain.push(`after hours: ${describeTarget(hotline.afterHours)}`);
      return routeTarget(hotline.afterHours, ctx, entered, { kind: 'hotline', number }, 'time-of-day');
    }
    ctx.explain.push(`${label} open, time plan ${plan.id}${change === null ? '' : ` until ${formatBerlin(change)}`}`);
  } else ctx.explain.push(`${label}, no time plan: always open`);
  return [{ kind: 'hotline', number, ...diversionOf(entered) }];
}

/** Routes a call to a hunt group, leaving out members who cannot ring. */
export function routeHuntGroup(number: HuntGroupNumber, ctx: RouteContext, path: RoutePath): RouteStep[] {
  const group = ctx.site.index.huntGroups.get(number);
  if (!group) {
    ctx.explain.push(`no hunt group ${number}`);
    return [reject('unknown-number')];
  }
  const entered = enter(ctx, path, `huntGroup:${number}`, `hunt group ${number}`);
  if (Array.isArray(entered)) return entered;
  ctx.explain.push(`hunt group ${number}${group.name ? ` (${group.name})` : ''}, ${group.strategy}`);
  const members: HuntMember[] = [];
  for (const m of group.members) {
    const ringSec = m.ringSec ?? group.ringSec;
    if (m.number !== undefined) members.push({ kind: 'external', number: m.number, ringSec });
    else if (m.user !== undefined) {
      const facts = factsOf(ctx, m.user);
      if (facts.dnd) ctx.explain.push(`hunt group ${number}: member ${m.user} skipped (do-not-disturb)`);
      else if (facts.registered === false) ctx.explain.push(`hunt group ${number}: member ${m.user} skipped (not registered)`);
      else members.push({ kind: 'user', extension: m.user, ringSec });
    }
  }
  const onNoAnswer = group.noAnswer
    ? routeTarget(group.noAnswer, ctx, entered, { kind: 'huntGroup', number }, 'no-answer')
    : [reject('no-answer')];
  if (members.length === 0) {
    ctx.explain.push(`hunt group ${number}: no member can ring`);
    return onNoAnswer;
  }
  return [{ kind: 'huntGroup', number, strategy: group.strategy, totalSec: group.totalSec, members, ...diversionOf(entered), onNoAnswer }];
}

/** Routes a call into an IVR menu. */
export function routeIvr(id: IvrMenuId, ctx: RouteContext, path: RoutePath): RouteStep[] {
  const menu = ctx.site.index.ivrMenus.get(id);
  if (!menu) {
    ctx.explain.push(`no IVR menu ${id}`);
    return [reject('unknown-number')];
  }
  const entered = enter(ctx, path, `ivr:${id}`, `IVR menu ${id}`);
  if (Array.isArray(entered)) return entered;
  ctx.explain.push(`IVR menu ${id}${menu.name ? ` (${menu.name})` : ''}: options ${Object.keys(menu.options).join(' ')}`);
  return [{ kind: 'ivr', menu: id, ...diversionOf(entered) }];
}
