// fast-check properties of the presence core: what never leaks, what never changes a NOTIFY,
// and that the projection is a deterministic function of facts, rules and time.
import t from 'tap';
import fc from 'fast-check';
import {
  CHANNELS, applyFact, emptyFacts, nextPresenceChange, notifyNeeded, opaqueId, projectPresence, renderDialogInfo, renderPidf,
  renderPresenceJson,
} from '../../../../server/src/presence/index.js';
import type { FactEvent, Projection, UserFacts } from '../../../../server/src/presence/index.js';
import { absenceArb, callArb, factsArb, forwardArb, instantArb, nowArb } from './arbitraries.js';
import { RULES, TARGET, viewer } from './fixtures.js';
import type { ViewerName } from './fixtures.js';

const CTX = { entity: 'sip:3001@rathaus.example', subscriptionKey: 'sub-1' };
const HANDLE = { token: 'TOKEN', targetUri: 'sip:pickup@rathaus.example' };
const WATCHERS: readonly ViewerName[] = ['C', 'CP', 'TL', 'OP'];
const RUNS = 400;

// The subtest type, as tap declares it for the callback of t.test(cb).
type Subtest = Parameters<Parameters<typeof t.test>[0]>[0];

function holds(t: Subtest, property: fc.IProperty<unknown> | fc.IPropertyWithHooks<unknown>, runs = RUNS): void {
  const details = fc.check(property as fc.IProperty<unknown>, { numRuns: runs });
  t.equal(details.failed, false, details.failed ? fc.defaultReportMessage(details) ?? 'failed' : `${runs} runs`);
}

/** Everything a watcher could receive for this projection on its channel, as text. */
function wire(p: Projection): string {
  const parts = [JSON.stringify(p)];
  if (p.kind === 'visible') {
    const pickup = p.pickup ? HANDLE : undefined;
    switch (p.channel) {
      case 'sip-dialog': parts.push(renderDialogInfo(p, CTX, 0, pickup)); break;
      case 'sip-presence': parts.push(renderPidf(p, CTX)); break;
      case 'api': case 'panel': parts.push(JSON.stringify(renderPresenceJson(p, p.pickup ? 'TOKEN' : undefined))); break;
    }
  }
  return parts.join('\n').replaceAll(opaqueId(CTX.subscriptionKey), 'OPAQUE');
}

function body(p: Projection): string {
  if (p.kind === 'refused') return 'refused';
  switch (p.channel) {
    case 'sip-dialog': return renderDialogInfo(p, CTX, 0, p.pickup ? HANDLE : undefined);
    case 'sip-presence': return renderPidf(p, CTX);
    case 'api': case 'panel': return JSON.stringify(renderPresenceJson(p, p.pickup ? 'TOKEN' : undefined));
  }
}

const ALLOWED_KEYS: Record<ViewerName, readonly string[]> = {
  C: ['kind', 'user', 'channel', 'viewerClass', 'state', 'pickup', 'note'],
  CP: ['kind', 'user', 'channel', 'viewerClass', 'state', 'pickup', 'note'],
  TL: ['kind', 'user', 'channel', 'viewerClass', 'state', 'pickup', 'note', 'hotlineLoggedIn'],
  OP: ['kind', 'user', 'channel', 'viewerClass', 'state', 'pickup', 'note', 'substitute', 'forward'],
  SV: ['kind', 'user', 'channel', 'reason'],
  ME: [],
};

const channelArb = fc.constantFrom(...CHANNELS);
const watcherArb = fc.constantFrom(...WATCHERS);

void t.test('no watcher ever receives a reason, date, number, party, call id, duration or direction', async (t) => {
  holds(t, fc.property(factsArb, nowArb, watcherArb, channelArb, (f, now, name, channel) => {
    const p = projectPresence(f, viewer(name, channel), RULES, now);
    for (const key of Object.keys(p)) if (!ALLOWED_KEYS[name].includes(key)) throw new Error(`key ${key} for ${name}`);
    let text = wire(p);
    if (name === 'OP') text = text.replaceAll('"forward":{"kind":"external"}', '');
    const secrets = [
      ...f.calls.flatMap((c) => [c.id, c.party, String(c.startedAt)]),
      ...f.absences.flatMap((a) => [a.id, a.reason, String(a.from), String(a.until)]),
      ...(f.forward?.kind === 'external' ? [f.forward.number] : []),
      'inbound', 'outbound', 'initiator', 'internal', 'external', 'sick', 'holiday', 'training', 'business-trip',
      'since', 'duration', 'startedAt', 'until', 'timestamp', 'mood', 'user-input',
    ];
    for (const s of secrets) if (text.includes(s)) throw new Error(`${name} via ${channel} received ${s}`);
    const shared = f.manual.shareNote && f.manual.note !== null && channel !== 'sip-dialog';
    if (text.includes('SHAREDNOTE') !== shared) throw new Error(`note shown=${!shared} against the user's choice`);
  }));
});

