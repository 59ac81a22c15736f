/**
 * `zentrale apply FILE.yaml [FILE…] [--dry-run]`: the files become the complete site
 * configuration, all or nothing. Problems are printed as `file: path: reason` and nothing changes.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { applyDialplan } from '../server/src/config/site-store.js';
import { formatIssue } from '../server/src/config/dialplan/index.js';
import { notifyRunningServer, openForCli } from './store-access.js';

const HELP = `Usage: zentrale apply FILE.yaml [FILE.yaml …] [--dry-run]

Validates the dialplan files (merged in order) as the complete site configuration and applies it
all or nothing, printing a readable diff. On any problem nothing changes and every problem is
printed as file: path: reason. --dry-run only prints the diff.
Stored secrets a file leaves out (PINs, trunk passwords) are kept.`;

/** Runs the command. */
export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    process.stderr.write(`zentrale apply: ${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (parsed.positionals.length === 0) {
    process.stderr.write(`zentrale apply: no file given\n\n${HELP}\n`);
    return 2;
  }
  const sources = [];
  for (const path of parsed.positionals) {
    try {
      sources.push({ path, text: readFileSync(path, 'utf8') });
    } catch (err) {
      process.stderr.write(`${path}: cannot read: ${(err as Error).message}\n`);
      return 1;
    }
  }
  const opened = await openForCli('apply');
  if (!opened) return 2;
  try {
    const r = await applyDialplan(opened.db, sources, { now: Date.now(), source: `zentrale apply ${parsed.positionals.join(' ')}`, dryRun: parsed.values['dry-run'] === true });
    if (!r.ok) {
      process.stderr.write(r.issues.map(formatIssue).join('\n') + `\n\nnothing applied (${r.issues.length} problem${r.issues.length === 1 ? '' : 's'})\n`);
      return 1;
    }
    process.stdout.write((r.diff || 'no changes') + '\n');
    if (parsed.values['dry-run']) {
      process.stdout.write('dry run: nothing applied\n');
      return 0;
    }
    const live = await notifyRunningServer(opened.config);
    process.stdout.write(`applied as version ${r.version}${live ? '; the running PBX uses it now' : ''}\n`);
    return 0;
  } finally {
    await opened.db.destroy();
  }
}
