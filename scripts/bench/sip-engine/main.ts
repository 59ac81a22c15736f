/**
 * SIP engine benchmark (issue 2 item 5): SIPp callers against the engine with a minimal
 * answer-and-hang-up drachtio-srf app, each in its own process on this machine.
 *
 *   npm run bench:sip-engine [-- --duration 10 --rates 500,1000,... --dialogs 5000 --soak 600 [--soak-rate N] [--engine-heap MB]]
 *
 * Prints the highest call rate with no failed call, p50/p99 call setup time (INVITE to 200 as
 * SIPp measures it), engine memory per 1,000 open dialogs, and RSS samples over a long run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseOrExit } from '../lib/args.js';
import { freePort } from '../../../test/helpers/ports.js';
import { cpuSeconds, percentile, rssMiB, spawnListening } from '../lib/proc.js';

const { values } = parseOrExit(import.meta.filename, () => parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rates: { type: 'string', default: '500,1000,1500,2000,2300,2600,3000,3500' },
    soak: { type: 'string', default: '0' },
    'soak-rate': { type: 'string' },
    dialogs: { type: 'string', default: '5000' },
    transport: { type: 'string', default: 'u1' },
    'engine-heap': { type: 'string' },
  },
}));
const duration = Number(values.duration);
const scenario = resolve('scripts/bench/sip-engine/uac-invite-ack-bye.xml');
const secret = 'bench-secret';

interface RunResult { rate: number; calls: number; failed: number; achieved: number; p50: number; p99: number; code: number }

async function sipp(sipPort: number, rate: number, calls: number, holdMs: number, limit?: number): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sipp-'));
  const port = await freePort();
  const args = ['-sf', scenario, '-i', '127.0.0.1', '-p', String(port), '-t', values.transport!, '-s', '100', '-r', String(rate), '-rp', '1000',
    '-m', String(calls), '-d', String(holdMs), '-nostdin', '-trace_rtt', '-rtt_freq', '1000', '-timeout', '600s', '-timeout_error',
    '-max_socket', '50000', '-trace_stat', '-fd', '1', `127.0.0.1:${sipPort}`];
  if (limit) args.push('-l', String(limit));
  const t0 = Date.now();
  const code = await new Promise<number>((res) => spawn('sipp', args, { cwd: dir, stdio: 'ignore' }).on('close', (c) => res(c ?? -1)));
  const elapsed = (Date.now() - t0) / 1000;
  const rtt = readdirSync(dir).filter((f) => f.endsWith('_rtt.csv')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  const times = rtt.split('\n').slice(1).map((l) => Number(l.split(';')[2])).filter((n) => Number.isFinite(n)).sort((a, b) => a - b);
  const stat = readdirSync(dir).filter((f) => f.endsWith('_.csv')).map((f) => readFileSync(join(dir, f), 'utf8'))[0] ?? '';
  const lines = stat.trim().split('\n');
  const head = (lines[0] ?? '').split(';');
  const last = (lines[lines.length - 1] ?? '').split(';');
  const col = (name: string) => Number(last[head.indexOf(name)]);
  const failed = col('FailedCall(C)');
  return { rate, calls, failed: Number.isFinite(failed) ? failed : (code === 0 ? 0 : -1), achieved: calls / elapsed, p50: percentile(times, 50), p99: percentile(times, 99), code };
}

async function main(): Promise<void> {
  const sipPort = await freePort();
  const controlPort = await freePort();
  const heap = values['engine-heap'] ? [`--max-old-space-size=${values['engine-heap']}`] : [];
  const engine = await spawnListening([...heap, 'bin/zentrale.js', 'sip-engine', '--sip', `127.0.0.1:${sipPort}`, '--control', `127.0.0.1:${controlPort}`, '--log-level', 'warn'], { ZENTRALE_ENGINE_SECRET: secret });
  const app = await spawnListening(['--import=tsx', 'scripts/bench/sip-engine/app.ts', `127.0.0.1:${controlPort}`], { ZENTRALE_ENGINE_SECRET: secret });
  const epid = engine.child.pid!;
  const cleanup = () => { engine.child.kill('SIGKILL'); app.child.kill('SIGKILL'); };
  process.on('exit', cleanup);
  try {
    await sipp(sipPort, 200, 1000, 0); // warm-up
    console.log(`engine pid ${epid}, rss after warm-up ${rssMiB(epid).toFixed(1)} MiB`);
    let best: RunResult | undefined;
    for (const rate of values.rates!.split(',').map(Number)) {
      const cpu0 = cpuSeconds(epid);
      const r = await sipp(sipPort, rate, rate * duration, 0);
      const cpu = (cpuSeconds(epid) - cpu0) / (r.calls / r.achieved);
      console.log(`rate ${rate}/s: ${r.calls} calls, failed ${r.failed}, achieved ${r.achieved.toFixed(0)}/s, setup p50 ${r.p50} ms p99 ${r.p99} ms, engine cpu ${(cpu * 100).toFixed(0)}%, rss ${rssMiB(epid).toFixed(1)} MiB`);
      if (r.failed !== 0 || r.code !== 0 || r.achieved < rate * 0.9) break;
      best = r;
    }
    const nDialogs = Number(values.dialogs);
    const before = rssMiB(epid);
    const holding = sipp(sipPort, 1000, nDialogs, 120_000, nDialogs);
    await new Promise((r) => setTimeout(r, (nDialogs / 1000) * 1000 + 8000));
    const during = rssMiB(epid);
    console.log(`open dialogs: ${nDialogs}, engine rss ${before.toFixed(1)} -> ${during.toFixed(1)} MiB = ${(((during - before) / nDialogs) * 1000).toFixed(2)} MiB per 1,000 dialogs`);
    await holding;
    const soak = Number(values.soak);
    let soakReport = '';
    // An explicit --soak-rate soaks even when the step-up found no clean rate (a loaded machine).
    if (soak > 0 && (best || values['soak-rate'])) {
      const rate = Number(values['soak-rate'] ?? Math.floor((best?.rate ?? 0) * 0.8));
      const samples: number[] = [];
      const timer = setInterval(() => samples.push(rssMiB(epid)), 10_000);
      const r = await sipp(sipPort, rate, rate * soak, 0);
      clearInterval(timer);
      const late = samples.slice(Math.floor(samples.length / 3));
      soakReport = `soak ${soak}s at ${rate}/s: ${r.calls} calls, achieved ${r.achieved.toFixed(0)}/s, failed ${r.failed}, p99 ${r.p99} ms, rss samples ${samples.map((s) => s.toFixed(0)).join(' ')} MiB`
        + ` (after the first third: min ${Math.min(...late).toFixed(0)}, max ${Math.max(...late).toFixed(0)} MiB)`;
      console.log(soakReport);
    }
    console.log(JSON.stringify({ maxCallsPerSec: best?.rate ?? 0, achieved: Math.round(best?.achieved ?? 0), p50Ms: best?.p50, p99Ms: best?.p99, rssMiB: Number(rssMiB(epid).toFixed(1)) }));
  } finally {
    cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
