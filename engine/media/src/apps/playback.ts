/**
 * `playback <file>[<delim><file>…]` (mod_dptools playback_function). The files are split on
 * `playback_delimiter` when that variable is set (fsmrf sets `!` before playing a list), a
 * `playback_terminators` digit ends the whole list and sets `playback_terminator_used`, and
 * `playback_timeout_sec` limits each file. Application response: `FILE PLAYED` (also after a
 * break), `FILE NOT FOUND`, or `PLAYBACK ERROR`.
 */
import type { AppContext, AppDefinition } from '../channel/app-context.js';
import { playbackTerminators, playFile } from './play-file.js';

/** Splits a playback argument into files by the channel's `playback_delimiter`. */
export function playbackFiles(ctx: AppContext, arg: string): string[] {
  const delimiter = ctx.channel.vars.get('playback_delimiter');
  const files = delimiter ? arg.split(delimiter) : [arg];
  return files.map((f) => f.trim()).filter((f) => f !== '');
}

async function runPlayback(ctx: AppContext, arg: string): Promise<void> {
  const { channel } = ctx;
  channel.vars.unset('playback_terminator_used');
  const terminators = playbackTerminators(ctx);
  const timeoutSec = Number.parseInt(channel.vars.get('playback_timeout_sec') ?? '', 10);
  let response = 'FILE PLAYED';
  for (const file of playbackFiles(ctx, arg)) {
    const result = await playFile(ctx, file, {
      onDigit: (d) => {
        if (terminators.includes(d.digit)) {
          channel.vars.set('playback_terminator_used', d.digit);
          return 'stop';
        }
        return 'continue';
      },
      ...(timeoutSec > 0 ? { timeoutMs: timeoutSec * 1000 } : {}),
    });
    if (result.kind === 'not-found') {
      response = 'FILE NOT FOUND';
      break;
    }
    if (result.kind === 'error') {
      response = 'PLAYBACK ERROR';
      break;
    }
    if (result.status === 'break' || result.status === 'hangup') break;
  }
  channel.vars.set('current_application_response', response);
}

/** The `playback` application. */
export const playbackApp: AppDefinition = { name: 'playback', media: true, run: runPlayback };
