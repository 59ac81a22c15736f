/**
 * Bench of the whole PBX (issue 3 item 8): `zentrale start` with N generated users, SIPp over
 * loopback. Measures REGISTER/s with digest for distinct users and authenticated user-to-user
 * calls/s (INVITE, 407 and its ACK, INVITE with credentials, 200, ACK, BYE) with no failed call, with p50/p99
 * of the authenticated request's response time as SIPp measures it.
 *
 *   npm run bench:calls [-- --users 2000 --register-rates 1000,2000,3000,4000 --call-rates 250,500,750,1000 --duration 10
 *                          [--profile-engine FILE | --profile-feature FILE] [--profile-register FILE]]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseOrExit } from '../lib/args.js';
import { stringify } from 'yaml';
import { attachProfiler } from '../lib/profiler.js';
import { startPbx } from '../../../test/helpers/pbx.js';
import { freePort } from '../../../test/helpers/ports.js';
import { cpuSeconds, percentile, rssMiB } from '../lib/proc.js';

const { values } = parseOrExit(import.meta.filename, () => parseArgs({ options: {
  users: { type: 'string', default: '2000' },
  'register-rates': { type: 'string', default: '1000,2000,3000,4000,5000' },
  'call-rates': { type: 'string', default: '250,500,750,1000,1250,1500' },
  duration: { type: 'string', default: '10' },
  'profile-engine': { type: 'string' },
  'profile-feature': { type: 'string' },
  'profile-register': { type: 'string' },
} }));
const N = Number(values.users);
const duration = Number(values.duration);
const dir = mkdtempSync(join(tmpdir(), 'bench-calls-'));
const pw = (i: number) => `bench-pw-${i}-x`;
const ext = (i: number) => String(30000 + i);

/** Datagrams the kernel dropped for a full receive buffer so far (all UDP sockets; /proc/net/snmp). */
function udpDrops(): number {
  const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const head = (lines[0] ?? '').split(/\s+/);
  const vals = (lines[1] ?? '').split(/\s+/);
  return Number(vals[head.indexOf('RcvbufErrors')] ?? NaN);
}

interface Run { rate: number; calls: number; failed: number; achieved: number; p50: number; p99: number; code: number }

function sipp(args: string[], opts: { detach?: boolean } = {}): { done: Promise<Run & { dir: string }>; kill: () => void; rate: number; calls: number } {
  const wd = mkdtempSync(join(tmpdir(), 'bench-sipp-'));
  const t0 = Date.now();
  const child = spawn('sipp', [...args, '-nostdin', '-trace_stat', '-fd', '1', '-trace_rtt', '-rtt_freq', '1', '-timeout_error', '-max_socket', '60000', '-buff_size', String(4 << 20)], { cwd: wd, stdio: 'ignore' });
  const rate = Number(args[args.indexOf('-r') + 1] ?? 0);
  const calls = Number(args[args.indexOf('-m') + 1] ?? 0);
  const done = new Promise<Run & { dir: string }>((res) => child.on('close', (code) => {
    const elapsed = (Date.now() - t0) / 1000;
    const read = (suffix: string) => readdirSync(wd).filter((f) => f.endsWith(suffix)).map((f) => readFileSync(join(wd, f), 'utf8')).join('\n');
    // Date_ms;response_time_ms;rtd_no, one line per measured call.
    const rows = read('_rtt.csv').split('\n').filter((l) => /^[0-9]/.test(l)).map((l) => l.split(';').map(Number));
    const times = rows.map((r) => r[1]!).filter(Number.isFinite).sort((a, b) => a - b);
    const span = rows.length > 1 ? (rows[rows.length - 1]![0]! - rows[0]![0]!) / 1000 : elapsed;
    const stat = read('_.csv').trim().split('\n');
    const head = (stat[0] ?? '').split(';');
    const last = (stat[stat.length - 1] ?? '').split(';');
    const failed = Number(last[head.indexOf('FailedCall(C)')]);
    res({ rate, calls, failed: Number.isFinite(failed) ? failed : -1, achieved: rows.length > 1 ? (rows.length - 1) / span : calls / elapsed, p50: percentile(times, 50), p99: percentile(times, 99), code: code ?? -1, dir: wd });
  }));
  void opts;
  return { done, kill: () => child.kill('SIGKILL'), rate, calls };
}

