/**
 * A small SIP user agent over UDP for the hotline tests and the bench, for what SIPp cannot do in
 * one scenario: keep a call waiting while the test decides when to press digits or hang up, count
 * the RTP that arrives (music, announcements) with arrival times, send RFC 4733 DTMF to wherever
 * the PBX's media currently is, and answer the PBX's re-INVITE when the caller is moved to an
 * agent. It calls as a digest-authenticated user, or as a carrier (from a trunk's address, with
 * P-Asserted-Identity) when bound to the trunk's port.
 */
import dgram from 'node:dgram';
import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
/** SIP messages sent and received by every phone, when SIPPHONE_TRACE is set (debugging). */
export const TRACE: string[] = [];
const rand = (n = 6) => randomBytes(n).toString('hex');

/** A parsed SIP message. */
export interface SipMessage {
  readonly firstLine: string;
  readonly status: number;
  readonly method: string;
  readonly raw: string;
  readonly body: string;
  header(name: string): string | undefined;
  headers(name: string): string[];
}

/** Parses one datagram. */
export function parseSip(text: string): SipMessage {
  const split = text.indexOf('\r\n\r\n');
  const head = split >= 0 ? text.slice(0, split) : text;
  const body = split >= 0 ? text.slice(split + 4) : '';
  const lines = head.split('\r\n');
  const first = lines[0] ?? '';
  const status = Number(/^SIP\/2\.0 (\d{3})/.exec(first)?.[1] ?? 0);
  const method = status ? '' : first.split(' ')[0] ?? '';
  const compact: Record<string, string> = { v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact', l: 'content-length', c: 'content-type' };
  const all = (name: string) => lines.slice(1).filter((l) => {
    const k = l.slice(0, l.indexOf(':')).trim().toLowerCase();
    return k === name.toLowerCase() || compact[k] === name.toLowerCase();
  }).map((l) => l.slice(l.indexOf(':') + 1).trim());
  return { firstLine: first, status, method, raw: text, body, header: (n) => all(n)[0], headers: all };
}

/** The audio address and payload types of an SDP body. */
export function sdpMedia(sdp: string): { ip: string; port: number; dtmfPt: number } | undefined {
  const ip = /^c=IN IP4 (\S+)/m.exec(sdp)?.[1];
  const port = Number(/^m=audio (\d+)/m.exec(sdp)?.[1] ?? 0);
  if (!ip || !port) return undefined;
  const pt = Number(/^a=rtpmap:(\d+) telephone-event/m.exec(sdp)?.[1] ?? 101);
  return { ip, port, dtmfPt: pt };
}

/** RTP received on a call. */
export interface RtpStats {
  packets: number;
  /** Packets whose payload is not digital silence (music, prompts, a peer's voice). */
  audible: number;
  /** Arrival times (ms, performance clock) of every packet, when recorded. */
  readonly arrivals: number[];
  /** Payloads (G.711) of every audio packet in arrival order, when recorded. */
  readonly payloads: Buffer[];
}

/** Options of a phone. */
export interface PhoneOptions {
  readonly pbxPort: number;
  /** Local SIP port (a trunk's port makes the PBX take the phone for the carrier); 0: any. */
  readonly localPort?: number;
  readonly user?: string;
  readonly password?: string;
  /** Keep every RTP arrival time (bench). */
  readonly recordArrivals?: boolean;
  /** Keep every RTP payload (to find what was said in it). */
  readonly recordAudio?: boolean;
  /**
   * What to do with INVITEs the PBX sends to this phone (an agent, a mobile or a citizen behind a
   * carrier): answer after `answerMs`, refuse busy, or ring until the test calls `answerIncoming`
   * or `decline` (`ring`).
   */
  readonly incoming?: 'answer' | 'busy' | 'ring';
  /** Ringing time before an automatic answer (default 200 ms). */
  readonly answerMs?: number;
}

/** Options of one outgoing call. */
export interface CallOptions {
  /** From user part (default: the phone's user). */
  readonly from?: string;
  /** Extra header lines (P-Asserted-Identity, Privacy …). */
  readonly headers?: readonly string[];
}

function audible(payload: Buffer): boolean {
  // PCMU silence is 0xFF/0x7F, PCMA 0xD5/0x55; anything else carries sound.
  for (const b of payload) if (b !== 0xff && b !== 0x7f && b !== 0xd5 && b !== 0x55) return true;
  return false;
}

/** One call placed by the phone. */
export class PhoneCall {
  state: 'calling' | 'early' | 'confirmed' | 'ended' = 'calling';
  readonly provisional: number[] = [];
  finalStatus = 0;
  reinvites = 0;
  endedBy: 'remote' | 'local' | 'rejected' | undefined;
  readonly rtp: RtpStats = { packets: 0, audible: 0, arrivals: [], payloads: [] };
  /** When the call was placed, or its INVITE arrived (performance clock, ms). */
  readonly startedAt = performance.now();
  /** When the last audible packet arrived (performance clock, ms). */
  lastAudibleAt = 0;
  /** For calls the PBX placed to this phone: the INVITE as received. */
  invite: SipMessage | undefined;
  /** For calls the PBX placed to this phone: the last response to its INVITE, resent on retransmissions. */
  lastResponse: [string[], string?] | undefined;
  /** For calls the PBX placed to this phone: the PBX acknowledged our 2xx (RFC 3261 §13.2.2.4). */
  acked = false;
  readonly callId = `${rand()}@127.0.0.1`;
  readonly tag = rand(4);
  remoteTag = '';
  remoteTarget = '';
  routeSet: string[] = [];
  cseq = 1;
  inviteBranch = `z9hG4bK${rand()}`;
  remoteMedia: { ip: string; port: number; dtmfPt: number } | undefined;
  private answeredWaiters: Array<(ok: boolean) => void> = [];
  private endedWaiters: Array<() => void> = [];
  private dtmfSeq = Math.floor(Math.random() * 30000);
  private readonly ssrc = randomBytes(4).readUInt32BE(0);
  lastInviteHeaders: string[] = [];
  /** Hang up (BYE) right after answering the next re-INVITE: a caller who leaves the moment it is connected. */
  hangUpOnReinvite = false;

  constructor(readonly phone: SipPhone, readonly to: string, readonly fromUser: string, readonly rtpSock: dgram.Socket, readonly rtpPort: number) {}

  /** Resolves true once answered, false if the call failed or ended first. */
  answered(ms = 20_000): Promise<boolean> {
    if (this.state === 'confirmed') return Promise.resolve(true);
    if (this.state === 'ended') return Promise.resolve(false);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), ms);
      this.answeredWaiters.push((ok) => { clearTimeout(t); resolve(ok); });
    });
  }

  /** Resolves once the call ended (either side). */
  ended(ms = 60_000): Promise<boolean> {
    if (this.state === 'ended') return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), ms);
      this.endedWaiters.push(() => { clearTimeout(t); resolve(true); });
    });
  }

  /** @internal */
  markAnswered(): void {
    this.state = 'confirmed';
    for (const w of this.answeredWaiters.splice(0)) w(true);
  }

  /** @internal */
  markEnded(by: 'remote' | 'local' | 'rejected'): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.endedBy = by;
    for (const w of this.answeredWaiters.splice(0)) w(false);
    for (const w of this.endedWaiters.splice(0)) w();
    this.phone.forget(this);
  }

  /** @internal */
  onRtp(msg: Buffer, recordArrivals: boolean, recordAudio = false): void {
    if (msg.length < 12) return;
    this.rtp.packets++;
    if (recordArrivals) this.rtp.arrivals.push(performance.now());
    // Payload types 0 and 8 (G.711); the header is 12 bytes plus 4 per CSRC.
    if (recordAudio && ((msg[1] ?? 0) & 0x7f) <= 8) this.rtp.payloads.push(msg.subarray(12 + 4 * ((msg[0] ?? 0) & 0x0f)));
    if (audible(msg.subarray(12))) {
      this.rtp.audible++;
      this.lastAudibleAt = performance.now();
    }
  }

  /** Resolves once audio arrives that started after `since` (performance ms): the next prompt. */
  async nextPrompt(since = performance.now(), ms = 15_000): Promise<void> {
    const deadline = performance.now() + ms;
    while (this.lastAudibleAt <= since + 60) {
      if (this.state === 'ended' || performance.now() > deadline) throw new Error(`no prompt after ${Math.round(since)} (call ${this.state})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits for the next prompt, then presses `keys` (barge-in); returns when they are sent. */
  async answerPrompt(keys: string, since = performance.now()): Promise<void> {
    await this.nextPrompt(since);
    await this.dtmf(keys);
  }

  /** Presses keys: RFC 4733 events to the PBX's current media address. */
  async dtmf(keys: string, gapMs = 250): Promise<void> {
    for (const k of keys) {
      const media = this.remoteMedia;
      if (!media) throw new Error('no remote media to send DTMF to');
      const event = k === '*' ? 10 : k === '#' ? 11 : Number(k);
      const ts = Math.floor(Math.random() * 1e9);
      const send = (duration: number, end: boolean, marker: boolean) => {
        const b = Buffer.alloc(16);
        b[0] = 0x80;
        b[1] = (marker ? 0x80 : 0) | media.dtmfPt;
        b.writeUInt16BE(this.dtmfSeq++ & 0xffff, 2);
        b.writeUInt32BE(ts >>> 0, 4);
        b.writeUInt32BE(this.ssrc, 8);
        b[12] = event;
        b[13] = (end ? 0x80 : 0) | 10;
        b.writeUInt16BE(duration, 14);
        this.rtpSock.send(b, media.port, media.ip);
      };
      for (let i = 1; i <= 5; i++) {
        send(i * 160, false, i === 1);
        await new Promise((r) => setTimeout(r, 20));
      }
      for (let i = 0; i < 3; i++) send(960, true, false);
      await new Promise((r) => setTimeout(r, gapMs));
    }
  }

  /** BYE when answered, CANCEL while ringing. */
  hangup(): void {
    if (this.state === 'ended') return;
    if (this.state === 'confirmed') {
      this.phone.sendInDialog(this, 'BYE');
      this.markEnded('local');
    } else if (this.invite) {
      this.phone.decline(this);
    } else {
      this.phone.sendCancel(this);
    }
  }
}

/** The user agent. */
export class SipPhone {
  private readonly sock = dgram.createSocket('udp4');
  port = 0;
  private readonly calls = new Map<string, PhoneCall>();
  private readonly auth = new Map<string, number>();
  /** Calls the PBX placed to this phone, in arrival order. */
  readonly received: PhoneCall[] = [];
  private readonly uas = new Map<string, PhoneCall>();
  private incomingWaiters: Array<(c: PhoneCall) => void> = [];
  /** Call-IDs of INVITEs whose call is being set up (RTP socket binding). */
  private readonly binding = new Set<string>();
  private registration: { callId: string; tag: string; cseq: number; branch: string; expires: number; authed: boolean; done: (status: number) => void } | undefined;

  private constructor(readonly o: PhoneOptions) {}

  /** Opens a phone. */
  static async open(o: PhoneOptions): Promise<SipPhone> {
    const p = new SipPhone(o);
    await new Promise<void>((resolve, reject) => {
      p.sock.once('error', reject);
      p.sock.bind(o.localPort ?? 0, '127.0.0.1', () => resolve());
    });
    p.port = p.sock.address().port;
    p.sock.on('message', (m) => p.onMessage(parseSip(m.toString('utf8'))));
    return p;
  }

  /** Closes the sockets of the phone and of every call. */
  close(): void {
    for (const c of [...this.calls.values(), ...this.uas.values()]) {
      try { c.rtpSock.close(); } catch { /* closed */ }
    }
    this.calls.clear();
    this.uas.clear();
    this.sock.close();
  }

  /**
   * Registers the phone's user with digest (MD5) at the PBX, Contact this phone's port, so the PBX
   * rings it like a desk phone; resolves with the final status. `expires` 0 unregisters.
   */
  register(expires = 300, ms = 10_000): Promise<number> {
    if (!this.o.user) throw new Error('register needs a user');
    const prev = this.registration;
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(0), ms);
      this.registration = {
        callId: prev?.callId ?? `${rand()}@127.0.0.1`, tag: prev?.tag ?? rand(4), cseq: (prev?.cseq ?? 0) + 1, branch: `z9hG4bK${rand()}`, expires, authed: false,
        done: (status) => { clearTimeout(t); resolve(status); },
      };
      this.sendRegister([]);
    });
  }

  private sendRegister(auth: string[]): void {
    const r = this.registration!;
    const aor = `sip:${this.o.user}@127.0.0.1:${this.o.pbxPort}`;
    this.send([
      `REGISTER sip:127.0.0.1:${this.o.pbxPort} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${this.port};branch=${r.branch};rport`, 'Max-Forwards: 70',
      `From: <${aor}>;tag=${r.tag}`, `To: <${aor}>`, `Call-ID: ${r.callId}`, `CSeq: ${r.cseq} REGISTER`,
      `Contact: <sip:${this.o.user}@127.0.0.1:${this.port}>`, `Expires: ${r.expires}`, 'User-Agent: zentrale-test-phone', ...auth,
    ]);
  }

  private onRegisterResponse(m: SipMessage): void {
    const r = this.registration;
    if (!r || m.header('Call-ID') !== r.callId || m.status < 200) return;
    if ((m.status === 401 || m.status === 407) && !r.authed) {
      r.authed = true;
      r.cseq++;
      r.branch = `z9hG4bK${rand()}`;
      const challenge = m.header(m.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate') ?? '';
      this.sendRegister(this.digest('REGISTER', `sip:127.0.0.1:${this.o.pbxPort}`, challenge, m.status === 401 ? 'Authorization' : 'Proxy-Authorization'));
      return;
    }
    r.done(m.status);
  }

  /** The next call the PBX places to this phone (one already received and not yet taken first). */
  nextIncoming(ms = 20_000): Promise<PhoneCall> {
    const taken = new Set(this.taken);
    const waiting = this.received.find((c) => !taken.has(c));
    if (waiting) {
      this.taken.push(waiting);
      return Promise.resolve(waiting);
    }
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no incoming call within ${ms} ms`)), ms);
      this.incomingWaiters.push((c) => {
        clearTimeout(t);
        this.taken.push(c);
        resolve(c);
      });
    });
  }

  private readonly taken: PhoneCall[] = [];
  /** Hang up (BYE) an answered incoming call the moment its ACK arrives: a callee who answers by mistake and hangs up at once. */
  hangUpOnAck = false;

  /** Answers a ringing incoming call. */
  answerIncoming(c: PhoneCall): void {
    const m = c.invite;
    if (!m || c.state !== 'early') return;
    c.lastResponse = [[`SIP/2.0 200 OK`, ...m.headers('Via').map((v) => `Via: ${v}`), `From: ${m.header('From') ?? ''}`, `To: ${m.header('To') ?? ''};tag=${c.tag}`, `Call-ID: ${m.header('Call-ID') ?? ''}`, `CSeq: ${m.header('CSeq') ?? ''}`,
      `Contact: <sip:${this.o.user ?? 'uas'}@127.0.0.1:${this.port}>`, 'Content-Type: application/sdp'], this.sdp(c)];
    this.send(...c.lastResponse);
    c.markAnswered();
    // A UAS core resends its 2xx until the ACK comes, T1 doubling up to T2, for 64·T1 (RFC 3261
    // §13.3.1.4). After that a real phone would send BYE; this one leaves it to the test.
    const answer = c.lastResponse;
    const resend = (interval: number, spent: number): void => {
      setTimeout(() => {
        if (c.acked || c.state !== 'confirmed' || c.lastResponse !== answer || spent + interval >= 32_000) return;
        this.send(...answer);
        resend(Math.min(interval * 2, 4000), spent + interval);
      }, interval).unref();
    };
    resend(500, 0);
  }

  /** Refuses a ringing incoming call (603 Decline, or 486 Busy Here). */
  decline(c: PhoneCall, status: 486 | 603 = 603): void {
    const m = c.invite;
    if (!m || c.state !== 'early') return;
    c.lastResponse = [[`SIP/2.0 ${status} ${status === 486 ? 'Busy Here' : 'Decline'}`, ...m.headers('Via').map((v) => `Via: ${v}`), `From: ${m.header('From') ?? ''}`, `To: ${m.header('To') ?? ''};tag=${c.tag}`, `Call-ID: ${m.header('Call-ID') ?? ''}`, `CSeq: ${m.header('CSeq') ?? ''}`]];
    this.send(...c.lastResponse);
    c.markEnded('local');
  }

  /** @internal */
  forget(c: PhoneCall): void {
    this.calls.delete(c.callId);
    // Calls the PBX placed stay known a little longer: a retransmitted INVITE gets its last response again.
    if (c.invite) {
      const id = c.invite.header('Call-ID') ?? '';
      setTimeout(() => { if (this.uas.get(id) === c) this.uas.delete(id); }, 5000).unref();
    }
    setTimeout(() => { try { c.rtpSock.close(); } catch { /* closed */ } }, 500).unref();
  }

  /** Places a call to `to` (a number the PBX routes). */
  async call(to: string, opts: CallOptions = {}): Promise<PhoneCall> {
    const rtpSock = dgram.createSocket('udp4');
    await new Promise<void>((r) => rtpSock.bind(0, '127.0.0.1', () => r()));
    const c = new PhoneCall(this, to, opts.from ?? this.o.user ?? 'anonymous', rtpSock, rtpSock.address().port);
    rtpSock.on('message', (m) => c.onRtp(m, this.o.recordArrivals === true, this.o.recordAudio === true));
    c.lastInviteHeaders = [...(opts.headers ?? [])];
    this.calls.set(c.callId, c);
    this.sendInvite(c, []);
    return c;
  }

  private sdp(c: PhoneCall): string {
    return ['v=0', `o=- ${c.rtpPort} 1 IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${c.rtpPort} RTP/AVP 0 8 101`,
      'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16', 'a=sendrecv', ''].join('\r\n');
  }

  private requestUri(c: PhoneCall): string {
    return `sip:${c.to}@127.0.0.1:${this.o.pbxPort}`;
  }

  private fromHeader(c: PhoneCall): string {
    return `<sip:${c.fromUser}@127.0.0.1:${this.port}>;tag=${c.tag}`;
  }

  private send(lines: string[], body = ''): void {
    const text = [...lines, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n');
    if (process.env.SIPPHONE_TRACE) TRACE.push(`>>> ${this.o.user ?? this.port} ${performance.now().toFixed(1)}\n${text}`);
    this.sock.send(Buffer.from(text, 'utf8'), this.o.pbxPort, '127.0.0.1');
  }

  private sendInvite(c: PhoneCall, auth: string[]): void {
    this.send([
      `INVITE ${this.requestUri(c)} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${this.port};branch=${c.inviteBranch};rport`, 'Max-Forwards: 70',
      `From: ${this.fromHeader(c)}`, `To: <${this.requestUri(c)}>`, `Call-ID: ${c.callId}`, `CSeq: ${c.cseq} INVITE`,
      `Contact: <sip:${c.fromUser}@127.0.0.1:${this.port}>`, 'Content-Type: application/sdp', ...c.lastInviteHeaders, ...auth,
    ], this.sdp(c));
  }

  /** @internal */
  sendCancel(c: PhoneCall): void {
    this.send([
      `CANCEL ${this.requestUri(c)} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${this.port};branch=${c.inviteBranch};rport`, 'Max-Forwards: 70',
      `From: ${this.fromHeader(c)}`, `To: <${this.requestUri(c)}>`, `Call-ID: ${c.callId}`, `CSeq: ${c.cseq} CANCEL`,
    ]);
  }

  /** @internal */
  sendInDialog(c: PhoneCall, method: 'BYE' | 'ACK', cseq?: number): void {
    if (c.invite) {
      // A call the PBX placed to us: our tag is in To, the PBX's in From.
      const inv = c.invite;
      this.send([
        `${method} ${/<([^>]+)>/.exec(inv.header('Contact') ?? '')?.[1] ?? `sip:127.0.0.1:${this.o.pbxPort}`} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${this.port};branch=z9hG4bK${rand()};rport`, 'Max-Forwards: 70',
        `From: ${inv.header('To') ?? ''};tag=${c.tag}`, `To: ${inv.header('From') ?? ''}`, `Call-ID: ${inv.header('Call-ID') ?? ''}`, `CSeq: ${++c.cseq + 100} ${method}`,
      ]);
      return;
    }
    this.send([
      `${method} ${c.remoteTarget || this.requestUri(c)} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${this.port};branch=z9hG4bK${rand()};rport`,
      'Max-Forwards: 70', ...c.routeSet.map((r) => `Route: ${r}`), `From: ${this.fromHeader(c)}`, `To: <${this.requestUri(c)}>;tag=${c.remoteTag}`,
      `Call-ID: ${c.callId}`, `CSeq: ${cseq ?? ++c.cseq} ${method}`,
    ]);
  }

  private ackFailure(c: PhoneCall, m: SipMessage): void {
    this.send([
      `ACK ${this.requestUri(c)} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${this.port};branch=${c.inviteBranch};rport`, 'Max-Forwards: 70',
      `From: ${this.fromHeader(c)}`, `To: ${m.header('To') ?? ''}`, `Call-ID: ${c.callId}`, `CSeq: ${c.cseq} ACK`,
    ]);
  }

  private digest(method: string, uri: string, challenge: string, header: string): string[] {
    const get = (k: string) => new RegExp(`${k}="?([^",]+)"?`).exec(challenge)?.[1] ?? '';
    const realm = get('realm');
    const nonce = get('nonce');
    const qop = /qop="?([^",]+)/.exec(challenge)?.[1]?.split(',').map((s) => s.trim()).includes('auth') ? 'auth' : '';
    const ha1 = md5(`${this.o.user}:${realm}:${this.o.password}`);
    const ha2 = md5(`${method}:${uri}`);
    const cnonce = rand(4);
    const nc = '00000001';
    const response = qop ? md5(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`);
    const opaque = get('opaque');
    return [`${header}: Digest username="${this.o.user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5`
      + (qop ? `, qop=${qop}, nc=${nc}, cnonce="${cnonce}"` : '') + (opaque ? `, opaque="${opaque}"` : '')];
  }

  private reply(m: SipMessage, status: number, reason: string, extra: string[] = [], body = ''): void {
    this.send([
      `SIP/2.0 ${status} ${reason}`, ...m.headers('Via').map((v) => `Via: ${v}`), `From: ${m.header('From') ?? ''}`, `To: ${m.header('To') ?? ''}`,
      `Call-ID: ${m.header('Call-ID') ?? ''}`, `CSeq: ${m.header('CSeq') ?? ''}`, ...extra,
    ], body);
  }

  private async incomingInvite(m: SipMessage): Promise<void> {
    const id = m.header('Call-ID') ?? '';
    const known = this.uas.get(id);
    if (this.binding.has(id)) return; // a retransmission while the first is being set up
    if (known && !/;\s*tag=/.test(m.header('To') ?? '')) {
      // A retransmission of the initial INVITE: the last response again (RFC 3261 §17.2.1).
      if (known.lastResponse) this.send(...known.lastResponse);
      return;
    }
    if (known) {
      // A re-INVITE within the dialog.
      if (known.state === 'confirmed') {
        known.reinvites++;
        known.remoteMedia = sdpMedia(m.body) ?? known.remoteMedia;
        this.reply(m, 200, 'OK', [`Contact: <sip:${this.o.user ?? 'uas'}@127.0.0.1:${this.port}>`, 'Content-Type: application/sdp'], this.sdp(known));
      }
      return;
    }
    const rtpSock = dgram.createSocket('udp4');
    this.binding.add(id);
    await new Promise<void>((r) => rtpSock.bind(0, '127.0.0.1', () => r()));
    this.binding.delete(id);
    const c = new PhoneCall(this, /sip:([^@;>]+)/.exec(m.firstLine)?.[1] ?? '', 'uas', rtpSock, rtpSock.address().port);
    rtpSock.on('message', (b) => c.onRtp(b, this.o.recordArrivals === true, this.o.recordAudio === true));
    c.invite = m;
    c.remoteMedia = sdpMedia(m.body);
    this.uas.set(id, c);
    this.received.push(c);
    const waiter = this.incomingWaiters.shift();
    if (waiter) waiter(c);
    const to = `${m.header('To') ?? ''};tag=${c.tag}`;
    const mode = this.o.incoming ?? 'answer';
    if (mode === 'busy') {
      c.lastResponse = [[`SIP/2.0 486 Busy Here`, ...m.headers('Via').map((v) => `Via: ${v}`), `From: ${m.header('From') ?? ''}`, `To: ${to}`, `Call-ID: ${id}`, `CSeq: ${m.header('CSeq') ?? ''}`]];
      this.send(...c.lastResponse);
      c.markEnded('rejected');
      return;
    }
    c.lastResponse = [[`SIP/2.0 180 Ringing`, ...m.headers('Via').map((v) => `Via: ${v}`), `From: ${m.header('From') ?? ''}`, `To: ${to}`, `Call-ID: ${id}`, `CSeq: ${m.header('CSeq') ?? ''}`, `Contact: <sip:${this.o.user ?? 'uas'}@127.0.0.1:${this.port}>`]];
    this.send(...c.lastResponse);
    c.state = 'early';
    if (mode === 'ring') return;
    await new Promise((r) => setTimeout(r, this.o.answerMs ?? 200));
    this.answerIncoming(c);
  }

  private onUasRequest(c: PhoneCall, m: SipMessage): void {
    switch (m.method) {
      case 'CANCEL':
        this.reply(m, 200, 'OK');
        if (c.state === 'early') {
          const inv = c.invite!;
          this.send([`SIP/2.0 487 Request Terminated`, ...inv.headers('Via').map((v) => `Via: ${v}`), `From: ${inv.header('From') ?? ''}`, `To: ${inv.header('To') ?? ''};tag=${c.tag}`, `Call-ID: ${inv.header('Call-ID') ?? ''}`, `CSeq: ${inv.header('CSeq') ?? ''}`]);
          c.markEnded('remote');
        }
        return;
      case 'BYE':
        this.reply(m, 200, 'OK');
        c.markEnded('remote');
        return;
      case 'ACK':
        c.acked = true;
        if (this.hangUpOnAck && c.state === 'confirmed') c.hangup();
        return;
      case 'INVITE':
        void this.incomingInvite(m);
        return;
      default:
        this.reply(m, 200, 'OK');
    }
  }

  private onMessage(m: SipMessage): void {
    if (process.env.SIPPHONE_TRACE) TRACE.push(`<<< ${this.o.user ?? this.port} ${performance.now().toFixed(1)}\n${m.raw}`);
    const id = m.header('Call-ID') ?? '';
    const u = this.uas.get(id);
    if (m.status === 0 && u) return this.onUasRequest(u, m);
    if (m.status === 0 && m.method === 'INVITE' && !this.calls.has(id)) {
      // A re-INVITE (To has our tag) of a call that is over: 481 (RFC 3261 §12.2.2), never a new call.
      if (/;\s*tag=/.test(m.header('To') ?? '')) this.reply(m, 481, 'Call/Transaction Does Not Exist');
      else void this.incomingInvite(m);
      return;
    }
    if (m.status !== 0 && (m.header('CSeq') ?? '').endsWith('REGISTER')) return this.onRegisterResponse(m);
    const c = this.calls.get(id);
    if (m.status === 0) {
      if (!c) {
        if (m.method === 'OPTIONS' || m.method === 'NOTIFY') this.reply(m, 200, 'OK');
        else if (m.method !== 'ACK') this.reply(m, 481, 'Call/Transaction Does Not Exist');
        return;
      }
      switch (m.method) {
        case 'ACK':
          return;
        case 'BYE':
          this.reply(m, 200, 'OK');
          c.markEnded('remote');
          return;
        case 'INVITE':
          c.reinvites++;
          c.remoteMedia = sdpMedia(m.body) ?? c.remoteMedia;
          this.reply(m, 200, 'OK', [`Contact: <sip:${c.fromUser}@127.0.0.1:${this.port}>`, 'Content-Type: application/sdp'], this.sdp(c));
          if (c.hangUpOnReinvite) c.hangup();
          return;
        default:
          this.reply(m, 200, 'OK');
          return;
      }
    }
    if (!c) return;
    const method = (m.header('CSeq') ?? '').split(/\s+/)[1];
    if (method !== 'INVITE') return;
    if (m.status < 200) {
      c.provisional.push(m.status);
      if (m.status > 100 && c.state === 'calling') c.state = 'early';
      return;
    }
    if ((m.status === 401 || m.status === 407) && this.o.user && (this.auth.get(c.callId) ?? 0) < 1) {
      this.ackFailure(c, m);
      this.auth.set(c.callId, 1);
      c.cseq++;
      c.inviteBranch = `z9hG4bK${rand()}`;
      const challenge = m.header(m.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate') ?? '';
      this.sendInvite(c, this.digest('INVITE', this.requestUri(c), challenge, m.status === 401 ? 'Authorization' : 'Proxy-Authorization'));
      return;
    }
    if (m.status >= 300) {
      this.ackFailure(c, m);
      c.finalStatus = m.status;
      c.markEnded('rejected');
      return;
    }
    // 2xx (also a retransmission): ACK every time, set up the dialog once.
    if (c.state !== 'confirmed' && c.state !== 'ended') {
      c.finalStatus = m.status;
      c.remoteTag = /tag=([^;>\s]+)/.exec(m.header('To') ?? '')?.[1] ?? '';
      c.remoteTarget = /<([^>]+)>/.exec(m.header('Contact') ?? '')?.[1] ?? '';
      c.routeSet = m.headers('Record-Route').flatMap((r) => r.split(',').map((x) => x.trim())).reverse();
      c.remoteMedia = sdpMedia(m.body);
      this.sendInDialog(c, 'ACK', c.cseq);
      c.markAnswered();
      return;
    }
    if (c.state === 'confirmed') this.sendInDialog(c, 'ACK', c.cseq);
  }
}
