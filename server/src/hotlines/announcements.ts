/**
 * What a waiting caller hears, as prompt ids (assets/prompts/<lang>/, without `.wav`): the
 * position announcement with the "only when there is something new to say" rule (issue 7 item 1,
 * hotlines.md §3 and §8 inv. 13); the numbers in it are said by media/say-number.ts. No I/O: the
 * media adapter resolves the ids to files.
 */
import { numberPrompts, type PromptLanguage } from '../media/say-number.js';

export type { PromptLanguage } from '../media/say-number.js';

/** What the caller was last told: the position and the announced wait in whole minutes (null: none). */
export interface Announced {
  readonly position: number;
  readonly minutes: number | null;
}

/** An announcement to play, and what it tells. */
export interface Announcement {
  readonly parts: readonly string[];
  readonly told: Announced;
}

/**
 * The announcement for `position` (1 = next) and the ACD's expected wait, or null when it would
 * repeat what the caller was last told. Position 1 hears "you are next" and no wait (app_queue's
 * rule: a wait estimate is noise then). The wait is rounded up to whole minutes, never below the
 * estimate (hotlines.md §8 invariant 13); no estimate (nobody staffed) means no wait is said.
 */
export function positionAnnouncement(position: number, expectedWaitSec: number | null, lang: PromptLanguage, last: Announced | null): Announcement | null {
  if (!Number.isInteger(position) || position < 1) return null;
  const minutes = position === 1 || expectedWaitSec === null ? null : Math.max(1, Math.ceil(expectedWaitSec / 60));
  if (last !== null && last.position === position && last.minutes === minutes) return null;
  const told = { position, minutes };
  if (position === 1) return { parts: ['hotline/next'], told };
  const parts = ['hotline/position', ...numberPrompts(position, lang), 'hotline/in-queue'];
  if (minutes !== null) {
    parts.push('hotline/expected-wait', ...numberPrompts(minutes, lang, true), minutes === 1 ? 'hotline/minute' : 'hotline/minutes');
  }
  return { parts, told };
}
