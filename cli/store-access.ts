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

/**
 * Asks a running PBX on this data directory to reload its configuration. Returns false when
 * none runs (the change then applies at its next start).
 */
export async function notifyRunningServer(config: RuntimeConfig): Promise<boolean> {
  const file = join(config.dataDir, 'secrets.json');
  if (!existsSync(file)) return false;
  const { adminToken } = JSON.parse(readFileSync(file, 'utf8')) as { adminToken: string };
  const { host, port } = splitHostPort(config.httpListen);
  const h = host === '0.0.0.0' ? '127.0.0.1' : host;
  try {
    const r = await fetch(`http://${h}:${port}/internal/reload`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` }, signal: AbortSignal.timeout(2000) });
    return r.ok;
  } catch {
    return false;
  }
}
