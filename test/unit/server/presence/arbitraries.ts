// fast-check generators of user facts. Hidden values are drawn so that they are recognisable in
// any output: parties are +49 numbers or 4-digit extensions, leg ids are UUID-like, instants are
// 13-digit numbers; a leak check can then search outputs for them literally.
import fc from 'fast-check';
import { ABSENCE_REASONS, AGENT_STATES, MANUAL_STATUSES } from '../../../../server/src/presence/index.js';
import type { Absence, CallFact, ForwardTarget, UserFacts } from '../../../../server/src/presence/index.js';
import { DAY, T0, TARGET } from './fixtures.js';

export const instantArb = fc.integer({ min: T0 - 30 * DAY, max: T0 + 30 * DAY });

export const partyArb = fc.oneof(
  fc.stringMatching(/^\+49[1-9][0-9]{6,10}$/),
  fc.stringMatching(/^0[1-9][0-9]{6,10}$/),
  fc.stringMatching(/^[5-8][0-9]{3}$/),
);

export const legIdArb = fc.uuid();

export const callArb: fc.Arbitrary<CallFact> = fc.record({
  id: legIdArb,
  state: fc.constantFrom('trying', 'early', 'confirmed'),
  direction: fc.constantFrom('inbound', 'outbound'),
  scope: fc.constantFrom('internal', 'external'),
  party: partyArb,
  held: fc.boolean(),
  startedAt: instantArb,
});

export const absenceArb: fc.Arbitrary<Absence> = fc.record({
  id: fc.uuid(),
  reason: fc.constantFrom(...ABSENCE_REASONS),
  from: instantArb,
  length: fc.option(fc.integer({ min: 1, max: 20 * DAY }), { nil: null }),
}).map(({ id, reason, from, length }) => ({ id, reason, from, until: length === null ? null : from + length }));

export const forwardArb: fc.Arbitrary<ForwardTarget | null> = fc.option(fc.oneof(
  fc.record({ kind: fc.constant('user' as const), user: fc.stringMatching(/^3[0-9]{3}$/) }),
  fc.constant({ kind: 'voicemail' as const }),
  fc.record({ kind: fc.constant('external' as const), number: partyArb }),
), { nil: null });

/** Facts of user 3001. `shareNote` is drawn too; notes are made of a fixed sentinel word. */
export const factsArb: fc.Arbitrary<UserFacts> = fc.record({
  devices: fc.integer({ min: 0, max: 3 }).chain((registered) =>
    fc.integer({ min: 0, max: registered }).map((reachable) => ({ registered, reachable }))),
  calls: fc.uniqueArray(callArb, { maxLength: 3, selector: (c) => c.id })
    .map((calls) => [...calls].sort((a, b) => (a.id < b.id ? -1 : 1))),
  dnd: fc.boolean(),
  manual: fc.record({
    status: fc.constantFrom(...MANUAL_STATUSES),
    note: fc.option(fc.constant('SHAREDNOTE'), { nil: null }),
    shareNote: fc.boolean(),
  }),
  absences: fc.uniqueArray(absenceArb, { maxLength: 2, selector: (a) => a.id }),
  substitute: fc.option(fc.stringMatching(/^3[0-9]{3}$/), { nil: null }),
  forward: forwardArb,
  agent: fc.option(fc.record({ state: fc.constantFrom(...AGENT_STATES), hotlines: fc.constant(['buergertelefon']) }), { nil: null }),
}).map((f) => ({ user: TARGET, ...f }));

/** The instant the projection is evaluated at. */
export const nowArb = instantArb;
