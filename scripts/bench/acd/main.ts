/**
 * ACD benchmark (issue 6 item 9): 2,000 agents, 50 skills, 20 hotlines, about 500 waiting calls,
 * and a realistic mix of arrivals, answers, declines, no-answers, hang-ups, abandons, wrap-ups,
 * logins, logouts and pauses, driven by a discrete-event simulation on a simulated clock.
 * The simulation records its inputs; the figures come from replaying them (see below). Only the time
 * inside `step` is measured. Last line: {"decisionsPerSec", "p50Us", "p99Us"}.
 *
 * Usage: npm run bench:acd [-- --steps 300000 --seed 7 --replays 5]
 */
import { availableParallelism, loadavg } from 'node:os';
import { hotlineNumbers, hotlineView, initialState, nextDeadline, step } from '../../../server/src/acd/index.js';
import type { AcdCommand, AcdConfig, AcdInput, AcdState, HotlineConfig, StrategyKind } from '../../../server/src/acd/index.js';
import { parseOrExit } from '../lib/args.js';

// Only --help: the options are read one by one below.
parseOrExit(import.meta.filename, () => undefined);

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const STEPS = arg('steps', 300_000);
const SEED = arg('seed', 7);
const AGENTS = 2000;
const SKILLS = 50;
const HOTLINES = 20;
const TARGET_WAITING = 500;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);
const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = <X>(xs: readonly X[]): X => xs[Math.floor(rnd() * xs.length)] as X;

// ---- configuration: 19 large hotlines; every agent in 1-3 of them with the hotline's skill plus
// extras; hotline 19 is a small ring-all line (caretakers' on-call, 8 agents who are also elsewhere).
const STRATEGIES: StrategyKind[] = ['longest-idle', 'longest-idle', 'longest-idle', 'fewest-calls', 'skill-level-first', 'round-robin', 'linear'];
const RING_ALL = HOTLINES - 1;
const exts = Array.from({ length: AGENTS }, (_, i) => String(10000 + i));
const skillOf = (h: number): string => `s${(h * 5) % SKILLS}`;
const members: { extension: string; skills: Record<string, number>; tier: number }[][] = Array.from({ length: HOTLINES }, () => []);
const agentHotlines = new Map<string, number[]>();
exts.forEach((ext, i) => {
  const n = int(1, 3);
  const hs = new Set<number>();
  while (hs.size < n) hs.add(int(0, RING_ALL - 1));
  if (i % 250 === 0) hs.add(RING_ALL);
  agentHotlines.set(ext, [...hs]);
  for (const h of hs) {
    const skills: Record<string, number> = { [skillOf(h)]: int(1, 9) };
    for (let k = 0; k < 3; k++) skills[`s${int(0, SKILLS - 1)}`] = int(1, 9);
    (members[h] as { extension: string; skills: Record<string, number>; tier: number }[]).push({ extension: ext, skills, tier: rnd() < 0.1 ? 2 : 1 });
  }
});
const hotlines: HotlineConfig[] = members.map((agents, h) => ({
  number: String(4100 + h), name: `Hotline ${h}`, strategy: h === RING_ALL ? 'ring-all' : STRATEGIES[h % STRATEGIES.length] as StrategyKind,
  ringSec: 15, wrapUpSec: pick([0, 10, 30]), maxWaitSec: 3600, minAgents: 2, priority: h % 7 === 0 ? 1 : 0,
  requires: { [skillOf(h)]: 3 }, escalation: [{ afterSec: 60, requires: { [skillOf(h)]: 1 } }, { afterSec: 180, widen: 2 }],
  overflow: { voicemail: String(4100 + h) }, maxWaiting: 200, announceSec: 45, noAgentOverflowSec: 120,
  maxMissedOffers: 3, busyBackoffSec: 10, staffingAlarmRepeatSec: 300, agents,
}));
const config: AcdConfig = { hotlines: Object.fromEntries(hotlines.map((h) => [h.number, h])) };