void t.test('only the user ever sees an outgoing call ringing, and nobody picks up their own call', async (t) => {
  holds(t, fc.property(factsArb, nowArb, fc.constantFrom<ViewerName>('C', 'CP', 'TL', 'OP', 'ME'), channelArb, (f, now, name, channel) => {
    const outboundOnly = { ...f, calls: f.calls.map((c) => ({ ...c, direction: 'outbound' as const })) };
    const p = projectPresence(outboundOnly, viewer(name, channel), RULES, now);
    if (p.kind !== 'visible') throw new Error('refused');
    if (name !== 'ME' && p.state === 'ringing') throw new Error(`${name} sees outbound ringing`);
    if (name !== 'ME' && wire(p).includes('early')) throw new Error(`${name} gets early`);
    if (name === 'ME' && p.pickup) throw new Error('pickup offered to the caller');
  }));
});

void t.test('the projection is deterministic and ignores the order facts were listed in', async (t) => {
  holds(t, fc.property(factsArb, nowArb, fc.constantFrom<ViewerName>('C', 'CP', 'TL', 'OP', 'SV', 'ME'), channelArb, (f, now, name, channel) => {
    const v = viewer(name, channel);
    const a = projectPresence(f, v, RULES, now);
    const copy: UserFacts = { ...structuredClone(f), calls: [...f.calls].reverse(), absences: [...f.absences].reverse() };
    const b = projectPresence(copy, v, RULES, now);
    const strip = (p: Projection): unknown => (p.kind === 'visible' ? { ...p, own: undefined } : p);
    if (JSON.stringify(strip(a)) !== JSON.stringify(strip(b))) throw new Error('differs');
    if (JSON.stringify(a) !== JSON.stringify(projectPresence(f, v, RULES, now))) throw new Error('not repeatable');
  }));
});

void t.test('a refusal is the same whatever the facts', async (t) => {
  holds(t, fc.property(factsArb, factsArb, nowArb, channelArb, fc.constantFrom({ user: '7777' }, { user: '9000', roles: ['supervisor' as const] }),
    (f1, f2, now, channel, who) => {
      const a = projectPresence(f1, { ...who, channel }, RULES, now);
      const b = projectPresence(f2, { ...who, channel }, RULES, now);
      if (a.kind !== 'refused' || JSON.stringify(a) !== JSON.stringify(b)) throw new Error('refusal depends on facts');
    }));
});

void t.test('notifyNeeded is true exactly when the body the watcher gets would change', async (t) => {
  holds(t, fc.property(factsArb, factsArb, nowArb, fc.constantFrom<ViewerName>('C', 'CP', 'TL', 'OP', 'ME'), channelArb, (f1, f2, now, name, channel) => {
    if (name === 'ME' && (channel === 'api' || channel === 'panel')) return; // own facts: any change notifies
    const a = projectPresence(f1, viewer(name, channel), RULES, now);
    const b = projectPresence(f2, viewer(name, channel), RULES, now);
    if (notifyNeeded(a, b) !== (body(a) !== body(b))) throw new Error(`${body(a)}\nvs\n${body(b)}`);
  }), 2000);
});

// Changes of facts that §5.2 hides from every watcher but the user.
const hiddenChange: fc.Arbitrary<(f: UserFacts) => UserFacts> = fc.oneof(
  fc.record({ party: callArb.map((c) => c.party), scope: fc.constantFrom('internal' as const, 'external' as const), held: fc.boolean(), id: fc.uuid(), startedAt: instantArb })
    .map((x) => (f: UserFacts) => ({ ...f, calls: f.calls.map((c, i) => (i === 0 ? { ...c, ...x } : c)) })),
  fc.constantFrom('inbound' as const, 'outbound' as const)
    .map((direction) => (f: UserFacts) => ({ ...f, calls: f.calls.map((c) => (c.state === 'early' ? c : { ...c, direction })) })),
  callArb.map((extra) => (f: UserFacts) => (f.calls.length === 0 ? f : { ...f, calls: [...f.calls, { ...extra, state: 'confirmed' as const }] })),
  absenceArb.map((x) => (f: UserFacts) => ({ ...f, absences: f.absences.map((a) => ({ ...a, id: x.id, reason: x.reason })) })),
  fc.constant((f: UserFacts) => ({ ...f, manual: { ...f.manual, note: f.manual.shareNote ? f.manual.note : 'other' } })),
  fc.integer({ min: 1, max: 5 }).map((n) => (f: UserFacts) => (f.devices.reachable === 0 ? f : { ...f, devices: { registered: f.devices.registered + n, reachable: f.devices.reachable } })),
);

