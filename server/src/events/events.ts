/**
 * Names and payload types of every bus event. Payloads are plain serialisable data. Numbers of
 * callers appear as received; the API and log layers mask private numbers before they leave.
 */
import type { AcdCommand } from '../acd/index.js';

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

/** A carrier registration changed state (issue 8 item 1). */
export interface TrunkRegistrationEvent {
  readonly trunk: string;
  readonly state: 'registering' | 'registered' | 'failed' | 'unregistered';
  /** lifetime the carrier granted, on `registered` */
  readonly expiresSec: number | null;
  /** the carrier's final status, on `failed` */
  readonly status: number | null;
}

/** An emergency call (110/112) was placed (issue 8 item 6: every one raises an event). */
export interface EmergencyCallEvent {
  readonly callId: string;
  /** the caller, null when the device could not be tied to a user */
  readonly extension: string | null;
  /** the emergency number dialled: `110`, `112` */
  readonly number: string;
  /** the number presented to the emergency service (one of our blocks) */
  readonly presented: string | null;
  readonly origin: 'office' | 'home-office' | 'call-through';
  readonly trunk: string;
}

/** Voicemail counts of a mailbox changed (MWI, RFC 3842): counts only, never message details. */
export interface VoicemailCounts {
  readonly extension: string;
  readonly newCount: number;
  readonly oldCount: number;
}

/** Every event. */
export interface EventMap {
  /** A command of the hotline decision core (offer, overflow, staffing alarm, agent state …). */
  'acd.command': AcdCommand;
  'registration.changed': RegistrationChanged;
  'call.started': CallEvent;
  'call.answered': CallEvent & { readonly answeredBy: string };
  'call.ended': CallEvent & { readonly cause: string; readonly status: number | null };
  'user.leg': UserLegEvent;
  'user.state-changed': { readonly extension: string; readonly dnd: boolean };
  'config.applied': { readonly version: number; readonly changes: number };
  'voicemail.counts': VoicemailCounts;
  'trunk.registration': TrunkRegistrationEvent;
  'emergency.call': EmergencyCallEvent;
}

/** The name of an event. */
export type EventName = keyof EventMap;
