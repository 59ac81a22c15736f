/**
 * The plan routing decides (CONVENTIONS §2.2: decide, then execute): a list of steps, each a
 * discriminated union member on `kind`, with nested fallbacks where the outcome of ringing decides
 * what follows. Executors in the SIP/media adapters run one step kind each.
 */
import type { E164 } from '../domain/e164.js';
import type {
  Extension, HotlineNumber, HuntGroupNumber, IvrMenuId, PromptName, TrunkId,
} from '../domain/ids.js';
import type { RejectReason, SipFailureStatus } from '../domain/sip-status.js';

/**
 * Why a call was diverted, as RFC 5806 `reason` tokens so the caller-ID policy can put them into
 * Diversion (or map them to History-Info causes) unchanged.
 */
export type DiversionReason = 'unconditional' | 'user-busy' | 'no-answer' | 'time-of-day' | 'do-not-disturb' | 'out-of-service' | 'unknown';

/** Who diverted the call: the caller-ID policy presents that party's DDI in Diversion. */
export type DivertingParty =
  | { readonly kind: 'user'; readonly extension: Extension }
  | { readonly kind: 'hotline'; readonly number: HotlineNumber }
  | { readonly kind: 'huntGroup'; readonly number: HuntGroupNumber }
  /** The site itself (an IVR option or an unassigned DDI forwarding out): presents the main number. */
  | { readonly kind: 'site' };

/** A diversion on the way to a step (the last one; RFC 5806 `counter` is `hops`). */
export interface Diversion {
  readonly by: DivertingParty;
  readonly reason: DiversionReason;
  /** Diversions so far on this path, 1 for the first. */
  readonly hops: number;
}

/** A forwarding destination set by feature code: an internal number or an external E.164 number. */
export type ForwardDestination =
  | { readonly kind: 'internal'; readonly number: string }
  | { readonly kind: 'external'; readonly number: E164 };

/** Which of a user's three forwardings. */
export type ForwardingKind = 'always' | 'busy' | 'noAnswer';

/** A hunt group member to ring. */
export type HuntMember =
  | { readonly kind: 'user'; readonly extension: Extension; readonly ringSec: number }
  | { readonly kind: 'external'; readonly number: E164; readonly ringSec: number };

/** A feature code, parsed. `by` is the acting user, null when the caller is not yet identified. */
export type FeatureAction =
  | { readonly feature: 'hotline-login' | 'hotline-logout'; readonly hotline: HotlineNumber }
  | { readonly feature: 'hotline-pause' | 'wrap-up-end' }
  | { readonly feature: 'agent-service' }
  | { readonly feature: 'forward-set'; readonly which: ForwardingKind; readonly destination: ForwardDestination }
  | { readonly feature: 'forward-clear'; readonly which: ForwardingKind }
  | { readonly feature: 'dnd'; readonly on: boolean }
  | { readonly feature: 'pickup'; readonly extension: Extension }
  | { readonly feature: 'voicemail'; readonly mailbox: string | null }
  | { readonly feature: 'call-through'; readonly recognised: Extension | null };

/** One step of a route plan. */
export type RouteStep =
  /** Ring every registered device of the user (and the mobile); `onBusy`/`onNoAnswer` follow. */
  | {
      readonly kind: 'user';
      readonly extension: Extension;
      readonly ringSec: number;
      /** Ring the SIP devices (false: none registered, only the mobile rings). */
      readonly devices: boolean;
      /** Ring the private mobile too (its number stays in the site config, never in a plan). */
      readonly mobile: boolean;
      readonly diversion?: Diversion;
      readonly onBusy: readonly RouteStep[];
      readonly onNoAnswer: readonly RouteStep[];
    }
  /** Queue at a hotline; the ACD decides offers, overflow and digits from the hotline's config. */
  | { readonly kind: 'hotline'; readonly number: HotlineNumber; readonly diversion?: Diversion }
  /** Ring a hunt group's members by its strategy; `onNoAnswer` after totalSec. */
  | {
      readonly kind: 'huntGroup';
      readonly number: HuntGroupNumber;
      readonly strategy: 'ring-all' | 'linear' | 'round-robin' | 'longest-idle';
      readonly totalSec: number;
      readonly members: readonly HuntMember[];
      readonly diversion?: Diversion;
      readonly onNoAnswer: readonly RouteStep[];
    }
  /** Record a message in a mailbox (a user's, a hotline's or a hunt group's). */
  | {
      readonly kind: 'voicemail';
      readonly mailbox: string;
      readonly greeting: 'busy' | 'unavailable';
      readonly diversion?: Diversion;
    }
  /** Forward to an external number through the outbound trunk (a diverted leg). */
  | { readonly kind: 'forward'; readonly number: E164; readonly trunk: TrunkId; readonly diversion: Diversion }
  /** Play a prompt, then hang up. */
  | { readonly kind: 'announcement'; readonly prompt: PromptName }
  /** Enter an IVR menu; the adapter routes the chosen option with `decideTarget`. */
  | { readonly kind: 'ivr'; readonly menu: IvrMenuId; readonly diversion?: Diversion }
  /** An outbound call through a trunk. */
  | { readonly kind: 'trunk'; readonly trunk: TrunkId; readonly number: E164; readonly dialled: string; readonly clir: boolean }
  /** An emergency call: never blocked, never withheld, no area code (caller-id.md §3). */
  | { readonly kind: 'emergency'; readonly number: string; readonly trunk: TrunkId; readonly dialled: string }
  /** A feature code. */
  | ({ readonly kind: 'feature'; readonly code: string; readonly by: Extension | null } & FeatureAction)
  /** Refuse the call with the SIP status of the reason. */
  | { readonly kind: 'reject'; readonly reason: RejectReason; readonly status: SipFailureStatus; readonly phrase: string };

/** The kinds of route steps. */
export type RouteStepKind = RouteStep['kind'];

/** A decided route: the steps and the reasons, in words, for logs and dry runs. */
export interface RoutePlan {
  readonly steps: readonly RouteStep[];
  readonly explain: readonly string[];
}
