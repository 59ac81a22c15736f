// Privacy helpers: masking numbers in logs (CONVENTIONS §2.6: a `phone` serializer masks private
// and mobile numbers at info level) and reading a carrier's withheld-number signals.
import { inNumberBlocks } from './blocks.js';
import type { NumberBlock } from './blocks.js';

/**
 * Masks a phone number for logs: keeps the `+` and at most five leading digits (country code and
 * network or area prefix, enough to tell a mobile from a landline), and always masks at least half
 * of the digits and at least the last four. `+491701234567` → `+49170*******`. Anything that is
 * not a number (a SIP URI, `anonymous`) is masked completely.
 */
export function maskPhone(number: string): string {
  const s = number.replace(/[\s\-/().]/g, '');
  const m = /^(\+?)(\d+)$/.exec(s);
  if (m === null) return '***';
  const plus = m[1] ?? '';
  const digits = m[2] ?? '';
  const keep = Math.max(0, Math.min(5, Math.floor(digits.length / 2), digits.length - 4));
  return plus + digits.slice(0, keep) + '*'.repeat(digits.length - keep);
}

/**
 * What a log line at info level may show of `number`: our own numbers (office DDIs, the main and
 * hotline numbers) in clear because they are published, every other number masked — it may be a
 * citizen's or a member of staff's private mobile.
 */
export function maskPhoneForLog(number: string, blocks: readonly NumberBlock[]): string {
  return inNumberBlocks(number, blocks) ? number : maskPhone(number);
}

/** The identity signals a trusted carrier sent with an inbound call, as raw header values. */
export interface InboundPrivacySignals {
  /** user part of the From URI */
  readonly fromUser?: string | null;
  /** host part of the From URI */
  readonly fromHost?: string | null;
  /** the Privacy header value(s), joined with `,` when there were several */
  readonly privacy?: string | null;
  /** the Remote-Party-ID header value, if the carrier still sends it */
  readonly remotePartyId?: string | null;
}

/**
 * Whether a trusted carrier marked the caller as withholding the number. Privacy tokens are
 * compared case-insensitively (RFC 3323 tokens are case-insensitive; reported failure #11: `ID`
 * was missed), `id` and `user` count, `header`/`none` alone do not (RFC 5379 table). An RPID with
 * any `privacy=` other than `off` counts too (reported failure #12), as does an anonymous From.
 */
export function callerWithheld(signals: InboundPrivacySignals): boolean {
  const tokens = (signals.privacy ?? '')
    .split(/[;,]/)
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
  if (tokens.includes('id') || tokens.includes('user')) return true;
  const rpidPrivacy = /;\s*privacy\s*=\s*"?([a-z-]+)"?/i.exec(signals.remotePartyId ?? '');
  if (rpidPrivacy !== null && (rpidPrivacy[1] ?? '').toLowerCase() !== 'off') return true;
  if ((signals.fromUser ?? '').toLowerCase() === 'anonymous') return true;
  return (signals.fromHost ?? '').toLowerCase() === 'anonymous.invalid';
}
