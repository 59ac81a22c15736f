/**
 * One RTP session (one audio stream of a channel): 20 ms G.711 packets driven by the shared
 * {@link MediaClock}, receive through a {@link JitterBuffer}, RFC 4733 DTMF both ways, symmetric RTP.
 *
 * Symmetric RTP (RFC 4961; FreeSWITCH's `rtp-autoadjust`): the peer behind NAT sends from another
 * address than its SDP says, so the session sends to the source of the first valid packet, and
 * re-latches only when the latched address has been silent for `relatchAfterMs`.
 */
import type { RemoteInfo } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { decodeG711, encodeG711, type G711Law, G711_PAYLOAD_TYPE } from '../codec/index.js';
import {
  type DetectedDigit, type DtmfReceiverState, type PlannedDtmfPacket, INITIAL_DTMF_RECEIVER, expireTelephoneEvent,
  parseTelephoneEvent, planDtmfPackets, receiveTelephoneEvent, serializeTelephoneEvent,
} from '../dtmf/index.js';
import { canReceive, canSend, type NegotiatedMedia } from '../sdp/index.js';
import type { AudioSource } from '../tone/index.js';
import { JitterBuffer } from './jitter-buffer.js';
import type { MediaClock, MediaClockTask } from './media-clock.js';
import { parseRtp, RTP_HEADER_LENGTH, sequenceDelta, timestampDelta, writeRtpHeader } from './packet.js';
import type { AllocatedPort } from './port-allocator.js';
import { emptyRtpStats, type RtpStats } from './stats.js';

/** Samples per 20 ms frame at 8 kHz. */
export const FRAME_SAMPLES = 160;
const CN_PAYLOAD_TYPE = 13;

/** Options for {@link RtpSession}. */
export interface RtpSessionOptions {
  readonly port: AllocatedPort;
  readonly clock: MediaClock;
  /** Negotiated media; undefined for a 3pcc channel until the answer arrives. */
  readonly media: NegotiatedMedia | undefined;
  readonly ssrc: number;
  /** Monotonic milliseconds (stats, DTMF expiry). */
  readonly now?: () => number;
  readonly relatchAfterMs?: number;
}

interface ActivePlayback {
  readonly source: AudioSource;
  readonly onEnd: () => void;
}

interface ActiveDtmf {
  readonly packets: readonly PlannedDtmfPacket[];
  readonly timestamp: number;
  next: number;
  readonly startFrame: number;
}

/** Called with each received 20 ms frame (silence when nothing arrived). */
export type FrameListener = (samples: Int16Array, real: boolean) => void;

/** An RTP session bound to one allocated port. */
export class RtpSession implements MediaClockTask {
  readonly #port: AllocatedPort;
  readonly #clock: MediaClock;
  readonly #now: () => number;
  readonly #relatchAfter: number;
  readonly #ssrc: number;
  #media: NegotiatedMedia | undefined;
  #remote: { ip: string; port: number } | undefined;
  #latched: { ip: string; port: number; lastSeen: number } | undefined;
  #sequence: number;
  #timestamp: number;
  #lastFrame: number | undefined;
  #marker = true;
  #playback: ActivePlayback | undefined;
  #dtmfQueue: string[] = [];
  #dtmfDurationMs = 100;
  #dtmf: ActiveDtmf | undefined;
  #dtmfRx: DtmfReceiverState = INITIAL_DTMF_RECEIVER;
  readonly #jitter = new JitterBuffer();
  readonly #frame = new Int16Array(FRAME_SAMPLES);
  readonly #stats: RtpStats = emptyRtpStats();
  #lastArrival: number | undefined;
  #lastArrivalTs = 0;
  #jitterEstimate = 0;
  #intervalSum = 0;
  #intervalCount = 0;
  #highestSeq: number | undefined;
  #removeTask: (() => void) | undefined;
  #closed = false;
  readonly #frameListeners = new Set<FrameListener>();
  /** Receives every digit recognised from RFC 4733 packets. */
  onDigit: (digit: DetectedDigit) => void = () => undefined;
  /**
   * Told once when the peer sends another packet time than 20 ms (FreeSWITCH notes this as
   * `rtp_h_X-Broken-PTIME: Adv=20;Sent=30`, conformance/freeswitch/record with SIPp's g711a.pcap).
   */
  onBrokenPtime: (sentMs: number) => void = () => undefined;
  #ptimeReported = false;
  #oddPtimePackets = 0;

