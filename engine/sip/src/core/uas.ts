/**
 * The UAS side of the engine (reference §4.1-4.3, §4.5, §4.7): incoming requests go to apps,
 * app responses become real responses, CANCEL and ACK are handled as drachtio-server does.
 */
import { uriOf, type SipMessage, type Via } from '../message/index.js';
import { InviteServerTransaction, type ServerTransaction } from '../transaction/server.js';
import { Dialog, type AppLink } from '../dialog/dialog.js';
import type { Flow, Received } from '../transport/types.js';
import type { EngineContext, IncomingRequest } from './context.js';
import { defaultContact, localHostPort } from './addressing.js';
import { networkFrame, nokFrame, responseEcho } from './frames.js';
import { newId, newTag } from './ids.js';
import { applyLocalhost, bracketNameAddr, ensureContentType, hasOption, parseAppSip, responseHeadersFromApp, stripTag } from './policy.js';
import { responseFor } from './responses.js';
import { targetOf } from '../transaction/transaction-layer.js';

/** Methods answered 503 when no app routed them (reference §5.7). */
const ANSWER_503 = new Set(['INVITE', 'REGISTER', 'MESSAGE', 'OPTIONS', 'INFO', 'NOTIFY', 'SUBSCRIBE', 'PUBLISH']);

/** Engine services the UAS needs from the UAC and proxy parts. */
export interface UasHooks {
  /** Sends a BYE the engine decided on, and tells the app with an unsolicited BYE frame. */
  byeWithReason(dialog: Dialog, reason: string): void;
  /** A CANCEL for a request the app handed to the proxy. */
  proxyCancel(entry: IncomingRequest): void;
  /** Arms RFC 4028 timers for a UAS dialog after our 2xx, adjusting the response. */
  uasSessionTimer(dialog: Dialog, req: SipMessage, res: SipMessage): void;
  /** A refresh (re-INVITE/UPDATE) arrived in a dialog with a session timer. */
  sessionRefreshed(dialog: Dialog): void;
}

/** Incoming requests and the app's responses to them. */
export class UasCore {
  private readonly ackWaiters = new WeakMap<ServerTransaction, Dialog>();

  constructor(private readonly ctx: EngineContext, private readonly hooks: UasHooks) {}

  private readonly stxUser = { ackTimeout: (t: InviteServerTransaction) => this.onAckTimeout(t) };

  /** Answers a request statelessly (through a short-lived server transaction). */
  reply(req: SipMessage, via: Via, flow: Flow, status: number, reason?: string): void {
    const stx = this.ctx.txns.findServer(req, via) ?? this.ctx.txns.createServer(req, via, flow, this.stxUser);
    if (stx.finalSent) return;
    if (req.method === 'INVITE' && stx.lastStatus === 0) stx.respond(responseFor(req, 100));
    stx.respond(responseFor(req, status, reason, status > 100 ? newTag() : undefined));
  }

  /** A new out-of-dialog request (reference §4.1). */
  onNewRequest(req: SipMessage, via: Via, rx: Received): void {
    const method = req.method!;
    const { ctx } = this;
    if (method === 'REGISTER') {
      const contacts = req.getAll('contact');
      const expires = req.get('expires');
      if (contacts.some((c) => c.trim() === '*') && (expires === undefined || expires.trim() !== '0' || contacts.length > 1)) {
        this.reply(req, via, rx.flow, 400, 'Bad Request');
        return;
      }
    }
    const app = ctx.pickApp(method);
    if (!app) {
      if (ANSWER_503.has(method)) this.reply(req, via, rx.flow, 503);
      else if (method === 'BYE' || method === 'UPDATE' || method === 'CANCEL') this.reply(req, via, rx.flow, 481);
      // ACK, PRACK, REFER and unknown methods without a route are dropped silently.
      return;
    }
    const stx = ctx.txns.createServer(req, via, rx.flow, this.stxUser);
    // reference §5.3: "New INVITE: 100 at once."
    if (method === 'INVITE') stx.respond(responseFor(req, 100));
    const entry = this.track(req, stx, rx.flow, app, undefined);
    const recvHost = ctx.transport.hostFor(rx.flow.remoteAddress);
    app.send(networkFrame(rx.text, rx.bytes, rx.flow.protocol, rx.flow.remoteAddress, rx.flow.remotePort, entry.txnId, '', ctx.sched.now(), { host: recvHost, port: ctx.transport.port }));
  }

