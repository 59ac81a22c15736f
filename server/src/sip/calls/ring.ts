/**
 * Ringing several targets in parallel (issue 3 item 4: a call forks to every registered device;
 * first answer wins, the others are CANCELled). Without an SDP offer the legs are set up third-
 * party-call-control style and the answer carries the callee's offer.
 */
import type { Logger } from 'pino';
import type { SrfApp, SrfDialog, SrfMessage, SrfRequest } from '../srf-types.js';

/** One destination to ring. */
export interface RingTarget {
  readonly uri: string;
  /** Next hop (the device's flow) when the Contact itself is not reachable (NAT). */
  readonly proxy?: string | undefined;
  readonly label: string;
  readonly headers: Record<string, string>;
  /** Credentials for a carrier's challenge (a mobile rung through the trunk). */
  readonly auth?: { readonly username: string; readonly password: string } | undefined;
}

/** A 3pcc answer: the callee's offer, and the ACK that completes the leg with our answer. */
export interface ThirdPartyAnswer {
  readonly sdp: string;
  ack(answerSdp: string): Promise<SrfDialog>;
  destroy(): Promise<void>;
}

/** How ringing ended. */
export type RingOutcome =
  | { readonly kind: 'answered'; readonly target: RingTarget; readonly dialog: SrfDialog }
  | { readonly kind: 'answered-3pcc'; readonly target: RingTarget; readonly pending: ThirdPartyAnswer }
  | { readonly kind: 'busy' }
  | { readonly kind: 'declined' }
  | { readonly kind: 'no-answer' }
  | { readonly kind: 'unavailable'; readonly status: number }
  | { readonly kind: 'cancelled' };

/** Options for one ringing round. */
export interface RingOptions {
  readonly srf: SrfApp;
  readonly log: Logger;
  readonly targets: readonly RingTarget[];
  /** The caller's offer; undefined: 3pcc. */
  readonly offerSdp: string | undefined;
  readonly ringSec: number;
  /** First provisional from any target (to relay ringing). */
  readonly onProvisional?: (res: SrfMessage) => void;
  /** Lets the caller abort the round (caller CANCEL, hang-up). */
  readonly abort?: (cancel: () => void) => void;
}

interface Fork {
  req: SrfRequest | undefined;
  cancelWanted: boolean;
  settled: boolean;
}

/** Rings every target; resolves with the first answer or the combined failure. */
export function ringTargets(o: RingOptions): Promise<RingOutcome> {
  if (o.targets.length === 0) return Promise.resolve({ kind: 'unavailable', status: 480 });
  return new Promise<RingOutcome>((resolve) => {
    let done = false;
    const statuses: number[] = [];
    const forks: Fork[] = [];
    const cancelFork = (f: Fork) => {
      if (f.settled) return;
      if (f.req) f.req.cancel();
      else f.cancelWanted = true;
    };
    const finish = (outcome: RingOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      for (const f of forks) cancelFork(f);
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ kind: 'no-answer' }), o.ringSec * 1000);
    o.abort?.(() => finish({ kind: 'cancelled' }));
    let provisional = false;
    for (const target of o.targets) {
      const fork: Fork = { req: undefined, cancelWanted: false, settled: false };
      forks.push(fork);
      // Without an offer srf only hands back the callee's offer (3pcc) when told not to ACK itself.
      const opts = { headers: target.headers, ...(o.offerSdp !== undefined ? { localSdp: o.offerSdp } : { noAck: true }), ...(target.proxy ? { proxy: target.proxy } : {}), ...(target.auth ? { auth: { ...target.auth } } : {}) };
      o.srf.createUAC(target.uri, opts, {
        cbRequest: (_err, req) => {
          fork.req = req;
          if (fork.cancelWanted && !fork.settled) req.cancel();
        },
        cbProvisional: (res) => {
          if (!provisional && res.status > 100 && !done) {
            provisional = true;
            o.onProvisional?.(res);
          }
        },
      }).then((result: SrfDialog | ThirdPartyAnswer) => {
        fork.settled = true;
        const is3pcc = !(result as SrfDialog).sip;
        if (done) {
          // Another fork won, or the round ended: this late answer is hung up at once.
          if (is3pcc) (result as ThirdPartyAnswer).destroy().catch(() => undefined);
          else (result as SrfDialog).destroy().catch(() => undefined);
          return;
        }
        finish(is3pcc ? { kind: 'answered-3pcc', target, pending: result as ThirdPartyAnswer } : { kind: 'answered', target, dialog: result as SrfDialog });
      }, (err: unknown) => {
        fork.settled = true;
        const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 503;
        if (!(typeof (err as { status?: unknown }).status === 'number')) o.log.warn({ err, target: target.label }, 'ringing a device failed');
        statuses.push(status);
        if (!done && forks.every((f) => f.settled)) finish(combine(statuses));
      });
    }
  });
}

/** Combines the final responses of all forks (RFC 3261 §16.7: 6xx and busy win over unavailability). */
export function combine(statuses: readonly number[]): RingOutcome {
  if (statuses.some((s) => s === 603)) return { kind: 'declined' };
  if (statuses.some((s) => s === 486 || s === 600)) return { kind: 'busy' };
  if (statuses.every((s) => s === 487)) return { kind: 'cancelled' };
  if (statuses.some((s) => s === 408)) return { kind: 'no-answer' };
  return { kind: 'unavailable', status: 480 };
}
