/**
 * Hotline calls end to end (issue 7 items 1-3 and 7): the `hotline` route-step executor and the
 * adapter that carries out the ACD's call commands. A caller is answered by the media server and
 * waits with music and announcements; `offer` rings every device of the agent(s), an answer goes
 * back to the ACD, `connect` moves the caller to the agent by re-INVITE (releasing the endpoint),
 * `cancel-offer` CANCELs, `overflow`/`close` continue with the configured target. The ACD decides
 * everything; this module only executes and reports what the legs did (CONVENTIONS §2.2).
 */
import type { Logger } from 'pino';
import type { AcdCommand, AnnouncePositionCommand, CancelOfferCommand, ConnectCommand, OfferCommand, OfferRejectReason, OverflowCommand, CloseCommand, Target } from '../acd/index.js';
import { decideTarget, explainForLog, targetForLog, type DiversionReason, type RouteStep } from '../routing/index.js';
import type { CallDeps } from '../sip/calls/deps.js';
import type { IncomingCall } from '../sip/calls/incoming-call.js';
import { ringTargets, type RingOutcome } from '../sip/calls/ring.js';
import { originalCallerOfCall } from '../trunks/caller.js';
import type { HotlineNumber } from '../domain/ids.js';
import type { Target as SiteTarget } from '../config/dialplan/index.js';
import type { AcdService } from './acd-service.js';
import { positionAnnouncement, type PromptLanguage } from './announcements.js';
import { agentTargets } from './agent-targets.js';
import { placeCallback } from './callback-call.js';
import { ringKey, type CallbackTarget, type Entry, type Fate, type Ring } from './entry.js';
import { musicFile, promptFiles, QueueMedia } from './queue-media.js';
import type { WaitingCallStore } from './waiting-store.js';

/** The digit that asks for a callback on hotlines with `callback: true`, announced in hotline/callback-offer. */
export const CALLBACK_DIGIT = '9';

/** Dependencies of the hotline call flow. */
export interface HotlineCallsDeps {
  readonly calls: CallDeps;
  readonly acd: AcdService;
  readonly store: WaitingCallStore;
  readonly log: Logger;
}

/** The RFC 5806 reason a hotline diverts with, per ACD reason (Diversion header, caller-ID policy). */
export function diversionReasonOf(reason: OverflowCommand['reason'] | CloseCommand['reason'] | 'digit'): DiversionReason {
  switch (reason) {
    case 'max-wait': return 'no-answer';
    case 'no-agents': return 'out-of-service';
    case 'queue-full': return 'user-busy';
    case 'after-hours': return 'time-of-day';
    case 'unknown-hotline': return 'unknown';
    case 'digit': return 'unknown';
  }
}

/** What the ring outcome tells the ACD, or null when we cancelled the ring ourselves. */
export function rejectReasonOf(outcome: RingOutcome): OfferRejectReason | null {
  switch (outcome.kind) {
    case 'busy': return 'busy';
    case 'declined': return 'declined';
    case 'no-answer': return 'no-answer';
    case 'unavailable': return 'unreachable';
    case 'cancelled': return null;
    case 'answered':
    case 'answered-3pcc': return null;
  }
}

/** The flow of every hotline call of this server. */
export class HotlineCalls {
  private readonly entries = new Map<string, Entry>();
  /** Connected calls by the SIP Call-ID of the caller's leg, to end them in the ACD. */
  private readonly connected = new Map<string, { entry: Entry; extension: string }>();

  constructor(private readonly d: HotlineCallsDeps) {}

  /** Number of calls the flow holds (waiting, ringing, callbacks). */
  get size(): number {
    return this.entries.size;
  }

