/**
 * The mailbox menus, counts and prompt composition (PURE parts of server/src/voicemail): which key
 * does what (the keys the system prompts announce), the order messages are played in, MWI counts,
 * and the spoken counts and positions.
 */
import t from 'tap';
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  countPrompts, countsOf, greetingChoice, listenOrder, mainChoice, messageChoice, messageNumberPrompts,
  statusAfterListening, type MessageStatus,
} from '../../../../server/src/voicemail/index.js';
import { PROMPTS_DIR } from '../../../../server/src/media/prompts.js';

void t.test('menu keys are the ones the prompts announce; anything else is invalid', async (t) => {
  t.same(['1', '9', '#', '0', '*', ''].map(mainChoice), ['listen', 'greeting', 'goodbye', 'invalid', 'invalid', 'invalid']);
  t.same(['1', '2', '3', '6', '*', '4', '#', ''].map(messageChoice), ['repeat', 'save', 'delete', 'next', 'main-menu', 'invalid', 'invalid', 'invalid']);
  t.same(['1', '2', '3', ''].map(greetingChoice), ['unavailable', 'busy', undefined, undefined]);
});

void t.test('new messages first, each group oldest first; ties by id', async (t) => {
  const m = (id: string, status: MessageStatus, receivedAt: number) => ({ id, status, receivedAt });
  const order = listenOrder([m('a', 'saved', 1), m('b', 'new', 5), m('c', 'old', 2), m('e', 'new', 3), m('d', 'new', 3)]);
  t.same(order.map((x) => x.id), ['d', 'e', 'b', 'a', 'c']);
  fc.assert(fc.property(fc.array(fc.record({ id: fc.uuid(), status: fc.constantFrom<MessageStatus>('new', 'old', 'saved'), receivedAt: fc.nat(1000) })), (msgs) => {
    const out = listenOrder(msgs);
    const firstHeard = out.findIndex((x) => x.status !== 'new');
    return out.length === msgs.length && (firstHeard < 0 || out.slice(firstHeard).every((x) => x.status !== 'new'));
  }));
});

void t.test('listening makes a new message old; saved and old stay as they are; saved counts as old for MWI', async (t) => {
  t.same((['new', 'old', 'saved'] as const).map(statusAfterListening), ['old', 'old', 'saved']);
  t.same(countsOf([{ status: 'new' }, { status: 'saved' }, { status: 'old' }, { status: 'new' }]), { newCount: 2, oldCount: 2 });
  t.same(countsOf([]), { newCount: 0, oldCount: 0 });
});

void t.test('counts and positions are spoken from prompt parts that exist in both languages', async (t) => {
  t.same(countPrompts(0, 0, 'de'), ['vm/you-have', 'vm/no-new-messages']);
  t.same(countPrompts(1, 0, 'de'), ['vm/you-have', 'digits/eine', 'vm/new-message']);
  t.same(countPrompts(1, 0, 'en'), ['vm/you-have', 'digits/1', 'vm/new-message']);
  t.same(countPrompts(3, 1, 'de'), ['vm/you-have', 'digits/3', 'vm/new-messages', 'currency/and', 'digits/eine', 'vm/saved-message']);
  t.same(countPrompts(0, 21, 'de'), ['vm/you-have', 'vm/no-new-messages', 'currency/and', 'digits/ein', 'currency/and', 'digits/20', 'vm/saved-messages']);
  t.same(messageNumberPrompts(1, 'de'), ['vm/message', 'digits/1'], 'a position is a number, not feminine');
  // The numbers themselves (and that their parts exist): test/unit/server/media/say-number.test.ts.
  for (const lang of ['de', 'en'] as const) {
    const parts = new Set([...countPrompts(0, 0, lang), ...countPrompts(1, 1, lang), ...countPrompts(2, 2, lang)]);
    const missing = [...parts].filter((p) => !existsSync(join(PROMPTS_DIR, lang, `${p}.wav`)));
    t.same(missing, [], `every part exists in ${lang}`);
  }
});
