/**
 * The drachtio contract suite (CONVENTIONS §2.9 "Contract suites"; issue 2 item 6): replays the
 * flows of the golden transcripts in test/fixtures/conformance/drachtio with the unchanged
 * drachtio-srf and SIPp, captures the control connection through a tap and SIPp's messages, and
 * compares after normalisation (fixtures README, "How a test should compare").
 *
 * It always runs against the embedded engine, and also against a real drachtio-server when
 * `DRACHTIO_CONTRACT=host:port:secret` (admin port) and `DRACHTIO_CONTRACT_SIP=host:port` are set.
 * Each expected difference is reported as a skip with its reason, never silently ignored.
 *
 * Against a real server run the files one at a time (`npx tap --jobs=1 …`): parallel apps would
 * share its route registrations, and it would hand one file's INVITE to another file's app.
 * That server's timers are not scaled, so ack-timeout takes its full 32 s there.
 */
import t from 'tap';
import type { Test } from 'tap';
import Srf from 'drachtio-srf';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../helpers/wait-for.js';
import { ControlTap } from './lib/tap.js';
import { loadGolden } from './lib/records.js';
import type { TraceRecord } from './lib/records.js';
import { compareTranscript } from './lib/compare.js';
import type { Deviation } from './lib/compare.js';
import { startRole } from './lib/sipp-role.js';
import { within } from './lib/app.js';
import type { SippHandle, SippOutcome } from './lib/sipp-role.js';

/** Engine knobs a scenario may ask for (only the embedded engine honours them). */
export interface TargetOptions {
  /** RFC 3261 T1 in ms; T2 and T4 scale with it. */
  readonly t1?: number;
}

/** A drachtio-server or a stand-in for it, reachable on loopback. */
export interface ContractTarget {
  readonly kind: 'engine' | 'drachtio-server';
  readonly control: { readonly host: string; readonly port: number };
  readonly secret: string;
  readonly sip: { readonly host: string; readonly port: number };
  stop(): Promise<void>;
}

/** Starts a fresh target for one scenario. */
export type StartTarget = (opts: TargetOptions) => Promise<ContractTarget>;

/** A difference we expect from one kind of target, reported as a skip with `reason`. */
export interface KnownDifference {
  readonly target: ContractTarget['kind'] | 'any';
  readonly reason: string;
  matches(d: Deviation): boolean;
}

/** What a scenario's app code gets. */
export interface ScenarioContext {
  readonly t: Test;
  readonly target: ContractTarget;
  readonly tap: ControlTap;
  /** A new srf, disconnected after the scenario unless the scenario did so. */
  srf(): Srf;
  /** Connects `srf` through the tap; resolves on `connect`, rejects on a connect error. */
  connect(srf: Srf, opts?: Record<string, unknown>): Promise<void>;
  /** Starts SIPp as the caller towards the target's SIP port. */
  caller(scenario: string, service?: string): Promise<SippHandle>;
  /** Starts SIPp as the callee; resolves once it listens. */
  callee(scenario: string): Promise<SippHandle>;
  /** Waits until every SIPp started so far has exited. */
  sippDone(): Promise<readonly SippOutcome[]>;
}

/** One golden transcript and the app behaviour that reproduces it. */
export interface ContractScenario {
  /** File name in test/fixtures/conformance/drachtio without `.jsonl`. */
  readonly golden: string;
  /** Behaviour sentence for the test name. */
  readonly title: string;
  readonly options?: TargetOptions;
  /** SIPp timeout in seconds (default 30). */
  readonly sippTimeoutSec?: number;
  readonly differences?: readonly KnownDifference[];
  run(ctx: ScenarioContext): Promise<void>;
}

/** Differences every scenario expects. */
export const COMMON_DIFFERENCES: readonly KnownDifference[] = [
  {
    target: 'any',
    reason: 'the version string is build-specific; srf only needs vX.Y.Z >= v0.8.2 to ping (checked separately)',
    matches: (d) => d.where === 'token 5' && d.expected === 'v0.9.10-1-g9c2dd4cb6a' && versionAtLeast(d.got, [0, 8, 2]),
  },
];

function versionAtLeast(v: string, min: readonly number[]): boolean {
  const m = /^v(\d+)\.(\d+)\.(\d+)/.exec(v);
  if (!m) return false;
  const parts = [Number(m[1]), Number(m[2]), Number(m[3])];
  for (let i = 0; i < 3; i++) if ((parts[i] ?? 0) !== (min[i] ?? 0)) return (parts[i] ?? 0) > (min[i] ?? 0);
  return true;
}

/** The real drachtio-server named by the environment, if any. */
export function realServerFromEnv(env: NodeJS.ProcessEnv = process.env): StartTarget | undefined {
  const spec = env.DRACHTIO_CONTRACT;
  if (!spec) return undefined;
  const [host = '127.0.0.1', port = '9022', secret = 'cymru'] = spec.split(':');
  const [sipHost = host, sipPort = '5060'] = (env.DRACHTIO_CONTRACT_SIP ?? '').split(':').filter((s) => s !== '');
  return () => Promise.resolve({
    kind: 'drachtio-server', control: { host, port: Number(port) }, secret,
    sip: { host: sipHost, port: Number(sipPort) }, stop: () => Promise.resolve(),
  });
}

