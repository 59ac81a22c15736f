/**
 * The SIP engine: transport, transactions, dialogs and the drachtio application interface wired
 * together. Incoming SIP is validated (RFC 3261 §8.2, §16.3 in order) and dispatched to the UAS,
 * UAC or proxy part; app commands arrive from the control server.
 */
import type { Logger } from 'pino';
import { realScheduler, type Scheduler } from '../../../common/scheduler.js';
import type { SipMessage} from '../message/index.js';
import { parseMessage, parseUri, serializeMessage, type Via } from '../message/index.js';
import { TransportLayer } from '../transport/transport-layer.js';
import type { Connection, Flow, Received, Target } from '../transport/types.js';
import { TransactionLayer } from '../transaction/transaction-layer.js';
import { topVia } from '../transaction/keys.js';
import { defaultTimers, type TimerConfig } from '../transaction/timers.js';
import { DialogStore, type AppLink } from '../dialog/dialog.js';
import type { EngineContext, EngineOptions, IncomingRequest, OutgoingRequest } from './context.js';
import type { ServerTransaction } from '../transaction/server.js';
import { UasCore } from './uas.js';
import { UacCore } from './uac.js';
import { ProxyCore } from './proxy.js';
import { SessionTimers } from './session-timer.js';
import { responseFor } from './responses.js';
import { newTag } from './ids.js';

/** Options of one engine instance. */
export interface SipEngineOptions {
  readonly host: string;
  readonly port: number;
  readonly protocols?: readonly ('udp' | 'tcp')[];
  readonly externalAddress?: string | undefined;
  readonly timers?: Partial<TimerConfig>;
  readonly pendingRequestMs?: number;
  readonly log: Logger;
  readonly scheduler?: Scheduler;
}

/** Counters for monitoring, benchmarks and leak tests. */
export interface EngineStats {
  received: number;
  sent: number;
  dropped: number;
  badRequests: number;
}

/** The engine. `start()` binds the SIP sockets; apps attach through `attach()`. */
export class SipEngine {
  readonly transport: TransportLayer;
  readonly txns: TransactionLayer;
  readonly dialogs = new DialogStore();
  readonly stats: EngineStats = { received: 0, sent: 0, dropped: 0, badRequests: 0 };
  private readonly ctx: EngineContext;
  private readonly routes = new Map<string, { apps: AppLink[]; next: number }>();
  private readonly uas: UasCore;
  private readonly uac: UacCore;
  private readonly proxyCore: ProxyCore;
  private readonly log: Logger;

  constructor(opts: SipEngineOptions) {
    const sched = opts.scheduler ?? realScheduler;
    this.log = opts.log;
    this.transport = new TransportLayer({
      host: opts.host, port: opts.port, protocols: opts.protocols ?? ['udp', 'tcp'],
      externalAddress: opts.externalAddress, log: opts.log, now: () => sched.now(),
    });
    const sendText = (target: Target, text: string): boolean => {
      this.stats.sent++;
      if (this.log.isLevelEnabled('trace')) this.log.trace({ sip: { to: `${target.protocol}/${target.address}:${target.port}`, text: redactSip(text) } }, 'sip out');
      return this.transport.send(target, text) !== undefined;
    };
    const timers: TimerConfig = { ...defaultTimers, ...opts.timers };
    this.txns = new TransactionLayer(sendText, sched, timers);
    const options: EngineOptions = { pendingRequestMs: opts.pendingRequestMs ?? 64_000, minSessionExpires: 90 };
    this.ctx = {
      log: opts.log, sched, transport: this.transport, txns: this.txns, dialogs: this.dialogs, options,
      incoming: new Map<string, IncomingRequest>(), incomingByTxn: new WeakMap<ServerTransaction, IncomingRequest>(),
      outgoing: new Map<string, OutgoingRequest>(), registeredConnections: new Map(),
      pickApp: (method) => this.pickApp(method), sendText,
    };
    // The UAC core and the session timers call each other: the UAC core reaches the timers lazily.
    const timersLater: { ref?: SessionTimers } = {};
    this.uac = new UacCore(this.ctx, { uacSessionTimer: (d, res) => timersLater.ref?.uac(d, res) });
    const sessionTimers = new SessionTimers(this.ctx, {
      sendInternal: (d, m, h, b) => this.uac.sendInternal(d, m, h, b),
      byeWithReason: (d, r) => this.uac.byeWithReason(d, r),
    });
    timersLater.ref = sessionTimers;
    this.proxyCore = new ProxyCore(this.ctx);
    this.uas = new UasCore(this.ctx, {
      byeWithReason: (d, r) => this.uac.byeWithReason(d, r),
      proxyCancel: (e) => this.proxyCore.cancel(e),
      uasSessionTimer: (d, req, res) => sessionTimers.uas(d, req, res),
      sessionRefreshed: (d) => sessionTimers.refreshed(d),
    });
    this.transport.bind({
      message: (data, flow) => this.onMessage(data, flow),
      connectionClosed: (conn, err) => this.onConnectionClosed(conn, err),
    });
  }

