/**
 * The location service (RFC 3261 §10): bindings of devices, in memory for routing speed and
 * written through to the store so a restart of the feature server keeps every registration.
 * Kept apart from the registrar logic (Kamailio's split of registrar and usrloc).
 */
import { createHash } from 'node:crypto';
import type { BindingRow } from '../../store/repos/bindings-repo.js';

/** One registered contact of a device. */
export interface Binding {
  readonly id: string;
  /** The device's digest username (the AOR user part). */
  readonly aor: string;
  readonly extension: string;
  /** The Contact URI (without header parameters). */
  readonly contact: string;
  expiresAt: number;
  callId: string;
  cseq: number;
  /** Transport and packet source of the REGISTER: calls go there (NAT, RFC 5626 style flows). */
  protocol: string;
  sourceAddress: string;
  sourcePort: number;
  receivedOn: string;
  instance: string | null;
  userAgent: string | null;
  updatedAt: number;
  /** Consecutive OPTIONS keep-alives without any answer. */
  missedKeepalives: number;
}

/** Stable id of a binding: AOR plus Contact URI. */
export function bindingId(aor: string, contact: string): string {
  return createHash('sha1').update(`${aor}\n${contact}`).digest('hex').slice(0, 20);
}

/** Persistence hooks (the store); failures are the caller's to log. */
export interface BindingPersistence {
  save(b: BindingRow): Promise<void>;
  remove(ids: readonly string[]): Promise<void>;
}

/** Change notifications. */
export type BindingChange = { readonly extension: string; readonly aor: string; readonly reason: 'registered' | 'refreshed' | 'unregistered' | 'expired' | 'unreachable' };

/** All bindings. */
export class LocationService {
  private readonly byId = new Map<string, Binding>();
  private readonly byAor = new Map<string, Set<string>>();
  private readonly byExtension = new Map<string, Set<string>>();

  constructor(
    private readonly persistence: BindingPersistence,
    private readonly onChange: (c: BindingChange) => void,
    private readonly onPersistError: (err: unknown) => void,
  ) {}

  /** Loads stored bindings at start-up. */
  restore(rows: readonly BindingRow[]): void {
    for (const r of rows) this.index({
      id: r.id, aor: r.aor, extension: r.extension, contact: r.contact, expiresAt: Number(r.expires_at), callId: r.call_id, cseq: r.cseq,
      protocol: r.protocol, sourceAddress: r.source_address, sourcePort: r.source_port, receivedOn: r.received_on,
      instance: r.instance, userAgent: r.user_agent, updatedAt: Number(r.updated_at), missedKeepalives: 0,
    });
  }

  /** Live bindings of a device (AOR). */
  ofAor(aor: string, now: number): Binding[] {
    return this.collect(this.byAor.get(aor), now);
  }

  /** Live bindings of every device of a user. */
  ofExtension(extension: string, now: number): Binding[] {
    return this.collect(this.byExtension.get(extension), now);
  }

  /** Number of live bindings of a user. */
  countOf(extension: string, now: number): number {
    return this.ofExtension(extension, now).length;
  }

  /** Every live binding (keep-alives). */
  all(now: number): Binding[] {
    return [...this.byId.values()].filter((b) => b.expiresAt > now);
  }

  get(id: string): Binding | undefined {
    return this.byId.get(id);
  }

  private collect(ids: Set<string> | undefined, now: number): Binding[] {
    if (!ids) return [];
    const out: Binding[] = [];
    for (const id of ids) {
      const b = this.byId.get(id);
      if (b && b.expiresAt > now) out.push(b);
    }
    return out;
  }

  /** Adds or refreshes a binding. */
  put(b: Binding, reason: 'registered' | 'refreshed'): void {
    this.index(b);
    this.persistence.save(toRow(b)).catch(this.onPersistError);
    this.onChange({ extension: b.extension, aor: b.aor, reason });
  }

  /** Removes bindings. */
  remove(ids: readonly string[], reason: 'unregistered' | 'expired' | 'unreachable'): void {
    const gone: Binding[] = [];
    for (const id of ids) {
      const b = this.byId.get(id);
      if (!b) continue;
      this.byId.delete(id);
      this.byAor.get(b.aor)?.delete(id);
      this.byExtension.get(b.extension)?.delete(id);
      gone.push(b);
    }
    if (gone.length === 0) return;
    this.persistence.remove(gone.map((b) => b.id)).catch(this.onPersistError);
    const seen = new Set<string>();
    for (const b of gone) {
      if (seen.has(b.aor)) continue;
      seen.add(b.aor);
      this.onChange({ extension: b.extension, aor: b.aor, reason });
    }
  }

  /** Removes every binding that expired before `now`; returns how many. */
  sweep(now: number): number {
    const expired = [...this.byId.values()].filter((b) => b.expiresAt <= now).map((b) => b.id);
    this.remove(expired, 'expired');
    return expired.length;
  }

  /** Removes every binding of users no longer in the directory (after a config change). */
  dropUnknown(known: (extension: string, aor: string) => boolean): void {
    const ids = [...this.byId.values()].filter((b) => !known(b.extension, b.aor)).map((b) => b.id);
    this.remove(ids, 'unregistered');
  }

  private index(b: Binding): void {
    this.byId.set(b.id, b);
    let a = this.byAor.get(b.aor);
    if (!a) this.byAor.set(b.aor, (a = new Set()));
    a.add(b.id);
    let e = this.byExtension.get(b.extension);
    if (!e) this.byExtension.set(b.extension, (e = new Set()));
    e.add(b.id);
  }
}

function toRow(b: Binding): BindingRow {
  return {
    id: b.id, aor: b.aor, extension: b.extension, contact: b.contact, expires_at: b.expiresAt, call_id: b.callId, cseq: b.cseq,
    protocol: b.protocol, source_address: b.sourceAddress, source_port: b.sourcePort, received_on: b.receivedOn,
    instance: b.instance, user_agent: b.userAgent, updated_at: b.updatedAt,
  };
}
