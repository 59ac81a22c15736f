import t from 'tap';
import { huntCallView, huntInitialState, huntNextDeadline, huntOrder, huntStep } from '../../../../server/src/hunt-group/index.js';
import type { HuntCommand, HuntConfig, HuntGroupConfig, HuntInput, HuntState } from '../../../../server/src/hunt-group/index.js';

const T0 = Date.UTC(2026, 4, 12, 7, 0, 0);
const at = (sec: number): number => T0 + sec * 1000;

class Hunt {
  state: HuntState;
  last: readonly HuntCommand[] = [];
  constructor(...groups: HuntGroupConfig[]) {
    const config: HuntConfig = { groups: Object.fromEntries(groups.map((g) => [g.number, g])) };
    this.state = huntInitialState(config, T0);
  }
  send(input: HuntInput, sec: number): readonly HuntCommand[] {
    const r = huntStep(this.state, input, at(sec));
    this.state = r.state;
    this.last = r.commands;
    return r.commands;
  }
  arrive(callId: string, sec: number, group = '600'): readonly HuntCommand[] {
    return this.send({ type: 'call.arrived', group, callId, callerNumber: '+4930111' }, sec);
  }
  ringId(): number {
    const r = this.last.find((c) => c.type === 'ring');
    if (r?.type !== 'ring') throw new Error('no ring');
    return r.ringId;
  }
  answer(callId: string, member: string, ringId: number, sec: number): readonly HuntCommand[] {
    return this.send({ type: 'leg.answered', group: '600', callId, callerNumber: '+4930111', ringId, member }, sec);
  }
  fail(callId: string, member: string, ringId: number, reason: 'no-answer' | 'declined' | 'busy' | 'unreachable', sec: number): readonly HuntCommand[] {
    return this.send({ type: 'leg.failed', group: '600', callId, callerNumber: '+4930111', ringId, member, reason }, sec);
  }
  tick(): readonly HuntCommand[] {
    const d = huntNextDeadline(this.state);
    if (d === null) throw new Error('nothing pending');
    return this.send({ type: 'tick' }, (d - T0) / 1000);
  }
}

const rung = (cmds: readonly HuntCommand[]): string[][] =>
  cmds.flatMap((c) => (c.type === 'ring' ? [c.members.map((m) => ('user' in m ? m.user : m.external))] : []));
const typesOf = (cmds: readonly HuntCommand[]): string[] => cmds.map((c) => c.type);

const caretakers: HuntGroupConfig = {
  number: '600', strategy: 'linear', memberRingSec: 15, totalRingSec: 40, noAnswer: { voicemail: '600' },
  members: [{ user: '3001', ringSec: 10 }, { user: '3002' }, { external: '+4917012345' }],
};

void t.test('linear rings members one by one for their ring time and falls back after the total ring time', async (t) => {
  const h = new Hunt(caretakers);
  t.match(h.arrive('c1', 0), [{ type: 'ring', ringSec: 10, members: [{ user: '3001' }] }]);
  t.equal(huntNextDeadline(h.state), at(10));
  t.same(rung(h.tick()), [['3002']]);
  t.match(h.last, [{ type: 'cancel-ring', member: 'user:3001', reason: 'ring-timeout' }, { type: 'ring', ringSec: 15 }]);
  t.same(rung(h.tick()), [['+4917012345']], 'external numbers are members too');
  t.match(h.last, [{}, { type: 'ring', ringSec: 15 }], 'the external rings until the total of 40 s');
  const end = h.tick();
  t.equal(h.state.now, at(40));
  t.match(end, [
    { type: 'cancel-ring', member: 'external:+4917012345' },
    { type: 'fallback', target: { voicemail: '600' }, reason: 'no-answer' },
    { type: 'call.outcome', outcome: 'unanswered', ringSec: 40 },
  ]);
  t.equal(huntNextDeadline(h.state), null);
});

void t.test('a member ring is cut short by the total ring time, and the hunt cycles until it ends', async (t) => {
  const h = new Hunt({ ...caretakers, totalRingSec: 50, members: [{ user: '3001' }, { user: '3002' }] });
  h.arrive('c1', 0);
  t.same(rung(h.tick()), [['3002']]);
  t.same(rung(h.tick()), [['3001']], 'back to the top after the last member, at 30 s');
  t.same(rung(h.tick()), [['3002']]);
  t.match(h.last, [{}, { type: 'ring', ringSec: 5 }], 'at 45 s only 5 s of the total are left');
});

void t.test('an answer connects and records the outcome; a late answer is hung up', async (t) => {
  const h = new Hunt(caretakers);
  h.arrive('c1', 0);
  const first = h.ringId();
  h.tick();
  const second = h.ringId();
  t.match(h.answer('c1', 'user:3001', first, 11), [{ type: 'cancel-ring', reason: 'late-answer', member: 'user:3001' }]);
  t.match(h.answer('c1', 'user:3002', second, 12), [
    { type: 'connect', member: 'user:3002' },
    { type: 'call.outcome', outcome: 'answered', member: 'user:3002', ringSec: 12 },
  ]);
  t.same(huntCallView(h.state, 'c1'), { ringing: [], connectedTo: 'user:3002' });
  t.equal(huntNextDeadline(h.state), null);
});

void t.test('ring-all rings every available member for the whole total time; the first answer cancels the rest', async (t) => {
  const h = new Hunt({ ...caretakers, strategy: 'ring-all' });
  h.send({ type: 'member.device-state', user: '3002', device: 'unreachable' }, 0);
  t.match(h.arrive('c1', 1), [{ type: 'ring', ringSec: 40 }]);
  t.same(rung(h.last), [['3001', '+4917012345']], 'the unreachable user is skipped');
  const cmds = h.answer('c1', 'external:+4917012345', h.ringId(), 5);
  t.same(typesOf(cmds), ['cancel-ring', 'connect', 'call.outcome']);
  t.match(cmds[0], { member: 'user:3001', reason: 'answered-elsewhere' });
});

