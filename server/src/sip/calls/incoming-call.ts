/**
 * One incoming call while its route plan runs: dispatches steps to executors, answers the caller,
 * bridges legs, and ends the call record and leg facts exactly once.
 */
import type { Endpoint } from 'drachtio-fsmrf';
import type { RouteStep } from '../../routing/index.js';
import type { SrfDialog, SrfRequest, SrfResponse } from '../srf-types.js';
import type { CallDeps } from './deps.js';
import { bridgeLegs, statusOf, type Leg } from './bridge.js';
import type { RecordedCall } from './recorder.js';
import { UserLeg } from './legs.js';
import type { Identified } from './executors.js';
import { handleRefer } from './transfer.js';

/** State of one incoming call. */
export class IncomingCall {
  cancelled = false;
  answered = false;
  private ended = false;
  private abortRing: (() => void) | undefined;
  private readonly legs: UserLeg[] = [];
  private readonly callerLeg: UserLeg | undefined;
  /** The caller answered by the media server (prompts, IVR, queue, voicemail), before any bridge. */
  private media: { endpoint: Endpoint; dialog: SrfDialog } | undefined;
  private bridgedNow = false;

  constructor(
    readonly deps: CallDeps,
    readonly req: SrfRequest,
    readonly res: SrfResponse,
    readonly caller: Identified,
    readonly rec: RecordedCall,
  ) {
    req.on('cancel', () => {
      this.cancelled = true;
      this.abortRing?.();
    });
    if (caller.party.kind === 'user') this.callerLeg = this.leg(caller.party.user.extension, 'outbound', false);
  }

  /** The Call-ID of the caller's leg. */
  get callId(): string {
    return this.req.get('Call-ID') ?? '';
  }

  /** Registers the abort function of a ringing round (caller CANCEL ends it). */
  onAbort(cancel: (() => void) | undefined): void {
    this.abortRing = cancel;
  }

  /** A user's leg in this call (presence facts). */
  leg(extension: string, direction: 'inbound' | 'outbound', external: boolean): UserLeg {
    const l = new UserLeg(this.deps.bus, this.callId, `${this.rec.id}:${this.legs.length}`, extension, direction, external);
    this.legs.push(l);
    return l;
  }

  /** Runs steps in order until one ends the call. */
  async run(steps: readonly RouteStep[]): Promise<void> {
    for (const step of steps) {
      if (this.cancelled) return this.endCancelled();
      if (await this.step(step)) return;
    }
    // A plan that ran out of steps without an answer: nobody could take the call.
    this.reject(480, 'Temporarily Unavailable', 'no-route');
  }

  private async step(step: RouteStep): Promise<boolean> {
    const ex = this.deps.executors[step.kind] as ((c: IncomingCall, s: RouteStep) => Promise<boolean>) | undefined;
    if (ex) return ex(this, step);
    this.deps.log.warn({ step: step.kind }, 'route step not available in this build');
    this.reject(480, 'Temporarily Unavailable', `unsupported-${step.kind}`);
    return true;
  }

  /** Sends 180 Ringing to the caller once (not once the media server answered: the caller hears it). */
  ringing(): void {
    if (!this.media && !this.cancelled && !this.res.headersSent) this.res.send(180);
  }

  /** The caller's session description to offer to a callee. */
  get offerSdp(): string | undefined {
    return this.media ? this.media.dialog.remote.sdp : (this.req.body || undefined);
  }

  /** True once the media server answered the caller. */
  get mediaAnswered(): boolean {
    return this.media !== undefined;
  }

  /**
   * Answers the caller with a media endpoint (ARCHITECTURE §2: prompts, IVR, queue music,
   * voicemail). Later a bridge re-INVITEs the caller to the callee and releases the endpoint.
   * Undefined when no media server is connected (or the caller left).
   */
  async answerWithMedia(): Promise<Endpoint | undefined> {
    if (this.media) return this.media.endpoint;
    const ms = this.deps.media?.get();
    if (!ms || this.cancelled) return undefined;
    try {
      const { endpoint, dialog } = await ms.connectCaller(this.req, this.res);
      this.media = { endpoint, dialog };
      this.abortRing = this.abortRing ?? undefined;
      for (const l of this.legs) l.set('confirmed');
      dialog.on('destroy', () => {
        if (this.bridgedNow) return;
        // The caller hung up while with the media server (menu, queue, mailbox).
        this.cancelled = true;
        this.abortRing?.();
        endpoint.destroy().catch(() => undefined);
        this.end('caller-hangup', null);
      });
      return endpoint;
    } catch (err) {
      this.deps.log.warn({ err }, 'media server could not answer the caller');
      return undefined;
    }
  }

