/**
 * The one place where presence facts live at run time: the pure aggregate, fed with fact events
 * from the bus, feature codes, CLI and API, and a clock tick scheduled at `nextPresenceChange`
 * so that absences start and end on time (the core never starts a timer, CONVENTIONS §2.7).
 * Listeners (SIP subscriptions, WebSocket streams) hear which user changed; each projects for
 * its own viewer and decides with `notifyNeeded` whether anything goes out.
 */
import type { Logger } from 'pino';
import type { FactEvent, PresenceAggregate, PresenceRules, UserFacts, UserKey } from '../presence/index.js';
import { applyFact, emptyFacts, nextPresenceChange } from '../presence/index.js';
import type { SiteConfig } from '../config/dialplan/index.js';

/** Longest delay Node's timers accept; later changes are re-checked after it. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Who hears about changed users. */
export type ChangeListener = (user: UserKey) => void;

/** Run-time holder of the presence aggregate. */
export class PresenceHub {
  // One immutable UserFacts per user, replaced on change. The core's `applyEvent` copies the
  // whole aggregate per input, which costs O(users) per change at 2,000 users; the hub applies
  // `applyFact` to the one user instead and builds an aggregate only when asked.
  private readonly users = new Map<UserKey, UserFacts>();
  private readonly listeners = new Set<ChangeListener>();
  private readonly ticks = new Map<UserKey, NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly now: () => number, private readonly log: Logger) {}

  /** Applies one fact event; returns true when the user's facts changed (listeners were told). */
  apply(event: FactEvent): boolean {
    const before = this.facts(event.user);
    const after = applyFact(before, event, this.now());
    if (after === before) return false;
    this.users.set(event.user, after);
    this.schedule(event.user);
    for (const fn of this.listeners) {
      try {
        fn(event.user);
      } catch (err) {
        this.log.error({ err }, 'presence listener failed');
      }
    }
    return true;
  }

  /** The facts of one user (empty facts for a user nothing is known about). */
  facts(user: UserKey): UserFacts {
    return this.users.get(user) ?? emptyFacts(user);
  }

  /** The whole aggregate (hotline summaries). */
  snapshot(): PresenceAggregate {
    return Object.freeze({ users: new Map(this.users) });
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  onChange(fn: ChangeListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Cancels pending ticks. */
  stop(): void {
    this.stopped = true;
    for (const t of this.ticks.values()) clearTimeout(t);
    this.ticks.clear();
  }

  private schedule(user: UserKey): void {
    const old = this.ticks.get(user);
    if (old) clearTimeout(old);
    this.ticks.delete(user);
    if (this.stopped) return;
    const now = this.now();
    const at = nextPresenceChange(this.facts(user), now);
    if (at === null) return;
    const timer = setTimeout(() => {
      this.ticks.delete(user);
      if (!this.apply({ kind: 'clock.tick', user })) this.schedule(user);
    }, Math.min(Math.max(at - now, 0), MAX_TIMER_MS));
    timer.unref();
    this.ticks.set(user, timer);
  }
}

const rulesCache = new WeakMap<SiteConfig, PresenceRules>();

/**
 * The presence rules of a site snapshot. Cached per frozen site object so relations are indexed
 * once per applied configuration (rules.ts keys its index by the teams array).
 */
export function rulesOf(site: SiteConfig): PresenceRules {
  let r = rulesCache.get(site);
  if (!r) {
    r = Object.freeze({
      teams: site.teams, worksCouncilMode: site.worksCouncilMode,
      aggregateMinGroup: site.aggregateMinGroup, absenceReasonReaders: site.absenceReasonReaders,
    });
    rulesCache.set(site, r);
  }
  return r;
}
