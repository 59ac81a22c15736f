/**
 * Resolves `AcdConfig` into the frozen, indexed form the reducer works with: defaults applied,
 * durations in ms, escalation steps pre-computed, membership maps per hotline and per extension.
 * Rebuilt only by `initialState` and `reconfigure`, never per step.
 */
import type { AcdConfig, HotlineConfig, SkillLevels, StrategyKind, Target } from './config-types.js';

/** One required skill with its minimum level. */
export type SkillReq = readonly [skill: string, level: number];

/** The requirement in force from `atMs` of waiting on (step 0 is the base requirement at 0). */
export interface ReqStep {
  readonly atMs: number;
  readonly req: readonly SkillReq[];
  readonly maxTier: number;
}

/** An extension's membership in one hotline. */
export interface Member {
  readonly extension: string;
  readonly skills: SkillLevels;
  readonly tier: number;
  /** Index in the hotline's agent list (order for linear and round-robin, final tie-breaker elsewhere). */
  readonly position: number;
}

/** A hotline with defaults applied (see `HotlineConfig` for the meaning of each field). */
export interface Line {
  readonly index: number;
  readonly number: string;
  readonly name: string;
  readonly strategy: StrategyKind;
  readonly ringMs: number;
  readonly wrapUpMs: number;
  readonly maxWaitMs: number;
  readonly minAgents: number;
  readonly priority: number;
  readonly requires: SkillLevels;
  readonly escalation: readonly { readonly afterSec: number; readonly requires?: SkillLevels; readonly widen?: number }[];
  readonly steps: readonly ReqStep[];
  readonly overflow: Target | null;
  readonly afterHours: Target | null;
  readonly maxWaiting: number;
  readonly announceMs: number;
  readonly noAgentMs: number;
  readonly maxMissedOffers: number;
  readonly backoffMs: number;
  readonly alarmRepeatMs: number;
  readonly handleMs: number;
  readonly closeWaiting: boolean;
  readonly members: ReadonlyMap<string, Member>;
  readonly memberList: readonly string[];
  /** Removed from the configuration but still serving calls that waited when it was removed; takes no new calls. */
  readonly retired: boolean;
}

/** The resolved configuration. */
export interface AcdContext {
  readonly lines: readonly Line[];
  readonly byNumber: ReadonlyMap<string, Line>;
  /** Hotlines each extension is a member of (retired ones included). */
  readonly memberships: ReadonlyMap<string, readonly Line[]>;
}

/** Defaults of every optional hotline key (documented on `HotlineConfig`). */
export const HOTLINE_DEFAULTS = {
  strategy: 'longest-idle',
  ringSec: 20,
  wrapUpSec: 0,
  maxWaitSec: 600,
  minAgents: 0,
  priority: 0,
  maxWaiting: 50,
  announceSec: 60,
  noAgentOverflowSec: 30,
  maxMissedOffers: 3,
  busyBackoffSec: 10,
  staffingAlarmRepeatSec: 300,
  expectedHandleSec: 180,
  closeWaiting: false,
} as const satisfies Partial<HotlineConfig>;

function check(ok: boolean, hotline: string, message: string): void {
  // The zod schema in config/ rejects these with file and path; reaching here is a bug (CONVENTIONS §2.4).
  if (!ok) throw new RangeError(`hotline ${hotline}: ${message}`);
}

function checkLevels(levels: SkillLevels, hotline: string, what: string): void {
  for (const [skill, level] of Object.entries(levels)) {
    check(Number.isInteger(level) && level >= 0 && level <= 9, hotline, `${what} ${skill} must be a level 0-9`);
  }
}

/** Requirement steps for a call whose base requirement is `base`, under the hotline's escalation list. */
export function buildSteps(base: SkillLevels, escalation: Line['escalation']): readonly ReqStep[] {
  const steps: ReqStep[] = [{ atMs: 0, req: Object.entries(base).filter(([, l]) => l > 0), maxTier: 1 }];
  const sorted = [...escalation].sort((a, b) => a.afterSec - b.afterSec);
  for (const e of sorted) {
    const prev = steps[steps.length - 1] as ReqStep;
    const relaxTo = e.requires;
    // Only ever relax (hotlines.md §8 invariant 5): keep skills named again, at the lower level.
    const req = relaxTo === undefined
      ? prev.req
      : prev.req.filter(([s]) => relaxTo[s] !== undefined && (relaxTo[s] as number) > 0)
        .map(([s, l]): SkillReq => [s, Math.min(l, relaxTo[s] as number)]);
    steps.push({ atMs: e.afterSec * 1000, req, maxTier: Math.max(prev.maxTier, e.widen ?? prev.maxTier) });
  }
  return steps;
}

