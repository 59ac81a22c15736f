/**
 * A connected call between two legs: hang-up on either side ends the other, re-INVITEs (hold,
 * resume, codec changes) and INFO (DTMF) pass through, REFER starts a blind transfer.
 */
import type { SrfDialog, SrfMessage, SrfRequest, SrfResponse } from '../srf-types.js';
import type { CallDeps } from './deps.js';
import type { Party } from './targets.js';
import { liveBridgesOf } from './live-bridges.js';

/** One side of a bridged call. */
export interface Leg {
  readonly dialog: SrfDialog;
  readonly party: Party;
}

/** A live bridge; `detach` hands both legs back without ending them (transfer). */
export interface Bridge {
  readonly a: Leg;
  readonly b: Leg;
  detach(): void;
  readonly ended: boolean;
}

/** What a REFER handler needs. */
export type ReferHandler = (referrer: Leg, other: Leg, bridge: Bridge, req: SrfRequest, res: SrfResponse) => void;

/** What happens around a bridge: its end (record, leg facts) and transfers. */
export interface BridgeHooks {
  onEnd(cause: string): void;
  onRefer: ReferHandler;
}

/** Connects two answered legs. */
export function bridgeLegs(deps: CallDeps, a: Leg, b: Leg, hooks: BridgeHooks): Bridge {
  let ended = false;
  let detached = false;
  const listeners: Array<[SrfDialog, string, (...args: never[]) => void]> = [];
  const on = (d: SrfDialog, ev: string, fn: (...args: never[]) => void) => {
    d.on(ev, fn as (...args: unknown[]) => void);
    listeners.push([d, ev, fn]);
  };
  const handle: Bridge = {
    a, b,
    get ended() { return ended; },
    detach() {
      detached = true;
      unlist();
      for (const [d, ev, fn] of listeners) d.removeListener(ev, fn as (...args: unknown[]) => void);
    },
  };
  // Lets a feature find the call a user is in (operator transfer from the panel, issue 9).
  const unlist = liveBridgesOf(deps.srf).add({ bridge: handle, end: (cause) => hooks.onEnd(cause) });
  const endFrom = (side: Leg, other: Leg) => () => {
    if (ended || detached) return;
    ended = true;
    handle.detach();
    other.dialog.destroy().catch(() => undefined);
    hooks.onEnd(side === a ? 'caller-hangup' : 'callee-hangup');
  };
  on(a.dialog, 'destroy', endFrom(a, b));
  on(b.dialog, 'destroy', endFrom(b, a));
  // A leg may have ended before it was bridged: srf handles the frames of one socket read in one
  // go, so an ACK and the BYE right after it destroy the dialog before the code awaiting
  // createUAS (or the callee's answer) runs. Its 'destroy' went unheard: end the call now.
  if (!a.dialog.connected) queueMicrotask(endFrom(a, b));
  else if (!b.dialog.connected) queueMicrotask(endFrom(b, a));
  const relayModify = (to: Leg) => (req: SrfRequest, res: SrfResponse) => {
    to.dialog.modify(req.body).then(
      (sdp) => res.send(200, { body: sdp }),
      (err: unknown) => res.send(statusOf(err) ?? 500),
    );
  };
  on(a.dialog, 'modify', relayModify(b));
  on(b.dialog, 'modify', relayModify(a));
  const relayInfo = (to: Leg) => (req: SrfRequest, res: SrfResponse) => {
    const headers: Record<string, string> = {};
    const ct = req.get('Content-Type');
    if (ct) headers['Content-Type'] = ct;
    to.dialog.request({ method: 'INFO', headers, body: req.body }).then(
      (r: SrfMessage) => res.send(r.status),
      () => res.send(500),
    );
  };
  on(a.dialog, 'info', relayInfo(b));
  on(b.dialog, 'info', relayInfo(a));
  on(a.dialog, 'refer', (req: SrfRequest, res: SrfResponse) => hooks.onRefer(a, b, handle, req, res));
  on(b.dialog, 'refer', (req: SrfRequest, res: SrfResponse) => hooks.onRefer(b, a, handle, req, res));
  void deps;
  return handle;
}

/** The SIP status of an srf error, if it has one. */
export function statusOf(err: unknown): number | undefined {
  const s = (err as { status?: unknown } | undefined)?.status;
  return typeof s === 'number' ? s : undefined;
}
