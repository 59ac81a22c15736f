/**
 * Number normalisation for German sites: whatever a user dialled or a carrier sent, to E.164.
 * `+…` and `00…` are international, `0…` national, anything else local (needs the site's area
 * code) or, from a trunk that writes `49…`, international without the plus.
 */
import type { E164 } from '../domain/e164.js';
import { isE164 } from '../domain/e164.js';
import type { NumberFormat } from '../config/dialplan/index.js';

/** What normalisation needs to know about the site. */
export interface NumberingPlan {
  /** Country calling code without +, e.g. `49`. */
  readonly countryCode: string;
  /** Area code without the leading 0, e.g. `8031`; local numbers need it. */
  readonly areaCode?: string | undefined;
}

const SEPARATORS = /[\s\-/().]/g;

/** Removes visual separators people and phones put into numbers: spaces, dashes, slashes, dots, brackets. */
export function cleanNumber(raw: string): string {
  return raw.replace(SEPARATORS, '');
}

/**
 * Normalises a number to E.164, or null when it is not a public number (letters, `*`, `#`, a
 * local number without a known area code, too long). Idempotent: an E.164 number stays as it is.
 * `format` is how the source writes numbers; only `e164-no-plus` reads bare digits as international.
 */
export function normalizeNumber(raw: string, plan: NumberingPlan, format?: NumberFormat): E164 | null {
  const s = cleanNumber(raw);
  let candidate: string | null;
  if (s.startsWith('+')) candidate = s;
  else if (!/^[0-9]+$/.test(s)) candidate = null;
  else if (s.startsWith('00')) candidate = `+${s.slice(2)}`;
  else if (s.startsWith('0')) candidate = `+${plan.countryCode}${s.slice(1)}`;
  else if (format === 'e164-no-plus') candidate = `+${s}`;
  else if (plan.areaCode !== undefined) candidate = `+${plan.countryCode}${plan.areaCode}${s}`;
  else candidate = null;
  return candidate !== null && isE164(candidate) ? candidate : null;
}

/**
 * Writes an E.164 number the way a trunk wants it (caller-id.md §2.2). `national` writes `0…` for
 * numbers of our country and `00…` for others.
 */
export function formatNumber(number: E164, format: NumberFormat, countryCode: string): string {
  const digits = number.slice(1);
  switch (format) {
    case 'e164': return number;
    case 'e164-no-plus': return digits;
    case 'international-00': return `00${digits}`;
    case 'national': return digits.startsWith(countryCode) ? `0${digits.slice(countryCode.length)}` : `00${digits}`;
  }
}

/**
 * The emergency number a dialled string reaches, with or without the outside-line prefix
 * (issue 8 item 6: "110 and 112, dialled with or without the outside-line prefix"), else null.
 */
export function emergencyNumberOf(dialled: string, emergencyNumbers: readonly string[], outsidePrefix: string): string | null {
  const s = cleanNumber(dialled);
  for (const n of emergencyNumbers) {
    if (s === n || (outsidePrefix !== '' && s === outsidePrefix + n)) return n;
  }
  return null;
}
