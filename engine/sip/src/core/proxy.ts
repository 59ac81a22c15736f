/**
 * Stateful proxy for `proxy` commands (reference §4.9, RFC 3261 §16) and stateless forwarding of
 * later in-dialog requests and responses that carry our Record-Route / Via.
 */
import { createHash } from 'node:crypto';
import { parseUri, serializeMessage, SipMessage, uriOf, type Via } from '../message/index.js';
import type { ClientTransaction } from '../transaction/client.js';
import type { InviteServerTransaction } from '../transaction/server.js';
import type { AppLink } from '../dialog/dialog.js';
import type { Received, Target } from '../transport/types.js';
import type { EngineContext, IncomingRequest } from './context.js';
import { isOurAddress, localHostPort, ourVia, resolveUri, responseTargetOfVia } from './addressing.js';
import { nokFrame, okFrame, proxyContinueFrame } from './frames.js';
import { newBranch } from './ids.js';
import { parseAppSip } from './policy.js';
import { responseFor } from './responses.js';
import { topVia } from '../transaction/keys.js';
import { MAGIC_COOKIE } from '../message/index.js';

interface Branch {
  readonly uri: string;
  ctx: ClientTransaction | undefined;
  done: boolean;
  provisional: boolean;
  timers: Array<() => void>;
}

interface ProxyState {
  readonly entry: IncomingRequest;
  readonly app: AppLink;
  readonly msgId: string;
  readonly recordRoute: boolean;
  readonly followRedirects: boolean;
  readonly simultaneous: boolean;
  readonly provisionalMs: number | undefined;
  readonly finalMs: number | undefined;
  readonly pending: string[];
  readonly branches: Branch[];
  readonly extraHeaders: SipMessage['headers'];
  best: SipMessage | undefined;
  finished: boolean;
  cancelled: boolean;
}

/** Parses `2s`, `1500ms`, `` (none). */
function parseTimeout(t: string | undefined): number | undefined {
  if (!t) return undefined;
  const m = /^(\d+)(ms|s)?$/.exec(t.trim());
  if (!m) return undefined;
  return m[2] === 'ms' ? Number(m[1]) : Number(m[1]) * 1000;
}

/** The proxy part of the engine. */
export class ProxyCore {
  private readonly states = new WeakMap<IncomingRequest, ProxyState>();

  constructor(private readonly ctx: EngineContext) {}

  /** `proxy|TXN|remainInDialog|fullResponse|followRedirects|simultaneous|prov|final|dest…` + CRLF + request. */
  async proxy(app: AppLink, msgId: string, tokens: string[], sip: string | undefined): Promise<void> {
    const { ctx } = this;
    const [, , txnId = '', remain, , follow, mode, prov, fin, ...dests] = tokens;
    const entry = ctx.incoming.get(txnId);
    if (!entry || entry.cancelled || entry.stx.finalSent) {
      app.send(nokFrame(msgId, 'Response not sent due to unknown transaction'));
      return;
    }
    const req = entry.req;
    const mf = Number(req.get('max-forwards') ?? '70');
    if (Number.isFinite(mf) && mf <= 0) {
      entry.stx.respond(responseFor(req, 483, undefined, entry.localTag ?? 'proxy'));
      ctx.incoming.delete(txnId);
      app.send(nokFrame(msgId, 'Rejected with 483 Too Many Hops'));
      return;
    }
    entry.proxied = true;
    entry.expiry?.();
    if (entry.stx.request.method === 'INVITE') (entry.stx as InviteServerTransaction).uasMode = false;
    const appMsg = sip ? parseAppSip(sip) : undefined;
    const targets = dests.filter((d) => d.length > 0).map((d) => (/^sips?:/i.test(d) ? d : `sip:${d}`));
    const state: ProxyState = {
      entry, app, msgId, recordRoute: remain === 'remainInDialog', followRedirects: follow === 'followRedirects',
      simultaneous: mode === 'simultaneous', provisionalMs: parseTimeout(prov), finalMs: parseTimeout(fin),
      pending: [...targets], branches: [], extraHeaders: appMsg?.headers.filter((h) => !['via', 'route', 'record-route', 'content-length', 'call-id', 'cseq', 'from', 'to', 'max-forwards'].includes(h.name)) ?? [],
      best: undefined, finished: false, cancelled: false,
    };
    this.states.set(entry, state);
    if (targets.length === 0) {
      this.finish(state, responseFor(req, 480, undefined, 'proxy'));
      return;
    }
    if (state.simultaneous) while (state.pending.length) await this.startBranch(state, state.pending.shift()!);
    else await this.startBranch(state, state.pending.shift()!);
  }

