/**
 * Server transactions (RFC 3261 §17.2): INVITE (IST, §17.2.1, with RFC 6026's Accepted state
 * and the 2xx retransmission of §13.3.1.4 kept here so one object owns every INVITE timer) and
 * non-INVITE (NIST, §17.2.2).
 */
import type { Scheduler, Cancel } from '../../../common/scheduler.js';
import { serializeMessage, type SipMessage } from '../message/index.js';
import type { Target } from '../transport/types.js';
import type { SendFn } from './client.js';
import { timer64, timerIK, timerJ, type TimerConfig } from './timers.js';

/** What a server transaction reports to its user. */
export interface ServerTransactionUser {
  /** A 2xx to an INVITE was never acknowledged (Timer H / L fired in Accepted). */
  ackTimeout(txn: InviteServerTransaction): void;
}

/** Common parts of both server transaction kinds. */
export abstract class ServerTransaction {
  state: 'trying' | 'proceeding' | 'accepted' | 'completed' | 'confirmed' | 'terminated' = 'trying';
  /** Status of the last response sent (0: none yet). */
  lastStatus = 0;
  protected lastText: string | undefined;
  protected cancels: Cancel[] = [];
  onTerminated: ((txn: ServerTransaction) => void) | undefined;
  private held: SipMessage | undefined;

  constructor(
    readonly key: string,
    request: SipMessage,
    readonly target: Target,
    protected readonly send: SendFn,
    protected readonly sched: Scheduler,
    protected readonly timers: TimerConfig,
  ) {
    this.held = request;
  }

  /**
   * The request. A non-INVITE transaction lets go of it once its final response is out: it
   * then only absorbs retransmissions for Timer J (32 s on UDP) with the response text, and at
   * high call rates holding every parsed BYE that long was most of the engine's heap.
   */
  get request(): SipMessage {
    if (!this.held) throw new Error(`server transaction ${this.key}: request released after the final response`);
    return this.held;
  }

  protected release(): void {
    this.held = undefined;
  }

  get reliable(): boolean {
    return this.target.protocol !== 'udp';
  }

  /** True once a final response went out. */
  get finalSent(): boolean {
    return this.lastStatus >= 200;
  }

  /** Sends a response from the TU; returns the serialised text that went out. */
  abstract respond(res: SipMessage): string;

  /** A retransmission of the request arrived. */
  abstract retransmission(): void;

  protected transmit(res: SipMessage): string {
    this.lastStatus = res.status;
    this.lastText = serializeMessage(res);
    this.send(this.target, this.lastText);
    return this.lastText;
  }

  protected after(ms: number, fn: () => void): void {
    this.cancels.push(this.sched.after(ms, fn));
  }

  /** Runs `fn` at an absolute clock time (at once when that time has passed). */
  protected at(time: number, fn: () => void): void {
    this.after(Math.max(0, time - this.sched.now()), fn);
  }

  protected clearTimers(): void {
    for (const c of this.cancels) c();
    this.cancels = [];
  }

  /** Ends the transaction and releases its timers. */
  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.clearTimers();
    this.onTerminated?.(this);
  }
}

/** RFC 3261 §17.2.1 INVITE server transaction. */
export class InviteServerTransaction extends ServerTransaction {
  override state: ServerTransaction['state'] = 'proceeding';
  private acked = false;
  /** False when a proxy forwards the 2xx: retransmissions then come from downstream (RFC 3261 §16.7). */
  uasMode = true;

  constructor(
    key: string, request: SipMessage, target: Target, send: SendFn, sched: Scheduler, timers: TimerConfig,
    private readonly user: ServerTransactionUser,
  ) {
    super(key, request, target, send, sched, timers);
  }

