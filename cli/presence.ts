/**
 * Presence administration (issue 9 item 1), as sub-commands of `zentrale user`:
 *   zentrale user dnd EXT on|off
 *   zentrale user absence EXT --reason R [--from DATE] [--until DATE]
 *   zentrale user absence EXT --clear
 *   zentrale user web-password EXT [--supervisor]   (password from stdin)
 * Changes go to the store; a running PBX is told to re-read the user at once. Absence reasons
 * are stored, never printed back or logged.
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { ABSENCE_REASONS } from '../server/src/presence/index.js';
import type { AbsenceReason } from '../server/src/presence/index.js';
import { loadStoredSite } from '../server/src/config/site-store.js';
import type { RuntimeConfig } from '../server/src/config/runtime.js';
import { clearAbsences, saveAbsence, saveDnd, saveWebAccount } from '../server/src/presence-feature/store.js';
import { endOfDayBerlin } from '../server/src/presence-feature/state.js';
import { hashWebPassword } from '../server/src/presence-feature/http/sessions.js';
import type { Db } from '../server/src/store/db.js';
import { callRunningPbx, openForCli } from './store-access.js';
import { randomUUID } from 'node:crypto';

/** Help text of the presence sub-commands (appended to `zentrale user --help`). */
export const PRESENCE_HELP = `  zentrale user dnd EXT on|off
      do-not-disturb for the user (as *26 / #26 on the phone)
  zentrale user absence EXT --reason ${ABSENCE_REASONS.join('|')} [--from YYYY-MM-DD] [--until YYYY-MM-DD]
      records an absence (until the end of --until, Berlin time; open-ended without it);
      colleagues see "unreachable", never the reason or the dates
  zentrale user absence EXT --clear
      removes the user's absences
  zentrale user web-password EXT [--supervisor]
      sets the team-panel password (read from standard input; at least 10 characters)`;

/** Runs `zentrale user dnd|absence|web-password …`. */
export async function runUserPresence(sub: 'dnd' | 'absence' | 'web-password', argv: string[]): Promise<number> {
  switch (sub) {
    case 'dnd':
      return dnd(argv);
    case 'absence':
      return absence(argv);
    case 'web-password':
      return webPassword(argv);
  }
}

function fail(command: string, message: string): number {
  process.stderr.write(`zentrale user ${command}: ${message}\n\nUsage:\n${PRESENCE_HELP}\n`);
  return 2;
}

async function withUser(command: string, ext: string, fn: (o: { db: Db; config: RuntimeConfig }) => Promise<number>): Promise<number> {
  const opened = await openForCli(`user ${command}`);
  if (!opened) return 2;
  try {
    const site = await loadStoredSite(opened.db);
    if (!site?.site.index.users.has(ext)) {
      process.stderr.write(`zentrale user ${command}: no user ${ext}\n`);
      return 1;
    }
    return await fn(opened);
  } finally {
    await opened.db.destroy();
  }
}

async function dnd(argv: string[]): Promise<number> {
  const [ext, value, ...extra] = argv;
  if (!ext || (value !== 'on' && value !== 'off') || extra.length) return fail('dnd', 'EXT and on|off are required');
  return withUser('dnd', ext, async (o) => {
    await saveDnd(o.db, ext, value === 'on', Date.now());
    const live = await tellRunningServer(o.config, ext, false);
    process.stdout.write(`do-not-disturb ${value} for ${ext}${live ? '; the running PBX knows it now' : ''}\n`);
    return 0;
  });
}

async function absence(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { reason: { type: 'string' }, from: { type: 'string' }, until: { type: 'string' }, clear: { type: 'boolean' } } });
  } catch (err) {
    return fail('absence', (err as Error).message);
  }
  const [ext, ...extra] = parsed.positionals;
  const v = parsed.values;
  if (!ext || extra.length) return fail('absence', 'EXT is required');
  if (v.clear) {
    if (v.reason || v.from || v.until) return fail('absence', '--clear takes no other option');
    return withUser('absence', ext, async (o) => {
      const n = await clearAbsences(o.db, ext, null);
      const live = await tellRunningServer(o.config, ext, false);
      process.stdout.write(`${n} absence(s) of ${ext} removed${live ? '; the running PBX knows it now' : ''}\n`);
      return 0;
    });
  }
  const reason = ABSENCE_REASONS.find((r) => r === v.reason) as AbsenceReason | undefined;
  if (!reason) return fail('absence', `--reason must be one of ${ABSENCE_REASONS.join(', ')}`);
  const now = Date.now();
  let from = now;
  if (v.from !== undefined) {
    if (endOfDayBerlin(v.from) === undefined) return fail('absence', '--from must be a date YYYY-MM-DD');
    // The start of that day in Berlin is the end of the day before; a start in the past is now.
    from = Math.max(now, endOfDayBerlin(previousDay(v.from)) ?? now);
  }
  let until: number | null = null;
  if (v.until !== undefined) {
    const end = endOfDayBerlin(v.until);
    if (end === undefined) return fail('absence', '--until must be a date YYYY-MM-DD');
    if (end <= from) return fail('absence', '--until lies before the start of the absence');
    until = end;
  }
  return withUser('absence', ext, async (o) => {
    await saveAbsence(o.db, { id: randomUUID(), extension: ext, reason, from, until }, now);
    const live = await tellRunningServer(o.config, ext, false);
    process.stdout.write(`absence of ${ext} recorded${live ? '; the running PBX knows it now' : ''}\n`);
    return 0;
  });
}

function previousDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

async function webPassword(argv: string[]): Promise<number> {
  const [ext, ...rest] = argv;
  const supervisor = rest.includes('--supervisor');
  if (!ext || rest.some((a) => a !== '--supervisor')) return fail('web-password', 'EXT is required');
  // From standard input, so the password appears neither in the process list nor in shell history.
  const password = readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? '';
  if (password.length < 10 || password.length > 256) return fail('web-password', 'the password (first line of standard input) needs 10 to 256 characters');
  return withUser('web-password', ext, async (o) => {
    await saveWebAccount(o.db, { extension: ext, passwordHash: await hashWebPassword(password), roles: supervisor ? ['supervisor'] : [] }, Date.now());
    const live = await tellRunningServer(o.config, ext, true);
    process.stdout.write(`web password of ${ext} set${supervisor ? ' (supervisor)' : ''}${live ? '; open sessions of the user ended' : ''}\n`);
    return 0;
  });
}

/** Asks a running PBX on this data directory to re-read the user's presence facts. */
async function tellRunningServer(config: RuntimeConfig, extension: string, passwordChanged: boolean): Promise<boolean> {
  const a = await callRunningPbx(config, 'POST', '/internal/presence/reload', { extension, passwordChanged });
  return a.ok && a.status >= 200 && a.status < 300;
}