function resolveLine(h: HotlineConfig, index: number, retired: boolean): Line {
  const n = h.number;
  const d = HOTLINE_DEFAULTS;
  const num = (v: number | undefined, def: number, min: number, what: string): number => {
    const x = v ?? def;
    check(Number.isFinite(x) && x >= min, n, `${what} must be >= ${min}`);
    return x;
  };
  const requires = h.requires ?? {};
  checkLevels(requires, n, 'requires');
  const escalation = h.escalation ?? [];
  for (const e of escalation) {
    check(Number.isFinite(e.afterSec) && e.afterSec >= 0, n, 'escalation afterSec must be >= 0');
    if (e.requires) checkLevels(e.requires, n, 'escalation requires');
    check(e.widen === undefined || (Number.isInteger(e.widen) && e.widen >= 1), n, 'escalation widen must be a tier >= 1');
  }
  const members = new Map<string, Member>();
  (h.agents ?? []).forEach((a, position) => {
    check(!members.has(a.extension), n, `agent ${a.extension} listed twice`);
    const skills = a.skills ?? {};
    checkLevels(skills, n, `agent ${a.extension} skill`);
    const tier = a.tier ?? 1;
    check(Number.isInteger(tier) && tier >= 1, n, `agent ${a.extension} tier must be >= 1`);
    members.set(a.extension, { extension: a.extension, skills, tier, position });
  });
  return {
    index,
    number: n,
    name: h.name ?? n,
    strategy: h.strategy ?? d.strategy,
    ringMs: num(h.ringSec, d.ringSec, 1, 'ringSec') * 1000,
    wrapUpMs: num(h.wrapUpSec, d.wrapUpSec, 0, 'wrapUpSec') * 1000,
    maxWaitMs: num(h.maxWaitSec, d.maxWaitSec, 1, 'maxWaitSec') * 1000,
    minAgents: num(h.minAgents, d.minAgents, 0, 'minAgents'),
    priority: num(h.priority, d.priority, -Infinity, 'priority'),
    requires,
    escalation,
    steps: buildSteps(requires, escalation),
    overflow: h.overflow ?? null,
    afterHours: h.afterHours ?? null,
    maxWaiting: num(h.maxWaiting, d.maxWaiting, 1, 'maxWaiting'),
    announceMs: num(h.announceSec, d.announceSec, 0, 'announceSec') * 1000,
    noAgentMs: num(h.noAgentOverflowSec, d.noAgentOverflowSec, 0, 'noAgentOverflowSec') * 1000,
    maxMissedOffers: num(h.maxMissedOffers, d.maxMissedOffers, 0, 'maxMissedOffers'),
    backoffMs: num(h.busyBackoffSec, d.busyBackoffSec, 0, 'busyBackoffSec') * 1000,
    alarmRepeatMs: num(h.staffingAlarmRepeatSec, d.staffingAlarmRepeatSec, 1, 'staffingAlarmRepeatSec') * 1000,
    handleMs: num(h.expectedHandleSec, d.expectedHandleSec, 1, 'expectedHandleSec') * 1000,
    closeWaiting: h.closeWaiting ?? d.closeWaiting,
    members,
    memberList: [...members.keys()],
    retired,
  };
}

/** Builds the context from lines already resolved (used by reconfigure to keep retired hotlines). */
export function contextOf(lines: readonly Line[]): AcdContext {
  const byNumber = new Map<string, Line>();
  const memberships = new Map<string, Line[]>();
  for (const line of lines) {
    byNumber.set(line.number, line);
    for (const ext of line.memberList) {
      const list = memberships.get(ext);
      if (list) list.push(line);
      else memberships.set(ext, [line]);
    }
  }
  return { lines, byNumber, memberships };
}

/** Re-indexes a resolved line (reconfigure appends retired hotlines after the configured ones). */
export function withIndex(line: Line, index: number, retired: boolean): Line {
  return line.index === index && line.retired === retired ? line : { ...line, index, retired };
}

/** Applies defaults and indexes `config`. Throws RangeError on values the config schema must have rejected. */
export function resolveConfig(config: AcdConfig): AcdContext {
  const lines = Object.entries(config.hotlines).map(([key, h], i) => {
    check(key === h.number, key, `key differs from number ${h.number}`);
    return resolveLine(h, i, false);
  });
  return contextOf(lines);
}
