/**
 * What a waiting caller hears, as prompt ids (assets/prompts/<lang>/, without `.wav`): numbers
 * composed from parts as assets/prompts/README.md shows, and the position announcement with the
 * "only when there is something new to say" rule (issue 7 item 1, hotlines.md §3 and §8 inv. 13).
 * No I/O: the media adapter resolves the ids to files.
 */

/** Languages with spoken prompts. */
export type PromptLanguage = 'de' | 'en';

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
 * Minute"). Throws a RangeError outside the range: only positions and minutes are announced.
 */
export function numberParts(n: number, lang: PromptLanguage, feminine = false): string[] {
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

/** A number read digit by digit (a hotline number in the alarm call). */
export function digitParts(text: string): string[] {
  return Array.from(text).filter((c) => c >= '0' && c <= '9').map((c) => `digits/${c}`);
}

/** What the caller was last told: the position and the announced wait in whole minutes (null: none). */
export interface Announced {
  readonly position: number;
  readonly minutes: number | null;
}

/** An announcement to play, and what it tells. */
export interface Announcement {
  readonly parts: readonly string[];
  readonly told: Announced;
}

/**
 * The announcement for `position` (1 = next) and the ACD's expected wait, or null when it would
 * repeat what the caller was last told. Position 1 hears "you are next" and no wait (app_queue's
 * rule: a wait estimate is noise then). The wait is rounded up to whole minutes, never below the
 * estimate (hotlines.md §8 invariant 13); no estimate (nobody staffed) means no wait is said.
 */
export function positionAnnouncement(position: number, expectedWaitSec: number | null, lang: PromptLanguage, last: Announced | null): Announcement | null {
  if (!Number.isInteger(position) || position < 1) return null;
  const minutes = position === 1 || expectedWaitSec === null ? null : Math.max(1, Math.ceil(expectedWaitSec / 60));
  if (last !== null && last.position === position && last.minutes === minutes) return null;
  const told = { position, minutes };
  if (position === 1) return { parts: ['hotline/next'], told };
  const parts = ['hotline/position', ...numberParts(position, lang), 'hotline/in-queue'];
  if (minutes !== null) {
    parts.push('hotline/expected-wait', ...numberParts(minutes, lang, true), minutes === 1 ? 'hotline/minute' : 'hotline/minutes');
  }
  return { parts, told };
}
