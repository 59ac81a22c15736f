import t from 'tap';
import { InviteServerTransaction, NonInviteServerTransaction } from '../../../../../engine/sip/src/transaction/server.js';
import type { Target } from '../../../../../engine/sip/src/transport/types.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';
import { T, recorder, request, response, startLine, tcp, udp } from './harness.js';

function ist(target: Target = udp) {
  const clock = new ManualClock();
  const wire = recorder(clock);
  const ackTimeouts: number[] = [];
  const terminatedAt: number[] = [];
  const req = request('INVITE');
  const txn = new InviteServerTransaction('key', req, target, wire.send, clock, T, { ackTimeout: () => ackTimeouts.push(clock.now()) });
  txn.onTerminated = () => terminatedAt.push(clock.now());
  return { clock, wire, ackTimeouts, terminatedAt, req, txn };
}

function nist(target: Target = udp) {
  const clock = new ManualClock();
  const wire = recorder(clock);
  const terminatedAt: number[] = [];
  const req = request('REGISTER');
  const txn = new NonInviteServerTransaction('key', req, target, wire.send, clock, T);
  txn.onTerminated = () => terminatedAt.push(clock.now());
  return { clock, wire, terminatedAt, req, txn };
}

const sendsOf = (sent: ReadonlyArray<{ at: number; text: string }>, status: number): number[] =>
  sent.filter((s) => s.text.startsWith(`SIP/2.0 ${status} `)).map((s) => s.at);

void t.test('IST: a retransmitted INVITE gets the latest provisional again (RFC 3261 §17.2.1)', async (t) => {
  const { clock, wire, req, txn } = ist();
  t.equal(txn.state, 'proceeding');
  txn.retransmission();
  t.same(wire.sent, [], 'nothing to repeat before any response');
  txn.respond(response(req, 100));
  clock.advance(300);
  txn.respond(response(req, 180));
  clock.advance(300);
  txn.retransmission();
  t.same(wire.sent.map((s) => [s.at, startLine(s)]), [[0, 'SIP/2.0 100 Status 100'], [300, 'SIP/2.0 180 Status 180'], [600, 'SIP/2.0 180 Status 180']]);
  clock.advance(100_000);
  t.equal(wire.sent.length, 3, 'provisionals are not retransmitted by timer');
  t.equal(txn.state, 'proceeding');
});

void t.test('IST: a 2xx is retransmitted at T1 doubling up to T2 until the ACK, then the transaction ends T4 after the ACK', async (t) => {
  const { clock, wire, ackTimeouts, terminatedAt, req, txn } = ist();
  clock.advance(100);
  const text = txn.respond(response(req, 200));
  t.equal(txn.state, 'accepted');
  clock.advance(8000);
  t.same(sendsOf(wire.sent, 200), [100, 600, 1600, 3600, 7600]);
  t.ok(wire.sent.every((s) => s.text === text), 'the same 2xx each time');
  txn.retransmission();
  t.equal(wire.sent.length, 5, 'a retransmitted INVITE is absorbed in Accepted (RFC 6026 §7.1)');
  t.equal(txn.ackFor2xx(), true, 'the first ACK is new');
  t.equal(txn.ackFor2xx(), false, 'a repeated ACK is not');
  t.equal(txn.ackReceived, true);
  clock.advance(100_000);
  t.same(sendsOf(wire.sent, 200), [100, 600, 1600, 3600, 7600], 'no retransmission after the ACK');
  t.same(ackTimeouts, []);
  // Not Timer L (64*T1 after the 2xx): the ACK proves the UAC stopped retransmitting within T4.
  t.same(terminatedAt, [8100 + 5000]);
});

