/**
 * The one table from a rejection reason to a SIP final response (CONVENTIONS §2.4, after Kamailio's
 * table). A reason without a row fails to compile.
 */

/** The SIP failure statuses routing may answer with (RFC 3261 §21.4-21.6). */
export type SipFailureStatus = 403 | 404 | 480 | 482 | 483 | 484 | 486 | 503 | 603;

/** Why routing refused a call. */
export type RejectReason =
  | 'unknown-number'
  | 'incomplete-number'
  | 'forbidden'
  | 'not-available'
  | 'do-not-disturb'
  | 'closed'
  | 'busy'
  | 'no-answer'
  | 'loop'
  | 'too-many-hops'
  | 'no-trunk'
  | 'declined';

/** Every reject reason with its SIP status and reason phrase. */
export const REJECT_STATUS: Readonly<Record<RejectReason, { readonly status: SipFailureStatus; readonly phrase: string }>> = {
  'unknown-number': { status: 404, phrase: 'Not Found' },
  'incomplete-number': { status: 484, phrase: 'Address Incomplete' },
  forbidden: { status: 403, phrase: 'Forbidden' },
  // Not registered, DND and closed answer alike: presence.md §5 (DND must look like unreachable).
  'not-available': { status: 480, phrase: 'Temporarily Unavailable' },
  'do-not-disturb': { status: 480, phrase: 'Temporarily Unavailable' },
  closed: { status: 480, phrase: 'Temporarily Unavailable' },
  busy: { status: 486, phrase: 'Busy Here' },
  'no-answer': { status: 480, phrase: 'Temporarily Unavailable' },
  loop: { status: 482, phrase: 'Loop Detected' },
  'too-many-hops': { status: 483, phrase: 'Too Many Hops' },
  'no-trunk': { status: 503, phrase: 'Service Unavailable' },
  declined: { status: 603, phrase: 'Decline' },
};
