/**
 * The SIP side of the media engine: what FreeSWITCH's `drachtio_mrf` sofia profile does for
 * drachtio-fsmrf (freeswitch-conf/, conformance/freeswitch): a UAS that answers INVITEs from
 * drachtio-server with the channel's SDP, handles ACK, re-INVITE and BYE both ways, and sends BYE
 * when the channel hangs up locally (fsmrf's `ep.destroy()` waits for it). Built on engine/sip's
 * transport, transaction and message layers; dialogs here are simple UAS dialogs.
 */
import type { Logger } from 'pino';
import { realScheduler, type Scheduler } from '../../../common/scheduler.js';
import { parseMessage, SipMessage, uriOf, type Via } from '../../../sip/src/message/index.js';
import { TransportLayer } from '../../../sip/src/transport/transport-layer.js';
import type { Flow, Target } from '../../../sip/src/transport/types.js';
import { TransactionLayer, targetOf } from '../../../sip/src/transaction/transaction-layer.js';
import { topVia } from '../../../sip/src/transaction/keys.js';
import { InviteServerTransaction } from '../../../sip/src/transaction/server.js';
import { defaultTimers } from '../../../sip/src/transaction/timers.js';
import { responseFor } from '../../../sip/src/core/responses.js';
import { newBranch, newTag, randomCSeq } from '../../../sip/src/core/ids.js';
import type { MrfLeg, CreateChannelRequest, CreateChannelResult } from '../channel/create-channel.js';
import { FREESWITCH_VERSION } from '../media-engine.js';

/** What the profile needs from the media engine. */
export interface MrfEngine {
  createChannel(request: CreateChannelRequest): Promise<CreateChannelResult>;
}

/** FreeSWITCH's capability headers on its 200 OK and BYE (conformance transcripts). */
const USER_AGENT = `FreeSWITCH-mod_sofia/${FREESWITCH_VERSION}`;
const ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, INFO, UPDATE, REGISTER, REFER, NOTIFY';

interface UasDialog {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  /** To of the INVITE (us) and From (them), without tags. */
  readonly localUri: string;
  readonly remoteUri: string;
  remoteTarget: string;
  readonly routeSet: string[];
  localSeq: number;
  readonly target: Target;
  readonly leg: MrfLeg;
  pendingInvite: InviteServerTransaction | undefined;
  ended: boolean;
}

/** Options. */
export interface MrfProfileOptions {
  readonly host: string;
  readonly port: number;
  readonly engine: MrfEngine;
  readonly log: Logger;
  readonly scheduler?: Scheduler;
}

/** The running SIP profile. */
export class MrfSipProfile {
  private readonly transport: TransportLayer;
  private readonly txns: TransactionLayer;
  private readonly dialogs = new Map<string, UasDialog>();
  private readonly log: Logger;

  constructor(private readonly o: MrfProfileOptions) {
    this.log = o.log;
    const sched = o.scheduler ?? realScheduler;
    this.transport = new TransportLayer({ host: o.host, port: o.port, protocols: ['udp'], log: o.log, now: () => sched.now() });
    this.txns = new TransactionLayer((t, text) => this.transport.send(t, text) !== undefined, sched, defaultTimers);
    this.transport.bind({ message: (data, flow) => this.onMessage(data, flow), connectionClosed: () => undefined });
  }

  /** Binds the UDP port; resolves with it. */
  async listen(): Promise<number> {
    await this.transport.listen();
    return this.transport.port;
  }

  /** Closes the socket. */
  close(): void {
    this.txns.clear();
    this.transport.close();
  }

  private key(callId: string, localTag: string): string {
    return `${callId}|${localTag}`;
  }

  private onMessage(data: Buffer, flow: Flow): void {
    try {
      const parsed = parseMessage(data);
      if (!parsed.ok) return;
      const msg = parsed.message;
      if (!msg.isRequest) {
        this.txns.matchResponse(msg)?.receive(msg);
        return;
      }
      const via = topVia(msg);
      if (!via || !msg.cseq || !msg.get('from') || !msg.get('to') || !msg.callId) return;
      this.onRequest(msg, via, flow, parsed.head);
    } catch (err) {
      this.log.error({ err }, 'mrf profile failed on a message');
    }
  }

