/**
 * Client transactions (RFC 3261 §17.1): INVITE (ICT, §17.1.1 with RFC 6026's Accepted state)
 * and non-INVITE (NICT, §17.1.2). They own retransmission and timeouts; the transaction user
 * sees each response once (2xx retransmissions excepted, RFC 6026 §7.2) and one timeout.
 */
import type { Scheduler, Cancel } from '../../../common/scheduler.js';
import { SipMessage, serializeMessage } from '../message/index.js';
import type { Received, Target } from '../transport/types.js';
import { timer64, timerD, timerIK, type TimerConfig } from './timers.js';

/** What a client transaction reports to its user. */
export interface ClientTransactionUser {
  response(res: SipMessage, txn: ClientTransaction, rx: Received | undefined): void;
  /** Timer B/F fired (no final response), or the transport failed. */
  timeout(txn: ClientTransaction, cause: 'timeout' | 'transport'): void;
}

/** Sends serialised text to a target; returns false when the transport refused it. */
export type SendFn = (target: Target, text: string) => boolean;

/** Common state of both client transaction kinds. */
export abstract class ClientTransaction {
  state: 'calling' | 'trying' | 'proceeding' | 'accepted' | 'completed' | 'terminated';
  readonly text: string;
  protected cancels: Cancel[] = [];
  onTerminated: ((txn: ClientTransaction) => void) | undefined;
  /** Highest provisional status seen (used for CANCEL rules, RFC 3261 §9.1). */
  lastProvisional = 0;
  finalStatus = 0;

  constructor(
    readonly key: string,
    readonly request: SipMessage,
    readonly target: Target,
    protected readonly send: SendFn,
    protected readonly sched: Scheduler,
    protected readonly timers: TimerConfig,
    public user: ClientTransactionUser,
  ) {
    this.text = serializeMessage(request);
    this.state = request.method === 'INVITE' ? 'calling' : 'trying';
  }

  get reliable(): boolean {
    return this.target.protocol !== 'udp';
  }

  /** Sends the request and arms the timers. */
  abstract start(): void;

  /** A response matched this transaction. */
  abstract receive(res: SipMessage, rx?: Received): void;

  /** The transport reported the connection gone before a final response. */
  transportError(): void {
    if (this.state === 'calling' || this.state === 'trying' || this.state === 'proceeding') {
      this.user.timeout(this, 'transport');
      this.terminate();
    }
  }

  protected after(ms: number, fn: () => void): void {
    this.cancels.push(this.sched.after(ms, fn));
  }

  /** Runs `fn` at an absolute clock time (at once when that time has passed); retransmission
   * series are anchored to the first send so event-loop delays do not shift later packets. */
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

/** RFC 3261 §17.1.1 INVITE client transaction, with RFC 6026 Accepted state. */
export class InviteClientTransaction extends ClientTransaction {
  private ackText: string | undefined;

  override start(): void {
    if (!this.send(this.target, this.text)) {
      this.sched.after(0, () => this.transportError());
      return;
    }
    // "If an unreliable transport is being used, the client transaction MUST start timer A
    // with a value of T1." Each firing doubles the interval.
    if (!this.reliable) this.retransmit(this.timers.T1);
    // "For any transport, the client transaction MUST start timer B with a value of 64*T1."
    this.after(timer64(this.timers), () => {
      if (this.state === 'calling') {
        this.user.timeout(this, 'timeout');
        this.terminate();
      }
    });
  }

  private retransmit(interval: number, at = this.sched.now() + interval): void {
    this.at(at, () => {
      if (this.state !== 'calling') return;
      this.send(this.target, this.text);
      this.retransmit(interval * 2, at + interval * 2);
    });
  }

