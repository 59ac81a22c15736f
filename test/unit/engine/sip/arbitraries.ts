/** fast-check arbitraries shared by the SIP tests. */
import fc from 'fast-check';

/**
 * Any Unicode scalar value (no lone surrogates), as one string of 1 or 2 UTF-16 units.
 * Built from integers: fast-check's `unit: 'binary'` strings cost seconds of set-up per process.
 */
export const codePoint: fc.Arbitrary<string> = fc.integer({ min: 0, max: 0x10ffff - 0x800 })
  .map((n) => String.fromCodePoint(n >= 0xd800 ? n + 0x800 : n));

/** Strings of arbitrary Unicode scalar values, ASCII-biased so separators and quotes show up. */
export function unicodeString(opts: { minLength?: number; maxLength: number }): fc.Arbitrary<string> {
  const ch = fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 0, max: 0x7f }).map((n) => String.fromCharCode(n)) }, { weight: 1, arbitrary: codePoint });
  return fc.array(ch, { minLength: opts.minLength ?? 0, maxLength: opts.maxLength }).map((a) => a.join(''));
}
