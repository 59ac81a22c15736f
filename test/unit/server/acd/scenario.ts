/**
 * Random hotline worlds for the property loop: configurations, action sequences, and the runner that
 * drives the reducer like an adapter (ticking at every deadline) while the model checks each step.
 */
import fc from 'fast-check';
import {
  STRATEGY_KINDS, agentView, hotlineNumbers, hotlineView, initialState, nextDeadline, reconfigure, step,
} from '../../../../server/src/acd/index.js';
import type { AcdCommand, AcdConfig, AcdInput, AcdState, HotlineConfig } from '../../../../server/src/acd/index.js';
import { Model } from './model.js';
import { T0 } from './driver.js';

const SKILLS = ['de', 'en', 'fr'];
const EXTS = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
const NUMBERS = ['41', '42', '43'];

const levels = (maxKeys: number, minKeys = 0, max = 5) => fc.dictionary(fc.constantFrom(...SKILLS), fc.integer({ min: 1, max }), { minKeys, maxKeys });

const hotlineArb = (number: string): fc.Arbitrary<HotlineConfig> => fc.record({
  number: fc.constant(number),
  strategy: fc.constantFrom(...STRATEGY_KINDS),
  ringSec: fc.integer({ min: 5, max: 30 }),
  wrapUpSec: fc.constantFrom(0, 0, 10, 30),
  maxWaitSec: fc.integer({ min: 30, max: 300 }),
  minAgents: fc.integer({ min: 0, max: 2 }),
  priority: fc.integer({ min: 0, max: 2 }),
  requires: levels(2),
  escalation: fc.array(fc.record({
    afterSec: fc.integer({ min: 0, max: 120 }),
    requires: fc.option(levels(2), { nil: undefined }),
    widen: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }),
  }), { maxLength: 2 }),
  maxWaiting: fc.integer({ min: 1, max: 6 }),
  announceSec: fc.constantFrom(0, 20, 45),
  noAgentOverflowSec: fc.constantFrom(0, 60, 180),
  maxMissedOffers: fc.integer({ min: 0, max: 3 }),
  busyBackoffSec: fc.constantFrom(0, 5, 15),
  staffingAlarmRepeatSec: fc.constantFrom(30, 120),
  closeWaiting: fc.boolean(),
  overflow: fc.constantFrom(null, { voicemail: number }),
  agents: fc.shuffledSubarray(EXTS, { minLength: 1 }).chain((exts) => fc.tuple(...exts.map((extension) => fc.record({
    extension: fc.constant(extension), skills: levels(3, 1, 9), tier: fc.constantFrom(1, 1, 2),
  })))),
});

export const configArb: fc.Arbitrary<AcdConfig> = fc.shuffledSubarray(NUMBERS, { minLength: 1 })
  .chain((numbers) => fc.tuple(...numbers.map(hotlineArb)))
  .map((hs) => ({ hotlines: Object.fromEntries(hs.map((h) => [h.number, h])) }));

export type Action =
  | { k: 'arrive'; h: number; prio: number | undefined; req: Record<string, number> | undefined; dup: boolean }
  | { k: 'abandon' | 'end'; pick: number }
  | { k: 'answer'; pick: number; stale: boolean }
  | { k: 'reject'; pick: number; reason: 'no-answer' | 'declined' | 'busy' | 'unreachable' }
  | { k: 'login'; agent: number; h: number | undefined; pause: string | undefined }
  | { k: 'logout'; agent: number; h: number | undefined; force: boolean }
  | { k: 'pause'; agent: number; force: boolean; reason: string }
  | { k: 'resume' | 'wrap'; agent: number }
  | { k: 'device'; agent: number; device: 'free' | 'busy' | 'unreachable' }
  | { k: 'open' | 'close'; h: number }
  | { k: 'tick' }
  | { k: 'reconfigure'; config: AcdConfig };

