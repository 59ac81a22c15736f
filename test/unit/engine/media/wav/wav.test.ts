import t from 'tap';
import wavefile from 'wavefile';
import {
  decodeWav, encodeWavPcm16, pcm16WavHeader, resamplePcm, toTelephoneRate,
} from '../../../../../engine/media/src/wav/index.js';

const { WaveFile } = wavefile;

function sine(rate: number, seconds: number, freq: number, amplitude: number): Float64Array {
  const n = Math.round(rate * seconds);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freq * i) / rate);
  return out;
}

function rms(samples: ArrayLike<number>, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (samples[i] as number) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

function wavImage(channels: number, rate: number, bitDepth: string, samples: ArrayLike<number>): Uint8Array {
  const w = new WaveFile();
  w.fromScratch(channels, rate, bitDepth, samples as number[]);
  return w.toBuffer();
}

const cases: Array<{ name: string; rate: number; bitDepth: string; scale: number }> = [
  { name: '8 kHz 16-bit', rate: 8000, bitDepth: '16', scale: 10000 },
  { name: '16 kHz 16-bit', rate: 16000, bitDepth: '16', scale: 10000 },
  { name: '44.1 kHz 16-bit', rate: 44100, bitDepth: '16', scale: 10000 },
  { name: '48 kHz 24-bit', rate: 48000, bitDepth: '24', scale: 10000 * 256 },
  { name: '48 kHz 32-bit float', rate: 48000, bitDepth: '32f', scale: 10000 / 32768 },
  { name: '8 kHz 8-bit unsigned', rate: 8000, bitDepth: '8', scale: 10000 / 256 },
];

for (const c of cases) {
  void t.test(`a ${c.name} tone converts to 8 kHz with its duration and energy kept`, async (t) => {
    const tone = sine(c.rate, 1.5, 440, c.scale);
    const data = c.bitDepth === '8' ? Array.from(tone, (v) => Math.round(v + 128)) : Array.from(tone, (v) => (c.bitDepth === '32f' ? v : Math.round(v)));
    const decoded = decodeWav(wavImage(1, c.rate, c.bitDepth, data));
    if (!decoded.ok) { t.fail(decoded.error.detail); return; }
    t.equal(decoded.value.sampleRate, c.rate);
    const pcm = toTelephoneRate(decoded.value);
    t.equal(pcm.length, 12000, '1.5 s at 8 kHz');
    const expectedRms = 10000 / Math.SQRT2;
    // Skip the filter's edge transient at both ends.
    t.ok(Math.abs(rms(pcm, 400, 11600) - expectedRms) / expectedRms < 0.03, `rms ${rms(pcm, 400, 11600).toFixed(0)} ≈ ${expectedRms.toFixed(0)}`);
  });
}

void t.test('μ-law and A-law WAVs decode to linear PCM', async (t) => {
  const codes = [0xff, 0x80, 0x00];
  const mu = decodeWav(wavImage(1, 8000, '8m', codes));
  const a = decodeWav(wavImage(1, 8000, '8a', [0xd5, 0xaa]));
  if (!mu.ok || !a.ok) { t.fail('decode failed'); return; }
  t.equal(mu.value.format, 'mulaw');
  t.same(Array.from(mu.value.samples), [0, 32124, -32124]);
  t.equal(a.value.format, 'alaw');
  t.same(Array.from(a.value.samples), [8, 32256]);
});

void t.test('a stereo file is mixed down to mono', async (t) => {
  const interleaved = [1000, 3000, -2000, 0, 500, 500];
  const decoded = decodeWav(wavImage(2, 8000, '16', interleaved));
  if (!decoded.ok) { t.fail(decoded.error.detail); return; }
  t.equal(decoded.value.channels, 2);
  t.same(Array.from(decoded.value.samples), [2000, -1000, 500]);
});

void t.test('a tone above the telephone band is removed rather than aliased', async (t) => {
  const high = Int16Array.from(sine(48000, 1, 6000, 10000), Math.round);
  const out = resamplePcm(high, 48000, 8000);
  t.ok(rms(out, 200, 7800) < 300, `residual rms ${rms(out, 200, 7800).toFixed(1)}`);
});

void t.test('resampling keeps duration for awkward lengths and rates', async (t) => {
  for (const [n, from] of [[1, 44100], [441, 44100], [1001, 11025], [3, 48000], [0, 16000]] as const) {
    t.equal(resamplePcm(new Int16Array(n), from, 8000).length, Math.round((n * 8000) / from));
  }
  t.throws(() => resamplePcm(new Int16Array(4), 0, 8000));
});

void t.test('garbage is reported as not a WAV', async (t) => {
  const r = decodeWav(new TextEncoder().encode('definitely not a riff file'));
  t.equal(r.ok, false);
  if (!r.ok) t.equal(r.error.kind, 'not-wav');
});

void t.test('an encoded PCM16 WAV decodes to the same samples', async (t) => {
  const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
  const decoded = decodeWav(encodeWavPcm16(samples, 8000));
  if (!decoded.ok) { t.fail(decoded.error.detail); return; }
  t.same(Array.from(decoded.value.samples), Array.from(samples));
});

void t.test('the streaming header plus raw samples is a valid WAV that wavefile reads', async (t) => {
  const samples = Int16Array.from([10, -20, 30, -40]);
  const header = pcm16WavHeader(samples.byteLength, 8000);
  const image = new Uint8Array(44 + samples.byteLength);
  image.set(header, 0);
  image.set(new Uint8Array(samples.buffer), 44);
  const w = new WaveFile(image);
  t.same(Array.from(w.getSamples(false, Int16Array) as unknown as Int16Array), [10, -20, 30, -40]);
  t.equal((w.fmt as { sampleRate: number }).sampleRate, 8000);
});
