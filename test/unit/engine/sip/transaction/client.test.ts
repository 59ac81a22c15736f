import t from 'tap';
import type { SipMessage } from '../../../../../engine/sip/src/message/index.js';
import {
  InviteClientTransaction, NonInviteClientTransaction, buildNonSuccessAck, type ClientTransaction, type ClientTransactionUser,
} from '../../../../../engine/sip/src/transaction/client.js';
import type { Target } from '../../../../../engine/sip/src/transport/types.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';
import { T, parsed, recorder, request, response, startLine, tcp, udp } from './harness.js';

interface Seen {
  responses: Array<{ at: number; status: number }>;
  timeouts: Array<{ at: number; cause: string }>;
  terminatedAt: number[];
}

function setup(kind: 'ict' | 'nict', target: Target = udp, method = kind === 'ict' ? 'INVITE' : 'OPTIONS') {
  const clock = new ManualClock();
  const wire = recorder(clock);
  const seen: Seen = { responses: [], timeouts: [], terminatedAt: [] };
  const user: ClientTransactionUser = {
    response: (res) => seen.responses.push({ at: clock.now(), status: res.status }),
    timeout: (_txn, cause) => seen.timeouts.push({ at: clock.now(), cause }),
  };
  const req = request(method);
  const Txn = kind === 'ict' ? InviteClientTransaction : NonInviteClientTransaction;
  const txn: ClientTransaction = new Txn('key', req, target, wire.send, clock, T, user);
  txn.onTerminated = () => seen.terminatedAt.push(clock.now());
  return { clock, wire, seen, req, txn };
}

const requestSends = (sent: ReadonlyArray<{ at: number; text: string }>, method: string): number[] =>
  sent.filter((s) => s.text.startsWith(`${method} `)).map((s) => s.at);

void t.test('ICT: Timer A retransmits the INVITE at T1, 2T1, 4T1... and Timer B times out at 64*T1 (RFC 3261 §17.1.1.2)', async (t) => {
  const { clock, wire, seen, txn } = setup('ict');
  txn.start();
  t.same(wire.sent.map((s) => s.at), [0], 'sent at once');
  clock.advance(100_000);
  t.same(requestSends(wire.sent, 'INVITE'), [0, 500, 1500, 3500, 7500, 15500, 31500]);
  t.same(seen.timeouts, [{ at: 32_000, cause: 'timeout' }]);
  t.equal(txn.state, 'terminated');
  t.same(seen.terminatedAt, [32_000]);
  t.same(seen.responses, []);
  t.equal(clock.pending, 0, 'no timer left behind');
});

void t.test('ICT: a provisional stops Timer A, and Timer B no longer times out in Proceeding', async (t) => {
  const { clock, wire, seen, txn, req } = setup('ict');
  txn.start();
  clock.advance(1000);
  txn.receive(response(req, 180));
  t.equal(txn.state, 'proceeding');
  t.equal(txn.lastProvisional, 180);
  clock.advance(100_000);
  t.same(requestSends(wire.sent, 'INVITE'), [0, 500]);
  t.same(seen.timeouts, []);
  t.same(seen.responses, [{ at: 1000, status: 180 }]);
  txn.receive(response(req, 183));
  t.same(seen.responses.map((r) => r.status), [180, 183], 'every provisional reaches the TU');
});

void t.test('ICT: a non-2xx final is ACKed at once, its retransmissions re-send the ACK only, Timer D ends it', async (t) => {
  const { clock, wire, seen, txn, req } = setup('ict');
  txn.start();
  clock.advance(600);
  txn.receive(response(req, 180));
  clock.advance(400);
  const final = response(req, 486, 'busy-tag');
  txn.receive(final);
  t.equal(txn.state, 'completed');
  t.equal(txn.finalStatus, 486);
  const acks = () => wire.sent.filter((s) => s.text.startsWith('ACK '));
  t.same(acks().map((s) => s.at), [1000]);
  t.same(seen.responses.map((r) => r.status), [180, 486]);

  const ack = parsed(acks()[0]!);
  t.equal(ack.uri, req.uri, 'same Request-URI');
  t.same(ack.getAll('via'), [req.first('via')], 'only the top Via of the INVITE');
  t.same(ack.getAll('route'), req.getAll('route'), 'Route of the INVITE');
  t.equal(ack.get('from'), req.get('from'));
  t.equal(ack.get('to'), '<sip:service@example.invalid>;tag=busy-tag', 'To of the response, with its tag');
  t.equal(ack.callId, req.callId);
  t.same(ack.cseq, { seq: 1, method: 'ACK' });

  clock.advance(2000);
  txn.receive(final);
  txn.receive(final);
  t.same(acks().map((s) => s.at), [1000, 3000, 3000], 'each retransmitted final re-sends the ACK');
  t.equal(acks()[1]!.text, acks()[0]!.text, 'the very same ACK');
  t.same(seen.responses.map((r) => r.status), [180, 486], 'retransmissions are not passed up');
  clock.advance(100_000);
  t.same(seen.terminatedAt, [1000 + 32_000], 'Timer D: 64*T1 on UDP');
  txn.receive(final);
  t.equal(acks().length, 3, 'nothing after termination');
  t.same(requestSends(wire.sent, 'INVITE'), [0, 500], 'no INVITE retransmission after the provisional');
});

