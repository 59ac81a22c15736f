/**
 * `play_and_get_digits <min> <max> <tries> <timeout> <terminators> <file> <invalid_file>
 * [<var_name> [<regexp> [<digit_timeout> [<transfer_on_failure>]]]]`
 * (switch_play_and_get_digits and switch_ivr_read in switch_ivr_play_say.c).
 *
 * Per try: the prompt plays with barge-in (digits collected while it plays count); then digits
 * are awaited, `timeout` ms for the first and `digit_timeout` ms between digits; a terminator
 * ends input (`read_terminator_used`). Fewer than `min` digits or a regexp mismatch is a failed
 * try: the variable is cleared, `<var>_invalid` holds the bad input, the invalid file plays.
 * `read_result` is success, timeout or failure. `min=0` with only a terminator is a success.
 */
import type { AppContext, AppDefinition } from '../channel/app-context.js';
import { intArg, splitArgs } from './args.js';
import { playFile, type PlayStatus } from './play-file.js';

type ReadStatus = 'success' | 'timeout' | 'too-small' | 'break' | 'hangup';

interface ReadState {
  digits: string;
  terminator: string | undefined;
}

/** Waits for digits after the prompt (switch_ivr_collect_digits_count). */
function collectDigits(ctx: AppContext, state: ReadState, max: number, terminators: string, firstTimeout: number, digitTimeout: number): Promise<'success' | 'timeout' | 'break' | 'hangup'> {
  return new Promise((resolve) => {
    let settled = false;
    let cancelTimer: () => void = () => undefined;
    let detach: () => void = () => undefined;
    const finish = (status: 'success' | 'timeout' | 'break' | 'hangup'): void => {
      if (settled) return;
      settled = true;
      cancelTimer();
      detach();
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(status);
    };
    const arm = (ms: number): void => {
      cancelTimer();
      cancelTimer = ctx.services.scheduler.after(ms, () => finish('timeout'));
    };
    const onAbort = (): void => finish(ctx.channel.ready ? 'break' : 'hangup');
    if (ctx.signal.aborted) {
      onAbort();
      return;
    }
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    arm(state.digits.length > 0 ? digitTimeout : firstTimeout);
    detach = ctx.channel.digits.attach((d) => {
      if (settled) return false;
      if (terminators.includes(d.digit)) {
        state.terminator = d.digit;
        finish('success');
        return true;
      }
      state.digits += d.digit;
      if (state.digits.length >= max) finish('success');
      else arm(digitTimeout);
      return true;
    });
  });
}

/** One switch_ivr_read: prompt with barge-in, then collection. */
async function readDigits(ctx: AppContext, min: number, max: number, prompt: string, timeout: number, terminators: string, digitTimeout: number): Promise<{ status: ReadStatus; state: ReadState; notFound: boolean }> {
  const { channel } = ctx;
  const state: ReadState = { digits: '', terminator: undefined };
  channel.vars.unset('read_result');
  channel.vars.unset('read_terminator_used');
  let status: ReadStatus = 'success';
  let notFound = false;
  if (prompt !== '' && prompt.toLowerCase() !== 'silence') {
    let playStatus: PlayStatus = 'done';
    const played = await playFile(ctx, prompt, {
      // switch_ivr_play_file with args->buf: the first digit ends the prompt (barge-in) and
      // goes to the buffer; the rest are collected after it (conformance/freeswitch/play-collect:
      // PLAYBACK_STOP with Playback-Status break right after the first DTMF).
      onDigit: (d) => {
        if (terminators.includes(d.digit)) state.terminator = d.digit;
        else state.digits += d.digit;
        return 'stop';
      },
    });
    if (played.kind === 'played') playStatus = played.status;
    else notFound = true;
    if (playStatus === 'hangup') status = 'hangup';
    // A digit barge-in is a BREAK from the play loop, which switch_ivr_read treats as success;
    // a uuid_break (no digit) ends the read.
    if (playStatus === 'break' && state.digits === '' && state.terminator === undefined) status = 'break';
  }
  if (status === 'success' && state.terminator === undefined && state.digits.length < max) {
    status = await collectDigits(ctx, state, max, terminators, state.digits.length > 0 ? digitTimeout : timeout, digitTimeout);
  }
  if (state.terminator !== undefined) channel.vars.set('read_terminator_used', state.terminator);
  const len = state.digits.length;
  if ((min > 0 && len < min) || len > max) {
    if (status === 'success' || status === 'timeout') status = 'too-small';
  }
  channel.vars.set('read_result', status === 'success' ? 'success' : status === 'timeout' ? 'timeout' : 'failure');
  return { status, state, notFound };
}

async function runPlayAndGetDigits(ctx: AppContext, arg: string): Promise<void> {
  const { channel } = ctx;
  const argv = splitArgs(arg);
  if (argv.length < 7) {
    ctx.services.log.warn({ uuid: channel.uuid, arg }, 'play_and_get_digits: usage error');
    return;
  }
  const min = Math.max(0, intArg(argv[0], 0));
  const max = Math.max(min, Math.min(128, intArg(argv[1], 128)));
  let tries = Math.max(1, intArg(argv[2], 1));
  const timeout = Math.max(0, intArg(argv[3], 3000));
  const rawTerminators = argv[4] ?? '';
  const terminators = rawTerminators.toLowerCase() === 'none' ? '' : rawTerminators;
  const prompt = argv[5] ?? '';
  const invalidFile = argv[6] ?? '';
  const varName = argv[7];
  const regexText = argv[8];
  const digitTimeout = intArg(argv[9], timeout);
  let regex: RegExp | undefined;
  try {
    regex = regexText ? new RegExp(regexText) : undefined;
  } catch {
    regex = undefined;
  }
  if (varName) {
    channel.vars.unset(varName);
    channel.vars.unset(`${varName}_invalid`);
  }
  while (channel.ready && tries > 0) {
    if (varName) channel.vars.unset(varName);
    const { status, state } = await readDigits(ctx, min, max, prompt, timeout, terminators, digitTimeout);
    if (status === 'hangup') return;
    const digits = state.digits;
    if (varName && digits !== '') channel.vars.set(varName, digits);
    if (min === 0 && digits === '' && state.terminator !== undefined) return;
    if (status === 'success' || (status === 'timeout' && digits.length >= min)) {
      if (digits !== '') {
        if (!regex || regex.test(digits)) {
          if (status === 'timeout') channel.vars.set('read_result', 'success');
          return;
        }
        if (varName) {
          channel.vars.unset(varName);
          channel.vars.set(`${varName}_invalid`, digits);
        }
      }
    } else if (status === 'break') {
      return;
    }
    if (!channel.ready) return;
    if (invalidFile !== '') await playFile(ctx, invalidFile);
    tries--;
  }
}

/** The `play_and_get_digits` application. */
export const playAndGetDigitsApp: AppDefinition = { name: 'play_and_get_digits', media: true, run: runPlayAndGetDigits };
