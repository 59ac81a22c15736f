/**
 * Argument splitting as FreeSWITCH's switch_separate_string does it for application data:
 * separated by spaces, runs of spaces count once, double or single quotes group a word and are
 * removed. Backslashes stay (the `\d+` of play_and_get_digits reaches the regex untouched).
 */
export function splitArgs(data: string): string[] {
  const out: string[] = [];
  let current = '';
  let inWord = false;
  let quote: string | undefined;
  for (const ch of data) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
      continue;
    }
    if (ch === ' ' || ch === '\t') {
      if (inWord) out.push(current);
      current = '';
      inWord = false;
      continue;
    }
    current += ch;
    inWord = true;
  }
  if (inWord) out.push(current);
  return out;
}

/** Parses an integer argument; `fallback` when absent or not a number. */
export function intArg(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : fallback;
}
