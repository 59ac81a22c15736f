import t from 'tap';
import { pickAgents } from '../../../../server/src/acd/strategies.js';
import type { Candidate } from '../../../../server/src/acd/strategies.js';
import type { AgentRec, CallRec } from '../../../../server/src/acd/state.js';
import type { StrategyKind } from '../../../../server/src/acd/index.js';
import { Driver, configOf, ofType } from './driver.js';

const TODAY = 20_000;

function cand(extension: string, position: number, o: { idle?: number | null; calls?: number; day?: number; de?: number; tried?: boolean } = {}): Candidate {
  const agent: AgentRec = {
    extension, loggedIn: ['4100'], pauseReason: null, device: 'free', call: null, wrapUpUntil: null, backoffUntil: null,
    missedInRow: 0, idleSince: o.idle === undefined ? 1000 : o.idle, callsDay: o.day ?? TODAY, callsToday: o.calls ?? 0, nextAt: null,
  };
  return { extension, agent, member: { extension, skills: o.de === undefined ? {} : { de: o.de }, tier: 1, position }, tried: o.tried ?? false };
}

const call = {
  callId: 'c', hotline: '4100', callerNumber: '1', priority: 0, enteredAt: 0, seq: 1, requires: null,
  steps: [{ atMs: 0, req: [['de', 1]], maxTier: 1 }], offer: null, tried: [], nextAnnounceAt: null, connectedTo: null, answeredAt: null, nextAt: null,
} satisfies CallRec;

const ctx = (rrLastPosition = -1) => ({ call, memberCount: 4, rrLastPosition, today: TODAY });

void t.test('each strategy picks the agent its definition names', async (t) => {
  const rows: { name: string; strategy: StrategyKind; cands: Candidate[]; rr?: number; want: string[] }[] = [
    { name: 'ring-all rings every candidate', strategy: 'ring-all', cands: [cand('b', 1), cand('a', 0), cand('c', 2)], want: ['a', 'b', 'c'] },
    { name: 'linear takes the first in list order', strategy: 'linear', cands: [cand('c', 2), cand('b', 1, { idle: 0 })], want: ['b'] },
    { name: 'linear moves past agents already tried for this call', strategy: 'linear', cands: [cand('a', 0, { tried: true }), cand('c', 2)], want: ['c'] },
    { name: 'round-robin starts after the last offered agent', strategy: 'round-robin', cands: [cand('a', 0), cand('b', 1), cand('d', 3)], rr: 1, want: ['d'] },
    { name: 'round-robin wraps around the list', strategy: 'round-robin', cands: [cand('a', 0), cand('b', 1)], rr: 3, want: ['a'] },
    { name: 'round-robin with nobody offered yet starts at the top', strategy: 'round-robin', cands: [cand('c', 2), cand('b', 1)], want: ['b'] },
    { name: 'longest-idle takes the earliest idleSince', strategy: 'longest-idle', cands: [cand('a', 0, { idle: 500 }), cand('b', 1, { idle: 100 }), cand('c', 2, { idle: 300 })], want: ['b'] },
    { name: 'longest-idle breaks ties by list order', strategy: 'longest-idle', cands: [cand('c', 2, { idle: 100 }), cand('b', 1, { idle: 100 })], want: ['b'] },
    { name: 'longest-idle prefers untried over idler', strategy: 'longest-idle', cands: [cand('a', 0, { idle: 1, tried: true }), cand('b', 1, { idle: 900 })], want: ['b'] },
    { name: 'fewest-calls takes the fewest answered today', strategy: 'fewest-calls', cands: [cand('a', 0, { calls: 3 }), cand('b', 1, { calls: 1 }), cand('c', 2, { calls: 2 })], want: ['b'] },
    { name: 'fewest-calls ignores counts of an earlier day', strategy: 'fewest-calls', cands: [cand('a', 0, { calls: 9, day: TODAY - 1, idle: 50 }), cand('b', 1, { calls: 1 })], want: ['a'] },
    { name: 'fewest-calls breaks ties by longest idle', strategy: 'fewest-calls', cands: [cand('a', 0, { calls: 1, idle: 900 }), cand('b', 1, { calls: 1, idle: 100 })], want: ['b'] },
    { name: 'skill-level-first takes the highest level', strategy: 'skill-level-first', cands: [cand('a', 0, { de: 3 }), cand('b', 1, { de: 7 }), cand('c', 2, { de: 5 })], want: ['b'] },
    { name: 'skill-level-first breaks ties by longest idle', strategy: 'skill-level-first', cands: [cand('a', 0, { de: 7, idle: 900 }), cand('b', 1, { de: 7, idle: 200 }), cand('c', 2, { de: 9, tried: true })], want: ['b'] },
  ];
  for (const r of rows) t.same(pickAgents(r.strategy, r.cands, ctx(r.rr)), r.want, r.name);
  t.same(pickAgents('longest-idle', [], ctx()), [], 'no candidate, no pick');
});

