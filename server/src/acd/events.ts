/**
 * Inputs and commands of the ACD reducer: plain, serialisable data, discriminated on `type` with
 * dotted lower-case names (CONVENTIONS §2.3) so the lead can put them on the typed event bus as is.
 * Call events carry hotline, callId and callerNumber; agent events carry the extension and hotlines.
 */
import type { SkillLevels, Target } from './config-types.js';

/** Fields every call-related input and command carries. */
export interface CallRef {
  readonly hotline: string;
  readonly callId: string;
  readonly callerNumber: string;
}

/** A caller entered the hotline. `priority` defaults to the hotline's; `requires` (e.g. from an IVR language choice) replaces the hotline's base requirement for this call. */
export interface CallArrived extends CallRef {
  readonly type: 'call.arrived';
  readonly priority?: number;
  readonly requires?: SkillLevels;
}

/** The caller hung up. For a connected call this acts like `call.ended`. */
export interface CallAbandoned extends CallRef {
  readonly type: 'call.abandoned';
}

/** An agent answered offer `offerId`. */
export interface OfferAnswered extends CallRef {
  readonly type: 'offer.answered';
  readonly offerId: number;
  readonly extension: string;
}

/** Why an offer leg failed. `no-answer` counts towards `maxMissedOffers`; the others start `busyBackoffSec`. */
export type OfferRejectReason = 'no-answer' | 'declined' | 'busy' | 'unreachable';

/** An offer leg failed before the ACD's own ring timer did. */
export interface OfferRejected extends CallRef {
  readonly type: 'offer.rejected';
  readonly offerId: number;
  readonly extension: string;
  readonly reason: OfferRejectReason;
}

/** A connected hotline call ended (either side hung up): the agent goes to wrap-up. */
export interface CallEnded extends CallRef {
  readonly type: 'call.ended';
  readonly extension: string;
}

/** Log in to one hotline, or to all hotlines the agent is a member of. `pauseReason` logs in paused, atomically (asterisk#1007); it applies only to an agent who was logged out. */
export interface AgentLogin {
  readonly type: 'agent.login';
  readonly extension: string;
  readonly hotline?: string;
  readonly pauseReason?: string;
}

/** Log out of one hotline, or of all. Without `force`, a logout that would leave a hotline below `minAgents` is refused with `confirm-last-agent`. */
export interface AgentLogout {
  readonly type: 'agent.logout';
  readonly extension: string;
  readonly hotline?: string;
  readonly force?: boolean;
}

/** Pause in all hotlines with a reason code. Without `force`, guarded like a logout. */
export interface AgentPause {
  readonly type: 'agent.pause';
  readonly extension: string;
  readonly reason: string;
  readonly force?: boolean;
}

/** End a pause (also one after missed offers). */
export interface AgentResume {
  readonly type: 'agent.resume';
  readonly extension: string;
}

/** The agent ended wrap-up early. */
export interface AgentWrapUpEnded {
  readonly type: 'agent.wrap-up-ended';
  readonly extension: string;
}

/** Device state of the user: `busy` on a non-hotline call, `unreachable` (unregistered or DND), or `free`. */
export type DeviceState = 'free' | 'busy' | 'unreachable';

/** The user's device changed state (from presence / registrar). */
export interface AgentDeviceState {
  readonly type: 'agent.device-state';
  readonly extension: string;
  readonly device: DeviceState;
}

/** The hotline's time plan opened it. */
export interface HotlineOpened {
  readonly type: 'hotline.opened';
  readonly hotline: string;
}

/** The hotline's time plan closed it: arrivals go to `afterHours`; waiting calls follow `closeWaiting`. */
export interface HotlineClosed {
  readonly type: 'hotline.closed';
  readonly hotline: string;
}

/** Time passed; the adapter sends one at `nextDeadline(state)`. */
export interface Tick {
  readonly type: 'tick';
}

/** Everything `step` accepts. */
export type AcdInput =
  | CallArrived | CallAbandoned | OfferAnswered | OfferRejected | CallEnded
  | AgentLogin | AgentLogout | AgentPause | AgentResume | AgentWrapUpEnded | AgentDeviceState
  | HotlineOpened | HotlineClosed | Tick;

/** Ring these agents for this call (several only under ring-all) for `ringSec`; answer/reject quoting `offerId`. */
export interface OfferCommand extends CallRef {
  readonly type: 'offer';
  readonly offerId: number;
  readonly agents: readonly string[];
  readonly ringSec: number;
  /** Index of the escalation step in force (0 = base requirement). */
  readonly escalationStep: number;
}

/** Why an offer leg is torn down. `late-answer`: the agent answered an offer that was no longer live; hang that leg up. */
export type CancelReason =
  | 'answered-elsewhere' | 'abandoned' | 'ring-timeout' | 'agent-unavailable' | 'late-answer' | 'overflowed' | 'closed';

