/**
 * The transport layer (RFC 3261 §18): UDP and TCP listening points on one address, outgoing
 * TCP connections with reuse, and delivery of raw messages with their Flow to the layer above.
 * It does not parse SIP; that is the core's job, so byte counts and raw text stay exact.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import os from 'node:os';
import type { Logger } from 'pino';
import { StreamConnection } from './stream-connection.js';
import type { Connection, Flow, ListeningPoint, Protocol, Target } from './types.js';

/** What the transport layer reports upwards. */
export interface TransportUser {
  message(data: Buffer, flow: Flow): void;
  connectionClosed(conn: Connection, error: Error | undefined): void;
}

/** Options of the transport layer. */
export interface TransportOptions {
  readonly host: string;
  readonly port: number;
  readonly protocols: readonly Protocol[];
  /** Address written into Via/Contact instead of the bound one (e.g. a public IP). */
  readonly externalAddress?: string | undefined;
  /** Close stream connections idle for this long (ms). */
  readonly idleTimeoutMs?: number;
  readonly log: Logger;
  readonly now?: () => number;
}

/** UDP + TCP transport on one host:port. */
export class TransportLayer {
  private udp: dgram.Socket | undefined;
  private tcp: net.Server | undefined;
  private readonly connections = new Map<string, StreamConnection>();
  private readonly allConnections = new Set<StreamConnection>();
  private points: ListeningPoint[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private user: TransportUser | undefined;

  constructor(private readonly opts: TransportOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Sets the receiver of incoming messages. */
  bind(user: TransportUser): void {
    this.user = user;
  }

  /** Opens the sockets. With port 0 the UDP port is chosen first and TCP follows it. */
  async listen(): Promise<ListeningPoint[]> {
    const { host } = this.opts;
    let port = this.opts.port;
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        if (this.opts.protocols.includes('udp')) port = await this.listenUdp(host, port);
        if (this.opts.protocols.includes('tcp')) port = await this.listenTcp(host, port);
        break;
      } catch (err) {
        this.closeSockets();
        if (this.opts.port !== 0 || attempt === 19) throw err;
        port = 0;
      }
    }
    const advertised = this.advertisedHost();
    this.points = this.opts.protocols.filter((p) => p === 'udp' || p === 'tcp').map((protocol) => ({ protocol, host: advertised, port }));
    const idle = this.opts.idleTimeoutMs ?? 600_000;
    this.idleTimer = setInterval(() => this.closeIdle(idle), Math.min(idle, 60_000));
    this.idleTimer.unref();
    return this.points;
  }

  /** The listening points with the advertised host. */
  get listeningPoints(): readonly ListeningPoint[] {
    return this.points;
  }

  /** The port all transports share. */
  get port(): number {
    return this.points[0]?.port ?? this.opts.port;
  }

  /** Host to write into Via/Contact for a destination (loopback peers get loopback). */
  hostFor(destAddress: string | undefined): string {
    if (this.opts.externalAddress && !(destAddress && isLoopback(destAddress))) return this.opts.externalAddress;
    const bound = this.opts.host;
    if (bound !== '0.0.0.0' && bound !== '::') return bound;
    if (destAddress && isLoopback(destAddress)) return '127.0.0.1';
    return primaryAddress() ?? '127.0.0.1';
  }

  private advertisedHost(): string {
    if (this.opts.externalAddress) return this.opts.externalAddress;
    const bound = this.opts.host;
    return bound === '0.0.0.0' || bound === '::' ? (primaryAddress() ?? '127.0.0.1') : bound;
  }

