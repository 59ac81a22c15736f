/**
 * RFC 3261 §17 timer values (Table 4), per engine instance. Tests may scale T1 down; the
 * other values keep their ratios. Timers that only guard unreliable transports are 0 on streams.
 */

/** Base timer values in ms. */
export interface TimerConfig {
  /** RTT estimate, default 500 ms. */
  readonly T1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, default 4 s. */
  readonly T2: number;
  /** Maximum duration a message remains in the network, default 5 s. */
  readonly T4: number;
}

/** RFC 3261 defaults. */
export const defaultTimers: TimerConfig = { T1: 500, T2: 4000, T4: 5000 };

/** 64*T1: Timers B, F, H, J and RFC 6026 Timers L and M. */
export function timer64(t: TimerConfig): number {
  return 64 * t.T1;
}

/** Timer D: wait time for response retransmits, "> 32 s for UDP, 0 s for TCP/SCTP". */
export function timerD(t: TimerConfig, reliable: boolean): number {
  return reliable ? 0 : 64 * t.T1;
}

/** Timers I and K: T4 for UDP, 0 for reliable transports. */
export function timerIK(t: TimerConfig, reliable: boolean): number {
  return reliable ? 0 : t.T4;
}

/** Timer J: 64*T1 for UDP, 0 for reliable transports. */
export function timerJ(t: TimerConfig, reliable: boolean): number {
  return reliable ? 0 : 64 * t.T1;
}
