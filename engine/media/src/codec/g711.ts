/**
 * G.711 (ITU-T G.711) PCMU/PCMA conversion with precomputed tables.
 *
 * The bit-level algorithm is the one FreeSWITCH uses (spandsp's `g711.h`, linked into
 * `switch_g711.c`), so a prompt encoded here produces the same payload bytes as on FreeSWITCH.
 * Encoding looks up a 64 Ki table per law (every 16-bit sample), decoding a 256-entry table:
 * one array access per sample keeps 200 concurrent streams cheap (scripts/bench/media).
 */

/** Bias added before the μ-law segment search (G.711 §A, spandsp ULAW_BIAS). */
const ULAW_BIAS = 0x84;

function topBit(value: number): number {
  return 31 - Math.clz32(value);
}

/** Encodes one 16-bit linear sample to μ-law, bit-exact with spandsp `linear_to_ulaw`. */
function computeUlaw(linear: number): number {
  let mask: number;
  let magnitude: number;
  if (linear < 0) {
    magnitude = ULAW_BIAS - linear;
    mask = 0x7f;
  } else {
    magnitude = ULAW_BIAS + linear;
    mask = 0xff;
  }
  const seg = topBit(magnitude | 0xff) - 7;
  if (seg >= 8) return (0x7f ^ mask) & 0xff;
  return (((seg << 4) | ((magnitude >> (seg + 3)) & 0x0f)) ^ mask) & 0xff;
}

/** Encodes one 16-bit linear sample to A-law, bit-exact with spandsp `linear_to_alaw`. */
function computeAlaw(linear: number): number {
  let mask: number;
  let magnitude = linear;
  if (linear >= 0) {
    mask = 0xd5;
  } else {
    mask = 0x55;
    magnitude = -linear - 1;
  }
  const seg = topBit(magnitude | 0xff) - 7;
  if (seg >= 8) return (0x7f ^ mask) & 0xff;
  const shift = seg === 0 ? 4 : seg + 3;
  return (((seg << 4) | ((magnitude >> shift) & 0x0f)) ^ mask) & 0xff;
}

function computeUlawDecode(code: number): number {
  const u = ~code & 0xff;
  const t = (((u & 0x0f) << 3) + ULAW_BIAS) << ((u & 0x70) >> 4);
  return (u & 0x80) !== 0 ? ULAW_BIAS - t : t - ULAW_BIAS;
}

function computeAlawDecode(code: number): number {
  const a = code ^ 0x55;
  let i = (a & 0x0f) << 4;
  const seg = (a & 0x70) >> 4;
  if (seg !== 0) i = (i + 0x108) << (seg - 1);
  else i += 8;
  return (a & 0x80) !== 0 ? i : -i;
}

const ULAW_DECODE = new Int16Array(256);
const ALAW_DECODE = new Int16Array(256);
for (let code = 0; code < 256; code++) {
  ULAW_DECODE[code] = computeUlawDecode(code);
  ALAW_DECODE[code] = computeAlawDecode(code);
}

/** Indexed by `sample + 32768`. */
const ULAW_ENCODE = new Uint8Array(65536);
const ALAW_ENCODE = new Uint8Array(65536);
for (let s = -32768; s < 32768; s++) {
  ULAW_ENCODE[s + 32768] = computeUlaw(s);
  ALAW_ENCODE[s + 32768] = computeAlaw(s);
}

/** The two G.711 laws with their static RTP payload types (RFC 3551 §6). */
export type G711Law = 'PCMU' | 'PCMA';

/** Static payload type of a G.711 law (RFC 3551 table 4: PCMU 0, PCMA 8). */
export const G711_PAYLOAD_TYPE: Readonly<Record<G711Law, number>> = { PCMU: 0, PCMA: 8 };

/** Encodes one linear sample (clamped to 16 bits) to a μ-law byte. */
export function linearToUlaw(sample: number): number {
  return ULAW_ENCODE[clamp16(sample) + 32768] as number;
}

/** Encodes one linear sample (clamped to 16 bits) to an A-law byte. */
export function linearToAlaw(sample: number): number {
  return ALAW_ENCODE[clamp16(sample) + 32768] as number;
}

/** Decodes one μ-law byte to a linear 16-bit sample. */
export function ulawToLinear(code: number): number {
  return ULAW_DECODE[code & 0xff] as number;
}

/** Decodes one A-law byte to a linear 16-bit sample. */
export function alawToLinear(code: number): number {
  return ALAW_DECODE[code & 0xff] as number;
}

/**
 * Encodes linear PCM into G.711 bytes. Writes into `out` when given (it must be at least as long as
 * `samples`), so the RTP send path can reuse one buffer per stream.
 */
export function encodeG711(law: G711Law, samples: Int16Array, out?: Uint8Array): Uint8Array {
  const target = out ?? new Uint8Array(samples.length);
  const table = law === 'PCMU' ? ULAW_ENCODE : ALAW_ENCODE;
  for (let i = 0; i < samples.length; i++) {
    target[i] = table[(samples[i] as number) + 32768] as number;
  }
  return target;
}

/** Decodes G.711 bytes into linear PCM; writes into `out` when given. */
export function decodeG711(law: G711Law, payload: Uint8Array, out?: Int16Array): Int16Array {
  const target = out ?? new Int16Array(payload.length);
  const table = law === 'PCMU' ? ULAW_DECODE : ALAW_DECODE;
  for (let i = 0; i < payload.length; i++) {
    target[i] = table[payload[i] as number] as number;
  }
  return target;
}

/** The G.711 byte of smallest magnitude, sent as idle silence: μ-law 0xFF (0), A-law 0xD5 (+8). */
export function g711SilenceByte(law: G711Law): number {
  return law === 'PCMU' ? 0xff : 0xd5;
}

function clamp16(sample: number): number {
  const s = Math.round(sample);
  return s > 32767 ? 32767 : s < -32768 ? -32768 : s;
}