  private listenUdp(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const sock = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20, lookup: literalLookup });
      sock.once('error', reject);
      sock.on('message', (data, rinfo) => {
        this.user?.message(data, {
          protocol: 'udp', remoteAddress: rinfo.address, remotePort: rinfo.port,
          localAddress: host, localPort: this.port, connection: undefined,
        });
      });
      sock.bind(port, host, () => {
        sock.removeListener('error', reject);
        sock.on('error', (err) => this.opts.log.warn({ err }, 'udp socket error'));
        this.udp = sock;
        resolve(sock.address().port);
      });
    });
  }

  private listenTcp(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((socket) => this.adopt(socket, 'tcp'));
      server.once('error', reject);
      server.listen(port, host, () => {
        server.removeListener('error', reject);
        this.tcp = server;
        const addr = server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  private adopt(socket: net.Socket, protocol: Protocol, remote?: { address: string; port: number }): StreamConnection {
    const r = remote ?? { address: normalizeAddress(socket.remoteAddress ?? ''), port: socket.remotePort ?? 0 };
    const conn = new StreamConnection(socket, protocol, r, {
      message: (c, data) => this.user?.message(data, {
        protocol: c.protocol, remoteAddress: c.remoteAddress, remotePort: c.remotePort,
        localAddress: c.localAddress, localPort: c.localPort, connection: c,
      }),
      closed: (c, error) => {
        this.allConnections.delete(c);
        const key = `${c.protocol}:${c.remoteAddress}:${c.remotePort}`;
        if (this.connections.get(key) === c) this.connections.delete(key);
        this.user?.connectionClosed(c, error);
      },
      framingError: (c, reason) => this.opts.log.debug({ remote: `${c.remoteAddress}:${c.remotePort}`, reason }, 'stream framing error, closing connection'),
    }, this.now);
    this.connections.set(`${protocol}:${r.address}:${r.port}`, conn);
    this.allConnections.add(conn);
    return conn;
  }

  /** An open connection to address:port, if any. */
  findConnection(protocol: Protocol, address: string, port: number): Connection | undefined {
    const c = this.connections.get(`${protocol}:${address}:${port}`);
    return c && !c.closed ? c : undefined;
  }

  /**
   * Sends raw data. For UDP the datagram goes to target address:port; for TCP the pinned
   * connection is used, else an open one to that address, else a new one is opened.
   * Returns the flow used, or undefined when the message could not be handed to a socket.
   */
  send(target: Target, data: string | Buffer): Flow | undefined {
    if (target.protocol === 'udp') {
      if (!this.udp) return undefined;
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      this.udp.send(buf, target.port, target.address);
      return { protocol: 'udp', remoteAddress: target.address, remotePort: target.port, localAddress: this.opts.host, localPort: this.port, connection: undefined };
    }
    if (target.protocol !== 'tcp') return undefined;
    let conn = target.connection && !target.connection.closed ? target.connection : this.findConnection('tcp', target.address, target.port);
    if (!conn) {
      const socket = net.connect({ host: target.address, port: target.port });
      conn = this.adopt(socket, 'tcp', { address: target.address, port: target.port });
    }
    if (!conn.send(data)) return undefined;
    return { protocol: 'tcp', remoteAddress: conn.remoteAddress, remotePort: conn.remotePort, localAddress: conn.localAddress, localPort: conn.localPort, connection: conn };
  }

  private closeIdle(idleMs: number): void {
    const cutoff = this.now() - idleMs;
    for (const c of this.allConnections) if (c.lastActivity < cutoff) c.close();
  }

  private closeSockets(): void {
    this.udp?.close();
    this.udp = undefined;
    this.tcp?.close();
    this.tcp = undefined;
  }

  /** Closes every socket and connection. */
  close(): void {
    if (this.idleTimer) clearInterval(this.idleTimer);
    for (const c of this.allConnections) c.close();
    this.closeSockets();
  }
}

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address === 'localhost';
}

function normalizeAddress(a: string): string {
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

function primaryAddress(): string | undefined {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
  }
  return undefined;
}

/**
 * dgram's address lookup for every send. Node's default passes even an IP literal through
 * dns.lookup, which answers on the next tick: every datagram waited for a queued callback. A
 * literal (all our targets are resolved before they reach the transport) is answered at once;
 * a name still goes to dns.lookup.
 */
export function literalLookup(address: string, options: dns.LookupOneOptions, callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void): void {
  const f = net.isIP(address);
  if (f !== 0) callback(null, address, f);
  else dns.lookup(address, options, callback);
}
