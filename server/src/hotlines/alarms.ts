/**
 * The staffing alarm (issue 7 item 6): when a line with minAgents drops below it, for whatever
 * reason (a forced logout, a device gone, pauses after missed offers), the addresses in
 * `alarm.emails` get an e-mail and `alarm.number` gets a call that plays the alarm, repeated every
 * `alarm.repeatMin` until someone logs in (the ACD repeats `staffing-alarm`); the all-clear goes out
 * by e-mail when the line is staffed again. E-mails name the hotline and the figures, never who
 * logged out (the hotline log has that for those allowed to read it).
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AcdCommand, HotlineStaffedCommand, StaffingAlarmCommand, UnderstaffedCause } from '../acd/index.js';
import { callerIdFor } from '../callerid/index.js';
import type { SiteConfig } from '../config/dialplan/index.js';
import type { CallDeps } from '../sip/calls/deps.js';
import { ringTargets, type RingTarget } from '../sip/calls/ring.js';
import { targetsForBindings } from '../sip/calls/targets.js';
import { trunkInvite } from '../trunks/addressing.js';
import { groupIdentityOf, policyOf, trunkContext } from '../trunks/identity.js';
import { digitPrompts } from '../media/say-number.js';
import { promptFiles } from './queue-media.js';

/** A mail to send. */
export interface AlarmMail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
}

const CAUSES: Record<UnderstaffedCause, string> = {
  logout: 'Abmeldung',
  pause: 'Pause',
  'device-unreachable': 'Telefon nicht erreichbar',
  'missed-offers': 'Pause nach unbeantworteten Anrufen',
  reconfigure: 'geänderte Konfiguration',
};

function berlinTime(at: number): string {
  return new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'medium' }).format(at);
}

/** The alarm or all-clear e-mail for a command, or null when the hotline has no addresses. */
export function alarmMail(site: SiteConfig, c: StaffingAlarmCommand | HotlineStaffedCommand, cause: UnderstaffedCause | undefined, at: number): AlarmMail | null {
  const h = site.index.hotlines.get(c.hotline);
  if (!h || h.alarm.emails.length === 0) return null;
  const name = `${h.name ?? `Hotline ${h.number}`} (${h.number})`;
  if (c.type === 'hotline.staffed') {
    return {
      to: h.alarm.emails, subject: `Entwarnung: ${name} ist wieder besetzt`,
      text: `Die Hotline ${name} ist seit ${berlinTime(at)} wieder ausreichend besetzt: ${c.staffed} von mindestens ${c.minAgents} Personen im Dienst.\n`,
    };
  }
  const why = cause ? ` Ursache: ${CAUSES[cause]}.` : '';
  return {
    to: h.alarm.emails, subject: `Besetzungsalarm: ${name} ist nicht ausreichend besetzt`,
    text: `Die Hotline ${name} ist seit ${berlinTime(c.since)} nicht ausreichend besetzt: ${c.staffed} von mindestens ${c.minAgents} Personen im Dienst.${why}\n`
      + `Die Warnung wiederholt sich alle ${h.alarm.repeatMin} Minuten, bis wieder genug Personen angemeldet sind.\n`,
  };
}

/** Where the alarm call rings: a user's devices, or an external number through the trunk. */
export function alarmTargets(site: SiteConfig, hotline: string, number: string, bindingsOf: (ext: string) => Parameters<typeof targetsForBindings>[1]): RingTarget[] {
  const h = site.index.hotlines.get(hotline);
  const user = site.index.users.get(number);
  if (user) return targetsForBindings(site, bindingsOf(user.extension), user, { kind: 'external', number: hotline, name: `Alarm ${h?.name ?? hotline}` });
  const trunk = site.outbound ? site.index.trunks.get(site.outbound.trunk) : undefined;
  if (!trunk || !number.startsWith('+')) return [];
  const ids = callerIdFor({ kind: 'hotline-callback', clirRequested: false }, trunkContext(site, trunk, { hotline: groupIdentityOf(site, hotline) }), policyOf(site));
  const r = trunkInvite(site, trunk, number, ids);
  return [{ uri: r.uri, label: `alarm/${hotline}`, headers: { ...r.headers }, auth: r.auth }];
}

/** What the alarm needs. */
export interface StaffingAlarmsDeps {
  readonly calls: CallDeps;
  readonly log: Logger;
  /** ZENTRALE_SMTP_URL; undefined: no e-mails (logged once). */
  readonly smtpUrl: string | undefined;
  /** ZENTRALE_MAIL_FROM; default zentrale@ the site domain. */
  readonly mailFrom: string | undefined;
}

