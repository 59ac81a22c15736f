/**
 * Shared plumbing of the administration commands: runtime config, the store in the data
 * directory, and telling a running PBX to pick up a change at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuntimeConfig, splitHostPort, type RuntimeConfig } from '../server/src/config/runtime.js';
import { openSqliteStore } from '../server/src/store/db.js';
import type { Db } from '../server/src/store/db.js';

/** Opens the store; on bad environment prints the problems and returns undefined. */
export async function openForCli(command: string): Promise<{ db: Db; config: RuntimeConfig } | undefined> {
  const loaded = loadRuntimeConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(loaded.error.map((e) => `zentrale ${command}: ${e}`).join('\n') + '\n');
    return undefined;
  }
  return { db: await openSqliteStore(join(loaded.value.dataDir, 'zentrale.db')), config: loaded.value };
}

/** The answer of a running PBX's internal route, or why there is none. */
export type InternalAnswer =
  | { readonly ok: true; readonly status: number; readonly body: unknown }
  | { readonly ok: false; readonly reason: 'not-running' | 'no-secrets' };

/** Calls an /internal route of the PBX running on this data directory, with the admin token. */
export async function callRunningPbx(config: RuntimeConfig, method: 'GET' | 'POST', path: string, body?: unknown): Promise<InternalAnswer> {
  const file = join(config.dataDir, 'secrets.json');
  if (!existsSync(file)) return { ok: false, reason: 'no-secrets' };
  const { adminToken } = JSON.parse(readFileSync(file, 'utf8')) as { adminToken: string };
  const { host, port } = splitHostPort(config.httpListen);
  const h = host === '0.0.0.0' ? '127.0.0.1' : host;
  try {
    const r = await fetch(`http://${h.includes(':') ? `[${h}]` : h}:${port}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(3000),
    });
    return { ok: true, status: r.status, body: await r.json().catch(() => null) };
  } catch {
    return { ok: false, reason: 'not-running' };
  }
}

/**
 * Asks a running PBX on this data directory to reload its configuration. Returns false when
 * none runs (the change then applies at its next start).
 */
export async function notifyRunningServer(config: RuntimeConfig): Promise<boolean> {
  const a = await callRunningPbx(config, 'POST', '/internal/reload');
  return a.ok && a.status >= 200 && a.status < 300;
}