void t.test('ICT: a 2xx moves to Accepted (RFC 6026), sends no ACK, passes 2xx retransmissions up, Timer M ends it', async (t) => {
  const { clock, wire, seen, txn, req } = setup('ict');
  txn.start();
  clock.advance(700);
  const ok = response(req, 200);
  txn.receive(ok);
  t.equal(txn.state, 'accepted');
  clock.advance(5000);
  txn.receive(ok);
  txn.receive(response(req, 200, 'forked-tag'));
  txn.receive(response(req, 486));
  txn.receive(response(req, 180));
  t.same(seen.responses, [{ at: 700, status: 200 }, { at: 5700, status: 200 }, { at: 5700, status: 200 }], '2xx retransmissions and forks reach the TU; others do not');
  t.same(wire.sent.filter((s) => s.text.startsWith('ACK ')), [], 'the TU ACKs a 2xx, not the transaction');
  t.same(requestSends(wire.sent, 'INVITE'), [0, 500], 'Timer A stopped');
  clock.advance(100_000);
  t.same(seen.terminatedAt, [700 + 32_000]);
  t.same(seen.timeouts, [], 'Timer B does not fire after a 2xx');
});

void t.test('ICT over TCP: no retransmissions, Timer B still applies, Timer D is zero', async (t) => {
  {
    const { clock, wire, seen, txn } = setup('ict', tcp);
    txn.start();
    clock.advance(100_000);
    t.same(requestSends(wire.sent, 'INVITE'), [0]);
    t.same(seen.timeouts, [{ at: 32_000, cause: 'timeout' }]);
  }
  {
    const { clock, wire, seen, txn, req } = setup('ict', tcp);
    txn.start();
    clock.advance(50);
    txn.receive(response(req, 603));
    t.equal(txn.state, 'terminated', 'terminated at once after the ACK');
    t.same(seen.terminatedAt, [50]);
    t.same(wire.sent.map((s) => startLine(s)), ['INVITE sip:service@example.invalid SIP/2.0', 'ACK sip:service@example.invalid SIP/2.0']);
  }
});

void t.test('a client transaction whose first send fails reports a transport timeout on the next tick', async (t) => {
  for (const kind of ['ict', 'nict'] as const) {
    const { clock, wire, seen, txn } = setup(kind);
    wire.accept = false;
    txn.start();
    t.same(seen.timeouts, [], `${kind}: not from inside start()`);
    clock.advance(0);
    t.same(seen.timeouts, [{ at: 0, cause: 'transport' }], kind);
    t.equal(txn.state, 'terminated');
    clock.advance(100_000);
    t.equal(wire.sent.length, 1, `${kind}: no retransmission after the failure`);
  }
});

void t.test('transportError ends a pending client transaction once and is ignored after a final', async (t) => {
  const a = setup('nict', tcp);
  a.txn.start();
  a.txn.transportError();
  a.txn.transportError();
  t.same(a.seen.timeouts.map((x) => x.cause), ['transport']);
  t.same(a.seen.terminatedAt, [0]);
  const b = setup('ict');
  b.txn.start();
  b.txn.receive(response(b.req, 200));
  b.txn.transportError();
  t.same(b.seen.timeouts, []);
  t.equal(b.txn.state, 'accepted');
});

void t.test('NICT: Timer E doubles from T1 up to T2, Timer F times out at 64*T1 (RFC 3261 §17.1.2.2)', async (t) => {
  const { clock, wire, seen, txn } = setup('nict');
  txn.start();
  clock.advance(100_000);
  t.same(requestSends(wire.sent, 'OPTIONS'), [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
  t.same(seen.timeouts, [{ at: 32_000, cause: 'timeout' }]);
  t.equal(txn.state, 'terminated');
  t.equal(clock.pending, 0);
});

void t.test('NICT: in Proceeding Timer E fires every T2, and Timer F still times out', async (t) => {
  const { clock, wire, seen, txn, req } = setup('nict');
  txn.start();
  clock.advance(200);
  txn.receive(response(req, 100));
  t.equal(txn.state, 'proceeding');
  clock.advance(100_000);
  t.same(requestSends(wire.sent, 'OPTIONS'), [0, 500, 4500, 8500, 12500, 16500, 20500, 24500, 28500]);
  t.same(seen.timeouts, [{ at: 32_000, cause: 'timeout' }]);
  t.same(seen.responses, [{ at: 200, status: 100 }]);
});

void t.test('NICT: a final response completes it, retransmissions are absorbed, Timer K ends it after T4', async (t) => {
  const { clock, wire, seen, txn, req } = setup('nict');
  txn.start();
  clock.advance(1600);
  const ok = response(req, 200);
  txn.receive(ok);
  t.equal(txn.state, 'completed');
  clock.advance(1000);
  txn.receive(ok);
  txn.receive(response(req, 100));
  t.same(seen.responses, [{ at: 1600, status: 200 }], 'the TU sees the final once');
  clock.advance(100_000);
  t.same(requestSends(wire.sent, 'OPTIONS'), [0, 500, 1500]);
  t.same(seen.terminatedAt, [1600 + 5000]);
  t.same(seen.timeouts, []);
});

void t.test('NICT over TCP: no Timer E, Timer F applies, Timer K is zero', async (t) => {
  const a = setup('nict', tcp);
  a.txn.start();
  a.clock.advance(100_000);
  t.same(requestSends(a.wire.sent, 'OPTIONS'), [0]);
  t.same(a.seen.timeouts, [{ at: 32_000, cause: 'timeout' }]);
  const b = setup('nict', tcp);
  b.txn.start();
  b.clock.advance(10);
  b.txn.receive(response(b.req, 404));
  t.same(b.seen.terminatedAt, [10]);
});

void t.test('buildNonSuccessAck falls back to the INVITE To when the response has none', async (t) => {
  const req = request('INVITE', { seq: 41 });
  const res = response(req, 500);
  res.remove('to');
  const ack: SipMessage = buildNonSuccessAck(req, res);
  t.equal(ack.get('to'), req.get('to'));
  t.same(ack.cseq, { seq: 41, method: 'ACK' });
  t.equal(ack.get('max-forwards'), '70');
});
