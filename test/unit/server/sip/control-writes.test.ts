/** Coalescing of srf's control-connection writes (server/src/sip/control-writes.ts), on a real TCP pair. */
import t from 'tap';
import net from 'node:net';
import { once } from 'node:events';
import { coalesceWrites } from '../../../../server/src/sip/control-writes.js';

async function pair(): Promise<{ client: net.Socket; peer: net.Socket; server: net.Server }> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  const accepted = once(server, 'connection');
  const client = net.connect(port, '127.0.0.1');
  await once(client, 'connect');
  const [peer] = (await accepted) as [net.Socket];
  return { client, peer, server };
}

function collect(s: net.Socket): { chunks: string[] } {
  const out = { chunks: [] as string[] };
  s.on('data', (d: Buffer) => out.chunks.push(d.toString()));
  return out;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

void t.test('writes caused by arriving data are held until setImmediate and go out as one write, in order', async (t) => {
  const { client, peer, server } = await pair();
  t.teardown(() => { client.destroy(); peer.destroy(); server.close(); });
  coalesceWrites(client);
  coalesceWrites(client); // idempotent: one listener, one cork per read
  const seen: number[] = [];
  client.on('data', () => {
    for (let i = 0; i < 5; i++) client.write(`${i};`);
    seen.push(client.writableCorked);
    void Promise.resolve().then(() => {
      client.write('late;');
      seen.push(client.writableCorked);
    });
    setImmediate(() => seen.push(client.writableCorked));
  });
  const got = collect(peer);
  peer.write('go');
  await settle(100);
  t.same(seen, [1, 1, 0], 'corked once while the read and its microtasks run, uncorked at setImmediate');
  t.equal(got.chunks.join(''), '0;1;2;3;4;late;', 'every byte arrives, in order');
  t.equal(got.chunks.length, 1, 'as one segment');
});

void t.test('writes not caused by a read are not held', async (t) => {
  const { client, peer, server } = await pair();
  t.teardown(() => { client.destroy(); peer.destroy(); server.close(); });
  coalesceWrites(client);
  client.write('timer;');
  t.equal(client.writableCorked, 0);
  const got = collect(peer);
  await settle(50);
  t.equal(got.chunks.join(''), 'timer;');
});

void t.test('a socket closed while corked does not throw, and undefined sockets are ignored', async (t) => {
  const { client, peer, server } = await pair();
  t.teardown(() => { peer.destroy(); server.close(); });
  coalesceWrites(undefined);
  coalesceWrites(client);
  client.on('data', () => {
    client.write('x');
    client.destroy();
  });
  peer.write('go');
  await settle(50);
  t.ok(client.destroyed);
});
