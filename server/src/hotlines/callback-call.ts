/**
 * Callback instead of waiting (issue 7 item 7): at the caller's turn the ACD offered the callback
 * to an agent, who answered; now the PBX calls the citizen back at the calling number, through the
 * trunk presenting the hotline (caller-ID leg `hotline-callback`), or a colleague's devices. The
 * agent hears a short notice and music meanwhile; on answer the agent is re-INVITEd to the
 * citizen's media and the two legs are bridged.
 */
import type { SiteConfig } from '../config/dialplan/index.js';
import { callerIdFor } from '../callerid/index.js';
import { bridgeLegs } from '../sip/calls/bridge.js';
import { ringTargets, type RingOutcome, type RingTarget } from '../sip/calls/ring.js';
import { targetsForBindings, type Party } from '../sip/calls/targets.js';
import type { SrfDialog } from '../sip/srf-types.js';
import { trunkInvite } from '../trunks/addressing.js';
import { groupIdentityOf, policyOf, trunkContext } from '../trunks/identity.js';
import type { CallbackTarget, Entry, Ring } from './entry.js';
import type { HotlineCallsDeps } from './hotline-calls.js';
import { musicFile, promptFiles, QueueMedia } from './queue-media.js';

/** How long the citizen's phone rings before the callback counts as not answered. */
export const CALLBACK_RING_SEC = 45;

/** Where the callback rings: the trunk toward an external number, or a colleague's devices. */
export function callbackTargets(site: SiteConfig, hotline: string, target: CallbackTarget, agent: string | null, bindingsOf: (ext: string) => Parameters<typeof targetsForBindings>[1]): RingTarget[] {
  const h = site.index.hotlines.get(hotline);
  if (target.kind === 'internal') {
    const user = site.index.users.get(target.extension);
    if (!user) return [];
    const shown: Party = { kind: 'external', number: hotline, name: h?.name ?? `Hotline ${hotline}` };
    return targetsForBindings(site, bindingsOf(user.extension), user, shown);
  }
  const trunk = site.outbound ? site.index.trunks.get(site.outbound.trunk) : undefined;
  if (!trunk) return [];
  const user = agent === null ? null : site.index.users.get(agent) ?? null;
  // The hotline calls back, not the agent: its DDI is shown, whatever the agent's own CLIR says.
  const ids = callerIdFor({ kind: 'hotline-callback', clirRequested: false }, trunkContext(site, trunk, { user, hotline: groupIdentityOf(site, hotline) }), policyOf(site));
  const r = trunkInvite(site, trunk, target.number, ids);
  return [{ uri: r.uri, label: `callback/${hotline}`, headers: { ...r.headers }, auth: r.auth }];
}

/** Calls the citizen back for the agent who answered the callback offer; ends the agent's hotline call in the ACD when done. */
export async function placeCallback(d: HotlineCallsDeps, entry: Entry, ring: Ring, answer: Extract<RingOutcome, { kind: 'answered' | 'answered-3pcc' }>): Promise<void> {
  const { calls, acd, log } = d;
  const ext = ring.extension;
  const target = entry.callback;
  let ended = false;
  const freeAgent = () => {
    if (ended) return;
    ended = true;
    acd.input({ type: 'call.ended', ...entry.ref, extension: ext });
  };
  const result = (r: string) => acd.log([{ at: calls.now(), hotline: entry.ref.hotline, event: 'callback', callId: entry.ref.callId, caller: entry.ref.callerNumber, agent: ext, detail: { result: r } }]);
  const ep = ring.endpoint;
  ring.endpoint = undefined;
  if (answer.kind === 'answered-3pcc' || !target) {
    // Without a media server the agent's leg cannot be held while the citizen rings.
    if (answer.kind === 'answered-3pcc') answer.pending.destroy().catch(() => undefined);
    else answer.dialog.destroy().catch(() => undefined);
    ep?.destroy().catch(() => undefined);
    freeAgent();
    result('failed');
    return;
  }
  const agentDialog: SrfDialog = answer.dialog;
  const site = calls.site();
  const number = target.kind === 'external' ? target.number : target.extension;
  const rec = calls.recorder.start({ callId: `${entry.ref.callId};callback`, caller: entry.ref.hotline, dialled: number, callee: number, direction: target.kind === 'external' ? 'outbound' : 'internal' });
  let media: QueueMedia | undefined;
  let abortRing: (() => void) | undefined;
  let agentGone = false;
  let citizen: SrfDialog | undefined;
  agentDialog.once('destroy', () => {
    agentGone = true;
    abortRing?.();
  });
  try {
    if (ep) {
      await ep.modify(agentDialog.remote.sdp);
      media = new QueueMedia(ep, musicFile(site.index.hotlines.get(entry.ref.hotline)?.music, entry.lang), log);
      media.start([promptFiles(['hotline/callback-agent'], entry.lang, log)]);
    }
    const targets = callbackTargets(site, entry.ref.hotline, target, ext, (e) => calls.location.ofExtension(e, calls.now()));
    log.info({ callId: entry.ref.callId, extension: ext, external: target.kind === 'external' }, 'calling the citizen back');
    const outcome = agentGone ? ({ kind: 'cancelled' } as const) : await ringTargets({
      srf: calls.srf, log, targets, offerSdp: agentDialog.remote.sdp, ringSec: CALLBACK_RING_SEC,
      abort: (cancel) => { abortRing = cancel; },
    });
    if (outcome.kind === 'answered') {
      citizen = outcome.dialog;
      await media?.stop();
      await agentDialog.modify(outcome.dialog.remote.sdp);
      ep?.destroy().catch(() => undefined);
      rec.answered(ext);
      const user = site.index.users.get(ext);
      bridgeLegs(calls, { dialog: agentDialog, party: user ? { kind: 'user', user } : { kind: 'external', number: ext } }, { dialog: outcome.dialog, party: { kind: 'external', number } }, {
        onEnd: (cause) => {
          rec.ended(cause, null);
          freeAgent();
        },
        // A transfer of a callback is not offered: the agent calls anew if needed.
        onRefer: (_a, _b, _bridge, _req, res) => res.send(501, 'Not Implemented'),
      });
      result('answered');
      return;
    }
    if (outcome.kind === 'answered-3pcc') outcome.pending.destroy().catch(() => undefined);
    if (!agentGone && ep && media) {
      await media.stop(true);
      await ep.play(promptFiles(['hotline/callback-failed', 'common/goodbye'], entry.lang, log)).catch(() => undefined);
    }
    agentDialog.destroy().catch(() => undefined);
    ep?.destroy().catch(() => undefined);
    rec.ended(`callback-${outcome.kind}`, outcome.kind === 'unavailable' ? outcome.status : null);
    freeAgent();
    result(agentGone ? 'agent-hung-up' : outcome.kind);
  } catch (err) {
    log.warn({ err, callId: entry.ref.callId }, 'callback failed');
    citizen?.destroy().catch(() => undefined);
    agentDialog.destroy().catch(() => undefined);
    ep?.destroy().catch(() => undefined);
    rec.ended('callback-failed', null);
    freeAgent();
    result('failed');
  }
}