  private onRequest(req: SipMessage, via: Via, flow: Flow, head: string): void {
    const method = req.method!;
    if (method === 'ACK') {
      this.onAck(req, via);
      return;
    }
    const existing = this.txns.findServer(req, via);
    if (existing) {
      existing.retransmission();
      return;
    }
    if (method === 'CANCEL') {
      // The dialplan answers at once, so a CANCEL finds the INVITE already answered (RFC 3261 §9.2).
      this.reply(req, via, flow, this.txns.findInviteForCancel(req, via) ? 200 : 481);
      return;
    }
    const toTag = req.toTag;
    if (toTag) {
      const d = this.dialogs.get(this.key(req.callId, toTag));
      if (!d || d.ended) {
        this.reply(req, via, flow, 481);
        return;
      }
      this.inDialog(d, req, via, flow);
      return;
    }
    switch (method) {
      case 'INVITE':
        void this.onInvite(req, via, flow, head).catch((err: unknown) => this.log.error({ err }, 'mrf INVITE failed'));
        return;
      case 'OPTIONS':
        this.reply(req, via, flow, 200, { allow: ALLOW, 'user-agent': USER_AGENT, accept: 'application/sdp' });
        return;
      default:
        this.reply(req, via, flow, 405, { allow: ALLOW });
    }
  }

  private reply(req: SipMessage, via: Via, flow: Flow, status: number, headers: Record<string, string> = {}, tag = newTag()): void {
    const stx = this.txns.findServer(req, via) ?? this.txns.createServer(req, via, flow, { ackTimeout: () => undefined });
    if (stx.finalSent) return;
    const res = responseFor(req, status, undefined, tag);
    for (const [n, v] of Object.entries(headers)) res.append(n, v);
    stx.respond(res);
  }