  private async startBranch(state: ProxyState, uri: string): Promise<void> {
    const { ctx } = this;
    const branch: Branch = { uri, ctx: undefined, done: false, provisional: false, timers: [] };
    state.branches.push(branch);
    const resolved = await resolveUri(ctx, uri);
    if (!resolved.ok || state.finished || state.cancelled) {
      branch.done = true;
      if (!resolved.ok) this.branchFinal(state, branch, responseFor(state.entry.req, 503, undefined, 'proxy'), undefined);
      return;
    }
    const target = resolved.target;
    const fwd = state.entry.req.clone();
    // RFC 3261 §16.4: remove our own preloaded Route; §16.5/16.6: Request-URI replaced only
    // when it pointed at us, otherwise the target is just the next hop.
    while (fwd.first('route') && this.routeIsOurs(fwd.first('route')!)) fwd.removeFirst('route');
    const ru = parseUri(fwd.uri ?? '');
    if (!ru || isOurAddress(ctx, ru.host, ru.port)) fwd.uri = uri;
    const mf = Number(fwd.get('max-forwards') ?? '70');
    fwd.set('max-forwards', String(Number.isFinite(mf) ? mf - 1 : 70));
    for (const h of state.extraHeaders) fwd.set(h.name, h.value);
    if (state.recordRoute) {
      const t = target.protocol === 'udp' ? '' : `;transport=${target.protocol}`;
      fwd.prepend('record-route', `<sip:${localHostPort(ctx, target)}${t};lr>`);
    }
    const b = newBranch();
    fwd.prepend('via', ourVia(ctx, target, b));
    branch.ctx = ctx.txns.createClient(fwd, b, target, {
      response: (res, _txn, rx) => this.onResponse(state, branch, res, rx),
      timeout: (_txn, cause) => this.branchFinal(state, branch, responseFor(state.entry.req, cause === 'timeout' ? 408 : 503, undefined, 'proxy'), undefined),
    });
    if (state.provisionalMs) branch.timers.push(ctx.sched.after(state.provisionalMs, () => { if (!branch.provisional && !branch.done) this.cancelBranch(branch); }));
    if (state.finalMs) branch.timers.push(ctx.sched.after(state.finalMs, () => { if (!branch.done) this.cancelBranch(branch); }));
  }

  private onResponse(state: ProxyState, branch: Branch, res: SipMessage, rx: Received | undefined): void {
    const status = res.status;
    // §16.7 step 3: "100 (Trying) provisional responses are not forwarded".
    if (status === 100) return;
    const fwd = res.clone().removeFirst('via');
    if (status < 200) {
      branch.provisional = true;
      if (!state.finished && !state.entry.stx.finalSent) state.entry.stx.respond(fwd);
      return;
    }
    if (status < 300) {
      // 2xx responses are forwarded at once, forks and retransmissions included (§16.7 step 5).
      state.entry.stx.respond(fwd);
      if (branch.done) return;
      branch.done = true;
      this.report(state, res, rx);
      if (!state.finished) {
        state.finished = true;
        for (const b of state.branches) if (b !== branch && !b.done) this.cancelBranch(b);
        this.done(state);
      }
      return;
    }
    this.branchFinal(state, branch, fwd, rx, res);
  }

  private branchFinal(state: ProxyState, branch: Branch, fwd: SipMessage, rx: Received | undefined, raw?: SipMessage): void {
    if (branch.done && raw) return;
    branch.done = true;
    for (const c of branch.timers) c();
    if (rx || raw) this.report(state, raw ?? fwd, rx);
    const status = fwd.status;
    if (status >= 300 && status < 400 && state.followRedirects) {
      for (const c of fwd.getAll('contact')) {
        const u = uriOf(c);
        if (u) state.pending.push(u);
      }
    }
    // §16.7 step 6: keep the best response; 6xx ends the search at once.
    if (!state.best || rank(fwd.status) < rank(state.best.status)) state.best = fwd;
    if (state.finished) return;
    if (status >= 600) {
      for (const b of state.branches) if (!b.done) this.cancelBranch(b);
      this.finish(state, fwd);
      return;
    }
    if (!state.cancelled && state.pending.length && !state.simultaneous) {
      void this.startBranch(state, state.pending.shift()!).catch((err: unknown) => this.ctx.log.error({ err }, 'proxy branch failed'));
      return;
    }
    if (!state.cancelled && state.pending.length && state.simultaneous) {
      while (state.pending.length) void this.startBranch(state, state.pending.shift()!).catch((err: unknown) => this.ctx.log.error({ err }, 'proxy branch failed'));
      return;
    }
    if (state.branches.every((b) => b.done)) this.finish(state, state.best ?? fwd);
  }

