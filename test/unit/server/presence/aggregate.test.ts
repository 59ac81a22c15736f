import t from 'tap';
import {
  activeAbsence, applyEvent, applyFact, emptyAggregate, emptyFacts, factsOf, nextPresenceChange,
} from '../../../../server/src/presence/index.js';
import type { FactEvent, UserFacts } from '../../../../server/src/presence/index.js';

const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function run(events: readonly FactEvent[], start: UserFacts = emptyFacts('3001'), now = T0): UserFacts {
  return events.reduce((f, e) => applyFact(f, e, now), start);
}

void t.test('a user nothing was reported about has no device, no call and nothing set', async (t) => {
  t.same(emptyFacts('3001'), {
    user: '3001', devices: { registered: 0, reachable: 0 }, calls: [], dnd: false,
    manual: { status: 'auto', note: null, shareNote: false }, absences: [], substitute: null, forward: null, agent: null,
  });
});

void t.test('facts are frozen and inputs return new objects without touching the old ones', async (t) => {
  const before = emptyFacts('3001');
  const after = applyFact(before, { kind: 'dnd.changed', user: '3001', on: true }, T0);
  t.equal(before.dnd, false);
  t.equal(after.dnd, true);
  t.ok(Object.isFrozen(after));
  t.ok(Object.isFrozen(after.calls));
});

void t.test('an input that changes nothing returns the very same facts object', async (t) => {
  const f = run([
    { kind: 'devices.changed', user: '3001', registered: 2, reachable: 1 },
    { kind: 'call.updated', user: '3001', call: { id: 'a', state: 'confirmed', direction: 'inbound', scope: 'external', party: '+4989123' } },
    { kind: 'dnd.changed', user: '3001', on: true },
    { kind: 'forward.changed', user: '3001', forward: { kind: 'external', number: '+491701234567' } },
    { kind: 'agent.changed', user: '3001', agent: { state: 'paused', hotlines: ['h1'] } },
  ]);
  const repeats: FactEvent[] = [
    { kind: 'devices.changed', user: '3001', registered: 2, reachable: 1 },
    { kind: 'call.updated', user: '3001', call: { id: 'a', state: 'confirmed', direction: 'inbound', scope: 'external', party: '+4989123' } },
    { kind: 'call.updated', user: '3001', call: { id: 'zz', state: 'terminated', direction: 'inbound', scope: 'external', party: 'x' } },
    { kind: 'dnd.changed', user: '3001', on: true },
    { kind: 'status.changed', user: '3001', manual: { status: 'auto', note: null, shareNote: false } },
    { kind: 'substitute.changed', user: '3001', substitute: null },
    { kind: 'forward.changed', user: '3001', forward: { kind: 'external', number: '+491701234567' } },
    { kind: 'agent.changed', user: '3001', agent: { state: 'paused', hotlines: ['h1'] } },
    { kind: 'absence.cleared', user: '3001', id: null },
    { kind: 'clock.tick', user: '3001' },
  ];
  for (const e of repeats) t.equal(applyFact(f, e, T0 + 1000), f, e.kind);
});

void t.test('calls are upserted by leg id, kept sorted, keep their start time and leave when terminated', async (t) => {
  let f = applyFact(emptyFacts('3001'), { kind: 'call.updated', user: '3001', call: { id: 'b', state: 'early', direction: 'inbound', scope: 'internal', party: '3002' } }, T0);
  f = applyFact(f, { kind: 'call.updated', user: '3001', call: { id: 'a', state: 'trying', direction: 'outbound', scope: 'external', party: '+4930111' } }, T0 + 5000);
  f = applyFact(f, { kind: 'call.updated', user: '3001', call: { id: 'b', state: 'confirmed', direction: 'inbound', scope: 'internal', party: '3002', held: true } }, T0 + 9000);
  t.same(f.calls, [
    { id: 'a', state: 'trying', direction: 'outbound', scope: 'external', party: '+4930111', held: false, startedAt: T0 + 5000 },
    { id: 'b', state: 'confirmed', direction: 'inbound', scope: 'internal', party: '3002', held: true, startedAt: T0 },
  ]);
  f = applyFact(f, { kind: 'call.updated', user: '3001', call: { id: 'b', state: 'terminated', direction: 'inbound', scope: 'internal', party: '3002' } }, T0 + 20_000);
  t.same(f.calls.map((c) => c.id), ['a']);
});

