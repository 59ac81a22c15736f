/**
 * Every fixture in test/fixtures/dialplans: each good one loads; each bad one yields exactly the
 * issues its `.expect` file lists (`path: reason` per line; `file: path: reason` for directories).
 */
import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatIssue, loadDialplan, type DialplanIssue } from '../../../../../server/src/config/dialplan/index.js';

const root = fileURLToPath(new URL('../../../../fixtures/dialplans/', import.meta.url));

function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ path: f, text: readFileSync(join(dir, f), 'utf8') }));
}

const withoutFile = (i: DialplanIssue) => (i.path === '' ? i.message : `${i.path}: ${i.message}`);

void t.test('good dialplans load without issues', async (t) => {
  const dir = join(root, 'good');
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    const files = statSync(full).isDirectory() ? sources(full) : [{ path: entry, text: readFileSync(full, 'utf8') }];
    const r = loadDialplan(files);
    t.same(r.ok ? [] : r.error.map(formatIssue), [], `${entry} loads`);
  }
});

void t.test('bad dialplans report exactly the expected issues', async (t) => {
  const dir = join(root, 'bad');
  const entries = readdirSync(dir).sort();
  let cases = 0;
  for (const entry of entries) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) {
      const expected = readFileSync(join(full, 'expect'), 'utf8').trim().split('\n');
      const r = loadDialplan(sources(full));
      t.same(r.ok ? [] : r.error.map(formatIssue), expected, `${entry}/ reports its issues`);
      cases++;
    } else if (entry.endsWith('.yaml')) {
      const expectFile = full.replace(/\.yaml$/, '.expect');
      const expected = readFileSync(expectFile, 'utf8').trim().split('\n');
      const r = loadDialplan([{ path: entry, text: readFileSync(full, 'utf8') }]);
      t.notOk(r.ok, `${entry} is rejected`);
      t.same(r.ok ? [] : r.error.map(withoutFile), expected, `${entry} reports ${expected.join(' | ')}`);
      if (!r.ok) t.ok(r.error.every((i) => i.file === entry), `${entry}: every issue names the file`);
      cases++;
    }
  }
  t.ok(cases >= 50, `ran ${cases} bad cases`);
});
