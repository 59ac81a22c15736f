/** Injected time for the engines (CONVENTIONS §2.7): a clock and one-shot timers. */

/** Cancels a scheduled callback; calling it twice is harmless. */
export type Cancel = () => void;

/** A clock plus one-shot timers. Tests pass a manual implementation. */
export interface Scheduler {
  now(): number;
  after(ms: number, fn: () => void): Cancel;
}

/** The real clock and Node timers. Timers are unref'd: they never keep a process alive alone. */
export const realScheduler: Scheduler = {
  now: () => Date.now(),
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
};
