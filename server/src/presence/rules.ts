// Who may watch whom: the `teams` section of dialplans YAML (issue 9 item 2) and the
// relations derived from it. Relations depend on the rules only, never on facts, so a
// refusal can never tell a watcher anything about the watched user.
import { z } from 'zod';
import type { UserKey } from './facts.js';

/** Default of `aggregateMinGroup`. */
export const DEFAULT_AGGREGATE_MIN_GROUP = 5;

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
  aggregateMinGroup: z.number().int().min(2).max(1000).default(DEFAULT_AGGREGATE_MIN_GROUP)
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

/**
 * One team as presence reads it. Structurally the dialplan's team (extra keys such as `name`
 * are ignored), so the site config's frozen teams can be passed as they are.
 */
export interface PresenceTeam {
  readonly id: string;
  readonly members: readonly UserKey[];
  readonly leads: readonly UserKey[];
  readonly operators: readonly UserKey[];
  readonly pickup: boolean;
}

/**
 * The presence rules. Either the output of `presenceRulesSchema` or built from the site config
 * (`{ teams: site.teams, worksCouncilMode: site.worksCouncilMode }`); the optional keys take
 * their schema defaults when absent. Keep the `teams` array of one config snapshot: relations
 * are indexed per `teams` array.
 */
export interface PresenceRules {
  readonly teams: readonly PresenceTeam[];
  readonly worksCouncilMode: boolean;
  readonly aggregateMinGroup?: number;
  readonly absenceReasonReaders?: readonly UserKey[];
}

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

// Rules are frozen config swapped in one assignment (CONVENTIONS §2.5), so an index cached per
// teams array stays valid; NOTIFY fan-out asks for thousands of relations per second.
const indexes = new WeakMap<readonly PresenceTeam[], ReadonlyMap<UserKey, readonly TeamIndex[]>>();

function teamsOf(rules: PresenceRules, target: UserKey): readonly TeamIndex[] {
  let index = indexes.get(rules.teams);
  if (index === undefined) {
    const byMember = new Map<UserKey, TeamIndex[]>();
    for (const team of rules.teams) {
      const t: TeamIndex = {
        members: new Set(team.members), leads: new Set(team.leads), operators: new Set(team.operators), pickup: team.pickup,
      };
      for (const member of t.members) {
        const list = byMember.get(member) ?? [];
        list.push(t);
        byMember.set(member, list);
      }
    }
    index = byMember;
    indexes.set(rules.teams, index);
  }
  return index.get(target) ?? [];
}

const SELF: Relation = Object.freeze({ kind: 'watch', viewerClass: 'self', pickup: false, routing: false, hotlineLogin: false });

/** The relation of `viewer` to `target` under `rules`. Depends on rules only, never on facts. */
export function relationOf(viewer: ViewerIdentity, target: UserKey, rules: PresenceRules): Relation {
  if (viewer.user === target) return SELF;
  let operator = false;
  let lead = false;
  let colleague = false;
  let pickup = false;
  for (const team of teamsOf(rules, target)) {
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
  const supervisorView = supervisor && !rules.worksCouncilMode;
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
  return reader === target || (rules.absenceReasonReaders ?? []).includes(reader);
}
