// The presence reducer: facts in, facts out, `now` as an argument (CONVENTIONS §2.2, §2.7).
// Returns the same object when an input changes nothing, so adapters can skip projection.
import type {
  Absence, AgentFact, CallFact, CallReport, FactEvent, ForwardTarget, Instant, ManualStatusFact, UserFacts, UserKey,
} from './facts.js';

const AUTO: ManualStatusFact = Object.freeze({ status: 'auto', note: null, shareNote: false });
const NO_DEVICES = Object.freeze({ registered: 0, reachable: 0 });

/** Facts of a user nothing is known about yet: no device, no call, nothing set. */
export function emptyFacts(user: UserKey): UserFacts {
  return Object.freeze({
    user, devices: NO_DEVICES, calls: Object.freeze([]), dnd: false, manual: AUTO,
    absences: Object.freeze([]), substitute: null, forward: null, agent: null,
  });
}

/** The absence in force at `now`, if any (the earliest-starting one when several overlap). */
export function activeAbsence(facts: UserFacts, now: Instant): Absence | null {
  return facts.absences.find((a) => isActive(a, now)) ?? null;
}

function isActive(a: Absence, now: Instant): boolean {
  return a.from <= now && (a.until === null || now < a.until);
}

/**
 * The next instant after `now` at which the projection may change without any input (an
 * absence starts or ends), or null. The adapter schedules one `clock.tick` for it, as the ACD's
 * `nextDeadline` does; pure code never starts a timer.
 */
export function nextPresenceChange(facts: UserFacts, now: Instant): Instant | null {
  let next: Instant | null = null;
  for (const a of facts.absences) {
    for (const edge of [a.from, a.until]) {
      if (edge !== null && edge > now && (next === null || edge < next)) next = edge;
    }
  }
  return next;
}

/**
 * Applies one input to one user's facts. Bugs in the caller (an input for another user,
 * impossible device counts, an absence ending before it starts) throw.
 */
export function applyFact(facts: UserFacts, event: FactEvent, now: Instant): UserFacts {
  if (event.user !== facts.user) throw new Error(`presence: input for ${event.user} applied to ${facts.user}`);
  // Ended absences are dropped on every input: storage limitation, GDPR Art. 5(1)(e).
  const pruned = pruneAbsences(facts, now);
  switch (event.kind) {
    case 'devices.changed':
      return withDevices(pruned, event.registered, event.reachable);
    case 'call.updated':
      return withCall(pruned, event.call, now);
    case 'dnd.changed':
      return pruned.dnd === event.on ? pruned : freeze({ ...pruned, dnd: event.on });
    case 'status.changed':
      return withManual(pruned, event.manual);
    case 'absence.set':
      return withAbsence(pruned, event.absence, now);
    case 'absence.cleared':
      return withoutAbsence(pruned, event.id);
    case 'substitute.changed':
      return pruned.substitute === event.substitute ? pruned : freeze({ ...pruned, substitute: event.substitute });
    case 'forward.changed':
      return sameForward(pruned.forward, event.forward) ? pruned : freeze({ ...pruned, forward: freezeForward(event.forward) });
    case 'agent.changed':
      return sameAgent(pruned.agent, event.agent) ? pruned : freeze({ ...pruned, agent: freezeAgent(event.agent) });
    case 'clock.tick':
      return pruned;
  }
}

function freeze(f: UserFacts): UserFacts {
  return Object.freeze(f);
}

function pruneAbsences(facts: UserFacts, now: Instant): UserFacts {
  const kept = facts.absences.filter((a) => a.until === null || a.until > now);
  return kept.length === facts.absences.length ? facts : freeze({ ...facts, absences: Object.freeze(kept) });
}

function withDevices(facts: UserFacts, registered: number, reachable: number): UserFacts {
  if (!Number.isInteger(registered) || !Number.isInteger(reachable) || reachable < 0 || reachable > registered) {
    throw new RangeError(`presence: impossible device counts ${registered}/${reachable}`);
  }
  if (facts.devices.registered === registered && facts.devices.reachable === reachable) return facts;
  return freeze({ ...facts, devices: Object.freeze({ registered, reachable }) });
}

