// Loads the `zentrale` command from an esbuild bundle of the TypeScript sources, built once per
// source state and cached under node_modules/.cache/zentrale. tsx would transform and resolve
// each of some 400 modules on every start of every process (the PBX, both engines, each CLI
// command); the bundle starts in about half the CPU time. The bundle is the same code: esbuild
// is what tsx transforms with. Returns undefined when it cannot be built; the caller then loads
// the sources through tsx. ZENTRALE_NO_BUNDLE=1 skips the bundle.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const SOURCES = ['cli', 'server/src', 'engine'];

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'test') walk(p, out);
    } else if (e.name.endsWith('.ts')) {
      out.push(p);
    }
  }
}

/** A fingerprint of every source file (path, size, modification time) and of this loader. */
function fingerprint() {
  const files = [];
  for (const s of SOURCES) walk(join(ROOT, s), files);
  files.sort();
  const h = createHash('sha256');
  h.update(readFileSync(fileURLToPath(import.meta.url)));
  h.update(process.version);
  for (const f of files) {
    const st = statSync(f);
    h.update(`${relative(ROOT, f)}\0${st.size}\0${st.mtimeMs}\n`);
  }
  return h.digest('hex').slice(0, 20);
}

/** esbuild plugin: each module keeps its own `import.meta.url` (prompts, web assets). */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

const INLINED = new Set(['kysely', 'zod']);

/** esbuild plugin: bare imports stay imports, except of the INLINED packages. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      if (INLINED.has(name) && args.kind !== 'require-call') return undefined;
      return { path: args.path, external: true };
    });
  },
};

async function build(dir) {
  const { build: esbuild } = await import('esbuild');
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  await esbuild({
    absWorkingDir: ROOT,
    entryPoints: ['cli/main.ts'],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Packages stay external (native addons, CommonJS with dynamic requires), except a few
    // pure ES-module ones of hundreds of small files each, which would be read one by one.
    plugins: [keepModuleUrls, externalPackages],
    outdir: tmp,
    sourcemap: true,
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'silent',
  });
  try {
    renameSync(tmp, dir);
  } catch {
    // Another process built the same bundle first.
    rmSync(tmp, { recursive: true, force: true });
  }
}

const KEEP = 10;
const DAY = 24 * 3_600_000;

/**
 * Drops bundles of older source states: only beyond the newest KEEP and older than a day, since a
 * running PBX may still load chunks of the bundle it started from.
 */
function prune(cache) {
  const dirs = readdirSync(cache).filter((d) => !d.includes('.')).map((d) => ({ p: join(cache, d), at: statSync(join(cache, d)).mtimeMs }));
  dirs.sort((a, b) => b.at - a.at);
  for (const d of dirs.slice(KEEP)) if (d.at < Date.now() - DAY) rmSync(d.p, { recursive: true, force: true });
  // Temporary directories of builds that died.
  for (const t of readdirSync(cache).filter((d) => d.includes('.tmp-'))) {
    if (statSync(join(cache, t)).mtimeMs < Date.now() - 600_000) rmSync(join(cache, t), { recursive: true, force: true });
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds the bundle once across processes: the first takes a lock file and builds; the others
 * wait for its result (processes started together, as in the test suite, would otherwise all
 * build at once). A lock older than a minute is taken to be a build that died.
 */
async function buildOnce(cache, dir) {
  const lock = `${dir}.lock`;
  for (;;) {
    if (existsSync(join(dir, 'main.js'))) return;
    try {
      closeSync(openSync(lock, 'wx'));
    } catch {
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue;
      }
      if (age > 60_000) rmSync(lock, { force: true });
      else await sleep(50);
      continue;
    }
    try {
      prune(cache);
      if (!existsSync(join(dir, 'main.js'))) await build(dir);
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

/** The CLI's main module from the bundle, or undefined. */
export async function loadBundled() {
  if (process.env.ZENTRALE_NO_BUNDLE === '1') return undefined;
  try {
    const cache = join(ROOT, 'node_modules', '.cache', 'zentrale');
    const dir = join(cache, fingerprint());
    if (!existsSync(join(dir, 'main.js'))) {
      mkdirSync(cache, { recursive: true });
      await buildOnce(cache, dir);
    }
    // Source maps are written next to the bundle; `node --enable-source-maps` uses them. They are
    // not enabled here: Node would then parse every map at load, which costs more than it saves.
    return await import(pathToFileURL(join(dir, 'main.js')).href);
  } catch (err) {
    if (process.env.ZENTRALE_DEBUG_BUNDLE === '1') console.error('zentrale: bundle unavailable, loading sources through tsx', err);
    return undefined;
  }
}