// ---- simulation: a min-heap of external events on a simulated clock -------------------------------
type Ext = { at: number; input: AcdInput };
const events: Ext[] = [];
function push(e: Ext): void {
  events.push(e);
  for (let i = events.length - 1; i > 0;) {
    const p = (i - 1) >> 1;
    if ((events[p] as Ext).at <= (events[i] as Ext).at) break;
    [events[p], events[i]] = [events[i] as Ext, events[p] as Ext];
    i = p;
  }
}
function pop(): Ext | undefined {
  const top = events[0];
  const last = events.pop();
  if (events.length > 0 && last !== undefined) {
    events[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < events.length && (events[l] as Ext).at < (events[m] as Ext).at) m = l;
      if (r < events.length && (events[r] as Ext).at < (events[m] as Ext).at) m = r;
      if (m === i) break;
      [events[m], events[i]] = [events[i] as Ext, events[m] as Ext];
      i = m;
    }
  }
  return top;
}

let now = Date.UTC(2026, 4, 12, 6, 0, 0);
let state: AcdState = initialState(config, { now });
const lat: number[] = [];
let waiting = 0;
let callSeq = 0;
const callHotline = new Map<string, string>();
const counts: Record<string, number> = {};

function handle(cmds: readonly AcdCommand[]): void {
  for (const c of cmds) {
    const key = c.type === 'call.outcome' ? `outcome:${c.outcome}` : c.type;
    counts[key] = (counts[key] ?? 0) + 1;
    if (c.type === 'offer') {
      for (const ext of c.agents) {
        const r = rnd();
        const ref = { hotline: c.hotline, callId: c.callId, callerNumber: c.callerNumber, offerId: c.offerId, extension: ext };
        // 85 % answer within 2-10 s, 5 % decline, the rest let it ring out (ACD ring timer).
        if (r < 0.85) push({ at: now + int(2000, 10_000), input: { type: 'offer.answered', ...ref } });
        else if (r < 0.9) push({ at: now + int(1000, 5000), input: { type: 'offer.rejected', ...ref, reason: 'declined' } });
      }
    } else if (c.type === 'connect') {
      push({ at: now + int(60_000, 420_000), input: { type: 'call.ended', hotline: c.hotline, callId: c.callId, callerNumber: c.callerNumber, extension: c.extension } });
    } else if (c.type === 'call.outcome') {
      waiting--;
    }
  }
}

const recorded: [AcdInput, number][] = [];
function run(input: AcdInput, at: number): void {
  now = Math.max(now, at);
  const t0 = process.hrtime.bigint();
  const r = step(state, input, now);
  lat.push(Number(process.hrtime.bigint() - t0) / 1000);
  recorded.push([input, now]);
  state = r.state;
  if (input.type === 'call.arrived') waiting++;
  handle(r.commands);
}

// Callers pick hotlines in proportion to their size, so the small ring-all line is not flooded.
const weights = members.map((m) => m.length);
const totalWeight = weights.reduce((a, b) => a + b, 0);
function pickHotline(): number {
  let r = rnd() * totalWeight;
  for (let h = 0; h < HOTLINES; h++) {
    r -= weights[h] as number;
    if (r < 0) return h;
  }
  return HOTLINES - 1;
}

// Arrivals: rate steers the queue towards TARGET_WAITING; 10 % of callers give up after 1-5 min.
function scheduleArrival(): void {
  const rate = waiting < TARGET_WAITING ? 12 : 3;
  const at = now + Math.max(1, Math.round(-Math.log(1 - rnd()) * (1000 / rate)));
  const h = String(4100 + pickHotline());
  const callId = `c${callSeq++}`;
  callHotline.set(callId, h);
  const ref = { hotline: h, callId, callerNumber: `+4930${100000 + callSeq}` };
  push({ at, input: { type: 'call.arrived', ...ref } });
  if (rnd() < 0.1) push({ at: at + int(60_000, 300_000), input: { type: 'call.abandoned', ...ref } });
}

// Agent churn every ~250 ms of simulated time: a pause (back after 3-20 min), a logout from one
// hotline (back after 5-30 min), or the user's phone busy on another call or unreachable (1-8 min).
// Each change schedules its own reversal, so about a tenth of the agents are away at any time.
function scheduleChurn(): void {
  const at = now + int(100, 400);
  const ext = pick(exts);
  const r = rnd();
  if (r < 0.5) {
    push({ at, input: { type: 'agent.pause', extension: ext, reason: pick(['lunch', 'meeting', 'backoffice']) } });
    push({ at: at + int(180_000, 1_200_000), input: { type: 'agent.resume', extension: ext } });
  } else if (r < 0.75) {
    const hotline = String(4100 + pick(agentHotlines.get(ext) as number[]));
    push({ at, input: { type: 'agent.logout', extension: ext, hotline } });
    push({ at: at + int(300_000, 1_800_000), input: { type: 'agent.login', extension: ext, hotline } });
  } else {
    push({ at, input: { type: 'agent.device-state', extension: ext, device: rnd() < 0.7 ? 'busy' : 'unreachable' } });
    push({ at: at + int(60_000, 480_000), input: { type: 'agent.device-state', extension: ext, device: 'free' } });
  }
  push({ at, input: { type: 'tick' } });
}