  override respond(res: SipMessage): string {
    // A proxy forwards further 2xx responses (forks, retransmissions) statelessly.
    if (this.state === 'accepted' && !this.uasMode && res.status >= 200 && res.status < 300) return this.forward(res);
    if (this.state !== 'proceeding') throw new Error(`IST: response ${res.status} in state ${this.state}`);
    const text = this.transmit(res);
    const status = res.status;
    if (status < 200) return text;
    if (status < 300) {
      // RFC 6026 §7.1: Accepted. The 2xx is retransmitted "with an interval that starts at T1
      // seconds and doubles for each retransmission until it reaches T2" (§13.3.1.4) until
      // the ACK arrives; after 64*T1 without ACK the dialog is torn down by the TU.
      this.state = 'accepted';
      if (!this.reliable && this.uasMode) this.retransmit2xx(this.timers.T1);
      this.after(timer64(this.timers), () => {
        if (!this.acked && this.uasMode) this.user.ackTimeout(this);
        this.terminate();
      });
      return text;
    }
    // "the state machine MUST enter the Completed state"; Timer G retransmits, Timer H waits.
    this.state = 'completed';
    if (!this.reliable) this.retransmitFinal(this.timers.T1);
    this.after(timer64(this.timers), () => this.terminate());
    return text;
  }

  private forward(res: SipMessage): string {
    const text = serializeMessage(res);
    this.send(this.target, text);
    return text;
  }

  // Retransmissions are scheduled at absolute times from the first send, so a busy event loop
  // delays single packets but never drops one from the series (the count up to Timer H holds).
  private retransmit2xx(interval: number, at = this.sched.now() + interval): void {
    this.at(at, () => {
      if (this.state !== 'accepted' || this.acked || !this.lastText) return;
      this.send(this.target, this.lastText);
      const next = Math.min(interval * 2, this.timers.T2);
      this.retransmit2xx(next, at + next);
    });
  }

  private retransmitFinal(interval: number, at = this.sched.now() + interval): void {
    this.at(at, () => {
      if (this.state !== 'completed' || !this.lastText) return;
      this.send(this.target, this.lastText);
      const next = Math.min(interval * 2, this.timers.T2);
      this.retransmitFinal(next, at + next);
    });
  }

  override retransmission(): void {
    // "If a request retransmission is received while in the Proceeding state, the most
    // recent provisional response ... MUST be passed to the transport layer"; likewise the
    // final response in Completed. In Accepted the request is absorbed (RFC 6026 §7.1).
    if ((this.state === 'proceeding' || this.state === 'completed') && this.lastText) this.send(this.target, this.lastText);
  }

  /** The ACK for a non-2xx final response matched this transaction (§17.2.1: Confirmed). */
  ackForFinal(): void {
    if (this.state !== 'completed') return;
    this.state = 'confirmed';
    this.clearTimers();
    const i = timerIK(this.timers, this.reliable);
    if (i === 0) this.terminate();
    else this.after(i, () => this.terminate());
  }

  /**
   * The dialog layer matched the ACK for our 2xx: stop retransmitting. RFC 6026 keeps the
   * transaction for Timer L (64*T1) to absorb INVITE retransmissions; once the ACK is in, the UAC
   * has seen our 2xx and stops retransmitting within T4, so we end it after T4 instead. This cuts
   * the memory held per call at high call rates by a factor of six (a knowing difference).
   */
  ackFor2xx(): boolean {
    if (this.acked) return false;
    this.acked = true;
    if (this.state === 'accepted') {
      this.clearTimers();
      this.after(this.reliable ? 0 : this.timers.T4, () => this.terminate());
    }
    return true;
  }

  get ackReceived(): boolean {
    return this.acked;
  }
}

/** RFC 3261 §17.2.2 non-INVITE server transaction. */
export class NonInviteServerTransaction extends ServerTransaction {
  override respond(res: SipMessage): string {
    if (this.state === 'completed' || this.state === 'terminated') throw new Error(`NIST: response ${res.status} in state ${this.state}`);
    const text = this.transmit(res);
    if (res.status < 200) {
      this.state = 'proceeding';
      return text;
    }
    // "the server transaction MUST enter the Completed state, and it MUST set Timer J to fire
    // in 64*T1 seconds for unreliable transports, and zero seconds for reliable transports."
    this.state = 'completed';
    this.release();
    const j = timerJ(this.timers, this.reliable);
    if (j === 0) this.terminate();
    else this.after(j, () => this.terminate());
    return text;
  }

  override retransmission(): void {
    if ((this.state === 'proceeding' || this.state === 'completed') && this.lastText) this.send(this.target, this.lastText);
  }
}
