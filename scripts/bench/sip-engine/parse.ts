/**
 * The SIP engine's message parser on the messages of an authenticated call (INVITE with
 * credentials and SDP, 200 OK with SDP, BYE): nanoseconds per message, after a warm-up.
 *
 *   npm run bench:parse [-- --rounds 300000]
 */
import { parseArgs } from 'node:util';
import { parseOrExit } from '../lib/args.js';
import { parseMessage } from '../../../engine/sip/src/message/index.js';

const { values } = parseOrExit(import.meta.filename, () => parseArgs({ options: { rounds: { type: 'string', default: '300000' } } }));
const ROUNDS = Number(values.rounds);
const sdp = 'v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';
const msg = (head: string[], body = '') => Buffer.from([...head, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n'));
const messages: Record<string, Buffer> = {
  'INVITE with credentials and SDP': msg([
    'INVITE sip:1002@127.0.0.1:5060 SIP/2.0', 'Via: SIP/2.0/UDP 127.0.0.1:40001;branch=z9hG4bK-1234-1-0;rport',
    'From: "1001" <sip:1001@127.0.0.1:5060>;tag=1234SIPpTag001', 'To: <sip:1002@127.0.0.1:5060>', 'Call-ID: 1-1234@127.0.0.1',
    'CSeq: 2 INVITE', 'Contact: <sip:1001@127.0.0.1:40001>', 'Max-Forwards: 70',
    'Proxy-Authorization: Digest username="1001",realm="bench.zentrale.test",uri="sip:1002@127.0.0.1:5060",nonce="mi4x0b.3f2a",response="0123456789abcdef0123456789abcdef",algorithm=MD5',
    'Subject: Performance Test', 'Content-Type: application/sdp'], sdp),
  '200 OK with SDP': msg([
    'SIP/2.0 200 OK', 'Via: SIP/2.0/UDP 127.0.0.1:5060;rport=5060;branch=z9hG4bK7f3a9c2e', 'From: <sip:1001@127.0.0.1>;tag=a1b2c3',
    'To: <sip:1002@127.0.0.1:40002>;tag=4321SIPpTag012', 'Call-ID: 0b9e2c6a-7d41-4c1e-9a55-2f0d3c8e1b77', 'CSeq: 1 INVITE',
    'Contact: <sip:1002@127.0.0.1:40002;transport=UDP>', 'Content-Type: application/sdp'], sdp),
  'BYE': msg([
    'BYE sip:127.0.0.1:5060 SIP/2.0', 'Via: SIP/2.0/UDP 127.0.0.1:40001;branch=z9hG4bK-1234-1-7', 'From: "1001" <sip:1001@127.0.0.1:5060>;tag=1234SIPpTag001',
    'To: <sip:1002@127.0.0.1:5060>;tag=8f2c1d', 'Call-ID: 1-1234@127.0.0.1', 'CSeq: 3 BYE', 'Max-Forwards: 70']),
};

for (const [name, buf] of Object.entries(messages)) {
  const first = parseMessage(buf);
  if (!first.ok) throw new Error(`${name}: ${first.reason}`);
  let headers = 0;
  for (let i = 0; i < ROUNDS / 10; i++) headers += (parseMessage(buf) as { ok: true; message: { headers: unknown[] } }).message.headers.length;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < ROUNDS; i++) {
    const r = parseMessage(buf);
    if (r.ok) headers += r.message.headers.length;
  }
  const ns = Number(process.hrtime.bigint() - t0) / ROUNDS;
  console.log(`${name} (${buf.length} bytes, ${first.message.headers.length} headers): ${ns.toFixed(0)} ns per parse, ${(1e9 / ns).toFixed(0)} messages/s (${headers} headers read)`);
}
