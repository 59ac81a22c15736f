/**
 * The inbound event socket (mod_event_socket listening on 8021): loopback by default, password
 * `ClueCon` by default (the production event_socket.conf in freeswitch-conf/ uses the same),
 * ACL-checked; a refused peer gets `text/rude-rejection` and is disconnected.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { aclAllows } from './acl.js';
import { RUDE_REJECTION } from './framing.js';
import { type EslHost, EslListener } from './listener.js';

/** Options for {@link startInboundServer}. */
export interface InboundServerOptions {
  readonly host: string;
  /** 0 binds an ephemeral port (tests). */
  readonly port: number;
  readonly acl: readonly string[];
}

/** A running inbound server. */
export interface InboundServer {
  readonly port: number;
  readonly listeners: ReadonlySet<EslListener>;
  close(): Promise<void>;
}

/** Starts listening; resolves once bound. */
export function startInboundServer(eslHost: EslHost, options: InboundServerOptions): Promise<InboundServer> {
  const listeners = new Set<EslListener>();
  const sockets = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const peer = socket.remoteAddress ?? '';
    if (!aclAllows(peer, options.acl)) {
      eslHost.log.warn({ peer }, 'esl connection rejected by acl');
      socket.end(RUDE_REJECTION);
      return;
    }
    const listener = new EslListener(socket, eslHost);
    listeners.add(listener);
    void listener.closed.then(() => listeners.delete(listener));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({
        port,
        listeners,
        close: () => new Promise<void>((done) => {
          for (const l of listeners) l.close();
          for (const s of sockets) s.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}
