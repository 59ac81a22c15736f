/**
 * Starts the whole PBX the way a user does (`zentrale start`), in a temporary data directory
 * with a test dialplan applied first (`zentrale apply`), on free loopback ports. The JSON log
 * lines are collected so tests can check what the PBX logged (CONVENTIONS §2.6).
 */
import { DAEMON_NODE_FLAGS } from '../../cli/daemon-flags.js';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './ports.js';
import { waitFor } from './wait-for.js';

const BIN = resolve('bin/zentrale.js');

/** A running PBX. */
export interface Pbx {
  readonly sipPort: number;
  readonly httpPort: number;
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Everything the PBX printed so far (stdout and stderr). */
  output(): string;
  /** Runs a `zentrale` command against the same data directory. */
  cli(args: string[]): { code: number; stdout: string; stderr: string };
  /** The process id of `zentrale start` (the feature server), for benchmarks. */
  pid(): number | undefined;
  /** SIGKILL, like a crash. */
  kill(): void;
  /** Starts the PBX again on the same data directory and ports. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a PBX with the given dialplan files applied. */
export async function startPbx(opts: { dialplans?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<Pbx> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zentrale-e2e-'));
  const sipPort = await freePort();
  const httpPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env, ZENTRALE_DATA_DIR: dataDir, ZENTRALE_SIP_LISTEN: `127.0.0.1:${sipPort}`, ZENTRALE_HTTP_LISTEN: `127.0.0.1:${httpPort}`,
    ZENTRALE_LOG_LEVEL: 'debug', ZENTRALE_KEEPALIVE_SEC: '0',
    // Parallel test PBXs each get their own RTP range.
    ZENTRALE_RTP_PORTS: (() => { const base = 21000 + Math.floor(Math.random() * 380) * 100; return `${base}-${base + 99}`; })(),
    ...opts.env,
  };
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  if (opts.dialplans?.length) {
    const r = cli(['apply', ...opts.dialplans.map((d) => resolve(d))]);
    if (r.code !== 0) throw new Error(`zentrale apply failed: ${r.stderr}${r.stdout}`);
  }
  let out = '';
  let child: ChildProcess;
  const launch = async () => {
    // The PBX stops when our end of its stdin closes: a test that times out or crashes leaves
    // no PBX running.
    child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, BIN, 'start', '--exit-with-stdin'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const mark = out.length;
    try {
      await waitFor(() => out.slice(mark).includes('connected to the SIP engine') && out.slice(mark).includes('Zentrale is running'), { ms: 30_000, what: 'PBX start' });
    } catch (err) {
      // A PBX that did not come up must not outlive the test (its pipes would keep the test alive).
      child.kill('SIGKILL');
      throw new Error(`${(err as Error).message}; its output:\n${out.slice(mark).slice(-3000)}`);
    }
  };
  try {
    await launch();
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    sipPort, httpPort, dataDir, env, cli,
    output: () => out,
    pid: () => child.pid,
    kill: () => child.kill('SIGKILL'),
    async restart() {
      await waitFor(() => child.exitCode !== null || child.signalCode !== null, { what: 'old PBX gone' });
      // The engine follows its launcher (it exits when its stdin closes); wait until the SIP port is free.
      await waitFor(() => spawnSync('pgrep', ['-f', '--', `sip-engine --sip 127.0.0.1:${sipPort}`]).status !== 0, { what: 'old engine gone' });
      await launch();
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The JSON log lines of a PBX's output. */
export function logLines(output: string): Array<Record<string, unknown>> {
  return output.split('\n').filter((l) => l.startsWith('{')).map((l) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      return {};
    }
  });
}
