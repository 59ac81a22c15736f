/**
 * What a waiting caller hears: numbers from prompt parts (the table of assets/prompts/README.md),
 * and position announcements only when something changed (hotlines.md §8 invariant 13).
 */
import t from 'tap';
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { digitParts, numberParts, positionAnnouncement, type Announced } from '../../../../server/src/hotlines/announcements.js';
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
  for (const [n, lang, fem, parts] of cases) t.same(numberParts(n, lang, fem), parts, `${n} (${lang}${fem ? ', feminine' : ''})`);
  t.throws(() => numberParts(-1, 'de'), RangeError);
  t.throws(() => numberParts(1.5, 'de'), RangeError);
  t.same(digitParts('4100'), ['digits/4', 'digits/1', 'digits/0', 'digits/0']);
});

void t.test('every part of every number up to 9999 exists as a prompt file in both languages', async (t) => {
  const missing = new Set<string>();
  for (const lang of ['de', 'en'] as const) {
    for (let n = 0; n < 10_000; n++) {
      for (const p of numberParts(n, lang, n === 1)) if (!existsSync(join(PROMPTS_DIR, lang, `${p}.wav`))) missing.add(`${lang}/${p}`);
    }
  }
  t.same([...missing], []);
});

void t.test('position 3 with a 150 s estimate says position and 3 minutes', async (t) => {
  const a = positionAnnouncement(3, 150, 'de', null);
  t.same(a?.parts, ['hotline/position', 'digits/3', 'hotline/in-queue', 'hotline/expected-wait', 'digits/3', 'hotline/minutes']);
  t.same(a?.told, { position: 3, minutes: 3 });
});

void t.test('one minute is "eine Minute"; position 1 hears only that it is next; no estimate, no wait', async (t) => {
  t.same(positionAnnouncement(2, 30, 'de', null)?.parts.slice(-3), ['hotline/expected-wait', 'digits/eine', 'hotline/minute']);
  t.same(positionAnnouncement(1, 500, 'de', null)?.parts, ['hotline/next']);
  t.same(positionAnnouncement(4, null, 'de', null)?.parts, ['hotline/position', 'digits/4', 'hotline/in-queue']);
});

void t.test('nothing is said when position and minutes are what the caller was last told', async (t) => {
  t.equal(positionAnnouncement(3, 170, 'de', { position: 3, minutes: 3 }), null);
  t.not(positionAnnouncement(2, 170, 'de', { position: 3, minutes: 3 }), null, 'a new position is told');
  t.not(positionAnnouncement(3, 190, 'de', { position: 3, minutes: 3 }), null, 'a new wait is told');
  t.equal(positionAnnouncement(1, 10, 'de', { position: 1, minutes: null }), null);
});

void t.test('property: the announced wait is never below the estimate, and a repeat of the same facts is silent', async (t) => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }), (position, wait) => {
    const a = positionAnnouncement(position, wait, 'de', null);
    if (a === null) return false;
    if (position > 1 && wait !== null && (a.told.minutes === null || a.told.minutes * 60 < wait)) return false;
    return positionAnnouncement(position, wait, 'de', a.told as Announced) === null;
  }));
  t.pass('held for every generated case');
});
