/**
 * Composition root of the feature server: runtime config, store, logger and srf in, a running
 * server out. `zentrale start` calls it after starting (or finding) the SIP engine.
 */
import Srf from 'drachtio-srf';
import pino, { type Logger } from 'pino';
import type { RuntimeConfig } from './config/runtime.js';
import { openSqliteStore, type Db } from './store/db.js';
import { buildServer, type FeatureServer } from './app.js';
import type { SrfApp } from './sip/srf-types.js';
import { join } from 'node:path';
import { LOG_SERIALIZERS } from './lib/log-serializers.js';
import { snapshotEnv } from './lib/env-snapshot.js';

/** Paths redacted in every log line (CONVENTIONS §2.6). */
export const REDACT = ['*.password', '*.pin', '*.ha1', '*.token', '*.totpSecret', '*.secret', 'headers.authorization', 'headers["proxy-authorization"]'];

/** The process logger. */
export function createServerLogger(level: RuntimeConfig['logLevel'], destination?: NodeJS.WritableStream): Logger {
  return pino({ name: 'zentrale', level, redact: { paths: REDACT, censor: '[redacted]' }, serializers: LOG_SERIALIZERS }, destination ?? process.stdout);
}

/** Opens the store in the data directory. */
export function openStore(dataDir: string): Promise<Db> {
  return openSqliteStore(join(dataDir, 'zentrale.db'));
}

/** Builds and starts the feature server against the drachtio address in `config`. */
export async function runFeatureServer(config: RuntimeConfig, log: Logger, db: Db): Promise<{ server: FeatureServer; httpPort: number }> {
  snapshotEnv();
  const srf = new Srf() as unknown as SrfApp;
  const server = await buildServer({ config, db, log, srf });
  const { httpPort } = await server.start();
  return { server, httpPort };
}
