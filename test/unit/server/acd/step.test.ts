import t from 'tap';
import { agentView, hotlineView, nextDeadline } from '../../../../server/src/acd/index.js';
import type { HotlineConfig } from '../../../../server/src/acd/index.js';
import { Driver, at, configOf, ofType, offered } from './driver.js';

const buergerbuero = (over: Partial<HotlineConfig> = {}): HotlineConfig => ({
  number: '4100', name: 'Bürgerbüro', strategy: 'linear', ringSec: 20, maxWaitSec: 600, announceSec: 0,
  requires: { de: 1 },
  agents: [{ extension: '3001', skills: { de: 5, en: 3 } }, { extension: '3002', skills: { de: 2 } }, { extension: '3003', skills: { en: 4 } }],
  ...over,
});

void t.test('a call arriving while an agent is ready is offered to that agent at once with the hotline ring time', async (t) => {
  const d = new Driver(configOf(buergerbuero()));
  d.login('3001', undefined, 1);
  const cmds = d.arrive('c1', '4100', 2);
  t.match(ofType(cmds, 'offer'), [{ callId: 'c1', hotline: '4100', agents: ['3001'], ringSec: 20, escalationStep: 0, callerNumber: '+49301234001' }]);
  t.equal(agentView(d.state, '3001')?.state, 'offered');
  t.equal(nextDeadline(d.state), at(22), 'the ring timer is the next deadline');
});

void t.test('an agent lacking the required skill is not offered until an escalation step drops it', async (t) => {
  const d = new Driver(configOf(buergerbuero({ escalation: [{ afterSec: 90, requires: {} }] })));
  d.login('3003', undefined, 0);
  t.same(offered(d.arrive('c1', '4100', 10)), [], 'no de skill: nothing at arrival');
  t.same(offered(d.tick(99)), [], 'still nothing before 90 s of waiting');
  t.same(offered(d.tick(100)), [['3003']], 'offered when the call has waited 90 s');
  t.equal(ofType(d.last, 'offer')[0]?.escalationStep, 1);
});

void t.test('an escalation step lowers a level without ever adding a skill', async (t) => {
  const d = new Driver(configOf(buergerbuero({ requires: { de: 4 }, escalation: [{ afterSec: 30, requires: { de: 2, fr: 5 } }] })));
  d.login('3002', undefined, 0);
  t.same(offered(d.arrive('c1', '4100', 0)), [], 'de 2 is below de 4');
  t.same(offered(d.tick(30)), [['3002']], 'de lowered to 2; fr was not required before, so it is ignored');
});

void t.test('a tier-2 agent gets calls only once escalation widens to tier 2', async (t) => {
  const d = new Driver(configOf(buergerbuero({
    requires: {}, escalation: [{ afterSec: 60, widen: 2 }],
    agents: [{ extension: '3001' }, { extension: '3009', tier: 2 }],
  })));
  d.login('3009', undefined, 0);
  t.same(offered(d.arrive('c1', '4100', 0)), []);
  t.same(offered(d.tick(60)), [['3009']]);
});

void t.test('no answer within the ring time cancels the leg and moves on to the next agent', async (t) => {
  const d = new Driver(configOf(buergerbuero()));
  d.login('3001', undefined, 0);
  d.login('3002', undefined, 0);
  t.same(offered(d.arrive('c1', '4100', 1)), [['3001']]);
  const cmds = d.tick();
  t.equal(d.now, at(21));
  t.match(ofType(cmds, 'cancel-offer'), [{ extension: '3001', reason: 'ring-timeout', callId: 'c1' }]);
  t.same(offered(cmds), [['3002']]);
});

void t.test('a decline moves on at once and holds the decliner back for busyBackoffSec', async (t) => {
  const d = new Driver(configOf(buergerbuero({ busyBackoffSec: 15 })));
  d.login('3001', undefined, 0);
  d.arrive('c1', '4100', 1);
  t.same(offered(d.reject('3001', 'declined', 2)), [], 'the only agent declined and is backing off');
  t.same(offered(d.tick(16)), [], 'back-off runs 15 s from the decline');
  t.same(offered(d.tick(17)), [['3001']], 'offered again when the back-off ends');
});

