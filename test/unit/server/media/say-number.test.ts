/**
 * Numbers spoken from prompt parts (PURE server/src/media/say-number.ts), shared by the hotline
 * announcements and alarm and the voicemail counts: composed as the prompt README shows, and every
 * part exists as a prompt file in both languages.
 */
import t from 'tap';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { digitPrompts, numberPrompts, promptLanguage } from '../../../../server/src/media/say-number.js';
import { PROMPTS_DIR } from '../../../../server/src/media/prompts.js';

void t.test('numbers are composed as the prompt README shows', async (t) => {
  const cases: Array<[number, 'de' | 'en', boolean, string[]]> = [
    [0, 'de', false, ['digits/0']],
    [1, 'de', false, ['digits/1']],
    [1, 'de', true, ['digits/eine']],
    [1, 'en', true, ['digits/1']],
    [21, 'de', false, ['digits/ein', 'currency/and', 'digits/20']],
    [21, 'en', false, ['digits/20', 'digits/1']],
    [40, 'de', false, ['digits/40']],
    [100, 'de', false, ['digits/ein', 'digits/hundred']],
    [342, 'de', false, ['digits/3', 'digits/hundred', 'digits/2', 'currency/and', 'digits/40']],
    [342, 'en', false, ['digits/3', 'digits/hundred', 'digits/40', 'digits/2']],
    [1001, 'de', false, ['digits/ein', 'digits/thousand', 'digits/1']],
    [2021, 'de', false, ['digits/2', 'digits/thousand', 'digits/ein', 'currency/and', 'digits/20']],
  ];
  for (const [n, lang, fem, parts] of cases) t.same(numberPrompts(n, lang, fem), parts, `${n} (${lang}${fem ? ', feminine' : ''})`);
  t.throws(() => numberPrompts(-1, 'de'), RangeError);
  t.throws(() => numberPrompts(1.5, 'de'), RangeError);
  t.throws(() => numberPrompts(1_000_000, 'de'), RangeError);
  t.same(digitPrompts('4100'), ['digits/4', 'digits/1', 'digits/0', 'digits/0']);
  t.same(digitPrompts('+49 30'), ['digits/4', 'digits/9', 'digits/3', 'digits/0'], 'only the digits are read');
});

void t.test('English is said in English, every other language in German', async (t) => {
  t.same([promptLanguage('en'), promptLanguage('de'), promptLanguage('fr')], ['en', 'de', 'de']);
});

void t.test('every part of every number up to 9999 exists as a prompt file in both languages', async (t) => {
  const missing = new Set<string>();
  for (const lang of ['de', 'en'] as const) {
    for (let n = 0; n < 10_000; n++) {
      for (const p of [...numberPrompts(n, lang), ...numberPrompts(n, lang, true)]) if (!existsSync(join(PROMPTS_DIR, lang, `${p}.wav`))) missing.add(`${lang}/${p}`);
    }
  }
  t.same([...missing], []);
});
