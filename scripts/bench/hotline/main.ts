/**
 * Hotline bench (issue 7 item 11): the whole PBX as `zentrale start` runs it (feature server, SIP
 * engine, media engine), citizens coming in from a carrier trunk (SIPp bound to the trunk's port),
 * 50 agents registered by one SIPp that answers their offers.
 *
 * 1. Throughput: hotline calls per second entering (answered by the media server, music on),
 *    waiting, offered, answered by an agent, moved to the agent by re-INVITE, talking `--talk-ms`,
 *    hanging up; at rising rates until a call fails. Per rate: failed calls (SIPp), the hotline
 *    log's queued/offered/answered/abandoned counts, entry time (INVITE to 200) and wait (queue
 *    entry to the re-INVITE to the agent) p50/p99, CPU of the three processes.
 * 2. Waiting: `--waiting` callers wait on a hotline nobody answers, with music and announcements;
 *    a separate process receives their RTP and reports the packet-interval distribution and the
 *    deviation from the 20 ms packet time (jitter) over `--measure` seconds.
 *
 *   npm run bench:hotline [-- --agents 50 --rates 25,50,75,100,125 --duration 20 --talk-ms 250
 *                            [--media-sps 100] [--all-rates]
 *                            --waiting 200 --waiting-rate 40 --measure 30 --rt]
 *
 * `--rt` gives the media engine and the RTP receiver real-time priority (chrt -f 10, needs root or
 * CAP_SYS_NICE), as production should run the media engine (engine/media/README.md). `--nice -10`
 * raises the priority of the feature server, the SIP engine, SIPp and the receiver (and the media
 * engine without --rt): on a machine shared with other work it stands in for the dedicated one a
 * PBX runs on. `--profile FILE` writes a V8 CPU profile of the feature server over the first
 * throughput run (inspector opened with SIGUSR1). The last line is a JSON summary.
 */
import { execFileSync, fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseOrExit } from '../lib/args.js';
import { stringify } from 'yaml';
import { startPbx, type Pbx } from '../../../test/helpers/pbx.js';
import { freePort } from '../../../test/helpers/ports.js';
import { cpuSeconds, percentile } from '../lib/proc.js';
import { attachProfiler } from '../lib/profiler.js';

const { values } = parseOrExit(import.meta.filename, () => parseArgs({ options: {
  agents: { type: 'string', default: '50' },
  rates: { type: 'string', default: '25,50,75,100,125' },
  duration: { type: 'string', default: '20' },
  'talk-ms': { type: 'string', default: '250' },
  'media-sps': { type: 'string', default: '100' },
  'all-rates': { type: 'boolean', default: false },
  waiting: { type: 'string', default: '200' },
  'waiting-rate': { type: 'string', default: '40' },
  measure: { type: 'string', default: '30' },
  rt: { type: 'boolean', default: false },
  nice: { type: 'string', default: '0' },
  profile: { type: 'string' },
  'log-level': { type: 'string', default: 'info' },
} }));
const AGENTS = Number(values.agents);
const DURATION = Number(values.duration);
const TALK_MS = Number(values['talk-ms']);
const WAITING = Number(values.waiting);
const here = import.meta.dirname;
const dir = mkdtempSync(join(tmpdir(), 'bench-hotline-'));
const agentExt = (i: number) => String(5000 + i);
const agentPw = (i: number) => `bench-agent-${i}-pw`;
const HOTLINE_DDI = '+49803162500';
const WAITING_DDI = '+49803162501';

/** The bench site: agents, the answered hotline 4500 and the unanswered 4501, the carrier trunk. */
function site(trunkPort: number): string {
  const agents = Array.from({ length: AGENTS }, (_, i) => ({ extension: agentExt(i) }));
  return stringify({
    site: { name: 'Hotline Bench', domain: 'bench.zentrale.test', areaCode: '8031' },
    numbers: { blocks: [{ base: '+49803162', ddi: '0-999' }] },
    users: Array.from({ length: AGENTS }, (_, i) => ({ extension: agentExt(i), name: `Agent ${i}`, password: agentPw(i), voicemail: { enabled: false } })),
    hotlines: [
      {
        number: '4500', name: 'Buergertelefon', ddi: HOTLINE_DDI, strategy: 'longest-idle', ringSec: 10, wrapUpSec: 0,
        maxWaitSec: 3600, maxWaiting: 10000, noAgentOverflowSec: 3600, announceSec: 15, maxMissedOffers: 0, agents,
      },
      {
        number: '4501', name: 'Warteschleife', ddi: WAITING_DDI, maxWaitSec: 3600, maxWaiting: 10000, noAgentOverflowSec: 3600,
        announceSec: 20, agents: [{ extension: agentExt(0) }],
      },
    ],
    trunks: [{ id: 'carrier', host: '127.0.0.1', port: trunkPort, transport: 'udp', identity: { presentIn: 'pai', format: 'e164' } }],
    outbound: { prefix: '0', trunk: 'carrier' },
  });
}

