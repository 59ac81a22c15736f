/**
 * The connection to the media server (FreeSWITCH in production, the media engine of `zentrale start`
 * otherwise) through drachtio-fsmrf: connected at start, reconnected with back-off when lost.
 * Features get the MediaServer from here; without one they degrade (no prompts) instead of failing.
 */
import Mrf, { type MediaServer } from 'drachtio-fsmrf';
import type { Logger } from 'pino';
import type { SrfApp } from '../sip/srf-types.js';

/** Where the media server is. */
export interface MediaServiceOptions {
  readonly srf: SrfApp;
  readonly log: Logger;
  /** ESL inbound address of the media server. */
  readonly address: string;
  readonly port: number;
  readonly secret: string;
  /** Where fsmrf listens for the per-call outbound ESL connections (port 0: any). */
  readonly listenAddress: string;
  readonly listenPort: number;
}

/** Access to the media server. */
export class MediaService {
  private ms: MediaServer | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private readonly mrf: Mrf;
  private readonly waiters: Array<(ms: MediaServer) => void> = [];

  constructor(private readonly o: MediaServiceOptions) {
    this.mrf = new Mrf(o.srf);
  }

  /** The connected media server, if any. */
  get(): MediaServer | undefined {
    return this.ms;
  }

  /** Resolves once connected (or after `ms` milliseconds with undefined). */
  ready(ms = 5000): Promise<MediaServer | undefined> {
    if (this.ms) return Promise.resolve(this.ms);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(undefined), ms);
      this.waiters.push((m) => {
        clearTimeout(t);
        resolve(m);
      });
    });
  }

  /** Connects (and keeps reconnecting). */
  start(delay = 0): void {
    if (this.stopped) return;
    this.retry = setTimeout(() => {
      this.mrf.connect({ address: this.o.address, port: this.o.port, secret: this.o.secret, listenAddress: this.o.listenAddress, listenPort: this.o.listenPort })
        .then((ms) => {
          this.ms = ms;
          this.o.log.info({ sip: ms.sip.ipv4.udp.address }, 'connected to the media server');
          for (const w of this.waiters.splice(0)) w(ms);
          ms.once('end', () => {
            this.o.log.warn('media server connection lost');
            this.ms = undefined;
            this.start(1000);
          });
        })
        .catch((err: unknown) => {
          this.o.log.warn({ err, address: `${this.o.address}:${this.o.port}` }, 'media server not reachable; retrying');
          this.start(Math.min(10_000, Math.max(500, delay * 2)));
        });
    }, delay);
    this.retry.unref();
  }

  /** Disconnects. */
  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.ms?.disconnect();
    this.ms = undefined;
  }
}
