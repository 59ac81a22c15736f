/**
 * A minimal SIP client over UDP for protocol checks SIPp cannot make (SHA-256 digest, exact
 * REGISTER contents). It sends one request at a time and returns the final response.
 */
import type { Socket as DgramSocket } from 'node:dgram';
import dgram from 'node:dgram';
import { createHash, randomBytes } from 'node:crypto';

/** A parsed response. */
export interface RawResponse {
  readonly status: number;
  readonly text: string;
  header(name: string): string | undefined;
  headers(name: string): string[];
}

function parse(text: string): RawResponse {
  const lines = text.split('\r\n');
  const status = Number(/^SIP\/2\.0 (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
  const all = (name: string) => lines.filter((l) => l.toLowerCase().startsWith(name.toLowerCase() + ':')).map((l) => l.slice(l.indexOf(':') + 1).trim());
  return { status, text, header: (n) => all(n)[0], headers: all };
}

/** A UDP SIP client bound to 127.0.0.1. */
export class RawSipClient {
  private sock = dgram.createSocket('udp4');
  private waiting: ((r: RawResponse) => void) | undefined;
  port = 0;
  private cseq = 1;
  readonly callId = `${randomBytes(6).toString('hex')}@127.0.0.1`;
  readonly tag = randomBytes(4).toString('hex');

  async open(): Promise<void> {
    await new Promise<void>((r) => this.sock.bind(0, '127.0.0.1', () => r()));
    this.port = this.sock.address().port;
    this.sock.on('message', (m) => {
      const r = parse(m.toString());
      if (r.status >= 200 && this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(r);
      }
    });
  }

  close(): void {
    this.sock.close();
  }

  /** Sends a REGISTER for `user` with extra header lines; resolves with the final response. */
  register(pbxPort: number, user: string, extra: string[]): Promise<RawResponse> {
    const lines = [
      `REGISTER sip:127.0.0.1:${pbxPort} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${this.port};branch=z9hG4bK${randomBytes(6).toString('hex')};rport`,
      'Max-Forwards: 70', `From: <sip:${user}@127.0.0.1:${pbxPort}>;tag=${this.tag}`, `To: <sip:${user}@127.0.0.1:${pbxPort}>`,
      `Call-ID: ${this.callId}`, `CSeq: ${this.cseq++} REGISTER`, ...extra, 'Content-Length: 0', '', '',
    ];
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no final response')), 10_000);
      this.waiting = (r) => { clearTimeout(timer); resolve(r); };
      this.sock.send(lines.join('\r\n'), pbxPort, '127.0.0.1');
    });
  }
}

/** An Authorization header answering `challenge` (qop=auth when offered). */
export function authorize(challenge: string, user: string, password: string, method: string, uri: string): string {
  const p = Object.fromEntries([...challenge.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g)].map((m) => [m[1]!.toLowerCase(), m[2] ?? m[3]!]));
  const alg = (p.algorithm ?? 'MD5').toUpperCase();
  const h = (s: string) => createHash(alg === 'SHA-256' ? 'sha256' : 'md5').update(s).digest('hex');
  const ha1 = h(`${user}:${p.realm}:${password}`);
  const ha2 = h(`${method}:${uri}`);
  const cnonce = randomBytes(6).toString('hex');
  const nc = '00000001';
  const response = p.qop ? h(`${ha1}:${p.nonce}:${nc}:${cnonce}:auth:${ha2}`) : h(`${ha1}:${p.nonce}:${ha2}`);
  const qop = p.qop ? `, qop=auth, nc=${nc}, cnonce="${cnonce}"` : '';
  return `Digest username="${user}", realm="${p.realm}", nonce="${p.nonce}", uri="${uri}", response="${response}", algorithm=${alg}${qop}`;
}

/** Answers OPTIONS requests on a client's socket with 200 (a live phone), counting them. */
export function answerOptions(client: RawSipClient): { count: () => number } {
  let n = 0;
  const sock = (client as unknown as { sock: DgramSocket }).sock;
  sock.on('message', (m, rinfo) => {
    const text = m.toString();
    if (!text.startsWith('OPTIONS ')) return;
    n++;
    const pick = (h: string) => new RegExp(`^${h}:[^\\r\\n]*`, 'mi').exec(text)?.[0] ?? '';
    const vias = text.split('\r\n').filter((l) => /^via:/i.test(l)).join('\r\n');
    sock.send(`SIP/2.0 200 OK\r\n${vias}\r\n${pick('From')}\r\n${pick('To')};tag=ka\r\n${pick('Call-ID')}\r\n${pick('CSeq')}\r\nContent-Length: 0\r\n\r\n`, rinfo.port, rinfo.address);
  });
  return { count: () => n };
}

/** Counts OPTIONS requests arriving without answering them (a phone that went away). */
export function countOptions(client: RawSipClient): { count: () => number } {
  let n = 0;
  const sock = (client as unknown as { sock: DgramSocket }).sock;
  sock.on('message', (m) => { if (m.toString().startsWith('OPTIONS ')) n++; });
  return { count: () => n };
}
