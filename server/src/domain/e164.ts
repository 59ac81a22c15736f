/**
 * E.164 numbers (ITU-T E.164): `+`, country code, national significant number; at most 15 digits.
 * Every number Zentrale stores, compares or presents is in this form; carrier formats are produced
 * at the trunk edge only (caller-id.md §2.2: the carriers disagree on the format).
 */
export type E164 = string & { readonly __brand: 'E164' };

const E164_PATTERN = /^\+[1-9][0-9]{3,14}$/;

/** True when `s` is a syntactically valid E.164 number such as `+4989123456`. */
export function isE164(s: string): s is E164 {
  return E164_PATTERN.test(s);
}

/** Returns `s` as an E164 when valid, otherwise null. */
export function asE164(s: string): E164 | null {
  return isE164(s) ? s : null;
}

/** The pattern as a string for schema descriptions and docs. */
export const E164_SOURCE = E164_PATTERN.source;
