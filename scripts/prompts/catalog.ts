/**
 * The system prompts of Zentrale: ids, German (default) and English texts. Ids are paths under
 * assets/prompts/<lang>/ without `.wav`. Number parts follow FreeSWITCH's mod_say file layout
 * (`digits/<n>.wav`, `digits/hundred.wav`, `currency/and.wav`), so the same files also serve
 * `say` on a production FreeSWITCH; German adds `digits/ein.wav` for compounds (see
 * assets/prompts/README.md).
 */

/** One prompt in both languages. */
export interface PromptText {
  readonly id: string;
  readonly de: string;
  readonly en: string;
  /** What the prompt is for (assets/prompts/index.json). */
  readonly use: string;
}

const DE_NUMBERS = [
  'null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwölf',
  'dreizehn', 'vierzehn', 'fünfzehn', 'sechzehn', 'siebzehn', 'achtzehn', 'neunzehn',
];
const EN_NUMBERS = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
];
const DE_TENS = ['zwanzig', 'dreißig', 'vierzig', 'fünfzig', 'sechzig', 'siebzig', 'achtzig', 'neunzig'];
const EN_TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** Number parts: 0-19, the tens, hundred, thousand, and the German compound helpers. */
export const NUMBER_PROMPTS: readonly PromptText[] = [
  ...DE_NUMBERS.map((de, n) => ({ id: `digits/${n}`, de, en: EN_NUMBERS[n] as string, use: `number ${n}` })),
  ...DE_TENS.map((de, i) => ({ id: `digits/${(i + 2) * 10}`, de, en: EN_TENS[i] as string, use: `number ${(i + 2) * 10}` })),
  { id: 'digits/hundred', de: 'hundert', en: 'hundred', use: 'after a digit: n hundred' },
  { id: 'digits/thousand', de: 'tausend', en: 'thousand', use: 'after a group: n thousand' },
  { id: 'digits/ein', de: 'ein', en: 'one', use: 'German compound one (einundzwanzig, einhundert)' },
  { id: 'digits/eine', de: 'eine', en: 'one', use: 'feminine one: eine neue Nachricht' },
  { id: 'currency/and', de: 'und', en: 'and', use: 'German units-and-tens joint (ein-und-zwanzig); English and' },
];

