/**
 * OPTIONS keep-alive to registered contacts (issue 3 item 3): keeps NAT bindings open and finds
 * devices that went away. A contact that has not answered by the next round (or times out) misses
 * once; three misses in a row remove it. Any response, even an error, counts as alive.
 */
import type { Logger } from 'pino';
import type { SrfApp } from '../srf-types.js';
import type { LocationService } from './location.js';
import { requestFinal } from '../final-response.js';

// Timer F (64*T1) answers an unanswered OPTIONS with a 408 after 32 s; this only guards against a
// final response that never comes.
const NO_ANSWER_MS = 40_000;

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

  private readonly pending = new Set<string>();

  private ping(id: string): void {
    const b = this.o.location.get(id);
    if (!b) return;
    // Still no answer to the previous round: that counts as a miss without waiting for Timer F.
    if (this.pending.has(id)) this.missed(id);
    if (!this.o.location.get(id)) return;
    this.pending.add(id);
    const transport = b.protocol === 'tcp' ? ';transport=tcp' : '';
    requestFinal(this.o.srf, b.contact, {
      method: 'OPTIONS', proxy: `sip:${b.sourceAddress}:${b.sourcePort}${transport}`,
      headers: { From: `<sip:keepalive@localhost>`, To: `<${b.contact}>` },
    }, NO_ANSWER_MS).then((res) => {
      this.pending.delete(id);
      const binding = this.o.location.get(id);
      if (!binding) return;
      // A locally generated 408/503 (timeout, transport failure) is no answer from the device.
      if (!res || res.status === 408 || res.status === 503) this.missed(id);
      else binding.missedKeepalives = 0;
    }).catch(() => {
      this.pending.delete(id);
      this.missed(id);
    });
  }

  private missed(id: string): void {
    const b = this.o.location.get(id);
    if (!b) return;
    b.missedKeepalives++;
    if (b.missedKeepalives >= (this.o.maxMissed ?? 3)) {
      this.pending.delete(id);
      this.o.log.info({ aor: b.aor }, 'contact unreachable, binding removed');
      this.o.location.remove([id], 'unreachable');
    }
  }
}
