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
  { id: 'common/enter-number', de: 'Bitte geben Sie die gewünschte Rufnummer ein und drücken Sie die Raute-Taste.', en: 'Please enter the number you want to call, followed by the hash key.', use: 'call-through: the number to call, after the PIN' },
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
  { id: 'hotline/next', de: 'Sie sind als Nächstes an der Reihe.', en: 'You are next in line.', use: 'position 1 instead of position and wait' },
  { id: 'hotline/busy', de: 'Leider sind zurzeit alle Mitarbeiterinnen und Mitarbeiter im Gespräch. Bitte rufen Sie später wieder an.', en: 'All our staff are busy at the moment. Please call again later.', use: 'overflow without a target' },
  { id: 'hotline/closed', de: 'Die Hotline ist zurzeit nicht besetzt. Bitte rufen Sie während der Servicezeiten wieder an.', en: 'The hotline is closed at the moment. Please call again during opening hours.', use: 'after hours without a target' },
  { id: 'hotline/callback-offer', de: 'Wenn Sie zurückgerufen werden möchten, drücken Sie die Neun. Sie behalten Ihren Platz in der Warteschlange.', en: 'To be called back instead of waiting, press nine. You keep your place in the queue.', use: 'waiting caller: callback offer (hotline callback: true)' },
  { id: 'hotline/callback-confirmed', de: 'Vielen Dank. Wir rufen Sie zurück, sobald Sie an der Reihe sind. Auf Wiederhören.', en: 'Thank you. We will call you back when it is your turn. Goodbye.', use: 'after the callback digit, before hanging up' },
  { id: 'hotline/callback-agent', de: 'Rückruf. Die Verbindung wird aufgebaut.', en: 'Callback. Connecting the call.', use: 'agent who answered a callback offer, while the citizen rings' },
  { id: 'hotline/callback-failed', de: 'Der Rückruf ist leider nicht zustande gekommen.', en: 'The callback could not be completed.', use: 'agent: the citizen did not answer' },
  { id: 'hotline/enter-extension', de: 'Bitte geben Sie Ihre Durchwahl ein und drücken Sie die Raute-Taste.', en: 'Please enter your extension, followed by the hash key.', use: 'agent service: caller not recognised' },
  { id: 'hotline/agent-menu', de: 'Zum Anmelden drücken Sie die Eins, zum Abmelden die Zwei, für Pause oder Pausenende die Drei.', en: 'To log in, press one. To log out, press two. To start or end a break, press three.', use: 'agent service menu' },
  { id: 'hotline/enter-hotline', de: 'Bitte geben Sie die Nummer der Hotline ein und drücken Sie die Raute-Taste. Für alle Ihre Hotlines drücken Sie nur die Raute-Taste.', en: 'Please enter the hotline number, followed by the hash key. For all your hotlines, press the hash key only.', use: 'agent service: which hotline' },
  { id: 'hotline/last-agent-pause', de: 'Sie sind die letzte angemeldete Person dieser Hotline. Um trotzdem in Pause zu gehen, drücken Sie die Eins.', en: 'You are the last agent on duty for this hotline. To take a break anyway, press one.', use: 'agent pause confirmation' },
  { id: 'hotline/locked', de: 'Der Zugang ist nach zu vielen falschen Eingaben vorübergehend gesperrt. Bitte versuchen Sie es später noch einmal.', en: 'Access is locked for a while after too many wrong entries. Please try again later.', use: 'agent service: PIN lockout' },
  { id: 'hotline/alarm', de: 'Achtung, Besetzungsalarm. Diese Hotline ist nicht ausreichend besetzt:', en: 'Attention, staffing alarm. This hotline is understaffed:', use: 'alarm call, then the hotline number digit by digit' },
  { id: 'hotline/alarm-end', de: 'Bitte melden Sie sich an oder verständigen Sie die Vertretung.', en: 'Please log in or inform a substitute.', use: 'alarm call, after the hotline number' },
  { id: 'hotline/wrap-up-ended', de: 'Ihre Nachbearbeitung ist beendet.', en: 'Your wrap-up has ended.', use: 'agent feature code' },
];

/** Mailbox lockout and IVR menu prompts (issue 4 items 3-4), including the demo menu of dialplans/demo.yaml. */
export const MENU_PROMPTS: readonly PromptText[] = [
  { id: 'vm/locked', de: 'Der Zugang zu dieser Sprachbox ist vorübergehend gesperrt.', en: 'Access to this mailbox is temporarily locked.', use: 'after too many wrong PINs' },
  { id: 'ivr/invalid', de: 'Diese Auswahl gibt es leider nicht.', en: 'Sorry, that is not one of the choices.', use: 'IVR menus: default invalidPrompt' },
  { id: 'ivr/main', de: 'Willkommen. Für das Bürgerbüro drücken Sie die Eins. Für den Hausdienst drücken Sie die Zwei. Für die Vermittlung drücken Sie die Null.', en: 'Welcome. For the citizens office, press one. For facility services, press two. For the operator, press zero.', use: 'demo IVR menu start (dialplans/demo.yaml, number 800)' },
];

/** All spoken prompts. */
export const ALL_PROMPTS: readonly PromptText[] = [...NUMBER_PROMPTS, ...PHRASE_PROMPTS, ...MENU_PROMPTS];

/** The spoken languages, German first (the default). */
export const LANGUAGES = ['de', 'en'] as const;

/** A language code. */
export type Language = (typeof LANGUAGES)[number];

/** espeak-ng voice and speed per language: a female variant reads calmer on the phone. */
export const VOICES: Readonly<Record<Language, { readonly voice: string; readonly wordsPerMinute: number }>> = {
  de: { voice: 'de+f3', wordsPerMinute: 175 },
  en: { voice: 'en-us+f3', wordsPerMinute: 178 },
};