  /** A request inside one of our dialogs (reference §4.7, network → app). */
  onInDialogRequest(req: SipMessage, via: Via, rx: Received, dialog: Dialog): void {
    const { ctx } = this;
    const method = req.method!;
    if (!dialog.app.alive) {
      this.reply(req, via, rx.flow, 481);
      return;
    }
    const seq = req.cseq!.seq;
    // RFC 3261 §12.2.2: "If the remote sequence number was not empty, but the sequence number of
    // the request is lower than the remote sequence number, the request is out of order and
    // MUST be rejected with a 500 (Server Internal Error) response."
    if (dialog.remoteSeq > 0 && seq < dialog.remoteSeq && method !== 'PRACK') {
      this.reply(req, via, rx.flow, 500, 'Server Internal Error');
      return;
    }
    if (method === 'INVITE' && (dialog.incomingInvitePending || dialog.outgoingInvite || (dialog.pendingAck && !dialog.pendingAck.txn.ackReceived))) {
      // RFC 3261 §14.2: an INVITE while another is pending gets 491 Request Pending.
      this.reply(req, via, rx.flow, 491);
      return;
    }
    if (seq > dialog.remoteSeq) dialog.remoteSeq = seq;
    const stx = ctx.txns.createServer(req, via, rx.flow, this.stxUser);
    if (method === 'INVITE') {
      stx.respond(responseFor(req, 100));
      dialog.incomingInvitePending = true;
    }
    if (method === 'INVITE' || method === 'UPDATE') this.hooks.sessionRefreshed(dialog);
    if (method === 'BYE') {
      // reference §4.7: "A received BYE ... removes the dialog at once."
      dialog.pendingAck?.txn.ackFor2xx();
      ctx.dialogs.remove(dialog);
    } else if (method === 'NOTIFY' && dialog.kind === 'subscribe' && /^\s*terminated/i.test(req.get('subscription-state') ?? '')) {
      ctx.dialogs.remove(dialog);
    }
    const entry = this.track(req, stx, rx.flow, dialog.app, dialog);
    dialog.app.send(networkFrame(rx.text, rx.bytes, rx.flow.protocol, rx.flow.remoteAddress, rx.flow.remotePort, entry.txnId, dialog.id, ctx.sched.now()));
  }

  /** ACK: non-2xx ACKs stay in the transaction layer; a 2xx ACK goes to the dialog's app. */
  onAck(req: SipMessage, via: Via, rx: Received): boolean {
    const { ctx } = this;
    const stx = ctx.txns.findServer(req, via);
    if (stx instanceof InviteServerTransaction) {
      if (stx.state === 'completed') stx.ackForFinal();
      return true;
    }
    const toTag = req.toTag;
    const fromTag = req.fromTag;
    if (!toTag || !fromTag) return false;
    const dialog = ctx.dialogs.findByTags(req.callId, toTag, fromTag);
    if (!dialog) return false;
    const pa = dialog.pendingAck;
    if (!pa || pa.txn.request.cseq?.seq !== req.cseq?.seq || !pa.txn.ackFor2xx()) return true;
    dialog.pendingAck = undefined;
    dialog.state = 'confirmed';
    if (req.body) dialog.remoteSdp = req.body;
    // reference, notable behaviour: the ACK for the 2xx of an initial INVITE carries the INVITE's
    // transaction id, a re-INVITE's ACK a new one; the protocol token of ACK frames is empty.
    const txnId = pa.initial ? pa.txnId : newId();
    dialog.app.send(networkFrame(rx.text, rx.bytes, '', rx.flow.remoteAddress, rx.flow.remotePort, txnId, dialog.id, ctx.sched.now()));
    return true;
  }

