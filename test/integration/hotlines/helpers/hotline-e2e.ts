/**
 * Shared pieces of the hotline end-to-end tests: a PBX on the e2e users plus the hotline-calls
 * dialplan, the hotline log and live status read the way an operator reads them (store and the
 * /internal route the CLI uses), and phones.
 */
import type { Test } from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPbx, type Pbx } from '../../../helpers/pbx.js';
import { E2E_DIALPLAN } from '../../../helpers/e2e.js';
import { waitFor } from '../../../helpers/wait-for.js';
import { SipPhone } from './sip-phone.js';

/** The hotlines of the call tests. */
export const HOTLINE_CALLS_DIALPLAN = 'test/fixtures/dialplans/e2e/hotline-calls.yaml';

/** Passwords of the e2e users. */
export const PASSWORDS: Readonly<Record<string, string>> = { 2001: 'alice-secret-1', 2002: 'bernd-secret-1', 2003: 'carla-secret-1', 2004: 'dora-secret-1' };

/** A PBX with the e2e users and the given hotline dialplans. */
export async function hotlinePbx(t: Test, dialplans: string[] = [HOTLINE_CALLS_DIALPLAN], env: NodeJS.ProcessEnv = {}): Promise<Pbx> {
  const p = await startPbx({ dialplans: [E2E_DIALPLAN, ...dialplans], env });
  t.teardown(() => p.stop());
  return p;
}

/** One hotline log entry as stored. */
export interface LogEntry {
  readonly at: number;
  readonly event: string;
  readonly call_id: string | null;
  readonly caller: string | null;
  readonly agent: string | null;
  readonly detail: Record<string, unknown> | null;
}

/** The hotline log of `hotline`, oldest first. */
export async function hotlineLog(p: Pbx, hotline: string): Promise<LogEntry[]> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(p.dataDir, 'zentrale.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('select at, event, call_id, caller, agent, detail from hotline_log where hotline = ? order by id').all(hotline) as Array<Omit<LogEntry, 'detail'> & { detail: string | null }>;
    return rows.map((r) => ({ ...r, detail: r.detail ? JSON.parse(r.detail) as Record<string, unknown> : null }));
  } finally {
    db.close();
  }
}

/** Waits until the hotline log holds an entry matching `match`; returns the whole log. */
export async function waitForLog(p: Pbx, hotline: string, match: (e: LogEntry) => boolean, what: string, ms = 20_000): Promise<LogEntry[]> {
  return waitFor(async () => {
    const log = await hotlineLog(p, hotline);
    return log.some(match) ? log : undefined;
  }, { ms, every: 100, what });
}

/** The live status of a hotline from the running PBX. */
export async function hotlineStatus(p: Pbx, hotline: string): Promise<{ agents: Array<{ extension: string; state: string; callId: string | null }>; waiting: Array<{ callId: string; position: number }> }> {
  const { adminToken } = JSON.parse(readFileSync(join(p.dataDir, 'secrets.json'), 'utf8')) as { adminToken: string };
  const r = await fetch(`http://127.0.0.1:${p.httpPort}/internal/acd/hotline/${hotline}`, { headers: { authorization: `Bearer ${adminToken}` } });
  return await r.json() as Awaited<ReturnType<typeof hotlineStatus>>;
}

/** Waits until `extension` shows `state` in `hotline`. */
export async function waitAgentState(p: Pbx, hotline: string, extension: string, state: string, ms = 20_000): Promise<void> {
  await waitFor(async () => (await hotlineStatus(p, hotline)).agents.find((a) => a.extension === extension)?.state === state, { ms, every: 100, what: `${extension} ${state} in ${hotline}` });
}

/** Logs agents in through the running PBX's CLI. */
export function login(p: Pbx, hotline: string, ...extensions: string[]): void {
  for (const ext of extensions) {
    const r = p.cli(['agent', 'login', hotline, ext]);
    if (r.code !== 0) throw new Error(`agent login ${hotline} ${ext} failed: ${r.stderr}`);
  }
}

/** A phone calling as user `ext`. */
export async function userPhone(t: Test, p: Pbx, ext: string, recordArrivals = false): Promise<SipPhone> {
  const phone = await SipPhone.open({ pbxPort: p.sipPort, user: ext, password: PASSWORDS[ext], recordArrivals });
  t.teardown(() => phone.close());
  return phone;
}

/** The PBX's JSON log lines with `msg`. */
export function logged(p: Pbx, msg: string): Array<Record<string, unknown>> {
  return p.output().split('\n').filter((l) => l.startsWith('{') && l.includes(msg)).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === msg);
}
