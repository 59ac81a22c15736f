/**
 * The far end of an RTP stream in tests: a UDP socket that records what the engine sends and
 * sends G.711 audio or RFC 4733 digits at 20 ms intervals.
 */
import { createSocket, type Socket } from 'node:dgram';
import { decodeG711, encodeG711, type G711Law } from '../../../../engine/media/src/codec/index.js';
import { planDtmfPackets, serializeTelephoneEvent } from '../../../../engine/media/src/dtmf/index.js';
import { parseRtp, writeRtpHeader, type RtpPacket } from '../../../../engine/media/src/rtp/index.js';

/** A received packet with its arrival time. */
export interface Received {
  readonly packet: RtpPacket;
  readonly atMs: number;
}

/** A test RTP endpoint. */
export class RtpPeer {
  readonly socket: Socket;
  readonly received: Received[] = [];
  port = 0;
  #seq = 1000;
  #ts = 50000;
  readonly #ssrc = 0x1234abcd;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('message', (msg) => {
      const packet = parseRtp(new Uint8Array(msg));
      if (packet) this.received.push({ packet: { ...packet, payload: Uint8Array.from(packet.payload) }, atMs: performance.now() });
    });
  }

  /** Binds a peer on loopback. */
  static async open(): Promise<RtpPeer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    const peer = new RtpPeer(socket);
    peer.port = socket.address().port;
    return peer;
  }

  /** An SDP offer for this peer (like SIPp's in the conformance runs). */
  offer(codecs: ReadonlyArray<readonly [number, string]> = [[0, 'PCMU']], sendrecvLine = true): string {
    const pts = [...codecs.map(([pt]) => pt), 101].join(' ');
    return [
      'v=0', 'o=user1 53655765 2353687637 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0',
      `m=audio ${this.port} RTP/AVP ${pts}`, ...codecs.map(([pt, name]) => `a=rtpmap:${pt} ${name}/8000`),
      'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16', 'a=ptime:20', ...(sendrecvLine ? ['a=sendrecv'] : []), '',
    ].join('\r\n');
  }

  /** Decoded audio of all received packets with payload type `pt`, in arrival order. */
  audio(law: G711Law, pt: number): Int16Array {
    const frames = this.received.filter((r) => r.packet.payloadType === pt).map((r) => decodeG711(law, r.packet.payload));
    const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
    let o = 0;
    for (const f of frames) {
      out.set(f, o);
      o += f.length;
    }
    return out;
  }

  #closed = false;

  #send(port: number, marker: boolean, pt: number, ts: number, payload: Uint8Array): void {
    if (this.#closed) return;
    const buf = Buffer.alloc(12 + payload.length);
    writeRtpHeader(buf, marker, pt, this.#seq, ts, this.#ssrc);
    this.#seq = (this.#seq + 1) & 0xffff;
    buf.set(payload, 12);
    this.socket.send(buf, port, '127.0.0.1');
  }

  /** Sends audio in `packetMs` packets (20 by default), paced in real time; resolves after the last one. */
  sendAudio(port: number, samples: Int16Array, law: G711Law, pt: number, packetMs = 20): Promise<void> {
    const size = packetMs * 8;
    const frames = Math.ceil(samples.length / size);
    let i = 0;
    return new Promise((resolve) => {
      const tick = setInterval(() => {
        if (i >= frames || this.#closed) {
          clearInterval(tick);
          resolve();
          return;
        }
        const frame = new Int16Array(size);
        frame.set(samples.subarray(i * size, Math.min(samples.length, (i + 1) * size)));
        this.#send(port, i === 0, pt, this.#ts, encodeG711(law, frame));
        this.#ts = (this.#ts + size) >>> 0;
        i++;
      }, packetMs);
    });
  }

  /** Sends one RFC 4733 digit (payload type 101), paced in real time. */
  sendDigit(port: number, digit: string, durationMs = 100): Promise<void> {
    const plan = planDtmfPackets({ digit, durationMs }) ?? [];
    const ts = this.#ts;
    this.#ts = (this.#ts + Math.round(durationMs * 8) + 800) >>> 0;
    let i = 0;
    return new Promise((resolve) => {
      const tick = setInterval(() => {
        const p = plan[i];
        if (!p || this.#closed) {
          clearInterval(tick);
          resolve();
          return;
        }
        this.#send(port, p.marker, 101, ts, serializeTelephoneEvent(p.payload));
        i++;
      }, 20);
    });
  }

  /** Closes the socket. */
  close(): void {
    this.#closed = true;
    this.socket.close();
  }
}
