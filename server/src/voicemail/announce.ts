/**
 * Spoken message counts and positions composed from prompt parts (PURE); the numbers in them are
 * said by media/say-number.ts, as everywhere else.
 */
import { numberPrompts, type PromptLanguage } from '../media/say-number.js';

/**
 * "Sie haben 2 neue Nachrichten" / "You have 2 new messages"; with saved messages
 * "… und 3 gespeicherte Nachrichten" (issue 4 item 3: "you have N new messages").
 */
export function countPrompts(newCount: number, savedCount: number, lang: PromptLanguage): string[] {
  const out = ['vm/you-have'];
  if (newCount === 0) out.push('vm/no-new-messages');
  else out.push(...numberPrompts(newCount, lang, true), newCount === 1 ? 'vm/new-message' : 'vm/new-messages');
  if (savedCount > 0) out.push('currency/and', ...numberPrompts(savedCount, lang, true), savedCount === 1 ? 'vm/saved-message' : 'vm/saved-messages');
  return out;
}

/** "Nachricht 3" / "Message 3" before a message plays. */
export function messageNumberPrompts(position: number, lang: PromptLanguage): string[] {
  return ['vm/message', ...numberPrompts(position, lang)];
}