/**
 * Registers one tap test per scenario and target: always `start` (the embedded engine), plus
 * the real drachtio-server from `DRACHTIO_CONTRACT` when set.
 */
export function runContract(opts: { start: StartTarget; scenarios: readonly ContractScenario[] }): void {
  const targets: { name: ContractTarget['kind']; start: StartTarget }[] = [{ name: 'engine', start: opts.start }];
  const real = realServerFromEnv();
  if (real) targets.push({ name: 'drachtio-server', start: real });
  for (const target of targets) {
    for (const scenario of opts.scenarios) {
      void t.test(`${target.name}: ${scenario.title}`, (tt) => runScenario(tt, target.start, scenario));
    }
  }
}

async function runScenario(t: Test, start: StartTarget, scenario: ContractScenario): Promise<void> {
  const golden = loadGolden(scenario.golden);
  const target = await start(scenario.options ?? {});
  t.teardown(() => target.stop());
  const tap = await ControlTap.start(target.control);
  t.teardown(() => tap.close());
  const srfs: Srf[] = [];
  const sipps: SippHandle[] = [];
  t.teardown(() => sipps.forEach((s) => s.kill()));
  const ctx: ScenarioContext = {
    t, target, tap,
    srf() {
      const srf = new Srf();
      srfs.push(srf);
      return srf;
    },
    connect(srf, extra = {}) {
      return within(new Promise<void>((resolve, reject) => {
        srf.once('connect', (err: Error | null) => (err ? reject(err) : resolve()));
        void srf.connect({ host: '127.0.0.1', port: tap.port, secret: target.secret, ...extra } as never);
      }), 10_000, `srf connect to ${target.kind} at ${target.control.host}:${target.control.port}`);
    },
    async caller(file, service) {
      const h = await startRole('caller', file, { remote: `${target.sip.host}:${target.sip.port}`, timeoutSec: scenario.sippTimeoutSec ?? 30, ...(service ? { service } : {}) });
      sipps.push(h);
      return h;
    },
    async callee(file) {
      const h = await startRole('callee', file, { timeoutSec: scenario.sippTimeoutSec ?? 30 });
      sipps.push(h);
      return h;
    },
    sippDone: () => Promise.all(sipps.map((s) => s.done)),
  };
  await scenario.run(ctx);
  const outcomes = await ctx.sippDone();
  for (const srf of srfs) {
    try {
      srf.disconnect();
    } catch {
      // already closed by the server (auth-wrong-secret)
    }
  }
  const conns = new Set(tap.records.map((r) => r.conn ?? 1));
  await waitFor(() => [...conns].every((c) => tap.has('connection closed by app', c) && tap.has('connection closed by drachtio', c)), { ms: 5000, what: 'both sides of every control connection to close' })
    .catch(() => t.fail('both sides of every control connection close after the app disconnects'));

  t.same(outcomes.map((o) => ({ role: o.role, scenario: o.scenario, exit_code: o.code })).sort(byRole),
    [...golden.meta.sipp_results].map((r) => ({ role: r.role, scenario: r.scenario, exit_code: r.exit_code })).sort(byRole),
    'SIPp ran the recorded scenarios in the recorded roles with the recorded exit codes',
    { errors: outcomes.map((o) => o.errors.slice(-2000)).join('\n'), stdout: outcomes.map((o) => o.stdout.slice(-1000)).join('\n') });

  const captured: TraceRecord[] = [...tap.records, ...outcomes.flatMap((o) => o.records)];
  const result = compareTranscript(golden.records, captured);
  const known = [...COMMON_DIFFERENCES, ...(scenario.differences ?? [])].filter((k) => k.target === 'any' || k.target === target.kind);
  const failing: Deviation[] = [];
  for (const d of result.deviations) {
    const k = known.find((x) => x.matches(d));
    if (k) t.pass(`expected difference: ${d.stream} ${d.at} ${d.where}: expected ${d.expected}, got ${d.got}`, { skip: k.reason });
    else failing.push(d);
  }
  const version = tap.records.find((r) => r.dir === 'drachtio->app' && r.type === 'frame' && r.text?.split('|')[3] === 'OK' && r.text.split('|').length === 7);
  if (version) t.ok(versionAtLeast(version.text?.split('|')[5] ?? '', [0, 8, 2]), 'the server reports a version vX.Y.Z >= v0.8.2, so srf pings');
  const dump = failing.length > 0 ? dumpCapture(scenario.golden, captured) : undefined;
  for (const s of result.streams) {
    t.same(failing.filter((d) => d.stream === s.stream), [], `${s.stream} matches the golden transcript (${s.golden} golden, ${s.captured} captured records)`, dump ? { capture: dump } : {});
  }
  for (const stream of new Set(failing.map((d) => d.stream))) {
    if (!result.streams.some((s) => s.stream === stream)) t.same(failing.filter((d) => d.stream === stream), [], `${stream} as in the golden transcript`, dump ? { capture: dump } : {});
  }
}

function byRole(a: { role: string }, b: { role: string }): number {
  return a.role.localeCompare(b.role);
}

/** Writes the raw capture as JSON lines next to nothing else, so a failure can be inspected. */
function dumpCapture(name: string, records: readonly TraceRecord[]): string {
  const dir = mkdtempSync(join(tmpdir(), `conformance-${name}-`));
  const file = join(dir, `${name}.captured.jsonl`);
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}
