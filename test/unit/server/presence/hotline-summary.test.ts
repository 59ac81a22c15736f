// reference/presence.md §5.2 row "hotline agent state" for operator and supervisor, and
// §5.3 test 13 at the pure level: counts only, suppressed below k, no pause reasons.
import t from 'tap';
import { emptyAggregate, applyEvent, summarizeHotline } from '../../../../server/src/presence/index.js';
import type { AgentState, PresenceAggregate } from '../../../../server/src/presence/index.js';
import { RULES, T0 } from './fixtures.js';

function agents(states: readonly AgentState[], hotline = 'buergertelefon'): PresenceAggregate {
  return states.reduce((agg, state, i) => applyEvent(agg, {
    kind: 'agent.changed', user: String(5000 + i), agent: { state, hotlines: [hotline] },
  }, T0), emptyAggregate());
}

const SV = { user: '9000', roles: ['supervisor'] as const };

void t.test('a supervisor gets counts per hotline once it has at least k agents', async (t) => {
  const agg = agents(['available', 'available', 'paused', 'wrap-up', 'logged-out', 'offered']);
  t.same(summarizeHotline(agg, 'buergertelefon', SV, RULES), { kind: 'counts', hotline: 'buergertelefon', agents: 6, loggedIn: 5, ready: 2 });
});

void t.test('counts for a hotline below k agents are suppressed, in either mode', async (t) => {
  const agg = agents(['available', 'paused', 'busy', 'wrap-up']);
  t.same(summarizeHotline(agg, 'buergertelefon', SV, RULES), { kind: 'suppressed', hotline: 'buergertelefon' });
  t.same(summarizeHotline(agg, 'buergertelefon', SV, { ...RULES, worksCouncilMode: false }), { kind: 'suppressed', hotline: 'buergertelefon' });
  t.same(summarizeHotline(agg, 'buergertelefon', SV, { ...RULES, aggregateMinGroup: 4 }),
    { kind: 'counts', hotline: 'buergertelefon', agents: 4, loggedIn: 4, ready: 1 });
});

void t.test('agents of other hotlines do not count', async (t) => {
  const agg = agents(['available', 'available', 'available', 'available', 'available'], 'kfz');
  t.same(summarizeHotline(agg, 'buergertelefon', SV, RULES), { kind: 'suppressed', hotline: 'buergertelefon' });
});

void t.test('the operator learns whether a hotline is staffed, nothing more', async (t) => {
  t.same(summarizeHotline(agents(['logged-out', 'paused']), 'buergertelefon', { user: '3000' }, RULES),
    { kind: 'staffed', hotline: 'buergertelefon', staffed: true });
  t.same(summarizeHotline(agents(['logged-out']), 'buergertelefon', { user: '3000' }, RULES),
    { kind: 'staffed', hotline: 'buergertelefon', staffed: false });
});

void t.test('colleagues and team leads get no hotline summary', async (t) => {
  for (const user of ['3002', '3003', '3004']) {
    t.same(summarizeHotline(agents(['available']), 'buergertelefon', { user }, RULES), { kind: 'refused', hotline: 'buergertelefon' }, user);
  }
});

void t.test('without aggregateMinGroup in the rules the default of 5 agents applies', async (t) => {
  const rules = { teams: RULES.teams, worksCouncilMode: true };
  t.same(summarizeHotline(agents(['available', 'available', 'available', 'available']), 'buergertelefon', SV, rules),
    { kind: 'suppressed', hotline: 'buergertelefon' });
  t.same(summarizeHotline(agents(['available', 'available', 'available', 'available', 'paused']), 'buergertelefon', SV, rules),
    { kind: 'counts', hotline: 'buergertelefon', agents: 5, loggedIn: 5, ready: 4 });
});
