/**
 * What routing knows about a call when it arrives: who calls (an authenticated user, a trunk, or
 * the system itself for dry runs and follow-up routing) and what was dialled.
 */

/** Where a call comes from. */
export type CallOrigin =
  /** A user's device, authenticated by the registrar/INVITE challenge. */
  | { readonly kind: 'internal'; readonly extension: string }
  /** A carrier trunk; `number` is the caller as received (any format), null when withheld or absent. */
  | { readonly kind: 'trunk'; readonly trunk: string; readonly number: string | null }
  /** No caller: dry runs (`zentrale route explain` without --from) and internally started calls. */
  | { readonly kind: 'system' };

/** A call to be routed. */
export interface CallContext {
  readonly from: CallOrigin;
  /**
   * What was dialled: the request-URI user part for internal calls (digits, `*`, `#`, `+`), the
   * called DDI as the carrier sent it for trunk calls.
   */
  readonly to: string;
}
