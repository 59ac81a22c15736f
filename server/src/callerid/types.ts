// Input and output data of the caller-ID policy (caller-id.md §6). Plain, readonly data: the SIP
// adapter builds the context from the frozen site config and the authenticated call, and turns
// the result into headers with renderCallerIdHeaders.
import type { NumberBlock } from './blocks.js';
import type { NumberFormat } from './numbers.js';

/**
 * How one carrier trunk wants our identity (caller-id.md §2.2: the carriers disagree on which
 * header carries which number). `presentIn` names the header the carrier shows to the callee:
 * `from` (Swyx model: From shown, PAI the network number), `pai` (NFON: PAI), `ppi`
 * (sipgate, outbox, DTS: PPI shown, From the network number of the block).
 */
export interface TrunkIdentityProfile {
  readonly presentIn: 'from' | 'pai' | 'ppi';
  readonly format: NumberFormat;
  /** CLIP no screening is booked: a forwarded caller's own number may be shown (§120(2) TKG) */
  readonly clipNoScreening: boolean;
  /** how forwarded legs name the forwarding party: Diversion (RFC 5806) or History-Info (RFC 7044) */
  readonly diversion: 'diversion' | 'history-info';
}

/** The numbers of the site the calling device belongs to (for hot-desking: where it is logged in). */
export interface SiteNumbers {
  /** shown as display name on emergency calls; the organisation name when absent */
  readonly name?: string | null;
  readonly main: string;
  /** DDI whose carrier-side location is this site (caller-id.md §3.2) */
  readonly emergency: string;
  /** DDI presented on emergency calls from home office or call-through (rings the caller back, [MS-SC]) */
  readonly emergencyCallback?: string | null;
  readonly blocks: readonly NumberBlock[];
}

/** The user on whose behalf a leg is placed: the caller, the forwarding user or the offered agent. */
export interface CallerIdUser {
  readonly extension: string;
  /** directory name; shown to colleagues only, never toward a trunk (reported failure #15) */
  readonly name: string;
  readonly ddi?: string | null;
  /** private mobile: used to ring and to recognise the user, never presented */
  readonly mobile?: string | null;
  /** permanent CLIR toward external callees */
  readonly clir: boolean;
  /** permanent CLIR also toward colleagues (caller-id.md §6 row 1: only if the user says so) */
  readonly clirInternal?: boolean;
}

/** A hotline or hunt group: its internal number, its DDI and its name. */
export interface HotlineIdentity {
  readonly number: string;
  readonly ddi: string;
  readonly name: string;
  /** what an agent's mobile shows for an offered call; `hotline` by default (keeps citizens' numbers out of private phones) */
  readonly presentToMobile?: 'hotline' | 'caller';
}

/** The caller of an inbound call, as the trusted carrier sent it. */
export interface OriginalCaller {
  /** as received (any format) or null when the carrier sent none */
  readonly number: string | null;
  /** the caller withheld the number (see callerWithheld) */
  readonly withheld: boolean;
  /** a calling name, shown only on our own devices */
  readonly name?: string | null;
}

/** Everything the policy knows about the call besides the leg. */
export interface CallerIdContext {
  /** our SIP domain: the host of From and PAI/PPI URIs */
  readonly domain: string;
  /** display name toward trunks (Teams' CompanyName) */
  readonly organisation: string;
  readonly site: SiteNumbers;
  /** the identity profile of the trunk the leg leaves by; the policy default when absent */
  readonly trunk?: TrunkIdentityProfile | null;
  readonly user?: CallerIdUser | null;
  readonly hotline?: HotlineIdentity | null;
  readonly originalCaller?: OriginalCaller | null;
}

/** Site-wide caller-ID settings. */
export interface CallerIdPolicy {
  /** country code of our numbers, `49` */
  readonly countryCode: string;
  /** present a user's own DDI (true) or always the main number (false) */
  readonly presentUserDdi: boolean;
  /** used when a trunk leg has no trunk profile in its context */
  readonly defaultTrunk: TrunkIdentityProfile;
}

/**
 * Why a call was forwarded; hunt group and hotline overflow divert as the group. The last three
 * are the routing's RFC 5806 reasons for a hotline's after-hours target, do-not-disturb and an
 * unreachable user; `parallel-ring` is a user's mobile ringing alongside the devices.
 */
