/**
 * One call the hotline flow holds while the ACD decides (issue 7 items 1, 2 and 7): a live caller
 * waiting on the media endpoint, or a callback that keeps its place after the caller hung up.
 * Per-feature state stays here, not in the call layer's IncomingCall (CONVENTIONS §2.2).
 */
import type { Endpoint } from 'drachtio-fsmrf';
import type { RouteStep } from '../routing/index.js';
import type { IncomingCall } from '../sip/calls/incoming-call.js';
import type { RingOutcome } from '../sip/calls/ring.js';
import type { Party } from '../sip/calls/targets.js';
import type { UserLeg } from '../sip/calls/legs.js';
import type { OriginalCaller } from '../callerid/index.js';
import type { Announced } from './announcements.js';
import type { QueueMedia } from './queue-media.js';

/** Hotline, call id and caller number, as every ACD input carries them. */
export interface CallRef {
  readonly hotline: string;
  readonly callId: string;
  readonly callerNumber: string;
}

/** Where a callback goes: an external number through the trunk, or a colleague's devices. */
export type CallbackTarget =
  | { readonly kind: 'external'; readonly number: string }
  | { readonly kind: 'internal'; readonly extension: string };

/** How the hotline step ends for the caller's IncomingCall. */
export type Fate =
  /** Connected to an agent, hung up, or turned into a callback: nothing more to run. */
  | { readonly kind: 'done' }
  /** Continue with these steps (overflow, after hours, a digit's target). */
  | { readonly kind: 'divert'; readonly steps: readonly RouteStep[] }
  /** Say this prompt and hang up (overflow or after hours without a target). */
  | { readonly kind: 'prompt'; readonly prompt: string; readonly cause: string };

/** One agent's ringing leg(s) for one offer. */
export interface Ring {
  readonly key: string;
  readonly extension: string;
  readonly offerId: number;
  cancelled: boolean;
  abort: (() => void) | undefined;
  /** The answer, held between the agent's 200 and the ACD's `connect` (or `cancel-offer`). */
  answered: Extract<RingOutcome, { kind: 'answered' | 'answered-3pcc' }> | undefined;
  /** Presence fact of the agent's leg (live callers only). */
  leg: UserLeg | undefined;
  /** Callback offers ring from a media endpoint, so the agent hears progress while the citizen rings. */
  endpoint: Endpoint | undefined;
}

/** A call the ACD holds. */
export interface Entry {
  readonly ref: CallRef;
  readonly lang: string;
  /** The caller as agents see it. */
  readonly party: Party;
  readonly original: OriginalCaller;
  /** The caller's call; undefined once it became a callback and hung up. */
  call: IncomingCall | undefined;
  media: QueueMedia | undefined;
  told: Announced | null;
  connectedTo: string | null;
  callback: CallbackTarget | null;
  readonly rings: Map<string, Ring>;
  /** Ends the executor's wait. */
  settle(f: Fate): void;
  settled: boolean;
}

/** The key of one agent's ring for one offer. */
export function ringKey(offerId: number, extension: string): string {
  return `${offerId}:${extension}`;
}
