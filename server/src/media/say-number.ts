/**
 * Numbers spoken from prompt parts (PURE), for every feature that says one: a waiting caller's
 * position and wait (hotlines), the hotline number in the staffing alarm, message counts and
 * positions (voicemail). The layout is the one assets/prompts/README.md describes (mod_say's
 * `digits/<n>`, `digits/hundred`, `digits/thousand`, `currency/and`; German compounds with
 * `digits/ein`, the feminine `digits/eine` before "Minute" or "Nachricht"). Composed here rather
 * than with the media server's `say`, so a production FreeSWITCH says the same. No I/O: the media
 * adapter resolves the ids to files.
 */

/** Languages with number prompts. */
export type PromptLanguage = 'de' | 'en';

/** The language the number prompts exist in: English, or German for anything else (the default). */
export function promptLanguage(lang: string): PromptLanguage {
  return lang === 'en' ? 'en' : 'de';
}

function below100(n: number, lang: PromptLanguage, compoundOne: boolean): string[] {
  if (n < 20) return [n === 1 && lang === 'de' && compoundOne ? 'digits/ein' : `digits/${n}`];
  const tens = Math.floor(n / 10) * 10;
  const units = n % 10;
  if (units === 0) return [`digits/${tens}`];
  // German says the units first: ein-und-zwanzig.
  if (lang === 'de') return [units === 1 ? 'digits/ein' : `digits/${units}`, 'currency/and', `digits/${tens}`];
  return [`digits/${tens}`, `digits/${units}`];
}

function below1000(n: number, lang: PromptLanguage, compoundOne: boolean): string[] {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const out: string[] = [];
  if (hundreds > 0) out.push(hundreds === 1 && lang === 'de' ? 'digits/ein' : `digits/${hundreds}`, 'digits/hundred');
  if (rest > 0) out.push(...below100(rest, lang, compoundOne));
  return out;
}

/**
 * The prompt ids that say `n` (0 to 999 999). `feminine` gives German "eine" for 1 ("eine
 * Minute", "eine Nachricht"). Throws a RangeError outside the range: only counts, positions and
 * minutes are said, and a value beyond is a bug, not an input.
 */
export function numberPrompts(n: number, lang: PromptLanguage, feminine = false): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 999_999) throw new RangeError(`cannot say ${n}`);
  if (n === 0) return ['digits/0'];
  if (n === 1 && lang === 'de' && feminine) return ['digits/eine'];
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  const out: string[] = [];
  if (thousands > 0) {
    out.push(...(thousands === 1 && lang === 'de' ? ['digits/ein'] : below1000(thousands, lang, true)), 'digits/thousand');
  }
  if (rest > 0) out.push(...below1000(rest, lang, false));
  return out;
}

/** A number read digit by digit (a hotline number in the alarm call); anything but digits is skipped. */
export function digitPrompts(text: string): string[] {
  return Array.from(text).filter((c) => c >= '0' && c <= '9').map((c) => `digits/${c}`);
}