export type ForwardReason =
  | 'unconditional' | 'busy' | 'no-answer' | 'hunt-group' | 'hotline-overflow'
  | 'time-of-day' | 'do-not-disturb' | 'out-of-service' | 'parallel-ring';

/**
 * Who diverted a forwarded leg, when the reason alone does not say: a user (their DDI), a hotline
 * or hunt group (its DDI), or the site itself (an IVR option or an unassigned DDI: the main number).
 */
export type DivertingKind = 'user' | 'group' | 'site';

/** Where an outbound call's device sits; only emergency calls treat them differently. */
export type DeviceOrigin = 'office' | 'home-office';

/** One leg of a call with the details that decide its caller-ID (caller-id.md §6 rows). */
export type Leg =
  | {
      readonly kind: 'internal';
      readonly clirRequested: boolean;
      readonly forwardedBy?: { readonly extension: string; readonly reason: ForwardReason } | null;
    }
  | { readonly kind: 'external'; readonly origin: DeviceOrigin; readonly clirRequested: boolean }
  | { readonly kind: 'call-through'; readonly clirRequested: boolean }
  | { readonly kind: 'hotline-callback'; readonly clirRequested: boolean }
  | { readonly kind: 'forwarded'; readonly reason: ForwardReason; readonly divertedBy?: DivertingKind }
  | { readonly kind: 'group-to-mobile'; readonly group: 'hotline' | 'hunt-group' }
  | { readonly kind: 'emergency'; readonly origin: DeviceOrigin | 'call-through' }
  | { readonly kind: 'inbound' };

/** The leg kinds. */
export type LegKind = Leg['kind'];

/** Privacy header tokens (RFC 3323 §4.2, RFC 3325 `id`, RFC 7044 `history`). */
export type PrivacyToken = 'none' | 'id' | 'header' | 'user' | 'history';

/** Diversion reasons used (RFC 5806 §4). */
export type DiversionReason =
  | 'unconditional' | 'user-busy' | 'no-answer' | 'unavailable' | 'unknown'
  | 'time-of-day' | 'do-not-disturb' | 'out-of-service' | 'follow-me';

/** The From header of the new leg (the adapter adds the tag). */
export interface FromIdentity {
  readonly displayName: string | null;
  readonly user: string;
  readonly host: string;
}

/** The asserted (RFC 3325 §9.1) or preferred (§9.2) identity of the new leg. */
export interface NetworkIdentity {
  readonly header: 'P-Asserted-Identity' | 'P-Preferred-Identity';
  readonly user: string;
  readonly host: string;
}

/** One Diversion entry (RFC 5806). */
export interface DiversionEntry {
  readonly user: string;
  readonly host: string;
  readonly reason: DiversionReason;
  readonly counter: number;
  readonly privacy: 'off' | 'full';
}

/**
 * One History-Info entry (RFC 7044, cause per RFC 4458 as mapped in RFC 7544). The target entry
 * stands for the leg's Request-URI, which the adapter knows; it is not copied here so that a
 * forward target such as a private mobile never appears in the policy's result.
 */
export type HistoryInfoEntry =
  | { readonly kind: 'diverting'; readonly index: string; readonly user: string; readonly host: string }
  | { readonly kind: 'target'; readonly index: string; readonly mp: string; readonly cause: number };

/** Everything the SIP adapter sets on an outbound leg, and why. */
export interface CallerIdHeaders {
  readonly towards: 'trunk' | 'device';
  readonly from: FromIdentity;
  readonly identity: NetworkIdentity | null;
  /** empty: send no Privacy header */
  readonly privacy: readonly PrivacyToken[];
  readonly diversion: readonly DiversionEntry[];
  readonly historyInfo: readonly HistoryInfoEntry[];
  /** headers of the incoming leg that must not be copied (devices are never trusted, RFC 3325 §5) */
  readonly stripIncoming: readonly string[];
  /** E.164 numbers the leg shows the callee and asserts to the network; null when none */
  readonly presented: { readonly shown: string | null; readonly network: string | null };
  /** the decisions taken, for debug logs and an explain API */
  readonly explain: readonly string[];
}
