// Placing one leg toward a carrier for an incoming call and bridging it like any other call
// (IncomingCall.connect/bridged: call record, hold relay, BYE and transfer keep working). The
// INVITE carries only what trunkInvite built: the policy's identity headers; Contact, Via and
// From tag are the engine's, so nothing of the calling device reaches the carrier.
import type { Trunk } from '../config/dialplan/index.js';
import type { E164 } from '../domain/e164.js';
import type { CallerIdHeaders } from '../callerid/index.js';
import type { IncomingCall } from '../sip/calls/incoming-call.js';
import type { Party } from '../sip/calls/targets.js';
import type { ThirdPartyAnswer } from '../sip/calls/ring.js';
import { statusOf } from '../sip/calls/bridge.js';
import type { SrfDialog, SrfMessage, SrfRequest } from '../sip/srf-types.js';
import { trunkInvite, type TrunkRequest } from './addressing.js';

/** One leg to place. */
export interface TrunkLeg {
  readonly trunk: Trunk;
  /** the called number (E.164, or a bare emergency number) */
  readonly number: E164 | string;
  readonly ids: CallerIdHeaders;
  /** what the call record names as answering party; never a private mobile number */
  readonly answeredBy: string;
  /** the far end as the bridge sees it */
  readonly party: Party;
  /** give up after this long without an answer (forwards); undefined: the carrier decides */
  readonly ringSec?: number | undefined;
}

/** How placing the leg ended. */
export type TrunkLegOutcome =
  | { readonly kind: 'answered' }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly status: number; readonly reason: string };

/**
 * What the caller hears when the carrier leg fails: busy, decline and number errors pass through;
 * our own trunk's problems (challenges we could not answer, refusals, server errors) are 503,
 * because the caller cannot fix them.
 */
export function callerStatusFor(carrierStatus: number): { status: number; phrase: string } {
  switch (carrierStatus) {
    case 486: case 600: return { status: 486, phrase: 'Busy Here' };
    case 603: return { status: 603, phrase: 'Decline' };
    case 404: case 604: return { status: 404, phrase: 'Not Found' };
    case 484: return { status: 484, phrase: 'Address Incomplete' };
    case 410: return { status: 410, phrase: 'Gone' };
    case 480: case 408: return { status: 480, phrase: 'Temporarily Unavailable' };
    case 488: case 606: return { status: 488, phrase: 'Not Acceptable Here' };
    default: return { status: 503, phrase: 'Service Unavailable' };
  }
}

/** Places `leg` and, once answered, bridges it to the caller. */
export async function callTrunk(call: IncomingCall, leg: TrunkLeg): Promise<TrunkLegOutcome> {
  const out = trunkInvite(call.deps.site(), leg.trunk, leg.number, leg.ids);
  call.deps.log.debug({ trunk: leg.trunk.id, explain: leg.ids.explain }, 'caller-ID decided');
  return placeTrunkLeg(call, out, leg);
}

/**
 * Sends `out` (built by trunkInvite) and, once answered, bridges it to the caller: a caller the
 * media server answered (prompts, PIN) is moved to the carrier's leg by re-INVITE and the endpoint
 * released (IncomingCall.connect); otherwise the caller gets the carrier's answer.
 */
export async function placeTrunkLeg(call: IncomingCall, out: TrunkRequest, leg: Pick<TrunkLeg, 'answeredBy' | 'party' | 'ringSec'>): Promise<TrunkLegOutcome> {
  const { deps } = call;
  let sent: SrfRequest | undefined;
  let cancelWanted = false;
  let timedOut = false;
  let earlyMedia = false;
  const cancel = () => {
    if (sent) sent.cancel();
    else cancelWanted = true;
  };
  call.onAbort(cancel);
  const timer = leg.ringSec === undefined ? undefined : setTimeout(() => { timedOut = true; cancel(); }, leg.ringSec * 1000);
  timer?.unref();
  // The caller's session: with the media server answered, the SDP its dialog holds for the caller.
  const offer = call.offerSdp;
  try {
    const result = await deps.srf.createUAC(out.uri, { headers: out.headers, ...(offer ? { localSdp: offer } : {}), ...(out.auth ? { auth: out.auth } : {}) }, {
      cbRequest: (_err, req) => {
        sent = req;
        if (cancelWanted) req.cancel();
      },
      cbProvisional: (res: SrfMessage) => {
        if (call.cancelled || call.res.finalResponseSent) return;
        // Early media (a carrier's announcement or ringback) is passed on once; else plain ringing.
        if (res.status === 183 && res.body && !earlyMedia) {
          earlyMedia = true;
          call.res.send(183, { body: res.body, headers: { 'Content-Type': 'application/sdp' } });
        } else if (res.status >= 180 && !earlyMedia) call.ringing();
      },
    }) as SrfDialog | ThirdPartyAnswer;
    if (timer) clearTimeout(timer);
    call.onAbort(undefined);
    if (!(result as SrfDialog).sip) return await connect3pcc(call, leg, result as ThirdPartyAnswer);
    const dialog = result as SrfDialog;
    if (call.cancelled) {
      dialog.destroy().catch(() => undefined);
      call.endCancelled();
      return { kind: 'cancelled' };
    }
    await call.connect({ dialog, party: leg.party }, dialog.remote.sdp, leg.answeredBy);
    return call.cancelled && !call.answered ? { kind: 'cancelled' } : { kind: 'answered' };
  } catch (err) {
    if (timer) clearTimeout(timer);
    call.onAbort(undefined);
    if (call.cancelled) {
      call.endCancelled();
      return { kind: 'cancelled' };
    }
    const status = timedOut ? 480 : (statusOf(err) ?? 503);
    const reason = timedOut ? 'no answer' : (err instanceof Error ? err.message : String(err));
    return { kind: 'failed', status, reason };
  }
}

// A caller without an SDP offer: the carrier's answer carries its offer, the caller's ACK ours.
async function connect3pcc(call: IncomingCall, leg: Pick<TrunkLeg, 'answeredBy' | 'party'>, pending: ThirdPartyAnswer): Promise<TrunkLegOutcome> {
  try {
    const uas = await call.deps.srf.createUAS(call.req, call.res, { localSdp: pending.sdp });
    const answer = await new Promise<string>((resolve) => uas.once('ack', (ack: { body?: string }) => resolve(ack.body ?? '')));
    const b = await pending.ack(answer);
    call.bridged({ dialog: uas, party: call.caller.party }, { dialog: b, party: leg.party }, leg.answeredBy);
    return { kind: 'answered' };
  } catch (err) {
    pending.destroy().catch(() => undefined);
    if (call.cancelled) {
      call.endCancelled();
      return { kind: 'cancelled' };
    }
    throw err;
  }
}
