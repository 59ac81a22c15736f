/**
 * `file_string://` playback paths (FreeSWITCH mod_dptools file_string): parts played as one, a
 * part that does not open skipped, 250 ms of silence first; not found only when no part opens.
 */
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AudioStore } from '../../../../../engine/media/src/files/audio-store.js';
import { ChannelVariables } from '../../../../../engine/media/src/channel/variables.js';
import { SequenceSource, SilenceSource, PcmSource } from '../../../../../engine/media/src/tone/index.js';
import { encodeWavPcm16 } from '../../../../../engine/media/src/wav/index.js';

function drain(source: { read(out: Int16Array): number }): Int16Array {
  const out: number[] = [];
  const frame = new Int16Array(160);
  for (;;) {
    const n = source.read(frame);
    out.push(...frame.subarray(0, n));
    if (n < frame.length) return Int16Array.from(out);
  }
}

void t.test('a sequence plays its parts in order, across frame boundaries', async (t) => {
  const s = new SequenceSource([new PcmSource(Int16Array.from([1, 2, 3])), new SilenceSource(2), new PcmSource(Int16Array.from([4]))]);
  t.equal(s.length, 6);
  const out = new Int16Array(4);
  t.equal(s.read(out), 4);
  t.same([...out], [1, 2, 3, 0]);
  t.equal(s.read(out), 2);
  t.same([...out.subarray(0, 2)], [0, 4]);
  t.equal(s.read(out), 0);
  t.equal(s.position, 6);
  t.equal(new SequenceSource([new SilenceSource(undefined)]).length, undefined, 'endless when a part is');
});

void t.test('file_string://: 250 ms of silence, then every part that opens, relative to the sounds directory', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'file-string-'));
  writeFileSync(join(dir, 'a.wav'), encodeWavPcm16(Int16Array.from({ length: 80 }, () => 1000), 8000));
  writeFileSync(join(dir, 'b.wav'), encodeWavPcm16(Int16Array.from({ length: 40 }, () => -2000), 8000));
  const store = new AudioStore({ soundsDir: dir });
  const channel = { vars: new ChannelVariables() };
  const r = await store.open(`file_string://a.wav!missing.wav!silence_stream://10!${join(dir, 'b.wav')}`, channel);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  const samples = drain(r.source);
  t.equal(samples.length, 2000 + 80 + 80 + 40, 'lead silence, a, (missing skipped), 10 ms silence, b');
  t.ok(samples.subarray(0, 2000).every((x) => x === 0));
  t.ok(samples.subarray(2000, 2080).every((x) => x === 1000));
  t.ok(samples.subarray(2160).every((x) => x === -2000));
  const none = await store.open('file_string://missing.wav!gone.wav', channel);
  t.match(none, { ok: false, error: { kind: 'not-found' } }, 'no part opens: not found');
});
