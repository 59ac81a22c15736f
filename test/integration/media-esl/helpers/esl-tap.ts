/**
 * A transparent TCP tap like the one the conformance transcripts were recorded with: forwards
 * bytes unchanged and cuts each direction into ESL messages (header block plus Content-Length body).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

/** One ESL message, shaped like a transcript record's `head` and `body`. */
export interface TappedMessage {
  readonly conn: number;
  readonly dir: 'client->server' | 'server->client';
  readonly head: string;
  readonly body: string | null;
}

function cutter(conn: number, dir: TappedMessage['dir'], out: TappedMessage[]): (data: Buffer) => void {
  let buffer = Buffer.alloc(0);
  return (data) => {
    buffer = Buffer.concat([buffer, data]);
    for (;;) {
      while (buffer.length > 0 && buffer[0] === 0x0a) buffer = buffer.subarray(1);
      const end = buffer.indexOf('\n\n');
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString('utf8');
      const m = /^Content-Length: (\d+)$/m.exec(head);
      const length = m ? Number(m[1]) : 0;
      if (buffer.length < end + 2 + length) return;
      const body = length > 0 ? buffer.subarray(end + 2, end + 2 + length).toString('utf8') : null;
      buffer = buffer.subarray(end + 2 + length);
      out.push({ conn, dir, head, body });
    }
  };
}

/** A running tap. */
export interface EslTap {
  readonly port: number;
  readonly messages: TappedMessage[];
  /** Where new connections are forwarded to (may be set after the tap started). */
  target: { host: string; port: number } | undefined;
  close(): Promise<void>;
}

/** Starts a tap on an ephemeral loopback port. */
export async function startTap(target?: { host: string; port: number }): Promise<EslTap> {
  const messages: TappedMessage[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const tap: EslTap = {
    port: 0,
    messages,
    target,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const conn = ++connections;
    const to = tap.target;
    if (!to) {
      client.destroy();
      return;
    }
    const upstream = connect({ host: to.host, port: to.port, allowHalfOpen: true });
    sockets.add(client);
    sockets.add(upstream);
    const fromClient = cutter(conn, 'client->server', messages);
    const fromServer = cutter(conn, 'server->client', messages);
    client.on('data', (d: Buffer) => {
      fromClient(d);
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      fromServer(d);
      client.write(d);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  (tap as { port: number }).port = typeof address === 'object' && address ? address.port : 0;
  return tap;
}
