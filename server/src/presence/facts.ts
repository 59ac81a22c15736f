// The internal facts about one user that presence is computed from. Everything here is
// personal data of the user (and, for call parties, of the other side); only project.ts
// decides what of it leaves, per viewer (reference/presence.md §5.2).

/**
 * Key of a user as written in the dialplans YAML `teams` lists: the extension ("3001").
 * Facts, viewers and rules must use the same key space; the adapter maps UserIds to it.
 */
export type UserKey = string;

/** Milliseconds since the Unix epoch. Pure code receives it as `now`, it never reads a clock. */
export type Instant = number;

/** RFC 4235 §3.7.1 dialog states, as the call layer reports them for one leg of the user. */
export type DialogState = 'trying' | 'early' | 'confirmed' | 'terminated';

/** Who sent the INVITE: `outbound` when the watched user called (RFC 4235 `initiator`). */
export type CallDirection = 'inbound' | 'outbound';

/** Whether the other party is another user of this PBX or reached through a trunk. */
export type CallScope = 'internal' | 'external';

/** One live leg of the user. Direction, scope, party and start time are hidden from watchers. */
export interface CallFact {
  /** The call layer's leg id: never a SIP Call-ID sent to watchers. */
  readonly id: string;
  readonly state: Exclude<DialogState, 'terminated'>;
  readonly direction: CallDirection;
  readonly scope: CallScope;
  /** The other party as the call layer knows it (number or extension). */
  readonly party: string;
  readonly held: boolean;
  /** When the leg was first seen; only the user may read it (durations are never projected). */
  readonly startedAt: Instant;
}

/** The closed list of absence reasons (issue 9 item 1). `sick` is health data (GDPR Art. 9). */
export type AbsenceReason = 'holiday' | 'sick' | 'training' | 'business-trip';

/** All absence reasons, for schemas and tests. */
export const ABSENCE_REASONS: readonly AbsenceReason[] = ['holiday', 'sick', 'training', 'business-trip'];

/** One planned or current absence. Active while `from <= now < until` (`until` null: open-ended). */
export interface Absence {
  readonly id: string;
  readonly reason: AbsenceReason;
  readonly from: Instant;
  /** Exclusive end; the CLI's `--until DATE` is converted to the end of that day by the adapter. */
  readonly until: Instant | null;
}

/**
 * The manual status a user may set, from a closed list so that no free text reaches watchers
 * by default (GDPR Art. 25(2)). `auto`: derived from devices and calls only.
 */
export type ManualStatus = 'auto' | 'busy' | 'in-meeting' | 'away';

/** All manual statuses, for schemas and tests. */
export const MANUAL_STATUSES: readonly ManualStatus[] = ['auto', 'busy', 'in-meeting', 'away'];

/** The manual status plus an optional free note that watchers see only if `shareNote` is set. */
export interface ManualStatusFact {
  readonly status: ManualStatus;
  readonly note: string | null;
  /** The user's explicit opt-in to show the note to watchers (G25: only by the user's action). */
  readonly shareNote: boolean;
}

/** Where the PBX sends the user's calls when forwarded. External numbers may be private mobiles. */
export type ForwardTarget =
  | { readonly kind: 'user'; readonly user: UserKey }
  | { readonly kind: 'voicemail' }
  | { readonly kind: 'external'; readonly number: string };

/** Hotline agent states as the ACD reports them. */
export type AgentState = 'logged-out' | 'available' | 'offered' | 'busy' | 'wrap-up' | 'paused';

/** All agent states, for tests. */
export const AGENT_STATES: readonly AgentState[] = ['logged-out', 'available', 'offered', 'busy', 'wrap-up', 'paused'];

/** The user's agent state in the hotlines they belong to. No pause reason: presence never needs it. */
export interface AgentFact {
  readonly state: AgentState;
  readonly hotlines: readonly string[];
}

/** Registered devices as counts only: bindings, contacts and user agents stay in the registrar. */
export interface DeviceFacts {
  readonly registered: number;
  /** Registered devices that answered the last keepalive; 0 means no device can ring. */
  readonly reachable: number;
}

/** Every fact presence knows about one user, immutable. Calls are kept sorted by id. */
export interface UserFacts {
  readonly user: UserKey;
  readonly devices: DeviceFacts;
  readonly calls: readonly CallFact[];
  readonly dnd: boolean;
  readonly manual: ManualStatusFact;
  /** Sorted by `from`, then id; ended absences are dropped (GDPR Art. 5(1)(e)). */
  readonly absences: readonly Absence[];
  readonly substitute: UserKey | null;
  readonly forward: ForwardTarget | null;
  readonly agent: AgentFact | null;
}

/** What the call layer reports for one leg; `terminated` removes the leg. */
export interface CallReport {
  readonly id: string;
  readonly state: DialogState;
  readonly direction: CallDirection;
  readonly scope: CallScope;
  readonly party: string;
  readonly held?: boolean;
}

/**
 * Inputs of the presence reducer. Dotted names like bus events; every input names its user.
 * `clock.tick` only lets time pass (absences start and end); the adapter schedules it at
 * `nextPresenceChange(facts, now)`.
 */
export type FactEvent =
  | { readonly kind: 'devices.changed'; readonly user: UserKey; readonly registered: number; readonly reachable: number }
  | { readonly kind: 'call.updated'; readonly user: UserKey; readonly call: CallReport }
  | { readonly kind: 'dnd.changed'; readonly user: UserKey; readonly on: boolean }
  | { readonly kind: 'status.changed'; readonly user: UserKey; readonly manual: ManualStatusFact }
  | { readonly kind: 'absence.set'; readonly user: UserKey; readonly absence: Absence }
  | { readonly kind: 'absence.cleared'; readonly user: UserKey; readonly id: string | null }
  | { readonly kind: 'substitute.changed'; readonly user: UserKey; readonly substitute: UserKey | null }
  | { readonly kind: 'forward.changed'; readonly user: UserKey; readonly forward: ForwardTarget | null }
  | { readonly kind: 'agent.changed'; readonly user: UserKey; readonly agent: AgentFact | null }
  | { readonly kind: 'clock.tick'; readonly user: UserKey };
