/**
 * Voicemail (issue 4 item 3): mailboxes per user and per hotline/hunt-group number, messages as
 * WAV files under <dataDir>/voicemail plus an index in the store, MWI through presence, e-mail
 * through nodemailer. Registers the `voicemail` step executor (leaving a message) and the
 * `voicemail` feature (listening, by feature code or service number).
 */
import type { Feature } from '../feature.js';
import { accessHandler } from './access.js';
import { depositExecutor } from './deposit.js';
import { voicemailDir } from './files.js';
import { VoicemailMailer } from './mail.js';
import { VoicemailService } from './service.js';

export { mailboxOf, allMailboxes, type Mailbox, type MailboxOwner, type GreetingKind, type MailNotice } from './mailbox.js';
export { storedCallerOf, callerText, callerKeyOf, type StoredCaller, type CallerKind } from './caller.js';
export { listMessages, type StoredMessage } from './message-store.js';
export { composeMail, type VoicemailMail } from './mail.js';
export { voicemailDir } from './files.js';
export { countsOf, listenOrder, mainChoice, messageChoice, greetingChoice, statusAfterListening, type MessageStatus } from './menu.js';
export { countPrompts, messageNumberPrompts } from './announce.js';
export { afterFailure, isLocked, PIN_POLICY, type PinFailures, type PinPolicy } from './pin-guard.js';
export { analyseRecording, isMessage, type RecordingFacts } from './recording.js';

/** The voicemail feature. */
export const voicemailFeature: Feature = async (ctx) => {
  const log = ctx.log.child({ component: 'voicemail' });
  const vm = new VoicemailService({
    db: ctx.db, log, bus: ctx.bus, now: ctx.now, site: ctx.site, dir: voicemailDir(ctx.config.dataDir),
    mailer: new VoicemailMailer(ctx.config.smtpUrl, log),
    mailFrom: () => ctx.config.mailFrom ?? `zentrale@${ctx.site().site.domain}`,
  });
  // Presence registered its listener before this feature (features.ts order): the counts it
  // lost with the last process reach it before any phone re-subscribes.
  await vm.restore();
  ctx.addExecutor('voicemail', depositExecutor(vm));
  ctx.featureCodes.add('voicemail', accessHandler(vm));
  ctx.onStop(() => vm.drain());
};
