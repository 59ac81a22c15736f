/**
 * The channel's DTMF queue (switch_channel_queue_dtmf / dequeue_dtmf). Media applications read
 * digits from it; while no application reads (the channel is parked under socket control),
 * FreeSWITCH's park loop dequeues and drops them, and so does this queue.
 */
import type { DtmfDigit } from '../dtmf/index.js';

/** One received digit. */
export interface QueuedDigit {
  readonly digit: DtmfDigit;
  /** In samples (RTP timestamp units), as `DTMF-Duration` reports it. */
  readonly durationSamples: number;
  readonly source: 'RTP' | 'APP' | 'ENDPOINT' | 'INBAND_AUDIO';
}

/** A reader that is notified of each new digit. Returning true consumes it. */
export type DigitReader = (digit: QueuedDigit) => boolean;

/** Digit buffer with readers. */
export class DigitQueue {
  #digits: QueuedDigit[] = [];
  readonly #readers: DigitReader[] = [];

  /**
   * Delivers a digit: the newest reader sees it first and may consume it; an unconsumed digit is
   * kept only while some reader is attached (a running application), else dropped (parked).
   */
  push(digit: QueuedDigit): void {
    for (let i = this.#readers.length - 1; i >= 0; i--) {
      if ((this.#readers[i] as DigitReader)(digit)) return;
    }
    if (this.#readers.length > 0) this.#digits.push(digit);
  }

  /** Attaches a reader; digits already queued are offered to it first. Returns the detach function. */
  attach(reader: DigitReader): () => void {
    this.#readers.push(reader);
    const pending = this.#digits;
    this.#digits = [];
    for (const d of pending) {
      if (!reader(d)) this.#digits.push(d);
    }
    return () => {
      const i = this.#readers.indexOf(reader);
      if (i >= 0) this.#readers.splice(i, 1);
    };
  }

  /** Drops all queued digits (`flush_dtmf`). */
  flush(): void {
    this.#digits = [];
  }

  /** Digits waiting to be read. */
  get pending(): readonly QueuedDigit[] {
    return this.#digits;
  }
}
