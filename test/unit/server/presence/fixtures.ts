// Shared test data for the presence tests: literal facts (not built by the reducer under test),
// the viewers of reference/presence.md §5 and the rules that relate them.
import { presenceRulesSchema } from '../../../../server/src/presence/index.js';
import type { CallFact, Channel, UserFacts, Viewer, ViewerIdentity } from '../../../../server/src/presence/index.js';

export const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
export const DAY = 86_400_000;

/** The watched user is 3001; each viewer class has one representative. */
export const TARGET = '3001';
export const VIEWERS = {
  C: { user: '3003' },
  CP: { user: '3002' },
  TL: { user: '3004' },
  OP: { user: '3000' },
  SV: { user: '9000', roles: ['supervisor'] },
  ME: { user: '3001' },
} as const satisfies Record<string, ViewerIdentity>;
export type ViewerName = keyof typeof VIEWERS;

export const RULES = presenceRulesSchema.parse({
  teams: [
    { id: 'buergerbuero', members: ['3001', '3002'], leads: ['3004'], operators: ['3000'], pickup: true },
    { id: 'standesamt', members: ['3001', '3003'] },
  ],
  worksCouncilMode: true,
});

export function viewer(name: ViewerName, channel: Channel): Viewer {
  return { ...VIEWERS[name], channel };
}

/** Registered, idle, nothing set; overrides replace whole fields. */
export function facts(overrides: Partial<UserFacts> = {}): UserFacts {
  return {
    user: TARGET, devices: { registered: 1, reachable: 1 }, calls: [], dnd: false,
    manual: { status: 'auto', note: null, shareNote: false }, absences: [], substitute: null, forward: null, agent: null,
    ...overrides,
  };
}

export function call(overrides: Partial<CallFact> = {}): CallFact {
  return {
    id: 'leg-1', state: 'confirmed', direction: 'inbound', scope: 'external', party: '+498912345678', held: false,
    startedAt: T0 - 60_000, ...overrides,
  };
}
