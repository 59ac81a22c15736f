/**
 * Listening to a mailbox (issue 4 item 3): the `voicemail` feature, reached by the feature code
 * from one's own phone (mailbox known) or by the voicemail service DDI from outside (caller
 * recognised by the stored mobile, or asked for the mailbox number). The PIN is always asked:
 * caller numbers can be spoofed (caller-id.md §6). Wrong PINs count per mailbox and per calling
 * number towards a lockout (pin-guard.ts). Then: "you have N new messages", the main menu,
 * messages new first with repeat/save/delete/next, and recording one's greetings.
 */
import { verify as argon2Verify } from '@node-rs/argon2';
import type { Logger } from 'pino';
import type { FeatureHandler, FeatureResult } from '../sip/calls/feature-executor.js';
import { mailboxOf, type GreetingKind, type Mailbox } from './mailbox.js';
import { callerKeyOf, storedCallerOf } from './caller.js';
import { promptLanguage } from '../media/say-number.js';
import { countPrompts, messageNumberPrompts } from './announce.js';
import { greetingChoice, listenOrder, mainChoice, messageChoice, statusAfterListening } from './menu.js';
import { PIN_TRIES_PER_CALL } from './pin-guard.js';
import { CallerGone, MediaSession, type RecordOptions } from './media-session.js';
import { analyseRecording, isMessage, SILENCE_THRESHOLD } from './recording.js';
import { ensureMailboxDir, greetingPath, moveFile, readRecording, removeFile, waitForClosedWav, writeRecording } from './files.js';
import type { VoicemailService } from './service.js';

/** Limits of a greeting: one minute, ended by # (or 5 s of silence). */
const GREETING_LIMITS: RecordOptions = { maxSec: 60, silenceThreshold: SILENCE_THRESHOLD, silenceSec: 5, terminator: '#' };
/** Menu prompts replayed without a key before the call ends. */
const MENU_TIMEOUTS = 3;

/** The `voicemail` feature handler. */
export function accessHandler(vm: VoicemailService): FeatureHandler {
  return async (call, step): Promise<FeatureResult> => {
    if (step.feature !== 'voicemail') return { kind: 'refused', status: 403, prompt: 'common/goodbye', text: 'Forbidden' };
    const log = call.deps.log.child({ component: 'voicemail' });
    const site = vm.deps.site();
    const party = call.caller.party;
    // The feature code from the phone of a user without a mailbox, or without a PIN: nothing can
    // be opened, and asking for a PIN would only count wrong PINs against the user's own number.
    if (step.mailbox !== null && party.kind === 'user' && party.user.extension === step.mailbox && mailboxOf(site, step.mailbox)?.pinHash === undefined) {
      return { kind: 'refused', status: 404, prompt: 'common/invalid', text: 'No mailbox or no PIN' };
    }
    const ep = await call.answerWithMedia();
    if (!ep) return { kind: 'refused', status: 480, prompt: 'common/goodbye', text: 'Voicemail needs the media server' };
    const session = new MediaSession(call, ep, party.kind === 'user' ? (party.user.language ?? site.site.language) : site.site.language, log);
    // An internal caller of the service number is recognised by the phone it authenticated.
    const known = step.mailbox ?? (party.kind === 'user' ? party.user.extension : null);
    try {
      const box = await login(vm, session, known, log);
      if (box) {
        session.language = box.language;
        await mainMenu(vm, session, box);
      }
      await session.say('common/goodbye');
    } catch (err) {
      if (!(err instanceof CallerGone)) log.error({ err }, 'voicemail access failed');
    } finally {
      call.hangupMedia();
      call.end('voicemail-access', null);
    }
    return { kind: 'handled' };
  };
}

/** Asks for mailbox (when unknown) and PIN; the opened mailbox, or undefined (wrong, locked, gone). */
async function login(vm: VoicemailService, s: MediaSession, known: string | null, log: Logger): Promise<Mailbox | undefined> {
  const callerKey = callerKeyOf(storedCallerOf(vm.deps.site(), s.call.caller.party));
  if (await vm.locked([callerKey])) return locked(s, log, null);
  for (let attempt = 0; attempt < PIN_TRIES_PER_CALL; attempt++) {
    const number = known ?? (await s.ask('vm/enter-mailbox', { max: 12, timeoutSec: 8, terminators: '#' }));
    if (number === '') return undefined;
    const box = mailboxOf(vm.deps.site(), number);
    const userKey = `user:${number}`;
    if (box && (await vm.locked([userKey]))) return locked(s, log, number);
    const pin = await s.ask('vm/enter-pin', { max: 12, timeoutSec: 8, terminators: '#' });
    if (pin === '') return undefined;
    // A mailbox that does not exist or has no PIN fails like a wrong PIN: the caller learns nothing.
    const ok = box?.pinHash !== undefined && (await argon2Verify(box.pinHash, pin).catch(() => false));
    if (ok && box) {
      await vm.pinPassed([userKey, callerKey]);
      log.info({ mailbox: number }, 'mailbox opened');
      return box;
    }
    log.info({ mailbox: number, attempt: attempt + 1 }, 'mailbox PIN wrong');
    if (await vm.pinFailed(box ? [userKey, callerKey] : [callerKey])) return locked(s, log, number);
    await s.say('vm/wrong-pin');
  }
  return undefined;
}