  /** CANCEL (reference §4.5, network cancels). */
  onCancel(req: SipMessage, via: Via, rx: Received): void {
    const { ctx } = this;
    const stx = ctx.txns.findInviteForCancel(req, via);
    const entry = stx ? ctx.incomingByTxn.get(stx) : undefined;
    if (!stx || !entry) {
      this.reply(req, via, rx.flow, 481);
      return;
    }
    if (entry.proxied) {
      this.respondCancel(req, via, rx.flow, 200, entry.localTag);
      this.hooks.proxyCancel(entry);
      return;
    }
    if (stx.finalSent) {
      const final = stx.lastStatus;
      if (final >= 200 && final < 300 && entry.dialog) {
        // reference §4.5: "CANCEL after 200 OK → 481, then the server sends BYE".
        this.respondCancel(req, via, rx.flow, 481, undefined);
        this.hooks.byeWithReason(entry.dialog, 'SIP;cause=200;text="CANCEL after 200 OK"');
      } else this.respondCancel(req, via, rx.flow, 200, entry.localTag);
      return;
    }
    const quick = stx.lastStatus <= 100;
    // A CANCEL before any app response: 200 and 487 carry different To tags (notable behaviour).
    this.respondCancel(req, via, rx.flow, 200, quick ? newTag() : entry.localTag);
    stx.respond(responseFor(entry.req, 487, undefined, entry.localTag ?? newTag()));
    const dialog = entry.dialog;
    if (dialog && dialog.state === 'early') ctx.dialogs.remove(dialog);
    this.finish(entry);
    entry.app.send(networkFrame(rx.text, rx.bytes, rx.flow.protocol, rx.flow.remoteAddress, rx.flow.remotePort, entry.txnId, quick ? '' : (dialog?.id ?? ''), ctx.sched.now()));
  }

  private respondCancel(req: SipMessage, via: Via, flow: Flow, status: number, tag: string | undefined): void {
    const cstx = this.ctx.txns.findServer(req, via) ?? this.ctx.txns.createServer(req, via, flow, this.stxUser);
    if (!cstx.finalSent) cstx.respond(responseFor(req, status, undefined, tag ?? newTag()));
  }

