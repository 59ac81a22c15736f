/**
 * The hotline log entries of the ACD's commands (issue 7 item 8): logins and logouts per hotline
 * (an agent may leave one line and stay on others), pause and resume without the reason, queued,
 * offered, answered and abandoned calls, overflow, understaffed and staffed, in order.
 */
import t from 'tap';
import type { AcdCommand, AgentStateChangedCommand } from '../../../../server/src/acd/index.js';
import { logEntriesFor } from '../../../../server/src/hotlines/acd-service.js';

const changed = (extension: string, hotlines: string[], state: AgentStateChangedCommand['state'], previous: AgentStateChangedCommand['state'], pauseReason: string | null = null): AgentStateChangedCommand =>
  ({ type: 'agent.state-changed', extension, hotlines, state, previous, pauseReason });
const events = (commands: AcdCommand[], before: Record<string, string[]> = {}) =>
  logEntriesFor(commands, 1000, (ext) => before[ext] ?? []).map((e) => [e.event, e.hotline, e.agent ?? e.callId ?? null]);

void t.test('a login to every line of a logged-out agent logs one login per line', async (t) => {
  t.same(events([changed('3001', ['4400', '4403'], 'available', 'logged-out')]), [['login', '4400', '3001'], ['login', '4403', '3001']]);
});

void t.test('leaving one line while staying on another is a logout of that line only', async (t) => {
  t.same(events([changed('3001', ['4403'], 'available', 'available')], { 3001: ['4400', '4403'] }), [['logout', '4400', '3001']]);
});

void t.test('joining another line while logged in is a login of that line', async (t) => {
  t.same(events([changed('3001', ['4400', '4403'], 'busy', 'busy')], { 3001: ['4400'] }), [['login', '4403', '3001']]);
});

void t.test('a full logout names every line the agent was on', async (t) => {
  t.same(events([changed('3001', [], 'logged-out', 'available')], { 3001: ['4400', '4403'] }), [['logout', '4400', '3001'], ['logout', '4403', '3001']]);
});

void t.test('pause and resume on every line, without the reason', async (t) => {
  const paused = logEntriesFor([changed('3001', ['4400'], 'paused', 'available', 'lunch')], 1000, () => ['4400']);
  t.same(paused.map((e) => [e.event, e.hotline, e.agent]), [['pause', '4400', '3001']]);
  t.notOk(JSON.stringify(paused).includes('lunch'), 'the pause reason is not logged');
  t.same(events([changed('3001', ['4400'], 'available', 'paused')], { 3001: ['4400'] }), [['resume', '4400', '3001']]);
  t.same(events([changed('3001', [], 'logged-out', 'paused')], { 3001: ['4400'] }), [['logout', '4400', '3001']], 'a paused agent who logs out is logged out, not resumed');
  t.same(events([changed('3001', ['4400'], 'paused', 'logged-out', 'meeting')]), [['login', '4400', '3001'], ['pause', '4400', '3001']], 'a login in pause');
});

void t.test('two changes of one agent in one step are compared with each other', async (t) => {
  const cmds = [changed('3001', ['4400', '4403'], 'available', 'logged-out'), changed('3001', ['4403'], 'available', 'available')];
  t.same(events(cmds), [['login', '4400', '3001'], ['login', '4403', '3001'], ['logout', '4400', '3001']]);
});

void t.test('calls: queued on arrival, offered per agent, the outcome, overflow; the agent change first, then its consequences', async (t) => {
  const ref = { hotline: '4400', callId: 'c1', callerNumber: '+4989111222' };
  const arrived = logEntriesFor([{ type: 'offer', ...ref, offerId: 1, agents: ['3001', '3003'], ringSec: 20, escalationStep: 0 }], 5, () => [], { type: 'call.arrived', ...ref });
  t.same(arrived.map((e) => [e.event, e.agent ?? null, e.caller]), [['queued', null, '+4989111222'], ['offered', '3001', '+4989111222'], ['offered', '3003', '+4989111222']]);
  const turnedAway = logEntriesFor([{ type: 'call.outcome', ...ref, outcome: 'overflowed', reason: 'queue-full', waitSec: 0 }, { type: 'overflow', ...ref, target: null, reason: 'queue-full' }], 5, () => [], { type: 'call.arrived', ...ref });
  t.same(turnedAway.map((e) => [e.event, e.detail]), [['overflowed', { reason: 'queue-full' }]], 'a call turned away at once is not queued; overflowed once');
  t.same(events([{ type: 'call.outcome', ...ref, outcome: 'answered', extension: '3001', waitSec: 4 }]), [['answered', '4400', '3001']]);
  t.same(events([{ type: 'call.outcome', ...ref, outcome: 'abandoned', waitSec: 4 }]), [['abandoned', '4400', 'c1']]);
  const staffing = events([
    { type: 'hotline.understaffed', hotline: '4400', staffed: 0, minAgents: 1, cause: 'logout', forced: true },
    { type: 'staffing-alarm', hotline: '4400', staffed: 0, minAgents: 1, since: 1000, repeat: 0 },
    changed('3001', [], 'logged-out', 'available'),
  ], { 3001: ['4400'] });
  t.same(staffing, [['logout', '4400', '3001'], ['understaffed', '4400', null]], 'the logout is logged before the drop it caused; the alarm itself is no log entry');
  t.same(events([{ type: 'hotline.staffed', hotline: '4400', staffed: 1, minAgents: 1 }]), [['staffed', '4400', null]]);
});
