/** Shared pieces of the end-to-end tests: a PBX on the e2e dialplan, calls by SIPp phones, call records. */
import type { Test } from 'tap';
import { startPbx, type Pbx } from './pbx.js';
import { asUser } from './phones.js';
import { runSipp, type SippResult } from './sipp.js';

/** The dialplan of the end-to-end tests: users 2001-2004, 2002 with two devices. */
export const E2E_DIALPLAN = 'test/fixtures/dialplans/e2e/basic.yaml';

/** A PBX on the e2e dialplan (default challenges: MD5, which SIPp and baresip handle). */
export async function e2ePbx(t: Test, env: NodeJS.ProcessEnv = {}): Promise<Pbx> {
  const p = await startPbx({ dialplans: [E2E_DIALPLAN], env });
  t.teardown(() => p.stop());
  return p;
}

/** A SIPp phone scenario from test/scenarios/phone calling `to` as `user`. */
export function phoneCall(p: Pbx, scenario: string, to: string, user: string, password: string, holdMs = 300): Promise<SippResult> {
  return runSipp({ scenario: `test/scenarios/phone/${scenario}`, remote: `127.0.0.1:${p.sipPort}`, service: to, extra: [...asUser(user, password), '-d', String(holdMs)] });
}

/** The call records of a PBX, oldest first. */
export async function callRecords(p: Pbx): Promise<Array<Record<string, unknown>>> {
  // The feature server writes call records behind, in batches every 50 ms (recorder.ts).
  await new Promise((r) => setTimeout(r, 250));
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(`${p.dataDir}/zentrale.db`, { readonly: true });
  try {
    return db.prepare('select caller, callee, dialled, answered_by, status, cause, answered_at is not null as answered, ended_at is not null as ended from call_records order by started_at').all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}