void t.test('after maxMissedOffers unanswered offers in a row the agent is paused, never logged out, until it resumes', async (t) => {
  const d = new Driver(configOf(buergerbuero({ maxMissedOffers: 2 })));
  d.login('3001', undefined, 0);
  d.arrive('c1', '4100', 0);
  d.reject('3001', 'no-answer', 5);
  t.same(ofType(d.last, 'agent.paused-missed-offers'), [], 'one miss is below the threshold');
  t.same(offered(d.last), [['3001']], 'the only agent is rung again');
  d.reject('3001', 'no-answer', 10);
  t.match(ofType(d.last, 'agent.paused-missed-offers'), [{ extension: '3001', missed: 2, hotlines: ['4100'] }]);
  t.match(agentView(d.state, '3001'), { state: 'paused', pauseReason: 'missed-offers', hotlines: ['4100'] });
  t.same(offered(d.send({ type: 'agent.resume', extension: '3001' }, 11)), [['3001']], 'resume makes it available again');
});

void t.test('an answered offer connects, records the outcome once and frees nobody else', async (t) => {
  const d = new Driver(configOf(buergerbuero()));
  d.login('3001', undefined, 0);
  d.arrive('c1', '4100', 3);
  const cmds = d.answer('3001', 8);
  t.match(ofType(cmds, 'connect'), [{ callId: 'c1', extension: '3001' }]);
  t.match(ofType(cmds, 'call.outcome'), [{ callId: 'c1', outcome: 'answered', extension: '3001', waitSec: 5 }]);
  t.equal(agentView(d.state, '3001')?.state, 'busy');
  t.same(hotlineView(d.state, '4100', at(8))?.waiting, []);
});

void t.test('under ring-all every ready agent rings and the first answer cancels the other legs', async (t) => {
  const d = new Driver(configOf(buergerbuero({ strategy: 'ring-all', requires: {} })));
  for (const e of ['3001', '3002', '3003']) d.login(e, undefined, 0);
  t.same(offered(d.arrive('c1', '4100', 1)), [['3001', '3002', '3003']]);
  const cmds = d.answer('3002', 2);
  t.match(ofType(cmds, 'cancel-offer').map((c) => [c.extension, c.reason]), [['3001', 'answered-elsewhere'], ['3003', 'answered-elsewhere']]);
  t.equal(agentView(d.state, '3001')?.state, 'available');
  const late = d.answer('3003', 3);
  t.match(ofType(late, 'cancel-offer'), [{ extension: '3003', reason: 'late-answer' }], 'a late answer gets its leg torn down');
  t.same(ofType(late, 'call.outcome'), [], 'and no second outcome');
});

void t.test('wrap-up holds the agent back across all its hotlines until it ends or the agent ends it', async (t) => {
  const d = new Driver(configOf(
    buergerbuero({ wrapUpSec: 30, requires: {} }),
    { number: '4200', requires: {}, announceSec: 0, wrapUpSec: 30, agents: [{ extension: '3001' }] },
  ));
  d.login('3001', undefined, 0);
  d.arrive('c1', '4100', 1);
  d.answer('3001', 2);
  d.hangUp('c1', '3001', 60);
  t.equal(agentView(d.state, '3001')?.state, 'wrap-up');
  t.same(offered(d.arrive('c2', '4200', 61)), [], 'no offer from the other hotline during wrap-up');
  t.same(offered(d.tick(90)), [['3001']], 'offered when wrap-up ends, 30 s after the hang-up');
  d.answer('3001', 91);
  d.hangUp('c2', '3001', 100);
  d.arrive('c3', '4100', 101);
  t.same(offered(d.send({ type: 'agent.wrap-up-ended', extension: '3001' }, 105)), [['3001']], 'ending wrap-up early frees the agent at once');
});

void t.test('a caller hanging up while an agent rings cancels that leg at once and ends with abandoned', async (t) => {
  const d = new Driver(configOf(buergerbuero()));
  d.login('3001', undefined, 0);
  d.arrive('c1', '4100', 1);
  const cmds = d.abandon('c1', 4);
  t.match(ofType(cmds, 'cancel-offer'), [{ extension: '3001', reason: 'abandoned' }]);
  t.match(ofType(cmds, 'call.outcome'), [{ outcome: 'abandoned', waitSec: 3 }]);
  t.equal(agentView(d.state, '3001')?.state, 'available');
  t.same(d.abandon('c1', 5), [], 'a second hang-up changes nothing');
});

