/** SIPp watchers for the presence tests, and the facts the call layer would emit. */
import { resolve } from 'node:path';
import type { Harness } from './harness.js';
import { PASSWORDS } from './harness.js';
import { startSipp, type SippResult } from '../../helpers/sipp.js';
import { asUser } from '../../helpers/phones.js';
import { freePort } from '../../helpers/ports.js';
import { received, type ReceivedNotify } from './sip-trace.js';

const ACCEPT = { dialog: 'application/dialog-info+xml', presence: 'application/pidf+xml', 'message-summary': 'application/simple-message-summary' } as const;

/** A running watcher. */
export interface Watcher {
  readonly user: string;
  readonly target: string;
  readonly pkg: keyof typeof ACCEPT;
  /** Resolves when the watcher's scenario ended, with the NOTIFYs it received. */
  readonly done: Promise<SippResult & { notifies: ReceivedNotify[] }>;
  /** Waits until the server saw `n` NOTIFYs to this watcher answered. */
  notified(n: number): Promise<void>;
}

/** Starts a SIPp watcher (test/scenarios/presence/watch-until-idle.xml). */
export async function watch(h: Harness, user: string, target: string, pkg: keyof typeof ACCEPT = 'dialog', event: string = pkg): Promise<Watcher> {
  const run = startSipp({
    scenario: 'test/scenarios/presence/watch-until-idle.xml', remote: `127.0.0.1:${h.sipPort}`, localPort: await freePort(), service: target,
    extra: [...asUser(user, PASSWORDS[user]!), '-key', 'event', event, '-key', 'accept', ACCEPT[pkg]], timeoutSec: 60,
  });
  return {
    user, target, pkg,
    done: run.done.then((r) => ({ ...r, notifies: received(r.messages, 'NOTIFY') })),
    notified: (n) => h.waitLog('NOTIFY answered', n, { watcher: user, target, event: pkg }),
  };
}

/** Runs a one-shot SIPp scenario of test/scenarios/presence as `user`. */
export async function scenario(h: Harness, name: string, user: string, service: string, keys: Record<string, string> = {}): Promise<SippResult> {
  const extra = [...asUser(user, PASSWORDS[user]!)];
  for (const [k, v] of Object.entries(keys)) extra.push('-key', k, v);
  return startSipp({ scenario: resolve(`test/scenarios/presence/${name}`), remote: `127.0.0.1:${h.sipPort}`, localPort: await freePort(), service, extra, timeoutSec: 30 }).done;
}

let legs = 0;

/** A leg of `extension` as the call layer reports it (user.leg); returns a function moving it on. */
export function leg(h: Harness, extension: string, direction: 'inbound' | 'outbound', external: boolean) {
  const legId = `leg-${++legs}-${direction}-${external ? 'ext' : 'int'}`;
  const callId = `call-${legs}@198.51.100.7`;
  return {
    legId, callId,
    set: (state: 'trying' | 'early' | 'confirmed' | 'terminated') => h.server.bus.emit('user.leg', { callId, legId, extension, state, direction, external }),
  };
}

/** The body with the subscription-specific parts (opaque dialog id, version) blanked. */
export function normalise(body: string): string {
  return body.replace(/ version="\d+"/, ' version="N"').replace(/<dialog id="[^"]+"/, '<dialog id="ID"').replace(/<tuple id="[^"]+"/, '<tuple id="ID"').replace(/<dm:person id="[^"]+"/, '<dm:person id="ID"');
}
