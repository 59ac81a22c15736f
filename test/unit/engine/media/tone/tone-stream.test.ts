import t from 'tap';
import {
  parseSilenceStream, parseToneStream, PcmSource, SilenceSource, ToneSource,
} from '../../../../../engine/media/src/tone/index.js';

function drain(source: { read(out: Int16Array): number }, frame = 160, max = 8000 * 30): Int16Array {
  const chunks: Int16Array[] = [];
  let total = 0;
  for (;;) {
    const buf = new Int16Array(frame);
    const n = source.read(buf);
    chunks.push(buf.subarray(0, n));
    total += n;
    if (n < frame || total >= max) break;
  }
  const out = new Int16Array(total);
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}

/** Goertzel power of one frequency, normalised to the power of a full-scale sine at that frequency. */
function toneLevel(samples: Int16Array, freq: number, rate = 8000): number {
  const w = (2 * Math.PI * freq) / rate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0; let s2 = 0;
  for (const x of samples) { const s0 = x + coeff * s1 - s2; s2 = s1; s1 = s0; }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return Math.sqrt(power) / (samples.length / 2);
}

void t.test('the voicemail beep %(500,0,800) is 500 ms of 800 Hz', async (t) => {
  const parsed = parseToneStream('tone_stream://%(500,0,800)');
  if (!parsed.ok) { t.fail(parsed.detail); return; }
  const audio = drain(new ToneSource(parsed.value));
  t.equal(audio.length, 4000);
  const level800 = toneLevel(audio, 800);
  t.ok(level800 > 0.4 * 32767 * 10 ** (-7 / 20), `800 Hz present (${level800.toFixed(0)})`);
  t.ok(toneLevel(audio, 1200) < level800 / 20, '1200 Hz absent');
});

void t.test('on/off cadence, volume and loop count are honoured', async (t) => {
  const parsed = parseToneStream('v=-20;L=2;%(100,50,425)');
  if (!parsed.ok) { t.fail(parsed.detail); return; }
  const audio = drain(new ToneSource(parsed.value));
  t.equal(audio.length, 2 * 1200, 'two loops of 150 ms');
  t.ok(audio.subarray(800, 1200).every((s) => s === 0), 'off part is silent');
  const peak = Math.max(...Array.from(audio.subarray(0, 800), Math.abs));
  t.ok(Math.abs(peak - 32767 * 10 ** (-20 / 20)) < 40, `peak ${peak} at -20 dBFS`);
});

void t.test('an endless tone keeps producing audio', async (t) => {
  const parsed = parseToneStream('loops=-1;%(1000,4000,425)');
  if (!parsed.ok) { t.fail(parsed.detail); return; }
  const src = new ToneSource(parsed.value);
  t.equal(src.length, undefined);
  t.equal(drain(src, 160, 8000 * 12).length, 8000 * 12);
});

void t.test('DTMF digits in a tone script produce both DTMF frequencies', async (t) => {
  const parsed = parseToneStream('d=200;w=0;5');
  if (!parsed.ok) { t.fail(parsed.detail); return; }
  const audio = drain(new ToneSource(parsed.value));
  t.equal(audio.length, 1600);
  t.ok(toneLevel(audio, 770) > 1000 && toneLevel(audio, 1336) > 1000);
});

void t.test('malformed tone scripts are rejected with a reason', async (t) => {
  for (const bad of ['tone_stream://', 'tone_stream://%(a,b,c)', 'tone_stream://%(100)', 'tone_stream://bogus', 'tone_stream://v=x;%(1,1,1)']) {
    const r = parseToneStream(bad);
    t.equal(r.ok, false, bad);
  }
});

void t.test('silence_stream durations parse, negative means endless', async (t) => {
  t.same(parseSilenceStream('silence_stream://250'), { ok: true, value: { durationMs: 250 } });
  t.same(parseSilenceStream('silence_stream://1000,1400'), { ok: true, value: { durationMs: 1000 } });
  t.same(parseSilenceStream('silence_stream://-1'), { ok: true, value: { durationMs: undefined } });
  t.equal(parseSilenceStream('silence_stream://abc').ok, false);
  t.equal(drain(new SilenceSource(2000)).length, 2000);
});

void t.test('a PCM source plays from its offset to the end', async (t) => {
  const pcm = Int16Array.from({ length: 500 }, (_, i) => i);
  const src = new PcmSource(pcm, 100);
  const out = drain(src);
  t.equal(out.length, 400);
  t.equal(out[0], 100);
  t.equal(src.position, 500);
  t.equal(new PcmSource(pcm, 9999).read(new Int16Array(10)), 0, 'offset past the end plays nothing');
});