function withCall(facts: UserFacts, report: CallReport, now: Instant): UserFacts {
  const index = facts.calls.findIndex((c) => c.id === report.id);
  const existing = index >= 0 ? facts.calls[index] : undefined;
  if (report.state === 'terminated') {
    if (existing === undefined) return facts;
    return freeze({ ...facts, calls: Object.freeze(facts.calls.filter((c) => c.id !== report.id)) });
  }
  const call: CallFact = Object.freeze({
    id: report.id, state: report.state, direction: report.direction, scope: report.scope, party: report.party,
    held: report.held ?? false, startedAt: existing?.startedAt ?? now,
  });
  if (existing !== undefined && sameCall(existing, call)) return facts;
  const calls = facts.calls.filter((c) => c.id !== report.id);
  calls.push(call);
  calls.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return freeze({ ...facts, calls: Object.freeze(calls) });
}

function sameCall(a: CallFact, b: CallFact): boolean {
  return a.state === b.state && a.direction === b.direction && a.scope === b.scope && a.party === b.party && a.held === b.held;
}

function withManual(facts: UserFacts, manual: ManualStatusFact): UserFacts {
  const m = facts.manual;
  if (m.status === manual.status && m.note === manual.note && m.shareNote === manual.shareNote) return facts;
  return freeze({ ...facts, manual: Object.freeze({ status: manual.status, note: manual.note, shareNote: manual.shareNote }) });
}

function withAbsence(facts: UserFacts, absence: Absence, now: Instant): UserFacts {
  if (absence.until !== null && absence.until <= absence.from) {
    throw new RangeError('presence: absence ends before it starts');
  }
  // An absence that is already over is not stored at all (storage limitation).
  if (absence.until !== null && absence.until <= now) return withoutAbsence(facts, absence.id);
  const existing = facts.absences.find((a) => a.id === absence.id);
  if (existing !== undefined && existing.reason === absence.reason && existing.from === absence.from && existing.until === absence.until) {
    return facts;
  }
  const absences = facts.absences.filter((a) => a.id !== absence.id);
  absences.push(Object.freeze({ id: absence.id, reason: absence.reason, from: absence.from, until: absence.until }));
  absences.sort((a, b) => a.from - b.from || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return freeze({ ...facts, absences: Object.freeze(absences) });
}

function withoutAbsence(facts: UserFacts, id: string | null): UserFacts {
  const kept = id === null ? [] : facts.absences.filter((a) => a.id !== id);
  return kept.length === facts.absences.length ? facts : freeze({ ...facts, absences: Object.freeze(kept) });
}

function sameForward(a: ForwardTarget | null, b: ForwardTarget | null): boolean {
  if (a === null || b === null) return a === b;
  switch (a.kind) {
    case 'user':
      return b.kind === 'user' && a.user === b.user;
    case 'voicemail':
      return b.kind === 'voicemail';
    case 'external':
      return b.kind === 'external' && a.number === b.number;
  }
}

function freezeForward(f: ForwardTarget | null): ForwardTarget | null {
  return f === null ? null : Object.freeze({ ...f });
}

function sameAgent(a: AgentFact | null, b: AgentFact | null): boolean {
  if (a === null || b === null) return a === b;
  return a.state === b.state && a.hotlines.length === b.hotlines.length && a.hotlines.every((h, i) => h === b.hotlines[i]);
}

function freezeAgent(a: AgentFact | null): AgentFact | null {
  return a === null ? null : Object.freeze({ state: a.state, hotlines: Object.freeze([...a.hotlines]) });
}

/** Facts of every user, immutable. Users appear with their first input. */
export interface PresenceAggregate {
  readonly users: ReadonlyMap<UserKey, UserFacts>;
}

/** An aggregate that knows no user. */
export function emptyAggregate(): PresenceAggregate {
  return Object.freeze({ users: new Map<UserKey, UserFacts>() });
}

/** The facts of one user; a user never reported has empty facts (no device: unreachable). */
export function factsOf(aggregate: PresenceAggregate, user: UserKey): UserFacts {
  return aggregate.users.get(user) ?? emptyFacts(user);
}

/**
 * Applies one input to the aggregate. Returns the same aggregate when the user's facts did not
 * change, so `next !== prev` tells the adapter to re-project that user for its watchers.
 */
export function applyEvent(aggregate: PresenceAggregate, event: FactEvent, now: Instant): PresenceAggregate {
  const before = factsOf(aggregate, event.user);
  const after = applyFact(before, event, now);
  if (after === before && aggregate.users.has(event.user)) return aggregate;
  const users = new Map(aggregate.users);
  users.set(event.user, after);
  return Object.freeze({ users });
}
