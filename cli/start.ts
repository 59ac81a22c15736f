/**
 * `zentrale start` (what `npm start` runs): the embedded SIP engine as a child process (unless
 * ZENTRALE_DRACHTIO names a real drachtio-server), then the feature server in this process. On an
 * empty data directory the demo site is applied first, with generated passwords.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { loadRuntimeConfig, runtimeHelp, splitHostPort, type RuntimeConfig } from '../server/src/config/runtime.js';
import { applyDialplan, loadStoredSite } from '../server/src/config/site-store.js';
import { createServerLogger, openStore, runFeatureServer } from '../server/src/main.js';
import type { Db } from '../server/src/store/db.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

const HELP = `Usage: zentrale start [--exit-with-stdin]

Starts the PBX: the embedded SIP engine (a drachtio-server stand-in) and the feature server.
On the first start of an empty data directory, dialplans/demo.yaml is applied with generated
SIP passwords, which are printed once and kept in <data dir>/demo-credentials.txt.

Options:
  --exit-with-stdin  stop (as on SIGTERM) when standard input closes, so the PBX never
                     outlives the program that started it (tests, supervisors)

Environment:
${runtimeHelp()}
`;

/** Generates a password phones can type: 12 characters, letters and digits. */
function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Applies the demo site with a generated password per user; returns the credentials. */
async function seedDemo(db: Db, dataDir: string): Promise<Array<{ user: string; password: string; name: string }>> {
  const doc = parse(readFileSync(join(ROOT, 'dialplans/demo.yaml'), 'utf8')) as { users?: Array<Record<string, unknown>> };
  const creds: Array<{ user: string; password: string; name: string }> = [];
  for (const u of doc.users ?? []) {
    if (u.password || (Array.isArray(u.devices) && u.devices.length)) continue;
    const password = generatePassword();
    u.password = password;
    creds.push({ user: String(u.extension), password, name: String(u.name ?? u.extension) });
  }
  const r = await applyDialplan(db, [{ path: 'dialplans/demo.yaml', text: stringify(doc) }], { now: Date.now(), source: 'first start: dialplans/demo.yaml' });
  if (!r.ok) throw new Error(`the demo dialplan does not apply: ${r.issues.map((i) => `${i.file}: ${i.path}: ${i.message}`).join('; ')}`);
  writeFileSync(join(dataDir, 'demo-credentials.txt'), creds.map((c) => `${c.user}\t${c.password}\t${c.name}`).join('\n') + '\n', { mode: 0o600 });
  return creds;
}

/** Starts a child `zentrale <command>` and resolves with its 'listening' JSON line. */
function startChild(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; info: Record<string, unknown> }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/zentrale.js'), ...args, '--exit-with-stdin'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolvePromise, reject) => {
    let buf = '';
    let done = false;
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!done && line.includes('"event":"listening"')) {
          done = true;
          resolvePromise({ child, info: JSON.parse(line) as Record<string, unknown> });
        } else if (line.trim()) process.stdout.write(line + '\n');
      }
    });
    child.once('exit', (code) => { if (!done) reject(new Error(`zentrale ${args[0]} exited with code ${code}`)); });
  });
}

/** Ends a child: closes its stdin (it exits with it), SIGTERM, and SIGKILL after 3 s. */
async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

/** The address RTP should use: the SIP address when bound to one, else this machine's first IPv4. */
function rtpAddress(config: RuntimeConfig): string {
  if (config.rtpIp) return config.rtpIp;
  const host = splitHostPort(config.sipListen).host;
  if (host !== '0.0.0.0' && host !== '::') return host;
  for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
  return '127.0.0.1';
}