  /** Binds the SIP sockets. */
  async start(): Promise<void> {
    await this.transport.listen();
  }

  /** Closes sockets and drops all state. */
  stop(): void {
    this.txns.clear();
    this.transport.close();
  }

  /** Live object counts (transactions, dialogs, pending app requests): flat in a leak test. */
  get sizes(): Record<string, number> {
    const t = this.txns.size;
    return { serverTxns: t.servers, clientTxns: t.clients, dialogs: this.dialogs.size, incoming: this.ctx.incoming.size, outgoing: this.ctx.outgoing.size };
  }

  // ---- application side -------------------------------------------------------------------

  /** Adds a route (verb) for an app connection; duplicates are ignored. */
  addRoute(app: AppLink, verb: string): void {
    const v = verb.toLowerCase();
    let r = this.routes.get(v);
    if (!r) this.routes.set(v, (r = { apps: [], next: 0 }));
    if (!r.apps.includes(app)) r.apps.push(app);
  }

  /** Removes a route of one app connection. */
  removeRoute(app: AppLink, verb: string): void {
    const r = this.routes.get(verb.toLowerCase());
    if (r) r.apps = r.apps.filter((a) => a !== app);
  }

  private pickApp(method: string): AppLink | undefined {
    const r = this.routes.get(method.toLowerCase());
    if (!r) return undefined;
    const alive = r.apps.filter((a) => a.alive);
    if (alive.length === 0) return undefined;
    // reference §2.1: several connections registered for a verb are served round-robin.
    const app = alive[r.next % alive.length]!;
    r.next = (r.next + 1) % 1_000_000;
    return app;
  }

  /** An app connection closed: routes go, unanswered requests get 503, its dialogs stay until they end. */
  detach(app: AppLink): void {
    for (const r of this.routes.values()) r.apps = r.apps.filter((a) => a !== app);
    this.uas.appGone(app);
  }

  /** `sip|TXN|` + response, or + CANCEL. */
  appSipWithTxn(app: AppLink, msgId: string, txnId: string, sip: string): void {
    if (sip.startsWith('CANCEL ')) this.uac.cancel(app, msgId, txnId, sip);
    else this.uas.respond(app, msgId, txnId, sip);
  }

  /** `sip||[DLG][|proxy]` + request. */
  appRequest(app: AppLink, msgId: string, dialogId: string, sip: string, proxy: string | undefined): Promise<void> {
    return this.uac.request(app, msgId, dialogId, sip, proxy);
  }

  /** `proxy|…` command. */
  appProxy(app: AppLink, msgId: string, tokens: string[], sip: string | undefined): Promise<void> {
    return this.proxyCore.proxy(app, msgId, tokens, sip);
  }

  // ---- network side -----------------------------------------------------------------------

