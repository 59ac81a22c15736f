/**
 * The mailbox menus (PURE): which key does what, the order messages are played in, and what
 * listening does to a message's status. The keys are the ones the system prompts announce
 * (vm/main-menu, vm/message-menu, vm/greeting-menu in scripts/prompts/catalog.ts).
 */
import type { GreetingKind } from './mailbox.js';

/** A message's status: `new` until heard, then `old`; `saved` when the owner keeps it. */
export type MessageStatus = 'new' | 'old' | 'saved';

/** What the main menu offers. */
export type MainChoice = 'listen' | 'greeting' | 'goodbye' | 'invalid';

/** What the menu after a message offers. */
export type MessageChoice = 'repeat' | 'save' | 'delete' | 'next' | 'main-menu' | 'invalid';

const MAIN_KEYS: Readonly<Record<string, MainChoice>> = { '1': 'listen', '9': 'greeting', '#': 'goodbye' };
const MESSAGE_KEYS: Readonly<Record<string, MessageChoice>> = { '1': 'repeat', '2': 'save', '3': 'delete', '6': 'next', '*': 'main-menu' };
const GREETING_KEYS: Readonly<Record<string, GreetingKind>> = { '1': 'unavailable', '2': 'busy' };

/** The main-menu choice of a key. */
export function mainChoice(key: string): MainChoice {
  return MAIN_KEYS[key] ?? 'invalid';
}

/** The message-menu choice of a key (also pressed while the message plays). */
export function messageChoice(key: string): MessageChoice {
  return MESSAGE_KEYS[key] ?? 'invalid';
}

/** The greeting a key picks in the greeting menu, or undefined. */
export function greetingChoice(key: string): GreetingKind | undefined {
  return GREETING_KEYS[key];
}

/** A message as the menus see it. */
export interface MenuMessage {
  readonly id: string;
  readonly status: MessageStatus;
  readonly receivedAt: number;
}

/**
 * The order messages are played in: new ones first, oldest first (issue 4 item 3: "new messages
 * first"), then the heard and saved ones, oldest first. Ties by id keep the order stable.
 */
export function listenOrder<M extends MenuMessage>(messages: readonly M[]): M[] {
  const rank = (m: M) => (m.status === 'new' ? 0 : 1);
  return [...messages].sort((a, b) => rank(a) - rank(b) || a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The status a message has after it was played: a new one becomes old, others keep theirs. */
export function statusAfterListening(status: MessageStatus): MessageStatus {
  return status === 'new' ? 'old' : status;
}

/** MWI counts (RFC 3842 `Voice-Message: new/old`): saved messages count as old. */
export function countsOf(messages: readonly Pick<MenuMessage, 'status'>[]): { newCount: number; oldCount: number } {
  let newCount = 0;
  for (const m of messages) if (m.status === 'new') newCount++;
  return { newCount, oldCount: messages.length - newCount };
}
