/**
 * `zentrale user add EXT --password P [--name N] [--email E]` and `zentrale user list [--json]`.
 * Adding goes through the same validated, all-or-nothing apply as dialplan files.
 */
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { applyDialplan, loadStoredSite, storedDialplanObject } from '../server/src/config/site-store.js';
import { formatIssue } from '../server/src/config/dialplan/index.js';
import { notifyRunningServer, openForCli } from './store-access.js';

const HELP = `Usage:
  zentrale user add EXT --password P [--name N] [--email E]
      adds a user with one SIP device whose username is EXT (the password is stored only as HA1)
  zentrale user list [--json]
      lists users: extension, name, e-mail, devices
  zentrale user dnd EXT on|off | absence EXT --reason R [--until DATE] | absence EXT --clear | web-password EXT
      presence: do-not-disturb, absences (reason never shown to colleagues), team-panel password (stdin)`;

/** Runs the command. */
export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'add') return add(rest);
  if (sub === 'list') return list(rest);
  if (sub === 'dnd' || sub === 'absence' || sub === 'web-password') return (await import('./presence.js')).runUserPresence(sub, rest);
  if (sub === '--help' || sub === '-h' || sub === undefined) {
    process.stdout.write(HELP + '\n');
    return sub === undefined ? 2 : 0;
  }
  process.stderr.write(`zentrale user: unknown sub-command '${sub}'\n\n${HELP}\n`);
  return 2;
}

async function add(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { password: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' } } });
  } catch (err) {
    process.stderr.write(`zentrale user add: ${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  const [ext, ...extra] = parsed.positionals;
  if (!ext || extra.length || !parsed.values.password) {
    process.stderr.write(`zentrale user add: EXT and --password are required\n\n${HELP}\n`);
    return 2;
  }
  const opened = await openForCli('user add');
  if (!opened) return 2;
  try {
    const doc = (await storedDialplanObject(opened.db)) as { users?: Array<Record<string, unknown>> };
    doc.users ??= [];
    if (doc.users.some((u) => u.extension === ext)) {
      process.stderr.write(`zentrale user add: user ${ext} exists\n`);
      return 1;
    }
    doc.users.push({ extension: ext, password: parsed.values.password, ...(parsed.values.name ? { name: parsed.values.name } : {}), ...(parsed.values.email ? { email: parsed.values.email } : {}) });
    const r = await applyDialplan(opened.db, [{ path: '(zentrale user add)', text: stringify(doc) }], { now: Date.now(), source: `zentrale user add ${ext}` });
    if (!r.ok) {
      process.stderr.write(r.issues.map(formatIssue).join('\n') + '\n');
      return 1;
    }
    process.stdout.write(r.diff + '\n');
    const live = await notifyRunningServer(opened.config);
    process.stdout.write(`user ${ext} added${live ? '; the running PBX knows it now' : ''}\n`);
    return 0;
  } finally {
    await opened.db.destroy();
  }
}

async function list(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const opened = await openForCli('user list');
  if (!opened) return 2;
  try {
    const stored = await loadStoredSite(opened.db);
    const users = (stored?.site.users ?? []).map((u) => ({ extension: u.extension, name: u.name ?? '', email: u.email ?? '', devices: u.devices.map((d) => d.username) }));
    if (json) process.stdout.write(JSON.stringify(users, null, 2) + '\n');
    else for (const u of users) process.stdout.write(`${u.extension.padEnd(8)} ${u.name.padEnd(24)} ${u.email.padEnd(28)} ${u.devices.join(',')}\n`);
    return 0;
  } finally {
    await opened.db.destroy();
  }
}