void t.test('round-robin hands successive calls to successive agents of the list', async (t) => {
  const d = new Driver(configOf({ number: '4100', strategy: 'round-robin', announceSec: 0, agents: ['a', 'b', 'c'].map((extension) => ({ extension })) }));
  for (const e of ['c', 'a', 'b']) d.login(e, undefined, 0);
  const got: string[] = [];
  for (let i = 0; i < 5; i++) {
    d.arrive(`c${i}`, '4100', 10 * i + 1);
    const ext = ofType(d.last, 'offer')[0]?.agents[0] as string;
    got.push(ext);
    d.answer(ext, 10 * i + 2);
    d.hangUp(`c${i}`, ext, 10 * i + 3);
  }
  t.same(got, ['a', 'b', 'c', 'a', 'b']);
});

void t.test('longest-idle counts from the end of the last call, and missed offers do not reset it', async (t) => {
  const d = new Driver(configOf({ number: '4100', strategy: 'longest-idle', announceSec: 0, agents: ['a', 'b', 'c'].map((extension) => ({ extension })) }));
  d.login('b', undefined, 0);
  d.login('c', undefined, 1);
  d.login('a', undefined, 2);
  d.arrive('c1', '4100', 10);
  t.match(ofType(d.last, 'offer'), [{ agents: ['b'] }], 'b logged in first');
  d.answer('b', 11);
  d.hangUp('c1', 'b', 20);
  d.arrive('c2', '4100', 30);
  t.match(ofType(d.last, 'offer'), [{ agents: ['c'] }]);
  d.reject('c', 'no-answer', 31);
  t.match(ofType(d.last, 'offer'), [{ agents: ['a'] }], 'the call moves on');
  d.answer('a', 32);
  d.arrive('c3', '4100', 40);
  t.match(ofType(d.last, 'offer'), [{ agents: ['c'] }], 'c still idle since its login at 1 s: the missed offer did not count');
});

void t.test('fewest-calls counts answered calls per Berlin day and starts over at local midnight', async (t) => {
  const d = new Driver(configOf({ number: '4100', strategy: 'fewest-calls', announceSec: 0, maxWaitSec: 86_400, agents: ['a', 'b'].map((extension) => ({ extension })) }));
  d.login('a', undefined, 0);
  d.login('b', undefined, 1);
  const serve = (id: string, sec: number): string => {
    d.arrive(id, '4100', sec);
    const ext = ofType(d.last, 'offer')[0]?.agents[0] as string;
    d.answer(ext, sec + 1);
    d.hangUp(id, ext, sec + 2);
    return ext;
  };
  t.equal(serve('c1', 10), 'a', 'tie at 0 calls: longest idle');
  t.equal(serve('c2', 20), 'b');
  t.equal(serve('c3', 30), 'a', 'tie at 1 call: a idle since 12 s, b since 22 s');
  t.equal(serve('c4', 40), 'b', 'b has 1 call, a has 2');
  t.equal(serve('c5', 50), 'a', '2:2, a idle longer');
  // T0 is 09:00 Berlin (CEST); 15 h later is 00:00 the next day.
  const midnight = 15 * 3600;
  t.equal(serve('c6', midnight - 10), 'b', 'before midnight b has 2, a has 3');
  t.equal(serve('c7', midnight + 10), 'a', 'after midnight both start at 0; a idle since before c6');
});

void t.test('skill-level-first gives the call to the strongest agent in the required skill', async (t) => {
  const d = new Driver(configOf({
    number: '4100', strategy: 'skill-level-first', announceSec: 0, requires: { de: 1 },
    agents: [{ extension: 'a', skills: { de: 3 } }, { extension: 'b', skills: { de: 9 } }, { extension: 'c', skills: { de: 9 } }],
  }));
  d.login('a', undefined, 0);
  d.login('c', undefined, 1);
  d.login('b', undefined, 2);
  d.arrive('c1', '4100', 10);
  t.match(ofType(d.last, 'offer'), [{ agents: ['c'] }], 'b and c tie at 9; c idle longer');
});
