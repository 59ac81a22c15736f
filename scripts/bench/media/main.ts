/**
 * Media engine benchmark: N concurrent channels playing the music-on-hold prompt to UDP sinks.
 *
 *   npx tsx scripts/bench/media/main.ts [--channels 200] [--seconds 30] [--slots 4]
 *   taskset -c 0,1 npx tsx scripts/bench/media/main.ts      # pin to two cores
 *   npx tsx scripts/bench/media/main.ts --nice -10           # raise engine and sink priority (root)
 *   npx tsx scripts/bench/media/main.ts --sync               # all prompts restart in the same frame
 *   npx tsx scripts/bench/media/main.ts --rt                 # SCHED_FIFO for engine and sinks (like FreeSWITCH -rp)
 *
 * Three processes: the engine (channels created through the SIP-side boundary, playback
 * started over real outbound ESL connections, exactly as fsmrf does it), this process as the
 * app (the ESL outbound server issuing `playback` in a loop), and the sinks (arrival times).
 * Prints packet-interval percentiles over all streams, sequence gaps, timestamp jumps, and the
 * engine's CPU and resident memory.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, setPriority } from 'node:os';
import { resolve } from 'node:path';
import esl from 'drachtio-modesl';
import { parseOrExit } from '../lib/args.js';

// Only --help: the options are read one by one below.
parseOrExit(import.meta.filename, () => undefined);

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const channels = arg('channels', 200);
const seconds = arg('seconds', 30);
const slots = arg('slots', 4);
/** Nice value for the engine and the sinks; FreeSWITCH raises its own priority the same way (-rp / -np). */
const nice = arg('nice', 0);
/**
 * Start playbacks together (worst case: every prompt restarts in the same 20 ms) instead of
 * spread over one prompt length, as calls arriving at random times would be.
 */
const synchronised = process.argv.includes('--sync');
/**
 * SCHED_FIFO priority 10 for every engine and sink thread (chrt; needs root or CAP_SYS_NICE), as
 * FreeSWITCH's `-rp` gives its media threads real-time priority.
 */
const realtime = process.argv.includes('--rt');
const here = import.meta.dirname;
const moh = resolve('assets/prompts/common/moh.wav');

function once<T>(child: ChildProcess, kind: string): Promise<T> {
  return new Promise((res) => {
    const on = (m: { kind: string }): void => {
      if (m.kind !== kind) return;
      child.off('message', on);
      res(m as T);
    };
    child.on('message', on);
  });
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Nanoseconds the process's main thread spent waiting on a run queue (scheduler contention). */
function runQueueWaitMs(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return NaN;
  }
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function main(): Promise<void> {
  const execArgv = ['--import', 'tsx', ...(process.env.BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const sink = fork(resolve(here, 'sink.ts'), [String(channels)], { execArgv });
  const { ports } = await once<{ ports: number[] }>(sink, 'ports');
  const renice = (pid: number | undefined): boolean => {
    if (realtime && pid !== undefined) {
      try {
        for (const tid of readdirSync(`/proc/${pid}/task`)) execFileSync('chrt', ['-f', '-p', '10', tid]);
      } catch {
        return false;
      }
    }
    if (nice === 0 || pid === undefined) return realtime;
    try {
      // Every thread: V8's GC helpers and libuv's pool at normal priority would still stall the
      // event loop when the main thread waits for them.
      for (const tid of readdirSync(`/proc/${pid}/task`)) setPriority(Number(tid), nice);
      return true;
    } catch {
      return false;
    }
  };
  renice(sink.pid);

  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  const appPort = typeof address === 'object' && address ? address.port : 0;
  const app = new esl.Server({ server, myevents: false });
  let playing = 0;
  app.on('connection::ready', (conn) => {
    // As fsmrf does: only this channel's events on this socket.
    conn.filter('Unique-ID', conn.getInfo().getHeader('Unique-ID') ?? '');
    conn.subscribe('CHANNEL_EXECUTE_COMPLETE', () => {
      playing++;
      const loop = (): void => {
        conn.execute('playback', moh, () => loop());
      };
      if (synchronised) loop();
      else setTimeout(loop, Math.random() * 12000);
    });
  });

  const engine = fork(resolve(here, 'engine-process.ts'), [], { execArgv });
  engine.send({ sinkPorts: ports, appPort, slots });
  const ready = await once<{ created: number; pid: number }>(engine, 'ready');
  const reniced = renice(ready.pid);
  while (playing < ready.created) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, synchronised ? 2000 : 13000));
  sink.send({ kind: 'reset' });
  engine.send({ kind: 'reset' });
  await once(sink, 'reset-done');
  const cpu0 = cpuSeconds(ready.pid);
  const wait0 = runQueueWaitMs(ready.pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu1 = cpuSeconds(ready.pid);
  const waited = runQueueWaitMs(ready.pid) - wait0;
  const elapsed = (performance.now() - t0) / 1000;
  const rss = rssMiB(ready.pid);
  engine.send({ kind: 'clock' });
  const clock = await once<{ stats: unknown }>(engine, 'clock');
  sink.send({ kind: 'report' });
  const report = await once<Record<string, unknown>>(sink, 'report');
  engine.send({ kind: 'stop' });
  server.close();
  const cpuPercent = ((cpu1 - cpu0) / elapsed) * 100;
  const result = {
    channels: ready.created,
    seconds: Math.round(elapsed),
    cores: cpus().length,
    clockSlots: slots,
    playbackStarts: synchronised ? 'synchronised' : 'spread over 12 s',
    nice: reniced ? nice : 0,
    realtime: reniced && realtime,
    engineCpuPercentOfOneCore: Math.round(cpuPercent * 10) / 10,
    engineRssMiB: Math.round(rss * 10) / 10,
    /** Time the engine's main thread was runnable but not running: host contention, not engine work. */
    engineRunQueueWaitMs: Math.round(waited),
    expectedPackets: Math.round(ready.created * elapsed * 50),
    ...report,
    clock: clock.stats,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const ms = result as unknown as { intervalMs: { p50: number; p99: number }; seqGaps: number; tsJumps: number; clock: { latenessMs: { p99: number } } };
  process.stdout.write(`\n${ready.created} streams: interval p50 ${ms.intervalMs.p50.toFixed(2)} ms, p99 ${ms.intervalMs.p99.toFixed(2)} ms, `
    + `sequence gaps ${ms.seqGaps}, timestamp jumps ${ms.tsJumps}, send-clock lateness p99 ${ms.clock.latenessMs.p99} ms, `
    + `engine CPU ${result.engineCpuPercentOfOneCore}% of one core, RSS ${result.engineRssMiB} MiB, `
    + `run-queue wait ${result.engineRunQueueWaitMs} ms in ${result.seconds} s\n`);
  process.exit(0);
}

void main();