void t.test('absences are active from their start until their exclusive end', async (t) => {
  const f = run([{ kind: 'absence.set', user: '3001', absence: { id: 'x', reason: 'sick', from: T0 + DAY, until: T0 + 3 * DAY } }]);
  const cases: [number, string | null][] = [
    [T0, null], [T0 + DAY - 1, null], [T0 + DAY, 'x'], [T0 + 3 * DAY - 1, 'x'], [T0 + 3 * DAY, null],
  ];
  for (const [now, id] of cases) t.equal(activeAbsence(f, now)?.id ?? null, id, `at +${(now - T0) / HOUR}h`);
  const open = run([{ kind: 'absence.set', user: '3001', absence: { id: 'y', reason: 'holiday', from: T0, until: null } }]);
  t.equal(activeAbsence(open, T0 + 400 * DAY)?.id, 'y', 'an absence without end stays active');
});

void t.test('ended absences are dropped on the next input and past absences are never stored', async (t) => {
  const f = run([
    { kind: 'absence.set', user: '3001', absence: { id: 'x', reason: 'sick', from: T0, until: T0 + DAY } },
    { kind: 'absence.set', user: '3001', absence: { id: 'y', reason: 'training', from: T0 + 2 * DAY, until: T0 + 3 * DAY } },
  ]);
  t.same(applyFact(f, { kind: 'clock.tick', user: '3001' }, T0 + DAY).absences.map((a) => a.id), ['y']);
  const past = applyFact(emptyFacts('3001'), { kind: 'absence.set', user: '3001', absence: { id: 'p', reason: 'holiday', from: T0 - 9 * DAY, until: T0 - DAY } }, T0);
  t.same(past.absences, []);
});

void t.test('absences are replaced by id and cleared one by one or all at once', async (t) => {
  let f = run([
    { kind: 'absence.set', user: '3001', absence: { id: 'x', reason: 'sick', from: T0 + DAY, until: null } },
    { kind: 'absence.set', user: '3001', absence: { id: 'y', reason: 'holiday', from: T0, until: null } },
    { kind: 'absence.set', user: '3001', absence: { id: 'x', reason: 'training', from: T0 + DAY, until: T0 + 2 * DAY } },
  ]);
  t.same(f.absences, [
    { id: 'y', reason: 'holiday', from: T0, until: null },
    { id: 'x', reason: 'training', from: T0 + DAY, until: T0 + 2 * DAY },
  ]);
  f = applyFact(f, { kind: 'absence.cleared', user: '3001', id: 'y' }, T0);
  t.same(f.absences.map((a) => a.id), ['x']);
  t.same(applyFact(f, { kind: 'absence.cleared', user: '3001', id: null }, T0).absences, []);
});

void t.test('the next presence change is the nearest future absence start or end', async (t) => {
  const f = run([
    { kind: 'absence.set', user: '3001', absence: { id: 'x', reason: 'sick', from: T0 - DAY, until: T0 + 2 * DAY } },
    { kind: 'absence.set', user: '3001', absence: { id: 'y', reason: 'holiday', from: T0 + DAY, until: null } },
  ]);
  t.equal(nextPresenceChange(f, T0), T0 + DAY);
  t.equal(nextPresenceChange(f, T0 + DAY), T0 + 2 * DAY);
  t.equal(nextPresenceChange(f, T0 + 2 * DAY), null);
  t.equal(nextPresenceChange(emptyFacts('3001'), T0), null);
});

void t.test('impossible inputs are bugs and throw', async (t) => {
  const f = emptyFacts('3001');
  t.throws(() => applyFact(f, { kind: 'dnd.changed', user: '3002', on: true }, T0), /3002/);
  t.throws(() => applyFact(f, { kind: 'devices.changed', user: '3001', registered: 1, reachable: 2 }, T0), RangeError);
  t.throws(() => applyFact(f, { kind: 'devices.changed', user: '3001', registered: -1, reachable: 0 }, T0), RangeError);
  t.throws(() => applyFact(f, { kind: 'devices.changed', user: '3001', registered: 1.5, reachable: 0 }, T0), RangeError);
  t.throws(() => applyFact(f, { kind: 'absence.set', user: '3001', absence: { id: 'x', reason: 'sick', from: T0, until: T0 } }, T0), RangeError);
});

void t.test('the aggregate keeps every user and returns itself when nothing changed', async (t) => {
  const a0 = emptyAggregate();
  const a1 = applyEvent(a0, { kind: 'devices.changed', user: '3001', registered: 1, reachable: 1 }, T0);
  const a2 = applyEvent(a1, { kind: 'dnd.changed', user: '3002', on: true }, T0);
  t.equal(factsOf(a2, '3001').devices.reachable, 1);
  t.equal(factsOf(a2, '3002').dnd, true);
  t.same(factsOf(a2, '3999'), emptyFacts('3999'), 'an unknown user has empty facts');
  t.equal(applyEvent(a2, { kind: 'dnd.changed', user: '3002', on: true }, T0), a2);
  t.equal(a0.users.size, 0, 'the old aggregate is untouched');
  t.equal(a1.users.size, 1);
});