/** Sends the staffing alarm's e-mails and calls. */
export class StaffingAlarms {
  private readonly mailer: Transporter | undefined;
  private readonly causes = new Map<string, UnderstaffedCause>();
  private readonly calling = new Set<string>();
  private warnedNoMail = false;

  constructor(private readonly d: StaffingAlarmsDeps) {
    this.mailer = d.smtpUrl ? nodemailer.createTransport(d.smtpUrl) : undefined;
  }

  /** Handles one ACD command (subscribed to the bus). */
  handle(c: AcdCommand): void {
    switch (c.type) {
      case 'hotline.understaffed':
        this.causes.set(c.hotline, c.cause);
        return;
      case 'staffing-alarm':
        if (c.repeat === 0) this.mail(alarmMail(this.d.calls.site(), c, this.causes.get(c.hotline), this.d.calls.now()));
        this.call(c.hotline);
        return;
      case 'hotline.staffed':
        this.causes.delete(c.hotline);
        this.mail(alarmMail(this.d.calls.site(), c, undefined, this.d.calls.now()));
        return;
      default:
        return;
    }
  }

  /** Closes the SMTP transport. */
  stop(): void {
    this.mailer?.close();
  }

  private mail(m: AlarmMail | null): void {
    if (!m) return;
    if (!this.mailer) {
      if (!this.warnedNoMail) this.d.log.warn('staffing alarm e-mail not sent: ZENTRALE_SMTP_URL is not set');
      this.warnedNoMail = true;
      return;
    }
    const from = this.d.mailFrom ?? `zentrale@${this.d.calls.site().site.domain}`;
    this.mailer.sendMail({ from, to: [...m.to], subject: m.subject, text: m.text }).then(
      () => this.d.log.info({ recipients: m.to.length, subject: m.subject }, 'staffing alarm e-mail sent'),
      (err: unknown) => this.d.log.error({ err }, 'staffing alarm e-mail failed'),
    );
  }

  private call(hotline: string): void {
    const site = this.d.calls.site();
    const h = site.index.hotlines.get(hotline);
    const number = h?.alarm.number;
    // One alarm call per hotline at a time: a repeat while the last one still rings is skipped.
    if (!h || number === undefined || this.calling.has(hotline)) return;
    this.calling.add(hotline);
    this.placeCall(site, hotline, number)
      .catch((err: unknown) => this.d.log.error({ err, hotline }, 'staffing alarm call failed'))
      .finally(() => this.calling.delete(hotline));
  }

  private async placeCall(site: SiteConfig, hotline: string, number: string): Promise<void> {
    const { calls, log } = this.d;
    const targets = alarmTargets(site, hotline, number, (ext) => calls.location.ofExtension(ext, calls.now()));
    const ms = calls.media?.get();
    if (targets.length === 0 || !ms) {
      log.warn({ hotline, media: ms !== undefined }, 'staffing alarm call not possible: no reachable target or no media server');
      return;
    }
    const ep = await ms.createEndpoint();
    const rec = calls.recorder.start({ callId: `alarm-${randomUUID()}`, caller: hotline, dialled: number, callee: number, direction: number.startsWith('+') ? 'outbound' : 'internal' });
    try {
      const outcome = await ringTargets({ srf: calls.srf, log, targets, offerSdp: ep.local.sdp, ringSec: 45 });
      if (outcome.kind !== 'answered') {
        if (outcome.kind === 'answered-3pcc') outcome.pending.destroy().catch(() => undefined);
        rec.ended(`alarm-${outcome.kind}`, null);
        log.warn({ hotline, outcome: outcome.kind }, 'staffing alarm call not answered');
        return;
      }
      rec.answered(number);
      const ended = new Promise<void>((r) => outcome.dialog.once('destroy', () => r()));
      await ep.modify(outcome.dialog.remote.sdp);
      const lang = site.site.language;
      const words = promptFiles(['hotline/alarm', ...digitPrompts(hotline), 'hotline/alarm-end'], lang, log);
      // Said twice: the first words are often lost while the phone is brought to the ear.
      await Promise.race([ep.play([...words, ...words]).catch(() => undefined), ended]);
      outcome.dialog.destroy().catch(() => undefined);
      rec.ended('alarm-played', null);
      log.info({ hotline }, 'staffing alarm call played');
    } finally {
      ep.destroy().catch(() => undefined);
    }
  }
}
