/**
 * The facts users set themselves (DND, absences, manual status, substitute) and the facts that
 * come from the call layer and the registrar, kept in the store where they must survive a
 * restart and fed to the hub. DND also goes to the runtime facts routing reads, so a caller of a
 * user with DND reaches the mailbox (or 480) at once. Absence reasons are never logged.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { SiteConfig } from '../config/dialplan/index.js';
import type { EventBus } from '../events/bus.js';
import type { Absence, AbsenceReason, ForwardTarget, ManualStatusFact, UserKey } from '../presence/index.js';
import type { RuntimeFactsHolder } from '../runtime-facts.js';
import type { LocationService } from '../sip/registrar/location.js';
import type { Db } from '../store/db.js';
import { berlinOffsetMs } from '../routing/berlin-time.js';
import type { PresenceHub } from './hub.js';
import {
  clearAbsences, loadAbsences, loadDnd, loadPresenceStates, saveAbsence, saveDnd, savePresenceState,
} from './store.js';

/** What the state service needs. */
export interface StateDeps {
  readonly db: Db;
  readonly hub: PresenceHub;
  readonly facts: RuntimeFactsHolder;
  readonly bus: EventBus;
  readonly location: LocationService;
  readonly site: () => SiteConfig;
  readonly now: () => number;
  readonly log: Logger;
}

/** A new absence as the CLI or API gives it. */
export interface AbsenceInput {
  readonly reason: AbsenceReason;
  readonly from: number;
  readonly until: number | null;
}

/** DND, absences, manual status and substitute: stored, and applied to hub and routing. */
export class PresenceState {
  constructor(private readonly deps: StateDeps) {}

  /** Loads every stored fact and the current registrations at start-up. */
  async load(): Promise<void> {
    const { deps } = this;
    const now = deps.now();
    for (const u of deps.site().users) this.devicesOf(u.extension);
    for (const [ext, on] of await loadDnd(deps.db)) this.applyDnd(ext, on);
    for (const a of await loadAbsences(deps.db, now)) deps.hub.apply({ kind: 'absence.set', user: a.extension, absence: a });
    for (const s of await loadPresenceStates(deps.db)) {
      deps.hub.apply({ kind: 'status.changed', user: s.extension, manual: s.manual });
      deps.hub.apply({ kind: 'substitute.changed', user: s.extension, substitute: s.substitute });
    }
    this.refreshForwards();
  }

  /** Re-reads one user's stored facts (after the CLI changed them). */
  async reloadUser(extension: UserKey): Promise<void> {
    const { deps } = this;
    const dnd = (await loadDnd(deps.db, extension)).get(extension) ?? false;
    this.applyDnd(extension, dnd);
    const stored = await loadAbsences(deps.db, deps.now(), extension);
    const current = deps.hub.facts(extension).absences;
    for (const a of current) if (!stored.some((s) => s.id === a.id)) deps.hub.apply({ kind: 'absence.cleared', user: extension, id: a.id });
    for (const a of stored) deps.hub.apply({ kind: 'absence.set', user: extension, absence: a });
    const [s] = await loadPresenceStates(deps.db, extension);
    deps.hub.apply({ kind: 'status.changed', user: extension, manual: s?.manual ?? { status: 'auto', note: null, shareNote: false } });
    deps.hub.apply({ kind: 'substitute.changed', user: extension, substitute: s?.substitute ?? null });
  }

  /** Sets DND (feature code *26/#26, CLI, API). */
  async setDnd(extension: UserKey, on: boolean): Promise<void> {
    await saveDnd(this.deps.db, extension, on, this.deps.now());
    this.applyDnd(extension, on);
    this.deps.log.info({ extension, dnd: on }, 'do-not-disturb changed');
  }

  /** Adds an absence; returns its id. The reason is stored, never logged. */
  async addAbsence(extension: UserKey, input: AbsenceInput): Promise<string> {
    const absence: Absence = { id: randomUUID(), reason: input.reason, from: input.from, until: input.until };
    await saveAbsence(this.deps.db, { ...absence, extension }, this.deps.now());
    this.deps.hub.apply({ kind: 'absence.set', user: extension, absence });
    this.deps.log.info({ extension }, 'absence set');
    return absence.id;
  }

