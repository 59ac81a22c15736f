/**
 * Routing (PURE): decide what a call does from the call context, the frozen site config, `now`
 * and runtime facts. Time plans and public holidays, E.164 normalisation, emergency numbers.
 */
export type {
  RouteStep, RouteStepKind, RoutePlan, Diversion, DiversionReason, DivertingParty, FeatureAction,
  ForwardDestination, ForwardingKind, HuntMember,
} from './route-step.js';
export type { RuntimeFacts, UserFacts, EmergencyCallback } from './runtime-facts.js';
export { decideRoute, decideTarget, resolveCalledNumber } from './decide-route.js';
export { explainRoute, dryRunCall, type RouteExplanation } from './explain.js';
export { isOpen, nextChange, daySchedule, type DaySchedule, type DayReason } from './time-plan.js';
export { publicHolidays, publicHolidayOn, type PublicHoliday, type HolidayRegion } from './holidays.js';
export { normalizeNumber, formatNumber, cleanNumber, emergencyNumberOf, type NumberingPlan } from './normalize.js';
export { berlinOffsetMs, toLocal, fromLocal, calendarDay, dstChanges } from './berlin-time.js';
export { describeTarget } from './targets.js';
export { explainForLog, targetForLog, withoutPartyNumbers, isOwnNumber, PARTY_NUMBER_IN_LOG } from './log-privacy.js';
export { MAX_DIVERSIONS } from './context.js';
