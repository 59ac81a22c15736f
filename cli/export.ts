/** `zentrale export`: the stored site configuration as dialplan YAML (no passwords or PINs). */
import { exportSiteConfig } from '../server/src/config/dialplan/index.js';
import { loadStoredSite } from '../server/src/config/site-store.js';
import { openForCli } from './store-access.js';

const HELP = `Usage: zentrale export

Prints the stored site configuration as dialplan YAML. Passwords and PINs are never written
(HA1 values and PIN hashes are), so the output applies as is with \`zentrale apply\`.`;

/** Runs the command. */
export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (argv.length) {
    process.stderr.write(`zentrale export: unexpected arguments: ${argv.join(' ')}\n\n${HELP}\n`);
    return 2;
  }
  const opened = await openForCli('export');
  if (!opened) return 2;
  try {
    const stored = await loadStoredSite(opened.db);
    if (!stored) {
      process.stderr.write('zentrale export: the store holds no configuration yet\n');
      return 1;
    }
    process.stdout.write(exportSiteConfig(stored.site));
    return 0;
  } finally {
    await opened.db.destroy();
  }
}
