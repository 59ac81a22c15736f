import t from 'tap';
import {
  HOTLINE_DEFAULTS, agentSnapshot, agentView, hotlineNumbers, hotlineView, initialState, nextDeadline,
} from '../../../../server/src/acd/index.js';
import type { HotlineConfig } from '../../../../server/src/acd/index.js';
import { Driver, T0, at, configOf, ofType, offered } from './driver.js';

const line = (over: Partial<HotlineConfig> = {}): HotlineConfig => ({
  number: '4100', strategy: 'linear', announceSec: 0, requires: { de: 1 },
  agents: [{ extension: '3001', skills: { de: 5 } }, { extension: '3002', skills: { de: 2 } }, { extension: '3003', skills: { en: 3 } }],
  ...over,
});

void t.test('applying a changed hotline keeps listed agents logged in (and paused with their reason) and callers waiting in order', async (t) => {
  const d = new Driver(configOf(line()));
  d.login('3001', undefined, 0);
  d.login('3002', undefined, 0);
  d.login('3003', undefined, 0);
  d.send({ type: 'agent.pause', extension: '3001', reason: 'lunch' }, 1);
  d.arrive('c1', '4100', 2);
  d.answer('3002', 3);
  d.arrive('c2', '4100', 4);
  d.arrive('c3', '4100', 5);
  const cmds = d.reconfigure(configOf(line({ strategy: 'ring-all', ringSec: 40, requires: { de: 3 }, agents: [{ extension: '3001', skills: { de: 5 } }, { extension: '3002', skills: { de: 2 } }] })), 6);
  t.same(ofType(cmds, 'call.outcome'), [], 'no caller is dropped');
  t.same(hotlineView(d.state, '4100', at(6))?.waiting.map((w) => w.callId), ['c2', 'c3']);
  t.match(agentView(d.state, '3001'), { state: 'paused', pauseReason: 'lunch', hotlines: ['4100'] });
  t.match(agentView(d.state, '3002'), { state: 'busy', hotlines: ['4100'] });
  t.match(agentView(d.state, '3003'), { state: 'logged-out', hotlines: [] }, 'removed from the list, so it left the hotline');
  t.match(ofType(cmds, 'agent.state-changed'), [{ extension: '3003', state: 'logged-out', previous: 'available' }]);
});

void t.test('a relaxed requirement reaches callers already waiting: the reload offers them at once', async (t) => {
  const d = new Driver(configOf(line()));
  d.login('3003', undefined, 0);
  d.arrive('c1', '4100', 1);
  t.same(offered(d.last), []);
  const cmds = d.reconfigure(configOf(line({ requires: { en: 1 } })), 2);
  t.match(ofType(cmds, 'offer'), [{ callId: 'c1', agents: ['3003'] }]);
});

void t.test('a removed hotline keeps serving the callers waiting in it and refuses new ones', async (t) => {
  const d = new Driver(configOf(line(), { number: '4200', announceSec: 0, agents: [{ extension: '3002' }] }));
  d.login('3001', '4100', 0);
  d.arrive('c1', '4100', 1);
  d.arrive('c2', '4100', 2);
  d.reconfigure(configOf({ number: '4200', announceSec: 0, agents: [{ extension: '3002' }] }), 3);
  t.same(hotlineNumbers(d.state), ['4200', '4100'], '4100 stays as a retired hotline');
  t.match(hotlineView(d.state, '4100', at(3)), { retired: true, waiting: [{ callId: 'c1' }, { callId: 'c2' }] });
  t.match(ofType(d.arrive('c3', '4100', 4), 'call.outcome'), [{ outcome: 'closed', reason: 'unknown-hotline' }]);
  d.answer('3001', 5);
  d.hangUp('c1', '3001', 6);
  t.match(ofType(d.last, 'offer'), [{ callId: 'c2', agents: ['3001'] }], 'its logged-in agent still serves it');
  d.answer('3001', 7);
  d.reconfigure(configOf({ number: '4200', announceSec: 0, agents: [{ extension: '3002' }] }), 8);
  t.same(hotlineNumbers(d.state), ['4200'], 'dropped once nobody waits in it');
});

