// Who may watch whom: the `teams` section of dialplans YAML (issue 9 item 2) and the
// relations derived from it. Relations depend on the rules only, never on facts, so a
// refusal can never tell a watcher anything about the watched user.
import { z } from 'zod';
import type { UserKey } from './facts.js';

const userKey = z.string().min(1).describe('extension of a user, as in the user list');

/** One team: who watches whom inside it (issue 9 item 2). */
export const presenceTeamSchema = z.strictObject({
  id: z.string().min(1).describe('team id, unique in the site'),
  members: z.array(userKey).describe('colleagues: may watch each other'),
  leads: z.array(userKey).default([]).describe('team leads: watch every member'),
  operators: z.array(userKey).default([]).describe('the switchboard: watches every member, sees substitute and forward target'),
  pickup: z.boolean().default(false).describe('members may pick up each other\'s ringing calls'),
});

/**
 * The presence rules of a site. `worksCouncilMode` defaults to on and `pickup` to off:
 * privacy by default (GDPR Art. 25(2)); a works council or staff council agreement can relax them.
 */
export const presenceRulesSchema = z.strictObject({
  teams: z.array(presenceTeamSchema).default([]).describe('teams that define who may watch whom'),
  worksCouncilMode: z.boolean().default(true).describe('turns per-person views of supervisors off (BetrVG §87(1) Nr. 6, BPersVG §80(1) Nr. 21)'),
  aggregateMinGroup: z.number().int().min(2).max(1000).default(5)
    .describe('hotline counts for supervisors are suppressed below this many agents (BAG 1 ABR 6/94)'),
  absenceReasonReaders: z.array(userKey).default([])
    .describe('users (e.g. HR) who may read absence reasons besides the user; empty by default (GDPR Art. 9)'),
}).superRefine((rules, ctx) => {
  const seen = new Set<string>();
  rules.teams.forEach((team, i) => {
    if (seen.has(team.id)) ctx.addIssue({ code: 'custom', path: ['teams', i, 'id'], message: `duplicate team id ${team.id}` });
    seen.add(team.id);
  });
});

/** One team after validation, defaults applied. */
export type PresenceTeam = z.output<typeof presenceTeamSchema>;

/** The validated presence rules. Build with `presenceRulesSchema.parse(yaml)`, then treat as frozen. */
export type PresenceRules = z.output<typeof presenceRulesSchema>;

/** Roles a viewer may hold from the account system, beyond team relations. */
export type ViewerRole = 'supervisor';

/** The account looking at presence; the channel comes with the projection request. */
export interface ViewerIdentity {
  readonly user: UserKey;
  readonly roles?: readonly ViewerRole[];
}

/** The viewer classes of reference/presence.md §5: self, operator, team lead, colleague, supervisor. */
export type ViewerClass = 'self' | 'operator' | 'lead' | 'colleague' | 'supervisor';

/** Why a viewer may not watch a user. */
export type RefusalReason = 'no-relation' | 'works-council-mode';

/**
 * What one viewer may see of one user, as capabilities. When a viewer holds several relations
 * the broader one wins (XPhone's relationship matrix, reference §3), capability by capability.
 */
export type Relation =
  | {
    readonly kind: 'watch';
    /** The broadest class the viewer holds: self > operator > lead > colleague > supervisor. */
    readonly viewerClass: ViewerClass;
    /** Ringing inbound calls may be shown and picked up (§5.2: pickup group or operator). */
    readonly pickup: boolean;
    /** Substitute and forward target of unreachable users (operator, §5.2). */
    readonly routing: boolean;
    /** Hotline logged-in yes/no, no pause reason (team lead, §5.2). */
    readonly hotlineLogin: boolean;
  }
  | { readonly kind: 'refused'; readonly reason: RefusalReason };

interface TeamIndex {
  readonly members: ReadonlySet<UserKey>;
  readonly leads: ReadonlySet<UserKey>;
  readonly operators: ReadonlySet<UserKey>;
  readonly pickup: boolean;
}