/** Starts the embedded engine; resolves with its control port once it listens. */
function startEngine(config: RuntimeConfig, secret: string, controlPort: number): Promise<{ child: ChildProcess; controlPort: number; sipPort: number }> {
  // The engine reads nothing from stdin; its closing (we died, even by SIGKILL) ends the engine.
  const child = spawn(process.execPath, [join(ROOT, 'bin/zentrale.js'), 'sip-engine', '--sip', config.sipListen, '--control', `127.0.0.1:${controlPort}`, '--log-level', config.logLevel === 'trace' ? 'trace' : 'warn', '--exit-with-stdin'], {
    env: { ...process.env, ZENTRALE_ENGINE_SECRET: secret }, stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolvePromise, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.includes('"event":"listening"')) {
          const info = JSON.parse(line) as { control: { port: number }; sip: { port: number } };
          resolvePromise({ child, controlPort: info.control.port, sipPort: info.sip.port });
        } else if (line.trim()) process.stdout.write(line + '\n');
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the SIP engine exited with code ${code}`)));
  });
}

function instructions(config: RuntimeConfig, sipPort: number, httpPort: number, creds: Array<{ user: string; password: string; name: string }>, domain: string): string {
  const host = config.publicHost ?? (splitHostPort(config.sipListen).host === '0.0.0.0' ? '<this machine\'s address>' : splitHostPort(config.sipListen).host);
  const lines = [
    '',
    'Zentrale is running.',
    `  SIP:   ${host}:${sipPort} (udp and tcp), domain/realm ${domain}`,
    `  HTTP:  http://${config.httpListen.replace(/:\d+$/, '')}:${httpPort}/healthz`,
  ];
  if (creds.length) {
    lines.push('', 'Demo users (first start; also in ' + join(config.dataDir, 'demo-credentials.txt') + '):');
    for (const c of creds) lines.push(`  ${c.user}  password ${c.password}  (${c.name})`);
    lines.push('', 'Point a softphone (Linphone, MicroSIP, Zoiper) at it: username = extension, password as above,',
      `domain/server ${host}:${sipPort}, transport UDP or TCP. Then call another extension, e.g. 1002.`);
  }
  return lines.join('\n') + '\n';
}

/** Runs the PBX until SIGINT/SIGTERM. */
export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  const exitWithStdin = argv.includes('--exit-with-stdin');
  const unexpected = argv.filter((a) => a !== '--exit-with-stdin');
  if (unexpected.length) {
    process.stderr.write(`zentrale start: unexpected arguments: ${unexpected.join(' ')}\n\n${HELP}`);
    return 2;
  }
  const loaded = loadRuntimeConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(loaded.error.map((e) => `zentrale start: ${e}`).join('\n') + '\n');
    return 2;
  }
  let config = loaded.value;
  const log = createServerLogger(config.logLevel);
  const db = await openStore(config.dataDir);
  let creds: Array<{ user: string; password: string; name: string }> = [];
  if (!(await loadStoredSite(db))) creds = await seedDemo(db, config.dataDir);

  let engine: ChildProcess | undefined;
  let sipPort = splitHostPort(config.sipListen).port;
  let stopping = false;
  if (!config.drachtio) {
    const secret = randomBytes(24).toString('hex');
    const first = await startEngine(config, secret, 0);
    engine = first.child;
    sipPort = first.sipPort;
    config = { ...config, drachtio: `127.0.0.1:${first.controlPort}`, drachtioSecret: secret };
    // Supervise: a crashed engine is restarted on the same ports; srf reconnects by itself.
    const supervise = (child: ChildProcess) => child.once('exit', (code, signal) => {
      if (stopping) return;
      log.error({ code, signal }, 'SIP engine exited; restarting');
      setTimeout(() => {
        startEngine({ ...config, sipListen: `${splitHostPort(config.sipListen).host}:${sipPort}` }, secret, first.controlPort)
          .then((e) => { engine = e.child; supervise(e.child); })
          .catch((err: unknown) => log.fatal({ err }, 'SIP engine restart failed'));
      }, 500);
    });
    supervise(engine);
  }
  let media: ChildProcess | undefined;
  if (!config.freeswitch) {
    const secret = randomBytes(24).toString('hex');
    const started = await startChild(['media-engine', '--esl', '127.0.0.1:0', '--sip', '127.0.0.1:0', '--rtp-ip', rtpAddress(config), '--rtp-ports', config.rtpPorts, '--sessions-per-second', String(config.mediaSessionsPerSecond),
      '--sounds', join(ROOT, 'assets/prompts'), '--recordings', join(resolve(config.dataDir), 'recordings'), '--log-level', config.logLevel === 'trace' || config.logLevel === 'debug' ? 'info' : 'warn'],
    { ZENTRALE_ESL_PASSWORD: secret });
    media = started.child;
    config = { ...config, freeswitch: `127.0.0.1:${String(started.info.esl)}`, freeswitchSecret: secret };
    media.once('exit', (code, signal) => { if (!stopping) log.error({ code, signal }, 'media engine exited'); });
  }
  const { server, httpPort } = await runFeatureServer(config, log, db);
  process.stdout.write(instructions(config, sipPort, httpPort, creds, server.site().site.domain));
  await new Promise<void>((res) => {
    process.once('SIGINT', () => res());
    process.once('SIGTERM', () => res());
    if (exitWithStdin) {
      process.stdin.once('end', () => res());
      process.stdin.once('close', () => res());
      process.stdin.resume();
    }
  });
  stopping = true;
  log.info('stopping');
  await server.stop();
  await Promise.all([engine, media].map((c) => stopChild(c)));
  await db.destroy();
  return 0;
}
