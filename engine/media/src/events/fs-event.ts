/**
 * FreeSWITCH events as data: an ordered header list (a header may hold an array, which FreeSWITCH
 * writes as `ARRAY::a|:b` in plain form and as a JSON array in json form) plus an optional body.
 */

/** A header value: a string, or the elements of an FS array header. */
export type EventValue = string | readonly string[];

/** One event as the engine fires it. */
export interface FsEvent {
  readonly name: string;
  /** `Event-Subclass` of CUSTOM events. */
  readonly subclass?: string;
  readonly headers: ReadonlyArray<readonly [string, EventValue]>;
  readonly body?: string;
}

/** Lower-cased header index per event, built on first lookup (events are immutable once fired). */
const INDEX = new WeakMap<FsEvent, Map<string, string>>();

/**
 * Case-insensitive header lookup (FreeSWITCH's switch_event_get_header). Arrays give their first
 * element; with repeated names the first wins. Every ESL listener checks its filters against
 * each event, so the index makes a lookup O(1) instead of a scan of ~170 headers.
 */
export function eventHeader(event: FsEvent, name: string): string | undefined {
  let index = INDEX.get(event);
  if (!index) {
    index = new Map();
    for (const [key, value] of event.headers) {
      const lower = key.toLowerCase();
      if (!index.has(lower)) index.set(lower, typeof value === 'string' ? value : (value[0] ?? ''));
    }
    INDEX.set(event, index);
  }
  return index.get(name.toLowerCase());
}

/** The names FreeSWITCH knows (switch_event.c EVENT_NAMES), for `event`/`nixevent` parsing. */
export const EVENT_NAMES: readonly string[] = [
  'CUSTOM', 'CLONE', 'CHANNEL_CREATE', 'CHANNEL_DESTROY', 'CHANNEL_STATE', 'CHANNEL_CALLSTATE', 'CHANNEL_ANSWER',
  'CHANNEL_HANGUP', 'CHANNEL_HANGUP_COMPLETE', 'CHANNEL_EXECUTE', 'CHANNEL_EXECUTE_COMPLETE', 'CHANNEL_HOLD',
  'CHANNEL_UNHOLD', 'CHANNEL_BRIDGE', 'CHANNEL_UNBRIDGE', 'CHANNEL_PROGRESS', 'CHANNEL_PROGRESS_MEDIA',
  'CHANNEL_OUTGOING', 'CHANNEL_PARK', 'CHANNEL_UNPARK', 'CHANNEL_APPLICATION', 'CHANNEL_ORIGINATE', 'CHANNEL_UUID',
  'API', 'LOG', 'INBOUND_CHAN', 'OUTBOUND_CHAN', 'STARTUP', 'SHUTDOWN', 'PUBLISH', 'UNPUBLISH', 'TALK', 'NOTALK',
  'SESSION_CRASH', 'MODULE_LOAD', 'MODULE_UNLOAD', 'DTMF', 'MESSAGE', 'PRESENCE_IN', 'NOTIFY_IN', 'PRESENCE_OUT',
  'PRESENCE_PROBE', 'MESSAGE_WAITING', 'MESSAGE_QUERY', 'ROSTER', 'CODEC', 'BACKGROUND_JOB', 'DETECTED_SPEECH',
  'DETECTED_TONE', 'PRIVATE_COMMAND', 'HEARTBEAT', 'TRAP', 'ADD_SCHEDULE', 'DEL_SCHEDULE', 'EXE_SCHEDULE',
  'RE_SCHEDULE', 'RELOADXML', 'NOTIFY', 'PHONE_FEATURE', 'PHONE_FEATURE_SUBSCRIBE', 'SEND_MESSAGE', 'RECV_MESSAGE',
  'REQUEST_PARAMS', 'CHANNEL_DATA', 'GENERAL', 'COMMAND', 'SESSION_HEARTBEAT', 'CLIENT_DISCONNECTED',
  'SERVER_DISCONNECTED', 'SEND_INFO', 'RECV_INFO', 'RECV_RTCP_MESSAGE', 'SEND_RTCP_MESSAGE', 'CALL_SECURE',
  'NAT', 'RECORD_START', 'RECORD_STOP', 'PLAYBACK_START', 'PLAYBACK_STOP', 'CALL_UPDATE', 'FAILURE',
  'SOCKET_DATA', 'MEDIA_BUG_START', 'MEDIA_BUG_STOP', 'CONFERENCE_DATA_QUERY', 'CONFERENCE_DATA', 'CALL_SETUP_REQ',
  'CALL_SETUP_RESULT', 'CALL_DETAIL', 'DEVICE_STATE', 'TEXT', 'SHUTDOWN_REQUESTED', 'ALL',
];

const NAME_SET = new Set(EVENT_NAMES);

/**
 * Resolves an event name as `switch_name_event` does: case-insensitive, with or without the
 * `SWITCH_EVENT_` prefix (fsmrf subscribes to `SWITCH_EVENT_PLAYBACK_START`).
 */
export function normaliseEventName(word: string): string | undefined {
  let upper = word.toUpperCase();
  if (upper.startsWith('SWITCH_EVENT_')) upper = upper.slice('SWITCH_EVENT_'.length);
  return NAME_SET.has(upper) ? upper : undefined;
}
