/**
 * Mailboxes (issue 4 item 3), PURE: every user with `voicemail.enabled` has one under the
 * extension; every hotline and hunt group has one under its number (reached by
 * `{ voicemail: NUMBER }` targets). Only user mailboxes can be listened to by phone: they have an
 * owner with a PIN. Hotline and hunt-group messages reach their team by e-mail and the CLI.
 */
import type { Hotline, HuntGroup, SiteConfig, User } from '../config/dialplan/index.js';

/** Who a mailbox belongs to. */
export type MailboxOwner =
  | { readonly kind: 'user'; readonly user: User }
  | { readonly kind: 'hotline'; readonly hotline: Hotline }
  | { readonly kind: 'huntGroup'; readonly group: HuntGroup };

/** The two greetings a caller may hear (routing's `greeting` of a voicemail step). */
export type GreetingKind = 'busy' | 'unavailable';

/** Where new messages are announced by e-mail. */
export interface MailNotice {
  readonly to: readonly string[];
  /** Attach the recording (else only the facts of the message). */
  readonly attach: boolean;
}

/** A mailbox as the voicemail adapter needs it. */
export interface Mailbox {
  /** The mailbox number: an extension, hotline or hunt group number. */
  readonly number: string;
  readonly owner: MailboxOwner;
  /** Prompt language of the mailbox (the owner's, else the site's). */
  readonly language: string;
  /** System prompt played when no own greeting was recorded. */
  readonly defaultGreeting: Readonly<Record<GreetingKind, string>>;
  readonly notice: MailNotice;
  /** The owner's PIN hash (PHC string); undefined: the mailbox cannot be opened by phone. */
  readonly pinHash: string | undefined;
  /** Name for e-mails and logs. */
  readonly label: string;
}

const USER_GREETINGS = { busy: 'vm/greeting-busy', unavailable: 'vm/greeting-unavailable' } as const;
const TEAM_GREETINGS = { busy: 'vm/greeting-hotline', unavailable: 'vm/greeting-hotline' } as const;

/** The mailbox with `number`, or undefined when there is none (a user without `voicemail.enabled`). */
export function mailboxOf(site: SiteConfig, number: string): Mailbox | undefined {
  const lang = site.site.language;
  const user = site.index.users.get(number);
  if (user) {
    if (!user.voicemail.enabled) return undefined;
    return {
      number, owner: { kind: 'user', user }, language: user.language ?? lang, defaultGreeting: USER_GREETINGS,
      // issue 4 item 3: user.voicemail.email/attach switch the e-mail; no address, no e-mail.
      notice: { to: user.voicemail.email && user.email !== undefined ? [user.email] : [], attach: user.voicemail.attach },
      pinHash: user.pinHash, label: user.name ?? user.extension,
    };
  }
  const hotline = site.index.hotlines.get(number);
  if (hotline) {
    return {
      number, owner: { kind: 'hotline', hotline }, language: lang, defaultGreeting: TEAM_GREETINGS,
      notice: { to: hotline.voicemail.emails, attach: hotline.voicemail.attach }, pinHash: undefined, label: hotline.name ?? `Hotline ${number}`,
    };
  }
  const group = site.index.huntGroups.get(number);
  if (group) {
    return {
      number, owner: { kind: 'huntGroup', group }, language: lang, defaultGreeting: TEAM_GREETINGS,
      notice: { to: group.voicemail.emails, attach: group.voicemail.attach }, pinHash: undefined, label: group.name ?? `Hunt group ${number}`,
    };
  }
  return undefined;
}

/** Every mailbox of the site (for restoring MWI counts and checking stored messages). */
export function allMailboxes(site: SiteConfig): Mailbox[] {
  const numbers = [...site.users.map((u) => u.extension as string), ...site.hotlines.map((h) => h.number as string), ...site.huntGroups.map((g) => g.number as string)];
  return numbers.map((n) => mailboxOf(site, n)).filter((m): m is Mailbox => m !== undefined);
}
