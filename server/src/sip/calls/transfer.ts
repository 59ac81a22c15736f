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
  const site = deps.site();
  const transferee = c.other.party;
  const from = transferee.kind === 'user' ? { kind: 'internal' as const, extension: transferee.user.extension } : { kind: 'system' as const };
  const plan = decideRoute({ from, to: target }, site, deps.now(), deps.runtime());
  const step = plan.steps[0];
  if (!step || step.kind !== 'user') {
    await notify(c.referrer, `SIP/2.0 ${step?.kind === 'reject' ? `${step.status} ${step.phrase}` : '480 Temporarily Unavailable'}`, 'terminated;reason=noresource');
    return;
  }
  const callee = site.index.users.get(step.extension)!;
  const targets = targetsForBindings(site, deps.location.ofExtension(step.extension, deps.now()), callee, transferee);
  const outcome = await ringTargets({ srf: deps.srf, log: deps.log, targets, offerSdp: undefined, ringSec: step.ringSec });
  if (outcome.kind !== 'answered-3pcc') {
    const status = outcome.kind === 'busy' ? '486 Busy Here' : outcome.kind === 'declined' ? '603 Decline' : '480 Temporarily Unavailable';
    await notify(c.referrer, `SIP/2.0 ${status}`, 'terminated;reason=noresource');
    return;
  }
  // The old bridge lets go of both legs before the transferee is re-INVITEd.
  c.bridge.detach();
  const answer = await c.other.dialog.modify(outcome.pending.sdp);
  const b = await outcome.pending.ack(answer);
  const rec = deps.recorder.start({
    callId: c.req.get('Call-ID') ?? '', caller: transferee.kind === 'user' ? transferee.user.extension : (transferee.number ?? 'anonymous'),
    dialled: target, callee: step.extension, direction: 'internal',
  });
  rec.answered(step.extension);
  const end = (cause: string) => rec.ended(cause, null);
  bridgeLegs(deps, c.other, { dialog: b, party: { kind: 'user', user: callee } }, {
    onEnd: end,
    onRefer: (referrer, other, bridge, req, res) => handleRefer(deps, { referrer, other, bridge, req, res, end }),
  });
  await notify(c.referrer, 'SIP/2.0 200 OK', 'terminated;reason=noresource');
  c.end('transferred');
  c.referrer.dialog.destroy().catch(() => undefined);
}
