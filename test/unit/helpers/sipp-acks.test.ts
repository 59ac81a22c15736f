/**
 * The check that SIPp peers ACK non-2xx answers on their INVITE's branch (RFC 3261 §17.1.1.3),
 * on traces in SIPp's `-trace_msg` format.
 */
import t from 'tap';
import { misbranchedAcks } from '../../helpers/sipp.js';

const block = (dir: 'sent' | 'received', text: string, transport = 'UDP') => {
  const msg = text.trim().split('\n').map((l) => l.trim()).join('\r\n') + '\r\n\r\n';
  const head = dir === 'sent' ? `${transport} message sent (${msg.length} bytes):` : `${transport} message received [${msg.length}] bytes :`;
  return `----------------------------------------------- 2026-11-24 08:40:32.825200\n${head}\n\n${msg}\n`;
};
const req = (method: string, cseq: number, branch: string, callId = '1-100@127.0.0.1') => `
  ${method} sip:30002@127.0.0.1:5099 SIP/2.0
  Via: SIP/2.0/UDP 127.0.0.1:5098;branch=${branch}
  From: <sip:30001@127.0.0.1:5099>;tag=100SIPpTag001
  To: <sip:30002@127.0.0.1:5099>${method === 'ACK' ? ';tag=x1' : ''}
  Call-ID: ${callId}
  CSeq: ${cseq} ${method}
  Content-Length: 0`;
const res = (status: string, cseq: number, branch: string, callId = '1-100@127.0.0.1', method = 'INVITE') => `
  SIP/2.0 ${status}
  Via: SIP/2.0/UDP 127.0.0.1:5098;branch=${branch}
  From: <sip:30001@127.0.0.1:5099>;tag=100SIPpTag001
  To: <sip:30002@127.0.0.1:5099>;tag=x1
  Call-ID: ${callId}
  CSeq: ${cseq} ${method}
  Content-Length: 0`;

void t.test('an authenticated call whose ACKs are right: none reported', async (t) => {
  const trace = [
    block('sent', req('INVITE', 1, 'z9hG4bK-100-1-0')),
    block('received', res('100 Trying', 1, 'z9hG4bK-100-1-0')),
    block('received', res('407 Proxy Authentication Required', 1, 'z9hG4bK-100-1-0')),
    block('sent', req('ACK', 1, 'z9hG4bK-100-1-0')),
    block('sent', req('INVITE', 2, 'z9hG4bK-100-1-4')),
    block('received', res('200 OK', 2, 'z9hG4bK-100-1-4')),
    // The ACK of a 2xx is a transaction of its own: a new branch is right.
    block('sent', req('ACK', 2, 'z9hG4bK-100-1-7')),
    block('sent', req('BYE', 3, 'z9hG4bK-100-1-8')),
    block('received', res('200 OK', 3, 'z9hG4bK-100-1-8', undefined, 'BYE')),
  ].join('');
  t.same(misbranchedAcks(trace), []);
});

void t.test("an ACK of a 407 on its own branch is reported, with the INVITE's branch", async (t) => {
  const trace = [
    block('sent', req('INVITE', 1, 'z9hG4bK-100-1-0')),
    block('received', res('407 Proxy Authentication Required', 1, 'z9hG4bK-100-1-0')),
    block('sent', req('ACK', 1, 'z9hG4bK-100-1-3')),
  ].join('');
  const found = misbranchedAcks(trace);
  t.equal(found.length, 1);
  t.match(found[0], /ACK for 407 .* on branch z9hG4bK-100-1-3, its INVITE on z9hG4bK-100-1-0/);
});

void t.test('over TCP, a 487 after CANCEL, and calls kept apart by Call-ID', async (t) => {
  const a = '1-100@127.0.0.1';
  const b = '2-100@127.0.0.1';
  const trace = [
    block('sent', req('INVITE', 1, 'z9hG4bK-100-1-0', a), 'TCP'),
    block('sent', req('INVITE', 1, 'z9hG4bK-100-2-0', b), 'TCP'),
    block('sent', req('CANCEL', 1, 'z9hG4bK-100-1-0', a), 'TCP'),
    block('received', res('200 OK', 1, 'z9hG4bK-100-1-0', a, 'CANCEL'), 'TCP'),
    block('received', res('487 Request Terminated', 1, 'z9hG4bK-100-1-0', a), 'TCP'),
    block('received', res('486 Busy Here', 1, 'z9hG4bK-100-2-0', b), 'TCP'),
    // Call b's ACK is right; call a's carries call b's branch.
    block('sent', req('ACK', 1, 'z9hG4bK-100-2-0', b), 'TCP'),
    block('sent', req('ACK', 1, 'z9hG4bK-100-2-0', a), 'TCP'),
  ].join('');
  const found = misbranchedAcks(trace);
  t.equal(found.length, 1);
  t.match(found[0], /ACK for 487 \(Call-ID 1-100@127\.0\.0\.1 1\)/);
});

void t.test('an empty trace and text that is no trace report nothing', async (t) => {
  t.same(misbranchedAcks(''), []);
  t.same(misbranchedAcks('sipp: no messages\n'), []);
});