  private onConnectionClosed(conn: Connection, err: Error | undefined): void {
    if (err) this.log.debug({ err, remote: `${conn.remoteAddress}:${conn.remotePort}` }, 'sip connection closed with error');
    this.txns.connectionClosed(conn);
  }

  private onMessage(data: Buffer, flow: Flow): void {
    this.stats.received++;
    try {
      this.dispatch(data, flow);
    } catch (err) {
      // A bug in handling one message must not take the engine down (CONVENTIONS §2.4: a
      // failure stays inside one call); it is logged as ours.
      this.log.error({ err }, 'failed to process sip message');
    }
  }

  private dispatch(data: Buffer, flow: Flow): void {
    const parsed = parseMessage(data);
    if (!parsed.ok) {
      this.rejectMalformed(parsed.reason, parsed.partial, flow, parsed.status ?? 400);
      return;
    }
    const msg = parsed.message;
    if (this.log.isLevelEnabled('trace')) this.log.trace({ sip: { from: `${flow.protocol}/${flow.remoteAddress}:${flow.remotePort}`, text: redactSip(data.toString('utf8')) } }, 'sip in');
    if (!msg.isRequest) {
      this.onResponse(msg, { flow, bytes: data.length, text: parsed.head + '\r\n\r\n' + parsed.body });
      return;
    }
    const via = topVia(msg);
    const problem = validateRequest(msg, via);
    if (problem || !via) {
      if (via && problem) this.badRequest(msg, via, flow, problem.status, problem.reason);
      else this.stats.dropped++;
      return;
    }
    // RFC 3581 §4 / reference §5.2: rport is forced; received is added when the source differs.
    const head = completeTopVia(parsed.head, msg, flow);
    const rx: Received = { flow, bytes: data.length, text: head + '\r\n\r\n' + parsed.body };
    this.onRequest(msg, topVia(msg)!, rx);
  }

  private onRequest(msg: SipMessage, via: Via, rx: Received): void {
    const method = msg.method!;
    if (method === 'ACK') {
      if (!this.uas.onAck(msg, via, rx)) this.proxyCore.forwardStateless(msg, via);
      return;
    }
    if (method === 'CANCEL') {
      this.uas.onCancel(msg, via, rx);
      return;
    }
    const stx = this.txns.findServer(msg, via);
    if (stx) {
      stx.retransmission();
      return;
    }
    const toTag = msg.toTag;
    if (toTag) {
      const dialog = this.dialogs.findByTags(msg.callId, toTag, msg.fromTag ?? '');
      if (dialog) this.uas.onInDialogRequest(msg, via, rx, dialog);
      else if (!this.proxyCore.forwardStateless(msg, via)) this.uas.reply(msg, via, rx.flow, 481);
      return;
    }
    // RFC 3261 §16.4: a preloaded Route naming us is removed before the request is processed.
    while (msg.first('route') && this.proxyCore.routeIsOurs(msg.first('route')!)) msg.removeFirst('route');
    this.uas.onNewRequest(msg, via, rx);
  }

  private onResponse(msg: SipMessage, rx: Received): void {
    const txn = this.txns.matchResponse(msg);
    if (txn) txn.receive(msg, rx);
    else if (!this.proxyCore.forwardResponseStateless(msg)) this.stats.dropped++;
  }

  private rejectMalformed(reason: string, partial: SipMessage | undefined, flow: Flow, status: number): void {
    const via = partial?.isRequest ? topVia(partial) : undefined;
    if (partial && via && partial.method !== 'ACK' && partial.get('from') && partial.get('to') && partial.get('call-id') && partial.cseq) {
      this.badRequest(partial, via, flow, status, reason);
      return;
    }
    this.stats.dropped++;
    this.log.debug({ reason, remote: `${flow.remoteAddress}:${flow.remotePort}` }, 'dropped unparseable sip message');
  }