async function main(): Promise<void> {
  // A site of N users, MD5 digest (what SIPp speaks), no voicemail (calls ring or fail, nothing else).
  const users = Array.from({ length: N }, (_, i) => ({ extension: ext(i), password: pw(i), voicemail: { enabled: false } }));
  const dialplan = join(dir, 'bench.yaml');
  writeFileSync(dialplan, stringify({ site: { name: 'Bench', domain: 'bench.zentrale.test' }, users }));
  const t0 = Date.now();
  const pbx = await startPbx({ dialplans: [dialplan], env: { ZENTRALE_LOG_LEVEL: 'info' } });
  console.log(`PBX with ${N} users started in ${((Date.now() - t0) / 1000).toFixed(1)} s (apply + start)`);
  const pids = () => spawnSync('pgrep', ['-f', '--', `sip-engine --sip 127.0.0.1:${pbx.sipPort}`], { encoding: 'utf8' }).stdout.trim().split('\n').map(Number).filter(Boolean);
  const featurePid = pbx.pid() ?? 0;
  try {
    const inf = join(dir, 'users.csv');
    writeFileSync(inf, 'SEQUENTIAL\n' + Array.from({ length: N }, (_, i) => `${ext(i)};[authentication username=${ext(i)} password=${pw(i)}];`).join('\n') + '\n');
    const registerUsers = async (rate: number, count: number) => sipp(['-sf', resolve('scripts/bench/calls/register.xml'), '-inf', inf, '-i', '127.0.0.1', '-p', String(await freePort()), '-r', String(rate), '-rp', '1000', '-m', String(count), '-d', '0', `127.0.0.1:${pbx.sipPort}`]).done;
    // Like the call steps, the REGISTER steps start on a warmed-up path: V8 has optimised the
    // registrar before the first measured step (a series that began at 2,500/s cold fared worse
    // than one that reached 2,500/s after 2,000/s).
    {
      const warm = Math.min(N, 2000);
      const r = await registerUsers(500, warm);
      console.log(`warm-up: ${warm} registrations at 500/s, failed ${r.failed}`);
      if (r.failed !== 0 || r.code !== 0) throw new Error('the REGISTER warm-up failed');
    }
    let bestReg: Run | undefined;
    for (const rate of values['register-rates']!.split(',').map(Number)) {
      const cpu0 = cpuSeconds(featurePid);
      const drops0 = udpDrops();
      const engCpu0 = pids().reduce((a, p) => a + cpuSeconds(p), 0);
      const profiler = bestReg === undefined && values['profile-register'] ? await attachProfiler(featurePid) : undefined;
      const r = await registerUsers(rate, rate * duration);
      await profiler?.stop(values['profile-register']!);
      const cpu = (cpuSeconds(featurePid) - cpu0) / (r.calls / r.achieved);
      const eng = (pids().reduce((a, p) => a + cpuSeconds(p), 0) - engCpu0) / (r.calls / r.achieved);
      console.log(`REGISTER ${rate}/s: ${r.calls} registrations, failed ${r.failed}, achieved ${r.achieved.toFixed(0)}/s, p50 ${r.p50} ms, p99 ${r.p99} ms, feature server cpu ${(cpu * 100).toFixed(0)}%, sip engine cpu ${(eng * 100).toFixed(0)}%, rss ${rssMiB(featurePid).toFixed(0)} / ${pids().reduce((a, p) => a + rssMiB(p), 0).toFixed(0)} MiB, UDP drops ${udpDrops() - drops0}`);
      if (r.failed !== 0 || r.code !== 0 || r.achieved < rate * 0.9) break;
      bestReg = r;
    }
    // The REGISTER steps' SIPps have gone, but their bindings stay for an hour: without this, every
    // call would fork to a second device that never answers (INVITE retransmitted to a dead port
    // until Timer B, 32 s). Contact: * with Expires: 0 removes every binding of each user.
    {
      const port = await freePort();
      const r = await sipp(['-sf', resolve('scripts/bench/calls/unregister.xml'), '-inf', inf, '-i', '127.0.0.1', '-p', String(port), '-r', '1000', '-m', String(N), '-d', '0', `127.0.0.1:${pbx.sipPort}`]).done;
      console.log(`unregistered ${r.calls - r.failed} of ${N} users (Contact: *, Expires: 0)`);
      if (r.failed !== 0 || r.code !== 0) throw new Error('unregistering the REGISTER steps\' bindings failed');
    }
    // The calls are measured on their own: the REGISTER steps' server transactions stay in the
    // engine for Timer J (32 s on UDP), and their expiry would otherwise fall into the first call step.
    await new Promise((r) => setTimeout(r, 33_000));
    // Callees: one SIPp registers every user from its own port and answers their calls.
    const uasPort = await freePort();
    const uas = sipp(['-sf', resolve('scripts/bench/calls/register.xml'), '-oocsf', resolve('scripts/bench/calls/answer-ooc.xml'), '-inf', inf, '-i', '127.0.0.1', '-p', String(uasPort), '-r', '500', '-m', String(N), '-d', '3600000', '-l', String(N + 10), `127.0.0.1:${pbx.sipPort}`]);
    await new Promise((r) => setTimeout(r, (N / 500) * 1000 + 3000));
    const callsInf = join(dir, 'calls.csv');
    writeFileSync(callsInf, 'SEQUENTIAL\n' + Array.from({ length: N }, (_, i) => `${ext(i)};[authentication username=${ext(i)} password=${pw(i)}];${ext((i + 1) % N)};`).join('\n') + '\n');
    // Authenticated user-to-user calls from one SIPp: `count` of them at `rate` per second.
    const placeCalls = async (rate: number, count: number) => sipp(['-sf', resolve('scripts/bench/calls/call.xml'), '-inf', callsInf, '-i', '127.0.0.1', '-p', String(await freePort()), '-r', String(rate), '-rp', '1000', '-m', String(count), '-d', '0', `127.0.0.1:${pbx.sipPort}`]).done;
    // Warm-up: the call path's code is still cold after the REGISTER steps (V8 has not optimised
    // it yet); a first measured step would pay for that with a queue it never catches up with.
    const warm = await placeCalls(200, 2000);
    console.log(`warm-up: ${warm.calls} calls at 200/s, failed ${warm.failed}`);
    let bestCall: Run | undefined;
    for (const rate of values['call-rates']!.split(',').map(Number)) {
      const cpu0 = cpuSeconds(featurePid);
      const drops0 = udpDrops();
      const engCpu0 = pids().reduce((a, p) => a + cpuSeconds(p), 0);
      // A CPU profile over the first call rate (the inspector takes one process at a time).
      const first = bestCall === undefined;
      const profiler = first && values['profile-engine'] ? await attachProfiler(pids()[0]!, 'the SIP engine')
        : first && values['profile-feature'] ? await attachProfiler(featurePid) : undefined;
      const r = await placeCalls(rate, rate * duration);
      await profiler?.stop((values['profile-engine'] ?? values['profile-feature'])!);
      const secs = r.calls / r.achieved;
      const cpu = (cpuSeconds(featurePid) - cpu0) / secs;
      const eng = (pids().reduce((a, p) => a + cpuSeconds(p), 0) - engCpu0) / secs;
      console.log(`calls ${rate}/s: ${r.calls} calls, failed ${r.failed}, achieved ${r.achieved.toFixed(0)}/s, setup p50 ${r.p50} ms, p99 ${r.p99} ms, feature server cpu ${(cpu * 100).toFixed(0)}%, sip engine cpu ${(eng * 100).toFixed(0)}%, rss ${rssMiB(featurePid).toFixed(0)} / ${pids().reduce((a, p) => a + rssMiB(p), 0).toFixed(0)} MiB, UDP drops ${udpDrops() - drops0}`);
      if (r.failed !== 0 || r.code !== 0 || r.achieved < rate * 0.9) break;
      bestCall = r;
    }
    uas.kill();
    console.log(JSON.stringify({ users: N, registerPerSec: bestReg?.rate ?? 0, registerP50Ms: bestReg?.p50, registerP99Ms: bestReg?.p99, callsPerSec: bestCall?.rate ?? 0, callP50Ms: bestCall?.p50, callP99Ms: bestCall?.p99 }));
  } finally {
    await pbx.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