void t.test('overflow reasons send the call to the overflow target with one outcome', async (t) => {
  const cases: { name: string; over: Partial<HotlineConfig>; run: (d: Driver) => void; reason: string; waitSec: number }[] = [
    {
      name: 'max wait reached while an agent rings', over: { maxWaitSec: 30 }, reason: 'max-wait', waitSec: 30,
      run: (d) => { d.login('3001', undefined, 0); d.arrive('c1', '4100', 0); d.reject('3001', 'no-answer', 20); d.tick(30); },
    },
    {
      name: 'queue full at arrival', over: { maxWaiting: 1 }, reason: 'queue-full', waitSec: 0,
      run: (d) => { d.arrive('c0', '4100', 0); d.arrive('c1', '4100', 0); },
    },
    {
      name: 'no agent logged in for noAgentOverflowSec while waiting', over: { noAgentOverflowSec: 40 }, reason: 'no-agents', waitSec: 30,
      run: (d) => { d.arrive('c1', '4100', 10); d.tick(40); },
    },
    {
      name: 'arrival after no agent was logged in for noAgentOverflowSec', over: { noAgentOverflowSec: 40 }, reason: 'no-agents', waitSec: 0,
      run: (d) => { d.arrive('c1', '4100', 41); },
    },
  ];
  for (const c of cases) {
    const d = new Driver(configOf(buergerbuero({ overflow: { voicemail: '4100' }, ...c.over })));
    c.run(d);
    const outcomes = ofType(d.log, 'call.outcome').filter((o) => o.callId === 'c1');
    t.match(outcomes, [{ outcome: 'overflowed', reason: c.reason, waitSec: c.waitSec }], c.name);
    t.match(ofType(d.log, 'overflow').filter((o) => o.callId === 'c1'), [{ target: { voicemail: '4100' }, reason: c.reason }], c.name);
  }
});

void t.test('a closed hotline sends arrivals to afterHours and, with closeWaiting, the waiting callers too', async (t) => {
  for (const closeWaiting of [false, true]) {
    const d = new Driver(configOf(buergerbuero({ afterHours: { announcement: 'closed' }, closeWaiting })));
    d.login('3003', undefined, 0);
    d.arrive('c1', '4100', 1);
    const closing = d.send({ type: 'hotline.closed', hotline: '4100' }, 2);
    t.same(ofType(closing, 'close').map((c) => c.callId), closeWaiting ? ['c1'] : [], `closeWaiting ${closeWaiting}`);
    const later = d.arrive('c2', '4100', 3);
    t.match(ofType(later, 'close'), [{ callId: 'c2', target: { announcement: 'closed' }, reason: 'after-hours' }]);
    t.match(ofType(later, 'call.outcome'), [{ outcome: 'closed', reason: 'after-hours' }]);
  }
});

void t.test('a call for an unknown hotline is closed, and a repeated arrival of a waiting call is ignored', async (t) => {
  const d = new Driver(configOf(buergerbuero()));
  t.match(ofType(d.arrive('x1', '9999', 0), 'call.outcome'), [{ outcome: 'closed', reason: 'unknown-hotline' }]);
  d.arrive('c1', '4100', 1);
  t.same(d.arrive('c1', '4100', 2), []);
  t.equal(hotlineView(d.state, '4100', at(2))?.waiting.length, 1);
});

