// Call-through from a private mobile (issue 8 item 5): a member of staff calls the call-through
// DDI, is recognised by the stored mobile number AND a PIN entered by DTMF (never by the number
// alone: caller numbers are spoofable and arrive suppressed from abroad, caller-id.md §2.1), then
// dials the citizen, who sees the user's DDI. The digits come from a `DigitCollector` (the media
// server: call-through-media.ts); without one the call is refused, never let through without a PIN.
import { verify as argon2Verify } from '@node-rs/argon2';
import type { SiteConfig, User } from '../config/dialplan/index.js';
import type { E164 } from '../domain/e164.js';
import { callerIdFor, classifyDialled } from '../callerid/index.js';
import { normalizeNumber } from '../routing/index.js';
import type { FeatureHandler, FeatureResult } from '../sip/calls/feature-executor.js';
import type { IncomingCall } from '../sip/calls/incoming-call.js';
import { trunkInvite, type TrunkRequest } from './addressing.js';
import { policyOf, prefixesOf, trunkContext } from './identity.js';
import { answeredByOf, finishAfter } from './executors.js';
import { placeTrunkLeg } from './trunk-call.js';
import type { EmergencyCall } from './emergency.js';
import { originalCallerOfCall } from './caller.js';
import { pinKeys, type PinGuard } from '../lib/pin-guard.js';

/** Collects DTMF from the caller (answering the call with the media server first). */
export interface DigitCollector {
  /**
   * Plays `prompts` (names as in assets/prompts, in `language`; a key stops them) and returns up to
   * `maxDigits` digits ended by `#`, or null when none came in time or the caller hung up.
   */
  collect(call: IncomingCall, opts: { readonly prompts: readonly string[]; readonly language: string; readonly maxDigits: number; readonly timeoutSec: number }): Promise<string | null>;
}

/** What a call-through caller dialled. */
export type CallThroughTarget =
  | { readonly kind: 'emergency'; readonly number: string }
  | { readonly kind: 'external'; readonly number: E164 }
  | { readonly kind: 'invalid' };

/** PURE: reads the digits dialled after the PIN (national `0…`, international `00…`, 110/112). */
export function callThroughTarget(site: SiteConfig, digits: string): CallThroughTarget {
  const d = classifyDialled(digits, { ...prefixesOf(site), outsideLinePrefix: '' });
  if (d.emergency !== null) return { kind: 'emergency', number: d.emergency };
  const n = /^[0-9]+$/.test(d.digits) ? normalizeNumber(d.digits, site.site) : null;
  return n ? { kind: 'external', number: n } : { kind: 'invalid' };
}

/**
 * PURE: the INVITE toward the outbound trunk for a call-through call: the user's DDI (or the main
 * number), never the mobile (caller-id.md §6); emergency calls present the callback number.
 */
export function callThroughRequest(site: SiteConfig, user: User, target: Exclude<CallThroughTarget, { kind: 'invalid' }>): TrunkRequest | undefined {
  const trunk = site.outbound ? site.index.trunks.get(site.outbound.trunk) : site.trunks[0];
  if (!trunk) return undefined;
  const leg = target.kind === 'emergency'
    ? ({ kind: 'emergency', origin: 'call-through' } as const)
    : ({ kind: 'call-through', clirRequested: false } as const);
  const ids = callerIdFor(leg, trunkContext(site, trunk, { user }), policyOf(site));
  return trunkInvite(site, trunk, target.number, ids);
}

/** PIN tries within one call before it is hung up (across calls the shared PinGuard limits them). */
export const CALL_THROUGH_PIN_TRIES = 3;

/** What the call-through service needs. */
export interface CallThroughDeps {
  /** The DTMF collector while a media server is connected; undefined otherwise. */
  readonly collector: () => DigitCollector | undefined;
  /** Places an emergency call dialled through call-through (failover, callback number, event). */
  readonly emergency: (call: IncomingCall, e: EmergencyCall) => Promise<void>;
  /** Wrong-PIN counters per user and calling number, shared with the other services that ask for the user PIN. */
  readonly guard: PinGuard;
  readonly now: () => number;
}

