/**
 * `record <path> [<time_limit_secs>] [<silence_thresh>] [<silence_hits>]`
 * (mod_dptools record_function, switch_ivr_record_file).
 *
 * Records what the caller sends, frame by frame from the jitter buffer, to a 8 kHz 16-bit mono
 * WAV. Stops on a `playback_terminators` digit (sets `playback_terminator_used`), on the time
 * limit, on `silence_hits` seconds of frames whose mean absolute sample is below the threshold
 * (sets `silence_hits_exhausted=true`), on uuid_break or hangup. Afterwards `record_samples`,
 * `record_ms`, `record_seconds` and the file size variables are set; RECORD_START/RECORD_STOP
 * frame it. Failing to open the file hangs the call up, as FreeSWITCH does.
 */
import type { CallingSite } from '../events/index.js';
import type { AppContext, AppDefinition } from '../channel/app-context.js';
import { FRAME_SAMPLES } from '../rtp/index.js';
import { intArg, splitArgs } from './args.js';
import { playbackTerminators } from './play-file.js';

const START_SITE: CallingSite = { file: 'switch_ivr_async.c', func: 'switch_ivr_record_file_event', line: 1308 };
const STOP_SITE: CallingSite = { file: 'switch_ivr_async.c', func: 'switch_ivr_record_file_event', line: 1308 };
const FRAMES_PER_SECOND = 8000 / FRAME_SAMPLES;
/** Seconds of silence that end a recording when a threshold is given without hits. */
const DEFAULT_SILENCE_HITS_SEC = 3;

type StopReason = 'terminator' | 'limit' | 'silence' | 'break' | 'hangup';

/** Mean absolute sample of a frame: FreeSWITCH's silence "score". */
export function frameScore(samples: Int16Array): number {
  let energy = 0;
  for (let i = 0; i < samples.length; i++) energy += Math.abs(samples[i] as number);
  return samples.length === 0 ? 0 : energy / samples.length;
}

async function runRecord(ctx: AppContext, arg: string): Promise<void> {
  const { channel } = ctx;
  const argv = splitArgs(arg);
  const target = argv[0];
  if (!target) {
    ctx.services.log.warn({ uuid: channel.uuid }, 'record: no file');
    return;
  }
  const limitSec = Math.max(0, intArg(argv[1], 0));
  const threshold = Math.max(0, intArg(argv[2], 0));
  const hitsSec = Math.max(0, intArg(argv[3], 0)) || DEFAULT_SILENCE_HITS_SEC;
  const created = await ctx.services.createRecording(target);
  if (!created.ok) {
    ctx.services.log.warn({ uuid: channel.uuid, detail: created.detail }, 'record: cannot open file');
    channel.hangup('NORMAL_CLEARING');
    return;
  }
  const { sink, path } = created;
  const terminators = playbackTerminators(ctx);
  channel.vars.unset('playback_terminator_used');
  channel.vars.set('silence_hits_exhausted', 'false');
  channel.fire('RECORD_START', START_SITE, [['Record-File-Path', path]]);
  let samples = 0;
  const reason = await new Promise<StopReason>((resolve) => {
    let settled = false;
    let silentFrames = 0;
    const hitFrames = Math.max(1, Math.round(hitsSec * FRAMES_PER_SECOND));
    const finish = (why: StopReason): void => {
      if (settled) return;
      settled = true;
      removeFrames();
      detachDigits();
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(why);
    };
    const onAbort = (): void => finish(channel.ready ? 'break' : 'hangup');
    const removeFrames = channel.rtp.addFrameListener((frame) => {
      if (settled) return;
      sink.write(frame);
      samples += frame.length;
      if (threshold > 0) {
        silentFrames = frameScore(frame) < threshold ? silentFrames + 1 : 0;
        if (silentFrames >= hitFrames) {
          channel.vars.set('silence_hits_exhausted', 'true');
          finish('silence');
          return;
        }
      }
      if (limitSec > 0 && samples >= limitSec * 8000) finish('limit');
    });
    const detachDigits = channel.digits.attach((d) => {
      if (terminators.includes(d.digit)) {
        channel.vars.set('playback_terminator_used', d.digit);
        finish('terminator');
      }
      return true;
    });
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });
  });
  const size = await sink.close();
  const ms = Math.floor(samples / 8);
  channel.vars.set('record_record_file_size', `${size}`);
  channel.vars.set('record_file_size', `${size}`);
  channel.vars.set('record_seconds', `${Math.floor(ms / 1000)}`);
  channel.vars.set('record_ms', `${ms}`);
  channel.vars.set('record_samples', `${samples}`);
  const cause = reason === 'limit' ? 'success-maxtime' : reason === 'silence' ? 'success-silence' : reason === 'terminator' ? 'success-terminator' : 'success';
  channel.fire('RECORD_STOP', STOP_SITE, [['Record-File-Path', path], ['Record-Completion-Cause', cause]]);
}

/** The `record` application. */
export const recordApp: AppDefinition = { name: 'record', media: true, run: runRecord };
