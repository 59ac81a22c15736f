/**
 * The state one routing decision carries: inputs, the explain trail, and the path of entities
 * entered so far (for loop detection and the Diversion counter).
 */
import type { SiteConfig } from '../config/dialplan/index.js';
import { REJECT_STATUS, type RejectReason } from '../domain/sip-status.js';
import { calendarDay, toLocal } from './berlin-time.js';
import type { Diversion, RouteStep } from './route-step.js';
import type { RuntimeFacts, UserFacts } from './runtime-facts.js';

/** Inputs and the explain trail of one decision. */
export interface RouteContext {
  readonly site: SiteConfig;
  readonly now: number;
  readonly runtime: RuntimeFacts;
  readonly explain: string[];
}

/** Where the decision stands on its way through forwards. */
export interface RoutePath {
  /** Entities entered, as `user:3001`, `hotline:4100`, … */
  readonly visited: ReadonlySet<string>;
  /** The latest diversion on this path, if any. */
  readonly diversion?: Diversion | undefined;
}

/** The path of a fresh call. */
export const ROOT_PATH: RoutePath = { visited: new Set() };

/**
 * At most this many diversions on one path (RFC 5806 `limit`); beyond it the call is rejected
 * with 483 rather than bouncing between forwards.
 */
export const MAX_DIVERSIONS = 5;

/** A reject step with the status of its reason. */
export function reject(reason: RejectReason): RouteStep {
  return { kind: 'reject', reason, ...REJECT_STATUS[reason] };
}

/** The runtime facts of a user (empty when none are known). */
export function factsOf(ctx: RouteContext, extension: string): UserFacts {
  return ctx.runtime.users?.[extension] ?? {};
}

/** The diversion field of a step, present only when the path was diverted. */
export function diversionOf(path: RoutePath): { readonly diversion?: Diversion } {
  return path.diversion ? { diversion: path.diversion } : {};
}

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** An instant as Berlin wall-clock time for explain texts: `Tue 2026-01-07 08:00`. */
export function formatBerlin(instant: number): string {
  const { day, msOfDay } = toLocal(instant);
  const cal = calendarDay(day);
  const minutes = Math.floor(msOfDay / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${WEEKDAY_NAMES[cal.weekday] ?? ''} ${cal.iso} ${hh}:${mm}`;
}

/** A number for explain texts: a staff member's private mobile is named by its owner, never shown. */
export function numberText(ctx: RouteContext, number: string): string {
  const owner = ctx.site.index.mobiles.get(number);
  return owner ? `the mobile of ${owner.extension}` : number;
}
