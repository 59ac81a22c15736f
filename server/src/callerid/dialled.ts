// Reading what a user dialled: the per-call CLIR prefix (#31#, caller-id.md §2.1 TDDDG §15(1)) and
// the emergency numbers, with or without the outside-line prefix (issue 8 item 6).

/** The dial-string conventions of a site. */
export interface DialPlanPrefixes {
  /** per-call CLIR prefix, `#31#` by default */
  readonly clirPrefix: string;
  /** outside-line prefix, `0` by default */
  readonly outsideLinePrefix: string;
  /** numbers that are emergency calls: `110` and `112` in Germany */
  readonly emergencyNumbers: readonly string[];
}

/** What a dial string means for caller-ID. */
export interface DialledNumber {
  /** the dial string without the CLIR prefix (the outside-line prefix is kept for routing) */
  readonly digits: string;
  /** the caller asked to withhold the number for this call; never set on emergency calls */
  readonly clirRequested: boolean;
  /** the emergency number when this is an emergency call, else null */
  readonly emergency: string | null;
}

/**
 * Splits the per-call CLIR prefix from a dial string and recognises emergency numbers dialled
 * bare, after the outside-line prefix or after the CLIR prefix. CLIR is dropped on emergency calls:
 * the number may not be withheld for 110/112 (TDDDG §15(1), reported failure #16).
 */
export function classifyDialled(dialled: string, prefixes: DialPlanPrefixes): DialledNumber {
  const raw = dialled.trim();
  const clir = prefixes.clirPrefix !== '' && raw.startsWith(prefixes.clirPrefix);
  const digits = clir ? raw.slice(prefixes.clirPrefix.length) : raw;
  const withoutLine =
    prefixes.outsideLinePrefix !== '' && digits.startsWith(prefixes.outsideLinePrefix)
      ? digits.slice(prefixes.outsideLinePrefix.length)
      : null;
  const emergency =
    prefixes.emergencyNumbers.find((n) => n === digits || n === withoutLine) ?? null;
  return { digits, clirRequested: clir && emergency === null, emergency };
}