  /** The `hotline` route-step executor. */
  readonly execute = async (call: IncomingCall, step: Extract<RouteStep, { kind: 'hotline' }>): Promise<boolean> => {
    const { calls, acd, log } = this.d;
    const site = calls.site();
    const h = site.index.hotlines.get(step.number);
    if (!h) {
      call.reject(404, 'Not Found', 'unknown-hotline');
      return true;
    }
    const party = call.caller.party;
    const original = originalCallerOfCall(site, call.caller, call.req);
    const callerNumber = party.kind === 'user' ? party.user.extension : original.withheld || !original.number ? 'anonymous' : original.number;
    let callId = call.callId;
    // A call that overflowed from one hotline into another keeps its Call-ID with a suffix.
    for (let n = 2; this.entries.has(callId); n++) callId = `${call.callId};${n}`;
    const lang = party.kind === 'user' ? (party.user.language ?? site.site.language) : site.site.language;
    let settle!: (f: Fate) => void;
    const fate = new Promise<Fate>((r) => { settle = r; });
    const entry: Entry = {
      ref: { hotline: h.number, callId, callerNumber }, lang, party, original, call, media: undefined, told: null,
      connectedTo: null, callback: null, rings: new Map(), settled: false,
      settle: (f) => {
        if (entry.settled) return;
        entry.settled = true;
        settle(f);
      },
    };
    this.entries.set(callId, entry);
    const ep = await call.answerWithMedia();
    if (call.cancelled) {
      this.entries.delete(callId);
      if (!call.mediaAnswered) call.endCancelled();
      return true;
    }
    if (ep) {
      entry.media = new QueueMedia(ep, musicFile(h.music, lang), log);
      ep.on('dtmf', (e: { dtmf?: string }) => {
        if (e.dtmf) this.digit(entry, e.dtmf);
      });
    } else {
      // Without a media server the caller hears ringing while agents are offered the call.
      call.ringing();
    }
    call.onAbort(() => this.callerLeft(entry));
    this.d.store.added({ call_id: callId, hotline: h.number, caller: callerNumber, entered_at: calls.now(), callback: null });
    acd.input({ type: 'call.arrived', hotline: h.number, callId, callerNumber });
    if (!entry.settled && entry.media) {
      const first = [promptFiles(h.greeting ? [h.greeting] : [], lang, log)];
      if (h.callback && this.callbackTarget(entry) !== null) first.push(promptFiles(['hotline/callback-offer'], lang, log));
      entry.media.start(first);
    }
    const f = await fate;
    await this.finish(call, entry, f);
    return true;
  };

  /** Carries out one ACD command (subscribed to the bus). */
  command(c: AcdCommand): void {
    switch (c.type) {
      case 'offer': return this.offer(c);
      case 'cancel-offer': return this.cancelOffer(c);
      case 'connect': return this.connect(c);
      case 'announce-position': return this.announce(c);
      case 'overflow':
      case 'close': return this.divert(c);
      case 'call.outcome':
        this.d.store.removed(c.callId);
        if (c.outcome !== 'answered') {
          const e = this.entries.get(c.callId);
          if (e && e.call === undefined) {
            // A callback the ACD gave up on (overflow after maxWaitSec, closed): nobody calls back.
            this.entries.delete(c.callId);
            this.d.acd.log([{ at: this.d.calls.now(), hotline: c.hotline, event: 'callback', callId: c.callId, caller: c.callerNumber, detail: { result: c.outcome } }]);
          }
        }
        return;
      default:
        return;
    }
  }

  /** A call ended in the call layer (bus `call.ended`): a connected hotline call ends in the ACD. */
  callEnded(sipCallId: string): void {
    const c = this.connected.get(sipCallId);
    if (c) {
      this.connected.delete(sipCallId);
      this.d.acd.input({ type: 'call.ended', ...c.entry.ref, extension: c.extension });
      return;
    }
    for (const e of this.entries.values()) if (e.call?.callId === sipCallId && e.connectedTo === null && e.callback === null) this.callerLeft(e);
  }

  /** Calls in progress when the server stops end as far as the ACD is concerned. */
  stop(): void {
    for (const e of this.entries.values()) for (const r of e.rings.values()) this.dropRing(e, r);
  }

  private async finish(call: IncomingCall, entry: Entry, f: Fate): Promise<void> {
    const { log } = this.d;
    switch (f.kind) {
      case 'done':
        return;
      case 'prompt': {
        await entry.media?.stop(true);
        const ep = call.mediaAnswered ? await call.answerWithMedia() : undefined;
        if (ep) {
          await ep.play(promptFiles([f.prompt, 'common/goodbye'], entry.lang, log)).catch(() => undefined);
          call.hangupMedia();
          call.end(f.cause, null);
        } else {
          call.reject(f.prompt === 'hotline/closed' ? 480 : 486, f.prompt === 'hotline/closed' ? 'Temporarily Unavailable' : 'Busy Here', f.cause);
        }
        return;
      }
      case 'divert': {
        await entry.media?.stop(true);
        const first = f.steps[0];
        if (first?.kind === 'announcement' && !call.deps.executors.announcement) {
          // No announcement executor in this build: say it here (the caller is on our endpoint).
          return this.finish(call, entry, { kind: 'prompt', prompt: first.prompt, cause: 'announcement' });
        }
        await call.run(f.steps);
        return;
      }
    }
  }

