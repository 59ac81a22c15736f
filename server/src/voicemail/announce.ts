/**
 * Spoken numbers and counts composed from prompt parts (PURE), following the layout described in
 * assets/prompts/README.md (mod_say's `digits/<n>`, `digits/hundred`, `currency/and`; German
 * compounds with `digits/ein`, the feminine `digits/eine` before "Nachricht"). Composed here
 * rather than with the media server's `say`, so a production FreeSWITCH says the same.
 */

/** Languages with number prompts; anything else is spoken in German (the default). */
export type SayLanguage = 'de' | 'en';

/** The language the prompt files exist in. */
export function sayLanguage(lang: string): SayLanguage {
  return lang === 'en' ? 'en' : 'de';
}

function below100(n: number, lang: SayLanguage, compound: boolean): string[] {
  if (n < 20) return [n === 1 && lang === 'de' && compound ? 'digits/ein' : `digits/${n}`];
  const tens = Math.floor(n / 10) * 10;
  const units = n % 10;
  if (units === 0) return [`digits/${tens}`];
  if (lang === 'de') return [units === 1 ? 'digits/ein' : `digits/${units}`, 'currency/and', `digits/${tens}`];
  return [`digits/${tens}`, `digits/${units}`];
}

/**
 * The prompt ids that say `n` (0 ≤ n ≤ 999). Message counts and positions stay far below; a
 * larger value throws (a bug, not an input).
 */
export function numberPrompts(n: number, lang: SayLanguage, feminine = false): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 999) throw new RangeError(`cannot say ${n}`);
  if (n === 1 && lang === 'de' && feminine) return ['digits/eine'];
  if (n < 100) return below100(n, lang, false);
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const out = [hundreds === 1 && lang === 'de' ? 'digits/ein' : `digits/${hundreds}`, 'digits/hundred'];
  return rest === 0 ? out : [...out, ...below100(rest, lang, false)];
}

/**
 * "Sie haben 2 neue Nachrichten" / "You have 2 new messages"; with saved messages
 * "… und 3 gespeicherte Nachrichten" (issue 4 item 3: "you have N new messages").
 */
export function countPrompts(newCount: number, savedCount: number, lang: SayLanguage): string[] {
  const out = ['vm/you-have'];
  if (newCount === 0) out.push('vm/no-new-messages');
  else out.push(...numberPrompts(newCount, lang, true), newCount === 1 ? 'vm/new-message' : 'vm/new-messages');
  if (savedCount > 0) out.push('currency/and', ...numberPrompts(savedCount, lang, true), savedCount === 1 ? 'vm/saved-message' : 'vm/saved-messages');
  return out;
}

/** "Nachricht 3" / "Message 3" before a message plays. */
export function messageNumberPrompts(position: number, lang: SayLanguage): string[] {
  return ['vm/message', ...numberPrompts(position, lang)];
}