// Indices are resolved at run time against the current configuration, so most actions hit a real
// member or hotline; the top value of each range stands for an unknown one.
const agentIdx = fc.integer({ min: 0, max: 20 });
const hIdx = fc.integer({ min: 0, max: 20 });
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ k: fc.constant('arrive' as const), h: hIdx, prio: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }), req: fc.option(levels(2), { nil: undefined, freq: 4 }), dup: fc.integer({ min: 0, max: 9 }).map((x) => x === 0) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constantFrom('abandon' as const, 'end' as const), pick: fc.nat() }) },
  { weight: 10, arbitrary: fc.record({ k: fc.constant('answer' as const), pick: fc.nat(), stale: fc.integer({ min: 0, max: 5 }).map((x) => x === 0) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('reject' as const), pick: fc.nat(), reason: fc.constantFrom('no-answer' as const, 'declined' as const, 'busy' as const, 'unreachable' as const) }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('end' as const), pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('login' as const), agent: agentIdx, h: fc.option(hIdx, { nil: undefined, freq: 3 }), pause: fc.option(fc.constant('meeting'), { nil: undefined, freq: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('logout' as const), agent: agentIdx, h: fc.option(hIdx, { nil: undefined }), force: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('pause' as const), agent: agentIdx, force: fc.boolean(), reason: fc.constantFrom('lunch', 'meeting') }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constantFrom('resume' as const, 'resume' as const, 'wrap' as const), agent: agentIdx }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('device' as const), agent: agentIdx, device: fc.constantFrom('free' as const, 'free' as const, 'busy' as const, 'unreachable' as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constantFrom('open' as const, 'open' as const, 'close' as const), h: hIdx }) },
  { weight: 2, arbitrary: fc.constant({ k: 'tick' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('reconfigure' as const), config: configArb }) },
);
export const stepsArb = fc.array(fc.tuple(actionArb, fc.integer({ min: 0, max: 25 })), { minLength: 30, maxLength: 90 });

