// The `emergency` route step (issue 8 item 6): 110 and 112 are always routed. Nothing here checks
// a PIN, a lockout, a permission, a call limit or the trunk's registration state; CLIR is ignored;
// the number goes bare (no area code, [N4]). A failing trunk falls over to every other trunk
// ([SWX-N]). Home-office and call-through callers present the emergency callback number, which
// rings them for 60 minutes afterwards ([MS-SC]).
import type { User } from '../config/dialplan/index.js';
import type { DeviceOrigin } from '../callerid/index.js';
import type { EventBus } from '../events/bus.js';
import type { RuntimeFactsHolder } from '../runtime-facts.js';
import type { EmergencyCallback } from '../routing/index.js';
import { callerIdFor } from '../callerid/index.js';
import type { StepExecutor } from '../sip/calls/executors.js';
import type { IncomingCall } from '../sip/calls/incoming-call.js';
import { policyOf, trunkContext } from './identity.js';
import { deviceOriginOf, finishAfter, type TrunkExecutorDeps } from './executors.js';
import { callTrunk, type TrunkLegOutcome } from './trunk-call.js';

/** How long the emergency callback number rings the caller after the call ([MS-SC]). */
export const EMERGENCY_CALLBACK_MS = 60 * 60 * 1000;

/** Dependencies of the emergency executor. */
export interface EmergencyDeps extends TrunkExecutorDeps {
  readonly bus: EventBus;
  readonly facts: RuntimeFactsHolder;
  readonly now: () => number;
}

/** Keeps the recent emergency callers that the callback number rings (in memory, newest last). */
export class EmergencyCallbacks {
  private list: EmergencyCallback[] = [];

  constructor(private readonly facts: RuntimeFactsHolder, private readonly now: () => number) {}

  /** Rings `extension` on the callback number until `EMERGENCY_CALLBACK_MS` from now. */
  ring(extension: string): void {
    const now = this.now();
    this.list = [...this.list.filter((e) => e.until > now && e.extension !== extension), { extension, until: now + EMERGENCY_CALLBACK_MS }];
    this.facts.setEmergencyCallbacks(this.list);
  }
}

/** The `emergency` step. */
export function emergencyExecutor(deps: EmergencyDeps, callbacks: EmergencyCallbacks): StepExecutor<'emergency'> {
  return async (call, step) => {
    const party = call.caller.party;
    const user = party.kind === 'user' ? party.user : null;
    const origin = call.caller.origin.kind === 'trunk' ? 'call-through' : user ? deviceOriginOf(call, deps.officeNetworks) : 'office';
    await placeEmergencyCall(deps, callbacks, call, { number: step.number, trunk: step.trunk, user, origin });
    return true;
  };
}

/** One emergency call to place: the number, the trunk routing chose first, who calls and from where. */
export interface EmergencyCall {
  readonly number: string;
  readonly trunk: string;
  readonly user: User | null;
  readonly origin: DeviceOrigin | 'call-through';
}

/**
 * Places an emergency call over the chosen trunk, then over every other one, and ends the call
 * after it. Also used by call-through once the caller has given the PIN (the caller is then the
 * recognised user, not the external party the trunk delivered).
 */
export async function placeEmergencyCall(deps: EmergencyDeps, callbacks: EmergencyCallbacks, call: IncomingCall, e: EmergencyCall): Promise<void> {
  const site = call.deps.site();
  const { user, origin } = e;
  const first = site.index.trunks.get(e.trunk);
  const trunks = [...(first ? [first] : []), ...site.trunks.filter((t) => t.id !== e.trunk)];
  const log = deps.log.child({ callId: call.callId });
  if (trunks.length === 0) {
    log.error({ number: e.number, extension: user?.extension ?? null }, 'emergency call cannot leave: no trunk');
    call.reject(503, 'Service Unavailable', 'emergency-no-trunk');
    return;
  }
  let outcome: TrunkLegOutcome = { kind: 'failed', status: 503, reason: 'not tried' };
  for (const [i, trunk] of trunks.entries()) {
    const ids = callerIdFor({ kind: 'emergency', origin }, trunkContext(site, trunk, { user }), policyOf(site));
    const presented = ids.presented.network;
    if (i === 0) {
      log.warn({ number: e.number, extension: user?.extension ?? null, origin, presented, trunk: trunk.id }, 'emergency call');
      deps.bus.emit('emergency.call', { callId: call.callId, extension: user?.extension ?? null, number: e.number, presented, origin, trunk: trunk.id });
      if (user && presented !== null && presented === site.numbers.emergencyCallback) watchCallback(deps, callbacks, call, user.extension);
    } else log.warn({ number: e.number, trunk: trunk.id, previousStatus: outcome.kind === 'failed' ? outcome.status : null }, 'emergency call falls over to another trunk');
    outcome = await callTrunk(call, { trunk, number: e.number, ids, answeredBy: e.number, party: { kind: 'external', number: e.number } });
    if (outcome.kind !== 'failed') break;
  }
  if (outcome.kind === 'failed') log.error({ number: e.number, status: outcome.status, reason: outcome.reason }, 'emergency call failed on every trunk');
  finishAfter(call, outcome, 'emergency');
}

// The callback number rings the caller from the call on, and for 60 minutes after it ended.
function watchCallback(deps: EmergencyDeps, callbacks: EmergencyCallbacks, call: IncomingCall, extension: string): void {
  callbacks.ring(extension);
  const off = deps.bus.on('call.ended', (e) => {
    if (e.callId !== call.callId) return;
    off();
    callbacks.ring(extension);
  });
}
