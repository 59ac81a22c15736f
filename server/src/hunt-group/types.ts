/**
 * Hunt groups (issue 6 item 2): a call rings members directly, without a queue, until one answers
 * or the total ring time is over; then it goes to the group's no-answer target. Same reducer style as
 * the ACD (CONVENTIONS §2.2): `step(state, input, now) -> { state, commands }` plus `nextDeadline`.
 * Inputs and commands are plain data with dotted names, ready for the event bus.
 */
import type { Target } from '../acd/index.js';

export type { Target };

/** How members are rung; each is defined exactly on `huntOrder` in order.ts. */
export type HuntStrategy = 'ring-all' | 'linear' | 'round-robin' | 'longest-idle';

/** Every hunt strategy id. */
export const HUNT_STRATEGIES: readonly HuntStrategy[] = ['ring-all', 'linear', 'round-robin', 'longest-idle'];

/** A member: a user (extension) or an external number. `ringSec` overrides the group's `memberRingSec`. */
export type HuntMember =
  | { readonly user: string; readonly ringSec?: number }
  | { readonly external: string; readonly ringSec?: number };

/** One hunt group. */
export interface HuntGroupConfig {
  /** The group's number; equal to its key in `HuntConfig.groups`. */
  readonly number: string;
  /** Display name. Default: the number. */
  readonly name?: string;
  /** Default: `linear` (the classic hunt group). */
  readonly strategy?: HuntStrategy;
  /** Members, in the order `linear` and `round-robin` use. */
  readonly members: readonly HuntMember[];
  /** Ring time per member and attempt, seconds (not used by ring-all). Default: 15. */
  readonly memberRingSec?: number;
  /** Total ring time of the call in the group, seconds. Default: 60. */
  readonly totalRingSec?: number;
  /** Where the call goes when nobody answers. Default: null (the adapter plays the busy announcement). */
  readonly noAnswer?: Target | null;
}

/** All hunt groups, keyed by number. */
export interface HuntConfig {
  readonly groups: Readonly<Record<string, HuntGroupConfig>>;
}

/** Stable key of a member: `user:3001` or `external:+4930123`. */
export type MemberKey = string;

/** Key of `m`. */
export function memberKey(m: HuntMember): MemberKey {
  return 'user' in m ? `user:${m.user}` : `external:${m.external}`;
}

interface HuntCallRef {
  readonly group: string;
  readonly callId: string;
  readonly callerNumber: string;
}

/** Why a member's leg failed. `declined`, `busy` and `unreachable` skip that member for the rest of the call. */
export type HuntLegFailure = 'no-answer' | 'declined' | 'busy' | 'unreachable';

/** Inputs of the hunt-group reducer. */
export type HuntInput =
  | (HuntCallRef & { readonly type: 'call.arrived' })
  | (HuntCallRef & { readonly type: 'call.abandoned' })
  | (HuntCallRef & { readonly type: 'leg.answered'; readonly ringId: number; readonly member: MemberKey })
  | (HuntCallRef & { readonly type: 'leg.failed'; readonly ringId: number; readonly member: MemberKey; readonly reason: HuntLegFailure })
  | (HuntCallRef & { readonly type: 'call.ended' })
  | { readonly type: 'member.device-state'; readonly user: string; readonly device: 'free' | 'busy' | 'unreachable' }
  | { readonly type: 'tick' };

/** Commands of the hunt-group reducer. */
export type HuntCommand =
  | (HuntCallRef & { readonly type: 'ring'; readonly ringId: number; readonly members: readonly HuntMember[]; readonly ringSec: number })
  | (HuntCallRef & { readonly type: 'cancel-ring'; readonly ringId: number; readonly member: MemberKey; readonly reason: 'answered-elsewhere' | 'abandoned' | 'ring-timeout' | 'late-answer' })
  | (HuntCallRef & { readonly type: 'connect'; readonly ringId: number; readonly member: MemberKey })
  | (HuntCallRef & { readonly type: 'fallback'; readonly target: Target | null; readonly reason: 'no-answer' | 'no-members' | 'unknown-group' })
  | (HuntCallRef & { readonly type: 'call.outcome'; readonly outcome: 'answered' | 'abandoned' | 'unanswered'; readonly member: MemberKey | null; readonly ringSec: number });
