// What of hotline agent states leaves presence as group data (reference/presence.md §5.2 row
// "hotline agent state"): operators learn whether a hotline is staffed, supervisors get counts
// per hotline, suppressed for small groups where counts would identify a person (BAG 1 ABR 6/94).
// Never a pause reason, never per person, never history.
import type { PresenceAggregate } from './aggregate.js';
import type { AgentFact } from './facts.js';
import { DEFAULT_AGGREGATE_MIN_GROUP } from './rules.js';
import type { PresenceRules, ViewerIdentity } from './rules.js';

/** The group view of one hotline for one viewer. */
export type HotlineSummary =
  | { readonly kind: 'counts'; readonly hotline: string; readonly agents: number; readonly loggedIn: number; readonly ready: number }
  | { readonly kind: 'staffed'; readonly hotline: string; readonly staffed: boolean }
  | { readonly kind: 'suppressed'; readonly hotline: string }
  | { readonly kind: 'refused'; readonly hotline: string };

function isOperator(user: string, rules: PresenceRules): boolean {
  return rules.teams.some((team) => team.operators.includes(user));
}

/**
 * Summarises one hotline for a viewer: supervisors (in either mode) get counts of agents,
 * logged-in agents and ready agents, or `suppressed` when the hotline has fewer than
 * `rules.aggregateMinGroup` agents; operators get staffed yes/no; everyone else is refused.
 */
export function summarizeHotline(
  aggregate: PresenceAggregate, hotline: string, viewer: ViewerIdentity, rules: PresenceRules,
): HotlineSummary {
  const agents: AgentFact[] = [];
  for (const facts of aggregate.users.values()) {
    if (facts.agent !== null && facts.agent.hotlines.includes(hotline)) agents.push(facts.agent);
  }
  const loggedIn = agents.filter((a) => a.state !== 'logged-out').length;
  if (viewer.roles?.includes('supervisor') ?? false) {
    if (agents.length < (rules.aggregateMinGroup ?? DEFAULT_AGGREGATE_MIN_GROUP)) return Object.freeze({ kind: 'suppressed', hotline });
    const ready = agents.filter((a) => a.state === 'available').length;
    return Object.freeze({ kind: 'counts', hotline, agents: agents.length, loggedIn, ready });
  }
  // The switchboard needs to know whether a hotline can take a forwarded call (seed 001).
  if (isOperator(viewer.user, rules)) return Object.freeze({ kind: 'staffed', hotline, staffed: loggedIn > 0 });
  return Object.freeze({ kind: 'refused', hotline });
}