void t.test('the last staffed agent cannot log out or pause without force; with force the hotline alarms until staffed again', async (t) => {
  const d = new Driver(configOf(buergerbuero({ minAgents: 1, staffingAlarmRepeatSec: 300 })));
  d.login('3001', undefined, 0);
  for (const input of [{ type: 'agent.logout', extension: '3001' }, { type: 'agent.pause', extension: '3001', reason: 'lunch' }] as const) {
    const cmds = d.send(input, 10);
    t.match(cmds, [{ type: 'confirm-last-agent', extension: '3001', hotlines: [{ hotline: '4100', staffed: 1, minAgents: 1 }] }], input.type);
    t.equal(agentView(d.state, '3001')?.state, 'available', `${input.type} refused: nothing changed`);
  }
  const forced = d.send({ type: 'agent.logout', extension: '3001', force: true }, 20);
  t.match(ofType(forced, 'hotline.understaffed'), [{ hotline: '4100', staffed: 0, minAgents: 1, cause: 'logout', forced: true }]);
  t.match(ofType(forced, 'staffing-alarm'), [{ hotline: '4100', repeat: 0, since: at(20) }]);
  t.equal(nextDeadline(d.state), at(320));
  t.match(ofType(d.tick(), 'staffing-alarm'), [{ repeat: 1, since: at(20) }]);
  t.match(ofType(d.tick(), 'staffing-alarm'), [{ repeat: 2 }]);
  const back = d.login('3002', undefined, 700);
  t.match(ofType(back, 'hotline.staffed'), [{ hotline: '4100', staffed: 1 }]);
  t.equal(nextDeadline(d.state), null, 'no more alarms');
});

void t.test('a device going unreachable is a staffing drop that alarms without any request', async (t) => {
  const d = new Driver(configOf(buergerbuero({ minAgents: 2 })));
  d.login('3001', undefined, 0);
  d.login('3002', undefined, 0);
  const cmds = d.send({ type: 'agent.device-state', extension: '3002', device: 'unreachable' }, 5);
  t.match(ofType(cmds, 'hotline.understaffed'), [{ cause: 'device-unreachable', forced: false, staffed: 1 }]);
  t.match(agentView(d.state, '3002'), { state: 'paused', pauseReason: 'device-unreachable' });
  t.match(ofType(d.send({ type: 'agent.device-state', extension: '3002', device: 'free' }, 6), 'hotline.staffed'), [{ staffed: 2 }]);
});

void t.test('missed offers that pause the last agent raise the staffing alarm', async (t) => {
  const d = new Driver(configOf(buergerbuero({ minAgents: 1, maxMissedOffers: 1 })));
  d.login('3001', undefined, 0);
  d.arrive('c1', '4100', 0);
  const cmds = d.tick();
  t.match(ofType(cmds, 'hotline.understaffed'), [{ cause: 'missed-offers' }]);
  t.equal(ofType(cmds, 'staffing-alarm').length, 1);
});

void t.test('the first logins of the day raise neither an alarm nor a staffed event', async (t) => {
  const d = new Driver(configOf(buergerbuero({ minAgents: 2 })));
  t.same(ofType(d.login('3001', undefined, 0), 'staffing-alarm'), [], 'from 0 to 1 is a rise, not a drop');
  t.same(ofType(d.login('3002', undefined, 1), 'hotline.staffed'), [], 'never alarmed, so nothing to clear');
});

void t.test('an agent freed in two hotlines takes the higher-priority call first, then the longest waiting', async (t) => {
  const d = new Driver(configOf(
    buergerbuero({ requires: {}, priority: 0, agents: [{ extension: '3001' }] }),
    { number: '4200', priority: 5, requires: {}, announceSec: 0, agents: [{ extension: '3001' }] },
    { number: '4300', priority: 0, requires: {}, announceSec: 0, agents: [{ extension: '3001' }] },
  ));
  d.arrive('a', '4100', 0);
  d.arrive('b', '4300', 1);
  d.arrive('c', '4200', 2);
  d.login('3001', undefined, 3);
  t.match(ofType(d.last, 'offer'), [{ callId: 'c' }], 'priority 5 beats older calls');
  d.answer('3001', 5);
  d.hangUp('c', '3001', 10);
  t.match(ofType(d.last, 'offer'), [{ callId: 'a' }], 'then the longest-waiting call of equal priority, across hotlines');
});

