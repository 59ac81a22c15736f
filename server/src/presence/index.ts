// Public surface of presence (PURE): facts, the reducer, the rules, the projection and the
// renderers for NOTIFY bodies and API payloads.
export type {
  Absence, AbsenceReason, AgentFact, AgentState, CallDirection, CallFact, CallReport, CallScope, DeviceFacts, DialogState,
  FactEvent, ForwardTarget, Instant, ManualStatus, ManualStatusFact, UserFacts, UserKey,
} from './facts.js';
export { ABSENCE_REASONS, AGENT_STATES, MANUAL_STATUSES } from './facts.js';
export type { PresenceAggregate } from './aggregate.js';
export { activeAbsence, applyEvent, applyFact, emptyAggregate, emptyFacts, factsOf, nextPresenceChange } from './aggregate.js';
export type { PresenceRules, PresenceTeam, RefusalReason, Relation, ViewerClass, ViewerIdentity, ViewerRole } from './rules.js';
export { DEFAULT_AGGREGATE_MIN_GROUP, mayPickup, mayReadAbsenceReason, mayWatch, presenceRulesSchema, presenceTeamSchema, relationOf } from './rules.js';
export type { Channel, ProjectedForward, ProjectedState, Projection, RefusedProjection, Viewer, VisibleProjection } from './project.js';
export { CHANNELS, projectPresence } from './project.js';
export type { MessageCounts, PickupHandle, PresenceJson, SubscriptionContext } from './render.js';
export {
  notifyNeeded, opaqueId, renderDialogInfo, renderMessageSummary, renderPidf, renderPresenceJson,
} from './render.js';
export type { HotlineSummary } from './hotline-summary.js';
export { summarizeHotline } from './hotline-summary.js';
