/**
 * Feature codes dialled from a user's phone (issues 4, 7, 8, 9): matched exactly or as a prefix
 * with an argument, checked against the site (the hotline exists and the caller is its agent, the
 * pickup target shares a pickup team), and returned as a `feature` step for the adapter to execute.
 */
import type { FeatureCodes, User } from '../config/dialplan/index.js';
import type { Extension, HotlineNumber } from '../domain/ids.js';
import { numberText, reject, type RouteContext } from './context.js';
import { cleanNumber, normalizeNumber } from './normalize.js';
import type { FeatureAction, ForwardDestination, ForwardingKind, RouteStep } from './route-step.js';

type Exact = { readonly [K in keyof FeatureCodes]?: FeatureAction };

const EXACT: Exact = {
  hotlinePause: { feature: 'hotline-pause' },
  wrapUpEnd: { feature: 'wrap-up-end' },
  agentService: { feature: 'agent-service' },
  forwardAlwaysOff: { feature: 'forward-clear', which: 'always' },
  forwardBusyOff: { feature: 'forward-clear', which: 'busy' },
  forwardNoAnswerOff: { feature: 'forward-clear', which: 'noAnswer' },
  dndOn: { feature: 'dnd', on: true },
  dndOff: { feature: 'dnd', on: false },
};

const FORWARD_ON = { forwardAlwaysOn: 'always', forwardBusyOn: 'busy', forwardNoAnswerOn: 'noAnswer' } as const satisfies Record<string, ForwardingKind>;

/** Feature codes followed by an argument (the CLIR prefix is handled before them). */
const ARGUMENT_FEATURES = ['hotlineLogin', 'hotlineLogout', 'forwardAlwaysOn', 'forwardBusyOn', 'forwardNoAnswerOn', 'pickup'] as const;
type ArgumentCode = (typeof ARGUMENT_FEATURES)[number];

/** Reads a forwarding destination as the user would dial it: an internal number, outside-line prefix + number, or +E.164. */
export function parseDestination(arg: string, ctx: RouteContext): ForwardDestination | null {
  const s = cleanNumber(arg);
  if (ctx.site.index.internal.has(s)) return { kind: 'internal', number: s };
  const outbound = ctx.site.outbound;
  const plan = ctx.site.site;
  if (s.startsWith('+')) {
    const n = normalizeNumber(s, plan);
    return n ? { kind: 'external', number: n } : null;
  }
  if (!outbound || !s.startsWith(outbound.prefix) || s.length <= outbound.prefix.length) return null;
  const n = normalizeNumber(s.slice(outbound.prefix.length), plan);
  return n ? { kind: 'external', number: n } : null;
}

function step(code: string, by: User, action: FeatureAction): RouteStep {
  return { kind: 'feature', code, by: by.extension, ...action };
}

function inPickupTeam(ctx: RouteContext, a: string, b: string): boolean {
  return ctx.site.teams.some((t) => t.pickup && [...t.members, ...t.leads].includes(a as Extension) && [...t.members, ...t.leads].includes(b as Extension));
}

/** Routes a dialled feature code for a known user; null when the string is no feature code. */
export function routeFeature(dialled: string, user: User, ctx: RouteContext): RouteStep[] | null {
  const codes = ctx.site.featureCodes;
  if (dialled === codes.voicemail) {
    ctx.explain.push(`feature ${dialled}: own mailbox of ${user.extension}`);
    return [step(dialled, user, { feature: 'voicemail', mailbox: user.extension })];
  }
  for (const [name, action] of Object.entries(EXACT) as [keyof FeatureCodes, FeatureAction][]) {
    if (dialled === codes[name]) {
      ctx.explain.push(`feature ${dialled}: ${action.feature}`);
      return [step(dialled, user, action)];
    }
  }
  const withArg: [ArgumentCode, string][] = ARGUMENT_FEATURES.map((n) => [n, codes[n]]);
  withArg.sort((a, b) => b[1].length - a[1].length);
  const hit = withArg.find(([, code]) => dialled.startsWith(code));
  if (!hit) return null;
  const [name, code] = hit;
  const arg = dialled.slice(code.length);
  if (arg === '') {
    ctx.explain.push(`feature ${code}: the argument is missing`);
    return [reject('incomplete-number')];
  }
  switch (name) {
    case 'hotlineLogin':
    case 'hotlineLogout': {
      if (!ctx.site.index.hotlines.has(arg)) {
        ctx.explain.push(`feature ${code}: no hotline ${arg}`);
        return [reject('unknown-number')];
      }
      if (!(ctx.site.index.agentOf.get(user.extension) ?? []).includes(arg as HotlineNumber)) {
        ctx.explain.push(`feature ${code}: user ${user.extension} is not an agent of hotline ${arg}`);
        return [reject('forbidden')];
      }
      const feature = name === 'hotlineLogin' ? 'hotline-login' : 'hotline-logout';
      ctx.explain.push(`feature ${code}: ${feature} ${arg}`);
      return [step(code, user, { feature, hotline: arg as HotlineNumber })];
    }
    case 'pickup': {
      if (!ctx.site.index.users.has(arg)) {
        ctx.explain.push(`feature ${code}: no user ${arg}`);
        return [reject('unknown-number')];
      }
      // Issue 9 item 4: only members of the ringing user's pickup group may pick up.
      if (!inPickupTeam(ctx, user.extension, arg)) {
        ctx.explain.push(`feature ${code}: ${user.extension} and ${arg} share no pickup team`);
        return [reject('forbidden')];
      }
      ctx.explain.push(`feature ${code}: pick up the call ringing at ${arg}`);
      return [step(code, user, { feature: 'pickup', extension: arg as Extension })];
    }
    case 'forwardAlwaysOn':
    case 'forwardBusyOn':
    case 'forwardNoAnswerOn': {
      const which = FORWARD_ON[name];
      const destination = parseDestination(arg, ctx);
      const emergency = ctx.site.site.emergencyNumbers.some((n) => arg === n || arg === `${ctx.site.outbound?.prefix ?? ''}${n}`);
      if (!destination || emergency) {
        ctx.explain.push(`feature ${code}: ${arg} is not a forwarding destination`);
        return [reject(emergency ? 'forbidden' : 'unknown-number')];
      }
      if (destination.kind === 'external' && !ctx.site.outbound) {
        ctx.explain.push(`feature ${code}: no outbound route for an external forward`);
        return [reject('no-trunk')];
      }
      if (destination.number === user.extension) {
        ctx.explain.push(`feature ${code}: a forward to oneself`);
        return [reject('loop')];
      }
      ctx.explain.push(`feature ${code}: forward ${which} to ${numberText(ctx, destination.number)}`);
      return [step(code, user, { feature: 'forward-set', which, destination })];
    }
  }
}