  private finish(state: ProxyState, best: SipMessage): void {
    if (state.finished) return;
    state.finished = true;
    const stx = state.entry.stx;
    if (!stx.finalSent) {
      const res = best.clone();
      if (!res.toTag) res.set('to', `${res.get('to') ?? ''};tag=proxy${this.ctx.sched.now().toString(36)}`);
      stx.respond(res);
    }
    this.done(state);
  }

  private done(state: ProxyState): void {
    this.ctx.incoming.delete(state.entry.txnId);
    if (state.app.alive) state.app.send(okFrame(state.msgId, 'done'));
  }

  private report(state: ProxyState, res: SipMessage, rx: Received | undefined): void {
    if (!state.app.alive) return;
    const text = rx?.text ?? serializeMessage(res);
    const f = rx?.flow;
    state.app.send(proxyContinueFrame(state.msgId, text, rx?.bytes ?? Buffer.byteLength(text), f?.protocol ?? 'udp', f?.remoteAddress ?? '', f?.remotePort ?? 0, this.ctx.sched.now()));
  }

  private cancelBranch(branch: Branch): void {
    const c = branch.ctx;
    if (!c || branch.done || c.finalStatus > 0) return;
    const cancel = SipMessage.request('CANCEL', c.request.uri ?? '');
    const via = c.request.first('via');
    if (via) cancel.append('via', via);
    cancel.append('max-forwards', '70');
    cancel.append('from', c.request.get('from') ?? '');
    cancel.append('to', c.request.get('to') ?? '');
    cancel.append('call-id', c.request.callId);
    cancel.append('cseq', `${c.request.cseq?.seq ?? 1} CANCEL`);
    const b = /branch=([^;,\s]+)/i.exec(via ?? '')?.[1] ?? newBranch();
    this.ctx.txns.createClient(cancel, b, c.target, { response: () => undefined, timeout: () => undefined });
  }

  /** Upstream CANCEL of a proxied INVITE (§16.10): 487 upstream, CANCEL every pending branch. */
  cancel(entry: IncomingRequest): void {
    const state = this.states.get(entry);
    if (!state || state.finished) return;
    state.cancelled = true;
    state.pending.length = 0;
    for (const b of state.branches) this.cancelBranch(b);
    if (!entry.stx.finalSent) entry.stx.respond(responseFor(entry.req, 487, undefined, entry.localTag ?? 'proxy'));
  }

  /** True when a Route value names this engine (loose routing back to us). */
  routeIsOurs(route: string): boolean {
    const u = parseUri(uriOf(route) ?? '');
    return !!u && isOurAddress(this.ctx, u.host, u.port);
  }

  /**
   * reference §4.9: "Later in-dialog requests carrying our Record-Route ... are forwarded
   * statelessly without the app: the Route is removed and the request is sent to the next
   * Route, or to the R-URI." The branch is derived from the incoming one, so retransmissions
   * keep it (RFC 3261 §16.11). Like the real server, Max-Forwards is left as received.
   */
  forwardStateless(req: SipMessage, via: Via): boolean {
    const top = req.first('route');
    if (!top || !this.routeIsOurs(top)) return false;
    const fwd = req.clone();
    fwd.removeFirst('route');
    const next = fwd.first('route');
    const nextUri = next ? (uriOf(next) ?? '') : (fwd.uri ?? '');
    const u = parseUri(nextUri);
    if (!u || !/^[\d.]+$/.test(u.host)) return false;
    const transport = (u.params.get('transport') ?? 'udp').toLowerCase() === 'tcp' ? 'tcp' : 'udp';
    const target: Target = { protocol: transport, address: u.host, port: u.port ?? 5060 };
    const seed = `${via.params.get('branch') ?? ''}|${req.callId}|${req.get('cseq') ?? ''}`;
    const branch = MAGIC_COOKIE + createHash('md5').update(seed).digest('hex').slice(0, 16);
    fwd.prepend('via', ourVia(this.ctx, target, branch));
    this.ctx.sendText(target, serializeMessage(fwd));
    return true;
  }

  /** A response whose top Via is ours but matches no transaction: forward it upstream (§16.11). */
  forwardResponseStateless(res: SipMessage): boolean {
    const via = topVia(res);
    if (!via || !isOurAddress(this.ctx, via.host, via.port)) return false;
    const fwd = res.clone().removeFirst('via');
    const next = topVia(fwd);
    if (!next) return false;
    this.ctx.sendText(responseTargetOfVia(next), serializeMessage(fwd));
    return true;
  }
}

/** Response preference (RFC 3261 §16.7 step 6): 6xx first, then 4xx, 3xx, 5xx (503 as 500). */
function rank(status: number): number {
  if (status >= 600) return 0;
  if (status >= 400 && status < 500) return 1000 + status;
  if (status >= 300 && status < 400) return 2000 + status;
  return 3000 + status;
}
