/**
 * Pull-based audio sources at 8 kHz, 16-bit mono. The RTP send clock asks the current source for
 * one 20 ms frame per tick; a source that returns fewer samples than asked has ended.
 */

/** A stream of 8 kHz mono samples. */
export interface AudioSource {
  /** Fills `out` from the current position and returns how many samples were written. */
  read(out: Int16Array): number;
  /** Samples delivered so far. */
  readonly position: number;
  /** Total samples, or undefined for an endless stream. */
  readonly length: number | undefined;
}

/** Plays a buffer of samples, optionally from an offset (FreeSWITCH's `file@@<samples>` seek). */
export class PcmSource implements AudioSource {
  #position: number;
  readonly #samples: Int16Array;

  /** Creates a source over `samples`, starting at `offset` samples (clamped to the buffer). */
  constructor(samples: Int16Array, offset = 0) {
    this.#samples = samples;
    this.#position = Math.max(0, Math.min(samples.length, Math.floor(offset)));
  }

  /** See {@link AudioSource.read}. */
  read(out: Int16Array): number {
    const n = Math.min(out.length, this.#samples.length - this.#position);
    if (n > 0) out.set(this.#samples.subarray(this.#position, this.#position + n));
    this.#position += n;
    return n;
  }

  /** See {@link AudioSource.position}. */
  get position(): number {
    return this.#position;
  }

  /** See {@link AudioSource.length}. */
  get length(): number {
    return this.#samples.length;
  }
}

/** Digital silence for a number of samples, or forever when `length` is undefined. */
export class SilenceSource implements AudioSource {
  #position = 0;
  readonly #length: number | undefined;

  /** Creates `length` samples of silence (undefined: endless). */
  constructor(length: number | undefined) {
    this.#length = length === undefined ? undefined : Math.max(0, Math.floor(length));
  }

  /** See {@link AudioSource.read}. */
  read(out: Int16Array): number {
    const n = this.#length === undefined ? out.length : Math.min(out.length, this.#length - this.#position);
    out.fill(0, 0, Math.max(0, n));
    this.#position += Math.max(0, n);
    return Math.max(0, n);
  }

  /** See {@link AudioSource.position}. */
  get position(): number {
    return this.#position;
  }

  /** See {@link AudioSource.length}. */
  get length(): number | undefined {
    return this.#length;
  }
}

/** Several sources played one after the other (FreeSWITCH's `file_string://a!b!c`). */
export class SequenceSource implements AudioSource {
  readonly #sources: readonly AudioSource[];
  #index = 0;
  #position = 0;

  /** Creates a source that plays `sources` in order. */
  constructor(sources: readonly AudioSource[]) {
    this.#sources = sources;
  }

  /** See {@link AudioSource.read}. */
  read(out: Int16Array): number {
    let n = 0;
    while (n < out.length && this.#index < this.#sources.length) {
      const got = (this.#sources[this.#index] as AudioSource).read(out.subarray(n));
      n += got;
      if (n < out.length) this.#index++;
    }
    this.#position += n;
    return n;
  }

  /** See {@link AudioSource.position}. */
  get position(): number {
    return this.#position;
  }

  /** See {@link AudioSource.length}: the sum, or undefined when one part is endless. */
  get length(): number | undefined {
    let total = 0;
    for (const s of this.#sources) {
      if (s.length === undefined) return undefined;
      total += s.length;
    }
    return total;
  }
}
