/**
 * The feature server in-process against the embedded SIP engine, for the presence tests: a
 * temporary store with the presence dialplan applied, the log captured as JSON lines, and the
 * bus reachable so tests can feed facts the call layer cannot produce without a trunk (external
 * calls). SIPp watchers and phones talk to the engine over loopback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Srf from 'drachtio-srf';
import pino from 'pino';
import { buildServer, type FeatureServer } from '../../../server/src/app.js';
import { applyDialplan } from '../../../server/src/config/site-store.js';
import { loadRuntimeConfig } from '../../../server/src/config/runtime.js';
import { openSqliteStore, type Db } from '../../../server/src/store/db.js';
import type { SrfApp } from '../../../server/src/sip/srf-types.js';
import { startEngine, type EngineHandle } from '../../helpers/sip-engine.js';
import { SipEngine } from '../../../engine/sip/src/core/engine.js';
import { ControlServer } from '../../../engine/sip/src/control/server.js';

/** An engine on a given SIP port (a restarted engine keeps its address; phones know only that). */
async function startEngineOn(port: number): Promise<EngineHandle> {
  const log = pino({ level: 'silent' });
  const engine = new SipEngine({ host: '127.0.0.1', port, log, timers: { T1: 500, T2: 4000, T4: 5000 } });
  await engine.start();
  const control = new ControlServer({ host: '127.0.0.1', port: 0, secret: 'cymru', engine, log });
  const controlPort = await control.listen();
  return {
    engine, sipPort: port, controlPort, secret: 'cymru',
    async stop() {
      await control.close();
      engine.stop();
    },
  };
}
import { freePort } from '../../helpers/ports.js';
import { waitFor } from '../../helpers/wait-for.js';
import { saveWebAccount } from '../../../server/src/presence-feature/store.js';
import { hashWebPassword } from '../../../server/src/presence-feature/http/sessions.js';

/** The presence test dialplan. */
export const PRESENCE_DIALPLAN = 'test/fixtures/dialplans/e2e/presence.yaml';

/** Passwords of the dialplan's users. */
export const PASSWORDS: Readonly<Record<string, string>> = {
  '3000': 'olga-secret-1', '3001': 'anna-secret-1', '3002': 'bernd-secret-1', '3003': 'carla-secret-1',
  '3004': 'dora-secret-1', '3005': 'emil-secret-1', '3008': 'hanna-secret-1', '3009': 'xaver-secret-1',
};

/** A running in-process presence server. */
export interface Harness {
  readonly server: FeatureServer;
  readonly engine: EngineHandle;
  readonly sipPort: number;
  readonly httpPort: number;
  readonly db: Db;
  readonly dataDir: string;
  /** Every log line so far, parsed. */
  logs(): Array<Record<string, unknown>>;
  /** How many log lines have `msg`, optionally matching more fields. */
  count(msg: string, fields?: Record<string, unknown>): number;
  /** Waits until at least `n` log lines have `msg` (and the fields). */
  waitLog(msg: string, n: number, fields?: Record<string, unknown>): Promise<void>;
  /** Gives `user` a web account (password `${user}-web-password`) and logs in; returns the session token. */
  login(user: string, roles?: readonly 'supervisor'[]): Promise<string>;
  /** A JSON API call with a session token. */
  api(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown; text: string }>;
  /** Stops the server (the store stays for `restart`). */
  stop(): Promise<void>;
  /**
   * Builds and starts a new server on the same store and ports (a feature-server restart). With
   * `engine: true` the SIP engine restarts too, on the same SIP port, knowing no dialog.
   */
  restart(opts?: { engine?: boolean }): Promise<void>;
}

/** Starts engine and server on free loopback ports; `t.teardown(h.close)` in tests. */
export async function startHarness(opts: { dialplan?: string; digest?: string } = {}): Promise<Harness & { close(): Promise<void> }> {
  let engine = await startEngine();
  const sipPort = engine.sipPort;
  const dataDir = mkdtempSync(join(tmpdir(), 'zentrale-presence-'));
  const db = await openSqliteStore(join(dataDir, 'zentrale.db'));
  const applied = await applyDialplan(db, [{ path: opts.dialplan ?? PRESENCE_DIALPLAN, text: readFileSync(opts.dialplan ?? PRESENCE_DIALPLAN, 'utf8') }], { now: Date.now(), source: 'test' });
  if (!applied.ok) throw new Error(`dialplan: ${JSON.stringify(applied.issues)}`);
  const httpPort = await freePort();
  const loaded = loadRuntimeConfig({
    ZENTRALE_DATA_DIR: dataDir, ZENTRALE_HTTP_LISTEN: `127.0.0.1:${httpPort}`, ZENTRALE_DRACHTIO: `127.0.0.1:${engine.controlPort}`,
    ZENTRALE_DRACHTIO_SECRET: engine.secret, ZENTRALE_DIGEST_ALGORITHMS: opts.digest ?? 'MD5', ZENTRALE_KEEPALIVE_SEC: '0', ZENTRALE_LOG_LEVEL: 'debug',
  });
  if (!loaded.ok) throw new Error(loaded.error.join('; '));
  let config = loaded.value;
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  const log = pino({ level: 'debug' }, sink);
  let server: FeatureServer;
  let srf: SrfApp;
  const launch = async () => {
    srf = new Srf() as unknown as SrfApp;
    server = await buildServer({ config, db, log, srf });
    const connected = new Promise<void>((resolve) => srf.once('connect', () => resolve()));
    await server.start();
    await connected;
  };
  await launch();
  const matches = (l: Record<string, unknown>, msg: string, fields?: Record<string, unknown>) =>
    l.msg === msg && Object.entries(fields ?? {}).every(([k, v]) => l[k] === v);
  const h = {
    get server() { return server; },
    get engine() { return engine; },
    sipPort, httpPort, db, dataDir,
    logs: () => lines,
    count: (msg: string, fields?: Record<string, unknown>) => lines.filter((l) => matches(l, msg, fields)).length,
    waitLog: async (msg: string, n: number, fields?: Record<string, unknown>) => {
      await waitFor(() => h.count(msg, fields) >= n, { ms: 15_000, what: `${n}× "${msg}" ${JSON.stringify(fields ?? {})}` });
    },
    login: async (user: string, roles: readonly 'supervisor'[] = []) => {
      await saveWebAccount(db, { extension: user, passwordHash: await hashWebPassword(`${user}-web-password`), roles }, Date.now());
      const r = await fetch(`http://127.0.0.1:${httpPort}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ extension: user, password: `${user}-web-password` }) });
      if (r.status !== 200) throw new Error(`login ${user}: ${r.status}`);
      return ((await r.json()) as { token: string }).token;
    },
    api: async (token: string, method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const r = await fetch(`http://127.0.0.1:${httpPort}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const text = await r.text();
      let json: unknown;
      try { json = JSON.parse(text); } catch { json = undefined; }
      return { status: r.status, json, text };
    },
    stop: async () => {
      await server.stop();
    },
    restart: async (o: { engine?: boolean } = {}) => {
      if (o.engine) {
        await engine.stop();
        engine = await startEngineOn(sipPort);
        config = Object.freeze({ ...config, drachtio: `127.0.0.1:${engine.controlPort}`, drachtioSecret: engine.secret });
      }
      await launch();
    },
    close: async () => {
      await server.stop().catch(() => undefined);
      await engine.stop();
      await db.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}