  private async onInvite(req: SipMessage, via: Via, flow: Flow, head: string): Promise<void> {
    const stx = this.txns.createServer(req, via, flow, { ackTimeout: (t) => this.onAckTimeout(t) }) as InviteServerTransaction;
    stx.respond(responseFor(req, 100));
    // Header names as written: FreeSWITCH exposes them as sip_h_<Name> with their original case
    // (the mrf dialplan reads ${sip_h_X-esl-outbound}).
    const headers: Record<string, string> = {};
    for (const line of head.split(/\r?\n/).slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0 || line.startsWith(' ') || line.startsWith('\t')) continue;
      const name = line.slice(0, colon).trim();
      if (!(name in headers)) headers[name] = line.slice(colon + 1).trim();
    }
    const result = await this.o.engine.createChannel({
      ...(req.body ? { remoteSdp: req.body } : {}), requestUri: req.uri ?? '', sipHeaders: headers,
      network: { ip: flow.remoteAddress, port: flow.remotePort, transport: 'udp' },
    });
    if (!result.ok) {
      const res = responseFor(req, result.rejection.status, result.rejection.phrase, newTag());
      if (result.rejection.retryAfter !== undefined) res.append('retry-after', String(result.rejection.retryAfter));
      stx.respond(res);
      return;
    }
    const localTag = newTag();
    const host = this.transport.hostFor(flow.remoteAddress);
    const contactUser = /sips?:([^@;>]+)@/.exec(req.uri ?? '')?.[1] ?? 'mrf';
    const d: UasDialog = {
      callId: req.callId, localTag, remoteTag: req.fromTag ?? '', localUri: (req.get('to') ?? '').replace(/;\s*tag=[^;>]*/i, ''),
      remoteUri: (req.get('from') ?? '').replace(/;\s*tag=[^;>]*/i, ''), remoteTarget: uriOf(req.first('contact')) ?? req.uri ?? '',
      routeSet: req.getAll('record-route'), localSeq: randomCSeq(), target: targetOf(flow), leg: result.leg, pendingInvite: stx, ended: false,
    };
    this.dialogs.set(this.key(d.callId, localTag), d);
    result.leg.onHangup((info) => {
      if (info.initiator === 'local') this.sendBye(d, `Q.850;cause=${info.q850};text="${info.cause}"`);
      else this.forget(d);
    });
    const res = responseFor(req, 200, 'OK', localTag);
    for (const r of d.routeSet) res.append('record-route', r);
    res.append('contact', `<sip:${contactUser}@${host}:${this.transport.port};transport=udp>`);
    res.append('user-agent', USER_AGENT);
    res.append('accept', 'application/sdp');
    res.append('allow', ALLOW);
    res.append('supported', 'path, replaces');
    res.append('allow-events', 'talk, hold, conference, refer');
    res.append('content-type', 'application/sdp');
    res.append('content-disposition', 'session');
    res.body = result.localSdp;
    stx.respond(res);
  }

  private onAck(req: SipMessage, via: Via): void {
    const stx = this.txns.findServer(req, via);
    if (stx instanceof InviteServerTransaction) {
      if (stx.state === 'completed') stx.ackForFinal();
      return;
    }
    const d = req.toTag ? this.dialogs.get(this.key(req.callId, req.toTag)) : undefined;
    if (!d || !d.pendingInvite || d.pendingInvite.request.cseq?.seq !== req.cseq?.seq) return;
    if (!d.pendingInvite.ackFor2xx()) return;
    d.pendingInvite = undefined;
    const headers: Record<string, string> = {};
    for (const h of req.headers) headers[h.name] ??= h.value;
    d.leg.ack({ headers, ...(req.body ? { sdp: req.body } : {}) });
  }

  private onAckTimeout(txn: InviteServerTransaction): void {
    for (const d of this.dialogs.values()) {
      if (d.pendingInvite === txn && !d.ended) d.leg.hangup('RECOVERY_ON_TIMER_EXPIRE');
    }
  }

  private inDialog(d: UasDialog, req: SipMessage, via: Via, flow: Flow): void {
    const method = req.method!;
    if (method === 'BYE') {
      this.reply(req, via, flow, 200, {}, d.localTag);
      d.ended = true;
      d.leg.bye();
      this.forget(d);
      return;
    }
    if (method === 'INVITE') {
      const stx = this.txns.createServer(req, via, flow, { ackTimeout: (t) => this.onAckTimeout(t) }) as InviteServerTransaction;
      stx.respond(responseFor(req, 100));
      const contact = uriOf(req.first('contact'));
      if (contact) d.remoteTarget = contact;
      const r = d.leg.reinvite(req.body || undefined);
      if (!r.ok) {
        stx.respond(responseFor(req, r.rejection.status, r.rejection.phrase));
        return;
      }
      const res = responseFor(req, 200, 'OK');
      res.append('contact', `<sip:mrf@${this.transport.hostFor(flow.remoteAddress)}:${this.transport.port};transport=udp>`);
      res.append('user-agent', USER_AGENT);
      res.append('allow', ALLOW);
      res.append('content-type', 'application/sdp');
      res.body = r.localSdp;
      d.pendingInvite = stx;
      stx.respond(res);
      return;
    }
    // INFO, NOTIFY, UPDATE without SDP changes, OPTIONS: accepted.
    this.reply(req, via, flow, 200, {}, d.localTag);
  }

  private sendBye(d: UasDialog, reason: string): void {
    if (d.ended) return;
    d.ended = true;
    const branch = newBranch();
    const bye = SipMessage.request('BYE', d.remoteTarget);
    bye.append('via', `SIP/2.0/UDP ${this.transport.hostFor(d.target.address)}:${this.transport.port};rport;branch=${branch}`);
    bye.append('max-forwards', '70');
    for (const r of [...d.routeSet].reverse()) bye.append('route', r);
    bye.append('from', `${d.localUri};tag=${d.localTag}`);
    bye.append('to', `${d.remoteUri};tag=${d.remoteTag}`);
    bye.append('call-id', d.callId);
    bye.append('cseq', `${++d.localSeq} BYE`);
    bye.append('user-agent', USER_AGENT);
    bye.append('allow', ALLOW);
    bye.append('supported', 'path, replaces');
    bye.append('reason', reason);
    this.txns.createClient(bye, branch, d.target, { response: () => this.forget(d), timeout: () => this.forget(d) });
  }

  private forget(d: UasDialog): void {
    d.ended = true;
    this.dialogs.delete(this.key(d.callId, d.localTag));
  }
}
