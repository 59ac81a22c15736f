/**
 * Names and payload types of every bus event. Payloads are plain serialisable data. Numbers of
 * callers appear as received; the API and log layers mask private numbers before they leave.
 */

/** Registration state of one user's devices changed. */
export interface RegistrationChanged {
  readonly extension: string;
  readonly aor: string;
  /** Live bindings of the user after the change (all devices). */
  readonly bindings: number;
  readonly reason: 'registered' | 'refreshed' | 'unregistered' | 'expired' | 'unreachable';
}

/** A call's lifecycle. */
export interface CallEvent {
  readonly callId: string;
  readonly caller: string;
  readonly dialled: string;
  readonly direction: 'internal' | 'inbound' | 'outbound';
}

/** A leg towards a user rings, is answered or ends: the facts presence projects. */
export interface UserLegEvent {
  readonly callId: string;
  readonly extension: string;
  readonly legId: string;
  readonly state: 'trying' | 'early' | 'confirmed' | 'terminated';
  readonly direction: 'inbound' | 'outbound';
  readonly external: boolean;
}

/** Every event. */
export interface EventMap {
  'registration.changed': RegistrationChanged;
  'call.started': CallEvent;
  'call.answered': CallEvent & { readonly answeredBy: string };
  'call.ended': CallEvent & { readonly cause: string; readonly status: number | null };
  'user.leg': UserLegEvent;
  'user.state-changed': { readonly extension: string; readonly dnd: boolean };
  'config.applied': { readonly version: number; readonly changes: number };
}

/** The name of an event. */
export type EventName = keyof EventMap;
