/** What a recording holds (PURE server/src/voicemail/recording.ts): voice, trailing silence, empty recordings. */
import t from 'tap';
import { analyseRecording, isMessage } from '../../../../server/src/voicemail/index.js';

function signal(parts: Array<[ms: number, amplitude: number]>): Int16Array {
  const out: number[] = [];
  for (const [ms, a] of parts) for (let i = 0; i < ms * 8; i++) out.push(Math.round(a * Math.sin(i / 3)));
  return Int16Array.from(out);
}

void t.test('voice is measured in 20 ms frames and trailing silence is cut after 500 ms', async (t) => {
  const f = analyseRecording(signal([[200, 0], [1000, 4000], [3000, 50]]));
  t.equal(f.durationMs, 4200);
  t.equal(f.voicedMs, 1000);
  t.equal(f.keepSamples, (1200 + 500) * 8, 'up to the last voiced frame plus 500 ms');
  t.ok(isMessage(f));
});

void t.test('a recording with too little voice is no message; silence keeps its length', async (t) => {
  const quiet = analyseRecording(signal([[2000, 100]]));
  t.same(quiet, { durationMs: 2000, voicedMs: 0, keepSamples: 16000 });
  t.notOk(isMessage(quiet));
  t.notOk(isMessage(analyseRecording(signal([[400, 4000], [1000, 0]]))), '400 ms of voice: a hang-up after the tone');
  t.ok(isMessage(analyseRecording(signal([[500, 4000]]))));
  t.same(analyseRecording(new Int16Array(0)), { durationMs: 0, voicedMs: 0, keepSamples: 0 });
});
