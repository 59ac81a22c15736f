// PURE: who calls on an inbound trunk call (issue 8 item 2). The carrier is trusted (RFC 3325
// §5: it is our trust domain's edge), so its P-Asserted-Identity names the caller when present;
// a withheld number stays withheld even when the carrier still asserts it.
import type { SiteConfig, Trunk } from '../config/dialplan/index.js';
import type { E164 } from '../domain/e164.js';
import { callerWithheld } from '../callerid/index.js';
import { normalizeNumber } from '../routing/index.js';

/** The identity headers of an inbound INVITE, as raw values (absent: undefined). */
export interface InboundHeaders {
  readonly from?: string | undefined;
  readonly pAssertedIdentity?: string | undefined;
  readonly privacy?: string | undefined;
  readonly remotePartyId?: string | undefined;
}

/** The caller of an inbound trunk call. */
export interface InboundCaller {
  /** E.164, or null when withheld, missing or not a public number */
  readonly number: E164 | null;
  readonly withheld: boolean;
  /** the carrier's calling name, shown on our devices only */
  readonly name: string | null;
}

/** Splits a name-addr or addr-spec into display name, user and host (enough for identity headers). */
export function parseNameAddr(value: string): { name: string | null; user: string | null; host: string | null } {
  const v = value.trim();
  const angle = /^(?:"((?:[^"\\]|\\.)*)"|([^<]*?))\s*<([^>]*)>/.exec(v);
  const uri = angle ? (angle[3] ?? '') : (v.split(';')[0] ?? '');
  const rawName = angle ? (angle[1] !== undefined ? angle[1].replace(/\\(.)/g, '$1') : (angle[2] ?? '').trim()) : '';
  const m = /^(?:sips?|tel):(?:([^@;?]*)@)?([^;?>]*)/i.exec(uri.trim());
  const isTel = /^tel:/i.test(uri.trim());
  const user = m ? (isTel ? (m[2] ?? null) : (m[1] ?? null)) : null;
  const host = m && !isTel ? (m[2] ?? null) : null;
  return { name: rawName === '' ? null : rawName, user: user === null ? null : decodeURIComponent(user), host };
}

// A calling name is shown on our phones only; control characters and overlong names are dropped.
function cleanName(name: string | null): string | null {
  if (name === null) return null;
  const n = name.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 64);
  return n === '' || n.toLowerCase() === 'anonymous' ? null : n;
}

/**
 * The caller of an INVITE from `trunk`, normalised to E.164 in the trunk's inbound format.
 * Withheld (Privacy `id`/`user` in any case, RPID privacy, anonymous From) gives no number and no
 * name: anonymous stays anonymous (reported failures #11, #12).
 */
export function inboundCallerOf(h: InboundHeaders, trunk: Trunk, site: SiteConfig): InboundCaller {
  const from = parseNameAddr(h.from ?? '');
  const withheld = callerWithheld({ fromUser: from.user, fromHost: from.host, privacy: h.privacy ?? null, remotePartyId: h.remotePartyId ?? null });
  if (withheld) return { number: null, withheld: true, name: null };
  const asserted = h.pAssertedIdentity ? parseNameAddr(h.pAssertedIdentity.split(',')[0] ?? '') : null;
  const format = trunk.inboundFormat ?? trunk.identity.format;
  const raw = asserted?.user ?? from.user;
  const number = raw === null ? null : normalizeNumber(raw.split(';')[0] ?? '', site.site, format);
  return { number, withheld: false, name: cleanName(from.name) };
}
