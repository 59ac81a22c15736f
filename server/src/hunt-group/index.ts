/**
 * Hunt groups (no queue), PURE: `huntStep(state, input, now) -> { state, commands }` and
 * `huntNextDeadline(state)`, like the ACD. Ring-all, linear, round-robin, longest-idle; members are
 * users or external numbers; ring time per member and in total; a target when nobody answers.
 */
export { huntCallView, huntInitialState, huntNextDeadline, huntStep } from './step.js';
export type { HuntState, HuntStepResult } from './step.js';
export { HUNT_DEFAULTS, huntOrder } from './order.js';
export { HUNT_STRATEGIES, memberKey } from './types.js';
export type {
  HuntCommand, HuntConfig, HuntGroupConfig, HuntInput, HuntLegFailure, HuntMember, HuntStrategy, MemberKey, Target,
} from './types.js';
