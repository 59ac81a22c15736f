// Call-through from a private mobile (issue 8 item 5): a member of staff calls the call-through
// DDI, is recognised by the stored mobile number AND a PIN entered by DTMF (never by the number
// alone: caller numbers are spoofable and arrive suppressed from abroad, caller-id.md §2.1), then
// dials the citizen, who sees the user's DDI. The DTMF part needs the media engine; until one is
// attached (`DigitCollector`) the call is refused with a reason, never let through without a PIN.
import { verify as argon2Verify } from '@node-rs/argon2';
import type { SiteConfig, User } from '../config/dialplan/index.js';
import type { E164 } from '../domain/e164.js';
import { callerIdFor, classifyDialled } from '../callerid/index.js';
import { normalizeNumber } from '../routing/index.js';
import type { FeatureHandler, FeatureResult } from '../sip/calls/feature-executor.js';
import type { IncomingCall } from '../sip/calls/incoming-call.js';
import { trunkInvite, type TrunkRequest } from './addressing.js';
import { policyOf, prefixesOf, trunkContext } from './identity.js';

/** Collects DTMF from the caller through the media engine (answering the call first). */
export interface DigitCollector {
  /** Plays `prompt` and returns up to `maxDigits` digits (ended by `#`), or null on timeout or hang-up. */
  collect(call: IncomingCall, opts: { readonly prompt: string; readonly maxDigits: number; readonly timeoutSec: number }): Promise<string | null>;
  /** Connects the answered caller to the leg placed toward the trunk. */
  bridgeOut(call: IncomingCall, request: TrunkRequest, answeredBy: string): Promise<void>;
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

const MAX_PIN_TRIES = 3;

/** The `call-through` feature step. */
export function callThroughHandler(collector: () => DigitCollector | undefined): FeatureHandler {
  return async (call, step): Promise<FeatureResult> => {
    if (step.feature !== 'call-through') return { kind: 'refused', status: 403, prompt: 'forbidden', text: 'Forbidden' };
    const site = call.deps.site();
    // Routing recognised the stored mobile (and callThrough: true); anything else is refused.
    const user = step.recognised === null ? undefined : site.index.users.get(step.recognised);
    if (call.caller.origin.kind !== 'trunk' || !user?.pinHash) {
      call.deps.log.info({ callId: call.callId, recognised: user !== undefined }, 'call-through refused: caller not recognised');
      return { kind: 'refused', status: 403, prompt: 'forbidden', text: 'Forbidden' };
    }
    const media = collector();
    if (!media) {
      call.deps.log.warn({ callId: call.callId, extension: user.extension }, 'call-through needs the media engine for the PIN');
      return { kind: 'refused', status: 480, prompt: 'not-available', text: 'Call-through needs the media server' };
    }
    let verified = false;
    for (let i = 0; i < MAX_PIN_TRIES && !verified; i++) {
      const pin = await media.collect(call, { prompt: 'enter-pin', maxDigits: 12, timeoutSec: 10 });
      if (pin === null) break;
      verified = await argon2Verify(user.pinHash, pin).catch(() => false);
    }
    if (!verified) {
      call.deps.log.info({ callId: call.callId, extension: user.extension }, 'call-through refused: wrong PIN');
      return { kind: 'refused', status: 403, prompt: 'pin-wrong', text: 'Forbidden' };
    }
    const digits = await media.collect(call, { prompt: 'enter-number', maxDigits: 20, timeoutSec: 15 });
    const target = digits === null ? { kind: 'invalid' as const } : callThroughTarget(site, digits);
    if (target.kind === 'invalid') return { kind: 'refused', status: 484, prompt: 'number-invalid', text: 'Address Incomplete' };
    const request = callThroughRequest(site, user, target);
    if (!request) return { kind: 'refused', status: 503, prompt: 'not-available', text: 'Service Unavailable' };
    if (target.kind === 'emergency') call.deps.log.warn({ callId: call.callId, extension: user.extension, number: target.number }, 'emergency call through call-through');
    await media.bridgeOut(call, request, user.extension);
    return { kind: 'handled' };
  };
}
