/**
 * Receive jitter buffer on the RTP timestamp axis. Packets go in as they arrive (any order, any
 * packet time: SIPp's g711a.pcap sends 30 ms frames to a 20 ms channel); the media clock pulls one
 * 20 ms frame per tick. Missing audio is played as silence (loss concealment), packets arriving
 * after their play-out time are dropped and counted. Playout starts after `prefillSamples`, and
 * re-synchronises when the stream jumps (new SSRC, a gap of more than `resyncSamples`) or when
 * more than `maxDepthSamples` pile up (sender clock faster than ours).
 */
import { timestampDelta } from './packet.js';

/** Tuning of the buffer, in samples at 8 kHz. */
export interface JitterBufferOptions {
  readonly prefillSamples?: number;
  readonly maxDepthSamples?: number;
  readonly resyncSamples?: number;
}

/** Counters that feed `rtp_audio_in_*` statistics. */
export interface JitterBufferCounters {
  late: number;
  lostSamples: number;
  flushed: number;
  resyncs: number;
  largestDepthSamples: number;
}

interface Stored {
  readonly start: number;
  readonly samples: Int16Array;
}

/** Result of one pull. */
export interface PulledFrame {
  readonly samples: Int16Array;
  /** False while the buffer is still filling or the whole frame was concealed. */
  readonly real: boolean;
}

const SILENT: Map<number, PulledFrame> = new Map();

function silentFrame(size: number): PulledFrame {
  let frame = SILENT.get(size);
  if (!frame) {
    frame = { samples: new Int16Array(size), real: false };
    SILENT.set(size, frame);
  }
  return frame;
}

/** A jitter buffer for one RTP stream. */
export class JitterBuffer {
  readonly #prefill: number;
  readonly #maxDepth: number;
  readonly #resync: number;
  #ssrc: number | undefined;
  /** Last raw timestamp seen and its unwrapped value, to place packets on an unbounded axis. */
  #lastRaw = 0;
  #lastExtended = 0;
  #playout: number | undefined;
  #packets: Stored[] = [];
  /** Counters since creation. */
  readonly counters: JitterBufferCounters = { late: 0, lostSamples: 0, flushed: 0, resyncs: 0, largestDepthSamples: 0 };

  /** Creates a buffer; defaults: 40 ms prefill, 300 ms depth limit, resync on 1 s jumps. */
  constructor(options: JitterBufferOptions = {}) {
    this.#prefill = options.prefillSamples ?? 320;
    this.#maxDepth = options.maxDepthSamples ?? 2400;
    this.#resync = options.resyncSamples ?? 8000;
  }

  /** Adds the decoded samples of one packet. */
  push(ssrc: number, timestamp: number, samples: Int16Array): void {
    if (this.#ssrc !== ssrc) {
      this.#reset(ssrc, timestamp);
    }
    const extended = this.#lastExtended + timestampDelta(timestamp, this.#lastRaw);
    if (extended > this.#lastExtended) {
      this.#lastRaw = timestamp;
      this.#lastExtended = extended;
    }
    if (this.#playout !== undefined) {
      if (Math.abs(extended - this.#playout) > this.#resync) {
        this.#reset(ssrc, timestamp);
        this.#packets.push({ start: this.#lastExtended, samples });
        return;
      }
      if (extended + samples.length <= this.#playout) {
        this.counters.late++;
        return;
      }
    }
    if (this.#packets.some((p) => p.start === extended)) return;
    this.#packets.push({ start: extended, samples });
    this.#packets.sort((a, b) => a.start - b.start);
    const depth = this.depthSamples;
    if (depth > this.counters.largestDepthSamples) this.counters.largestDepthSamples = depth;
    if (this.#playout !== undefined && depth > this.#maxDepth) {
      // Skip ahead to the nominal depth rather than letting latency grow without bound.
      const newest = this.#packets[this.#packets.length - 1] as Stored;
      this.#playout = newest.start + newest.samples.length - this.#prefill;
      const before = this.#packets.length;
      this.#packets = this.#packets.filter((p) => p.start + p.samples.length > (this.#playout as number));
      this.counters.flushed += before - this.#packets.length;
    }
  }

  /** Samples buffered ahead of the play-out point. */
  get depthSamples(): number {
    if (this.#packets.length === 0) return 0;
    const first = this.#packets[0] as Stored;
    const last = this.#packets[this.#packets.length - 1] as Stored;
    const from = this.#playout ?? first.start;
    return Math.max(0, last.start + last.samples.length - from);
  }

  /**
   * Takes the next `size` samples (silence where audio is missing). While nothing is buffered
   * the same silent frame is returned every time: callers must not modify returned samples.
   */
  pull(size: number): PulledFrame {
    if (this.#playout === undefined && this.#packets.length === 0) return silentFrame(size);
    const out = new Int16Array(size);
    if (this.#playout === undefined) {
      if (this.depthSamples < this.#prefill) return { samples: out, real: false };
      this.#playout = (this.#packets[0] as Stored).start;
    }
    const from = this.#playout;
    const to = from + size;
    let covered = 0;
    for (const p of this.#packets) {
      const pEnd = p.start + p.samples.length;
      if (pEnd <= from || p.start >= to) continue;
      const a = Math.max(from, p.start);
      const b = Math.min(to, pEnd);
      out.set(p.samples.subarray(a - p.start, b - p.start), a - from);
      covered += b - a;
    }
    this.#packets = this.#packets.filter((p) => p.start + p.samples.length > to);
    this.#playout = to;
    const lost = size - covered;
    if (covered > 0 || this.#packets.length > 0) this.counters.lostSamples += lost;
    if (covered === 0 && this.#packets.length === 0) {
      // Nothing buffered at all: the sender paused (hold, silence suppression). Refill on resume.
      this.#playout = undefined;
    }
    return { samples: out, real: covered > 0 };
  }

  #reset(ssrc: number, timestamp: number): void {
    if (this.#ssrc !== undefined) this.counters.resyncs++;
    this.counters.flushed += this.#packets.length;
    this.#ssrc = ssrc;
    this.#lastRaw = timestamp;
    this.#lastExtended = 0x100000000;
    this.#playout = undefined;
    this.#packets = [];
  }
}
