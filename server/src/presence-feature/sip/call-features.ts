/**
 * Presence features in calls: do-not-disturb by feature code (*26 on, #26 off), directed pickup
 * by feature code (*8<extension>) and pickup from a BLF key (INVITE with Replaces naming the
 * watcher's pickup token, reference §1.5). Both pickup paths ask `mayPickup` at pickup time,
 * early dialogs only (reference §5.3 test 5).
 */
import type { FeatureContext } from '../../feature.js';
import { mayPickup } from '../../presence/index.js';
import type { CallerIdentifier } from '../../sip/calls/executors.js';
import type { FeatureHandler } from '../../sip/calls/feature-executor.js';
import { pickUpRinging } from '../../sip/calls/pickup-executor.js';
import { rulesOf } from '../hub.js';
import type { PresenceState } from '../state.js';
import type { PickupTokens } from './pickup-tokens.js';

/** `*26` / `#26`: DND for the calling user; routing sends callers to the mailbox or 480 meanwhile. */
export function dndFeature(state: PresenceState): FeatureHandler {
  return async (call, step) => {
    const user = step.by ?? (call.caller.party.kind === 'user' ? call.caller.party.user.extension : null);
    if (step.feature !== 'dnd' || user === null) return { kind: 'refused', status: 403, prompt: 'feature-refused', text: 'Forbidden' };
    await state.setDnd(user, step.on);
    return step.on
      ? { kind: 'done', prompt: 'dnd-on', text: 'Do Not Disturb On' }
      : { kind: 'done', prompt: 'dnd-off', text: 'Do Not Disturb Off' };
  };
}

/** `*8<extension>`: pick up the call ringing at a colleague. */
export function pickupFeature(ctx: FeatureContext): FeatureHandler {
  return async (call, step) => {
    const party = call.caller.party;
    if (step.feature !== 'pickup' || party.kind !== 'user') return { kind: 'refused', status: 403, prompt: 'feature-refused', text: 'Forbidden' };
    // Routing checks the pickup team too; the presence rules are the authority (operators may,
    // leads who are not members may not: docs/presence-privacy.md).
    if (!mayPickup(party.user.extension, step.extension, rulesOf(ctx.site()))) {
      return { kind: 'refused', status: 403, prompt: 'feature-refused', text: 'Forbidden' };
    }
    const r = await pickUpRinging(call.deps, call.req, call.res, party.user, step.extension);
    switch (r.kind) {
      case 'picked-up':
      case 'failed':
        // The *8 call itself ends here; the picker's leg in the picked-up call carries on.
        call.end(r.kind === 'picked-up' ? 'picked-up' : 'pickup-failed', null);
        return { kind: 'handled' };
      case 'no-offer':
        return { kind: 'refused', status: 488, prompt: 'feature-refused', text: 'Not Acceptable Here' };
      case 'nothing-ringing':
        return { kind: 'refused', status: 480, prompt: 'pickup-nothing', text: 'Nothing To Pick Up' };
    }
  };
}

/**
 * INVITE with `Replaces: <token>;…` from a BLF key. Recognised before routing; the device is
 * authenticated here (407). A token not issued to this watcher for a user it may pick up now is
 * refused with 403; no early dialog at the user: 481 (RFC 3891 §3: early-only).
 */
export function replacesIdentifier(ctx: FeatureContext, tokens: PickupTokens): CallerIdentifier {
  return async (req, res) => {
    const replaces = req.get('Replaces');
    const token = replaces?.split(';')[0]?.trim() ?? '';
    if (!tokens.isToken(token)) return undefined;
    const who = ctx.auth.authenticate(req, res, true);
    if (!who.ok) return 'handled';
    const site = ctx.site();
    const picker = who.user.extension;
    const target = tokens.resolve(token, picker, site.index.users.keys(), rulesOf(site));
    if (target === undefined) {
      res.send(403, 'Forbidden');
      return 'handled';
    }
    const r = await pickUpRinging(ctx.calls, req, res, who.user, target);
    if (r.kind === 'nothing-ringing') res.send(481, 'Call/Transaction Does Not Exist');
    else if (r.kind === 'no-offer') res.send(488, 'Not Acceptable Here');
    return 'handled';
  };
}
