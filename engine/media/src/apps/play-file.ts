/**
 * Playing one file on a channel (switch_ivr_play_file): PLAYBACK_START, frames through the RTP
 * session, DTMF handling, PLAYBACK_STOP with `Playback-Status` and the `playback_*` variables.
 *
 * After a DTMF barge-in FreeSWITCH still reports the full file length in `playback_ms` and
 * `playback_samples`; only `playback_last_offset_pos` tells where playback stopped
 * (conformance/freeswitch/play-collect). This keeps that behaviour.
 */
import type { CallingSite } from '../events/index.js';
import type { AppContext } from '../channel/app-context.js';
import type { QueuedDigit } from '../channel/digit-queue.js';
import type { AudioSource } from '../tone/index.js';

const START_SITE: CallingSite = { file: 'switch_ivr_play_say.c', func: 'switch_ivr_play_file', line: 1646 };
const STOP_SITE: CallingSite = { file: 'switch_ivr_play_say.c', func: 'switch_ivr_play_file', line: 2020 };

/** How a play loop ended. */
export type PlayStatus = 'done' | 'break' | 'hangup' | 'timeout';

/** What to do with a digit that arrives while playing. */
export type DigitDecision = 'stop' | 'continue';

/** Options for {@link playSource} and {@link playFile}. */
export interface PlayOptions {
  /** Sees every digit (all are consumed, as FreeSWITCH's input callbacks do); 'stop' ends playback. */
  readonly onDigit?: (digit: QueuedDigit) => DigitDecision;
  /** Ends playback after this many milliseconds (`playback_timeout_sec`). */
  readonly timeoutMs?: number;
}

/** Plays a source until it ends, a digit stops it, the timeout passes, or the signal aborts. */
export function playSource(ctx: AppContext, source: AudioSource, options: PlayOptions = {}): Promise<PlayStatus> {
  return new Promise((resolve) => {
    let settled = false;
    let stopPlayback: () => void = () => undefined;
    let detachDigits: () => void = () => undefined;
    let cancelTimer: () => void = () => undefined;
    const finish = (status: PlayStatus): void => {
      if (settled) return;
      settled = true;
      stopPlayback();
      detachDigits();
      cancelTimer();
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(status);
    };
    const onAbort = (): void => finish(ctx.channel.ready ? 'break' : 'hangup');
    if (ctx.signal.aborted) {
      onAbort();
      return;
    }
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    stopPlayback = ctx.channel.rtp.play(source, () => finish('done'));
    detachDigits = ctx.channel.digits.attach((digit) => {
      if (options.onDigit?.(digit) === 'stop') finish('break');
      return true;
    });
    if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
      cancelTimer = ctx.services.scheduler.after(options.timeoutMs, () => finish('timeout'));
    }
  });
}

/** Result of {@link playFile}. */
export type PlayFileResult =
  | { readonly kind: 'played'; readonly status: PlayStatus }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'error' };

/** Splits FreeSWITCH's `file@@<sample offset>` seek suffix. */
export function splitSeek(path: string): { path: string; offset: number } {
  const m = /^(.*)@@(\d+)$/.exec(path);
  return m ? { path: m[1] as string, offset: Number(m[2]) } : { path, offset: 0 };
}

/** Plays one file or stream URL with PLAYBACK_START/STOP and the playback variables. */
export async function playFile(ctx: AppContext, target: string, options: PlayOptions = {}): Promise<PlayFileResult> {
  const { channel } = ctx;
  const { path, offset } = splitSeek(target);
  const opened = await ctx.services.openAudio(path, channel);
  if (!opened.ok) return { kind: opened.error.kind === 'not-found' ? 'not-found' : 'error' };
  if (!channel.ready) return { kind: 'played', status: 'hangup' };
  const source = opened.source;
  if (offset > 0) {
    const skip = new Int16Array(Math.min(offset, 8000 * 3600));
    source.read(skip);
  }
  channel.fire('PLAYBACK_START', START_SITE, [['Playback-File-Path', opened.path]]);
  const status = await playSource(ctx, source, options);
  const total = source.length ?? source.position;
  channel.vars.set('playback_last_offset_pos', `${source.position}`);
  channel.vars.set('playback_seconds', `${Math.floor(total / 8000)}`);
  channel.vars.set('playback_ms', `${Math.floor(total / 8)}`);
  channel.vars.set('playback_samples', `${total}`);
  channel.fire('PLAYBACK_STOP', STOP_SITE, [
    ['Playback-File-Path', opened.path],
    ['Playback-Status', status === 'done' || status === 'timeout' ? 'done' : 'break'],
  ]);
  return { kind: 'played', status };
}

/** The digits that end playback/record: the `playback_terminators` variable, default `*`. */
export function playbackTerminators(ctx: AppContext): string {
  const value = ctx.channel.vars.get('playback_terminators') ?? '*';
  if (value.toLowerCase() === 'none') return '';
  if (value.toLowerCase() === 'any') return '1234567890*#';
  return value;
}