void t.test('queued callers hear position and expected wait at arrival and every announceSec', async (t) => {
  const d = new Driver(configOf(buergerbuero({ announceSec: 60, expectedHandleSec: 120, agents: [{ extension: '3001', skills: { de: 1 } }, { extension: '3002', skills: { de: 1 } }] })));
  d.login('3001', undefined, 0);
  d.login('3002', undefined, 0);
  d.arrive('c1', '4100', 0);
  d.answer('3001', 1);
  d.arrive('c2', '4100', 2);
  d.answer('3002', 3);
  const first = d.arrive('c3', '4100', 10);
  t.match(ofType(first, 'announce-position'), [{ callId: 'c3', position: 1, expectedWaitSec: 60 }], '1 x 120 s / 2 staffed');
  d.arrive('c4', '4100', 20);
  t.match(ofType(d.last, 'announce-position'), [{ callId: 'c4', position: 2, expectedWaitSec: 120 }]);
  t.same(ofType(d.tick(69), 'announce-position'), [], 'not before 60 s');
  t.match(ofType(d.tick(70), 'announce-position'), [{ callId: 'c3', position: 1 }]);
  t.same(ofType(d.send({ type: 'agent.pause', extension: '3001', reason: 'x', force: true }, 75), 'announce-position'), []);
  t.match(ofType(d.tick(80), 'announce-position'), [{ callId: 'c4', position: 2, expectedWaitSec: 240 }], 'one staffed agent left');
});

void t.test('login to a hotline the agent is not a member of is refused; login-as-paused never rings in between', async (t) => {
  const d = new Driver(configOf(buergerbuero()));
  t.match(d.login('3001', '4200', 0), [{ type: 'agent.request-refused', reason: 'not-a-member', hotline: '4200' }]);
  t.match(d.login('9999', undefined, 0), [{ type: 'agent.request-refused', reason: 'unknown-agent' }]);
  d.arrive('c1', '4100', 1);
  const cmds = d.send({ type: 'agent.login', extension: '3001', pauseReason: 'meeting' }, 2);
  t.same(offered(cmds), []);
  t.match(agentView(d.state, '3001'), { state: 'paused', pauseReason: 'meeting' });
});

void t.test('time never runs backwards and nextDeadline is null when nothing is pending', async (t) => {
  const d = new Driver(configOf(buergerbuero()));
  t.equal(nextDeadline(d.state), null);
  d.login('3001', undefined, 100);
  d.arrive('c1', '4100', 50);
  t.equal(nextDeadline(d.state), at(120), 'the arrival is taken at 100 s, ringing until 120 s');
});

void t.test('a busy device skips the agent and cancels its ringing offer; free makes it eligible again', async (t) => {
  const d = new Driver(configOf(buergerbuero()));
  d.login('3001', undefined, 0);
  d.login('3002', undefined, 0);
  d.arrive('c1', '4100', 1);
  const cmds = d.send({ type: 'agent.device-state', extension: '3001', device: 'busy' }, 2);
  t.match(ofType(cmds, 'cancel-offer'), [{ extension: '3001', reason: 'agent-unavailable' }]);
  t.same(offered(cmds), [['3002']]);
  t.equal(agentView(d.state, '3001')?.state, 'busy');
});

void t.test('an agent whose best call goes to someone else gets its next-best call, never a worse one first', async (t) => {
  const d = new Driver(configOf(
    { number: '41', strategy: 'linear', announceSec: 0, agents: [{ extension: 'a4' }, { extension: 'a3' }, { extension: 'a1' }] },
    { number: '43', strategy: 'linear', announceSec: 0, agents: [{ extension: 'a1' }] },
  ));
  for (const e of ['a4', 'a3', 'a1']) d.login(e, undefined, 0);
  d.arrive('c3', '41', 1, { priority: 1 });
  d.arrive('c2', '43', 2);
  d.arrive('c4', '43', 3, { priority: 1 });
  t.same(offered(d.log), [['a4'], ['a1']], 'c3 rings a4, c2 rings a1, c4 waits');
  const cmds = d.tick(30);
  t.same(ofType(cmds, 'offer').map((o) => [o.callId, ...o.agents]), [['c3', 'a3'], ['c4', 'a1']], 'a1 waited for c3, which went to a3: a1 gets c4, not c2');
  t.same(hotlineView(d.state, '43', at(30))?.waiting.map((w) => [w.callId, w.offeredTo.length]), [['c4', 1], ['c2', 0]]);
});