  /** Creates the session; call {@link start} to join the media clock. */
  constructor(options: RtpSessionOptions) {
    this.#port = options.port;
    this.#clock = options.clock;
    this.#now = options.now ?? (() => performance.now());
    this.#relatchAfter = options.relatchAfterMs ?? 2000;
    this.#ssrc = options.ssrc >>> 0;
    this.#sequence = Math.floor(Math.random() * 0x10000);
    this.#timestamp = Math.floor(Math.random() * 0x100000000) >>> 0;
    this.setMedia(options.media);
    this.#port.socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => this.#receive(msg, rinfo));
  }

  /** The local RTP port. */
  get localPort(): number {
    return this.#port.port;
  }

  /** The SSRC this side sends with. */
  get ssrc(): number {
    return this.#ssrc;
  }

  /** The negotiated media in force. */
  get media(): NegotiatedMedia | undefined {
    return this.#media;
  }

  /** Where packets currently go (latched source, else the SDP address). */
  get remoteAddress(): { ip: string; port: number } | undefined {
    const target = this.#latched ?? this.#remote;
    return target ? { ip: target.ip, port: target.port } : undefined;
  }

  /** Applies a new offer/answer result (re-INVITE, 3pcc answer). */
  setMedia(media: NegotiatedMedia | undefined): void {
    const previous = this.#remote;
    this.#media = media;
    this.#remote = media && media.remote.port !== 0 ? { ip: media.remote.ip, port: media.remote.port } : undefined;
    if (previous?.ip !== this.#remote?.ip || previous?.port !== this.#remote?.port) this.#latched = undefined;
  }

  /** Joins the media clock: from now on a packet goes out every 20 ms while sending is allowed. */
  start(): void {
    if (this.#removeTask || this.#closed) return;
    this.#removeTask = this.#clock.add(this);
  }

  /** Subscribes to received frames; returns the unsubscribe function. */
  addFrameListener(listener: FrameListener): () => void {
    this.#frameListeners.add(listener);
    return () => this.#frameListeners.delete(listener);
  }

  /**
   * Plays `source` instead of idle silence until it ends (then `onEnd` runs, after the last
   * partial frame went out) or until the returned stop function is called (no `onEnd` then).
   */
  play(source: AudioSource, onEnd: () => void): () => void {
    const playback: ActivePlayback = { source, onEnd };
    this.#playback = playback;
    return () => {
      if (this.#playback === playback) this.#playback = undefined;
    };
  }

  /** Queues DTMF digits to send as RFC 4733 events (needs a negotiated telephone-event type). */
  sendDigits(digits: string, durationMs = 100): boolean {
    if (this.#media?.telephoneEventPayloadType === undefined) return false;
    this.#dtmfDurationMs = durationMs;
    this.#dtmfQueue.push(...digits.split(''));
    return true;
  }

  /** Counters for `uuid_dump` / `uuid_set_media_stats`. */
  stats(): RtpStats {
    const s = this.#stats;
    s.inJitterMinVariance = s.inJitterMinVariance === Infinity ? 0 : s.inJitterMinVariance;
    s.inMeanInterval = this.#intervalCount === 0 ? 0 : this.#intervalSum / this.#intervalCount;
    s.inLargestJbSize = Math.ceil(this.#jitter.counters.largestDepthSamples / FRAME_SAMPLES);
    s.inFlushPacketCount = this.#jitter.counters.flushed;
    s.inJitterPacketCount = this.#jitter.counters.late;
    return { ...s };
  }

  /** Leaves the clock and closes the socket. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#removeTask?.();
    this.#removeTask = undefined;
    this.#playback = undefined;
    this.#frameListeners.clear();
    this.#port.release();
  }

  /** See {@link MediaClockTask.tick}. */
  tick(frame: number): void {
    const elapsed = this.#lastFrame === undefined ? 1 : frame - this.#lastFrame;
    this.#lastFrame = frame;
    if (elapsed > 1) this.#timestamp = (this.#timestamp + (elapsed - 1) * FRAME_SAMPLES) >>> 0;
    this.#receiveTick();
    this.#sendTick(frame);
    this.#timestamp = (this.#timestamp + FRAME_SAMPLES) >>> 0;
  }

  #receiveTick(): void {
    const pulled = this.#jitter.pull(FRAME_SAMPLES);
    for (const listener of this.#frameListeners) listener(pulled.samples, pulled.real);
    if (this.#dtmfRx.pending === undefined) return;
    const expired = expireTelephoneEvent(this.#dtmfRx, this.#now());
    if (expired.detected.length > 0) {
      this.#dtmfRx = expired.state;
      for (const d of expired.detected) this.onDigit(d);
    }
  }

  #sendTick(frame: number): void {
    const media = this.#media;
    const target = this.#latched ?? this.#remote;
    const sending = media !== undefined && target !== undefined && canSend(media.localDirection);
    if (!this.#dtmf && this.#dtmfQueue.length > 0 && media?.telephoneEventPayloadType !== undefined) {
      const digit = this.#dtmfQueue.shift() as string;
      const packets = planDtmfPackets({ digit, durationMs: this.#dtmfDurationMs });
      if (packets) this.#dtmf = { packets, next: 0, timestamp: this.#timestamp, startFrame: frame };
    }
    const frameOut = this.#frame;
    frameOut.fill(0);
    const playback = this.#playback;
    let ended = false;
    if (playback) {
      const n = playback.source.read(frameOut);
      if (n < FRAME_SAMPLES) ended = true;
    }
    if (this.#dtmf && media?.telephoneEventPayloadType !== undefined) {
      const dtmf = this.#dtmf;
      const due = (frame - dtmf.startFrame) * 20;
      while (dtmf.next < dtmf.packets.length && (dtmf.packets[dtmf.next] as PlannedDtmfPacket).atMs <= due) {
        const p = dtmf.packets[dtmf.next] as PlannedDtmfPacket;
        if (sending && target) this.#sendPacket(target, p.marker, media.telephoneEventPayloadType, dtmf.timestamp, serializeTelephoneEvent(p.payload), true);
        dtmf.next++;
      }
      if (dtmf.next >= dtmf.packets.length) this.#dtmf = undefined;
    } else if (sending && media && target) {
      const packet = Buffer.allocUnsafe(RTP_HEADER_LENGTH + FRAME_SAMPLES);
      encodeG711(media.codec, frameOut, packet.subarray(RTP_HEADER_LENGTH));
      writeRtpHeader(packet, this.#marker, media.payloadType, this.#sequence, this.#timestamp, this.#ssrc);
      this.#marker = false;
      this.#transmit(packet, target, FRAME_SAMPLES, false);
    }
    if (!sending) this.#marker = true;
    if (ended && this.#playback === playback && playback) {
      this.#playback = undefined;
      playback.onEnd();
    }
  }

  #sendPacket(target: { ip: string; port: number }, marker: boolean, pt: number, timestamp: number, payload: Uint8Array, dtmf: boolean): void {
    const packet = Buffer.allocUnsafe(RTP_HEADER_LENGTH + payload.length);
    writeRtpHeader(packet, marker, pt, this.#sequence, timestamp, this.#ssrc);
    packet.set(payload, RTP_HEADER_LENGTH);
    this.#transmit(packet, target, payload.length, dtmf);
  }

  #transmit(packet: Buffer, target: { ip: string; port: number }, mediaBytes: number, dtmf: boolean): void {
    this.#sequence = (this.#sequence + 1) & 0xffff;
    const s = this.#stats;
    s.outPacketCount++;
    s.outRawBytes += packet.length;
    if (dtmf) s.outDtmfPacketCount++;
    else {
      s.outMediaPacketCount++;
      s.outMediaBytes += mediaBytes;
    }
    if (this.#closed) return;
    this.#port.socket.send(packet, target.port, target.ip, (err) => {
      if (err) s.outSkipPacketCount++;
    });
  }

  #receive(msg: Buffer, rinfo: RemoteInfo): void {
    const s = this.#stats;
    const packet = parseRtp(msg);
    if (!packet) {
      s.inSkipPacketCount++;
      return;
    }
    const now = this.#now();
    this.#latch(rinfo, now);
    s.inPacketCount++;
    s.inRawBytes += msg.length;
    const media = this.#media;
    if (!media) return;
    if (packet.payloadType === media.telephoneEventPayloadType) {
      s.inDtmfPacketCount++;
      const payload = parseTelephoneEvent(packet.payload);
      if (!payload) return;
      const step = receiveTelephoneEvent(this.#dtmfRx, { ssrc: packet.ssrc, timestamp: packet.timestamp, payload }, now);
      this.#dtmfRx = step.state;
      for (const d of step.detected) this.onDigit(d);
      return;
    }
    if (packet.payloadType === CN_PAYLOAD_TYPE) {
      s.inCngPacketCount++;
      return;
    }
    const law = lawFor(packet.payloadType, media);
    if (!law) {
      s.inSkipPacketCount++;
      return;
    }
    if (!canReceive(media.localDirection)) return;
    s.inMediaPacketCount++;
    s.inMediaBytes += packet.payload.length;
    if (!this.#ptimeReported) {
      // Ten packets in a row, not one odd packet, make a peer's packet time "broken".
      const odd = packet.payload.length !== FRAME_SAMPLES && packet.payload.length % 80 === 0;
      this.#oddPtimePackets = odd ? this.#oddPtimePackets + 1 : 0;
      if (this.#oddPtimePackets >= 10) {
        this.#ptimeReported = true;
        this.onBrokenPtime(packet.payload.length / 8);
      }
    }
    this.#trackArrival(packet.sequence, packet.timestamp, now);
    this.#jitter.push(packet.ssrc, packet.timestamp, decodeG711(law, packet.payload));
  }

  #latch(rinfo: RemoteInfo, now: number): void {
    const l = this.#latched;
    if (l && l.ip === rinfo.address && l.port === rinfo.port) {
      l.lastSeen = now;
      return;
    }
    if (!l || now - l.lastSeen > this.#relatchAfter) {
      this.#latched = { ip: rinfo.address, port: rinfo.port, lastSeen: now };
    }
  }

  #trackArrival(sequence: number, timestamp: number, now: number): void {
    const s = this.#stats;
    if (this.#highestSeq !== undefined) {
      const gap = sequenceDelta(sequence, this.#highestSeq);
      if (gap > 1) s.inFlawTotal += gap - 1;
      if (gap > 0) this.#highestSeq = sequence;
    } else {
      this.#highestSeq = sequence;
    }
    if (this.#lastArrival !== undefined) {
      const interval = now - this.#lastArrival;
      this.#intervalSum += interval;
      this.#intervalCount++;
      // RFC 3550 §6.4.1 interarrival jitter, in timestamp units.
      const d = interval * 8 - timestampDelta(timestamp, this.#lastArrivalTs);
      this.#jitterEstimate += (Math.abs(d) - this.#jitterEstimate) / 16;
      const variance = this.#jitterEstimate / 8;
      if (variance < s.inJitterMinVariance) s.inJitterMinVariance = variance;
      if (variance > s.inJitterMaxVariance) s.inJitterMaxVariance = variance;
    }
    this.#lastArrival = now;
    this.#lastArrivalTs = timestamp;
    const expected = s.inMediaPacketCount + s.inFlawTotal;
    s.inJitterLossRate = expected === 0 ? 0 : (100 * s.inFlawTotal) / expected;
    s.inQualityPercentage = Math.max(0, 100 - s.inJitterLossRate * 4);
    const r = s.inQualityPercentage;
    // FreeSWITCH's MOS estimate from its quality percentage (switch_rtp.c).
    s.inMos = 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
  }
}

function lawFor(payloadType: number, media: NegotiatedMedia): G711Law | undefined {
  if (payloadType === media.payloadType) return media.codec;
  // A peer switching laws without a re-INVITE is tolerated for the static types.
  if (payloadType === G711_PAYLOAD_TYPE.PCMU) return 'PCMU';
  if (payloadType === G711_PAYLOAD_TYPE.PCMA) return 'PCMA';
  return undefined;
}