  private badRequest(msg: SipMessage, _via: Via, flow: Flow, status: number, reason: string): void {
    this.stats.badRequests++;
    const res = responseFor(msg, status, undefined, newTag());
    // CONVENTIONS §2.4: "Invalid: 400/416/420/482 with a Warning header".
    res.append('warning', `399 ${this.transport.hostFor(flow.remoteAddress)} "${reason.replace(/"/g, "'")}"`);
    const text = serializeMessage(res);
    this.ctx.sendText({ protocol: flow.protocol, address: flow.remoteAddress, port: flow.remotePort, connection: flow.connection }, text);
  }
}

/** RFC 3261 §8.2 checks in order; undefined when the request may proceed. */
function validateRequest(msg: SipMessage, via: Via | undefined): { status: number; reason: string } | undefined {
  if (!via) return { status: 400, reason: 'missing or malformed Via' };
  for (const h of ['from', 'to', 'call-id', 'cseq']) if (!msg.get(h)) return { status: 400, reason: `missing ${h} header` };
  const cseq = msg.cseq;
  if (!cseq) return { status: 400, reason: 'malformed CSeq' };
  if (cseq.method !== msg.method) return { status: 400, reason: 'CSeq method does not match request method' };
  const mf = msg.get('max-forwards');
  // RFC 3261 §20.22: Max-Forwards = 1*DIGIT (RFC 4475 §3.1.1.1: `0068` is valid).
  if (mf !== undefined && !/^\s*\d{1,10}\s*$/.test(mf)) return { status: 400, reason: 'malformed Max-Forwards' };
  // §8.2.2.1: "If the Request-URI uses a scheme not supported by the UAS, it SHOULD reject the
  // request with a 416 (Unsupported URI Scheme) response."
  const uri = parseUri(msg.uri ?? '');
  if (!uri) return { status: 400, reason: 'malformed Request-URI' };
  if (uri.scheme !== 'sip' && uri.scheme !== 'sips' && uri.scheme !== 'tel') return { status: 416, reason: 'unsupported URI scheme' };
  return undefined;
}

/**
 * Adds `received` (when the source address differs from sent-by) and `rport=<port>` to the top
 * Via, in the parsed message and in the text apps receive (conformance: the app's text already
 * has `;rport=<port>` appended).
 */
function completeTopVia(head: string, msg: SipMessage, flow: Flow): string {
  const via = topVia(msg)!;
  const addReceived = via.host !== flow.remoteAddress && !via.params.has('received');
  const patch = (value: string): string => {
    let v = value;
    const rp = /;\s*rport(?=\s*(;|,|$))/i;
    if (rp.test(v)) v = v.replace(rp, `;rport=${flow.remotePort}`);
    else if (!/;\s*rport\s*=/i.test(v)) v = `${v};rport=${flow.remotePort}`;
    if (addReceived) v = v.replace(/;rport=/i, `;received=${flow.remoteAddress};rport=`);
    return v;
  };
  const h = msg.headers.find((x) => x.name === 'via')!;
  const comma = firstValueEnd(h.value);
  h.value = patch(h.value.slice(0, comma)) + h.value.slice(comma);
  const m = /(^|\n)(via|v)[ \t]*:[ \t]*([^\r\n]*)/i.exec(head);
  if (!m) return head;
  const line = m[3]!;
  const end = firstValueEnd(line);
  const start = m.index + m[0].length - line.length;
  return head.slice(0, start) + patch(line.slice(0, end)) + line.slice(end) + head.slice(start + line.length);
}

function firstValueEnd(v: string): number {
  let quoted = false;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) return i;
  }
  return v.length;
}

/** Removes credentials from SIP text before it is logged at trace level (CONVENTIONS §2.6). */
export function redactSip(text: string): string {
  return text.replace(/((?:proxy-)?authorization\s*:[^\r\n]*?response\s*=\s*")[^"]*(")/gi, '$1[redacted]$2');
}
