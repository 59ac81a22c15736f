/**
 * Where an offered hotline call rings (issue 7 items 2 and 5): every registered device of the
 * agent, showing the hotline's name before the caller (the agent must know it is a hotline call),
 * and for phone-only agents (`ringMobile: instead|also`) the private mobile through the outbound
 * trunk, presenting what the caller-ID policy decides for a group offer (`group-to-mobile`: the
 * hotline's number by default, the caller's with `presentToMobile: caller` and CLIP no screening).
 * No I/O: the bindings come in.
 */
import type { SiteConfig, User } from '../config/dialplan/index.js';
import { callerIdFor, type OriginalCaller } from '../callerid/index.js';
import type { Binding } from '../sip/registrar/location.js';
import type { RingTarget } from '../sip/calls/ring.js';
import { targetsForBindings, type Party } from '../sip/calls/targets.js';
import { trunkInvite } from '../trunks/addressing.js';
import { groupIdentityOf, policyOf, trunkContext } from '../trunks/identity.js';

/** How the agent takes hotline calls, from the hotline's membership. */
export function ringMobileOf(site: SiteConfig, hotline: string, extension: string): 'no' | 'instead' | 'also' {
  return site.index.hotlines.get(hotline)?.agents.find((a) => a.extension === extension)?.ringMobile ?? 'no';
}

/** The INVITE toward an agent's private mobile for an offer of `hotline`, or undefined without mobile or trunk. */
export function mobileOfferTarget(site: SiteConfig, hotline: string, user: User, original: OriginalCaller | null): RingTarget | undefined {
  const trunk = site.outbound ? site.index.trunks.get(site.outbound.trunk) : undefined;
  if (!trunk || user.mobile === undefined) return undefined;
  const ids = callerIdFor(
    { kind: 'group-to-mobile', group: 'hotline' },
    trunkContext(site, trunk, { user, hotline: groupIdentityOf(site, hotline), originalCaller: original }),
    policyOf(site),
  );
  const r = trunkInvite(site, trunk, user.mobile, ids);
  // The label names the owner, never the number: labels reach the logs (issue 8 item 7).
  return { uri: r.uri, label: `${user.extension}/mobile`, headers: { ...r.headers }, auth: r.auth };
}

/** The display prefix an agent sees: the hotline's name (`Bürgerbüro +49301234567`). */
export function offerPrefix(site: SiteConfig, hotline: string, callback = false): string {
  const name = site.index.hotlines.get(hotline)?.name ?? `Hotline ${hotline}`;
  return callback ? `Rückruf ${name}` : name;
}

/** Every target an offer of `hotline` rings for agent `extension`. */
export function agentTargets(
  site: SiteConfig, hotline: string, extension: string, caller: Party, original: OriginalCaller | null, bindings: readonly Binding[], callback = false,
): RingTarget[] {
  const user = site.index.users.get(extension);
  if (!user) return [];
  const mode = ringMobileOf(site, hotline, extension);
  const devices = mode === 'instead' ? [] : targetsForBindings(site, bindings, user, caller, offerPrefix(site, hotline, callback));
  const mobile = mode === 'no' ? undefined : mobileOfferTarget(site, hotline, user, original);
  return mobile ? [...devices, mobile] : devices;
}
