/**
 * Hunt order: the one switch over `HuntStrategy`, and the resolved form of the configuration.
 */
import type { HuntConfig, HuntMember, HuntStrategy, MemberKey, Target } from './types.js';
import { memberKey } from './types.js';

/** A hunt group with defaults applied and durations in ms. */
export interface Group {
  readonly number: string;
  readonly name: string;
  readonly strategy: HuntStrategy;
  readonly members: readonly HuntMember[];
  readonly keys: readonly MemberKey[];
  readonly ringMs: ReadonlyMap<MemberKey, number>;
  readonly totalMs: number;
  readonly noAnswer: Target | null;
}

/** Defaults of the optional hunt-group keys (documented on `HuntGroupConfig`). */
export const HUNT_DEFAULTS = { strategy: 'linear', memberRingSec: 15, totalRingSec: 60 } as const;

/** Applies defaults; throws RangeError on values the config schema must have rejected. */
export function resolveGroups(config: HuntConfig): ReadonlyMap<string, Group> {
  const out = new Map<string, Group>();
  for (const [key, g] of Object.entries(config.groups)) {
    const fail = (msg: string): never => { throw new RangeError(`hunt group ${key}: ${msg}`); };
    if (key !== g.number) fail(`key differs from number ${g.number}`);
    const memberRingSec = g.memberRingSec ?? HUNT_DEFAULTS.memberRingSec;
    const totalRingSec = g.totalRingSec ?? HUNT_DEFAULTS.totalRingSec;
    if (!(memberRingSec >= 1)) fail('memberRingSec must be >= 1');
    if (!(totalRingSec >= 1)) fail('totalRingSec must be >= 1');
    const keys = g.members.map(memberKey);
    if (new Set(keys).size !== keys.length) fail('a member is listed twice');
    const ringMs = new Map<MemberKey, number>();
    g.members.forEach((m, i) => {
      const sec = m.ringSec ?? memberRingSec;
      if (!(sec >= 1)) fail(`member ${keys[i]} ringSec must be >= 1`);
      ringMs.set(keys[i] as MemberKey, sec * 1000);
    });
    out.set(key, {
      number: g.number, name: g.name ?? g.number, strategy: g.strategy ?? HUNT_DEFAULTS.strategy, members: g.members, keys,
      ringMs, totalMs: totalRingSec * 1000, noAnswer: g.noAnswer ?? null,
    });
  }
  return out;
}

/** What the ordering may look at besides the group. */
export interface OrderFacts {
  /** The member who answered the group's previous answered call, if any. */
  readonly lastAnswered: MemberKey | undefined;
  /** End of each member's last call answered through any hunt group; absent = never. */
  readonly idleSince: (key: MemberKey) => number | null;
}

/**
 * The order in which a new call hunts through the members (availability is checked when each is
 * reached, not here). Whatever the order, the hunt cycles through it until the total ring time ends.
 * - `ring-all`: list order; every available member rings at once for the whole total ring time.
 * - `linear`: list order, from the top for every call.
 * - `round-robin`: list order, starting after the member who answered the group's previous answered
 *   call (3CX's NextAgent); from the top when nobody has answered yet.
 * - `longest-idle`: earliest end of the member's last call answered through a hunt group first;
 *   members without such a call first of all; ties in list order.
 */
export function huntOrder(group: Group, facts: OrderFacts): readonly MemberKey[] {
  const keys = group.keys;
  switch (group.strategy) {
    case 'ring-all':
    case 'linear':
      return keys;
    case 'round-robin': {
      const i = facts.lastAnswered === undefined ? -1 : keys.indexOf(facts.lastAnswered);
      return [...keys.slice(i + 1), ...keys.slice(0, i + 1)];
    }
    case 'longest-idle':
      return keys
        .map((k, pos) => ({ k, pos, idle: facts.idleSince(k) ?? -Infinity }))
        .sort((a, b) => (a.idle < b.idle ? -1 : a.idle > b.idle ? 1 : a.pos - b.pos))
        .map((x) => x.k);
    default: {
      const never: never = group.strategy;
      throw new Error(`unknown hunt strategy ${String(never)}`);
    }
  }
}