void t.test('IST: a 2xx never ACKed is retransmitted every T2 and reported at 64*T1', async (t) => {
  const { clock, wire, ackTimeouts, terminatedAt, req, txn } = ist();
  txn.respond(response(req, 200));
  clock.advance(100_000);
  t.same(sendsOf(wire.sent, 200), [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
  t.same(ackTimeouts, [32_000]);
  t.same(terminatedAt, [32_000]);
  t.equal(clock.pending, 0);
});

void t.test('IST: a non-2xx is retransmitted by Timer G up to T2 and abandoned by Timer H', async (t) => {
  const { clock, wire, ackTimeouts, terminatedAt, req, txn } = ist();
  txn.respond(response(req, 486));
  t.equal(txn.state, 'completed');
  clock.advance(2000);
  txn.retransmission();
  clock.advance(100_000);
  t.same(sendsOf(wire.sent, 486), [0, 500, 1500, 2000, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500], 'Timer G plus one answer to a retransmitted INVITE');
  t.same(terminatedAt, [32_000]);
  t.same(ackTimeouts, [], 'the 2xx ACK timeout is not reported for a non-2xx');
});

void t.test('IST: the ACK of a non-2xx confirms it, stops Timer G and absorbs ACKs until Timer I', async (t) => {
  const { clock, wire, terminatedAt, req, txn } = ist();
  txn.respond(response(req, 404));
  clock.advance(1000);
  txn.ackForFinal();
  t.equal(txn.state, 'confirmed');
  clock.advance(1000);
  txn.ackForFinal();
  txn.retransmission();
  clock.advance(100_000);
  t.same(sendsOf(wire.sent, 404), [0, 500], 'nothing after the ACK');
  t.same(terminatedAt, [1000 + 5000], 'Timer I: T4 on UDP');
});

void t.test('IST over TCP: no Timer G or 2xx retransmission; Timers H and L still run; Timer I is zero', async (t) => {
  {
    const { clock, wire, ackTimeouts, req, txn } = ist(tcp);
    txn.respond(response(req, 200));
    clock.advance(100_000);
    t.same(sendsOf(wire.sent, 200), [0]);
    t.same(ackTimeouts, [32_000], 'an unacknowledged 2xx is still reported');
  }
  {
    const { clock, wire, terminatedAt, req, txn } = ist(tcp);
    txn.respond(response(req, 486));
    clock.advance(100_000);
    t.same(sendsOf(wire.sent, 486), [0]);
    t.same(terminatedAt, [32_000], 'Timer H');
  }
  {
    const { clock, terminatedAt, req, txn } = ist(tcp);
    txn.respond(response(req, 486));
    clock.advance(700);
    txn.ackForFinal();
    t.same(terminatedAt, [700], 'confirmed and terminated at once');
  }
});

void t.test('IST: a second final response is a bug and throws', async (t) => {
  const { req, txn } = ist();
  txn.respond(response(req, 486));
  t.throws(() => txn.respond(response(req, 200)), /IST: response 200 in state completed/);
  const b = ist();
  b.txn.respond(response(b.req, 200));
  t.throws(() => b.txn.respond(response(b.req, 180)), /IST: response 180 in state accepted/);
});

void t.test('IST in proxy mode forwards further 2xx statelessly and neither retransmits nor reports ACK timeouts', async (t) => {
  const { clock, wire, ackTimeouts, terminatedAt, req, txn } = ist();
  txn.uasMode = false;
  txn.respond(response(req, 200, 'a'));
  clock.advance(1000);
  txn.respond(response(req, 200, 'b'));
  clock.advance(100_000);
  t.same(sendsOf(wire.sent, 200), [0, 1000]);
  t.match(wire.sent[1]!.text, /tag=b/);
  t.same(ackTimeouts, []);
  t.same(terminatedAt, [32_000]);
});

void t.test('NIST: retransmitted requests are discarded in Trying and answered in Proceeding and Completed', async (t) => {
  const { clock, wire, terminatedAt, req, txn } = nist();
  t.equal(txn.state, 'trying');
  txn.retransmission();
  t.same(wire.sent, []);
  txn.respond(response(req, 100));
  t.equal(txn.state, 'proceeding');
  clock.advance(100);
  txn.retransmission();
  clock.advance(100);
  txn.respond(response(req, 200));
  t.equal(txn.state, 'completed');
  clock.advance(10_000);
  txn.retransmission();
  t.same(wire.sent.map((s) => [s.at, startLine(s).slice(0, 11)]), [[0, 'SIP/2.0 100'], [100, 'SIP/2.0 100'], [200, 'SIP/2.0 200'], [10_200, 'SIP/2.0 200']]);
  clock.advance(100_000);
  t.same(terminatedAt, [200 + 32_000], 'Timer J: 64*T1 on UDP');
  txn.retransmission();
  t.equal(wire.sent.length, 4, 'nothing after termination');
  t.equal(txn.finalSent, true);
});

void t.test('NIST: no final is ever sent twice, and Timer J is zero over TCP', async (t) => {
  const { req, txn } = nist();
  txn.respond(response(req, 200));
  t.throws(() => txn.respond(response(req, 200)), /NIST: response 200 in state completed/);
  const b = nist(tcp);
  b.clock.advance(40);
  b.txn.respond(response(b.req, 403));
  t.same(b.terminatedAt, [40]);
  t.throws(() => b.txn.respond(response(b.req, 403)), /in state terminated/);
});

void t.test('terminate releases every timer and reports once', async (t) => {
  const { clock, terminatedAt, req, txn } = ist();
  txn.respond(response(req, 200));
  t.ok(clock.pending > 0);
  txn.terminate();
  txn.terminate();
  t.equal(clock.pending, 0);
  t.same(terminatedAt, [0]);
});
