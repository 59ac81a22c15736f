// The `trunk` and `forward` route steps (issue 8 items 3 and 4): an outbound call of a user, and
// a call forwarded to an external number. Both present exactly what callerIdFor decides
// (docs/caller-id-policy.md) and leave by the trunk routing chose.
import type { Logger } from 'pino';
import type { SiteConfig, Trunk } from '../config/dialplan/index.js';
import type { E164 } from '../domain/e164.js';
import { callerIdFor } from '../callerid/index.js';
import type { StepExecutor } from '../sip/calls/executors.js';
import type { IncomingCall } from '../sip/calls/incoming-call.js';
import { inNetworks, type Networks } from './networks.js';
import { clirDialled, forwardedLegOf, policyOf, trunkContext } from './identity.js';
import { originalCallerOfCall } from './caller.js';
import { callerStatusFor, callTrunk, type TrunkLegOutcome } from './trunk-call.js';

/** What the trunk executors share. */
export interface TrunkExecutorDeps {
  readonly log: Logger;
  /** office device addresses (ZENTRALE_OFFICE_NETWORKS); other devices are home office */
  readonly officeNetworks: Networks;
}

/** Where the calling device sits: the office when its address is an office network. */
export function deviceOriginOf(call: IncomingCall, networks: Networks): 'office' | 'home-office' {
  return inNetworks(call.req.source_address, networks) ? 'office' : 'home-office';
}

/** What the call record names as the answering party: a staff member's mobile by its owner. */
export function answeredByOf(site: SiteConfig, number: string): string {
  const owner = site.index.mobiles.get(number);
  return owner ? `${owner.extension}/mobile` : number;
}

/** Ends the call after a trunk leg: a failure becomes the caller's final response. */
export function finishAfter(call: IncomingCall, outcome: TrunkLegOutcome, cause: string): void {
  if (outcome.kind !== 'failed') return;
  const { status, phrase } = callerStatusFor(outcome.status);
  call.reject(status, phrase, `${cause}-${outcome.status}`);
}

function trunkOf(call: IncomingCall, id: string): Trunk | undefined {
  const trunk = call.deps.site().index.trunks.get(id);
  if (!trunk) call.reject(503, 'Service Unavailable', 'no-trunk');
  return trunk;
}

/** The `trunk` step: a user calls an external number (outside-line prefix or E.164). */
export function outboundExecutor(deps: TrunkExecutorDeps): StepExecutor<'trunk'> {
  return async (call, step) => {
    const site = call.deps.site();
    const trunk = trunkOf(call, step.trunk);
    if (!trunk) return true;
    const party = call.caller.party;
    if (party.kind !== 'user') {
      call.reject(403, 'Forbidden', 'outbound-without-user');
      return true;
    }
    // #31# for this call; the user's permanent CLIR the policy reads from the user.
    const leg = { kind: 'external', origin: deviceOriginOf(call, deps.officeNetworks), clirRequested: clirDialled(site, step.dialled) } as const;
    const ids = callerIdFor(leg, trunkContext(site, trunk, { user: party.user }), policyOf(site));
    // Whom the user calls is in the call record, not in the log (presence.md §5.3 test 16).
    deps.log.info({
      callId: call.callId, trunk: trunk.id, extension: party.user.extension, withheld: ids.privacy.includes('id'),
    }, 'outbound call');
    const outcome = await callTrunk(call, {
      trunk, number: step.number, ids, answeredBy: answeredByOf(site, step.number), party: { kind: 'external', number: step.number },
    });
    finishAfter(call, outcome, 'trunk');
    return true;
  };
}

/** The `forward` step: the call leaves to an external number on behalf of who diverted it. */
export function forwardExecutor(deps: TrunkExecutorDeps): StepExecutor<'forward'> {
  return async (call, step) => {
    const site = call.deps.site();
    const trunk = trunkOf(call, step.trunk);
    if (!trunk) return true;
    const parts = forwardedLegOf(site, step.diversion);
    const original = originalCallerOfCall(site, call.caller, call.req);
    const ids = callerIdFor(
      { kind: 'forwarded', reason: parts.reason, divertedBy: parts.divertedBy },
      trunkContext(site, trunk, { user: parts.user, hotline: parts.hotline, originalCaller: original }),
      policyOf(site),
    );
    // The forward target may be a private mobile: never logged (presence.md §5.3 test 16).
    deps.log.info({
      callId: call.callId, trunk: trunk.id, by: step.diversion.by, reason: step.diversion.reason, callerWithheld: original.withheld,
    }, 'call forwarded out');
    const outcome = await callTrunk(call, {
      trunk, number: step.number, ids, answeredBy: answeredByOf(site, step.number),
      party: { kind: 'external', number: step.number as E164 }, ringSec: site.site.maxRingSec,
    });
    finishAfter(call, outcome, 'forward');
    return true;
  };
}
