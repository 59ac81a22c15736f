import t from 'tap';
import dgram from 'node:dgram';
import { literalLookup } from '../../../../../engine/sip/src/transport/transport-layer.js';

void t.test('an IP literal is answered before the lookup returns, with its family', async (t) => {
  for (const [addr, family] of [['127.0.0.1', 4], ['::1', 6], ['192.0.2.7', 4]] as const) {
    let got: [string, number] | undefined;
    literalLookup(addr, { family }, (err, a, f) => {
      t.equal(err, null);
      got = [a, f];
    });
    t.same(got, [addr, family], `${addr} answered synchronously`);
  }
});

void t.test('a name is resolved by dns.lookup, not taken for an address', async (t) => {
  let sync = true;
  const answer = await new Promise<{ err: NodeJS.ErrnoException | null; a: string; f: number; sync: boolean }>((res) => {
    literalLookup('localhost', { family: 4 }, (err, a, f) => res({ err, a, f, sync }));
    sync = false;
  });
  t.equal(answer.sync, false, 'answered later, by the resolver');
  t.equal(answer.err, null);
  t.equal(answer.a, '127.0.0.1');
  t.equal(answer.f, 4);
});

void t.test('a UDP socket using it delivers datagrams to a literal and to a name', async (t) => {
  const rx = dgram.createSocket('udp4');
  await new Promise<void>((r) => rx.bind(0, '127.0.0.1', r));
  const port = rx.address().port;
  const tx = dgram.createSocket({ type: 'udp4', lookup: literalLookup });
  t.teardown(() => { rx.close(); tx.close(); });
  const got: string[] = [];
  const both = new Promise<void>((r) => rx.on('message', (m) => { got.push(m.toString()); if (got.length === 2) r(); }));
  tx.send('to-literal', port, '127.0.0.1');
  tx.send('to-name', port, 'localhost');
  await both;
  t.same(got.sort(), ['to-literal', 'to-name']);
});
