/**
 * Presence NOTIFY fan-out benchmark (issue 9 item 8): 2,016 users, each watched by 20 BLF
 * subscriptions (40,320 in all); a call-state change of a user must reach all 20 watchers.
 *
 *   npm run bench:presence -- [--mode core|sip|both] [--rate 100] [--seconds 10] [--teams 96] [--profile FILE] [--heap FILE]
 *
 * core: the hub and the subscription manager in-process; a NOTIFY counts as sent when the
 *       manager hands it to the transport (projection, notifyNeeded and rendering included).
 * sip:  the feature server as `zentrale start` builds it, the embedded SIP engine in its own
 *       process, and the phones (a UDP sink that subscribes with digest and answers every NOTIFY)
 *       in a third; a NOTIFY counts when it arrived at the phone, so engine and UDP are included.
 * Prints notifications/s and the delay from the state change to each NOTIFY (p50/p99/max), and
 * to the last of the 20 NOTIFYs of a change. Target: the 20 NOTIFYs of one change within 50 ms
 * at 100 changes/s on 2 cores. Never asserts anything.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseOrExit } from '../lib/args.js';
import { writeHeapSnapshot } from 'node:v8';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import Srf from 'drachtio-srf';
import pino from 'pino';
import { sql } from 'kysely';
import { loadDialplan } from '../../../server/src/config/dialplan/index.js';
import { applyDialplan } from '../../../server/src/config/site-store.js';
import { loadRuntimeConfig } from '../../../server/src/config/runtime.js';
import { buildServer } from '../../../server/src/app.js';
import { openSqliteStore } from '../../../server/src/store/db.js';
import type { SrfApp } from '../../../server/src/sip/srf-types.js';
import { PresenceHub } from '../../../server/src/presence-feature/hub.js';
import { PickupTokens } from '../../../server/src/presence-feature/sip/pickup-tokens.js';
import { SubscriptionManager } from '../../../server/src/presence-feature/sip/subscriptions.js';
import type { NotifyTransport } from '../../../server/src/presence-feature/sip/subscription.js';
import { cpuSeconds, percentile, spawnListening } from '../lib/proc.js';
import { benchDialplan, ext, watchersOf, WATCHERS } from './site.js';

const { values } = parseOrExit(import.meta.filename, () => parseArgs({
  options: {
    mode: { type: 'string', default: 'both' },
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '10' },
    teams: { type: 'string', default: '96' },
    profile: { type: 'string' },
    heap: { type: 'string' },
  },
}));
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const teams = Number(values.teams);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const f = (n: number) => n.toFixed(2);

/**
 * Emits `count` changes at `rate` per second via `apply`, each to a user that has not changed
 * yet (so every change is visible to all 20 watchers); returns change times by user.
 */
async function drive(users: number, count: number, apply: (target: number, k: number) => void): Promise<Map<number, number>> {
  if (count > users) throw new Error(`${count} changes need at least as many users (--teams ${Math.ceil(count / (WATCHERS + 1))})`);
  const at = new Map<number, number>();
  const start = now();
  for (let k = 0; k < count; k++) {
    const due = start + (k * 1000) / rate;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    const target = (k * 97) % users;
    at.set(target, now());
    apply(target, k);
  }
  return at;
}

/** Time the main thread of a process spent runnable but waiting for a CPU (/proc/PID/schedstat). */
function runQueueWaitMs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
}

