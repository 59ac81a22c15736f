// Number normalisation and carrier formats. Carriers disagree on the format of our own numbers in
// identity headers (caller-id.md §2.2: sipgate wants `49…`, NFON `+49…`/`0049…`, outbox `49…`),
// so every trunk names its format and this module converts between E.164 and that format.

/** How a trunk wants numbers written in From, PAI/PPI and Diversion (caller-id.md §2.2, [AUE]). */
export type NumberFormat = 'e164' | 'e164-no-plus' | 'international-00' | 'national';

// ITU-T E.164: at most 15 digits; below 7 digits no real subscriber number exists (Niue's are
// the shortest), so short codes such as 112 never pass as an identity.
const E164 = /^\+[1-9]\d{6,14}$/;
const SEPARATORS = /[\s\-/().]/g;

/** True when `value` is an E.164 number with its `+` (7 to 15 digits, no leading zero). */
export function isE164(value: string): boolean {
  return E164.test(value);
}

/**
 * Normalises a number as a carrier or a user wrote it to E.164 (`+49…`), or returns null when it
 * cannot be read as a public number (an extension, `anonymous`, a local number without area code).
 * `+…` and `00…` are international, `0…` is national in `countryCode`; bare digits that do not
 * start with 0 are read as international only when the trunk declares `e164-no-plus`, because for
 * every other format they would be ambiguous with a local subscriber number.
 */
export function normalizeNumber(raw: string, countryCode: string, hint?: NumberFormat): string | null {
  const s = raw.replace(SEPARATORS, '');
  let candidate: string | null;
  if (s.startsWith('+')) candidate = s;
  else if (s.startsWith('00')) candidate = `+${s.slice(2)}`;
  else if (s.startsWith('0')) candidate = `+${countryCode}${s.slice(1)}`;
  else if (hint === 'e164-no-plus' && /^\d+$/.test(s)) candidate = `+${s}`;
  else candidate = null;
  return candidate !== null && isE164(candidate) ? candidate : null;
}

/**
 * Writes an E.164 number in a trunk's format. `national` applies only to numbers of our own
 * country; a foreign number falls back to `00…`, the one national-dialling form that stays
 * unambiguous.
 */
export function formatNumber(e164: string, format: NumberFormat, countryCode: string): string {
  const digits = e164.slice(1);
  switch (format) {
    case 'e164':
      return e164;
    case 'e164-no-plus':
      return digits;
    case 'international-00':
      return `00${digits}`;
    case 'national':
      return digits.startsWith(countryCode) ? `0${digits.slice(countryCode.length)}` : `00${digits}`;
  }
}

/**
 * Whether a caller's number may be shown on a forwarded leg under §120(2) sentence 2 TKG: only a
 * German number, never 110/112, short codes, information (0118), mass-traffic (0137) or premium
 * (0900) numbers — carriers abort such calls since 1 Dec 2022 (caller-id.md §2.1, [SPOOF]).
 * Non-geographic numbers starting with 1 are allowed only as mobiles (015x-017x).
 */
export function isPresentableForwardedNumber(e164: string): boolean {
  if (!isE164(e164) || !e164.startsWith('+49')) return false;
  const nsn = e164.slice(3);
  if (nsn.length < 6 || nsn.length > 13) return false;
  if (nsn.startsWith('900')) return false;
  if (nsn.startsWith('1')) return /^1[5-7]/.test(nsn);
  return /^[2-9]/.test(nsn);
}
