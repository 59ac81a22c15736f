import t from 'tap';
import { JitterBuffer } from '../../../../../engine/media/src/rtp/index.js';

/** A frame whose samples all carry its frame number, so the output shows where each sample came from. */
function frame(n: number, size = 160): Int16Array {
  return new Int16Array(size).fill(n);
}

function pullAll(jb: JitterBuffer, frames: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < frames; i++) {
    const f = jb.pull(160);
    out.push([f.samples[0] as number, f.samples[159] as number, f.real ? 1 : 0]);
  }
  return out;
}

void t.test('in-order packets come out in order after the 40 ms prefill', async (t) => {
  const jb = new JitterBuffer();
  t.same(pullAll(jb, 1), [[0, 0, 0]], 'nothing buffered yet');
  for (let n = 1; n <= 4; n++) jb.push(7, n * 160, frame(n));
  t.same(pullAll(jb, 4), [[1, 1, 1], [2, 2, 1], [3, 3, 1], [4, 4, 1]]);
});

void t.test('reordered packets are put back in order', async (t) => {
  const jb = new JitterBuffer();
  for (const n of [1, 3, 2, 5, 4]) jb.push(7, n * 160, frame(n));
  t.same(pullAll(jb, 5).map((f) => f[0]), [1, 2, 3, 4, 5]);
});

void t.test('a lost packet is concealed with silence and counted', async (t) => {
  const jb = new JitterBuffer();
  for (const n of [1, 2, 4, 5]) jb.push(7, n * 160, frame(n));
  t.same(pullAll(jb, 5).map((f) => f[0]), [1, 2, 0, 4, 5]);
  t.equal(jb.counters.lostSamples, 160);
});

void t.test('a packet after its play-out time is dropped as late', async (t) => {
  const jb = new JitterBuffer();
  for (const n of [1, 2, 4]) jb.push(7, n * 160, frame(n));
  pullAll(jb, 3);
  jb.push(7, 3 * 160, frame(3));
  t.equal(jb.counters.late, 1);
});

void t.test('30 ms packets are re-cut into 20 ms frames without losing samples', async (t) => {
  const jb = new JitterBuffer();
  for (let n = 0; n < 4; n++) jb.push(9, 1000 + n * 240, frame(n + 1, 240));
  const got = pullAll(jb, 6);
  t.same(got.map((f) => [f[0], f[1]]), [[1, 1], [1, 2], [2, 2], [3, 3], [3, 4], [4, 4]]);
  t.equal(jb.counters.lostSamples, 0);
});

void t.test('a new SSRC restarts the buffer', async (t) => {
  const jb = new JitterBuffer();
  for (let n = 1; n <= 3; n++) jb.push(1, n * 160, frame(n));
  pullAll(jb, 3);
  for (let n = 0; n < 3; n++) jb.push(2, 500000 + n * 160, frame(50 + n));
  t.same(pullAll(jb, 3).map((f) => f[0]), [50, 51, 52]);
  t.equal(jb.counters.resyncs, 1);
});

void t.test('timestamps that wrap past 2^32 keep their order', async (t) => {
  const jb = new JitterBuffer();
  const base = 0xffffffff - 250;
  for (let n = 0; n < 4; n++) jb.push(3, (base + n * 160) >>> 0, frame(n + 1));
  t.same(pullAll(jb, 4).map((f) => f[0]), [1, 2, 3, 4]);
});

void t.test('a sender running ahead is trimmed back to the nominal depth', async (t) => {
  const jb = new JitterBuffer({ maxDepthSamples: 800 });
  jb.push(4, 0, frame(1));
  jb.push(4, 160, frame(2));
  pullAll(jb, 1);
  for (let n = 3; n <= 12; n++) jb.push(4, (n - 1) * 160, frame(n));
  t.ok(jb.depthSamples <= 800, `depth ${jb.depthSamples}`);
  t.ok(jb.counters.flushed > 0);
  const rest = pullAll(jb, 8).filter((f) => f[2] === 1).map((f) => f[0] as number);
  t.equal(rest[rest.length - 1], 12, 'the newest audio is still played');
  t.ok(rest.every((n, i) => i === 0 || n === (rest[i - 1] as number) + 1), `consecutive after the trim: ${rest.join(',')}`);
});

void t.test('after the sender pauses the buffer refills before playing again', async (t) => {
  const jb = new JitterBuffer();
  for (let n = 1; n <= 2; n++) jb.push(5, n * 160, frame(n));
  pullAll(jb, 3);
  jb.push(5, 100 * 160, frame(100));
  t.same(pullAll(jb, 1), [[0, 0, 0]], 'one frame is not enough to restart');
  jb.push(5, 101 * 160, frame(101));
  t.same(pullAll(jb, 2).map((f) => f[0]), [100, 101]);
});
