/**
 * `zentrale user forward EXT always|busy|noanswer NUMBER|off` (issue 8 item 4): the same run-time
 * forwarding the feature codes *21/*67/*61 set, written to the store and handed to a running PBX
 * at once. Every other `zentrale user` sub-command is the directory command (user.ts).
 */
import { loadStoredSite } from '../server/src/config/site-store.js';
import { parseDestination } from '../server/src/routing/features.js';
import type { ForwardDestination, ForwardingKind } from '../server/src/routing/index.js';
import { loadForwardings, saveForwarding, withForwarding } from '../server/src/trunks/forwarding.js';
import { callRunningPbx, openForCli } from './store-access.js';

const HELP = `Usage:
  zentrale user forward EXT always|busy|noanswer NUMBER
      forwards the user's calls always, on busy or on no answer to NUMBER: an internal number,
      the outside-line prefix and a number (as dialled on a phone, e.g. 00891234567) or +E.164
  zentrale user forward EXT always|busy|noanswer off
      cancels that forwarding (the dialplan's forwarding of that kind too, as #21/#67/#61 do)`;

const KINDS: Record<string, ForwardingKind> = { always: 'always', busy: 'busy', noanswer: 'noAnswer' };

/** Runs `zentrale user …`: `forward` here, the rest in user.ts. */
export async function run(argv: string[]): Promise<number> {
  if (argv[0] !== 'forward') return (await import('./user.js')).run(argv);
  const [, ext, kind, target, ...extra] = argv;
  if (ext === '--help' || ext === '-h') {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const which = kind === undefined ? undefined : KINDS[kind];
  if (!ext || !which || !target || extra.length > 0) {
    process.stderr.write(`zentrale user forward: EXT, a kind (always, busy, noanswer) and NUMBER or off are required\n\n${HELP}\n`);
    return 2;
  }
  const opened = await openForCli('user forward');
  if (!opened) return 2;
  try {
    const site = (await loadStoredSite(opened.db))?.site;
    const user = site?.index.users.get(ext);
    if (!site || !user) {
      process.stderr.write(`zentrale user forward: no user ${ext}\n`);
      return 1;
    }
    let dest: ForwardDestination | null = null;
    if (target !== 'off') {
      dest = parseDestination(target, { site, now: Date.now(), runtime: {}, explain: [] });
      const emergency = site.site.emergencyNumbers.some((n) => target === n || target === `${site.outbound?.prefix ?? ''}${n}`);
      if (!dest || emergency) {
        process.stderr.write(`zentrale user forward: ${target} is not a forwarding destination (internal number, prefix + number, or +E.164)\n`);
        return 1;
      }
      if (dest.kind === 'external' && !site.outbound) {
        process.stderr.write('zentrale user forward: the site has no outbound route for an external forward\n');
        return 1;
      }
      if (dest.number === ext) {
        process.stderr.write('zentrale user forward: a user cannot forward to themselves\n');
        return 1;
      }
    }
    const current = (await loadForwardings(opened.db, ext)).get(ext)?.forwarding ?? {};
    await saveForwarding(opened.db, ext, withForwarding(current, which, dest), Date.now());
    const live = await callRunningPbx(opened.config, 'POST', '/internal/forwarding', { extension: ext });
    const running = live.ok && live.status === 200;
    const what = dest === null ? `forwarding ${kind} of ${ext} off` : `forwarding ${kind} of ${ext} to ${dest.number}`;
    process.stdout.write(`${what}${running ? '; the running PBX uses it now' : '; no PBX is running: it applies at the next start'}\n`);
    return 0;
  } finally {
    await opened.db.destroy();
  }
}
