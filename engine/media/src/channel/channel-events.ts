/**
 * Builds channel events with FreeSWITCH's header layout: core headers, then
 * switch_channel_event_set_basic_data (`Channel-State` … `Caller-*`), then the event's own headers,
 * then `variable_*` for the event types that carry extended data (switch_channel.c
 * switch_channel_event_set_extended_data; DTMF and CHANNEL_CALLSTATE carry none, as the
 * conformance transcripts show).
 */
import type { EventValue } from '../events/index.js';

/** The caller profile fields events report (`Caller-*`, or `Channel-*` in CHANNEL_DATA). */
export interface CallerProfile {
  readonly direction: 'inbound' | 'outbound';
  readonly dialplan: string;
  callerIdName: string;
  callerIdNumber: string | undefined;
  readonly networkAddr: string;
  readonly destinationNumber: string;
  readonly uuid: string;
  readonly source: string;
  readonly context: string;
  readonly channelName: string;
  /** Microsecond epoch times; 0 when the moment has not come. */
  readonly times: {
    profileCreated: number;
    created: number;
    answered: number;
    progress: number;
    progressMedia: number;
    hangup: number;
    transfer: number;
    resurrect: number;
    bridged: number;
    lastHold: number;
    holdAccum: number;
  };
}

/** Event types that include `variable_*` headers. */
const EXTENDED_EVENTS = new Set([
  'CHANNEL_CREATE', 'CHANNEL_ORIGINATE', 'CHANNEL_UUID', 'CHANNEL_ANSWER', 'CHANNEL_PARK', 'CHANNEL_UNPARK',
  'CHANNEL_BRIDGE', 'CHANNEL_UNBRIDGE', 'CHANNEL_PROGRESS', 'CHANNEL_PROGRESS_MEDIA', 'CHANNEL_HANGUP',
  'CHANNEL_HANGUP_COMPLETE', 'REQUEST_PARAMS', 'CHANNEL_DATA', 'CHANNEL_EXECUTE', 'CHANNEL_EXECUTE_COMPLETE',
  'CHANNEL_DESTROY', 'SESSION_HEARTBEAT', 'API', 'RECORD_START', 'RECORD_STOP', 'PLAYBACK_START', 'PLAYBACK_STOP',
  'CALL_UPDATE', 'MEDIA_BUG_START', 'MEDIA_BUG_STOP', 'CHANNEL_HOLD', 'CHANNEL_UNHOLD', 'CUSTOM',
]);

/** True for event types that carry the channel variables. */
export function carriesVariables(eventName: string): boolean {
  return EXTENDED_EVENTS.has(eventName);
}

/** `Caller-*` style headers for a profile (switch_caller_profile_event_set_data). */
export function profileHeaders(prefix: string, p: CallerProfile): Array<[string, EventValue]> {
  const h: Array<[string, EventValue]> = [
    [`${prefix}-Direction`, p.direction],
    [`${prefix}-Logical-Direction`, p.direction],
    [`${prefix}-Dialplan`, p.dialplan],
    [`${prefix}-Caller-ID-Name`, p.callerIdName],
  ];
  if (p.callerIdNumber) h.push([`${prefix}-Caller-ID-Number`, p.callerIdNumber]);
  h.push([`${prefix}-Orig-Caller-ID-Name`, p.callerIdName]);
  if (p.callerIdNumber) h.push([`${prefix}-Orig-Caller-ID-Number`, p.callerIdNumber]);
  h.push(
    [`${prefix}-Network-Addr`, p.networkAddr],
    [`${prefix}-Destination-Number`, p.destinationNumber],
    [`${prefix}-Unique-ID`, p.uuid],
    [`${prefix}-Source`, p.source],
    [`${prefix}-Context`, p.context],
    [`${prefix}-Channel-Name`, p.channelName],
    [`${prefix}-Profile-Index`, '1'],
    [`${prefix}-Profile-Created-Time`, `${p.times.profileCreated}`],
    [`${prefix}-Channel-Created-Time`, `${p.times.created}`],
    [`${prefix}-Channel-Answered-Time`, `${p.times.answered}`],
    [`${prefix}-Channel-Progress-Time`, `${p.times.progress}`],
    [`${prefix}-Channel-Progress-Media-Time`, `${p.times.progressMedia}`],
    [`${prefix}-Channel-Hangup-Time`, `${p.times.hangup}`],
    [`${prefix}-Channel-Transfer-Time`, `${p.times.transfer}`],
    [`${prefix}-Channel-Resurrect-Time`, `${p.times.resurrect}`],
    [`${prefix}-Channel-Bridged-Time`, `${p.times.bridged}`],
    [`${prefix}-Channel-Last-Hold`, `${p.times.lastHold}`],
    [`${prefix}-Channel-Hold-Accum`, `${p.times.holdAccum}`],
    [`${prefix}-Screen-Bit`, 'true'],
    [`${prefix}-Privacy-Hide-Name`, 'false'],
    [`${prefix}-Privacy-Hide-Number`, 'false'],
  );
  return h;
}

/** The channel facts basic data needs. */
export interface BasicDataSource {
  readonly stateName: string;
  readonly stateNumber: number;
  readonly callState: string;
  readonly channelName: string;
  readonly uuid: string;
  readonly answerState: string;
  readonly hangupCause: string | undefined;
  readonly readCodec: string;
  readonly writeCodec: string;
  readonly profile: CallerProfile;
}

/** switch_channel_event_set_basic_data. */
export function basicDataHeaders(c: BasicDataSource): Array<[string, EventValue]> {
  const h: Array<[string, EventValue]> = [
    ['Channel-State', c.stateName],
    ['Channel-Call-State', c.callState],
    ['Channel-State-Number', `${c.stateNumber}`],
    ['Channel-Name', c.channelName],
    ['Unique-ID', c.uuid],
    ['Call-Direction', c.profile.direction],
    ['Presence-Call-Direction', c.profile.direction],
    ['Channel-HIT-Dialplan', 'true'],
    ['Channel-Call-UUID', c.uuid],
    ['Answer-State', c.answerState],
  ];
  if (c.hangupCause) h.push(['Hangup-Cause', c.hangupCause]);
  h.push(
    ['Channel-Read-Codec-Name', c.readCodec],
    ['Channel-Read-Codec-Rate', '8000'],
    ['Channel-Read-Codec-Bit-Rate', '64000'],
    ['Channel-Write-Codec-Name', c.writeCodec],
    ['Channel-Write-Codec-Rate', '8000'],
    ['Channel-Write-Codec-Bit-Rate', '64000'],
    ...profileHeaders('Caller', c.profile),
  );
  return h;
}