/** With --profile FILE: a CPU profile of the feature server process over the measured run. */
async function startProfile(): Promise<Session | undefined> {
  if (!values.profile) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

async function stopProfile(session: Session | undefined): Promise<void> {
  if (!session) return;
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(values.profile!, JSON.stringify(profile));
  session.disconnect();
  console.log(`  CPU profile of the run written to ${values.profile}`);
}

function report(title: string, changes: Map<number, number>, arrivals: (target: number) => number[], span: number): void {
  const perNotify: number[] = [];
  const perChange: number[] = [];
  let missing = 0;
  for (const [target, t0] of changes) {
    const a = arrivals(target).filter((x) => x >= t0).sort((x, y) => x - y);
    missing += Math.max(0, WATCHERS - a.length);
    for (const x of a) perNotify.push(x - t0);
    if (a.length >= WATCHERS) perChange.push(a[WATCHERS - 1]! - t0);
  }
  perNotify.sort((x, y) => x - y);
  perChange.sort((x, y) => x - y);
  const within = perChange.filter((d) => d <= 50).length;
  console.log(`\n${title}`);
  console.log(`  changes ${changes.size} at ${rate}/s, NOTIFYs ${perNotify.length} (${missing} missing), ${f(perNotify.length / (span / 1000))} NOTIFYs/s over the run`);
  console.log(`  delay change -> NOTIFY      p50 ${f(percentile(perNotify, 50))} ms  p99 ${f(percentile(perNotify, 99))} ms  max ${f(perNotify.at(-1) ?? NaN)} ms`);
  console.log(`  delay change -> all ${WATCHERS}       p50 ${f(percentile(perChange, 50))} ms  p99 ${f(percentile(perChange, 99))} ms  max ${f(perChange.at(-1) ?? NaN)} ms`);
  console.log(`  changes with all ${WATCHERS} NOTIFYs within 50 ms: ${within}/${changes.size}`);
}

async function core(): Promise<void> {
  const { yaml, users } = benchDialplan(teams);
  const loaded = loadDialplan([{ path: 'bench.yaml', text: yaml }]);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error.slice(0, 3)));
  const site = loaded.value;
  const log = pino({ level: 'warn' });
  const hub = new PresenceHub(Date.now, log);
  const sent = new Map<string, number[]>();
  const transport: NotifyTransport = {
    send: (sub) => {
      let list = sent.get(sub.target);
      if (!list) sent.set(sub.target, (list = []));
      list.push(now());
      return new Promise((r) => setImmediate(() => r(200)));
    },
  };
  const manager = new SubscriptionManager({
    hub, site: () => site, now: Date.now, log, transport, tokens: new PickupTokens('bench'),
    store: { save: () => undefined, touch: () => undefined, remove: () => undefined },
    counts: () => ({ newCount: 0, oldCount: 0 }), mayReadMailbox: (w, m) => w === m,
  });
  hub.onChange((u) => manager.userChanged(u));
  const t0 = now();
  for (let target = 0; target < users; target++) {
    for (const w of watchersOf(target)) {
      const id = `s${target}-${w}`;
      manager.add({
        id, pkg: 'dialog', event: 'dialog', watcher: ext(w), watcherDevice: ext(w), target: ext(target), entity: `sip:${ext(target)}@bench`,
        stored: {} as never, expiresAt: Date.now() + 3_600_000, boundDevice: false,
      });
    }
  }
  await sleep(200);
  console.log(`core: ${manager.size} subscriptions of ${users} users set up in ${f(now() - t0)} ms (initial NOTIFYs included)`);
  sent.clear();
  const count = rate * seconds;
  const start = now();
  const changes = await drive(users, count, (target, k) => {
    hub.apply({ kind: 'call.updated', user: ext(target), call: { id: `c${k}`, state: 'early', direction: 'inbound', scope: 'external', party: '' } });
  });
  await sleep(200);
  report('core (hub + projection + rendering, NOTIFY handed to the transport)', changes, (t) => sent.get(ext(t)) ?? [], now() - start);
  // Saturation: changes as fast as one core takes them (batches of 50, then the answers of the
  // NOTIFYs in flight run), every user in turn, so no change is coalesced with another.
  const burst = 20_000;
  let before = 0;
  for (const l of sent.values()) before += l.length;
  const b0 = now();
  for (let k = 0; k < burst; k++) {
    const target = k % users;
    const state = Math.floor(k / users) % 2 === 0 ? 'terminated' : 'early';
    hub.apply({ kind: 'call.updated', user: ext(target), call: { id: `c${target}`, state, direction: 'inbound', scope: 'external', party: '' } });
    if (k % 50 === 49) await new Promise((r) => setImmediate(r));
  }
  await sleep(50);
  const b1 = now();
  let after = 0;
  for (const l of sent.values()) after += l.length;
  console.log(`  saturation: ${burst} changes -> ${after - before} NOTIFYs in ${f(b1 - b0)} ms = ${f(((after - before) / (b1 - b0)) * 1000)} NOTIFYs/s on one core`);
  manager.stop();
  hub.stop();
}

