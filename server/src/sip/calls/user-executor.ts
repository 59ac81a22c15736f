/**
 * The `user` route step (issue 3 item 4): ring every registered device of the user in parallel;
 * the first answer wins; busy, no answer and failures continue with the step's fallbacks.
 */
import type { RouteStep } from '../../routing/index.js';
import type { IncomingCall } from './incoming-call.js';
import { ringTargets, type RingOutcome } from './ring.js';
import { mobileTargetFor, targetsForBindings } from './targets.js';

/** Executes a `user` step. */
export async function ringUserStep(call: IncomingCall, step: Extract<RouteStep, { kind: 'user' }>): Promise<boolean> {
  const { deps } = call;
  const site = deps.site();
  const callee = site.index.users.get(step.extension);
  if (!callee) {
    await call.run(step.onNoAnswer);
    return true;
  }
  const bindings = step.devices ? deps.location.ofExtension(step.extension, deps.now()) : [];
  const mobile = step.mobile ? mobileTargetFor(site, callee, call.caller, call.req) : undefined;
  const targets = [...targetsForBindings(site, bindings, callee, call.caller.party), ...(mobile ? [mobile] : [])];
  if (targets.length === 0) {
    await call.run(step.onNoAnswer);
    return true;
  }
  const leg = call.leg(step.extension, 'inbound', call.caller.direction !== 'internal');
  let pickedUp: Promise<void> | undefined;
  let abortRound: (() => void) | undefined;
  const unregister = deps.ringing.add({
    callId: call.callId, extension: step.extension, caller: call.caller.party, since: deps.now(),
    takeOver: async (pickerSdp, answeredBy) => {
      if (call.answered || call.cancelled || pickedUp) return undefined;
      let release!: () => void;
      pickedUp = new Promise<void>((r) => { release = r; });
      abortRound?.();
      leg.set('terminated');
      try {
        const uas = await deps.srf.createUAS(call.req, call.res, { localSdp: pickerSdp });
        return {
          dialog: uas, callerSdp: call.req.body,
          bridged: (picker) => {
            call.bridged({ dialog: uas, party: call.caller.party }, picker, answeredBy);
            release();
          },
        };
      } catch {
        release();
        return undefined;
      }
    },
  });
  const outcome: RingOutcome = await ringTargets({
    srf: deps.srf, log: deps.log, targets, offerSdp: call.offerSdp, ringSec: step.ringSec,
    onProvisional: () => {
      leg.set('early');
      call.ringing();
    },
    abort: (cancel) => {
      abortRound = cancel;
      call.onAbort(cancel);
    },
  }).finally(unregister);
  call.onAbort(undefined);
  if (pickedUp) {
    // A colleague took the call (directed pickup); the picker's leg finishes it.
    await pickedUp;
    return true;
  }
  if (outcome.kind !== 'answered' && outcome.kind !== 'answered-3pcc') leg.set('terminated');
  switch (outcome.kind) {
    case 'answered':
      await call.connect({ dialog: outcome.dialog, party: { kind: 'user', user: callee } }, outcome.dialog.remote.sdp, step.extension, leg);
      return true;
    case 'answered-3pcc': {
      try {
        const uas = await deps.srf.createUAS(call.req, call.res, { localSdp: outcome.pending.sdp });
        const answer = await new Promise<string>((resolve) => uas.once('ack', (ack: { body?: string }) => resolve(ack.body ?? '')));
        const b = await outcome.pending.ack(answer);
        call.bridged({ dialog: uas, party: call.caller.party }, { dialog: b, party: { kind: 'user', user: callee } }, step.extension);
      } catch (err) {
        outcome.pending.destroy().catch(() => undefined);
        leg.set('terminated');
        if (call.cancelled) call.endCancelled();
        else throw err;
      }
      return true;
    }
    case 'cancelled':
      call.endCancelled();
      return true;
    case 'busy':
      if (step.onBusy.length === 0) call.reject(486, 'Busy Here', 'busy');
      else await call.run(step.onBusy);
      return true;
    case 'declined':
      call.reject(603, 'Decline', 'declined');
      return true;
    case 'no-answer':
    case 'unavailable':
      await call.run(step.onNoAnswer);
      return true;
  }
}
