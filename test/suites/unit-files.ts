/**
 * The unit tests run in a few processes instead of one per file: each test process costs about a
 * second of CPU to start (node, tsx, tap), which for ~100 small files was a minute of the suite.
 * A suite file imports every `*.test.ts` under its folders, in path order; their top-level
 * `t.test(...)` calls register on the same root test and run one after the other. A single unit
 * file still runs alone with `npx tap test/unit/…/x.test.ts`.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..', '..');

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
}

/** Every unit test file under `dirs` (relative to test/unit), excluding those under `except`. */
export function unitFiles(dirs: readonly string[], except: readonly string[] = []): string[] {
  return testFiles('test/unit', dirs, except);
}

/** Every test file under `base/dir` for each of `dirs`, excluding those under `except`. */
export function testFiles(base: string, dirs: readonly string[], except: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const d of dirs) walk(join(ROOT, base, d), out);
  const skip = except.map((e) => join(ROOT, base, e));
  return out.filter((f) => !skip.some((s) => f === s || f.startsWith(s + '/'))).sort();
}

/**
 * Imports the files one after the other. The root test would end as soon as its queue runs empty,
 * which can happen while the next file is still loading; a first subtest that lasts until every
 * file is imported keeps it open, and the files' tests run after it in import order.
 */
export async function importAll(files: readonly string[]): Promise<void> {
  const { default: t } = await import('tap');
  let loaded!: () => void;
  const all = new Promise<void>((r) => (loaded = r));
  void t.test(`load ${files.length} test files`, async (t) => {
    await all;
    t.pass(`${files.length} files loaded`);
  });
  for (const f of files) await import(pathToFileURL(f).href);
  loaded();
}
