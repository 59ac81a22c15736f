/**
 * `zentrale voicemail list EXT [--json]` (issue 4 item 3): the messages of a mailbox (a user's
 * extension, a hotline or hunt group number) from the store, new ones first as the phone plays
 * them: id, caller, received, duration in seconds, status (new, old, saved). Callers appear as the
 * index stores them: a member of staff's private mobile as `EXT (mobile)`, never the number.
 */
import { parseArgs } from 'node:util';
import { loadStoredSite } from '../server/src/config/site-store.js';
import { callerText, listenOrder, listMessages, mailboxOf } from '../server/src/voicemail/index.js';
import { openForCli } from './store-access.js';

const HELP = `Usage:
  zentrale voicemail list EXT [--json]
      the messages of mailbox EXT, new ones first: id, caller, received, duration in seconds,
      status (new, old or saved)`;

/** Runs the command. */
export async function run(argv: string[]): Promise<number> {
  let p;
  try {
    p = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    process.stderr.write(`zentrale voicemail: ${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  const [sub, mailbox, ...extra] = p.positionals;
  if (p.values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (sub !== 'list' || mailbox === undefined || extra.length > 0) {
    process.stderr.write(`${HELP}\n`);
    return 2;
  }
  const opened = await openForCli('voicemail');
  if (!opened) return 2;
  try {
    const stored = await loadStoredSite(opened.db);
    const messages = listenOrder(await listMessages(opened.db, mailbox));
    if (messages.length === 0 && (!stored || !mailboxOf(stored.site, mailbox))) {
      process.stderr.write(`zentrale voicemail: no mailbox ${mailbox}\n`);
      return 1;
    }
    const rows = messages.map((m) => ({
      id: m.id, caller: callerText(m.caller), received: new Date(m.receivedAt).toISOString(),
      duration: Math.round(m.durationMs / 100) / 10, status: m.status,
    }));
    if (p.values.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) {
      process.stdout.write(`mailbox ${mailbox}: no messages\n`);
      return 0;
    }
    process.stdout.write(`${'id'.padEnd(36)}  ${'caller'.padEnd(20)}  ${'received'.padEnd(24)}  ${'sec'.padStart(6)}  status\n`);
    for (const r of rows) {
      process.stdout.write(`${r.id.padEnd(36)}  ${r.caller.padEnd(20)}  ${r.received.padEnd(24)}  ${r.duration.toFixed(1).padStart(6)}  ${r.status}\n`);
    }
    return 0;
  } finally {
    await opened.db.destroy();
  }
}
