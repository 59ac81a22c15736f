/**
 * Blind transfer by REFER (issue 3 item 4, RFC 3515): the referrer's party is connected to the
 * Refer-To target. The new leg is set up third-party style: the target's offer goes to the
 * transferee in a re-INVITE, the transferee's answer completes the target's ACK. The referrer
 * learns the outcome from sipfrag NOTIFYs, then its leg is ended.
 */
import { decideRoute } from '../../routing/index.js';
import type { SrfRequest, SrfResponse } from '../srf-types.js';
import type { CallDeps } from './deps.js';
import { bridgeLegs, type Bridge, type Leg } from './bridge.js';
import { ringTargets } from './ring.js';
import { targetsForBindings } from './targets.js';
import { UserLeg } from './legs.js';

/** A REFER in a bridged call. */
export interface ReferContext {
  readonly referrer: Leg;
  readonly other: Leg;
  readonly bridge: Bridge;
  readonly req: SrfRequest;
  readonly res: SrfResponse;
  /** Ends the original call's record and leg facts. */
  readonly end: (cause: string) => void;
}

function notify(leg: Leg, frag: string, state: string): Promise<unknown> {
  return leg.dialog.request({ method: 'NOTIFY', headers: { Event: 'refer', 'Subscription-State': state, 'Content-Type': 'message/sipfrag;version=2.0' }, body: `${frag}\r\n` }).catch(() => undefined);
}

/** Handles a REFER from one leg of a bridge. */
export function handleRefer(deps: CallDeps, c: ReferContext): void {
  const target = /sips?:([^@;>?]+)/.exec(c.req.get('Refer-To') ?? '')?.[1];
  if (!target) {
    c.res.send(400, 'Bad Refer-To');
    return;
  }
  c.res.send(202);
  transfer(deps, c, decodeURIComponent(target)).catch((err: unknown) => {
    deps.log.error({ err }, 'transfer failed');
    void notify(c.referrer, 'SIP/2.0 500 Server Internal Error', 'terminated;reason=noresource');
  });
}

async function transfer(deps: CallDeps, c: ReferContext, target: string): Promise<void> {
  await notify(c.referrer, 'SIP/2.0 100 Trying', 'active;expires=60');
  const r = await transferBlind(deps, c, target, c.req.get('Call-ID') ?? '');
  await notify(c.referrer, `SIP/2.0 ${r.status} ${r.phrase}`, 'terminated;reason=noresource');
  if (r.status !== 200) return;
  c.end('transferred');
  c.referrer.dialog.destroy().catch(() => undefined);
}

/** A blind transfer without the REFER: who leaves, who is connected on, and the call's end. */
export interface BlindTransfer {
  readonly referrer: Leg;
  readonly other: Leg;
  readonly bridge: Bridge;
}

/**
 * Connects `c.other` to `target` (issue 3 item 4; also the operator's one-click transfer of
 * issue 9 item 5, which has no REFER). Resolves with the status of the attempt: 200 when the
 * target answered and `c.other` is bridged to it; the referrer's leg is then the caller's to end.
 */
export async function transferBlind(deps: CallDeps, c: BlindTransfer, target: string, callId: string): Promise<{ status: number; phrase: string }> {
  const site = deps.site();
  const transferee = c.other.party;
  const from = transferee.kind === 'user' ? { kind: 'internal' as const, extension: transferee.user.extension } : { kind: 'system' as const };
  const plan = decideRoute({ from, to: target }, site, deps.now(), deps.runtime());
  const step = plan.steps[0];
  if (!step || step.kind !== 'user') {
    return step?.kind === 'reject' ? { status: step.status, phrase: step.phrase } : { status: 480, phrase: 'Temporarily Unavailable' };
  }
  const callee = site.index.users.get(step.extension)!;
  const targets = targetsForBindings(site, deps.location.ofExtension(step.extension, deps.now()), callee, transferee);
  // The transfer target's leg, for presence (issue 9): it rings, then is in the call.
  const leg = new UserLeg(deps.bus, callId, `${callId}:transfer:${step.extension}:${deps.now()}`, step.extension, 'inbound', transferee.kind === 'external');
  const outcome = await ringTargets({ srf: deps.srf, log: deps.log, targets, offerSdp: undefined, ringSec: step.ringSec, onProvisional: () => leg.set('early') });
  if (outcome.kind !== 'answered-3pcc') {
    leg.set('terminated');
    return outcome.kind === 'busy' ? { status: 486, phrase: 'Busy Here' } : outcome.kind === 'declined' ? { status: 603, phrase: 'Decline' } : { status: 480, phrase: 'Temporarily Unavailable' };
  }
  // The old bridge lets go of both legs before the transferee is re-INVITEd.
  c.bridge.detach();
  const answer = await c.other.dialog.modify(outcome.pending.sdp);
  const b = await outcome.pending.ack(answer);
  const rec = deps.recorder.start({
    callId, caller: transferee.kind === 'user' ? transferee.user.extension : (transferee.number ?? 'anonymous'),
    dialled: target, callee: step.extension, direction: 'internal',
  });
  rec.answered(step.extension);
  leg.set('confirmed');
  const end = (cause: string) => {
    leg.set('terminated');
    rec.ended(cause, null);
  };
  bridgeLegs(deps, c.other, { dialog: b, party: { kind: 'user', user: callee } }, {
    onEnd: end,
    onRefer: (referrer, other, bridge, req, res) => handleRefer(deps, { referrer, other, bridge, req, res, end }),
  });
  return { status: 200, phrase: 'OK' };
}
