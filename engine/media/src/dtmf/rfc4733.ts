/**
 * RFC 4733 telephone-events (DTMF over RTP): payload codec, a send plan and a receive reducer.
 *
 * FreeSWITCH reports a digit once, when the first end packet arrives, with `DTMF-Duration` set to
 * that packet's duration field in timestamp units (conformance/freeswitch/play-collect: SIPp's
 * `dtmf_2833_1.pcap` ends with duration 2240, and FreeSWITCH reported `DTMF-Duration: 2240`).
 */

/** DTMF symbols that RFC 4733 §3.2 table 1 assigns to events 0-15. */
export type DtmfDigit =
  | '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

const DIGITS: readonly DtmfDigit[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D'];

/** Maps a digit (case-insensitive for A-D) to its RFC 4733 event code; undefined for anything else. */
export function digitToEvent(digit: string): number | undefined {
  const index = DIGITS.indexOf(digit.toUpperCase() as DtmfDigit);
  return index < 0 ? undefined : index;
}

/** Maps an RFC 4733 event code 0-15 to its digit; other events (16 = flash, tones) give undefined. */
export function eventToDigit(event: number): DtmfDigit | undefined {
  return DIGITS[event];
}

/** True for a character that is a DTMF digit. */
export function isDtmfDigit(value: string): value is DtmfDigit {
  return value.length === 1 && digitToEvent(value) !== undefined;
}

/** The four-byte telephone-event payload (RFC 4733 §2.3). */
export interface TelephoneEvent {
  readonly event: number;
  /** E bit: this packet ends the event. */
  readonly end: boolean;
  /** Power level in -dBm0, 0-63. */
  readonly volume: number;
  /** Duration so far, in RTP timestamp units, 0-65535. */
  readonly duration: number;
}

/** Parses a telephone-event payload; undefined when it is shorter than 4 bytes. */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  const flags = payload[1] as number;
  return {
    event: payload[0] as number,
    end: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: ((payload[2] as number) << 8) | (payload[3] as number),
  };
}

/** Serialises a telephone-event payload (R bit zero, §2.3). */
export function serializeTelephoneEvent(ev: TelephoneEvent, out: Uint8Array = new Uint8Array(4)): Uint8Array {
  out[0] = ev.event & 0xff;
  out[1] = (ev.end ? 0x80 : 0) | (ev.volume & 0x3f);
  const duration = Math.min(0xffff, Math.max(0, Math.round(ev.duration)));
  out[2] = duration >> 8;
  out[3] = duration & 0xff;
  return out;
}

/** One packet of a planned DTMF event. All packets of one event share one RTP timestamp (§2.5.1.1). */
export interface PlannedDtmfPacket {
  /** Milliseconds after the start of the event at which to send this packet. */
  readonly atMs: number;
  /** RTP marker bit: set on the first packet of the event only (§2.5.1.1). */
  readonly marker: boolean;
  readonly payload: TelephoneEvent;
}

/** Options for {@link planDtmfPackets}. */
export interface DtmfPlanOptions {
  readonly digit: string;
  readonly durationMs: number;
  /** -dBm0; FreeSWITCH sends 10 (SIPp's samples use 10 too). */
  readonly volume?: number;
  readonly packetMs?: number;
  readonly clockRate?: number;
}

/**
 * Plans the packets for one digit: a start packet with the marker bit, one update per packet
 * interval with the duration so far, and the final packet with the E bit sent three times on
 * consecutive intervals, as RFC 4733 §2.5.1.4 asks ("SHOULD be sent a total of three times").
 * Returns undefined for a character that is not a DTMF digit.
 */
export function planDtmfPackets(options: DtmfPlanOptions): PlannedDtmfPacket[] | undefined {
  const event = digitToEvent(options.digit);
  if (event === undefined) return undefined;
  const packetMs = options.packetMs ?? 20;
  const clockRate = options.clockRate ?? 8000;
  const volume = options.volume ?? 10;
  const samplesPerPacket = (clockRate * packetMs) / 1000;
  const durationMs = Math.max(packetMs, options.durationMs);
  const total = Math.min(0xffff, Math.round((durationMs * clockRate) / 1000));
  const updates = Math.max(1, Math.ceil(durationMs / packetMs) - 1);
  const packets: PlannedDtmfPacket[] = [];
  for (let k = 0; k < updates; k++) {
    packets.push({
      atMs: k * packetMs,
      marker: k === 0,
      payload: { event, end: false, volume, duration: Math.min(total, (k + 1) * samplesPerPacket) },
    });
  }
  for (let r = 0; r < 3; r++) {
    packets.push({ atMs: (updates + r) * packetMs, marker: false, payload: { event, end: true, volume, duration: total } });
  }
  return packets;
}

