/**
 * The drachtio control server (reference §2.1, §3.1): apps connect over TCP, authenticate with
 * the shared secret, register routes, send SIP commands and receive SIP events. Framing errors or
 * unknown commands drop the connection, as the real server does.
 */
import net from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { AppLink } from '../dialog/dialog.js';
import type { SipEngine } from '../core/engine.js';
import { noFrame, okFrame } from '../core/frames.js';
import { encodeFrame, FrameDecoder, parsePayload } from './frame.js';

/** The version the engine reports; srf starts pinging only for versions >= v0.8.2. */
export const SERVER_VERSION = 'v0.9.10-zentrale';

let nextAppId = 1;

/** One app connection. */
class AppConnection implements AppLink {
  readonly id = nextAppId++;
  alive = true;
  authenticated = false;
  tags: string[] = [];
  private readonly decoder = new FrameDecoder();
  /** Frames written since the last flush, already encoded. */
  private pending: string[] = [];

  constructor(readonly socket: net.Socket) {}

  /**
   * Writes a frame. Frames written in one turn of the event loop go out together, as one string in
   * one write: the first schedules a flush with setImmediate, which runs after the poll phase has
   * handled every datagram and control read that was ready. Under load that is dozens of frames
   * per system call (and per read on the app's side) instead of one each. Order is kept, so the
   * echo-before-response rule (reference §3.2) still holds.
   */
  send(payload: string): void {
    if (!this.alive) return;
    if (this.pending.length === 0) setImmediate(this.flush);
    this.pending.push(encodeFrame(payload));
  }

  /** Writes the pending frames now (also before a connection is dropped, so its last frame goes out). */
  readonly flush = (): void => {
    const frames = this.pending;
    this.pending = [];
    if (!this.alive || frames.length === 0) return;
    this.socket.write(frames.length === 1 ? frames[0]! : frames.join(''));
  };

  push(chunk: Buffer): ReturnType<FrameDecoder['push']> {
    return this.decoder.push(chunk);
  }
}

/** Options of the control server. */
export interface ControlServerOptions {
  readonly host: string;
  readonly port: number;
  readonly secret: string;
  readonly engine: SipEngine;
  readonly log: Logger;
}

/** Listens for drachtio apps. */
export class ControlServer {
  private server: net.Server | undefined;
  private readonly conns = new Set<AppConnection>();
  private readonly secret: Buffer;

  constructor(private readonly opts: ControlServerOptions) {
    this.secret = Buffer.from(opts.secret, 'utf8');
  }

  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((s) => this.accept(s));
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host, () => {
        server.removeListener('error', reject);
        this.server = server;
        const a = server.address();
        resolve(typeof a === 'object' && a ? a.port : this.opts.port);
      });
    });
  }

  /** Closes the listener and every app connection. */
  close(): Promise<void> {
    for (const c of this.conns) c.socket.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    const conn = new AppConnection(socket);
    this.conns.add(conn);
    const log = this.opts.log.child({ app: conn.id });
    log.debug({ remote: `${socket.remoteAddress}:${socket.remotePort}` }, 'app connected');
    socket.on('data', (chunk: Buffer) => {
      for (const unit of conn.push(chunk)) {
        if (unit.kind === 'error') {
          log.warn({ reason: unit.reason }, 'control framing error, closing app connection');
          socket.destroy();
          return;
        }
        try {
          this.handle(conn, unit.payload, log);
        } catch (err) {
          log.error({ err }, 'failed to handle control frame');
        }
        if (!conn.alive) return;
      }
    });
    socket.on('error', (err) => log.debug({ err }, 'app connection error'));
    socket.on('close', () => {
      conn.alive = false;
      this.conns.delete(conn);
      this.opts.engine.detach(conn);
      log.debug('app disconnected');
    });
  }

  private drop(conn: AppConnection, msgId: string, reason: string): void {
    conn.send(noFrame(msgId, reason));
    conn.flush();
    conn.alive = false;
    conn.socket.end();
    conn.socket.destroySoon();
  }

  private handle(conn: AppConnection, payload: string, log: Logger): void {
    if (log.isLevelEnabled('trace')) log.trace({ frame: redactFrame(payload) }, 'control in');
    const { tokens, sip } = parsePayload(payload);
    const msgId = tokens[0] ?? '';
    const command = tokens[1] ?? '';
    const engine = this.opts.engine;
    if (command === 'authenticate') {
      const given = Buffer.from(tokens[2] ?? '', 'utf8');
      const ok = given.length === this.secret.length && timingSafeEqual(given, this.secret);
      if (!ok) {
        log.warn('app authentication failed');
        this.drop(conn, msgId, 'incorrect secret');
        return;
      }
      conn.authenticated = true;
      conn.tags = (tokens[3] ?? '').split(',').filter(Boolean);
      const hp = this.hostports();
      conn.send(okFrame(msgId, hp, SERVER_VERSION, hp));
      return;
    }
    // The real server does not enforce authentication before other commands; we do (reference §2.1 item 8).
    if (!conn.authenticated) {
      this.drop(conn, msgId, 'not authenticated');
      return;
    }
    switch (command) {
      case 'ping':
        conn.send(okFrame(msgId, 'pong'));
        return;
      case 'route':
        engine.addRoute(conn, tokens[2] ?? '');
        conn.send(okFrame(msgId));
        return;
      case 'remove_route':
        engine.removeRoute(conn, tokens[2] ?? '');
        conn.send(okFrame(msgId));
        return;
      case 'sip': {
        const txn = tokens[2] ?? '';
        const dlg = tokens[3] ?? '';
        const text = sip ?? '';
        if (text.startsWith('SIP/2.0') && !txn) {
          this.drop(conn, msgId, 'transaction id missing');
          return;
        }
        if (txn) engine.appSipWithTxn(conn, msgId, txn, text);
        else void engine.appRequest(conn, msgId, dlg, text, tokens[4] || undefined).catch((err: unknown) => log.error({ err }, 'request from app failed'));
        return;
      }
      case 'proxy':
        void engine.appProxy(conn, msgId, tokens, sip).catch((err: unknown) => log.error({ err }, 'proxy from app failed'));
        return;
      default:
        // reference §2.1 item 9: unknown commands get `NO|Unknown message type` and the connection drops.
        this.drop(conn, msgId, 'Unknown message type');
    }
  }

  /** `tcp/host:port,udp/host:port` as the real server lists them (tcp first). */
  private hostports(): string {
    const points = [...this.opts.engine.transport.listeningPoints].sort((a, b) => (a.protocol === 'tcp' ? -1 : b.protocol === 'tcp' ? 1 : 0));
    return points.map((p) => `${p.protocol}/${p.host}:${p.port}`).join(',');
  }
}

function redactFrame(payload: string): string {
  return payload.replace(/^([^|]*\|authenticate\|)[^|]*/, '$1[redacted]').replace(/(authorization\s*:[^\r\n]*?response\s*=\s*")[^"]*(")/gi, '$1[redacted]$2');
}
