/** SIPp's -trace_msg log must become one record per message, with SIPp's direction and exact bytes. */
import t from 'tap';
import { parseSippTrace } from './sipp-trace.js';

const invite = 'INVITE sip:x@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1\r\nContent-Length: 4\r\n\r\nv=0\n';
const ringing = 'SIP/2.0 180 Ringing\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n';
const log = [
  '----------------------------------------------- 2026-11-23 19:21:51.522787',
  `UDP message sent (${Buffer.byteLength(invite)} bytes):`, '', invite,
  '----------------------------------------------- 2026-11-23 19:21:51.525430',
  `UDP message received [${Buffer.byteLength(ringing)}] bytes :`, '', ringing, '',
].join('\n');

void t.test('sent and received blocks become caller->drachtio and drachtio->caller records', async (t) => {
  const rs = parseSippTrace(log, 'caller');
  t.same(rs.map((r) => [r.channel, r.dir, r.summary]), [['sip:caller', 'caller->drachtio', 'sip INVITE'], ['sip:caller', 'drachtio->caller', 'sip 180 INVITE']]);
  t.equal(rs[0]?.text, invite, 'the body keeps its own trailing newline and nothing more');
  t.equal(rs[1]?.text, ringing);
});

void t.test('a callee trace uses the callee directions', async (t) => {
  t.same(parseSippTrace(log, 'callee').map((r) => r.dir), ['callee->drachtio', 'drachtio->callee']);
});

void t.test('an unreadable block throws instead of shortening the capture', async (t) => {
  t.throws(() => parseSippTrace('garbage\n', 'caller'));
});