void t.test('busy members are skipped, and a member who declined is not rung again for the same call', async (t) => {
  const h = new Hunt({ ...caretakers, totalRingSec: 120 });
  h.send({ type: 'member.device-state', user: '3001', device: 'busy' }, 0);
  t.same(rung(h.arrive('c1', 0)), [['3002']]);
  t.same(rung(h.fail('c1', 'user:3002', h.ringId(), 'declined', 2)), [['+4917012345']], 'a decline moves on at once');
  h.send({ type: 'member.device-state', user: '3001', device: 'free' }, 3);
  t.same(rung(h.tick()), [['3001']], '3001 is free again when its turn comes');
  t.same(rung(h.tick()), [['+4917012345']], '3002 declined, so it is skipped in the next cycle');
});

void t.test('nobody available: the call goes to the no-answer target at once', async (t) => {
  const h = new Hunt({ ...caretakers, members: [{ user: '3001' }] });
  h.send({ type: 'member.device-state', user: '3001', device: 'unreachable' }, 0);
  t.match(h.arrive('c1', 0), [{ type: 'fallback', reason: 'no-members' }, { type: 'call.outcome', outcome: 'unanswered' }]);
  t.match(h.arrive('x', 0, '999'), [{ type: 'fallback', reason: 'unknown-group', target: null }, { type: 'call.outcome' }]);
});

void t.test('a member rings for one hunt call at a time; the next call hunts past it', async (t) => {
  const h = new Hunt(caretakers);
  t.same(rung(h.arrive('c1', 0)), [['3001']]);
  t.same(rung(h.arrive('c2', 1)), [['3002']]);
  const cmds = h.send({ type: 'call.abandoned', group: '600', callId: 'c1', callerNumber: '+4930111' }, 2);
  t.match(cmds, [{ type: 'cancel-ring', member: 'user:3001', reason: 'abandoned' }, { type: 'call.outcome', outcome: 'abandoned', ringSec: 2 }]);
  t.same(rung(h.arrive('c3', 3)), [['3001']], 'free again after the abandon');
});

void t.test('round-robin starts after the member who answered the previous call', async (t) => {
  const h = new Hunt({ ...caretakers, strategy: 'round-robin' });
  t.same(rung(h.arrive('c1', 0)), [['3001']], 'nobody answered yet: from the top');
  h.tick();
  h.answer('c1', 'user:3002', h.ringId(), 11);
  h.send({ type: 'call.ended', group: '600', callId: 'c1', callerNumber: '+4930111' }, 20);
  t.same(rung(h.arrive('c2', 21)), [['+4917012345']]);
  h.answer('c2', 'external:+4917012345', h.ringId(), 22);
  h.send({ type: 'call.ended', group: '600', callId: 'c2', callerNumber: '+4930111' }, 23);
  t.same(rung(h.arrive('c3', 24)), [['3001']], 'wraps around');
});

void t.test('longest-idle rings first whoever ended a hunt call longest ago, never-called members before all', async (t) => {
  const h = new Hunt({ ...caretakers, strategy: 'longest-idle', members: [{ user: 'a' }, { user: 'b' }, { user: 'c' }] });
  const serve = (id: string, member: string, sec: number, endSec: number): void => {
    h.arrive(id, sec);
    h.answer(id, member, h.ringId(), sec);
    h.send({ type: 'call.ended', group: '600', callId: id, callerNumber: '+4930111' }, endSec);
  };
  serve('c1', 'user:a', 0, 30);
  t.same(rung(h.arrive('c2', 31)), [['b']], 'b and c never had a call; list order');
  h.answer('c2', 'user:b', h.ringId(), 32);
  h.send({ type: 'call.ended', group: '600', callId: 'c2', callerNumber: '+4930111' }, 40);
  t.same(rung(h.arrive('c3', 41)), [['c']]);
  h.answer('c3', 'user:c', h.ringId(), 42);
  h.send({ type: 'call.ended', group: '600', callId: 'c3', callerNumber: '+4930111' }, 50);
  t.same(rung(h.arrive('c4', 51)), [['a']], 'a idle since 30 s, b since 40 s, c since 50 s');
});

void t.test('huntOrder lists members as each strategy defines', async (t) => {
  const g = { number: '1', name: '1', noAnswer: null, totalMs: 1, ringMs: new Map(), members: [], keys: ['user:a', 'user:b', 'user:c'] };
  const idle = new Map([['user:a', 50], ['user:b', 10]]);
  const facts = { lastAnswered: 'user:b', idleSince: (k: string) => idle.get(k) ?? null };
  t.same(huntOrder({ ...g, strategy: 'linear' }, facts), ['user:a', 'user:b', 'user:c']);
  t.same(huntOrder({ ...g, strategy: 'ring-all' }, facts), ['user:a', 'user:b', 'user:c']);
  t.same(huntOrder({ ...g, strategy: 'round-robin' }, facts), ['user:c', 'user:a', 'user:b']);
  t.same(huntOrder({ ...g, strategy: 'longest-idle' }, facts), ['user:c', 'user:b', 'user:a']);
});

void t.test('impossible configuration values are refused with group and field', async (t) => {
  t.throws(() => huntInitialState({ groups: { 600: { ...caretakers, memberRingSec: 0 } } }), /hunt group 600: memberRingSec/);
  t.throws(() => huntInitialState({ groups: { 600: { ...caretakers, members: [{ user: '1' }, { user: '1' }] } } }), /listed twice/);
  t.throws(() => huntInitialState({ groups: { 601: caretakers } }), /key differs/);
});
