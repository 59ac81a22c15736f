/**
 * Directed pickup (issue 9 item 4): a colleague's INVITE takes over the call ringing at a user.
 * The ringing registry cancels the user's forks and answers the caller with the picker's offer;
 * the picker's INVITE is answered with the caller's offer, and both legs are bridged in the
 * caller's call. Who may pick up (`mayPickup`) is the caller's decision (the presence feature);
 * this module only performs the takeover. The picker gets a leg of its own for presence.
 */
import type { User } from '../../config/dialplan/index.js';
import type { SrfDialog, SrfRequest, SrfResponse } from '../srf-types.js';
import type { CallDeps } from './deps.js';
import { UserLeg } from './legs.js';

/** How a pickup attempt ended. */
export type PickupOutcome =
  /** The picker is connected to the caller. */
  | { readonly kind: 'picked-up' }
  /** Nothing rings at the target (answered, ended, or never rang): nothing was sent. */
  | { readonly kind: 'nothing-ringing' }
  /** The picker's INVITE carries no offer (delayed offer is not supported here): nothing was sent. */
  | { readonly kind: 'no-offer' }
  /** The caller was answered but the picker's leg failed; the caller was hung up. */
  | { readonly kind: 'failed' };

/**
 * Picks up the longest-ringing call of `target` for `picker`, answering `req` on success. On
 * any outcome but `picked-up` and `failed` the request is still unanswered.
 */
export async function pickUpRinging(deps: CallDeps, req: SrfRequest, res: SrfResponse, picker: User, target: string): Promise<PickupOutcome> {
  const ringing = deps.ringing.oldestFor(target);
  if (!ringing) return { kind: 'nothing-ringing' };
  if (!req.body) return { kind: 'no-offer' };
  const taken = await ringing.takeOver(req.body, picker.extension);
  if (!taken) return { kind: 'nothing-ringing' };
  let pickerDialog: SrfDialog;
  try {
    pickerDialog = await deps.srf.createUAS(req, res, { localSdp: taken.callerSdp });
  } catch (err) {
    // The picker gave up in the moment the caller was answered: the call cannot be saved.
    deps.log.warn({ err, target }, 'pickup failed after the caller was answered');
    taken.dialog.destroy().catch(() => undefined);
    return { kind: 'failed' };
  }
  const leg = new UserLeg(deps.bus, ringing.callId, `${ringing.callId}:pickup:${picker.extension}`, picker.extension, 'inbound', ringing.caller.kind === 'external');
  taken.bridged({ dialog: pickerDialog, party: { kind: 'user', user: picker } });
  leg.set('confirmed');
  const end = () => leg.set('terminated');
  pickerDialog.once('destroy', end);
  taken.dialog.once('destroy', end);
  deps.log.info({ target, picker: picker.extension }, 'call picked up');
  return { kind: 'picked-up' };
}
