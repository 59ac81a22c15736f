/** The benchmarks' `--help` and bad-option handling (scripts/bench/lib/args.ts), run as a user runs them. */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { usageOf } from '../../../scripts/bench/lib/args.js';

const PARSE_BENCH = 'scripts/bench/sip-engine/parse.ts';
const run = (...args: string[]) => spawnSync(process.execPath, ['--import=tsx', PARSE_BENCH, ...args], { encoding: 'utf8', timeout: 30_000 });

void t.test("usageOf is the script's header comment without its markers", async (t) => {
  const u = usageOf(PARSE_BENCH);
  t.match(u, /^The SIP engine's message parser/);
  t.match(u, /npm run bench:parse \[-- --rounds 300000\]/);
  t.notMatch(u, /^\s*\*/m, 'no comment markers left');
});

void t.test('--help prints the usage and exits 0 without running the bench', async (t) => {
  const r = run('--help');
  t.equal(r.status, 0);
  t.equal(r.stdout.trim(), usageOf(PARSE_BENCH));
  t.notMatch(r.stdout, /ns per parse/, 'nothing was measured');
});

void t.test('a bad option is one line of complaint and the usage, exit 2, no stack trace', async (t) => {
  const r = run('--bogus');
  t.equal(r.status, 2);
  t.match(r.stderr, /^Unknown option '--bogus'/);
  t.match(r.stderr, /npm run bench:parse/);
  t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
});
