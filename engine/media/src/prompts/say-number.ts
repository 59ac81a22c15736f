/**
 * Composes number announcements from the prompt parts in assets/prompts/<lang>/ (ids without
 * `.wav`), following FreeSWITCH's mod_say_de / mod_say_en file layout. German differs from
 * mod_say_de in one point: compounds use `digits/ein` ("einundzwanzig", "einhundert") where
 * mod_say_de reuses `digits/1` ("eins"), which sounds wrong; standalone 1 stays "eins".
 */

/** Languages with number prompts. */
export type SayLanguage = 'de' | 'en';

/** Options for {@link numberPrompts}. */
export interface NumberOptions {
  /** German feminine one ("eine Nachricht", "eine Minute"); English ignores it. */
  readonly feminine?: boolean;
}

function below100(n: number, lang: SayLanguage, compoundOne: boolean): string[] {
  if (n < 20) {
    if (n === 1 && lang === 'de' && compoundOne) return ['digits/ein'];
    return [`digits/${n}`];
  }
  const tens = Math.floor(n / 10) * 10;
  const units = n % 10;
  if (units === 0) return [`digits/${tens}`];
  if (lang === 'de') return [units === 1 ? 'digits/ein' : `digits/${units}`, 'currency/and', `digits/${tens}`];
  return [`digits/${tens}`, `digits/${units}`];
}

function below1000(n: number, lang: SayLanguage, compoundOne: boolean): string[] {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const out: string[] = [];
  if (hundreds > 0) {
    out.push(hundreds === 1 && lang === 'de' ? 'digits/ein' : `digits/${hundreds}`, 'digits/hundred');
  }
  if (rest > 0) out.push(...below100(rest, lang, compoundOne));
  return out;
}

/**
 * The prompt ids that say `n` (0 ≤ n ≤ 999 999). Throws a RangeError outside that range:
 * callers announce counts, positions and minutes, never more.
 */
export function numberPrompts(n: number, lang: SayLanguage, options: NumberOptions = {}): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 999_999) throw new RangeError(`cannot say ${n}`);
  if (n === 0) return ['digits/0'];
  if (n === 1 && lang === 'de' && options.feminine) return ['digits/eine'];
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  const out: string[] = [];
  if (thousands > 0) {
    if (thousands === 1 && lang === 'de') out.push('digits/ein');
    else out.push(...below1000(thousands, lang, true));
    out.push('digits/thousand');
  }
  if (rest > 0) out.push(...below1000(rest, lang, false));
  return out;
}

/** The digits of a string one by one (PIN or number readback; `iterated` in FreeSWITCH). */
export function digitPrompts(text: string): string[] {
  return Array.from(text).filter((c) => c >= '0' && c <= '9').map((c) => `digits/${c}`);
}

/** "Sie haben N neue Nachrichten" / "You have N new messages", from parts. */
export function messageCountPrompts(n: number, lang: SayLanguage, kind: 'new' | 'saved' = 'new'): string[] {
  if (n === 0) return kind === 'new' ? ['vm/you-have', 'vm/no-new-messages'] : ['vm/you-have', 'digits/0', 'vm/saved-messages'];
  const noun = n === 1 ? `vm/${kind}-message` : `vm/${kind}-messages`;
  return ['vm/you-have', ...numberPrompts(n, lang, { feminine: true }), noun];
}

/** "Sie sind an Position N in der Warteschlange." */
export function queuePositionPrompts(position: number, lang: SayLanguage): string[] {
  return ['hotline/position', ...numberPrompts(position, lang), 'hotline/in-queue'];
}

/** "Die voraussichtliche Wartezeit beträgt N Minuten." (at least one minute) */
export function expectedWaitPrompts(minutes: number, lang: SayLanguage): string[] {
  const m = Math.max(1, Math.round(minutes));
  return ['hotline/expected-wait', ...numberPrompts(m, lang, { feminine: true }), m === 1 ? 'hotline/minute' : 'hotline/minutes'];
}
