/**
 * The transaction layer: creates transactions, matches incoming messages to them
 * (RFC 3261 §17.1.3, §17.2.3) and forgets them when they terminate.
 */
import type { Scheduler } from '../../../common/scheduler.js';
import type { SipMessage, Via } from '../message/index.js';
import type { Connection, Flow, Target } from '../transport/types.js';
import {
  InviteClientTransaction, NonInviteClientTransaction, type ClientTransaction, type ClientTransactionUser, type SendFn,
} from './client.js';
import { InviteServerTransaction, NonInviteServerTransaction, type ServerTransaction, type ServerTransactionUser } from './server.js';
import { clientKey, clientKeyForResponse, inviteKeyForCancel, serverKey } from './keys.js';
import type { TimerConfig } from './timers.js';

/** The response target for a request received on a flow (RFC 3581: the packet source). */
export function targetOf(flow: Flow): Target {
  return { protocol: flow.protocol, address: flow.remoteAddress, port: flow.remotePort, connection: flow.connection };
}

/** Owns every live transaction of one engine. */
export class TransactionLayer {
  private readonly servers = new Map<string, ServerTransaction>();
  private readonly clients = new Map<string, ClientTransaction>();
  private readonly byConnection = new Map<number, Set<ClientTransaction>>();

  constructor(private readonly send: SendFn, private readonly sched: Scheduler, readonly timers: TimerConfig) {}

  /** Counts for monitoring and leak tests. */
  get size(): { servers: number; clients: number } {
    return { servers: this.servers.size, clients: this.clients.size };
  }

  /** The server transaction a request belongs to, if it is a retransmission (or an ACK/CANCEL target). */
  findServer(req: SipMessage, via: Via): ServerTransaction | undefined {
    return this.servers.get(serverKey(req, via));
  }

  /** The INVITE server transaction a CANCEL refers to. */
  findInviteForCancel(cancel: SipMessage, via: Via): InviteServerTransaction | undefined {
    const t = this.servers.get(inviteKeyForCancel(cancel, via));
    return t instanceof InviteServerTransaction ? t : undefined;
  }

  /** Creates the server transaction for a new request. ACK never creates one. */
  createServer(req: SipMessage, via: Via, flow: Flow, user: ServerTransactionUser): ServerTransaction {
    const key = serverKey(req, via);
    const target = targetOf(flow);
    const txn = req.method === 'INVITE'
      ? new InviteServerTransaction(key, req, target, this.send, this.sched, this.timers, user)
      : new NonInviteServerTransaction(key, req, target, this.send, this.sched, this.timers);
    txn.onTerminated = (t) => {
      if (this.servers.get(t.key) === t) this.servers.delete(t.key);
    };
    this.servers.set(key, txn);
    return txn;
  }

  /** Creates and starts a client transaction for a request whose top Via carries `branch`. */
  createClient(req: SipMessage, branch: string, target: Target, user: ClientTransactionUser): ClientTransaction {
    const method = req.method ?? '';
    const key = clientKey(branch, method);
    const txn = method === 'INVITE'
      ? new InviteClientTransaction(key, req, target, this.send, this.sched, this.timers, user)
      : new NonInviteClientTransaction(key, req, target, this.send, this.sched, this.timers, user);
    txn.onTerminated = (t) => {
      if (this.clients.get(t.key) === t) this.clients.delete(t.key);
      const connId = t.target.connection?.id;
      if (connId !== undefined) this.byConnection.get(connId)?.delete(t);
    };
    this.clients.set(key, txn);
    txn.start();
    return txn;
  }

  /** Remembers which connection a client transaction went out on, for transport errors. */
  bindConnection(txn: ClientTransaction, conn: Connection | undefined): void {
    if (!conn) return;
    let set = this.byConnection.get(conn.id);
    if (!set) this.byConnection.set(conn.id, (set = new Set()));
    set.add(txn);
  }

  /** Matches a response to its client transaction (§17.1.3). */
  matchResponse(res: SipMessage): ClientTransaction | undefined {
    const key = clientKeyForResponse(res);
    return key ? this.clients.get(key) : undefined;
  }

  /** A stream connection closed: every client transaction waiting on it fails (→ 503). */
  connectionClosed(conn: Connection): void {
    const set = this.byConnection.get(conn.id);
    if (!set) return;
    this.byConnection.delete(conn.id);
    for (const t of [...set]) t.transportError();
  }

  /** Terminates everything (shutdown). */
  clear(): void {
    for (const t of [...this.servers.values()]) t.terminate();
    for (const t of [...this.clients.values()]) t.terminate();
  }
}
