import t from 'tap';
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  digitPrompts, expectedWaitPrompts, messageCountPrompts, numberPrompts, queuePositionPrompts,
} from '../../../../../engine/media/src/prompts/index.js';

void t.test('German numbers are composed the way they are spoken', async (t) => {
  const table: Array<[number, string[]]> = [
    [0, ['digits/0']],
    [1, ['digits/1']],
    [7, ['digits/7']],
    [13, ['digits/13']],
    [20, ['digits/20']],
    [21, ['digits/ein', 'currency/and', 'digits/20']],
    [57, ['digits/7', 'currency/and', 'digits/50']],
    [100, ['digits/ein', 'digits/hundred']],
    [101, ['digits/ein', 'digits/hundred', 'digits/1']],
    [342, ['digits/3', 'digits/hundred', 'digits/2', 'currency/and', 'digits/40']],
    [999, ['digits/9', 'digits/hundred', 'digits/9', 'currency/and', 'digits/90']],
    [1000, ['digits/ein', 'digits/thousand']],
    [21005, ['digits/ein', 'currency/and', 'digits/20', 'digits/thousand', 'digits/5']],
  ];
  for (const [n, ids] of table) t.same(numberPrompts(n, 'de'), ids, `${n}`);
  t.same(numberPrompts(1, 'de', { feminine: true }), ['digits/eine']);
});

void t.test('English numbers follow mod_say_en', async (t) => {
  t.same(numberPrompts(21, 'en'), ['digits/20', 'digits/1']);
  t.same(numberPrompts(342, 'en'), ['digits/3', 'digits/hundred', 'digits/40', 'digits/2']);
  t.same(numberPrompts(1000, 'en'), ['digits/1', 'digits/thousand']);
  t.same(numberPrompts(1, 'en', { feminine: true }), ['digits/1']);
});

void t.test('numbers outside 0..999999 are refused', async (t) => {
  t.throws(() => numberPrompts(-1, 'de'), RangeError);
  t.throws(() => numberPrompts(1.5, 'en'), RangeError);
  t.throws(() => numberPrompts(1_000_000, 'de'), RangeError);
});

void t.test('every composed number uses prompt files that exist in both languages', async (t) => {
  const root = join(import.meta.dirname, '..', '..', '..', '..', '..', 'assets', 'prompts');
  fc.assert(fc.property(fc.integer({ min: 0, max: 999_999 }), fc.constantFrom('de' as const, 'en' as const), fc.boolean(), (n, lang, feminine) =>
    numberPrompts(n, lang, { feminine }).every((id) => existsSync(join(root, lang, `${id}.wav`)))));
  for (const lang of ['de', 'en'] as const) {
    for (const id of [...messageCountPrompts(3, lang), ...messageCountPrompts(0, lang), ...queuePositionPrompts(2, lang), ...expectedWaitPrompts(1, lang)]) {
      t.ok(existsSync(join(root, lang, `${id}.wav`)), `${lang}/${id}.wav`);
    }
  }
});

void t.test('"Sie haben N neue Nachrichten" is built from parts with the right grammar', async (t) => {
  t.same(messageCountPrompts(0, 'de'), ['vm/you-have', 'vm/no-new-messages']);
  t.same(messageCountPrompts(1, 'de'), ['vm/you-have', 'digits/eine', 'vm/new-message']);
  t.same(messageCountPrompts(3, 'de'), ['vm/you-have', 'digits/3', 'vm/new-messages']);
  t.same(messageCountPrompts(1, 'en'), ['vm/you-have', 'digits/1', 'vm/new-message']);
  t.same(messageCountPrompts(2, 'de', 'saved'), ['vm/you-have', 'digits/2', 'vm/saved-messages']);
});

void t.test('hotline announcements and digit readback', async (t) => {
  t.same(queuePositionPrompts(4, 'de'), ['hotline/position', 'digits/4', 'hotline/in-queue']);
  t.same(expectedWaitPrompts(1, 'de'), ['hotline/expected-wait', 'digits/eine', 'hotline/minute']);
  t.same(expectedWaitPrompts(0.2, 'en'), ['hotline/expected-wait', 'digits/1', 'hotline/minute'], 'never less than a minute');
  t.same(expectedWaitPrompts(12, 'en'), ['hotline/expected-wait', 'digits/12', 'hotline/minutes']);
  t.same(digitPrompts('4 7#1'), ['digits/4', 'digits/7', 'digits/1']);
});