  /** The caller hung up (or CANCELled) while waiting or while an agent rang. */
  private callerLeft(entry: Entry): void {
    if (entry.connectedTo !== null || entry.callback !== null || !this.entries.has(entry.ref.callId)) return;
    void entry.media?.stop();
    this.d.acd.input({ type: 'call.abandoned', ...entry.ref });
    this.entries.delete(entry.ref.callId);
    const call = entry.call;
    if (call && !call.mediaAnswered) call.endCancelled();
    entry.settle({ kind: 'done' });
  }

  private offer(c: OfferCommand): void {
    const entry = this.entries.get(c.callId);
    if (!entry) {
      // The ACD holds a call this flow no longer knows (a bug, or it left in the same instant):
      // end it so no agent rings for nobody (freeswitch#2529).
      setImmediate(() => this.d.acd.input({ type: 'call.abandoned', hotline: c.hotline, callId: c.callId, callerNumber: c.callerNumber }));
      return;
    }
    for (const ext of c.agents) this.ring(entry, c.offerId, ext, c.ringSec);
  }

  private ring(entry: Entry, offerId: number, extension: string, ringSec: number): void {
    const { calls, log } = this.d;
    const site = calls.site();
    const ring: Ring = { key: ringKey(offerId, extension), extension, offerId, cancelled: false, abort: undefined, answered: undefined, leg: undefined, endpoint: undefined };
    entry.rings.set(ring.key, ring);
    const targets = agentTargets(site, entry.ref.hotline, extension, entry.party, entry.original, calls.location.ofExtension(extension, calls.now()), entry.call === undefined);
    if (targets.length === 0) {
      log.info({ callId: entry.ref.callId, extension }, 'agent has no reachable device');
      setImmediate(() => this.ringOver(entry, ring, { kind: 'unavailable', status: 480 }));
      return;
    }
    ring.leg = entry.call?.leg(extension, 'inbound', entry.call.caller.direction !== 'internal');
    const start = async (): Promise<void> => {
      let offerSdp = entry.call?.offerSdp;
      if (entry.call === undefined) {
        // A callback: the agent's leg starts on a media endpoint of its own.
        const ms = calls.media?.get();
        ring.endpoint = ms ? await ms.createEndpoint() : undefined;
        if (ring.cancelled) {
          ring.endpoint?.destroy().catch(() => undefined);
          return;
        }
        offerSdp = ring.endpoint?.local.sdp;
      }
      const outcome = await ringTargets({
        srf: calls.srf, log, targets, offerSdp,
        // The ACD's ring timer decides (cancel-offer ring-timeout); this one only backs it up.
        ringSec: ringSec + 5,
        onProvisional: () => ring.leg?.set('early'),
        abort: (cancel) => {
          ring.abort = cancel;
          if (ring.cancelled) cancel();
        },
      });
      this.ringOver(entry, ring, outcome);
    };
    start().catch((err: unknown) => {
      log.warn({ err, callId: entry.ref.callId, extension }, 'offering a hotline call failed');
      this.ringOver(entry, ring, { kind: 'unavailable', status: 500 });
    });
  }

  private ringOver(entry: Entry, ring: Ring, outcome: RingOutcome): void {
    if (outcome.kind === 'answered' || outcome.kind === 'answered-3pcc') {
      if (ring.cancelled || !this.entries.has(entry.ref.callId)) {
        this.hangUpAnswer(outcome);
        this.dropRing(entry, ring);
        return;
      }
      ring.answered = outcome;
      // The ACD answers with `connect` or, for an offer no longer live, `cancel-offer` late-answer.
      this.d.acd.input({ type: 'offer.answered', ...entry.ref, offerId: ring.offerId, extension: ring.extension });
      if (ring.answered) {
        this.hangUpAnswer(ring.answered);
        this.dropRing(entry, ring);
      }
      return;
    }
    const reason = ring.cancelled ? null : rejectReasonOf(outcome);
    this.dropRing(entry, ring);
    if (reason !== null) this.d.acd.input({ type: 'offer.rejected', ...entry.ref, offerId: ring.offerId, extension: ring.extension, reason });
  }