const wall0 = process.hrtime.bigint();
for (const ext of exts) run({ type: 'agent.login', extension: ext }, now);
scheduleArrival();
scheduleChurn();
let maxWaiting = 0;
let sampled = 0;
let sampleSum = 0;
while (lat.length < STEPS) {
  const deadline = nextDeadline(state);
  const top = events[0];
  if (deadline !== null && (top === undefined || deadline <= top.at)) {
    run({ type: 'tick' }, deadline);
    continue;
  }
  const e = pop();
  if (e === undefined) break;
  if (e.input.type === 'call.arrived') scheduleArrival();
  // The churn generator's own marker: a tick that is not a deadline (adapters tick early sometimes, too).
  if (e.input.type === 'tick') scheduleChurn();
  run(e.input, e.at);
  if (lat.length % 5000 === 0) {
    const w = hotlineNumbers(state).reduce((n, h) => n + (hotlineView(state, h, now)?.waiting.length ?? 0), 0);
    maxWaiting = Math.max(maxWaiting, w);
    sampled++;
    sampleSum += w;
  }
}
const simMs = Number(process.hrtime.bigint() - wall0) / 1e6;

// Measurement: replay the recorded inputs (the reducer is deterministic, so every replay makes the
// same decisions) REPLAYS times and keep each step's fastest run. This box is shared with other
// jobs; the minimum filters out time the process spent descheduled, approximating one free core.
const REPLAYS = arg('replays', 5);
const start = recorded[0]?.[1] ?? now;
const best = new Float64Array(recorded.length).fill(Infinity);
const passPerSec: number[] = [];
for (let rep = 0; rep < REPLAYS; rep++) {
  let s = initialState(config, { now: start });
  let total = 0;
  for (let i = 0; i < recorded.length; i++) {
    const [input, at] = recorded[i] as [AcdInput, number];
    const t0 = process.hrtime.bigint();
    s = step(s, input, at).state;
    const us = Number(process.hrtime.bigint() - t0) / 1000;
    total += us;
    if (us < (best[i] as number)) best[i] = us;
  }
  passPerSec.push(recorded.length / (total / 1e6));
}
const quantile = (xs: Float64Array, p: number): number => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] as number;
const simSorted = Float64Array.from(lat).sort();
const sorted = Float64Array.from(best).sort();
const sumBest = best.reduce((a, b) => a + b, 0);
const decisionsPerSec = Math.round(recorded.length / (sumBest / 1e6));
const fmt = (n: number): string => Math.round(n).toLocaleString('en');
console.log(`agents ${AGENTS}, skills ${SKILLS}, hotlines ${HOTLINES}, steps ${recorded.length}, simulated ${((now - start) / 60_000).toFixed(1)} min in ${simMs.toFixed(0)} ms`);
console.log(`waiting calls: mean ${(sampleSum / Math.max(sampled, 1)).toFixed(0)}, max ${maxWaiting} (sampled every 5,000 steps)`);
console.log(`commands: ${Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`single pass during the simulation: p50 ${quantile(simSorted, 0.5).toFixed(1)} us, p99 ${quantile(simSorted, 0.99).toFixed(1)} us, max ${quantile(simSorted, 1).toFixed(0)} us`);
console.log(`replays: ${passPerSec.map(fmt).join(', ')} decisions/s (load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cpus)`);
console.log(`fastest of ${REPLAYS} per step: mean ${(sumBest / recorded.length).toFixed(2)} us, p50 ${quantile(sorted, 0.5).toFixed(2)} us, p99 ${quantile(sorted, 0.99).toFixed(2)} us, p99.9 ${quantile(sorted, 0.999).toFixed(1)} us, max ${quantile(sorted, 1).toFixed(0)} us`);
console.log(JSON.stringify({ decisionsPerSec, p50Us: Number(quantile(sorted, 0.5).toFixed(2)), p99Us: Number(quantile(sorted, 0.99).toFixed(2)) }));
