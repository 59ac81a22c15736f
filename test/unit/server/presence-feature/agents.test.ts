// Hotline agent states into presence facts: restored logins, ACD state changes, memberships
// from the configuration, and no pause reason ever in the facts.
import t from 'tap';
import pino from 'pino';
import { PresenceHub } from '../../../../server/src/presence-feature/hub.js';
import { AgentFeed } from '../../../../server/src/presence-feature/agents.js';
import { presenceSite } from './fixtures.js';

const site = presenceSite();

function feed(current = () => site) {
  const hub = new PresenceHub(() => 1_800_000_000_000, pino({ level: 'silent' }));
  return { hub, agents: new AgentFeed(hub, current) };
}

void t.test('agents logged in before a restart are restored, paused ones as paused, without the reason', async (t) => {
  const { hub, agents } = feed();
  agents.restore([
    { extension: '3001', hotlines: ['4300'], pauseReason: 'Arzttermin' },
    { extension: '3002', hotlines: [], pauseReason: null, idleSince: 5 },
  ]);
  t.same(hub.facts('3001').agent, { state: 'paused', hotlines: ['4300'] });
  t.same(hub.facts('3002').agent, { state: 'logged-out', hotlines: ['4300'] }, 'a member with no login is logged out');
  t.equal(hub.facts('3003').agent, null, 'a user who is no agent has no agent fact');
  t.notMatch(JSON.stringify(hub.snapshot().users.get('3001')), /Arzttermin/);
});

void t.test('state changes of the ACD reach the hub; other commands do not', async (t) => {
  const { hub, agents } = feed();
  agents.restore([]);
  agents.command({ type: 'agent.state-changed', extension: '3002', hotlines: ['4300'], state: 'available', previous: 'logged-out', pauseReason: null });
  t.same(hub.facts('3002').agent, { state: 'available', hotlines: ['4300'] });
  agents.command({ type: 'agent.state-changed', extension: '3002', hotlines: ['4300'], state: 'paused', previous: 'available', pauseReason: 'Mittag' });
  t.same(hub.facts('3002').agent, { state: 'paused', hotlines: ['4300'] }, 'the pause reason stays out');
  agents.command({ type: 'hotline.staffed', hotline: '4300', staffed: 1, minAgents: 1 });
  t.same(hub.facts('3002').agent, { state: 'paused', hotlines: ['4300'] });
});

void t.test('a new configuration moves memberships: a removed agent loses the fact, a new one gains it', async (t) => {
  let current = site;
  const { hub, agents } = feed(() => current);
  agents.restore([{ extension: '3001', hotlines: ['4300'], pauseReason: null }]);
  current = presenceSite((y) => y.replace('agents: [{ extension: "3001" }, { extension: "3002" }]', 'agents: [{ extension: "3001" }, { extension: "3003" }]'));
  agents.refresh();
  t.same(hub.facts('3001').agent, { state: 'available', hotlines: ['4300'] }, 'the login survives');
  t.equal(hub.facts('3002').agent, null);
  t.same(hub.facts('3003').agent, { state: 'logged-out', hotlines: ['4300'] });
});
