/**
 * Command-line handling shared by the benchmarks: `--help` / `-h` prints the script's own header
 * comment (its usage and what it measures), and a bad option is a one-line error with that
 * usage instead of a stack trace.
 */
import { readFileSync } from 'node:fs';

/** The leading doc comment of `file`, without its comment markers. */
export function usageOf(file: string): string {
  const m = /^\s*\/\*\*([\s\S]*?)\*\//.exec(readFileSync(file, 'utf8'));
  if (!m) return `usage: see ${file}`;
  return m[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n').trim();
}

/**
 * Runs `parse` (a `parseArgs` call) for the script `file`: prints the usage and exits 0 on
 * `--help`, prints the parser's complaint and the usage and exits 2 on a bad option.
 */
export function parseOrExit<T>(file: string, parse: () => T, argv: readonly string[] = process.argv.slice(2)): T {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usageOf(file));
    process.exit(0);
  }
  try {
    return parse();
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (!code.startsWith('ERR_PARSE_ARGS')) throw err;
    console.error(`${(err as Error).message}\n\n${usageOf(file)}`);
    process.exit(2);
  }
}
