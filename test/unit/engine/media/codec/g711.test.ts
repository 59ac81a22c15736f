import t from 'tap';
import fc from 'fast-check';
import {
  alawToLinear, decodeG711, encodeG711, g711SilenceByte, linearToAlaw, linearToUlaw, ulawToLinear,
} from '../../../../../engine/media/src/codec/index.js';

// Golden values from CPython's audioop (an independent G.711 implementation).
const ULAW_DECODE_GOLDEN: ReadonlyArray<readonly [number, number]> = [
  [0x00, -32124], [0x0f, -16764], [0x7f, 0], [0x80, 32124], [0x8f, 16764], [0xff, 0], [0x33, -3516], [0xc7, 1436],
];
const ALAW_DECODE_GOLDEN: ReadonlyArray<readonly [number, number]> = [
  [0x00, -5504], [0x55, -8], [0xd5, 8], [0x80, 5504], [0xaa, 32256], [0x2a, -32256], [0x13, -2880], [0xf0, 688],
];
// audioop and spandsp (FreeSWITCH) agree on A-law everywhere and on μ-law for positive samples
// and negative multiples of 4; only those samples are used as μ-law goldens.
const ULAW_ENCODE_GOLDEN: ReadonlyArray<readonly [number, number]> = [
  [0, 255], [1, 255], [8, 254], [100, 242], [-100, 114], [1000, 206], [-1000, 78], [32767, 128], [-32768, 0], [4000, 175], [-4000, 47],
];
const ALAW_ENCODE_GOLDEN: ReadonlyArray<readonly [number, number]> = [
  [0, 213], [1, 213], [-1, 85], [7, 213], [8, 213], [100, 211], [-100, 83], [1000, 250], [-1000, 122],
  [12345, 189], [-12345, 61], [32767, 170], [-32768, 42], [4000, 154], [-4001, 26],
];

void t.test('μ-law decoding matches the reference table', async (t) => {
  for (const [code, linear] of ULAW_DECODE_GOLDEN) t.equal(ulawToLinear(code), linear, `0x${code.toString(16)}`);
});

void t.test('A-law decoding matches the reference table', async (t) => {
  for (const [code, linear] of ALAW_DECODE_GOLDEN) t.equal(alawToLinear(code), linear, `0x${code.toString(16)}`);
});

void t.test('μ-law encoding matches the reference values', async (t) => {
  for (const [linear, code] of ULAW_ENCODE_GOLDEN) t.equal(linearToUlaw(linear), code, `${linear}`);
});

void t.test('A-law encoding matches the reference values', async (t) => {
  for (const [linear, code] of ALAW_ENCODE_GOLDEN) t.equal(linearToAlaw(linear), code, `${linear}`);
});

void t.test('a spandsp quirk is kept: μ-law encodes -1 as 0x7f like FreeSWITCH', async (t) => {
  t.equal(linearToUlaw(-1), 0x7f);
});

void t.test('encoding a decoded byte gives the same byte back, for every code of both laws', async (t) => {
  for (let code = 0; code < 256; code++) {
    // 0x7f (μ-law -0) and 0xff (+0) both decode to 0, which re-encodes as +0.
    const expectedU = code === 0x7f ? 0xff : code;
    t.equal(linearToUlaw(ulawToLinear(code)), expectedU);
    t.equal(linearToAlaw(alawToLinear(code)), code);
  }
});

void t.test('a round trip stays within the quantisation step of the segment', async (t) => {
  fc.assert(fc.property(fc.integer({ min: -32768, max: 32767 }), (s) => {
    const errU = Math.abs(ulawToLinear(linearToUlaw(s)) - s);
    const errA = Math.abs(alawToLinear(linearToAlaw(s)) - s);
    // The coarsest segment quantises in steps of 1024 (μ-law) / 1024 (A-law); half a step of error at most.
    return errU <= Math.max(4, Math.abs(s) / 16 + 132) && errA <= Math.max(8, Math.abs(s) / 16 + 16);
  }));
  t.pass('property held for all generated cases');
});

void t.test('buffer conversion equals per-sample conversion and reuses the given output buffer', async (t) => {
  const samples = new Int16Array([0, 1000, -1000, 32767, -32768, 12345]);
  const out = new Uint8Array(6);
  t.equal(encodeG711('PCMU', samples, out), out);
  t.same(Array.from(out), Array.from(samples, linearToUlaw));
  t.same(Array.from(encodeG711('PCMA', samples)), Array.from(samples, linearToAlaw));
  const back = decodeG711('PCMA', encodeG711('PCMA', samples));
  t.same(Array.from(back), Array.from(samples, (s) => alawToLinear(linearToAlaw(s))));
});

void t.test('the silence bytes decode to zero', async (t) => {
  t.equal(ulawToLinear(g711SilenceByte('PCMU')), 0);
  t.equal(Math.abs(alawToLinear(g711SilenceByte('PCMA'))), 8);
});
