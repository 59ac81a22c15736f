import t from 'tap';
import { TransactionLayer, targetOf } from '../../../../../engine/sip/src/transaction/transaction-layer.js';
import { InviteServerTransaction, NonInviteServerTransaction } from '../../../../../engine/sip/src/transaction/server.js';
import { InviteClientTransaction, NonInviteClientTransaction, type ClientTransactionUser } from '../../../../../engine/sip/src/transaction/client.js';
import { topVia } from '../../../../../engine/sip/src/transaction/keys.js';
import type { Connection, Flow } from '../../../../../engine/sip/src/transport/types.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';
import { T, recorder, request, response, tcp, udp } from './harness.js';

const flow: Flow = { protocol: 'udp', remoteAddress: '127.0.0.1', remotePort: 5070, localAddress: '127.0.0.1', localPort: 5060, connection: undefined };
const noUser = { ackTimeout: () => undefined };

function layer() {
  const clock = new ManualClock();
  const wire = recorder(clock);
  const timeouts: string[] = [];
  const responses: number[] = [];
  const user: ClientTransactionUser = {
    response: (res) => responses.push(res.status),
    timeout: (_t, cause) => timeouts.push(cause),
  };
  return { clock, wire, timeouts, responses, user, txns: new TransactionLayer(wire.send, clock, T) };
}

void t.test('a response goes to the response target of its flow (RFC 3581: the packet source)', async (t) => {
  t.same(targetOf(flow), { protocol: 'udp', address: '127.0.0.1', port: 5070, connection: undefined });
});

void t.test('server transactions are found by retransmissions, ACKs and CANCELs, and forgotten when they end', async (t) => {
  const { clock, txns } = layer();
  const invite = request('INVITE', { branch: 'z9hG4bKs1' });
  const stx = txns.createServer(invite, topVia(invite)!, flow, noUser);
  t.ok(stx instanceof InviteServerTransaction);
  t.equal(txns.findServer(request('INVITE', { branch: 'z9hG4bKs1' }), topVia(invite)!), stx);
  const ack = request('ACK', { branch: 'z9hG4bKs1' });
  t.equal(txns.findServer(ack, topVia(ack)!), stx);
  const cancel = request('CANCEL', { branch: 'z9hG4bKs1' });
  t.equal(txns.findServer(cancel, topVia(cancel)!), undefined, 'CANCEL is not the INVITE transaction');
  t.equal(txns.findInviteForCancel(cancel, topVia(cancel)!), stx);
  const opt = request('OPTIONS', { branch: 'z9hG4bKs2' });
  const ntx = txns.createServer(opt, topVia(opt)!, flow, noUser);
  t.ok(ntx instanceof NonInviteServerTransaction);
  const cancelOpt = request('CANCEL', { branch: 'z9hG4bKs2' });
  t.equal(txns.findInviteForCancel(cancelOpt, topVia(cancelOpt)!), undefined, 'a CANCEL for a non-INVITE finds no INVITE');
  t.same(txns.size, { servers: 2, clients: 0 });
  ntx.respond(response(opt, 200));
  stx.respond(response(invite, 486));
  clock.advance(64 * T.T1);
  t.same(txns.size, { servers: 0, clients: 0 }, 'Timers H and J removed both');
});

void t.test('client transactions start at once, match their responses and leave when they end', async (t) => {
  const { clock, wire, responses, user, txns } = layer();
  const inv = request('INVITE', { branch: 'z9hG4bKc1' });
  const ctx = txns.createClient(inv, 'z9hG4bKc1', udp, user);
  t.ok(ctx instanceof InviteClientTransaction);
  t.equal(wire.sent.length, 1, 'started');
  const opt = request('OPTIONS', { branch: 'z9hG4bKc2' });
  t.ok(txns.createClient(opt, 'z9hG4bKc2', udp, user) instanceof NonInviteClientTransaction);
  t.equal(txns.matchResponse(response(inv, 180)), ctx);
  t.equal(txns.matchResponse(response(request('INVITE', { branch: 'z9hG4bKother' }), 180)), undefined);
  const noVia = response(inv, 180);
  noVia.remove('via');
  t.equal(txns.matchResponse(noVia), undefined);
  txns.matchResponse(response(inv, 404))!.receive(response(inv, 404));
  t.same(responses, [404]);
  clock.advance(100_000);
  t.same(txns.size, { servers: 0, clients: 0 });
});

void t.test('a closed connection fails exactly the client transactions bound to it', async (t) => {
  const { timeouts, user, txns } = layer();
  const conn = (id: number): Connection => ({
    id, protocol: 'tcp', remoteAddress: '127.0.0.1', remotePort: 5080, localAddress: '127.0.0.1', localPort: 40000 + id, closed: false,
    send: () => true, close: () => undefined,
  });
  const [c1, c2] = [conn(1), conn(2)];
  const a = txns.createClient(request('OPTIONS', { branch: 'z9hG4bKa' }), 'z9hG4bKa', { ...tcp, connection: c1 }, user);
  const b = txns.createClient(request('OPTIONS', { branch: 'z9hG4bKb' }), 'z9hG4bKb', { ...tcp, connection: c2 }, user);
  txns.bindConnection(a, c1);
  txns.bindConnection(b, c2);
  txns.bindConnection(b, undefined);
  txns.connectionClosed(c1);
  t.same(timeouts, ['transport']);
  t.equal(a.state, 'terminated');
  t.equal(b.state, 'trying');
  txns.connectionClosed(c1);
  t.same(timeouts, ['transport'], 'a second close reports nothing');
  t.same(txns.size, { servers: 0, clients: 1 });
});

void t.test('clear terminates everything and leaves no timers', async (t) => {
  const { clock, user, txns } = layer();
  const inv = request('INVITE', { branch: 'z9hG4bKx' });
  txns.createServer(inv, topVia(inv)!, flow, noUser).respond(response(inv, 200));
  txns.createClient(request('INVITE', { branch: 'z9hG4bKy' }), 'z9hG4bKy', udp, user);
  txns.clear();
  t.same(txns.size, { servers: 0, clients: 0 });
  t.equal(clock.pending, 0);
});
