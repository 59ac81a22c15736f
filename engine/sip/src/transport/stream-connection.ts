/** A TCP connection carrying SIP, framed by StreamFramer, with CRLF keep-alive answers. */
import type { Socket } from 'node:net';
import { StreamFramer } from './framer.js';
import type { Connection, Protocol } from './types.js';

let nextId = 1;

/** Callbacks from a stream connection to the transport layer. */
export interface StreamConnectionEvents {
  message(conn: StreamConnection, data: Buffer): void;
  closed(conn: StreamConnection, error: Error | undefined): void;
  /** A framing error (oversized or garbage): the connection is closed afterwards. */
  framingError(conn: StreamConnection, reason: string): void;
}

/** One stream connection (accepted from a peer or opened by us). */
export class StreamConnection implements Connection {
  readonly id = nextId++;
  readonly protocol: Protocol;
  remoteAddress: string;
  remotePort: number;
  localAddress: string;
  localPort: number;
  closed = false;
  lastActivity = 0;
  private readonly framer = new StreamFramer();
  private error: Error | undefined;

  constructor(
    private readonly socket: Socket,
    protocol: Protocol,
    remote: { address: string; port: number },
    private readonly events: StreamConnectionEvents,
    private readonly now: () => number,
  ) {
    this.protocol = protocol;
    this.remoteAddress = remote.address;
    this.remotePort = remote.port;
    this.localAddress = socket.localAddress ?? '';
    this.localPort = socket.localPort ?? 0;
    this.lastActivity = now();
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.on('connect', () => {
      this.localAddress = socket.localAddress ?? this.localAddress;
      this.localPort = socket.localPort ?? this.localPort;
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => {
      this.error = err;
    });
    socket.on('close', () => {
      if (this.closed) return;
      this.closed = true;
      this.events.closed(this, this.error);
    });
  }

  private onData(chunk: Buffer): void {
    this.lastActivity = this.now();
    for (const unit of this.framer.push(chunk)) {
      switch (unit.kind) {
        case 'message':
          this.events.message(this, unit.data);
          break;
        case 'ping':
          // RFC 5626 §3.5.1: answer a double-CRLF ping with a single CRLF pong.
          this.socket.write('\r\n');
          break;
        case 'error':
          this.events.framingError(this, unit.reason);
          this.close();
          return;
      }
      if (this.closed) return;
    }
  }

  send(data: string | Buffer): boolean {
    if (this.closed || this.socket.destroyed) return false;
    this.lastActivity = this.now();
    this.socket.write(data);
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.socket.destroy();
  }
}
