/**
 * Routing trails for the log without the other party's number (presence.md §5.3 test 16,
 * CONVENTIONS §2.6). The explain trail of a route names what was dialled and who called, which a
 * dry run (`zentrale route explain`) must show; the log of a live call must not: a citizen's
 * number or a forward to a private mobile would sit in every debug log for as long as it is
 * kept. Whom a call reached is in the call record, found by the call id the log line carries.
 */
import { inBlocks, type SiteConfig } from '../config/dialplan/index.js';
import { describeTarget } from './targets.js';

/** What stands in a log line for a number that is not one of ours. */
export const PARTY_NUMBER_IN_LOG = '[number]';

/**
 * `text` with every run of five or more digits (with or without `+`, inside a SIP URI or a
 * dialled string such as `#31#0089…`) that `isOwn` does not accept replaced by
 * {@link PARTY_NUMBER_IN_LOG}. Shorter runs (extensions, 110, times, counts) stay.
 */
export function withoutPartyNumbers(text: string, isOwn: (number: string) => boolean): string {
  return text.replace(/\+?\d{5,}/g, (n) => (isOwn(n) ? n : PARTY_NUMBER_IN_LOG));
}

/** Whether `number` is one of the site's: an internal number, or in its number blocks (E.164). */
export function isOwnNumber(site: SiteConfig, number: string): boolean {
  return site.index.internal.has(number) || inBlocks(number, site.numbers.blocks);
}

/** An explain trail fit for the log of a live call: extensions and our numbers, no party numbers. */
export function explainForLog(explain: readonly string[], site: SiteConfig): string[] {
  return explain.map((line) => withoutPartyNumbers(line, (n) => isOwnNumber(site, n)));
}

/** A configured target for the log: `{ forward: [number] }` unless the number is ours. */
export function targetForLog(target: Parameters<typeof describeTarget>[0], site: SiteConfig): string {
  return withoutPartyNumbers(describeTarget(target), (n) => isOwnNumber(site, n));
}
