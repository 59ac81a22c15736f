/**
 * A transparent TCP tap between drachtio-srf and a drachtio control port, recording the way the
 * golden transcripts were recorded (fixtures README, "How the transcripts were recorded"): bytes
 * are forwarded unchanged, every complete `N#payload` frame is logged per direction, as are the
 * opening of each connection and each side's FIN.
 */
import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';
import { FrameDecoder } from './frame-decoder.js';
import type { TraceRecord } from './records.js';
import { recordKey } from './sip-text.js';

const APP_TO_SERVER = 'app->drachtio';
const SERVER_TO_APP = 'drachtio->app';

/** A running tap; point srf at `port`. */
export class ControlTap {
  /** Everything seen so far, in capture order. */
  readonly records: TraceRecord[] = [];
  private conns = 0;
  private seq = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server, readonly port: number) {}

  /** Listens on 127.0.0.1 port 0 and forwards every accepted connection to `upstream`. */
  static async start(upstream: { host: string; port: number }): Promise<ControlTap> {
    const server = createServer({ allowHalfOpen: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const addr = server.address();
    if (addr === null || typeof addr === 'string') throw new Error('tap: no port');
    const tap = new ControlTap(server, addr.port);
    server.on('connection', (client) => tap.splice(client, upstream));
    return tap;
  }

  /** Frames and events of one direction, in order. */
  frames(dir: 'app->drachtio' | 'drachtio->app', conn = 1): TraceRecord[] {
    return this.records.filter((r) => r.dir === dir && r.conn === conn);
  }

  /** Whether `summary` (e.g. `connection closed by drachtio`) was recorded on `conn`. */
  has(summary: string, conn = 1): boolean {
    return this.records.some((r) => r.conn === conn && r.summary === summary);
  }

  /** Stops listening and destroys any connection still open. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private add(r: Omit<TraceRecord, 'channel' | 'i'>): void {
    this.records.push({ channel: 'control', i: ++this.seq, t_ms: performance.timeOrigin + performance.now(), ...r });
  }

  private splice(client: Socket, upstream: { host: string; port: number }): void {
    const conn = ++this.conns;
    this.add({ conn, dir: APP_TO_SERVER, type: 'event', summary: 'connection opened' });
    const server = connect({ host: upstream.host, port: upstream.port, allowHalfOpen: true });
    this.sockets.add(client).add(server);
    client.setNoDelay(true);
    server.setNoDelay(true);
    this.pipe(client, server, conn, APP_TO_SERVER, 'app');
    this.pipe(server, client, conn, SERVER_TO_APP, 'drachtio');
  }

  private pipe(from: Socket, to: Socket, conn: number, dir: string, who: string): void {
    const decoder = new FrameDecoder();
    from.on('data', (chunk: Buffer) => {
      to.write(chunk);
      for (const unit of decoder.push(chunk)) {
        if (unit.kind === 'frame') this.add({ conn, dir, type: 'frame', summary: recordKey('frame', unit.payload), text: unit.payload });
        else this.add({ conn, dir, type: 'event', summary: `framing error: ${unit.detail}` });
      }
    });
    from.on('end', () => {
      if (decoder.pending > 0) this.add({ conn, dir, type: 'event', summary: `framing error: ${decoder.pending} bytes of an incomplete frame before FIN` });
      this.add({ conn, dir, type: 'event', summary: `connection closed by ${who}` });
      to.end();
    });
    from.on('error', () => to.destroy());
    from.on('close', () => {
      this.sockets.delete(from);
      if (!to.writableEnded) to.end();
    });
  }
}
