/**
 * Who left a message, as the mailbox index stores it (PURE). The caller-ID rules apply to stored
 * data as to presented data (caller-id.md §6, issue 8 item 7): a member of staff calling from the
 * private mobile is stored as the owner's extension, never by the mobile number; a withheld
 * number stays withheld.
 */
import type { SiteConfig } from '../config/dialplan/index.js';
import type { Party } from '../sip/calls/targets.js';
import { normalizeNumber } from '../routing/index.js';

/** How the caller was identified. */
export type CallerKind = 'internal' | 'external' | 'staff-mobile' | 'withheld';

/** The caller of a message. */
export interface StoredCaller {
  /** An extension (internal, staff-mobile), an E.164 number (external) or null (withheld). */
  readonly caller: string | null;
  readonly kind: CallerKind;
}

/** The caller to store for a party. */
export function storedCallerOf(site: SiteConfig, party: Party): StoredCaller {
  if (party.kind === 'user') return { caller: party.user.extension, kind: 'internal' };
  if (party.number === null) return { caller: null, kind: 'withheld' };
  const e164 = normalizeNumber(party.number, site.site) ?? party.number;
  const owner = site.index.mobiles.get(e164);
  if (owner) return { caller: owner.extension, kind: 'staff-mobile' };
  return { caller: e164, kind: 'external' };
}

/** The caller as people read it (CLI, e-mail): `2001`, `+4930123456`, `2001 (mobile)`, `withheld`. */
export function callerText(c: StoredCaller): string {
  switch (c.kind) {
    case 'internal':
    case 'external':
      return c.caller ?? 'withheld';
    case 'staff-mobile':
      return `${c.caller ?? '?'} (mobile)`;
    case 'withheld':
      return 'withheld';
  }
}

/** The key under which wrong PINs from this caller are counted (issue 4 item 3: per calling number). */
export function callerKeyOf(c: StoredCaller): string {
  return c.caller === null ? 'caller:withheld' : `caller:${c.kind === 'external' ? '' : 'ext:'}${c.caller}`;
}
