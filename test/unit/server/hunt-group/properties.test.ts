/**
 * Property loop for hunt groups: random groups and random interleavings of arrivals, answers, leg
 * failures, hang-ups, device changes and ticks; after every step a small model checks the rules.
 */
import t from 'tap';
import fc from 'fast-check';
import { HUNT_STRATEGIES, huntInitialState, huntNextDeadline, huntStep, memberKey } from '../../../../server/src/hunt-group/index.js';
import type { HuntConfig, HuntGroupConfig, HuntInput, HuntState } from '../../../../server/src/hunt-group/index.js';
import { holds } from '../acd/property.js';

const USERS = ['u1', 'u2', 'u3', 'u4'];
const EXTERNALS = ['+491701', '+491702'];

const groupArb = (number: string): fc.Arbitrary<HuntGroupConfig> => fc.record({
  number: fc.constant(number),
  strategy: fc.constantFrom(...HUNT_STRATEGIES),
  memberRingSec: fc.integer({ min: 3, max: 20 }),
  totalRingSec: fc.integer({ min: 5, max: 80 }),
  noAnswer: fc.constantFrom(null, { voicemail: number }),
  members: fc.shuffledSubarray([...USERS.map((user) => ({ user })), ...EXTERNALS.map((external) => ({ external }))], { minLength: 1 })
    .chain((ms) => fc.tuple(...ms.map((m) => fc.option(fc.integer({ min: 2, max: 25 }), { nil: undefined }).map((ringSec) => (ringSec === undefined ? m : { ...m, ringSec }))))),
});
const configArb: fc.Arbitrary<HuntConfig> = fc.tuple(groupArb('600'), groupArb('601')).map(([a, b]) => ({ groups: { 600: a, 601: b } }));

type Action =
  | { k: 'arrive'; g: number }
  | { k: 'answer' | 'abandon' | 'end'; pick: number }
  | { k: 'fail'; pick: number; reason: 'no-answer' | 'declined' | 'busy' | 'unreachable' }
  | { k: 'device'; user: number; device: 'free' | 'busy' | 'unreachable' }
  | { k: 'tick' };
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('arrive' as const), g: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constantFrom('answer' as const, 'abandon' as const, 'end' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('fail' as const), pick: fc.nat(), reason: fc.constantFrom('no-answer' as const, 'declined' as const, 'busy' as const, 'unreachable' as const) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('device' as const), user: fc.integer({ min: 0, max: USERS.length - 1 }), device: fc.constantFrom('free' as const, 'busy' as const, 'unreachable' as const) }) },
  { weight: 2, arbitrary: fc.constant({ k: 'tick' as const }) },
);

interface MCall { group: string; deadline: number; ringing: Map<string, number>; connected: string | null; outcomes: number; rung: boolean; skip: Set<string> }

