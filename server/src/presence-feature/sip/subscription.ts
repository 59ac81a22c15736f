/**
 * One SIP subscription of a watcher to a watched user (RFC 6665). It holds ids, what is needed
 * to send in its dialog, and what was last sent; the facts stay in the hub and the rules in the
 * site config. The SIP engine (or drachtio-server) holds the dialog itself; srf keeps no object
 * for it (see `forgetSrfDialog` in subscribe-handler.ts).
 */
import type { Projection, UserKey } from '../../presence/index.js';
import type { StoredSubscription } from '../store.js';
import type { EventPackage } from './packages.js';

/** A live subscription. */
export interface Subscription {
  /** Our id: the key the opaque dialog/tuple id is derived from, and the store key. */
  readonly id: string;
  readonly pkg: EventPackage;
  /** `Event` value echoed in NOTIFYs (package and `id` parameter). */
  readonly event: string;
  readonly watcher: UserKey;
  /** Digest username of the subscribing device: its subscriptions end when it goes away. */
  readonly watcherDevice: string;
  readonly target: UserKey;
  /** `entity` of the bodies: the watched user's URI. */
  readonly entity: string;
  /** The dialog as stored: its drachtio dialog id, and what rebuilds it if the engine lost it. */
  readonly stored: StoredSubscription;
  expiresAt: number;
  /** RFC 4235 §4.1 version of the next dialog-info document (starts at 0). */
  version: number;
  /** The projection last sent (dialog, presence) for `notifyNeeded`. */
  lastProjection: Projection | undefined;
  /** The counts last sent (message-summary). */
  lastCounts: string | undefined;
  /** A NOTIFY is on its way; changes meanwhile set `dirty` and are sent when it completes. */
  inFlight: boolean;
  dirty: boolean;
  /** Send the current state even if unchanged (initial NOTIFY, refresh: RFC 6665 §4.2.1.2). */
  force: boolean;
  ended: boolean;
  timer: NodeJS.Timeout | undefined;
  /** `opaqueId(id)` and the watcher's pickup token, computed once (each is a hash). */
  opaque: string | undefined;
  pickupToken: string | undefined;
}

/** What a NOTIFY carries. */
export interface NotifyContent {
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * Sends NOTIFYs. Resolves with the final status of the NOTIFY (408 when it timed out, 0 when it
 * could not be sent at all); never rejects.
 */
export interface NotifyTransport {
  send(sub: Subscription, content: NotifyContent): Promise<number>;
}
