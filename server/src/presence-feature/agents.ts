/**
 * Hotline agent states into presence facts (reference/presence.md §5.2 row "hotline agent
 * state"). The hotline feature publishes every state change of an agent on the bus
 * (`acd.command` of type `agent.state-changed`); the hotlines an agent belongs to come from the
 * site configuration, so logged-out members count as agents of their hotline (supervisor counts,
 * hotline-summary.ts). Pause reasons are dropped here: presence never holds them (BAG 1 ABR 46/15,
 * §5.3 test 13). What each viewer sees of it is `projectPresence`'s decision: team leads get
 * logged in yes/no, operators whether a hotline is staffed, supervisors counts; colleagues and
 * SIP watchers nothing.
 */
import type { AcdCommand, RestoredAgent } from '../acd/index.js';
import type { SiteConfig } from '../config/dialplan/index.js';
import type { AgentFact, AgentState, UserKey } from '../presence/index.js';
import type { PresenceHub } from './hub.js';

/** Feeds agent facts to the hub. */
export class AgentFeed {
  // The last state the ACD reported per agent; members never reported are logged out.
  private readonly states = new Map<UserKey, AgentState>();

  constructor(private readonly hub: PresenceHub, private readonly site: () => SiteConfig) {}

  /**
   * The agents as the hotline feature stored them (logged in to some hotline, paused or not): the
   * ACD starts from the same snapshot after a restart and reports no change for them.
   */
  restore(agents: readonly RestoredAgent[]): void {
    for (const a of agents) {
      if (a.hotlines.length > 0) this.states.set(a.extension, a.pauseReason !== null ? 'paused' : 'available');
    }
    this.refresh();
  }

  /** A command of the ACD; only agent state changes concern presence. */
  command(c: AcdCommand): void {
    if (c.type !== 'agent.state-changed') return;
    this.states.set(c.extension, c.state);
    this.apply(c.extension, membershipsOf(this.site()).get(c.extension));
  }

  /** Applies the facts of every user (at start and after a new configuration). */
  refresh(): void {
    const members = membershipsOf(this.site());
    for (const u of this.site().users) this.apply(u.extension, members.get(u.extension));
  }

  private apply(user: UserKey, hotlines: readonly string[] | undefined): void {
    const agent: AgentFact | null = hotlines === undefined ? null : { state: this.states.get(user) ?? 'logged-out', hotlines };
    this.hub.apply({ kind: 'agent.changed', user, agent });
  }
}

const memberships = new WeakMap<SiteConfig, ReadonlyMap<UserKey, readonly string[]>>();

/** The hotlines each user is an agent of, per configuration snapshot. */
function membershipsOf(site: SiteConfig): ReadonlyMap<UserKey, readonly string[]> {
  let m = memberships.get(site);
  if (!m) {
    const out = new Map<UserKey, string[]>();
    for (const h of site.hotlines) {
      for (const a of h.agents) {
        const list = out.get(a.extension) ?? [];
        if (!list.includes(h.number)) list.push(h.number);
        out.set(a.extension, list);
      }
    }
    m = out;
    memberships.set(site, m);
  }
  return m;
}