void t.test('raising minAgents above the staffed count raises the staffing alarm; lowering it clears it', async (t) => {
  const d = new Driver(configOf(line({ minAgents: 1 })));
  d.login('3001', undefined, 0);
  const up = d.reconfigure(configOf(line({ minAgents: 2 })), 1);
  t.match(ofType(up, 'hotline.understaffed'), [{ cause: 'reconfigure', staffed: 1, minAgents: 2 }]);
  t.match(ofType(d.reconfigure(configOf(line({ minAgents: 1 })), 2), 'hotline.staffed'), [{ staffed: 1, minAgents: 1 }]);
});

void t.test('after a restart, logins, pauses and reasons equal their values before it', async (t) => {
  const d = new Driver(configOf(line(), { number: '4200', announceSec: 0, agents: [{ extension: '3001' }] }));
  d.login('3001', undefined, 0);
  d.login('3002', undefined, 0);
  d.send({ type: 'agent.pause', extension: '3002', reason: 'Schulung' }, 1);
  d.login('3003', undefined, 2);
  d.send({ type: 'agent.logout', extension: '3003' }, 3);
  const snap = agentSnapshot(d.state);
  const restarted = initialState(configOf(line(), { number: '4200', announceSec: 0, agents: [{ extension: '3001' }] }), { now: at(10), agents: snap });
  for (const ext of ['3001', '3002', '3003']) t.same(agentView(restarted, ext), agentView(d.state, ext), ext);
  t.same(agentSnapshot(restarted), snap);
});

void t.test('restored logins to hotlines the agent no longer belongs to are dropped', async (t) => {
  const s = initialState(configOf(line()), { now: T0, agents: [{ extension: '3001', hotlines: ['4100', '4999'], pauseReason: null }, { extension: '9999', hotlines: ['4100'], pauseReason: null }] });
  t.same(agentView(s, '3001')?.hotlines, ['4100']);
  t.equal(agentView(s, '9999'), undefined);
  t.equal(hotlineView(s, '4100', T0)?.loggedIn, 1);
});

void t.test('every option has a default, and impossible values are refused with hotline and field', async (t) => {
  const d = new Driver(configOf({ number: '4300', agents: [{ extension: '3001' }] }));
  d.login('3001', undefined, 0);
  d.arrive('c1', '4300', 1);
  t.match(ofType(d.last, 'offer'), [{ ringSec: HOTLINE_DEFAULTS.ringSec }]);
  t.equal(nextDeadline(d.state), at(1 + HOTLINE_DEFAULTS.ringSec));
  t.match(hotlineView(d.state, '4300', at(1)), { name: '4300', minAgents: 0, open: true });
  const bad: [string, HotlineConfig][] = [
    ['ringSec', { number: '1', ringSec: 0 }],
    ['maxWaitSec', { number: '1', maxWaitSec: -5 }],
    ['requires de', { number: '1', requires: { de: 12 } }],
    ['listed twice', { number: '1', agents: [{ extension: 'a' }, { extension: 'a' }] }],
    ['widen', { number: '1', escalation: [{ afterSec: 10, widen: 0 }] }],
  ];
  for (const [what, h] of bad) t.throws(() => initialState(configOf(h)), new RegExp(`hotline 1: .*${what}`), what);
  t.throws(() => initialState({ hotlines: { 4100: { number: '4200' } } }), /key differs/);
});

void t.test('an agent removed from a hotline stops ringing for its call, and the call moves on', async (t) => {
  const d = new Driver(configOf(line({ requires: {} })));
  d.login('3001', undefined, 0);
  d.login('3002', undefined, 0);
  d.arrive('c1', '4100', 1);
  t.same(offered(d.last), [['3001']]);
  const cmds = d.reconfigure(configOf(line({ requires: {}, agents: [{ extension: '3002' }] })), 2);
  t.match(ofType(cmds, 'cancel-offer'), [{ extension: '3001', reason: 'agent-unavailable' }]);
  t.same(offered(cmds), [['3002']]);
  t.match(agentView(d.state, '3001'), { state: 'logged-out', hotlines: [] });
});
