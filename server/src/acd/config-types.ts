/**
 * Hotline configuration as the ACD consumes it. Keys mirror the dialplans YAML of issue 6 item 5
 * (camelCase, CONVENTIONS §2.3), so a zod schema in config/ can produce this shape unchanged.
 * Every optional key has a default, listed in its comment and applied by `resolveConfig`.
 */

/**
 * Where a call goes when the hotline cannot take it. One-key objects, exactly as in the YAML:
 * `{ hotline }`, `{ huntGroup }`, `{ user }`, `{ voicemail }`, `{ forward: NUMBER }`, `{ announcement: PROMPT }`.
 * The ACD passes them through opaquely; the call-flow adapter executes them.
 */
export type Target =
  | { readonly hotline: string }
  | { readonly huntGroup: string }
  | { readonly user: string }
  | { readonly voicemail: string }
  | { readonly forward: string }
  | { readonly announcement: string };

/** Skill name to level 1-9 (higher is better). As a requirement: the minimum level per skill. */
export type SkillLevels = Readonly<Record<string, number>>;

/**
 * Distribution strategies, by their industry names (CONVENTIONS §2.3). The exact definition of each
 * is the doc comment of `pickAgents` in strategies.ts, the one switch that handles them.
 */
export type StrategyKind = 'ring-all' | 'linear' | 'round-robin' | 'longest-idle' | 'fewest-calls' | 'skill-level-first';

/** Every strategy id, in documentation order. */
export const STRATEGY_KINDS: readonly StrategyKind[] = [
  'ring-all', 'linear', 'round-robin', 'longest-idle', 'fewest-calls', 'skill-level-first',
];

/**
 * One escalation step: once a call has waited `afterSec`, its requirement relaxes.
 * Steps only ever widen (hotlines.md §8 invariant 5), so they are applied cumulatively in
 * `afterSec` order and can never make a call harder to serve than the step before:
 * - `requires`: the skills still required from now on. A skill missing here is dropped; a level
 *   here lowers the level (a higher level than before is ignored); a skill not required before is
 *   ignored. `{}` drops every requirement. Omitted: unchanged.
 * - `widen`: agents up to this tier become eligible (tiers start at 1). Omitted: unchanged.
 */
export interface EscalationStepConfig {
  readonly afterSec: number;
  readonly requires?: SkillLevels;
  readonly widen?: number;
}

/** Membership of one extension in one hotline. */
export interface HotlineAgentConfig {
  /** The user's extension; it identifies the agent across all hotlines. */
  readonly extension: string;
  /** Skills and levels for this hotline. Default: none. */
  readonly skills?: SkillLevels;
  /**
   * Escalation tier (mod_callcenter's tier level, Wazo's rule sets): agents of tier 1 take calls
   * from the start; higher tiers only after an escalation step widens to them. Default: 1.
   */
  readonly tier?: number;
}

/** One hotline (ACD queue). */
export interface HotlineConfig {
  /** The dialled number; equal to its key in `AcdConfig.hotlines`. */
  readonly number: string;
  /** Display name. Default: the number. */
  readonly name?: string;
  /** Distribution strategy. Default: `longest-idle` (mod_callcenter's default, fairest to agents). */
  readonly strategy?: StrategyKind;
  /** Ring time per offer, seconds. Default: 20 (between app_queue's 15 and Teams' 30). */
  readonly ringSec?: number;
  /**
   * Wrap-up after each hotline call, seconds; agent-wide, across all hotlines. Default: 0 (as
   * mod_callcenter and app_queue): agents who need time pause or end wrap-up themselves.
   */
  readonly wrapUpSec?: number;
  /** Longest wait before the call overflows with reason `max-wait`, seconds. Default: 600. */
  readonly maxWaitSec?: number;
  /** Minimum staffing: agents logged in and not paused. Default: 0 (no guard). */
  readonly minAgents?: number;
  /** Priority of this hotline's calls against calls of other hotlines (higher first). Default: 0. */
  readonly priority?: number;
  /** Skills every call of this hotline requires, with minimum levels. Default: `{}`. */
  readonly requires?: SkillLevels;
  /** Escalation steps (see `EscalationStepConfig`). Default: none. */
  readonly escalation?: readonly EscalationStepConfig[];
  /** Where calls go on max-wait, no-agents or queue-full. Default: null (the adapter ends the call with the busy announcement). */
  readonly overflow?: Target | null;
  /** Where calls go while the hotline is closed. Default: null (as above). */
  readonly afterHours?: Target | null;
  /** Members, in the order `linear` and `round-robin` use. Default: none. */
  readonly agents?: readonly HotlineAgentConfig[];
  /** Queue capacity; a call arriving at a full queue overflows with reason `queue-full`. Default: 50 (Teams' default). */
  readonly maxWaiting?: number;
  /** Gap between position announcements, seconds; 0 turns them off. Default: 60. */
  readonly announceSec?: number;
  /**
   * Waiting calls overflow with reason `no-agents` once no agent (paused ones count) has been logged
   * in for this many seconds; a call arriving after that overflows at once (mod_callcenter's
   * max-wait-time-with-no-agent). Default: 30.
   */
  readonly noAgentOverflowSec?: number;
  /** Unanswered offers in a row after which the agent is paused with reason `missed-offers`; 0 turns it off. Default: 3. */
  readonly maxMissedOffers?: number;
  /** After a busy, declined or unreachable offer the agent gets no offer for this long, seconds. Default: 10 (mod_callcenter's reject-delay-time). */
  readonly busyBackoffSec?: number;
  /** The staffing alarm repeats at this interval while the hotline stays understaffed, seconds. Default: 300. */
  readonly staffingAlarmRepeatSec?: number;
  /** Seed of the smoothed handle time used for expected-wait estimates, seconds. Default: 180. */
  readonly expectedHandleSec?: number;
  /** When the hotline closes, send waiting calls to `afterHours` (true) or keep serving them (false). Default: false. */
  readonly closeWaiting?: boolean;
}

/** The ACD's whole configuration: hotlines keyed by number. */
export interface AcdConfig {
  readonly hotlines: Readonly<Record<string, HotlineConfig>>;
}

/** A persisted agent, for `initialState` after a restart (hotlines.md §8 invariant 15). */
export interface RestoredAgent {
  readonly extension: string;
  /** Hotlines the agent was logged in to. */
  readonly hotlines: readonly string[];
  /** Pause reason, or null when not paused. */
  readonly pauseReason: string | null;
  /** Epoch ms the agent became idle (end of last hotline call or wrap-up, else first login), or null. */
  readonly idleSince?: number | null;
  /** Berlin day number of `callsToday`. */
  readonly callsDay?: number;
  /** Hotline calls answered on `callsDay`. */
  readonly callsToday?: number;
}
