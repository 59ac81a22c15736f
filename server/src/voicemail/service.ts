/**
 * The voicemail adapter's state and side effects in one place: the message index and files, MWI
 * counts to presence (which renders the message-summary NOTIFYs), e-mails, and the wrong-PIN
 * counters. The call flows (deposit.ts, access.ts) only decide what to do and call these.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Db } from '../store/db.js';
import type { SiteConfig } from '../config/dialplan/index.js';
import type { EventBus } from '../events/bus.js';
import { setMessageCounts } from '../presence-feature/index.js';
import { allMailboxes, type Mailbox } from './mailbox.js';
import { countsOf, type MessageStatus } from './menu.js';
import {
  allMessages, clearPinFailures, countsByMailbox, deleteMessage, insertMessage, listMessages, loadPinFailures,
  savePinFailures, setMessageStatus, type StoredMessage,
} from './message-store.js';
import { fileExists, removeFile } from './files.js';
import { composeMail, type VoicemailMailer } from './mail.js';
import { afterFailure, isLocked } from './pin-guard.js';

/** What the service needs. */
export interface VoicemailServiceDeps {
  readonly db: Db;
  readonly log: Logger;
  readonly bus: EventBus;
  readonly now: () => number;
  readonly site: () => SiteConfig;
  /** <dataDir>/voicemail, absolute. */
  readonly dir: string;
  readonly mailer: VoicemailMailer;
  /** Sender of e-mails (ZENTRALE_MAIL_FROM or zentrale@<site domain>). */
  readonly mailFrom: () => string;
}

/** Messages, counts, e-mails and PIN counters. */
export class VoicemailService {
  private readonly pendingMail = new Set<Promise<void>>();

  constructor(readonly deps: VoicemailServiceDeps) {}

  /** The absolute path of a stored message. */
  pathOf(m: Pick<StoredMessage, 'file'>): string {
    return join(this.deps.dir, m.file);
  }

  /** The messages of a mailbox, oldest first. */
  messages(mailbox: string): Promise<StoredMessage[]> {
    return listMessages(this.deps.db, mailbox);
  }

  /** Tells presence the counts of a mailbox (MWI). */
  async publishCounts(mailbox: string): Promise<void> {
    setMessageCounts(this.deps.bus, mailbox, countsOf(await this.messages(mailbox)));
  }

  /**
   * After a restart: index rows whose file is gone are dropped (a message nobody can hear must not
   * light the lamp), then every mailbox's counts go to presence, which lost them with the process.
   */
  async restore(): Promise<void> {
    for (const m of await allMessages(this.deps.db)) {
      if (await fileExists(this.pathOf(m))) continue;
      this.deps.log.warn({ mailbox: m.mailbox, messageId: m.id }, 'voicemail file missing: message dropped from the index');
      await deleteMessage(this.deps.db, m.id);
    }
    const counts = await countsByMailbox(this.deps.db);
    for (const box of allMailboxes(this.deps.site())) {
      if (box.owner.kind !== 'user' && !counts.has(box.number)) continue;
      setMessageCounts(this.deps.bus, box.number, counts.get(box.number) ?? { newCount: 0, oldCount: 0 });
    }
  }

  /** Indexes a new message, updates MWI and sends the e-mail (in the background). */
  async addMessage(box: Mailbox, m: StoredMessage): Promise<void> {
    await insertMessage(this.deps.db, m);
    this.deps.log.info({ mailbox: box.number, messageId: m.id, durationMs: m.durationMs, callerKind: m.caller.kind }, 'voicemail message stored');
    await this.publishCounts(box.number);
    const mail = composeMail(box, m, this.pathOf(m), this.deps.mailFrom());
    if (!mail || !this.deps.mailer.enabled) return;
    const sending = this.deps.mailer.send(mail, box.number).finally(() => this.pendingMail.delete(sending));
    this.pendingMail.add(sending);
  }

  /** Sets a message's status and updates MWI. */
  async setStatus(m: StoredMessage, status: MessageStatus): Promise<void> {
    if (m.status === status) return;
    await setMessageStatus(this.deps.db, m.id, status);
    await this.publishCounts(m.mailbox);
  }

  /** Deletes a message: index first (it must never point at a missing file), then the file. */
  async remove(m: StoredMessage): Promise<void> {
    await deleteMessage(this.deps.db, m.id);
    await removeFile(this.pathOf(m));
    this.deps.log.info({ mailbox: m.mailbox, messageId: m.id }, 'voicemail message deleted');
    await this.publishCounts(m.mailbox);
  }

  /** True when any of the keys is locked out now. */
  async locked(keys: readonly string[]): Promise<boolean> {
    const now = this.deps.now();
    for (const k of keys) if (isLocked(await loadPinFailures(this.deps.db, k), now)) return true;
    return false;
  }

  /** Counts a wrong PIN against every key; true when one of them is locked now. */
  async pinFailed(keys: readonly string[]): Promise<boolean> {
    const now = this.deps.now();
    let locked = false;
    for (const k of keys) {
      const next = afterFailure(await loadPinFailures(this.deps.db, k), now);
      await savePinFailures(this.deps.db, k, next);
      if (isLocked(next, now)) locked = true;
    }
    return locked;
  }

  /** Forgets the counters after a right PIN. */
  async pinPassed(keys: readonly string[]): Promise<void> {
    await clearPinFailures(this.deps.db, keys);
  }

  /** Waits for e-mails still being sent (at stop). */
  async drain(): Promise<void> {
    await Promise.all([...this.pendingMail]);
    this.deps.mailer.close();
  }
}