  /** The app answers an incoming request: `sip|TXN|` + response (reference §4.2). */
  respond(app: AppLink, msgId: string, txnId: string, text: string): void {
    const { ctx } = this;
    const entry = ctx.incoming.get(txnId);
    const appMsg = parseAppSip(text);
    if (!entry || entry.cancelled || entry.proxied || entry.stx.finalSent || !appMsg || appMsg.isRequest) {
      app.send(nokFrame(msgId, 'Response not sent due to unknown transaction'));
      return;
    }
    const req = entry.req;
    const method = req.method!;
    let status = appMsg.status;
    const dialogForming = (method === 'INVITE' || method === 'SUBSCRIBE') && !req.toTag;
    let dialog = entry.dialog;
    if (dialogForming && status > 100 && status < 300 && !dialog) {
      const id = `${req.callId};from-tag=${req.fromTag ?? ''}`;
      const existing = ctx.dialogs.get(id);
      // reference §5.4: a fork of an already answered dialog gets 480 when the app responds.
      if (existing && existing.state === 'confirmed' && method === 'INVITE') status = 480;
      else if (!existing) dialog = entry.dialog = this.createUasDialog(entry, appMsg);
    }
    const reliable = method === 'INVITE' && status > 100 && status < 200 && hasOption(appMsg, 'require', '100rel');
    if (reliable && !hasOption(req, 'supported', '100rel') && !hasOption(req, 'require', '100rel')) {
      app.send(nokFrame(msgId, 'Remote endpoint does not support 100rel'));
      return;
    }
    if (status > 100 && !req.toTag) entry.localTag ??= dialog?.localTag ?? appMsg.toTag ?? newTag();
    const res = responseFor(req, status, status === appMsg.status ? appMsg.reason : undefined, entry.localTag);
    if (dialogForming && status > 100 && status < 300) for (const h of req.headers) if (h.name === 'record-route') res.append('record-route', h.value);
    for (const h of responseHeadersFromApp(appMsg)) res.headers.push({ ...h });
    const target = targetOf(entry.flow);
    applyLocalhost(res, localHostPort(ctx, target), false);
    const appContact = res.get('contact');
    if (appContact) res.set('contact', bracketNameAddr(appContact));
    if (!res.has('contact') && (method === 'INVITE' || method === 'SUBSCRIBE') && ((status >= 200 && status < 300) || reliable)) {
      res.append('contact', dialog?.localContact ?? defaultContact(ctx, target));
    }
    if (reliable) res.append('rseq', String(1 + Math.floor(Math.random() * 1000)));
    res.body = appMsg.body;
    ensureContentType(res, false);
    if (dialog && method === 'INVITE' && status >= 200 && status < 300) this.hooks.uasSessionTimer(dialog, req, res);
    const sent = entry.stx.respond(res);
    this.afterResponse(entry, res, status, dialog);
    const protocol = method === 'INVITE' ? entry.flow.protocol : '';
    // Conformance: response echoes carry the dialog id for INVITE (final failures included),
    // SUBSCRIBE and REFER (an implicit subscription); BYE, OPTIONS, REGISTER… leave it empty.
    const dlgToken = method === 'INVITE' || method === 'SUBSCRIBE' || method === 'REFER' ? (dialog?.id ?? `${req.callId};from-tag=${req.fromTag ?? ''}`) : '';
    app.send(responseEcho(msgId, txnId, dlgToken, sent, protocol, entry.flow.remoteAddress, entry.flow.remotePort, ctx.sched.now()));
  }

  private createUasDialog(entry: IncomingRequest, appMsg: SipMessage): Dialog {
    const { ctx } = this;
    const req = entry.req;
    const flow = entry.flow;
    const target = targetOf(flow);
    const contactUri = uriOf(req.first('contact')) ?? req.uri ?? '';
    const routeSet = req.getAll('record-route');
    const localTag = appMsg.toTag ?? entry.localTag ?? newTag();
    entry.localTag = localTag;
    const appContact = appMsg.get('contact');
    const localContact = appContact ? appContact : defaultContact(ctx, target);
    const d = new Dialog(
      req.method === 'SUBSCRIBE' ? 'subscribe' : 'invite', 'uas', req.callId, localTag, req.fromTag ?? '',
      stripTag(req.get('to') ?? ''), stripTag(req.get('from') ?? ''), localContact, entry.app,
      // sofia starts the UAS dialog's local CSeq at the request's CSeq (conformance: NOTIFY CSeq 2
      // after SUBSCRIBE CSeq 1; the BYE on ACK timeout uses CSeq 2).
      { localSeq: req.cseq?.seq ?? 0, remoteSeq: req.cseq?.seq ?? 0, remoteTarget: contactUri, routeSet, target },
    );
    if (req.method === 'SUBSCRIBE') d.event = req.get('event');
    d.remoteSdp = req.body || undefined;
    ctx.dialogs.add(d);
    return d;
  }