interface RulesIndex {
  readonly teamsOf: ReadonlyMap<UserKey, readonly TeamIndex[]>;
  readonly supervisorsSeePeople: boolean;
  readonly absenceReasonReaders: ReadonlySet<UserKey>;
}

// Rules are frozen config swapped in one assignment (CONVENTIONS §2.5), so an index cached per
// rules object stays valid; NOTIFY fan-out asks for thousands of relations per second.
const indexes = new WeakMap<PresenceRules, RulesIndex>();

function indexOf(rules: PresenceRules): RulesIndex {
  const cached = indexes.get(rules);
  if (cached !== undefined) return cached;
  const teamsOf = new Map<UserKey, TeamIndex[]>();
  for (const team of rules.teams) {
    const t: TeamIndex = {
      members: new Set(team.members), leads: new Set(team.leads), operators: new Set(team.operators), pickup: team.pickup,
    };
    for (const member of t.members) {
      const list = teamsOf.get(member) ?? [];
      list.push(t);
      teamsOf.set(member, list);
    }
  }
  const index: RulesIndex = {
    teamsOf, supervisorsSeePeople: !rules.worksCouncilMode, absenceReasonReaders: new Set(rules.absenceReasonReaders),
  };
  indexes.set(rules, index);
  return index;
}

const SELF: Relation = Object.freeze({ kind: 'watch', viewerClass: 'self', pickup: false, routing: false, hotlineLogin: false });

/** The relation of `viewer` to `target` under `rules`. Depends on rules only, never on facts. */
export function relationOf(viewer: ViewerIdentity, target: UserKey, rules: PresenceRules): Relation {
  if (viewer.user === target) return SELF;
  const index = indexOf(rules);
  let operator = false;
  let lead = false;
  let colleague = false;
  let pickup = false;
  for (const team of index.teamsOf.get(target) ?? []) {
    if (team.operators.has(viewer.user)) operator = true;
    if (team.leads.has(viewer.user)) lead = true;
    if (team.members.has(viewer.user)) {
      colleague = true;
      if (team.pickup) pickup = true;
    }
  }
  const supervisor = viewer.roles?.includes('supervisor') ?? false;
  // Outside works-council mode a supervisor gets the team lead's view of everyone (product
  // choice P, docs/presence-privacy.md); in works-council mode the role alone grants nothing.
  const supervisorView = supervisor && index.supervisorsSeePeople;
  if (!operator && !lead && !colleague && !supervisorView) {
    return Object.freeze({ kind: 'refused', reason: supervisor ? 'works-council-mode' : 'no-relation' });
  }
  const viewerClass: ViewerClass = operator ? 'operator' : lead ? 'lead' : colleague ? 'colleague' : 'supervisor';
  return Object.freeze({
    kind: 'watch', viewerClass, pickup: pickup || operator, routing: operator, hotlineLogin: lead || supervisorView,
  });
}

/** Whether `viewer` may watch `target` at all (SUBSCRIBE, API, panel). False: refuse (403). */
export function mayWatch(viewer: ViewerIdentity, target: UserKey, rules: PresenceRules): boolean {
  return relationOf(viewer, target, rules).kind === 'watch';
}

/**
 * Whether `picker` may pick up calls ringing at `target`: a fellow member of a team with
 * `pickup: true`, or an operator of a team of the target. Never one's own calls (§5.3 test 3).
 * The pickup feature code and INVITE/Replaces must both ask this (§5.3 test 5).
 */
export function mayPickup(picker: UserKey, target: UserKey, rules: PresenceRules): boolean {
  const relation = relationOf({ user: picker }, target, rules);
  return relation.kind === 'watch' && relation.pickup;
}

/**
 * Whether `reader` may read the reasons of `target`'s absences: the user, and the users listed
 * in `absenceReasonReaders` only. Reasons never enter a projection for anyone else.
 */
export function mayReadAbsenceReason(reader: UserKey, target: UserKey, rules: PresenceRules): boolean {
  return reader === target || indexOf(rules).absenceReasonReaders.has(reader);
}