/** Runs one random scenario; returns the model's violations (empty = all invariants held). */
export function runScenario(config: AcdConfig, actions: [Action, number][], warm = false): string[] {
  if (warm) {
    const logins = EXTS.map((_, agent): [Action, number] => [{ k: 'login', agent, h: undefined, pause: undefined }, 0]);
    return runScenario(config, [...logins, ...actions]);
  }
  const model = new Model(config);
  let state: AcdState = initialState(config, { now: T0 });
  let now = T0;
  model.now = now;
  let nextCall = 0;
  const offersSeen: { callId: string; offerId: number; ext: string }[] = [];
  const fail = (m: string): void => { model.violations.push(`t=${now}: ${m}`); };
  const ref = (id: string) => ({ hotline: model.calls.get(id)?.hotline ?? '41', callId: id, callerNumber: `+49${id}` });

  const afterStep = (cmds: readonly AcdCommand[], before: ReturnType<Model['snapshotStaffing']>, input: AcdInput | null): void => {
    const offers: { ext: string; callId: string }[] = [];
    if (input !== null) model.applyInput(input, cmds);
    model.applyCommands(cmds, offers);
    for (const c of cmds) if (c.type === 'offer') for (const ext of c.agents) offersSeen.push({ callId: c.callId, offerId: c.offerId, ext });
    model.checkStaffing(before, cmds);
    model.checkResting(offers);
    const deadline = nextDeadline(state);
    if (deadline !== null && deadline <= now) fail(`nextDeadline ${deadline} not after now`);
    const acdWaiting = new Set(hotlineNumbers(state).flatMap((h) => hotlineView(state, h, now)?.waiting.map((w) => w.callId) ?? []));
    const modelWaiting = new Set(model.waitingIds());
    if ([...acdWaiting].sort().join() !== [...modelWaiting].sort().join()) fail(`waiting calls differ: acd ${[...acdWaiting]} model ${[...modelWaiting]}`);
    if (modelWaiting.size > 0 && deadline === null) fail('calls wait but nextDeadline is null');
    for (const [id, c] of model.calls) if (c.status !== 'waiting' && c.outcomes !== 1) fail(`${id} is ${c.status} with ${c.outcomes} outcomes`);
    for (const ext of model.agents.keys()) {
      const v = agentView(state, ext);
      const m = model.agents.get(ext);
      const want = model.stateOf(ext);
      if (v === undefined || m === undefined) { fail(`agent ${ext} missing`); continue; }
      if (v.state !== want) fail(`${ext} is ${v.state} in the ACD, ${want} in the model`);
      if ([...v.hotlines].sort().join() !== [...m.loggedIn].sort().join()) fail(`${ext} logged in to ${v.hotlines} vs ${[...m.loggedIn]}`);
      if (want === 'paused' && v.pauseReason !== (m.paused ?? 'device-unreachable')) fail(`${ext} pause reason ${v.pauseReason}`);
    }
    for (const h of hotlineNumbers(state)) {
      if (hotlineView(state, h, now)?.staffed !== model.staffed(h)) fail(`${h} staffed ${hotlineView(state, h, now)?.staffed} vs ${model.staffed(h)}`);
    }
  };

  const send = (input: AcdInput): void => {
    const before = model.snapshotStaffing();
    const snapshot = JSON.stringify(hotlineNumbers(state).map((h) => hotlineView(state, h, now)));
    const r = step(state, input, now);
    const again = step(state, input, now);
    if (JSON.stringify(again.commands) !== JSON.stringify(r.commands) || nextDeadline(again.state) !== nextDeadline(r.state)) fail('step is not deterministic');
    if (JSON.stringify(hotlineNumbers(state).map((h) => hotlineView(state, h, now))) !== snapshot) fail('step changed its input state');
    state = r.state;
    afterStep(r.commands, before, input);
  };

  for (const [action, dt] of actions) {
    // Agents answer or reject within seconds, or the ring timer would nearly always win.
    const target = now + (action.k === 'answer' || action.k === 'reject' ? dt % 4 : dt) * 1000;
    for (let d = nextDeadline(state); d !== null && d <= target; d = nextDeadline(state)) {
      now = d;
      model.now = now;
      send({ type: 'tick' });
      if (model.violations.length > 0) return model.violations;
    }
    now = target;
    model.now = now;
    const configured = [...model.lines.keys()].filter((h) => !model.retired.has(h));
    const hotline = (i: number | undefined): string | undefined => (i === undefined ? undefined : i === 20 || configured.length === 0 ? '99' : configured[i % configured.length]);
    const members = [...model.agents.keys()].filter((e) => model.memberships(e).length > 0);
    const ext = (i: number): string => (i === 20 || members.length === 0 ? EXTS[i % EXTS.length] as string : members[i % members.length] as string);
    const pickFrom = <X>(xs: X[], i: number): X | undefined => (xs.length === 0 ? undefined : xs[i % xs.length]);
    const live = [...model.calls].flatMap(([callId, c]) => (c.offer === null ? [] : [...c.offer.agents].map((e) => ({ callId, offerId: (c.offer as { offerId: number }).offerId, ext: e }))));
    let input: AcdInput = { type: 'tick' };
    switch (action.k) {
      case 'arrive': {
        const dup = action.dup ? pickFrom(model.waitingIds(), nextCall) : undefined;
        const id = dup ?? `c${nextCall++}`;
        input = { type: 'call.arrived', hotline: dup !== undefined ? ref(dup).hotline : hotline(action.h) as string, callId: id, callerNumber: `+49${id}`, ...(action.prio === undefined ? {} : { priority: action.prio }), ...(action.req === undefined ? {} : { requires: action.req }) };
        break;
      }
      case 'abandon': {
        const id = pickFrom([...model.calls.keys()].filter((k) => model.calls.get(k)?.status !== 'ended'), action.pick);
        if (id !== undefined) input = { type: 'call.abandoned', ...ref(id) };
        break;
      }
      case 'end': {
        const id = pickFrom([...model.calls.keys()].filter((k) => model.calls.get(k)?.status === 'connected'), action.pick);
        if (id !== undefined) input = { type: 'call.ended', ...ref(id), extension: model.calls.get(id)?.connectedTo as string };
        break;
      }
      case 'answer': {
        const o = pickFrom(action.stale ? offersSeen : live, action.pick);
        if (o !== undefined) input = { type: 'offer.answered', ...ref(o.callId), offerId: o.offerId, extension: o.ext };
        break;
      }
      case 'reject': {
        const o = pickFrom(live, action.pick);
        if (o !== undefined) input = { type: 'offer.rejected', ...ref(o.callId), offerId: o.offerId, extension: o.ext, reason: action.reason };
        break;
      }
      case 'login': {
        const h = hotline(action.h);
        input = { type: 'agent.login', extension: ext(action.agent), ...(h === undefined ? {} : { hotline: h }), ...(action.pause === undefined ? {} : { pauseReason: action.pause }) };
        break;
      }
      case 'logout': {
        const h = hotline(action.h);
        input = { type: 'agent.logout', extension: ext(action.agent), ...(h === undefined ? {} : { hotline: h }), force: action.force };
        break;
      }
      case 'pause': input = { type: 'agent.pause', extension: ext(action.agent), reason: action.reason, force: action.force }; break;
      case 'resume': input = { type: 'agent.resume', extension: ext(action.agent) }; break;
      case 'wrap': input = { type: 'agent.wrap-up-ended', extension: ext(action.agent) }; break;
      case 'device': input = { type: 'agent.device-state', extension: ext(action.agent), device: action.device }; break;
      case 'open': input = { type: 'hotline.opened', hotline: hotline(action.h) as string }; break;
      case 'close': input = { type: 'hotline.closed', hotline: hotline(action.h) as string }; break;
      case 'tick': break;
      case 'reconfigure': {
        const r = reconfigure(state, action.config, now);
        state = r.state;
        const before = model.reconfigure(action.config);
        afterStep(r.commands, before, null);
        if (model.violations.length > 0) return model.violations;
        continue;
      }
    }
    send(input);
    if (model.violations.length > 0) return model.violations;
  }
  return model.violations;
}