interface SippRun { code: number; failed: number; successful: number; rtd: Map<number, number[]>; dir: string }

function sipp(args: string[]): { done: Promise<SippRun>; kill: () => void } {
  const wd = mkdtempSync(join(tmpdir(), 'bench-hotline-sipp-'));
  const child = spawn('sipp', [...args, '-nostdin', '-trace_stat', '-fd', '1', '-trace_rtt', '-rtt_freq', '1', '-trace_err', '-max_socket', '60000'], { cwd: wd, stdio: 'ignore' });
  setTimeout(() => renice(child.pid), 100);
  const done = new Promise<SippRun>((res) => child.on('close', (code) => {
    const read = (suffix: string) => readdirSync(wd).filter((f) => f.endsWith(suffix)).map((f) => readFileSync(join(wd, f), 'utf8')).join('\n');
    // Date_ms;response_time_ms;rtd_no
    const rtd = new Map<number, number[]>();
    for (const l of read('_rtt.csv').split('\n')) {
      if (!/^[0-9]/.test(l)) continue;
      const [, ms, no] = l.split(';').map(Number);
      if (!Number.isFinite(ms) || !Number.isFinite(no)) continue;
      const list = rtd.get(no!) ?? [];
      list.push(ms!);
      rtd.set(no!, list);
    }
    for (const l of rtd.values()) l.sort((a, b) => a - b);
    const stat = read('_.csv').trim().split('\n');
    const head = (stat[0] ?? '').split(';');
    const last = (stat[stat.length - 1] ?? '').split(';');
    const num = (k: string) => Number(last[head.indexOf(k)]);
    res({ code: code ?? -1, failed: num('FailedCall(C)'), successful: num('SuccessfulCall(C)'), rtd, dir: wd });
  }));
  return { done, kill: () => child.kill('SIGKILL') };
}

/** The media engine and SIP engine started by this PBX (its child processes). */
function children(pbx: Pbx): { media?: number; sip?: number } {
  const out: { media?: number; sip?: number } = {};
  const pids = spawnSync('pgrep', ['-P', String(pbx.pid())], { encoding: 'utf8' }).stdout.trim().split('\n').map(Number).filter(Boolean);
  for (const pid of pids) {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmd.includes('media-engine')) out.media = pid;
    if (cmd.includes('sip-engine')) out.sip = pid;
  }
  return out;
}

const NICE = Number(values.nice);

/** Renices every thread of a process (setpriority works per thread on Linux). */
function renice(pid: number | undefined): void {
  if (pid === undefined || NICE === 0) return;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) execFileSync('renice', ['-n', String(NICE), '-p', tid], { stdio: 'ignore' });
  } catch (err) {
    console.warn(`renice failed (needs root for negative values): ${(err as Error).message.split('\n')[0]}`);
  }
}

function realtime(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) execFileSync('chrt', ['-f', '-p', '10', tid]);
  } catch (err) {
    console.warn(`chrt failed (needs root or CAP_SYS_NICE): ${(err as Error).message.split('\n')[0]}`);
  }
}

async function request(pbx: Pbx, path: string, body?: unknown): Promise<unknown> {
  const { adminToken } = JSON.parse(readFileSync(join(pbx.dataDir, 'secrets.json'), 'utf8')) as { adminToken: string };
  const r = await fetch(`http://127.0.0.1:${pbx.httpPort}${path}`, {
    method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : null,
  });
  return r.json();
}

async function hotlineEvents(pbx: Pbx, hotline: string, since: number): Promise<Map<string, Set<string>>> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(pbx.dataDir, 'zentrale.db'), { readonly: true });
  try {
    const rows = db.prepare('select event, call_id from hotline_log where hotline = ? and at >= ? and call_id is not null').all(hotline, since) as Array<{ event: string; call_id: string }>;
    const by = new Map<string, Set<string>>();
    for (const r of rows) {
      const s = by.get(r.event) ?? new Set<string>();
      s.add(r.call_id);
      by.set(r.event, s);
    }
    return by;
  } finally {
    db.close();
  }
}