void t.test('a change of hidden facts only sends no NOTIFY and no event to colleagues, leads and operators', async (t) => {
  holds(t, fc.property(factsArb, hiddenChange, nowArb, watcherArb, channelArb, (f, change, now, name, channel) => {
    const before = projectPresence(f, viewer(name, channel), RULES, now);
    const after = projectPresence(change(f), viewer(name, channel), RULES, now);
    if (notifyNeeded(before, after)) throw new Error(`${name} via ${channel}: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
  }), 2000);
});

void t.test('routing and hotline facts change nothing for viewers not allowed to see them', async (t) => {
  holds(t, fc.property(factsArb, forwardArb, fc.option(fc.constant('3555'), { nil: null }), nowArb, channelArb, (f, forward, substitute, now, channel) => {
    const g = { ...f, forward, substitute, agent: f.agent === null ? null : { ...f.agent, state: 'logged-out' as const } };
    for (const name of ['C', 'CP'] as const) {
      if (notifyNeeded(projectPresence(f, viewer(name, channel), RULES, now), projectPresence(g, viewer(name, channel), RULES, now))) {
        throw new Error(`${name} via ${channel}`);
      }
    }
  }));
});

void t.test('no projection changes between now and nextPresenceChange without an input', async (t) => {
  holds(t, fc.property(factsArb, nowArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom<ViewerName>('C', 'CP', 'TL', 'OP', 'ME'), channelArb,
    (f, now, frac, name, channel) => {
      const next = nextPresenceChange(f, now) ?? now + 60 * 86_400_000;
      const later = now + Math.floor((next - now - 1) * frac);
      const a = projectPresence(f, viewer(name, channel), RULES, now);
      const b = projectPresence(f, viewer(name, channel), RULES, later);
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`changed at ${later - now} ms before ${next - now}`);
    }));
});

const eventArb: fc.Arbitrary<FactEvent> = fc.oneof(
  fc.integer({ min: 0, max: 3 }).chain((registered) => fc.integer({ min: 0, max: registered })
    .map((reachable): FactEvent => ({ kind: 'devices.changed', user: TARGET, registered, reachable }))),
  fc.record({ id: fc.constantFrom('a', 'b', 'c'), state: fc.constantFrom('trying', 'early', 'confirmed', 'terminated'), c: callArb })
    .map(({ id, state, c }): FactEvent => ({ kind: 'call.updated', user: TARGET, call: { ...c, id, state } })),
  fc.boolean().map((on): FactEvent => ({ kind: 'dnd.changed', user: TARGET, on })),
  absenceArb.map((absence): FactEvent => ({ kind: 'absence.set', user: TARGET, absence })),
  fc.option(fc.constant('x'), { nil: null }).map((id): FactEvent => ({ kind: 'absence.cleared', user: TARGET, id })),
  fc.constant<FactEvent>({ kind: 'clock.tick', user: TARGET }),
);

void t.test('the reducer keeps its invariants and is idempotent for every input', async (t) => {
  holds(t, fc.property(fc.array(fc.tuple(eventArb, fc.integer({ min: 0, max: 3_600_000 })), { maxLength: 30 }), nowArb, (steps, start) => {
    let f = emptyFacts(TARGET);
    let now = start;
    for (const [event, dt] of steps) {
      now += dt;
      f = applyFact(f, event, now);
      if (applyFact(f, event, now) !== f) throw new Error(`${event.kind} not idempotent`);
      if (!Object.isFrozen(f) || !Object.isFrozen(f.calls) || !Object.isFrozen(f.absences)) throw new Error('not frozen');
      const ids = f.calls.map((c) => c.id);
      if (ids.join() !== [...new Set(ids)].sort().join()) throw new Error('calls not unique and sorted');
      if (f.absences.some((a) => a.until !== null && a.until <= now)) throw new Error('ended absence kept');
    }
  }));
});

