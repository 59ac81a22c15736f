// A small town hall: the world the caller-ID golden tests run in (numbers from issue 8's YAML).
import { callerIdFor, renderCallerIdHeaders } from '../../../../server/src/callerid/index.js';
import type { CallerIdContext, CallerIdUser, HotlineIdentity, Leg, SiteNumbers, TrunkIdentityProfile } from '../../../../server/src/callerid/index.js';

export const DOMAIN = 'pbx.rosenheim.example';
export const ORGANISATION = 'Stadt Rosenheim';

export const SITE: SiteNumbers = {
  name: 'Rathaus Rosenheim',
  main: '+498031620',
  emergency: '+498031620',
  emergencyCallback: '+49803162990',
  blocks: [{ base: '+49803162', ddi: '0-999' }],
};

export const ANNA: CallerIdUser = { extension: '3001', name: 'Anna Berger', ddi: '+49803162301', mobile: '+491701234567', clir: false };

export const HOTLINE: HotlineIdentity = { number: '4100', ddi: '+49803162100', name: 'Bürgeramt Hotline' };

/** The four identity profiles, between them covering every option value of caller-id.md §2.2. */
export const PROFILES = {
  /** NFON-like: shown number in PAI, `+49…` */
  pai: { presentIn: 'pai', format: 'e164', clipNoScreening: true, diversion: 'diversion' },
  /** sipgate/outbox-like: PPI, `49…` */
  ppi: { presentIn: 'ppi', format: 'e164-no-plus', clipNoScreening: true, diversion: 'diversion' },
  /** Swyx model: shown number in From, network number in PAI, `0049…`, History-Info */
  from: { presentIn: 'from', format: 'international-00', clipNoScreening: true, diversion: 'history-info' },
  /** national `0…`, no CLIP no screening, History-Info */
  national: { presentIn: 'pai', format: 'national', clipNoScreening: false, diversion: 'history-info' },
} as const satisfies Record<string, TrunkIdentityProfile>;

export type ProfileName = keyof typeof PROFILES;
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/** Request-URI of a forwarded leg: an external colleague, not a private number. */
export const TARGET_URI = 'sip:004930555123@carrier.example';

/** The base context: Anna calls (or forwards) out through `profile`. */
export function context(profile: ProfileName, extra: Partial<CallerIdContext> = {}): CallerIdContext {
  return { domain: DOMAIN, organisation: ORGANISATION, site: SITE, trunk: PROFILES[profile], user: ANNA, hotline: HOTLINE, ...extra };
}

/** The rendered headers of a leg, as the SIP adapter would set them. */
export function headersOf(leg: Leg, ctx: CallerIdContext): Readonly<Record<string, string>> {
  return renderCallerIdHeaders(callerIdFor(leg, ctx), TARGET_URI);
}

/** `"Anonymous" <sip:anonymous@anonymous.invalid>` (RFC 3323). */
export const ANON = '"Anonymous" <sip:anonymous@anonymous.invalid>';

/** A SIP URI of our domain in angle brackets. */
export function ours(user: string): string {
  return `<sip:${user}@${DOMAIN}>`;
}