/** A telephone-event packet as the receive path sees it. */
export interface ReceivedTelephoneEvent {
  readonly ssrc: number;
  readonly timestamp: number;
  readonly payload: TelephoneEvent;
}

/** A digit the receiver recognised. */
export interface DetectedDigit {
  readonly digit: DtmfDigit;
  /** In RTP timestamp units: the duration field of the packet that completed the event. */
  readonly durationSamples: number;
  readonly ssrc: number;
  readonly timestamp: number;
}

interface PendingEvent {
  readonly ssrc: number;
  readonly timestamp: number;
  readonly event: number;
  readonly duration: number;
  readonly lastSeenMs: number;
}

/** Immutable receiver state; start with {@link INITIAL_DTMF_RECEIVER}. */
export interface DtmfReceiverState {
  readonly pending: PendingEvent | undefined;
  /** Keys (`ssrc:timestamp`) of recently finished events, for duplicate and late end packets. */
  readonly finished: readonly string[];
}

/** The receiver state before any packet. */
export const INITIAL_DTMF_RECEIVER: DtmfReceiverState = { pending: undefined, finished: [] };

/** Result of one receiver step. */
export interface DtmfReceiveStep {
  readonly state: DtmfReceiverState;
  readonly detected: readonly DetectedDigit[];
}

const FINISHED_MEMORY = 8;

function keyOf(ssrc: number, timestamp: number): string {
  return `${ssrc}:${timestamp}`;
}

function finish(state: DtmfReceiverState, pending: PendingEvent, duration: number): DtmfReceiveStep {
  const digit = eventToDigit(pending.event);
  const finished = [...state.finished, keyOf(pending.ssrc, pending.timestamp)].slice(-FINISHED_MEMORY);
  const detected: DetectedDigit[] = digit === undefined
    ? []
    : [{ digit, durationSamples: duration, ssrc: pending.ssrc, timestamp: pending.timestamp }];
  return { state: { pending: undefined, finished }, detected };
}

/**
 * Feeds one telephone-event packet. Packets sharing SSRC and timestamp form one event (§2.5.1.1);
 * the first end packet reports the digit, the retransmitted end packets (§2.5.1.4) and late
 * duplicates are ignored. A new event that starts while the previous one never saw its end
 * (all three end packets lost) reports the previous one first, with its last known duration.
 */
export function receiveTelephoneEvent(state: DtmfReceiverState, packet: ReceivedTelephoneEvent, nowMs: number): DtmfReceiveStep {
  const key = keyOf(packet.ssrc, packet.timestamp);
  if (state.finished.includes(key)) return { state, detected: [] };
  const { pending } = state;
  let prior: DetectedDigit[] = [];
  let base = state;
  if (pending && (pending.ssrc !== packet.ssrc || pending.timestamp !== packet.timestamp)) {
    const flushed = finish(state, pending, pending.duration);
    prior = [...flushed.detected];
    base = flushed.state;
  }
  const current: PendingEvent = {
    ssrc: packet.ssrc,
    timestamp: packet.timestamp,
    event: packet.payload.event,
    duration: Math.max(packet.payload.duration, base.pending?.duration ?? 0),
    lastSeenMs: nowMs,
  };
  if (packet.payload.end) {
    const done = finish(base, current, packet.payload.duration);
    return { state: done.state, detected: [...prior, ...done.detected] };
  }
  return { state: { ...base, pending: current }, detected: prior };
}

/**
 * Reports an event whose end packets never came once no packet of it arrived for `timeoutMs`
 * (the receive path calls this from its media clock).
 */
export function expireTelephoneEvent(state: DtmfReceiverState, nowMs: number, timeoutMs = 500): DtmfReceiveStep {
  const { pending } = state;
  if (!pending || nowMs - pending.lastSeenMs < timeoutMs) return { state, detected: [] };
  return finish(state, pending, pending.duration);
}
