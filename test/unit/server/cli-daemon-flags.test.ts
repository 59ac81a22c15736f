// The feature server gets its V8 flags on every way a user starts it (cli/daemon-flags.ts).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAEMON_NODE_FLAGS } from '../../../cli/daemon-flags.js';

const root = join(import.meta.dirname, '..', '..', '..');

void t.test('npm start and the zentrale bin carry the feature server\'s flags; the SIP engine is spawned without them', async (t) => {
  t.ok(DAEMON_NODE_FLAGS.length > 0);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const shebang = readFileSync(join(root, 'bin/zentrale.js'), 'utf8').split('\n')[0]!;
  t.match(shebang, /^#!\/usr\/bin\/env -S node /, 'env -S passes node its flags');
  const start = readFileSync(join(root, 'cli/start.ts'), 'utf8');
  for (const flag of DAEMON_NODE_FLAGS) {
    t.ok(pkg.scripts.start!.split(' ').includes(flag), `npm start passes ${flag}`);
    t.ok(shebang.split(' ').includes(flag), `the bin passes ${flag}`);
  }
  t.match(start, /spawn\(process\.execPath, \[join\(ROOT, 'bin\/zentrale\.js'\), 'sip-engine'/, 'the SIP engine is spawned without them (its memory stays flat without)');
});