  override receive(res: SipMessage, rx?: Received): void {
    const status = res.status;
    switch (this.state) {
      case 'calling':
      case 'proceeding':
        if (status < 200) {
          // "it SHOULD pass the provisional response to the TU" and move to Proceeding.
          this.state = 'proceeding';
          if (status > this.lastProvisional) this.lastProvisional = status;
          this.user.response(res, this, rx);
        } else if (status < 300) {
          // RFC 6026 §8.4: a 2xx moves the transaction to Accepted; Timer M absorbs forks and
          // retransmissions, which are passed to the TU.
          this.finalStatus = status;
          this.state = 'accepted';
          this.clearTimers();
          this.after(timer64(this.timers), () => this.terminate());
          this.user.response(res, this, rx);
        } else {
          // "the client transaction MUST generate an ACK request" and pass the response up.
          this.finalStatus = status;
          this.state = 'completed';
          this.clearTimers();
          this.ackText = serializeMessage(buildNonSuccessAck(this.request, res));
          this.send(this.target, this.ackText);
          this.user.response(res, this, rx);
          const d = timerD(this.timers, this.reliable);
          if (d === 0) this.terminate();
          else this.after(d, () => this.terminate());
        }
        return;
      case 'accepted':
        if (status >= 200 && status < 300) this.user.response(res, this, rx);
        return;
      case 'completed':
        // "Any retransmissions of the final response ... MUST cause the ACK to be re-passed
        // to the transport layer for retransmission, but the newly received response MUST NOT
        // be passed up to the TU."
        if (status >= 300 && this.ackText) this.send(this.target, this.ackText);
        return;
      case 'trying':
      case 'terminated':
        return;
    }
  }
}

/**
 * RFC 3261 §17.1.1.3: the ACK for a non-2xx final response: same Request-URI, Call-ID, From,
 * CSeq number and top Via as the INVITE, To from the response, Route from the INVITE.
 */
export function buildNonSuccessAck(invite: SipMessage, res: SipMessage): SipMessage {
  const ack = SipMessage.request('ACK', invite.uri ?? '');
  const via = invite.first('via');
  if (via) ack.append('via', via);
  for (const r of invite.headers) if (r.name === 'route') ack.append('route', r.value);
  ack.append('max-forwards', '70');
  ack.append('from', invite.get('from') ?? '');
  ack.append('to', res.get('to') ?? invite.get('to') ?? '');
  ack.append('call-id', invite.callId);
  ack.append('cseq', `${invite.cseq?.seq ?? 1} ACK`);
  return ack;
}

/** RFC 3261 §17.1.2 non-INVITE client transaction. */
export class NonInviteClientTransaction extends ClientTransaction {
  override start(): void {
    if (!this.send(this.target, this.text)) {
      this.sched.after(0, () => this.transportError());
      return;
    }
    // Timer E: retransmit at T1, doubling up to T2 (and T2 once in Proceeding), UDP only.
    if (!this.reliable) this.retransmit(this.timers.T1);
    // Timer F: 64*T1 without a final response is a timeout.
    this.after(timer64(this.timers), () => {
      if (this.state === 'trying' || this.state === 'proceeding') {
        this.user.timeout(this, 'timeout');
        this.terminate();
      }
    });
  }

  private retransmit(interval: number, at = this.sched.now() + interval): void {
    this.at(at, () => {
      if (this.state !== 'trying' && this.state !== 'proceeding') return;
      this.send(this.target, this.text);
      const next = this.state === 'proceeding' ? this.timers.T2 : Math.min(interval * 2, this.timers.T2);
      this.retransmit(next, at + next);
    });
  }

  override receive(res: SipMessage, rx?: Received): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return;
    if (res.status < 200) {
      this.state = 'proceeding';
      if (res.status > this.lastProvisional) this.lastProvisional = res.status;
      this.user.response(res, this, rx);
      return;
    }
    this.finalStatus = res.status;
    this.state = 'completed';
    this.clearTimers();
    this.user.response(res, this, rx);
    // Timer K absorbs response retransmissions on unreliable transports.
    const k = timerIK(this.timers, this.reliable);
    if (k === 0) this.terminate();
    else this.after(k, () => this.terminate());
  }
}