  private hangUpAnswer(a: NonNullable<Ring['answered']>): void {
    if (a.kind === 'answered') a.dialog.destroy().catch(() => undefined);
    else a.pending.destroy().catch(() => undefined);
  }

  private dropRing(entry: Entry, ring: Ring): void {
    ring.cancelled = true;
    entry.rings.delete(ring.key);
    ring.abort?.();
    ring.leg?.set('terminated');
    ring.endpoint?.destroy().catch(() => undefined);
    ring.endpoint = undefined;
  }

  private cancelOffer(c: CancelOfferCommand): void {
    const entry = this.entries.get(c.callId);
    const ring = entry?.rings.get(ringKey(c.offerId, c.extension));
    if (!entry || !ring) return;
    if (ring.answered) {
      // A late answer (freeswitch#2529, asterisk#176): ACK was sent, so hang that leg up.
      this.hangUpAnswer(ring.answered);
      ring.answered = undefined;
    }
    this.dropRing(entry, ring);
  }

  private connect(c: ConnectCommand): void {
    const entry = this.entries.get(c.callId);
    const ring = entry?.rings.get(ringKey(c.offerId, c.extension));
    const answer = ring?.answered;
    if (!entry || !ring || !answer) {
      // Nothing to connect (the leg vanished in the same instant): the agent goes free at once.
      setImmediate(() => this.d.acd.input({ type: 'call.ended', hotline: c.hotline, callId: c.callId, callerNumber: c.callerNumber, extension: c.extension }));
      return;
    }
    ring.answered = undefined;
    entry.rings.delete(ring.key);
    entry.connectedTo = c.extension;
    const call = entry.call;
    if (!call) {
      this.entries.delete(c.callId);
      placeCallback(this.d, entry, ring, answer).catch((err: unknown) => this.d.log.error({ err, callId: c.callId }, 'callback failed'));
      return;
    }
    this.connectLive(entry, call, ring, answer, c.extension).catch((err: unknown) => this.d.log.error({ err, callId: c.callId }, 'connecting a hotline call failed'));
  }

  private async connectLive(entry: Entry, call: IncomingCall, ring: Ring, answer: NonNullable<Ring['answered']>, extension: string): Promise<void> {
    const { calls, acd, log } = this.d;
    this.entries.delete(entry.ref.callId);
    void entry.media?.stop();
    call.onAbort(undefined);
    const user = calls.site().index.users.get(extension);
    const party = user ? { kind: 'user' as const, user } : { kind: 'external' as const, number: extension };
    this.connected.set(call.callId, { entry, extension });
    const freeAgent = (why: string) => {
      if (!this.connected.delete(call.callId)) return;
      log.info({ callId: entry.ref.callId, extension, why }, 'hotline call ended while connecting');
      acd.input({ type: 'call.ended', ...entry.ref, extension });
    };
    try {
      if (answer.kind === 'answered') {
        await call.connect({ dialog: answer.dialog, party }, answer.dialog.remote.sdp, extension, ring.leg);
      } else {
        const uas = await calls.srf.createUAS(call.req, call.res, { localSdp: answer.pending.sdp });
        const sdp = await new Promise<string>((resolve) => uas.once('ack', (ack: { body?: string }) => resolve(ack.body ?? '')));
        const b = await answer.pending.ack(sdp);
        call.bridged({ dialog: uas, party: call.caller.party }, { dialog: b, party }, extension);
      }
      // A hang-up that crossed the answer: connect gave up without a bridge.
      if (!call.answered) {
        call.hangupMedia();
        call.end('caller-hangup', null);
        freeAgent('caller left during connect');
      }
    } catch (err) {
      log.warn({ err, callId: entry.ref.callId, extension }, 'moving the caller to the agent failed');
      if (answer.kind === 'answered-3pcc') answer.pending.destroy().catch(() => undefined);
      ring.leg?.set('terminated');
      call.hangupMedia();
      call.end('connect-failed', null);
      freeAgent('connect failed');
    }
    entry.settle({ kind: 'done' });
  }