function once<T>(child: ChildProcess, kind: string): Promise<T> {
  return new Promise((res, rej) => {
    const on = (m: { kind: string }): void => {
      if (m.kind !== kind) return;
      child.off('message', on);
      res(m as T);
    };
    child.on('message', on);
    child.once('exit', (code) => rej(new Error(`waiting callers exited with ${code}`)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const trunkPort = await freePort();
  const sitePath = join(dir, 'site.yaml');
  writeFileSync(sitePath, site(trunkPort));
  const pbx = await startPbx({ dialplans: [sitePath], env: { ZENTRALE_LOG_LEVEL: values['log-level'], ZENTRALE_RTP_PORTS: '30000-31999', ZENTRALE_DIGEST_ALGORITHMS: 'MD5', ZENTRALE_MEDIA_SESSIONS_PER_SECOND: values['media-sps']! } });
  const procs = { feature: pbx.pid()!, ...children(pbx) };
  renice(procs.feature);
  renice(procs.sip);
  if (values.rt) realtime(procs.media);
  else renice(procs.media);
  const cpu = () => ({ feature: cpuSeconds(procs.feature), sip: procs.sip ? cpuSeconds(procs.sip) : NaN, media: procs.media ? cpuSeconds(procs.media) : NaN });
  const share = (a: ReturnType<typeof cpu>, b: ReturnType<typeof cpu>, secs: number) => `feature server ${(((b.feature - a.feature) / secs) * 100).toFixed(0)} %, SIP engine ${(((b.sip - a.sip) / secs) * 100).toFixed(0)} %, media engine ${(((b.media - a.media) / secs) * 100).toFixed(0)} % of a core`;
  console.log(`PBX up (feature server ${procs.feature}, SIP engine ${procs.sip}, media engine ${procs.media}${values.rt ? ', media engine at SCHED_FIFO 10' : ''}${NICE ? `, nice ${NICE}` : ''}); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  let agents: { kill: () => void } | undefined;
  const summary: Record<string, unknown> = { agents: AGENTS, talkMs: TALK_MS, rt: values.rt, nice: NICE };
  try {
    // ---- agents: one SIPp registers them all from one port and answers their offers.
    const inf = join(dir, 'agents.csv');
    writeFileSync(inf, 'SEQUENTIAL\n' + Array.from({ length: AGENTS }, (_, i) => `${agentExt(i)};[authentication username=${agentExt(i)} password=${agentPw(i)}];`).join('\n') + '\n');
    const agentPort = await freePort();
    agents = sipp(['-sf', resolve(here, 'register.xml'), '-oocsf', resolve(here, 'agent-answer.xml'), '-inf', inf, '-i', '127.0.0.1', '-p', String(agentPort), '-r', '100', '-m', String(AGENTS), '-d', '36000000', '-l', String(AGENTS + 10), `127.0.0.1:${pbx.sipPort}`]);
    const registered = () => new Set(pbx.output().split('\n').filter((l) => l.includes('"msg":"registration changed"') && l.includes('"reason":"registered"')).map((l) => /"extension":"(\d+)"/.exec(l)?.[1])).size;
    for (let i = 0; i < 300 && registered() < AGENTS; i++) await sleep(100);
    if (registered() < AGENTS) throw new Error(`only ${registered()} of ${AGENTS} agents registered`);
    for (let i = 0; i < AGENTS; i++) await request(pbx, '/internal/acd/request', { kind: 'login', extension: agentExt(i), hotline: '4500' });
    const status = await request(pbx, '/internal/acd/hotline/4500') as { staffed: number };
    console.log(`${AGENTS} agents registered and logged in (${status.staffed} staffed)`);

    const refusedByMedia = () => pbx.output().split('media server could not answer the caller').length - 1;
    // ---- 1. throughput ladder
    let best: Record<string, unknown> | undefined;
    for (const rate of values.rates!.split(',').map(Number)) {
      const calls = rate * DURATION;
      const since = Date.now();
      const profiler = values.profile && best === undefined ? await attachProfiler(procs.feature) : undefined;
      const refusedBefore = refusedByMedia();
      const c0 = cpu();
      const t0 = Date.now();
      const run = await sipp(['-sf', resolve(here, 'caller.xml'), '-s', HOTLINE_DDI, '-i', '127.0.0.1', '-p', String(trunkPort), '-r', String(rate), '-m', String(calls),
        '-l', String(rate * 30), '-d', String(TALK_MS), '-recv_timeout', '30000', `127.0.0.1:${pbx.sipPort}`]).done;
      const secs = (Date.now() - t0) / 1000;
      const c1 = cpu();
      await profiler?.stop(values.profile!);
      await sleep(1500);
      const withoutMedia = refusedByMedia() - refusedBefore;
      const ev = await hotlineEvents(pbx, '4500', since);
      const n = (e: string) => ev.get(e)?.size ?? 0;
      const entry = run.rtd.get(1) ?? [];
      const wait = run.rtd.get(2) ?? [];
      const ok = run.code === 0 && run.failed === 0 && run.successful === calls && n('answered') === calls && n('abandoned') === 0;
      const line = {
        rate, calls, successful: run.successful, failed: run.failed, withoutMedia, queued: n('queued'), offered: n('offered'), answered: n('answered'), abandoned: n('abandoned'),
        entryP50Ms: percentile(entry, 50), entryP99Ms: percentile(entry, 99), waitP50Ms: percentile(wait, 50), waitP99Ms: percentile(wait, 99), seconds: Number(secs.toFixed(1)),
      };
      console.log(`${rate} calls/s for ${DURATION} s: ${run.successful}/${calls} calls completed, ${run.failed} failed, ${withoutMedia} queued without media (over --media-sps); hotline log: ${line.queued} queued, ${line.offered} offered, ${line.answered} answered, ${line.abandoned} abandoned; `
        + `entry p50 ${line.entryP50Ms} ms p99 ${line.entryP99Ms} ms; wait to the agent p50 ${line.waitP50Ms} ms p99 ${line.waitP99Ms} ms; ${share(c0, c1, secs)}${ok ? '' : `  [FAILED, SIPp files in ${run.dir}]`}`);
      if (!ok) {
        writeFileSync(join(run.dir, 'pbx.log'), pbx.output());
        console.log(`  the PBX's log is in ${join(run.dir, 'pbx.log')}`);
        if (!values['all-rates']) break;
        await sleep(5000);
        continue;
      }
      best = line;
      await sleep(2000);
    }
    summary.throughput = best ?? null;

    // ---- 2. waiting callers with music
    const child = fork(resolve(here, 'waiting.ts'), [String(pbx.sipPort), String(trunkPort), WAITING_DDI, String(WAITING), values['waiting-rate']!], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    try {
      if (values.rt) realtime(child.pid);
      else renice(child.pid);
      const answered = await once<{ answered: number; failed: number[] }>(child, 'answered');
      const view = await request(pbx, '/internal/acd/hotline/4501') as { waiting: unknown[] };
      console.log(`${answered.answered}/${WAITING} waiting callers answered by the media server (${answered.failed.length} refused), ${view.waiting.length} waiting in the queue`);
      await sleep(5000);
      child.send({ kind: 'reset' });
      await once(child, 'reset-done');
      const c0 = cpu();
      await sleep(Number(values.measure) * 1000);
      const c1 = cpu();
      child.send({ kind: 'report' });
      const r = await once<{ live: number; silent: number; inaudible: number; packets: number; intervalMs: Record<string, number>; jitterMs: Record<string, number>; over40ms: number }>(child, 'report');
      const f = (x: number) => x.toFixed(2);
      console.log(`${r.live} callers waiting for ${values.measure} s: ${r.packets} RTP packets, ${r.silent} silent and ${r.inaudible} without sound; packet interval p50 ${f(r.intervalMs.p50!)} ms, p99 ${f(r.intervalMs.p99!)} ms, p99.9 ${f(r.intervalMs.p999!)} ms, max ${f(r.intervalMs.max!)} ms; `
        + `deviation from 20 ms p50 ${f(r.jitterMs.p50!)} ms, p99 ${f(r.jitterMs.p99!)} ms, p99.9 ${f(r.jitterMs.p999!)} ms; ${r.over40ms} intervals over 40 ms; ${share(c0, c1, Number(values.measure))}`);
      summary.waiting = { callers: r.live, silent: r.silent, intervalP50Ms: r.intervalMs.p50, intervalP99Ms: r.intervalMs.p99, jitterP99Ms: r.jitterMs.p99, jitterP999Ms: r.jitterMs.p999 };
      child.send({ kind: 'hangup' });
      await once(child, 'hung-up').catch(() => undefined);
    } finally {
      child.kill('SIGKILL');
    }
    summary.loadAverage = loadavg()[0];
    console.log(JSON.stringify(summary));
  } finally {
    agents?.kill();
    await pbx.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