async function locked(s: MediaSession, log: Logger, mailbox: string | null): Promise<undefined> {
  log.warn({ mailbox }, 'mailbox access locked after wrong PINs');
  await s.say('vm/locked');
  return undefined;
}

async function mainMenu(vm: VoicemailService, s: MediaSession, box: Mailbox): Promise<void> {
  const lang = promptLanguage(box.language);
  let announce = true;
  for (let idle = 0; idle < MENU_TIMEOUTS;) {
    // The count leads into the menu: a key pressed while it is said already chooses.
    let intro: string[] = [];
    if (announce) {
      const msgs = await vm.messages(box.number);
      const fresh = msgs.filter((m) => m.status === 'new').length;
      intro = countPrompts(fresh, msgs.length - fresh, lang);
      announce = false;
    }
    const key = await s.ask([...intro, 'vm/main-menu'], { max: 1, timeoutSec: 5 });
    if (key === '') {
      idle++;
      continue;
    }
    idle = 0;
    switch (mainChoice(key)) {
      case 'listen':
        await listen(vm, s, box);
        announce = true;
        break;
      case 'greeting':
        await recordGreeting(vm, s, box);
        break;
      case 'goodbye':
        return;
      case 'invalid':
        await s.say('common/invalid');
        break;
    }
  }
}

async function listen(vm: VoicemailService, s: MediaSession, box: Mailbox): Promise<void> {
  const lang = promptLanguage(box.language);
  const queue = listenOrder(await vm.messages(box.number));
  let i = 0;
  let play = true;
  while (i < queue.length) {
    const m = queue[i]!;
    let key = '';
    if (play) {
      // A key pressed while the number or the message plays stops it and counts as the menu choice.
      key = await s.ask([...messageNumberPrompts(i + 1, lang), vm.pathOf(m)], { max: 1, timeoutSec: 0 });
      const heard = statusAfterListening(m.status);
      if (heard !== m.status) {
        await vm.setStatus(m, heard);
        queue[i] = { ...m, status: heard };
      }
      play = false;
    }
    for (let idle = 0; key === '' && idle < MENU_TIMEOUTS; idle++) key = await s.ask('vm/message-menu', { max: 1, timeoutSec: 5 });
    const current = queue[i]!;
    switch (key === '' ? 'next' : messageChoice(key)) {
      case 'repeat':
        play = true;
        break;
      case 'save':
        await vm.setStatus(current, 'saved');
        // Confirmations keep no key: a doubled 2 must not save the next message unheard.
        await s.say('vm/message-saved');
        i++;
        play = true;
        break;
      case 'delete':
        await vm.remove(current);
        await s.say('vm/message-deleted');
        i++;
        play = true;
        break;
      case 'next':
        i++;
        play = true;
        break;
      case 'main-menu':
        return;
      case 'invalid':
        await s.say('common/invalid');
        break;
    }
  }
  await s.say('vm/no-more-messages');
}

async function recordGreeting(vm: VoicemailService, s: MediaSession, box: Mailbox): Promise<void> {
  const kind: GreetingKind | undefined = greetingChoice(await s.ask('vm/greeting-menu', { max: 1, timeoutSec: 5 }));
  if (!kind) {
    await s.say('common/invalid');
    return;
  }
  // Any key skips the instructions (as it skips a greeting): the owner who knows them goes
  // straight to the tone.
  await s.ask('vm/record-greeting', { max: 1, timeoutSec: 0 });
  await s.say('common/beep');
  await ensureMailboxDir(vm.deps.dir, box.number);
  const target = greetingPath(vm.deps.dir, box.number, kind);
  const scratch = `${target}.new.wav`;
  await s.record(scratch, GREETING_LIMITS);
  await waitForClosedWav(scratch);
  const samples = await readRecording(scratch);
  const facts = samples && analyseRecording(samples);
  if (!samples || !facts || !isMessage(facts)) {
    await removeFile(scratch);
    await s.say('common/invalid');
    return;
  }
  if (facts.keepSamples < samples.length) await writeRecording(scratch, samples.subarray(0, facts.keepSamples));
  await moveFile(scratch, target);
  s.call.deps.log.info({ mailbox: box.number, greeting: kind }, 'voicemail greeting recorded');
  await s.say('vm/greeting-saved');
}