async function sip(): Promise<void> {
  const { yaml, users } = benchDialplan(teams);
  const secret = 'bench-presence';
  const engine = await spawnListening([resolve('bin/zentrale.js'), 'sip-engine', '--sip', '127.0.0.1:0', '--control', '127.0.0.1:0', '--log-level', 'warn'], { ZENTRALE_ENGINE_SECRET: secret });
  const sipPort = (engine.info.sip as { port: number }).port;
  const controlPort = (engine.info.control as { port: number }).port;
  const dataDir = mkdtempSync(join(tmpdir(), 'zentrale-bench-presence-'));
  const db = await openSqliteStore(join(dataDir, 'zentrale.db'));
  const applied = await applyDialplan(db, [{ path: 'bench.yaml', text: yaml }], { now: Date.now(), source: 'bench' });
  if (!applied.ok) throw new Error('bench dialplan does not apply');
  const cfg = loadRuntimeConfig({
    ZENTRALE_DATA_DIR: dataDir, ZENTRALE_HTTP_LISTEN: '127.0.0.1:0', ZENTRALE_DRACHTIO: `127.0.0.1:${controlPort}`, ZENTRALE_DRACHTIO_SECRET: secret,
    ZENTRALE_DIGEST_ALGORITHMS: 'MD5', ZENTRALE_KEEPALIVE_SEC: '0', ZENTRALE_LOG_LEVEL: 'warn',
  });
  if (!cfg.ok) throw new Error(cfg.error.join('; '));
  const srf = new Srf() as unknown as SrfApp;
  const server = await buildServer({ config: cfg.value, db, log: pino({ level: 'warn' }), srf });
  const connected = new Promise<void>((r) => srf.once('connect', () => r()));
  await server.start();
  await connected;
  const sink = fork(resolve('scripts/bench/presence/sink.ts'), [String(sipPort), String(users)], { execArgv: ['--import=tsx'] });
  const next = (event: string) => new Promise<Record<string, unknown>>((r) => {
    const on = (m: Record<string, unknown>) => {
      if (m.event === event) {
        sink.off('message', on);
        r(m);
      }
    };
    sink.on('message', on);
  });
  await next('ready');
  const t0 = now();
  sink.send({ cmd: 'subscribe' });
  const { count: subscribed } = await next('subscribed');
  const mem = process.memoryUsage();
  console.log(`\nsip: feature server heap ${f(mem.heapUsed / 2 ** 20)} MiB, RSS ${f(mem.rss / 2 ** 20)} MiB after setup`);
  console.log(`sip: ${String(subscribed)} subscriptions of ${users} users set up over UDP (digest, 202, initial NOTIFY) in ${f((now() - t0) / 1000)} s`);
  // The store writes of the setup are batched and trail the SIP side; the run starts when they are done.
  const stored = async () => Number((await sql<{ n: number }>`select count(*) as n from presence_subscriptions`.execute(db)).rows[0]?.n ?? 0);
  while (await stored() < Number(subscribed)) await sleep(250);
  console.log(`sip: all ${String(subscribed)} subscriptions stored after ${f((now() - t0) / 1000)} s`);
  await sleep(1000);
  // With --heap FILE: a heap snapshot of the feature server with every subscription set up.
  if (values.heap) console.log(`  heap snapshot written to ${writeHeapSnapshot(values.heap)}`);
  sink.send({ cmd: 'reset' });
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const gc: number[] = [];
  const gcSpans: Array<[number, number]> = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.push(e.duration);
      gcSpans.push([e.startTime, e.startTime + e.duration]);
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  // Stalls of the feature server's event loop (a 10 ms ticker that came late by more than 50 ms).
  const stalls: Array<[number, number]> = [];
  let lastTick = performance.now();
  const ticker = setInterval(() => {
    const t = performance.now();
    if (t - lastTick > 60) stalls.push([lastTick, t - lastTick - 10]);
    lastTick = t;
  }, 10);
  const cpu0 = { server: process.cpuUsage(), engine: cpuSeconds(engine.child.pid!), sink: cpuSeconds(sink.pid!) };
  const wait0 = runQueueWaitMs(process.pid);
  const profiler = await startProfile();
  const start = now();
  const changes = await drive(users, rate * seconds, (target, k) => {
    server.bus.emit('user.leg', { callId: `bench-${k}`, legId: `bench-${k}`, extension: ext(target), state: 'early', direction: 'inbound', external: true });
  });
  await sleep(2000);
  const span = now() - start;
  const cpu = process.cpuUsage(cpu0.server);
  await stopProfile(profiler);
  sink.send({ cmd: 'report' });
  const { arrivals, duplicates } = (await next('report')) as unknown as { arrivals: Record<number, number[]>; duplicates: number };
  report('sip (feature server -> SIP engine -> UDP -> phone; NOTIFY counted on arrival)', changes, (t) => arrivals[t] ?? [], span - 2000);
  lag.disable();
  gcObserver.disconnect();
  clearInterval(ticker);
  const runStart = start - performance.timeOrigin;
  const gcIn = (a: number, b: number) => gcSpans.filter(([x, y]) => y > a && x < b).reduce((sum, [x, y]) => sum + Math.min(y, b) - Math.max(x, a), 0);
  const worst = [...stalls].sort((x, y) => y[1] - x[1]).slice(0, 5);
  console.log(`  event-loop stalls over 50 ms: ${stalls.length}, ${f(stalls.reduce((a, [, d]) => a + d, 0))} ms in all; longest: ${worst.map(([at, d]) => `${f(d)} ms at +${f((at - runStart) / 1000)} s (GC ${f(gcIn(at, at + d + 10))} ms)`).join(', ')}`);
  console.log(`  feature server event-loop delay: p99 ${f(lag.percentile(99) / 1e6)} ms, max ${f(lag.max / 1e6)} ms; GC ${gc.length} pauses, ${f(gc.reduce((a, b) => a + b, 0))} ms in all, longest ${f(Math.max(0, ...gc))} ms`);
  console.log(`  NOTIFYs the phones saw twice (a 200 or the NOTIFY was lost and the engine sent it again): ${duplicates}`);
  const cpuServer = (cpu.user + cpu.system) / 1e6;
  const cpuEngine = cpuSeconds(engine.child.pid!) - cpu0.engine;
  const notifies = rate * seconds * WATCHERS;
  console.log(`  CPU over the run: feature server ${f(cpuServer)} s, engine ${f(cpuEngine)} s, phones ${f(cpuSeconds(sink.pid!) - cpu0.sink)} s (of ${f(span / 1000)} s wall, ${cpus().length} cores)`);
  console.log(`  CPU per NOTIFY: feature server ${f((cpuServer / notifies) * 1e6)} us, engine ${f((cpuEngine / notifies) * 1e6)} us (includes the phones' 200s and the engine's retransmissions)`);
  console.log(`  machine load average during the run: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; the feature server's main thread waited ${f(runQueueWaitMs(process.pid) - wait0)} ms for a CPU`);
  sink.send({ cmd: 'exit' });
  await server.stop();
  engine.child.kill('SIGTERM');
  await db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(`presence NOTIFY fan-out: ${teams} teams x ${WATCHERS + 1} members, every user watched by ${WATCHERS}; ${rate} changes/s for ${seconds} s; node ${process.version}, ${cpus().length} cores`);
if (values.mode === 'core' || values.mode === 'both') await core();
if (values.mode === 'sip' || values.mode === 'both') await sip();
process.exit(0);
