/**
 * Which ready, eligible agent(s) get an offer: the one switch over `StrategyKind` (CONVENTIONS §2.2).
 */
import type { StrategyKind } from './config-types.js';
import type { Member } from './config.js';
import type { AgentRec, CallRec } from './state.js';

/** A ready agent who meets the call's requirement at the current escalation step. */
export interface Candidate {
  readonly extension: string;
  readonly agent: AgentRec;
  readonly member: Member;
  /** Already offered this call in the current round. */
  readonly tried: boolean;
}

/** What the strategies may look at besides the candidates. */
export interface PickContext {
  readonly call: CallRec;
  /** Member list length of the hotline and the agent last offered a call of it (round-robin). */
  readonly memberCount: number;
  readonly rrLastPosition: number;
  /** Berlin day number of now (fewest-calls). */
  readonly today: number;
}

/** Throws on a value the type system says cannot exist (CONVENTIONS §2.4: bugs throw). */
export function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}

type Compare = (a: Candidate, b: Candidate) => number;

/** Idle since the end of the last hotline call or wrap-up (any hotline), else since first login. */
function idleOrder(a: Candidate, b: Candidate): number {
  const x = a.agent.idleSince ?? -Infinity;
  const y = b.agent.idleSince ?? -Infinity;
  return x < y ? -1 : x > y ? 1 : 0;
}

function callsToday(a: AgentRec, today: number): number {
  return a.callsDay === today ? a.callsToday : 0;
}

/** The agent's level for this call: the lowest of its levels in the skills the call originally required (0 if it lacks one). */
export function skillLevelFor(member: Member, call: CallRec): number {
  const base = call.steps[0]?.req ?? [];
  if (base.length === 0) return 0;
  let level = Infinity;
  for (const [skill] of base) level = Math.min(level, member.skills[skill] ?? 0);
  return level;
}

function bestOf(cands: readonly Candidate[], cmp: Compare): string {
  let best = cands[0] as Candidate;
  for (let i = 1; i < cands.length; i++) {
    const c = cands[i] as Candidate;
    // "No answer or decline moves on to the next agent": untried agents always come first.
    const d = Number(c.tried) - Number(best.tried) || cmp(c, best) || c.member.position - best.member.position;
    if (d < 0) best = c;
  }
  return best.extension;
}

/**
 * Picks the agents to offer `ctx.call` to. `cands` are the ready agents that meet the call's current
 * requirement. Under every strategy except ring-all, agents not yet offered this call in the current
 * round come first, then the order below, then the hotline's agent list order.
 * - `ring-all`: every candidate at once; the first to answer gets the call, the others are cancelled.
 * - `linear`: the hotline's agent list order, from the top for every call.
 * - `round-robin`: list order, starting after the agent who was last offered a call of this hotline, wrapping.
 * - `longest-idle`: the earliest `idleSince`: end of the agent's last hotline call, or of its wrap-up
 *   when it had one, across all hotlines; agents without a call since first login count from that login.
 *   Missed offers do not change it (hotlines.md §8 invariant 11).
 * - `fewest-calls`: fewest hotline calls answered today (Europe/Berlin calendar day, all hotlines),
 *   ties by longest idle.
 * - `skill-level-first`: highest level, where an agent's level is the lowest of its levels in the
 *   skills the call originally required; ties by longest idle.
 * Returns [] when there is no candidate.
 */
export function pickAgents(strategy: StrategyKind, cands: readonly Candidate[], ctx: PickContext): readonly string[] {
  if (cands.length === 0) return [];
  switch (strategy) {
    case 'ring-all':
      return cands.map((c) => c.extension).sort();
    case 'linear':
      return [bestOf(cands, () => 0)];
    case 'round-robin': {
      const n = Math.max(ctx.memberCount, 1);
      const after = (c: Candidate): number => (c.member.position - ctx.rrLastPosition - 1 + 2 * n) % n;
      return [bestOf(cands, (a, b) => after(a) - after(b))];
    }
    case 'longest-idle':
      return [bestOf(cands, idleOrder)];
    case 'fewest-calls':
      return [bestOf(cands, (a, b) => callsToday(a.agent, ctx.today) - callsToday(b.agent, ctx.today) || idleOrder(a, b))];
    case 'skill-level-first':
      return [bestOf(cands, (a, b) => skillLevelFor(b.member, ctx.call) - skillLevelFor(a.member, ctx.call) || idleOrder(a, b))];
    default:
      return assertNever(strategy);
  }
}