/** Voicemail, hotline and general prompts. */
export const PHRASE_PROMPTS: readonly PromptText[] = [
  { id: 'vm/you-have', de: 'Sie haben', en: 'You have', use: 'start of the message count' },
  { id: 'vm/new-message', de: 'neue Nachricht', en: 'new message', use: 'after 1 (de: after digits/eine)' },
  { id: 'vm/new-messages', de: 'neue Nachrichten', en: 'new messages', use: 'after a number other than 1' },
  { id: 'vm/no-new-messages', de: 'keine neuen Nachrichten', en: 'no new messages', use: 'after vm/you-have for 0' },
  { id: 'vm/saved-message', de: 'gespeicherte Nachricht', en: 'saved message', use: 'after 1' },
  { id: 'vm/saved-messages', de: 'gespeicherte Nachrichten', en: 'saved messages', use: 'after a number other than 1' },
  { id: 'vm/message', de: 'Nachricht', en: 'Message', use: 'before the message number' },
  { id: 'vm/leave-message', de: 'Bitte hinterlassen Sie eine Nachricht nach dem Signalton.', en: 'Please leave a message after the tone.', use: 'before the beep' },
  { id: 'vm/greeting-unavailable', de: 'Die gewünschte Person ist zurzeit nicht erreichbar.', en: 'The person you are calling is not available.', use: 'default unavailable greeting' },
  { id: 'vm/greeting-busy', de: 'Die gewünschte Person telefoniert gerade.', en: 'The person you are calling is on another call.', use: 'default busy greeting' },
  { id: 'vm/greeting-hotline', de: 'Zurzeit ist leider niemand erreichbar.', en: 'Nobody is available at the moment.', use: 'default hotline mailbox greeting' },
  { id: 'vm/enter-mailbox', de: 'Bitte geben Sie Ihre Rufnummer ein und drücken Sie die Raute-Taste.', en: 'Please enter your extension, followed by the hash key.', use: 'remote access: which mailbox' },
  { id: 'vm/enter-pin', de: 'Bitte geben Sie Ihre PIN ein und drücken Sie die Raute-Taste.', en: 'Please enter your PIN, followed by the hash key.', use: 'PIN prompt' },
  { id: 'vm/wrong-pin', de: 'Die PIN ist nicht richtig.', en: 'That PIN is not correct.', use: 'after a wrong PIN' },
  { id: 'vm/main-menu', de: 'Zum Abhören Ihrer Nachrichten drücken Sie die Eins. Um Ihre Ansage zu ändern, drücken Sie die Neun.', en: 'To listen to your messages, press one. To change your greeting, press nine.', use: 'mailbox main menu' },
  { id: 'vm/message-menu', de: 'Zum Wiederholen drücken Sie die Eins, zum Speichern die Zwei, zum Löschen die Drei, für die nächste Nachricht die Sechs.', en: 'To replay, press one. To save, press two. To delete, press three. For the next message, press six.', use: 'after each message' },
  { id: 'vm/message-saved', de: 'Die Nachricht wurde gespeichert.', en: 'Message saved.', use: 'after save' },
  { id: 'vm/message-deleted', de: 'Die Nachricht wurde gelöscht.', en: 'Message deleted.', use: 'after delete' },
  { id: 'vm/no-more-messages', de: 'Keine weiteren Nachrichten.', en: 'No more messages.', use: 'end of the list' },
  { id: 'vm/greeting-menu', de: 'Für die Ansage bei Abwesenheit drücken Sie die Eins, für die Ansage bei Besetzt die Zwei.', en: 'For your unavailable greeting, press one. For your busy greeting, press two.', use: 'choose greeting' },
  { id: 'vm/record-greeting', de: 'Bitte sprechen Sie Ihre Ansage nach dem Signalton und drücken Sie danach die Raute-Taste.', en: 'Please record your greeting after the tone, then press the hash key.', use: 'before recording a greeting' },
  { id: 'vm/greeting-saved', de: 'Ihre Ansage wurde gespeichert.', en: 'Your greeting has been saved.', use: 'after recording a greeting' },
  { id: 'vm/mailbox-full', de: 'Die Sprachbox ist leider voll.', en: 'The mailbox is full.', use: 'no room for a new message' },
  { id: 'common/invalid', de: 'Ungültige Eingabe.', en: 'Invalid entry.', use: 'any menu: wrong digit' },
  { id: 'common/try-again', de: 'Bitte versuchen Sie es noch einmal.', en: 'Please try again.', use: 'after invalid or wrong PIN' },
  { id: 'common/goodbye', de: 'Auf Wiederhören.', en: 'Goodbye.', use: 'before hanging up' },
  { id: 'hotline/position', de: 'Sie sind an Position', en: 'You are number', use: 'then the number, then hotline/in-queue' },
  { id: 'hotline/in-queue', de: 'in der Warteschlange.', en: 'in the queue.', use: 'after the position number' },
  { id: 'hotline/expected-wait', de: 'Die voraussichtliche Wartezeit beträgt', en: 'The expected waiting time is', use: 'then the number, then hotline/minute(s)' },
  { id: 'hotline/minute', de: 'Minute.', en: 'minute.', use: 'after 1 (de: digits/eine)' },
  { id: 'hotline/minutes', de: 'Minuten.', en: 'minutes.', use: 'after other numbers' },
  { id: 'hotline/please-hold', de: 'Bitte haben Sie noch etwas Geduld. Wir sind gleich für Sie da.', en: 'Please hold. We will be with you shortly.', use: 'between music on hold' },
  { id: 'hotline/last-agent', de: 'Sie sind die letzte angemeldete Person dieser Hotline. Um sich trotzdem abzumelden, drücken Sie die Eins.', en: 'You are the last agent on duty for this hotline. To log out anyway, press one.', use: 'agent logout confirmation' },
  { id: 'hotline/logged-in', de: 'Sie sind jetzt angemeldet.', en: 'You are now logged in.', use: 'agent feature code' },
  { id: 'hotline/logged-out', de: 'Sie sind jetzt abgemeldet.', en: 'You are now logged out.', use: 'agent feature code' },
  { id: 'hotline/paused', de: 'Sie sind jetzt in Pause.', en: 'You are now paused.', use: 'agent feature code' },
  { id: 'hotline/unpaused', de: 'Ihre Pause ist beendet.', en: 'Your break has ended.', use: 'agent feature code' },
];

/** All spoken prompts. */
export const ALL_PROMPTS: readonly PromptText[] = [...NUMBER_PROMPTS, ...PHRASE_PROMPTS];

/** The spoken languages, German first (the default). */
export const LANGUAGES = ['de', 'en'] as const;

/** A language code. */
export type Language = (typeof LANGUAGES)[number];

/** espeak-ng voice and speed per language: a female variant reads calmer on the phone. */
export const VOICES: Readonly<Record<Language, { readonly voice: string; readonly wordsPerMinute: number }>> = {
  de: { voice: 'de+f3', wordsPerMinute: 175 },
  en: { voice: 'en-us+f3', wordsPerMinute: 178 },
};
