/** RTP fixed header (RFC 3550 §5.1) read and write, without allocation on the send path. */

/** The fields of a received RTP packet this engine uses. */
export interface RtpPacket {
  readonly marker: boolean;
  readonly payloadType: number;
  readonly sequence: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly payload: Uint8Array;
}

/** Length of the fixed header without CSRCs. */
export const RTP_HEADER_LENGTH = 12;

/**
 * Parses an RTP packet. Returns undefined for anything that is not RTP version 2 or is
 * truncated; RTCP (payload types 72-76 with the marker bit, RFC 5761 §4) is rejected too.
 */
export function parseRtp(data: Uint8Array): RtpPacket | undefined {
  if (data.length < RTP_HEADER_LENGTH) return undefined;
  const b0 = data[0] as number;
  const b1 = data[1] as number;
  if (b0 >> 6 !== 2) return undefined;
  const payloadType = b1 & 0x7f;
  if (payloadType >= 72 && payloadType <= 76) return undefined;
  const csrcCount = b0 & 0x0f;
  let offset = RTP_HEADER_LENGTH + 4 * csrcCount;
  if ((b0 & 0x10) !== 0) {
    // §5.3.1 header extension: 16-bit profile, 16-bit length in 32-bit words.
    if (data.length < offset + 4) return undefined;
    const words = ((data[offset + 2] as number) << 8) | (data[offset + 3] as number);
    offset += 4 + 4 * words;
  }
  let end = data.length;
  if ((b0 & 0x20) !== 0) {
    // §5.1 padding: the last octet counts the padding octets.
    end -= data[data.length - 1] as number;
  }
  if (end < offset) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return {
    marker: (b1 & 0x80) !== 0,
    payloadType,
    sequence: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    payload: data.subarray(offset, end),
  };
}

/** Writes a 12-byte RTP header (version 2, no padding, extension or CSRC) at the start of `out`. */
export function writeRtpHeader(out: Uint8Array, marker: boolean, payloadType: number, sequence: number, timestamp: number, ssrc: number): void {
  out[0] = 0x80;
  out[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
  out[2] = (sequence >> 8) & 0xff;
  out[3] = sequence & 0xff;
  out[4] = (timestamp >>> 24) & 0xff;
  out[5] = (timestamp >>> 16) & 0xff;
  out[6] = (timestamp >>> 8) & 0xff;
  out[7] = timestamp & 0xff;
  out[8] = (ssrc >>> 24) & 0xff;
  out[9] = (ssrc >>> 16) & 0xff;
  out[10] = (ssrc >>> 8) & 0xff;
  out[11] = ssrc & 0xff;
}

/** Signed distance `a - b` between two 32-bit RTP timestamps, robust across wrap-around. */
export function timestampDelta(a: number, b: number): number {
  return (a - b) | 0;
}

/** Signed distance `a - b` between two 16-bit sequence numbers. */
export function sequenceDelta(a: number, b: number): number {
  return ((((a - b) & 0xffff) + 0x8000) & 0xffff) - 0x8000;
}
