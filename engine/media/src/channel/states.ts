/** FreeSWITCH channel states, call states and hangup causes, with the numbers its events carry. */

/** switch_channel_state_t (switch_types.h), in numeric order. */
export const CHANNEL_STATES = [
  'CS_NEW', 'CS_INIT', 'CS_ROUTING', 'CS_SOFT_EXECUTE', 'CS_EXECUTE', 'CS_EXCHANGE_MEDIA', 'CS_PARK',
  'CS_CONSUME_MEDIA', 'CS_HIBERNATE', 'CS_RESET', 'CS_HANGUP', 'CS_REPORTING', 'CS_DESTROY',
] as const;

/** A channel state name. */
export type ChannelState = (typeof CHANNEL_STATES)[number];

/** switch_channel_callstate_t, in numeric order. */
export const CALL_STATES = ['DOWN', 'DIALING', 'RINGING', 'EARLY', 'ACTIVE', 'HELD', 'RING_WAIT', 'HANGUP', 'UNHELD'] as const;

/** A call state name (`Channel-Call-State`). */
export type CallState = (typeof CALL_STATES)[number];

/** `Answer-State` values. */
export type AnswerState = 'ringing' | 'early' | 'answered' | 'hangup';

/** The number FreeSWITCH prints for a channel state. */
export function channelStateNumber(state: ChannelState): number {
  return CHANNEL_STATES.indexOf(state);
}

/** The number FreeSWITCH prints for a call state. */
export function callStateNumber(state: CallState): number {
  return CALL_STATES.indexOf(state);
}

/**
 * Q.850 cause codes by FreeSWITCH cause name (switch_channel.c CAUSE_CHART). The SIP side puts
 * them in the BYE's `Reason: Q.850;cause=16;text="NORMAL_CLEARING"` header, as FreeSWITCH does.
 */
export const HANGUP_CAUSES = {
  UNSPECIFIED: 0,
  UNALLOCATED_NUMBER: 1,
  NO_ROUTE_TRANSIT_NET: 2,
  NO_ROUTE_DESTINATION: 3,
  CHANNEL_UNACCEPTABLE: 6,
  CALL_AWARDED_DELIVERED: 7,
  NORMAL_CLEARING: 16,
  USER_BUSY: 17,
  NO_USER_RESPONSE: 18,
  NO_ANSWER: 19,
  SUBSCRIBER_ABSENT: 20,
  CALL_REJECTED: 21,
  NUMBER_CHANGED: 22,
  REDIRECTION_TO_NEW_DESTINATION: 23,
  EXCHANGE_ROUTING_ERROR: 25,
  DESTINATION_OUT_OF_ORDER: 27,
  INVALID_NUMBER_FORMAT: 28,
  FACILITY_REJECTED: 29,
  RESPONSE_TO_STATUS_ENQUIRY: 30,
  NORMAL_UNSPECIFIED: 31,
  NORMAL_CIRCUIT_CONGESTION: 34,
  NETWORK_OUT_OF_ORDER: 38,
  NORMAL_TEMPORARY_FAILURE: 41,
  SWITCH_CONGESTION: 42,
  ACCESS_INFO_DISCARDED: 43,
  REQUESTED_CHAN_UNAVAIL: 44,
  PRE_EMPTED: 45,
  FACILITY_NOT_SUBSCRIBED: 50,
  OUTGOING_CALL_BARRED: 52,
  INCOMING_CALL_BARRED: 54,
  BEARERCAPABILITY_NOTAUTH: 57,
  BEARERCAPABILITY_NOTAVAIL: 58,
  SERVICE_UNAVAILABLE: 63,
  BEARERCAPABILITY_NOTIMPL: 65,
  CHAN_NOT_IMPLEMENTED: 66,
  FACILITY_NOT_IMPLEMENTED: 69,
  SERVICE_NOT_IMPLEMENTED: 79,
  INVALID_CALL_REFERENCE: 81,
  INCOMPATIBLE_DESTINATION: 88,
  INVALID_MSG_UNSPECIFIED: 95,
  MANDATORY_IE_MISSING: 96,
  MESSAGE_TYPE_NONEXIST: 97,
  WRONG_MESSAGE: 98,
  IE_NONEXIST: 99,
  INVALID_IE_CONTENTS: 100,
  WRONG_CALL_STATE: 101,
  RECOVERY_ON_TIMER_EXPIRE: 102,
  MANDATORY_IE_LENGTH_ERROR: 103,
  PROTOCOL_ERROR: 111,
  INTERWORKING: 127,
  SUCCESS: 142,
  ORIGINATOR_CANCEL: 487,
  CRASH: 700,
  SYSTEM_SHUTDOWN: 701,
  LOSE_RACE: 702,
  MANAGER_REQUEST: 503,
  BLIND_TRANSFER: 800,
  ATTENDED_TRANSFER: 801,
  ALLOTTED_TIMEOUT: 602,
  USER_CHALLENGE: 603,
  MEDIA_TIMEOUT: 604,
  PICKED_OFF: 605,
  USER_NOT_REGISTERED: 606,
  PROGRESS_TIMEOUT: 607,
} as const;

/** A hangup cause name. */
export type HangupCause = keyof typeof HANGUP_CAUSES;

/** Parses a cause given by name (any case) or by Q.850 number, as the `hangup` app and `uuid_kill` accept. */
export function parseHangupCause(text: string | undefined, fallback: HangupCause = 'NORMAL_CLEARING'): HangupCause {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return fallback;
  const upper = trimmed.toUpperCase();
  if (upper in HANGUP_CAUSES) return upper as HangupCause;
  const code = Number(trimmed);
  if (Number.isInteger(code)) {
    const found = (Object.keys(HANGUP_CAUSES) as HangupCause[]).find((k) => HANGUP_CAUSES[k] === code);
    if (found) return found;
  }
  return fallback;
}
