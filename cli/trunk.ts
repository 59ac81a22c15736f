/**
 * `zentrale trunk status [--json]`: the trunks of the site and their registration at the carrier,
 * as the running PBX sees them (registration state lives in its memory). Says so when no PBX runs.
 */
import { loadRuntimeConfig } from '../server/src/config/runtime.js';
import type { TrunkStatus } from '../server/src/trunks/index.js';
import { callRunningPbx } from './store-access.js';

const HELP = `Usage:
  zentrale trunk status [--json]
      shows each trunk (host, port, transport, identity profile) and its registration at the
      carrier: state, granted lifetime, expiry, last response, failures, next attempt`;

function when(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString();
}

function describe(t: TrunkStatus): string {
  const r = t.registration;
  const head = `${t.id.padEnd(12)} ${`${t.host}:${t.port}/${t.transport}`.padEnd(28)} ${t.outbound ? 'outbound' : '        '}`;
  const id = `present in ${t.identity.presentIn}, ${t.identity.format}, CLIP no screening ${t.identity.clipNoScreening ? 'yes' : 'no'}, ${t.identity.diversion}`;
  if (!r) return `${head} no registration\n    ${id}`;
  const last = r.lastStatus === null ? '' : `, last ${r.lastStatus}${r.lastReason ? ` ${r.lastReason}` : ''}`;
  return `${head} ${r.state}${r.grantedSec === null ? '' : ` (${r.grantedSec} s)`}${last}, failures ${r.failures}\n`
    + `    ${id}\n    registered ${when(r.registeredAt)}, expires ${when(r.expiresAt)}, next attempt ${when(r.nextAttemptAt)}, registrations ${r.registrations}`;
}

/** Runs the command. */
export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === undefined) {
    process.stdout.write(HELP + '\n');
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'status' || rest.some((a) => a !== '--json')) {
    process.stderr.write(`zentrale trunk: unknown arguments '${argv.join(' ')}'\n\n${HELP}\n`);
    return 2;
  }
  const loaded = loadRuntimeConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(loaded.error.map((e) => `zentrale trunk: ${e}`).join('\n') + '\n');
    return 2;
  }
  const answer = await callRunningPbx(loaded.value, 'GET', '/internal/trunks');
  if (!answer.ok || answer.status !== 200) {
    const where = loaded.value.httpListen;
    process.stderr.write(`zentrale trunk status: no PBX is running on data directory ${loaded.value.dataDir} (HTTP ${where}); registration state exists only in a running PBX\n`);
    if (rest.includes('--json')) process.stdout.write(JSON.stringify({ running: false, trunks: [] }) + '\n');
    return 1;
  }
  const trunks = (answer.body as { trunks: TrunkStatus[] }).trunks;
  if (rest.includes('--json')) process.stdout.write(JSON.stringify({ running: true, trunks }, null, 2) + '\n');
  else if (trunks.length === 0) process.stdout.write('no trunks configured\n');
  else process.stdout.write(trunks.map(describe).join('\n') + '\n');
  return 0;
}
