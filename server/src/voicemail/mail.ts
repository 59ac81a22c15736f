/**
 * E-mail on a new message (issue 4 item 3): to the user's address (`voicemail.email`) or the
 * hotline's/hunt group's `voicemail.emails`, with the recording attached when `attach` is set.
 * The text holds what the mailbox index holds, nothing more: caller as stored (a staff mobile is
 * named by its owner, caller-id.md §6), time, length. Sent through nodemailer to the SMTP server
 * of ZENTRALE_SMTP_URL; without one no mail is sent.
 */
import { basename } from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Mailbox } from './mailbox.js';
import type { StoredMessage } from './message-store.js';
import { callerText } from './caller.js';

/** A composed e-mail. */
export interface VoicemailMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly attachments: ReadonlyArray<{ readonly filename: string; readonly path: string; readonly contentType: string }>;
}

const TEXTS = {
  de: {
    subject: (caller: string, box: string) => `Neue Sprachnachricht von ${caller} für ${box}`,
    body: (caller: string, box: string, when: string, sec: number, attached: boolean) => [
      `Neue Sprachnachricht für ${box}`, '', `Von:   ${caller}`, `Zeit:  ${when}`, `Länge: ${sec} Sekunden`, '',
      attached ? 'Die Aufnahme ist angehängt.' : 'Abhören am Telefon mit dem Sprachbox-Code oder der Sprachbox-Rufnummer.',
    ].join('\n'),
    withheld: 'unterdrückter Rufnummer',
    locale: 'de-DE',
  },
  en: {
    subject: (caller: string, box: string) => `New voicemail from ${caller} for ${box}`,
    body: (caller: string, box: string, when: string, sec: number, attached: boolean) => [
      `New voicemail for ${box}`, '', `From:   ${caller}`, `Time:   ${when}`, `Length: ${sec} seconds`, '',
      attached ? 'The recording is attached.' : 'Listen to it by phone with the voicemail code or the voicemail number.',
    ].join('\n'),
    withheld: 'a withheld number',
    locale: 'en-GB',
  },
} as const;

/** PURE: the e-mail for a new message; undefined when the mailbox has no recipients. */
export function composeMail(box: Mailbox, m: StoredMessage, absoluteFile: string, from: string): VoicemailMail | undefined {
  if (box.notice.to.length === 0) return undefined;
  const t = box.language === 'en' ? TEXTS.en : TEXTS.de;
  const caller = m.caller.kind === 'withheld' ? t.withheld : callerText(m.caller);
  const when = new Intl.DateTimeFormat(t.locale, { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' }).format(m.receivedAt);
  const sec = Math.round(m.durationMs / 1000);
  const label = `${box.label} (${box.number})`;
  return {
    from, to: box.notice.to, subject: t.subject(caller, label), text: t.body(caller, label, when, sec, box.notice.attach),
    attachments: box.notice.attach ? [{ filename: `voicemail-${box.number}-${basename(absoluteFile)}`, path: absoluteFile, contentType: 'audio/wav' }] : [],
  };
}

/** Sends voicemail e-mails through one SMTP transport. */
export class VoicemailMailer {
  private readonly transport: ReturnType<typeof nodemailer.createTransport> | undefined;

  constructor(smtpUrl: string | undefined, private readonly log: Logger) {
    this.transport = smtpUrl === undefined ? undefined : nodemailer.createTransport(smtpUrl);
  }

  /** True when an SMTP server is configured. */
  get enabled(): boolean {
    return this.transport !== undefined;
  }

  /** Sends one mail; failures are logged (a message is kept even when its e-mail fails). */
  async send(mail: VoicemailMail, mailbox: string): Promise<void> {
    if (!this.transport) return;
    try {
      const info = await this.transport.sendMail({
        from: mail.from, to: [...mail.to], subject: mail.subject, text: mail.text, attachments: mail.attachments.map((a) => ({ ...a })),
      });
      this.log.info({ mailbox, recipients: mail.to.length, messageId: info.messageId }, 'voicemail e-mail sent');
    } catch (err) {
      this.log.warn({ err, mailbox }, 'voicemail e-mail failed');
    }
  }

  /** Closes the SMTP connections. */
  close(): void {
    this.transport?.close();
  }
}
