/**
 * Bridged calls by the users in them, so a feature can act on a user's current call without a
 * REFER from the user's phone (issue 9 item 5: the operator transfers a call with one click in
 * the switchboard panel). One registry per srf app, reached through the app object, so the call
 * layer's dependencies stay as they are and two servers in one process never share one.
 */
import type { SrfApp } from '../srf-types.js';
import type { Bridge, Leg } from './bridge.js';

/** A live bridge and how to end its call's record and leg facts. */
export interface LiveBridge {
  readonly bridge: Bridge;
  /** Ends the call the bridge belongs to (record, leg facts), as a REFER transfer does. */
  readonly end: (cause: string) => void;
}

/** Live bridges of one srf app. */
export class LiveBridges {
  private readonly all = new Set<LiveBridge>();

  /** Adds a bridge; returns the function that removes it. */
  add(b: LiveBridge): () => void {
    this.all.add(b);
    return () => this.all.delete(b);
  }

  /** The live bridge a user is in, with that user's leg first, if any (the newest one). */
  ofUser(extension: string): { readonly live: LiveBridge; readonly own: Leg; readonly other: Leg } | undefined {
    let found: { live: LiveBridge; own: Leg; other: Leg } | undefined;
    for (const live of this.all) {
      if (live.bridge.ended) continue;
      const { a, b } = live.bridge;
      if (a.party.kind === 'user' && a.party.user.extension === extension) found = { live, own: a, other: b };
      else if (b.party.kind === 'user' && b.party.user.extension === extension) found = { live, own: b, other: a };
    }
    return found;
  }
}

const registries = new WeakMap<SrfApp, LiveBridges>();

/** The live-bridge registry of an srf app. */
export function liveBridgesOf(srf: SrfApp): LiveBridges {
  let r = registries.get(srf);
  if (!r) registries.set(srf, (r = new LiveBridges()));
  return r;
}