  /** Removes one absence, or all (`id` null). */
  async clearAbsence(extension: UserKey, id: string | null): Promise<number> {
    const n = await clearAbsences(this.deps.db, extension, id);
    this.deps.hub.apply({ kind: 'absence.cleared', user: extension, id });
    this.deps.log.info({ extension, removed: n }, 'absence cleared');
    return n;
  }

  /** Sets the manual status (closed list) and the optional note. */
  async setManual(extension: UserKey, manual: ManualStatusFact): Promise<void> {
    const substitute = this.deps.hub.facts(extension).substitute;
    await savePresenceState(this.deps.db, { extension, manual, substitute }, this.deps.now());
    this.deps.hub.apply({ kind: 'status.changed', user: extension, manual });
  }

  /** Sets who stands in for the user (shown to the operator while the user is unreachable). */
  async setSubstitute(extension: UserKey, substitute: UserKey | null): Promise<void> {
    const manual = this.deps.hub.facts(extension).manual;
    await savePresenceState(this.deps.db, { extension, manual, substitute }, this.deps.now());
    this.deps.hub.apply({ kind: 'substitute.changed', user: extension, substitute });
  }

  /** Registrations of one user as device counts. */
  devicesOf(extension: UserKey): void {
    const n = this.deps.location.countOf(extension, this.deps.now());
    this.deps.hub.apply({ kind: 'devices.changed', user: extension, registered: n, reachable: n });
  }

  /** A leg of a user from the call layer (`user.leg`). Party numbers are not in the event. */
  leg(e: { legId: string; extension: string; state: 'trying' | 'early' | 'confirmed' | 'terminated'; direction: 'inbound' | 'outbound'; external: boolean }): void {
    this.deps.hub.apply({
      kind: 'call.updated', user: e.extension,
      call: { id: e.legId, state: e.state, direction: e.direction, scope: e.external ? 'external' : 'internal', party: '' },
    });
  }

  /** Forward targets of every user from the runtime facts and the site (after a config change). */
  refreshForwards(): void {
    for (const u of this.deps.site().users) this.refreshForward(u.extension);
  }

  /** The forward target of one user: a feature-code forward wins over the configured one. */
  refreshForward(extension: UserKey): void {
    const site = this.deps.site();
    const runtime = this.deps.facts.snapshot().users?.[extension]?.forwarding;
    let forward: ForwardTarget | null = null;
    if (runtime && 'always' in runtime) {
      const d = runtime.always;
      if (d) forward = d.kind === 'external' ? { kind: 'external', number: d.number } : site.index.users.has(d.number) ? { kind: 'user', user: d.number } : null;
    } else {
      const t = site.index.users.get(extension)?.forwarding.always;
      if (t && 'user' in t) forward = { kind: 'user', user: t.user };
      else if (t && 'voicemail' in t) forward = { kind: 'voicemail' };
      else if (t && 'forward' in t) forward = { kind: 'external', number: t.forward };
    }
    this.deps.hub.apply({ kind: 'forward.changed', user: extension, forward });
  }

  private applyDnd(extension: UserKey, on: boolean): void {
    this.deps.facts.update(extension, { dnd: on });
    if (this.deps.hub.apply({ kind: 'dnd.changed', user: extension, on })) this.deps.bus.emit('user.state-changed', { extension, dnd: on });
  }
}

/** Parses `--until DATE` (YYYY-MM-DD, the last day of absence) as the start of the next day in Berlin. */
export function endOfDayBerlin(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return undefined;
  const utcMidnightNext = Date.UTC(y, mo - 1, d + 1);
  // Local midnight is UTC midnight minus the offset in force at that instant (CET or CEST).
  for (const offset of [3_600_000, 7_200_000]) {
    if (berlinOffsetMs(utcMidnightNext - offset) === offset) return utcMidnightNext - offset;
  }
  return utcMidnightNext - 3_600_000;
}