  private afterResponse(entry: IncomingRequest, res: SipMessage, status: number, dialog: Dialog | undefined): void {
    const { ctx } = this;
    const method = entry.req.method!;
    if (status < 200) return;
    if (dialog) {
      if (method === 'INVITE') {
        dialog.incomingInvitePending = false;
        if (status < 300) {
          if (res.body) dialog.localSdp = res.body;
          if (entry.req.body) dialog.remoteSdp = entry.req.body;
          const contact = uriOf(entry.req.first('contact'));
          if (contact && entry.req.toTag) dialog.remoteTarget = contact;
          dialog.pendingAck = { txn: entry.stx as InviteServerTransaction, txnId: entry.txnId, initial: !entry.req.toTag };
          this.ackWaiters.set(entry.stx, dialog);
        } else if (!entry.req.toTag) ctx.dialogs.remove(dialog);
      } else if (method === 'SUBSCRIBE' && !entry.req.toTag) {
        if (status < 300) dialog.state = 'confirmed';
        else ctx.dialogs.remove(dialog);
      }
    }
    if (method === 'REGISTER' && status < 300 && entry.flow.connection) this.cacheRegistration(entry, res);
    this.finish(entry);
  }

  /** reference §5.6: remember the stream connection of a registered UA by Contact user@host. */
  private cacheRegistration(entry: IncomingRequest, res: SipMessage): void {
    const conn = entry.flow.connection!;
    const defaultExpires = Number(res.get('expires') ?? entry.req.get('expires') ?? 3600);
    for (const c of res.getAll('contact')) {
      const m = /<?sips?:([^@>;]+@[^>;:]+)/i.exec(c);
      if (!m) continue;
      const e = /;\s*expires\s*=\s*(\d+)/i.exec(c);
      const expires = e ? Number(e[1]) : defaultExpires;
      const key = m[1]!.toLowerCase();
      if (expires === 0) this.ctx.registeredConnections.delete(key);
      else this.ctx.registeredConnections.set(key, { conn, expires: this.ctx.sched.now() + expires * 1000 });
    }
  }

  private track(req: SipMessage, stx: ServerTransaction, flow: Flow, app: AppLink, dialog: Dialog | undefined): IncomingRequest {
    const { ctx } = this;
    const entry: IncomingRequest = { txnId: newId(), req, stx, flow, app, dialog, localTag: undefined, cancelled: false, proxied: false, expiry: undefined };
    ctx.incoming.set(entry.txnId, entry);
    ctx.incomingByTxn.set(stx, entry);
    // reference §5.7: "app never answers a pending request: state dropped after 64 s; no reply".
    entry.expiry = ctx.sched.after(ctx.options.pendingRequestMs, () => {
      if (ctx.incoming.get(entry.txnId) !== entry) return;
      ctx.incoming.delete(entry.txnId);
      if (!entry.proxied && !stx.finalSent) stx.terminate();
    });
    return entry;
  }

  /** Forgets an incoming request once it needs no more app responses. */
  finish(entry: IncomingRequest): void {
    entry.cancelled = true;
    entry.expiry?.();
    this.ctx.incoming.delete(entry.txnId);
    // Only a CANCEL looks an entry up by its transaction, and only an INVITE's; the others would
    // keep their request alive through the weak map for as long as the transaction lives.
    if (entry.req.method !== 'INVITE') this.ctx.incomingByTxn.delete(entry.stx);
  }

  /** An app connection went away: its unanswered requests are refused with 503. */
  appGone(app: AppLink): void {
    for (const entry of [...this.ctx.incoming.values()]) {
      if (entry.app !== app || entry.proxied) continue;
      if (!entry.stx.finalSent && entry.stx.state !== 'terminated') entry.stx.respond(responseFor(entry.req, 503, undefined, entry.localTag ?? newTag()));
      if (entry.dialog && entry.dialog.state === 'early') this.ctx.dialogs.remove(entry.dialog);
      this.finish(entry);
    }
  }

  private onAckTimeout(txn: InviteServerTransaction): void {
    const dialog = this.ackWaiters.get(txn);
    if (!dialog || dialog.state === 'terminated' || dialog.pendingAck?.txn !== txn) return;
    dialog.pendingAck = undefined;
    // reference §5.2: "When H expires, the server sends BYE (Reason: SIP;cause=200;text="ACK
    // timeout"), emits an unsolicited BYE and clears the dialog."
    this.hooks.byeWithReason(dialog, 'SIP;cause=200;text="ACK timeout"');
  }
}