function run(config: HuntConfig, actions: [Action, number][]): string[] {
  const errs: string[] = [];
  let state: HuntState = huntInitialState(config, 0);
  let now = 0;
  let seq = 0;
  const calls = new Map<string, MCall>();
  const busyWith = new Map<string, string>();
  const device = new Map<string, string>();
  const group = (g: string): HuntGroupConfig | undefined => config.groups[g];
  const ref = (id: string) => ({ group: calls.get(id)?.group ?? '600', callId: id, callerNumber: '+49' });

  const send = (input: HuntInput): void => {
    const r = huntStep(state, input, now);
    if (JSON.stringify(huntStep(state, input, now).commands) !== JSON.stringify(r.commands)) errs.push('not deterministic');
    if (input.type === 'call.arrived' && !calls.has(input.callId)) {
      const g = group(input.group);
      calls.set(input.callId, { group: input.group, deadline: now + (g?.totalRingSec ?? 60) * 1000, ringing: new Map(), connected: null, outcomes: 0, rung: false, skip: new Set() });
    }
    if (input.type === 'member.device-state') device.set(`user:${input.user}`, input.device);
    if (input.type === 'leg.failed') {
      const c = calls.get(input.callId);
      if (c?.ringing.get(input.member) === input.ringId) {
        c.ringing.delete(input.member);
        busyWith.delete(input.member);
        if (input.reason !== 'no-answer') c.skip.add(input.member);
      }
    }
    if ((input.type === 'call.ended' || input.type === 'call.abandoned') && calls.get(input.callId)?.connected != null) {
      busyWith.delete(calls.get(input.callId)?.connected as string);
      calls.delete(input.callId);
    }
    const available = (c: MCall, g: HuntGroupConfig): boolean => g.members.map(memberKey).some((k) => !c.skip.has(k) && !busyWith.has(k) && (device.get(k) ?? 'free') === 'free');
    for (const cmd of r.commands) {
      const c = calls.get(cmd.callId);
      const g = group(cmd.group);
      switch (cmd.type) {
        case 'ring':
          if (c === undefined || g === undefined) { errs.push(`ring for unknown ${cmd.callId}`); break; }
          if (cmd.members.length > 1 && g.strategy !== 'ring-all') errs.push('several members rung outside ring-all');
          if (now + cmd.ringSec * 1000 > c.deadline) errs.push(`${cmd.callId} rings past its total ring time`);
          for (const m of cmd.members) {
            const k = memberKey(m);
            if (busyWith.has(k)) errs.push(`${k} rung for ${cmd.callId} while busy with ${busyWith.get(k)}`);
            if ((device.get(k) ?? 'free') !== 'free') errs.push(`${k} rung while ${device.get(k)}`);
            if (c.skip.has(k)) errs.push(`${k} rung again after declining ${cmd.callId}`);
            const max = (m.ringSec ?? g.memberRingSec ?? 15);
            if (g.strategy !== 'ring-all' && cmd.ringSec > max) errs.push(`${k} rung ${cmd.ringSec} s > ${max}`);
            busyWith.set(k, cmd.callId);
            c.ringing.set(k, cmd.ringId);
          }
          c.rung = true;
          break;
        case 'cancel-ring':
          if (cmd.reason === 'late-answer') break;
          if (c?.ringing.get(cmd.member) !== cmd.ringId) { errs.push(`cancel of a leg that does not ring: ${cmd.member}`); break; }
          c.ringing.delete(cmd.member);
          busyWith.delete(cmd.member);
          break;
        case 'connect':
          if (c?.ringing.get(cmd.member) !== cmd.ringId) { errs.push(`connect of ${cmd.member} who does not ring`); break; }
          c.ringing.delete(cmd.member);
          if (c.ringing.size > 0) errs.push(`${cmd.callId} answered while others still ring`);
          c.connected = cmd.member;
          break;
        case 'fallback':
          if (c === undefined || g === undefined) break;
          if (cmd.reason === 'no-members' && c.rung) errs.push('no-members after members were rung');
          if (cmd.reason === 'no-answer' && now < c.deadline && g.strategy !== 'ring-all' && available(c, g)) errs.push(`${cmd.callId} gave up early with members available`);
          break;
        case 'call.outcome':
          if (c === undefined) break;
          c.outcomes++;
          if (c.outcomes > 1) errs.push(`second outcome for ${cmd.callId}`);
          if (cmd.outcome !== 'answered') {
            if (c.ringing.size > 0) errs.push(`${cmd.callId} ended with legs ringing`);
            calls.delete(cmd.callId);
          }
          break;
      }
    }
    state = r.state;
    const d = huntNextDeadline(state);
    const anyRinging = [...calls.values()].some((c) => c.ringing.size > 0);
    if (d !== null && d <= now) errs.push('nextDeadline not after now');
    if ((d !== null) !== anyRinging) errs.push(`nextDeadline ${d} but ringing ${anyRinging}`);
    for (const [id, c] of calls) if (c.connected === null && c.ringing.size === 0) errs.push(`${id} neither rings nor is connected nor ended`);
  };

  for (const [a, dt] of actions) {
    const target = now + dt * 1000;
    for (let d = huntNextDeadline(state); d !== null && d <= target; d = huntNextDeadline(state)) {
      now = d;
      send({ type: 'tick' });
      if (errs.length > 0) return errs;
    }
    now = target;
    const legs = [...calls].flatMap(([id, c]) => [...c.ringing].map(([member, ringId]) => ({ id, member, ringId })));
    const pick = <X>(xs: X[], i: number): X | undefined => xs[i % Math.max(xs.length, 1)];
    switch (a.k) {
      case 'arrive': send({ type: 'call.arrived', group: ['600', '601', '699'][a.g] as string, callId: `h${seq++}`, callerNumber: '+49' }); break;
      case 'answer': { const l = pick(legs, a.pick); if (l) send({ type: 'leg.answered', ...ref(l.id), ringId: l.ringId, member: l.member }); break; }
      case 'fail': { const l = pick(legs, a.pick); if (l) send({ type: 'leg.failed', ...ref(l.id), ringId: l.ringId, member: l.member, reason: a.reason }); break; }
      case 'abandon': { const id = pick([...calls.keys()], a.pick); if (id) send({ type: 'call.abandoned', ...ref(id) }); break; }
      case 'end': { const id = pick([...calls.keys()].filter((k) => calls.get(k)?.connected != null), a.pick); if (id) send({ type: 'call.ended', ...ref(id) }); break; }
      case 'device': send({ type: 'member.device-state', user: USERS[a.user] as string, device: a.device }); break;
      case 'tick': send({ type: 'tick' }); break;
    }
    if (errs.length > 0) return errs;
  }
  return errs;
}

void t.test('hunt groups keep their rules after every step of random traffic', async (t) => {
  holds(t, fc.property(configArb, fc.array(fc.tuple(actionArb, fc.integer({ min: 0, max: 20 })), { minLength: 20, maxLength: 80 }), (config, actions) => {
    const errs = run(config, actions);
    if (errs.length > 0) throw new Error(errs.slice(0, 5).join('\n'));
    return true;
  }), { numRuns: 300 });
});
