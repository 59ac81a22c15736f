/**
 * One send clock for every channel of the engine: a timer wheel with `slots` phases per 20 ms
 * period. Deadlines are absolute (`epoch + frame * period + slot * period / slots`), so timer
 * lateness never accumulates into drift; a late wake-up runs every overdue slot in order (catch-up),
 * and after a long stall (more than `maxCatchUpFrames`, default 10 = 200 ms) the wheel jumps forward instead of sending
 * a burst. Spreading channels over slots keeps each wake-up short: 200 channels on 4 slots means
 * about 50 packets per wake-up instead of 200.
 */
import { performance } from 'node:perf_hooks';

/** A per-channel job run once per period. */
export interface MediaClockTask {
  /**
   * Runs for frame number `frame` (counted from the wheel's start). Frames can be skipped after a
   * stall; a task derives RTP timestamp progress from the frame number, not from the call count.
   */
  tick(frame: number): void;
}

/** Options for {@link MediaClock}. */
export interface MediaClockOptions {
  readonly periodMs?: number;
  readonly slots?: number;
  readonly maxCatchUpFrames?: number;
  /** Monotonic milliseconds; tests and benchmarks may replace it. */
  readonly now?: () => number;
}

/** Lateness figures of the wheel itself, for diagnostics and the benchmark. */
export interface MediaClockStats {
  readonly wakeups: number;
  /** Lateness of slot runs against their absolute deadline, in ms (since start or the last reset). */
  readonly latenessMs: { readonly p50: number; readonly p99: number; readonly p999: number };
  readonly slotRuns: number;
  readonly maxLatenessMs: number;
  readonly jumps: number;
  readonly tasks: number;
}

/** The shared media timer wheel. */
export class MediaClock {
  readonly #period: number;
  readonly #slots: Set<MediaClockTask>[];
  readonly #maxCatchUp: number;
  readonly #now: () => number;
  #epoch = 0;
  #frame = 0;
  #slot = 0;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #wakeups = 0;
  #slotRuns = 0;
  #maxLateness = 0;
  #jumps = 0;
  /** Histogram of slot lateness in 0.1 ms buckets (0-100 ms). */
  readonly #lateness = new Uint32Array(1001);
  readonly #assignment = new Map<MediaClockTask, number>();

  /** Creates a stopped wheel. */
  constructor(options: MediaClockOptions = {}) {
    this.#period = options.periodMs ?? 20;
    this.#slots = Array.from({ length: Math.max(1, options.slots ?? 4) }, () => new Set<MediaClockTask>());
    this.#maxCatchUp = options.maxCatchUpFrames ?? 10;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Adds a task to the least loaded slot; starts the wheel on first use. Returns its removal. */
  add(task: MediaClockTask): () => void {
    let best = 0;
    for (let i = 1; i < this.#slots.length; i++) {
      if ((this.#slots[i] as Set<MediaClockTask>).size < (this.#slots[best] as Set<MediaClockTask>).size) best = i;
    }
    (this.#slots[best] as Set<MediaClockTask>).add(task);
    this.#assignment.set(task, best);
    if (!this.#running) this.start();
    return () => this.remove(task);
  }

  /** Removes a task; harmless when it is not registered. */
  remove(task: MediaClockTask): void {
    const slot = this.#assignment.get(task);
    if (slot === undefined) return;
    this.#assignment.delete(task);
    this.#slots[slot]?.delete(task);
    // An idle engine does not wake up 200 times a second; the next add() restarts the wheel.
    if (this.#assignment.size === 0) this.stop();
  }

  /** The frame number the wheel is currently on (the next to run). */
  get currentFrame(): number {
    return this.#frame;
  }

  /** Milliseconds per frame. */
  get periodMs(): number {
    return this.#period;
  }

  /** Starts ticking. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#epoch = this.#now();
    this.#frame = 0;
    this.#slot = 0;
    this.#arm();
  }

  /** Stops ticking; tasks stay registered. */
  stop(): void {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Wheel statistics since start. */
  stats(): MediaClockStats {
    return {
      wakeups: this.#wakeups,
      latenessMs: { p50: this.#latenessPercentile(50), p99: this.#latenessPercentile(99), p999: this.#latenessPercentile(99.9) },
      slotRuns: this.#slotRuns,
      maxLatenessMs: this.#maxLateness,
      jumps: this.#jumps,
      tasks: this.#assignment.size,
    };
  }

  /** Clears the lateness figures (a benchmark calls this after warm-up). */
  resetStats(): void {
    this.#lateness.fill(0);
    this.#maxLateness = 0;
    this.#wakeups = 0;
    this.#slotRuns = 0;
    this.#jumps = 0;
  }

  #latenessPercentile(p: number): number {
    let total = 0;
    for (const c of this.#lateness) total += c;
    if (total === 0) return 0;
    const wanted = (p / 100) * total;
    let seen = 0;
    for (let i = 0; i < this.#lateness.length; i++) {
      seen += this.#lateness[i] as number;
      if (seen >= wanted) return i / 10;
    }
    return 100;
  }

  #due(frame: number, slot: number): number {
    return this.#epoch + frame * this.#period + (slot * this.#period) / this.#slots.length;
  }

  #arm(): void {
    if (!this.#running) return;
    const delay = this.#due(this.#frame, this.#slot) - this.#now();
    // Node timers have 1 ms resolution and never fire early; flooring keeps lateness below 1 ms
    // on an idle loop, and #run treats anything due within 1 ms as due now.
    this.#timer = setTimeout(() => this.#run(), Math.max(0, Math.floor(delay)));
  }

  #run(): void {
    this.#timer = undefined;
    if (!this.#running) return;
    this.#wakeups++;
    const now = this.#now();
    const lateFrames = (now - this.#due(this.#frame, this.#slot)) / this.#period;
    if (lateFrames > this.#maxCatchUp) {
      // A stall (GC, suspended VM): resume at the current frame instead of bursting.
      this.#jumps++;
      this.#frame += Math.floor(lateFrames);
    }
    while (this.#running && this.#due(this.#frame, this.#slot) <= now + 1) {
      const lateness = now - this.#due(this.#frame, this.#slot);
      if (lateness > this.#maxLateness) this.#maxLateness = lateness;
      const bucket = Math.min(1000, Math.max(0, Math.round(lateness * 10)));
      this.#lateness[bucket] = (this.#lateness[bucket] as number) + 1;
      const tasks = this.#slots[this.#slot] as Set<MediaClockTask>;
      const frame = this.#frame;
      for (const task of tasks) task.tick(frame);
      this.#slotRuns++;
      this.#slot++;
      if (this.#slot === this.#slots.length) {
        this.#slot = 0;
        this.#frame++;
      }
    }
    this.#arm();
  }
}
