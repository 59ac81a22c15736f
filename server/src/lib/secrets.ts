/** Secrets kept in the data directory (mode 600), generated on first use: nonce key, admin token. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The process secrets. */
export interface Secrets {
  readonly nonceSecret: string;
  readonly adminToken: string;
}

/** Reads `<dataDir>/secrets.json`, creating it with fresh random values when missing. */
export function loadSecrets(dataDir: string): Secrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Secrets;
  mkdirSync(dataDir, { recursive: true });
  const s: Secrets = { nonceSecret: randomBytes(32).toString('hex'), adminToken: randomBytes(24).toString('hex') };
  writeFileSync(file, JSON.stringify(s), { mode: 0o600 });
  return s;
}
