// projectPresence: every privacy rule of presence in one function (CONVENTIONS §2.2),
// implementing reference/presence.md §5.1-5.2. Where it decides otherwise than §5, the reason
// is in docs/presence-privacy.md.
import { activeAbsence } from './aggregate.js';
import type { Instant, UserFacts, UserKey } from './facts.js';
import { relationOf } from './rules.js';
import type { PresenceRules, RefusalReason, ViewerClass, ViewerIdentity } from './rules.js';

/** Where a projection goes. SIP channels never carry more than a colleague's view plus pickup. */
export type Channel = 'sip-dialog' | 'sip-presence' | 'api' | 'panel';

/** All channels, for tests and schemas. */
export const CHANNELS: readonly Channel[] = ['sip-dialog', 'sip-presence', 'api', 'panel'];

/** A viewer looking through one channel. */
export interface Viewer extends ViewerIdentity {
  readonly channel: Channel;
}

/** The only states that leave presence (§5.1). `ringing` only for viewers with pickup, and the user. */
export type ProjectedState = 'available' | 'busy' | 'ringing' | 'unreachable';

/** A forward target as the operator sees it: external numbers (maybe private mobiles) stay hidden. */
export type ProjectedForward =
  | { readonly kind: 'user'; readonly user: UserKey }
  | { readonly kind: 'voicemail' }
  | { readonly kind: 'external' };

/** The viewer may not watch this user; carries nothing about the user's facts. */
export interface RefusedProjection {
  readonly kind: 'refused';
  readonly user: UserKey;
  readonly channel: Channel;
  readonly reason: RefusalReason;
}

/**
 * What one viewer may see of one user through one channel. Optional fields are absent (not
 * undefined) when not allowed, so the object serialises to exactly what the viewer may know.
 */
export interface VisibleProjection {
  readonly kind: 'visible';
  readonly user: UserKey;
  readonly channel: Channel;
  readonly viewerClass: ViewerClass;
  readonly state: ProjectedState;
  /** True only with state `ringing` for a viewer who may pick up; the adapter issues the token. */
  readonly pickup: boolean;
  /** The user's free note, only when the user opted in to share it (G25). Not on dialog NOTIFYs. */
  readonly note?: string;
  /** Operator, API/panel, state unreachable: who stands in for the user. */
  readonly substitute?: UserKey;
  /** Operator, API/panel, state unreachable: where the user's calls go. */
  readonly forward?: ProjectedForward;
  /** Team lead (and supervisor outside works-council mode), API/panel: logged in to a hotline. */
  readonly hotlineLoggedIn?: boolean;
  /** The user's own facts in full, only for the user, API/panel (§5.2 "ME"). */
  readonly own?: UserFacts;
}

/** The result of `projectPresence`. */
export type Projection = RefusedProjection | VisibleProjection;

type CallActivity = 'none' | 'busy' | 'ringing-inbound' | 'ringing-outbound';

function callActivity(facts: UserFacts): CallActivity {
  if (facts.calls.length === 0) return 'none';
  // Several calls, hold and transfers collapse into one state (§5.2: "busy, one dialog").
  if (facts.calls.some((c) => c.state === 'early' && c.direction === 'inbound')) return 'ringing-inbound';
  if (facts.calls.some((c) => c.state === 'early')) return 'ringing-outbound';
  return 'busy';
}

/**
 * The user's state before any viewer rule, in precedence order:
 * 1. absence, DND or manual `away`: unreachable. It hides calls too, so nobody learns that an
 *    absent user is on the phone (a behaviour signal a works council would object to, §4).
 * 2. any live call: ringing (early) or busy.
 * 3. no reachable device: unreachable.
 * 4. manual `busy` / `in-meeting`: busy.
 * 5. otherwise available.
 */
function baseState(facts: UserFacts, now: Instant): ProjectedState | 'ringing-outbound' {
  if (activeAbsence(facts, now) !== null || facts.dnd || facts.manual.status === 'away') return 'unreachable';
  const activity = callActivity(facts);
  if (activity === 'ringing-inbound') return 'ringing';
  if (activity === 'ringing-outbound') return 'ringing-outbound';
  if (activity === 'busy') return 'busy';
  if (facts.devices.reachable === 0) return 'unreachable';
  if (facts.manual.status === 'busy' || facts.manual.status === 'in-meeting') return 'busy';
  return 'available';
}

function isSip(channel: Channel): boolean {
  return channel === 'sip-dialog' || channel === 'sip-presence';
}

/**
 * Projects one user's facts for one viewer and channel (reference/presence.md §5.1-5.2):
 * colleagues see available, busy or unreachable and nothing more; absence, DND and no device
 * look the same; outgoing calls never show as ringing except to the user; ringing shows only to
 * viewers with pickup; operators also see substitute and forward target of unreachable users
 * (API/panel only); viewers without a relation get a refusal that depends on the rules only.
 */
export function projectPresence(facts: UserFacts, viewer: Viewer, rules: PresenceRules, now: Instant): Projection {
  const relation = relationOf(viewer, facts.user, rules);
  if (relation.kind === 'refused') {
    return Object.freeze({ kind: 'refused', user: facts.user, channel: viewer.channel, reason: relation.reason });
  }
  const self = relation.viewerClass === 'self';
  const base = baseState(facts, now);
  // §5.3 test 3: an outgoing call rings for the caller only; everyone else sees busy.
  // §5.3 test 4: an incoming call rings only for viewers who may pick it up.
  const state: ProjectedState = base === 'ringing-outbound'
    ? (self ? 'ringing' : 'busy')
    : base === 'ringing' && !self && !relation.pickup ? 'busy' : base;
  const projection: {
    -readonly [K in keyof VisibleProjection]: VisibleProjection[K];
  } = {
    kind: 'visible', user: facts.user, channel: viewer.channel, viewerClass: relation.viewerClass, state,
    pickup: state === 'ringing' && !self,
  };
  const { manual } = facts;
  if (viewer.channel !== 'sip-dialog' && manual.shareNote && manual.note !== null && manual.note !== '') {
    projection.note = manual.note;
  }
  if (!isSip(viewer.channel)) {
    // Both routing facts whatever made the user unreachable, so the operator cannot tell DND
    // from absence either (docs/presence-privacy.md, differs from §5.2's per-row lists).
    if (relation.routing && state === 'unreachable') {
      if (facts.substitute !== null) projection.substitute = facts.substitute;
      if (facts.forward !== null) {
        projection.forward = facts.forward.kind === 'external' ? { kind: 'external' } : facts.forward;
      }
    }
    if (relation.hotlineLogin && facts.agent !== null) projection.hotlineLoggedIn = facts.agent.state !== 'logged-out';
    if (self) projection.own = facts;
  }
  return Object.freeze(projection);
}