  /** Answers the caller with `sdp` and bridges to `b`. */
  async connect(b: Leg, sdp: string, answeredBy: string, calleeLeg?: UserLeg): Promise<void> {
    if (this.media) {
      // The caller talks to the media server: move it to the callee with a re-INVITE, then let
      // the endpoint go (ARCHITECTURE §2, media adapter).
      const { endpoint, dialog } = this.media;
      this.bridgedNow = true;
      // A BYE from the caller while the re-INVITE is under way: the caller is gone whatever the
      // re-INVITE's answer (481 from a caller who hung up first, or a 200 sent just before the BYE
      // or by a B2BUA in front of it). Then nobody is bridged and the callee is hung up; bridging
      // the dead dialog would leave a hotline agent busy with nobody (issue 7, hotline-races e2e).
      let hungUp = false;
      const onHangUp = () => { hungUp = true; };
      dialog.once('destroy', onHangUp);
      const callerGone = () => {
        this.cancelled = true;
        this.media = undefined;
        endpoint.destroy().catch(() => undefined);
        b.dialog.destroy().catch(() => undefined);
        calleeLeg?.set('terminated');
        this.end('caller-hangup', null);
      };
      try {
        await dialog.modify(sdp);
      } catch (err) {
        dialog.removeListener('destroy', onHangUp);
        if (hungUp) return callerGone();
        this.bridgedNow = false;
        b.dialog.destroy().catch(() => undefined);
        calleeLeg?.set('terminated');
        if (this.cancelled) return;
        throw err;
      }
      dialog.removeListener('destroy', onHangUp);
      if (hungUp) return callerGone();
      endpoint.destroy().catch(() => undefined);
      this.media = undefined;
      this.bridged({ dialog, party: this.caller.party }, b, answeredBy);
      return;
    }
    let uas: SrfDialog;
    try {
      uas = await this.deps.srf.createUAS(this.req, this.res, { localSdp: sdp });
    } catch (err) {
      // The caller gave up while the callee answered: hang up the callee.
      b.dialog.destroy().catch(() => undefined);
      calleeLeg?.set('terminated');
      if (this.cancelled || statusOf(err) === 487) return this.endCancelled();
      throw err;
    }
    this.bridged({ dialog: uas, party: this.caller.party }, b, answeredBy);
  }

  /** Bridges two answered legs and tracks the call to its end. */
  bridged(a: Leg, b: Leg, answeredBy: string): void {
    this.answered = true;
    this.bridgedNow = true;
    this.rec.answered(answeredBy);
    for (const l of this.legs) l.set('confirmed');
    bridgeLegs(this.deps, a, b, {
      onEnd: (cause) => this.end(cause, null),
      onRefer: (referrer, other, bridge, req, res) => handleRefer(this.deps, { referrer, other, bridge, req, res, end: (cause) => this.end(cause, null) }),
    });
  }

  /** Refuses the call; once the media server answered, hangs up instead. */
  reject(status: number, phrase: string, cause: string): void {
    if (this.media) {
      this.hangupMedia();
      this.end(cause, status);
      return;
    }
    if (!this.res.finalResponseSent) this.res.send(status, phrase);
    this.end(cause, status);
  }

  /** Ends a call the media server answered: endpoint released, BYE to the caller. */
  hangupMedia(): void {
    const m = this.media;
    if (!m) return;
    this.media = undefined;
    this.bridgedNow = true;
    m.endpoint.destroy().catch(() => undefined);
    m.dialog.destroy().catch(() => undefined);
  }

  /** The caller CANCELled (the engine already answered 487). */
  endCancelled(): void {
    this.end('caller-cancelled', 487);
  }

  /** Ends the record and every leg, once. */
  end(cause: string, status: number | null): void {
    if (this.ended) return;
    this.ended = true;
    for (const l of this.legs) l.set('terminated');
    this.rec.ended(cause, status);
  }

  /** True for the caller's own leg (used by executors that only need the callee side). */
  get hasCallerLeg(): boolean {
    return this.callerLeg !== undefined;
  }
}
