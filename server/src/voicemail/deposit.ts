/**
 * The `voicemail` route step (issue 4 item 3): the media server answers, the caller hears the
 * mailbox's greeting (the owner's recording, else the system prompt; any key skips it), the
 * request to speak and the tone; then the caller is recorded with a maximum length, ending on
 * silence, on # or on hang-up. Recordings without voice are discarded; the rest is trimmed of
 * trailing silence, indexed, counted for MWI and mailed.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { StepExecutor } from '../sip/calls/executors.js';
import { mailboxOf, type GreetingKind, type Mailbox } from './mailbox.js';
import { storedCallerOf } from './caller.js';
import { analyseRecording, isMessage, SILENCE_THRESHOLD } from './recording.js';
import { ensureMailboxDir, fileExists, greetingPath, messageFileName, readRecording, removeFile, waitForClosedWav, writeRecording } from './files.js';
import { CallerGone, MediaSession, type RecordOptions } from './media-session.js';
import type { VoicemailService } from './service.js';

/** Limits of a message: 3 minutes, ended by 4 s of silence (FreeSWITCH's voicemail defaults are alike). */
export const MESSAGE_LIMITS: RecordOptions = { maxSec: 180, silenceThreshold: SILENCE_THRESHOLD, silenceSec: 4, terminator: '#' };

/** The greeting a caller hears: the owner's recording when there is one. */
export async function greetingFor(vm: VoicemailService, box: Mailbox, kind: GreetingKind): Promise<string> {
  const own = greetingPath(vm.deps.dir, box.number, kind);
  return (await fileExists(own)) ? own : box.defaultGreeting[kind];
}

/** The executor of `voicemail` steps. */
export function depositExecutor(vm: VoicemailService): StepExecutor<'voicemail'> {
  return async (call, step) => {
    const log = call.deps.log.child({ component: 'voicemail', mailbox: step.mailbox });
    const box = mailboxOf(vm.deps.site(), step.mailbox);
    if (!box) {
      log.warn('voicemail step for a mailbox that does not exist');
      call.reject(480, 'Temporarily Unavailable', 'no-mailbox');
      return true;
    }
    const ep = await call.answerWithMedia();
    if (!ep) {
      if (call.cancelled) call.endCancelled();
      else call.reject(480, 'Temporarily Unavailable', 'voicemail-no-media');
      return true;
    }
    const session = new MediaSession(call, ep, box.language, log);
    try {
      await leaveMessage(vm, session, box, step.greeting);
    } catch (err) {
      if (!(err instanceof CallerGone)) log.error({ err }, 'voicemail deposit failed');
    } finally {
      call.hangupMedia();
      call.end('voicemail', null);
    }
    return true;
  };
}

async function leaveMessage(vm: VoicemailService, s: MediaSession, box: Mailbox, kind: GreetingKind): Promise<void> {
  const skipped = (await s.ask(await greetingFor(vm, box, kind), { max: 1, timeoutSec: 0 })) !== '';
  if (!skipped) await s.ask('vm/leave-message', { max: 1, timeoutSec: 0 });
  await s.say('common/beep');
  const id = randomUUID();
  const file = messageFileName(box.number, id);
  const path = join(vm.deps.dir, file);
  await ensureMailboxDir(vm.deps.dir, box.number);
  const receivedAt = vm.deps.now();
  let gone = false;
  try {
    await s.record(path, MESSAGE_LIMITS);
  } catch (err) {
    if (!(err instanceof CallerGone)) throw err;
    // Most messages end this way: the caller says goodbye and hangs up. The media server closes
    // the file when its channel ends.
    gone = true;
  }
  if (!(await waitForClosedWav(path))) s.call.deps.log.warn({ mailbox: box.number, messageId: id }, 'recording not closed in time: reading it as it is');
  const samples = await readRecording(path);
  const facts = samples && analyseRecording(samples);
  if (!samples || !facts || !isMessage(facts)) {
    await removeFile(path);
    s.call.deps.log.info({ mailbox: box.number, voicedMs: facts?.voicedMs ?? 0 }, 'voicemail recording discarded: no message in it');
    if (!gone) await s.say('common/goodbye');
    return;
  }
  const kept = facts.keepSamples < samples.length ? samples.subarray(0, facts.keepSamples) : samples;
  if (kept !== samples) await writeRecording(path, kept);
  await vm.addMessage(box, {
    id, mailbox: box.number, caller: storedCallerOf(vm.deps.site(), s.call.caller.party), receivedAt,
    durationMs: Math.round(kept.length / 8), status: 'new', file,
  });
  if (!gone) await s.say('vm/message-saved', 'common/goodbye');
}
