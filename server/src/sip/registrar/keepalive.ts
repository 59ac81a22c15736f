/**
 * OPTIONS keep-alive to registered contacts (issue 3 item 3): keeps NAT bindings open and finds
 * devices that went away. A contact that answers nothing three times in a row is removed; any
 * response (even an error) counts as alive.
 */
import type { Logger } from 'pino';
import type { SrfApp } from '../srf-types.js';
import type { LocationService } from './location.js';

/** Options. */
export interface KeepaliveOptions {
  readonly srf: SrfApp;
  readonly location: LocationService;
  readonly now: () => number;
  readonly log: Logger;
  readonly intervalSec: number;
  readonly maxMissed?: number;
}

/** Sends OPTIONS to every binding once per interval, spread over the interval. */
export class Keepalive {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: KeepaliveOptions) {}

  start(): void {
    if (this.o.intervalSec <= 0) return;
    this.timer = setInterval(() => this.round(), this.o.intervalSec * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private round(): void {
    const bindings = this.o.location.all(this.o.now());
    const spread = (this.o.intervalSec * 1000) / Math.max(1, bindings.length);
    bindings.forEach((b, i) => {
      const t = setTimeout(() => this.ping(b.id), Math.floor(i * spread));
      t.unref();
    });
  }

  private ping(id: string): void {
    const b = this.o.location.get(id);
    if (!b) return;
    const transport = b.protocol === 'tcp' ? ';transport=tcp' : '';
    this.o.srf.request(b.contact, {
      method: 'OPTIONS', proxy: `sip:${b.sourceAddress}:${b.sourcePort}${transport}`,
      headers: { From: `<sip:keepalive@localhost>`, To: `<${b.contact}>` },
    }).then((req) => req.on('response', (res) => {
      const binding = this.o.location.get(id);
      if (!binding) return;
      if (res.status === 408 || res.status === 503) this.missed(id);
      else binding.missedKeepalives = 0;
    })).catch(() => this.missed(id));
  }

  private missed(id: string): void {
    const b = this.o.location.get(id);
    if (!b) return;
    b.missedKeepalives++;
    if (b.missedKeepalives >= (this.o.maxMissed ?? 3)) {
      this.o.log.info({ aor: b.aor }, 'contact unreachable, binding removed');
      this.o.location.remove([id], 'unreachable');
    }
  }
}