/** The `call-through` feature step. */
export function callThroughHandler(deps: CallThroughDeps): FeatureHandler {
  return async (call, step): Promise<FeatureResult> => {
    if (step.feature !== 'call-through') return { kind: 'refused', status: 403, prompt: 'common/invalid', text: 'Forbidden' };
    const site = call.deps.site();
    const log = call.deps.log.child({ callId: call.callId });
    // Routing recognised the stored mobile (and callThrough: true); anything else is refused.
    const user = step.recognised === null ? undefined : site.index.users.get(step.recognised);
    if (call.caller.origin.kind !== 'trunk' || !user?.pinHash) {
      log.info({ recognised: user !== undefined }, 'call-through refused: caller not recognised');
      return { kind: 'refused', status: 403, prompt: 'common/invalid', text: 'Forbidden' };
    }
    const media = deps.collector();
    if (!media) {
      log.warn({ extension: user.extension }, 'call-through needs the media engine for the PIN');
      return { kind: 'refused', status: 480, prompt: 'common/invalid', text: 'Call-through needs the media server' };
    }
    const language = user.language ?? site.site.language;
    // Caller numbers are spoofable: wrong PINs count per user and per calling number across
    // calls (and across the services that ask for this PIN), with a lockout, as in the agent service.
    const original = originalCallerOfCall(site, call.caller, call.req);
    const keys = pinKeys(user.extension, original.withheld ? null : original.number);
    if (deps.guard.locked(keys, deps.now())) {
      log.warn({ extension: user.extension }, 'call-through refused: PIN locked after wrong PINs');
      return { kind: 'refused', status: 403, prompt: 'vm/locked', text: 'Forbidden' };
    }
    let verified = false;
    let locked = false;
    // The notice of a wrong PIN goes before the next question and takes keys like it.
    let notice: string[] = [];
    for (let i = 0; i < CALL_THROUGH_PIN_TRIES && !verified; i++) {
      const pin = await media.collect(call, { prompts: [...notice, 'vm/enter-pin'], language, maxDigits: 12, timeoutSec: 10 });
      if (pin === null) break;
      verified = await argon2Verify(user.pinHash, pin).catch(() => false);
      if (verified) deps.guard.succeeded(user.extension, deps.now());
      else if (deps.guard.failed(keys, deps.now())) {
        locked = true;
        break;
      }
      notice = ['vm/wrong-pin'];
    }
    if (call.cancelled) return { kind: 'handled' };
    if (locked) {
      log.warn({ extension: user.extension }, 'call-through: PIN locked after wrong PINs');
      return { kind: 'refused', status: 403, prompt: 'vm/locked', text: 'Forbidden' };
    }
    if (!verified) {
      log.info({ extension: user.extension }, 'call-through refused: no valid PIN');
      return { kind: 'refused', status: 403, prompt: 'vm/wrong-pin', text: 'Forbidden' };
    }
    const digits = await media.collect(call, { prompts: ['common/enter-number'], language, maxDigits: 20, timeoutSec: 15 });
    if (call.cancelled) return { kind: 'handled' };
    const target = digits === null ? { kind: 'invalid' as const } : callThroughTarget(site, digits);
    if (target.kind === 'invalid') {
      log.info({ extension: user.extension }, 'call-through: no valid number dialled');
      return { kind: 'refused', status: 484, prompt: 'common/invalid', text: 'Address Incomplete' };
    }
    const trunk = site.outbound ? site.index.trunks.get(site.outbound.trunk) : site.trunks[0];
    if (target.kind === 'emergency') {
      // Emergency calls are never refused for want of an outbound route: failover over every trunk.
      await deps.emergency(call, { number: target.number, trunk: trunk?.id ?? '', user, origin: 'call-through' });
      return { kind: 'handled' };
    }
    const request = callThroughRequest(site, user, target);
    if (!request) return { kind: 'refused', status: 503, prompt: 'common/invalid', text: 'Service Unavailable' };
    // The number dialled is in the call record, not in the log (presence.md §5.3 test 16).
    log.info({ extension: user.extension, trunk: trunk?.id }, 'call-through call');
    const outcome = await placeTrunkLeg(call, request, {
      answeredBy: answeredByOf(site, target.number), party: { kind: 'external', number: target.number },
    });
    finishAfter(call, outcome, 'call-through');
    return { kind: 'handled' };
  };
}