/** Stop ringing (or hang up) one agent's offer leg. */
export interface CancelOfferCommand extends CallRef {
  readonly type: 'cancel-offer';
  readonly offerId: number;
  readonly extension: string;
  readonly reason: CancelReason;
}

/** Bridge the caller to the agent who answered. */
export interface ConnectCommand extends CallRef {
  readonly type: 'connect';
  readonly offerId: number;
  readonly extension: string;
}

/** Tell the caller their position (1 = next) and the expected wait, rounded up to whole seconds; null when no agent is staffed. */
export interface AnnouncePositionCommand extends CallRef {
  readonly type: 'announce-position';
  readonly position: number;
  readonly expectedWaitSec: number | null;
}

/** Why a call overflows. */
export type OverflowReason = 'max-wait' | 'no-agents' | 'queue-full';

/** Send the call to the overflow target (null: end it with the busy announcement). */
export interface OverflowCommand extends CallRef {
  readonly type: 'overflow';
  readonly target: Target | null;
  readonly reason: OverflowReason;
}

/** Why a call is closed. */
export type CloseReason = 'after-hours' | 'unknown-hotline';

/** Send the call to the after-hours target (null: end it with the closed announcement). */
export interface CloseCommand extends CallRef {
  readonly type: 'close';
  readonly target: Target | null;
  readonly reason: CloseReason;
}

/** The single final outcome of a waiting call, for statistics (hotlines.md §8 invariants 1 and 10). */
export type CallOutcome =
  | { readonly outcome: 'answered'; readonly extension: string }
  | { readonly outcome: 'abandoned' }
  | { readonly outcome: 'overflowed'; readonly reason: OverflowReason }
  | { readonly outcome: 'closed'; readonly reason: CloseReason };

/** Emitted exactly once per arrived call. */
export type CallOutcomeCommand = CallRef & CallOutcome & {
  readonly type: 'call.outcome';
  readonly waitSec: number;
};

/** Hotline staffing numbers as reported in staffing commands. */
export interface StaffingFigure {
  readonly hotline: string;
  readonly staffed: number;
  readonly minAgents: number;
}

/** A logout or pause was refused because it would take these hotlines below `minAgents`; repeat it with `force` to do it anyway. */
export interface ConfirmLastAgentCommand {
  readonly type: 'confirm-last-agent';
  readonly extension: string;
  readonly action: 'logout' | 'pause';
  readonly hotlines: readonly StaffingFigure[];
}

/** What took a hotline below its minimum staffing. */
export type UnderstaffedCause = 'logout' | 'pause' | 'device-unreachable' | 'missed-offers' | 'reconfigure';

/** Staffing dropped below `minAgents` (forced logout/pause, device gone, missed offers, reconfiguration). */
export interface HotlineUnderstaffedCommand extends StaffingFigure {
  readonly type: 'hotline.understaffed';
  readonly cause: UnderstaffedCause;
  readonly forced: boolean;
}

/** Staffing is back at `minAgents` after an understaffed period. */
export interface HotlineStaffedCommand extends StaffingFigure {
  readonly type: 'hotline.staffed';
}

/** Alarm for supervisors: first at the drop (`repeat` 0), then every `staffingAlarmRepeatSec` until staffed. */
export interface StaffingAlarmCommand extends StaffingFigure {
  readonly type: 'staffing-alarm';
  readonly since: number;
  readonly repeat: number;
}

/** The agent's visible state. */
export type AgentStateName = 'logged-out' | 'available' | 'offered' | 'busy' | 'wrap-up' | 'paused';

/** An agent's state, pause reason or hotlines changed. `pauseReason` is set only in state `paused`; the lead filters it per viewer. */
export interface AgentStateChangedCommand {
  readonly type: 'agent.state-changed';
  readonly extension: string;
  readonly hotlines: readonly string[];
  readonly state: AgentStateName;
  readonly previous: AgentStateName;
  readonly pauseReason: string | null;
}

/** The agent was paused (never logged out, kazoo#6609) after `missed` unanswered offers in a row. */
export interface AgentPausedMissedOffersCommand {
  readonly type: 'agent.paused-missed-offers';
  readonly extension: string;
  readonly hotlines: readonly string[];
  readonly missed: number;
}

/** An agent request that cannot apply, with the reason for the CLI / UI. */
export interface AgentRequestRefusedCommand {
  readonly type: 'agent.request-refused';
  readonly extension: string;
  readonly request: 'login' | 'logout' | 'pause';
  readonly hotline: string | null;
  readonly reason: 'unknown-agent' | 'not-a-member' | 'not-logged-in';
}

/** Everything `step` returns for the adapters to execute or publish. */
export type AcdCommand =
  | OfferCommand | CancelOfferCommand | ConnectCommand | AnnouncePositionCommand | OverflowCommand | CloseCommand
  | CallOutcomeCommand | ConfirmLastAgentCommand | HotlineUnderstaffedCommand | HotlineStaffedCommand
  | StaffingAlarmCommand | AgentStateChangedCommand | AgentPausedMissedOffersCommand | AgentRequestRefusedCommand;
