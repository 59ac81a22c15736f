/**
 * The phones of the presence bench, in their own process: one UDP socket that subscribes
 * (SUBSCRIBE with a precomputed digest answer, RFC 2617 without qop) to each user for each of
 * its watchers, answers every NOTIFY with 200 at once and notes when each arrived. Controlled
 * over the fork IPC channel: {cmd:'subscribe'}, {cmd:'report'}.
 */
import dgram from 'node:dgram';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DOMAIN, PASSWORD, ext, watchersOf } from './site.js';

const [sipPortArg, usersArg, windowArg] = process.argv.slice(2);
const serverPort = Number(sipPortArg);
const users = Number(usersArg);
const window = Number(windowArg ?? 100);
const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const now = () => performance.timeOrigin + performance.now();

// A phone gets one NOTIFY at a time; this sink gets thousands per second for 40,000 phones, so it
// asks for a large receive buffer (the kernel caps it at net.core.rmem_max).
const sock = dgram.createSocket({ type: 'udp4', recvBufferSize: 8 * 1024 * 1024 });
await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
const port = sock.address().port;

interface Sub {
  readonly target: number;
  readonly watcher: number;
  readonly callId: string;
  notifies: number[];
  accepted: boolean;
  lastCSeq: string;
  retry: NodeJS.Timeout | undefined;
}
const subs = new Map<string, Sub>();
let nonce = '';
let duplicates = 0;
let accepted = 0;
let inFlight = 0;
const queue: Sub[] = [];
let onAllAccepted: (() => void) | undefined;

function header(msg: string, name: string): string {
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'mi').exec(msg);
  return m?.[1]?.trim() ?? '';
}

function subscribe(s: Sub, withAuth: boolean): void {
  const uri = `sip:${ext(s.target)}@127.0.0.1:${serverPort}`;
  const user = ext(s.watcher);
  const lines = [
    `SUBSCRIBE ${uri} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK${s.callId}${withAuth ? 'a' : 'n'}`,
    `From: <sip:${user}@${DOMAIN}>;tag=${s.callId}`,
    `To: <sip:${ext(s.target)}@${DOMAIN}>`,
    `Call-ID: ${s.callId}`,
    `CSeq: ${withAuth ? 2 : 1} SUBSCRIBE`,
    `Contact: <sip:${user}@127.0.0.1:${port}>`,
    'Event: dialog',
    'Accept: application/dialog-info+xml',
    'Expires: 3600',
    'Max-Forwards: 70',
  ];
  if (withAuth) {
    const ha1 = md5(`${user}:${DOMAIN}:${PASSWORD}`);
    const response = md5(`${ha1}:${nonce}:${md5(`SUBSCRIBE:${uri}`)}`);
    lines.push(`Proxy-Authorization: Digest username="${user}", realm="${DOMAIN}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5`);
  }
  lines.push('Content-Length: 0', '', '');
  sock.send(lines.join('\r\n'), serverPort, '127.0.0.1');
}

// UDP may drop a burst; like a phone (RFC 3261 Timer E) the SUBSCRIBE is sent again until answered.
function send(s: Sub, tries = 0): void {
  subscribe(s, true);
  s.retry = setTimeout(() => { if (!s.accepted && tries < 10) send(s, tries + 1); }, 500 * 2 ** Math.min(tries, 3));
}

function pump(): void {
  while (inFlight < window && queue.length > 0) {
    inFlight += 1;
    send(queue.shift()!);
  }
}

const T0 = now();
sock.on('message', (buf) => {
  const msg = buf.toString();
  if (process.env.SINK_TRACE) process.stderr.write(`${(now() - T0).toFixed(1)} ${msg.split('\r\n')[0]} ${header(msg, 'Call-ID')} ${header(msg, 'CSeq')}\n`);
  const callId = header(msg, 'Call-ID');
  if (msg.startsWith('SIP/2.0 ')) {
    const status = Number(msg.slice(8, 11));
    const sub = subs.get(callId);
    if (status === 407 && nonce === '') {
      nonce = /nonce="([^"]+)"/.exec(msg)?.[1] ?? '';
      for (const s of subs.values()) queue.push(s);
      pump();
    } else if (sub && status >= 200 && !sub.accepted) {
      clearTimeout(sub.retry);
      sub.accepted = true;
      if (status !== 202 && status !== 200) process.send?.({ event: 'refused', status });
      accepted += 1;
      inFlight -= 1;
      if (accepted === subs.size) onAllAccepted?.();
      pump();
    }
    return;
  }
  if (msg.startsWith('NOTIFY ')) {
    const sub = subs.get(callId);
    const cseq = header(msg, 'CSeq');
    // A retransmitted NOTIFY (our 200 was lost) is answered again but counted once.
    if (sub && cseq !== sub.lastCSeq) {
      sub.lastCSeq = cseq;
      sub.notifies.push(now());
    } else if (sub) duplicates += 1;
    const reply = ['SIP/2.0 200 OK', ...['Via', 'From', 'To', 'Call-ID', 'CSeq'].map((h) => `${h}: ${header(msg, h)}`), 'Content-Length: 0', '', ''].join('\r\n');
    sock.send(reply, serverPort, '127.0.0.1');
  }
});

process.on('message', (m: { cmd: string }) => {
  if (m.cmd === 'subscribe') {
    for (let target = 0; target < users; target++) {
      for (const watcher of watchersOf(target)) {
        const callId = `b${target}w${watcher}`;
        subs.set(callId, { target, watcher, callId, notifies: [], accepted: false, lastCSeq: '', retry: undefined });
      }
    }
    onAllAccepted = () => process.send?.({ event: 'subscribed', count: subs.size });
    // One unauthenticated SUBSCRIBE fetches a nonce (stateless, valid for five minutes).
    subscribe(subs.values().next().value!, false);
  } else if (m.cmd === 'reset') {
    duplicates = 0;
  } else if (m.cmd === 'report') {
    // Per watched user: arrival times of the NOTIFYs after the initial one.
    const arrivals: Record<number, number[]> = {};
    for (const s of subs.values()) (arrivals[s.target] ??= []).push(...s.notifies.slice(1));
    process.send?.({ event: 'report', arrivals, duplicates });
  } else if (m.cmd === 'exit') {
    sock.close();
    process.exit(0);
  }
});
process.send?.({ event: 'ready', port });
