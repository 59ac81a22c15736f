/**
 * The hotline decision core (ACD), PURE: a reducer over immutable state (CONVENTIONS §2.2).
 *
 * Adapter loop: `initialState(config)`; for each event `({ state, commands } = step(state, input, now))`,
 * execute/publish `commands`, then schedule one `tick` at `nextDeadline(state)`.
 */
export { initialState, reconfigure } from './lifecycle.js';
export type { InitialStateOptions } from './lifecycle.js';
export { nextDeadline, step } from './step.js';
export type { StepResult } from './step.js';
export { agentSnapshot, agentView, hotlineNumbers, hotlineView } from './views.js';
export type { AgentView, HotlineView, WaitingCallView } from './views.js';
export type { AcdState } from './state.js';
export { HOTLINE_DEFAULTS } from './config.js';
export { STRATEGY_KINDS } from './config-types.js';
export type {
  AcdConfig, EscalationStepConfig, HotlineAgentConfig, HotlineConfig, RestoredAgent, SkillLevels, StrategyKind, Target,
} from './config-types.js';
export type * from './events.js';
export { berlinDayNumber } from './berlin-day.js';
