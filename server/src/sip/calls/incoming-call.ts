/**
 * One incoming call while its route plan runs: dispatches steps to executors, answers the caller,
 * bridges legs, and ends the call record and leg facts exactly once.
 */
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

  /** Sends 180 Ringing to the caller once. */
  ringing(): void {
    if (!this.cancelled && !this.res.headersSent) this.res.send(180);
  }

  /** Answers the caller with `sdp` and bridges to `b`. */
  async connect(b: Leg, sdp: string, answeredBy: string, calleeLeg?: UserLeg): Promise<void> {
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
    this.rec.answered(answeredBy);
    for (const l of this.legs) l.set('confirmed');
    bridgeLegs(this.deps, a, b, {
      onEnd: (cause) => this.end(cause, null),
      onRefer: (referrer, other, bridge, req, res) => handleRefer(this.deps, { referrer, other, bridge, req, res, end: (cause) => this.end(cause, null) }),
    });
  }

  /** Refuses the call (nothing answered yet). */
  reject(status: number, phrase: string, cause: string): void {
    if (!this.res.finalResponseSent) this.res.send(status, phrase);
    this.end(cause, status);
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
