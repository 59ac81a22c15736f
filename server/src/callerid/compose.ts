// Turning a decision (which number is shown, which is asserted, is it withheld, who diverted)
// into header data, per trunk identity profile (caller-id.md §2.2) and per RFC.
import { formatNumber } from './numbers.js';
import type {
  CallerIdHeaders,
  DiversionEntry,
  DiversionReason,
  ForwardReason,
  HistoryInfoEntry,
  FromIdentity,
  TrunkIdentityProfile,
} from './types.js';

/** RFC 3323 §4.1.1.3: an anonymous From uses display `Anonymous` in the `anonymous.invalid` domain. */
export const ANONYMOUS_FROM: FromIdentity = { displayName: 'Anonymous', user: 'anonymous', host: 'anonymous.invalid' };

/**
 * Identity headers a device or the incoming leg may carry and that are never copied to a new leg:
 * identity comes from authentication (RFC 3325 §5, caller-id.md §1.3). Geolocation would reveal a
 * home office (issue 8 item 3).
 */
export const STRIPPED_INCOMING_HEADERS: readonly string[] = [
  'P-Asserted-Identity',
  'P-Preferred-Identity',
  'Remote-Party-ID',
  'Privacy',
  'Diversion',
  'History-Info',
  'Geolocation',
  'Geolocation-Routing',
];

const DIVERSION_REASON: Record<ForwardReason, DiversionReason> = {
  unconditional: 'unconditional',
  busy: 'user-busy',
  'no-answer': 'no-answer',
  'hunt-group': 'unknown',
  'hotline-overflow': 'unavailable',
  'time-of-day': 'time-of-day',
  'do-not-disturb': 'do-not-disturb',
  'out-of-service': 'out-of-service',
  'parallel-ring': 'follow-me',
};

// RFC 7544 §5 (with errata 3071): Diversion reason → RFC 4458 cause in History-Info; reasons
// without a cause of their own map to 404.
const HISTORY_CAUSE: Record<DiversionReason, number> = {
  unconditional: 302,
  'user-busy': 486,
  'no-answer': 408,
  unavailable: 503,
  unknown: 404,
  'time-of-day': 404,
  'do-not-disturb': 404,
  'out-of-service': 404,
  'follow-me': 404,
};

/** The diverting party of a forwarded or offered leg. */
export interface Diverting {
  readonly number: string;
  readonly reason: ForwardReason | 'group-offer';
}

/** A decided trunk leg, before formatting. */
export interface TrunkDecision {
  /** E.164 number the callee should see */
  readonly shown: string;
  /** E.164 number of our blocks the carrier screens against */
  readonly network: string;
  readonly displayName: string | null;
  readonly withheld: boolean;
  readonly diverting: Diverting | null;
}

function diversionReason(d: Diverting): DiversionReason {
  return d.reason === 'group-offer' ? 'unknown' : DIVERSION_REASON[d.reason];
}

/** History-Info for one retargeting from `user`@`host` to the leg's Request-URI (RFC 7044 §10). */
export function historyInfoFor(user: string, host: string, reason: DiversionReason): HistoryInfoEntry[] {
  return [
    { kind: 'diverting', index: '1', user, host },
    { kind: 'target', index: '1.1', mp: '1', cause: HISTORY_CAUSE[reason] },
  ];
}

/** History-Info reason of an internal forward. */
export function forwardReasonToDiversion(reason: ForwardReason): DiversionReason {
  return DIVERSION_REASON[reason];
}

/**
 * Header data of a leg toward a carrier. Without CLIR the shown number goes where the profile
 * says the carrier reads it; with CLIR From is anonymous, `Privacy: id` is set and the network
 * number still travels in PAI/PPI, which carriers require for screening and emergency location
 * (reported failures #5, #6, #9; [NF], [OB]). `Privacy: none` is explicit otherwise (RFC 3325 §7:
 * intermediaries must not remove it), never `id` (reported failure #10).
 */
export function composeTrunkLeg(
  d: TrunkDecision,
  trunk: TrunkIdentityProfile,
  domain: string,
  countryCode: string,
  explain: readonly string[],
): CallerIdHeaders {
  const fmt = (n: string): string => formatNumber(n, trunk.format, countryCode);
  const assertHeader = trunk.presentIn === 'ppi' ? 'P-Preferred-Identity' : 'P-Asserted-Identity';
  let from: FromIdentity;
  let asserted: string;
  if (d.withheld) {
    from = ANONYMOUS_FROM;
    asserted = d.network;
  } else {
    switch (trunk.presentIn) {
      case 'from':
        from = { displayName: d.displayName, user: fmt(d.shown), host: domain };
        asserted = d.network;
        break;
      case 'pai':
        from = { displayName: d.displayName, user: fmt(d.shown), host: domain };
        asserted = d.shown;
        break;
      case 'ppi':
        from = { displayName: d.displayName, user: fmt(d.network), host: domain };
        asserted = d.shown;
        break;
    }
  }
  let diversion: DiversionEntry[] = [];
  let historyInfo: HistoryInfoEntry[] = [];
  if (d.diverting !== null) {
    const reason = diversionReason(d.diverting);
    const user = fmt(d.diverting.number);
    if (trunk.diversion === 'diversion') diversion = [{ user, host: domain, reason, counter: 1, privacy: 'off' }];
    else historyInfo = historyInfoFor(user, domain, reason);
  }
  return {
    towards: 'trunk',
    from,
    identity: { header: assertHeader, user: fmt(asserted), host: domain },
    privacy: d.withheld ? ['id'] : ['none'],
    diversion,
    historyInfo,
    stripIncoming: STRIPPED_INCOMING_HEADERS,
    presented: { shown: d.withheld ? null : d.shown, network: d.network },
    explain,
  };
}