  private announce(c: AnnouncePositionCommand): void {
    const entry = this.entries.get(c.callId);
    if (!entry?.media || entry.connectedTo !== null) return;
    const a = positionAnnouncement(c.position, c.expectedWaitSec, entry.lang as PromptLanguage, entry.told);
    if (!a) return;
    entry.told = a.told;
    this.d.log.debug({ callId: c.callId, position: c.position, minutes: a.told.minutes }, 'position announced');
    entry.media.say(promptFiles(a.parts, entry.lang, this.d.log));
  }

  private divert(c: OverflowCommand | CloseCommand): void {
    const entry = this.entries.get(c.callId);
    if (!entry) return;
    this.entries.delete(c.callId);
    this.d.log.info({ hotline: c.hotline, callId: c.callId, reason: c.reason, target: c.target && targetForLog(c.target as SiteTarget, this.d.calls.site()) }, c.type === 'overflow' ? 'waiting call overflowed' : 'waiting call closed');
    if (!entry.call) return;
    entry.settle(this.fateOf(c.target, c.hotline, c.reason, c.type === 'overflow' ? 'hotline/busy' : 'hotline/closed'));
  }

  private fateOf(target: Target | SiteTarget | null, hotline: string, reason: Parameters<typeof diversionReasonOf>[0], fallback: string): Fate {
    const cause = `hotline-${reason}`;
    if (target === null) return { kind: 'prompt', prompt: fallback, cause };
    const { calls } = this.d;
    const plan = decideTarget(target as SiteTarget, calls.site(), calls.now(), calls.runtime(), { kind: 'hotline', number: hotline as HotlineNumber }, diversionReasonOf(reason));
    calls.log.debug({ explain: explainForLog(plan.explain, calls.site()) }, 'hotline target decided');
    return { kind: 'divert', steps: plan.steps };
  }

  /** A digit from a waiting caller: the hotline's configured targets, or the callback digit. */
  private digit(entry: Entry, d: string): void {
    if (entry.connectedTo !== null || entry.callback !== null || !this.entries.has(entry.ref.callId) || !entry.call) return;
    const h = this.d.calls.site().index.hotlines.get(entry.ref.hotline);
    if (!h) return;
    const target = h.digits[d] as SiteTarget | undefined;
    if (target) {
      this.d.log.info({ callId: entry.ref.callId, digit: d }, 'waiting caller left by digit');
      this.d.acd.leave(entry.ref, d);
      this.entries.delete(entry.ref.callId);
      entry.settle(this.fateOf(target, h.number, 'digit', 'hotline/busy'));
      return;
    }
    if (h.callback && d === CALLBACK_DIGIT) this.requestCallback(entry);
  }

  /** The caller's number to call back, or null when it cannot be (withheld numbers, issue 7 item 7). */
  private callbackTarget(entry: Entry): CallbackTarget | null {
    if (entry.party.kind === 'user') return { kind: 'internal', extension: entry.party.user.extension };
    if (entry.original.withheld || !entry.original.number) return null;
    const n = entry.original.number;
    return { kind: 'external', number: n };
  }

  private requestCallback(entry: Entry): void {
    const target = this.callbackTarget(entry);
    const call = entry.call;
    if (!target || !call) return;
    entry.callback = target;
    this.d.store.callback(entry.ref.callId, target.kind === 'external' ? target.number : target.extension);
    this.d.acd.log([{ at: this.d.calls.now(), hotline: entry.ref.hotline, event: 'callback', callId: entry.ref.callId, caller: entry.ref.callerNumber, detail: { requested: true } }]);
    this.d.log.info({ callId: entry.ref.callId }, 'waiting caller chose a callback');
    // Agents ringing with the caller's media keep ringing: an answer becomes the callback.
    call.onAbort(undefined);
    entry.call = undefined;
    const media = entry.media;
    entry.media = undefined;
    void (async () => {
      await media?.stop(true);
      const ep = await call.answerWithMedia();
      if (ep) await ep.play(promptFiles(['hotline/callback-confirmed'], entry.lang, this.d.log)).catch(() => undefined);
      call.hangupMedia();
      call.end('hotline-callback', null);
      entry.settle({ kind: 'done' });
    })();
  }
}
