/**
 * What a waiting caller hears: position announcements only when something changed (hotlines.md §8
 * invariant 13). The numbers in them: test/unit/server/media/say-number.test.ts.
 */
import t from 'tap';
import fc from 'fast-check';
import { positionAnnouncement, type Announced } from '../../../../server/src/hotlines/announcements.js';

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
