// The leak tests of reference/presence.md §5.3, as far as they can be decided on the pure core
// (projection + bodies). The SIP, HTTP and browser halves belong to the adapters' tests.
import t from 'tap';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  CHANNELS, emptyAggregate, applyEvent, mayPickup, mayWatch, notifyNeeded, opaqueId, presenceRulesSchema, projectPresence,
  renderDialogInfo, renderMessageSummary, renderPidf, renderPresenceJson, summarizeHotline,
} from '../../../../server/src/presence/index.js';
import type { CallFact, Channel, Projection, UserFacts } from '../../../../server/src/presence/index.js';
import { factsArb, nowArb } from './arbitraries.js';
import { DAY, RULES, T0, call, facts, viewer } from './fixtures.js';
import type { ViewerName } from './fixtures.js';

const KEY = 'subscription-of-3003-on-3001';
const CTX = { entity: 'sip:3001@rathaus.example', subscriptionKey: KEY };
const HANDLE = { token: 'pk-7f3a9c', targetUri: 'sip:pickup@rathaus.example' };
const WATCHERS: readonly ViewerName[] = ['C', 'CP', 'TL', 'OP'];
const UUID = '3f2b8c1e-9d4a-4f7b-8e2c-1a6d5b9e0c47';

function project(f: UserFacts, name: ViewerName, channel: Channel): Projection {
  return projectPresence(f, viewer(name, channel), RULES, T0);
}
function dialogBody(f: UserFacts, name: ViewerName, version = 5): string {
  const p = project(f, name, 'sip-dialog');
  return renderDialogInfo(p, CTX, version, p.kind === 'visible' && p.pickup ? HANDLE : undefined);
}
function pidfBody(f: UserFacts, name: ViewerName): string {
  return renderPidf(project(f, name, 'sip-presence'), CTX);
}

const combos = (['internal', 'external'] as const).flatMap((scope) => (['inbound', 'outbound'] as const).map((direction) => ({ scope, direction })));
const onCall = (extra: Partial<CallFact>): UserFacts =>
  facts({ calls: [call({ id: UUID, party: extra.scope === 'internal' ? '3777' : '+4989987654', ...extra })] });

void t.test('§5.3 test 1: a colleague\'s dialog NOTIFY during an external inbound call carries the state only', async (t) => {
  const body = dialogBody(onCall({ scope: 'external', direction: 'inbound' }), 'C');
  for (const forbidden of ['direction', 'call-id', 'local-tag', 'remote-tag', '<local>', '<remote>', '<identity>', '<target', UUID, '+4989987654']) {
    t.notOk(body.includes(forbidden), `no ${forbidden}`);
  }
  t.match(body, `<dialog id="${opaqueId(KEY)}">`, 'the dialog id comes from the subscription key');
  const other = dialogBody(onCall({ id: 'another-leg', scope: 'external', direction: 'inbound' }), 'C');
  t.equal(other, body, 'another call (other leg id) gives the same dialog id and body');
});

void t.test('§5.3 test 2: internal/external and inbound/outbound calls give byte-identical bodies', async (t) => {
  for (const name of WATCHERS) {
    for (const state of ['confirmed', 'trying'] as const) {
      const bodies = combos.map((c) => dialogBody(onCall({ ...c, state }), name));
      t.equal(new Set(bodies).size, 1, `${name} dialog, ${state}`);
      const pidfs = combos.map((c) => pidfBody(onCall({ ...c, state }), name));
      t.equal(new Set(pidfs).size, 1, `${name} PIDF, ${state}`);
      const json = combos.map((c) => JSON.stringify(renderPresenceJson(project(onCall({ ...c, state }), name, 'api'))));
      t.equal(new Set(json).size, 1, `${name} API, ${state}`);
    }
  }
  const ringing = combos.map((c) => dialogBody(onCall({ ...c, state: 'early' }), 'C'));
  t.equal(new Set(ringing).size, 1, 'a colleague without pickup cannot tell ringing in from ringing out');
  const v1 = dialogBody(onCall({ scope: 'internal', direction: 'inbound' }), 'C', 1);
  const v2 = dialogBody(onCall({ scope: 'external', direction: 'outbound' }), 'C', 2);
  t.equal(v1.replace('version="1"', 'version="2"'), v2, 'apart from version, nothing differs');
});

void t.test('§5.3 test 3: outbound ringing yields early to the user only', async (t) => {
  for (const scope of ['internal', 'external'] as const) {
    const f = onCall({ scope, direction: 'outbound', state: 'early' });
    for (const name of WATCHERS) {
      t.notMatch(dialogBody(f, name), /early/, `${name}: no blinking lamp`);
      for (const channel of CHANNELS) {
        const p = project(f, name, channel);
        t.same(p.kind === 'visible' && [p.state, p.pickup], ['busy', false], `${name} via ${channel}`);
      }
    }
    t.match(dialogBody(f, 'ME'), '<state>early</state>', 'the caller\'s own lamp blinks');
  }
});

void t.test('§5.3 test 4: ringing is confirmed without pickup, early with token and anonymous identity with pickup', async (t) => {
  const f = onCall({ scope: 'external', direction: 'inbound', state: 'early' });
  for (const name of ['C', 'TL'] as const) {
    const p = project(f, name, 'sip-dialog');
    const body = renderDialogInfo(p, CTX, 0, HANDLE);
    t.match(body, '<state>confirmed</state>', `${name}: confirmed`);
    t.notOk(body.includes(HANDLE.token), `${name}: the token is never rendered without the right`);
  }
  for (const name of ['CP', 'OP'] as const) {
    const body = dialogBody(f, name);
    t.match(body, '<state>early</state>', `${name}: early`);
    t.match(body, `call-id="${HANDLE.token}"`, `${name}: the watcher's own token`);
    t.match(body, '<identity>sip:anonymous@anonymous.invalid</identity>', `${name}: anonymous caller`);
    t.notOk(body.includes('+4989987654') || body.includes(UUID), `${name}: no party, no leg id`);
  }
});

void t.test('§5.3 test 5 (pure half): pickup needs the right and an early call', async (t) => {
  t.equal(mayPickup('3003', '3001', RULES), false, 'colleague in a team without pickup');
  t.equal(mayPickup('3004', '3001', RULES), false, 'team lead who is no member of the pickup team');
  t.equal(mayPickup('3001', '3001', RULES), false, 'one\'s own call');
  t.equal(mayPickup('3002', '3001', RULES), true, 'member of the pickup team');
  const confirmed = project(onCall({ state: 'confirmed' }), 'CP', 'sip-dialog');
  t.equal(confirmed.kind === 'visible' && confirmed.pickup, false, 'no pickup token for a confirmed call');
});

void t.test('§5.3 test 6 (pure half): no relation means refusal, and a refusal cannot be rendered', async (t) => {
  t.equal(mayWatch({ user: '7777' }, '3001', RULES), false);
  const p = projectPresence(onCall({}), { user: '7777', channel: 'sip-dialog' }, RULES, T0);
  t.same(p, { kind: 'refused', user: '3001', channel: 'sip-dialog', reason: 'no-relation' });
  t.throws(() => renderDialogInfo(p, CTX, 0));
});

void t.test('§5.3 test 7: sick, holiday, training, trip, DND, no device and away give identical closed PIDF', async (t) => {
  const absent = (reason: 'sick' | 'holiday' | 'training' | 'business-trip'): UserFacts =>
    facts({ absences: [{ id: 'a1', reason, from: T0 - DAY, until: T0 + 9 * DAY }] });
  const cases: [string, UserFacts][] = [
    ['sick', absent('sick')], ['holiday', absent('holiday')], ['training', absent('training')], ['business trip', absent('business-trip')],
    ['sick, open-ended', facts({ absences: [{ id: 'a2', reason: 'sick', from: T0 - 3 * DAY, until: null }] })],
    ['DND', facts({ dnd: true })], ['no device', facts({ devices: { registered: 0, reachable: 0 } })],
    ['manual away', facts({ manual: { status: 'away', note: 'Arzttermin', shareNote: false } })],
  ];
  for (const name of WATCHERS) {
    const bodies = cases.map(([, f]) => pidfBody(f, name));
    t.equal(new Set(bodies).size, 1, `${name}: one body for every cause`);
    t.match(bodies[0], '<basic>closed</basic>');
    for (const forbidden of ['rpid', 'mood', 'note', 'from', 'until', 'user-input', 'timestamp', 'Arzttermin']) {
      t.notOk(bodies[0]?.includes(forbidden), `${name}: no ${forbidden}`);
    }
    const dialogs = cases.map(([, f]) => dialogBody(f, name));
    t.equal(new Set(dialogs).size, 1, `${name}: one dialog body for every cause`);
    const json = cases.map(([, f]) => JSON.stringify(project(f, name, 'panel')));
    t.equal(new Set(json).size, 1, `${name}: one panel projection for every cause`);
  }
});

void t.test('§5.3 test 8: PIDF during a call carries no number, name or call text', async (t) => {
  for (const c of combos) {
    const body = pidfBody(onCall(c), 'C');
    for (const forbidden of ['3777', '+4989987654', 'Talk', 'note']) t.notOk(body.includes(forbidden), `${c.scope} ${c.direction}: no ${forbidden}`);
  }
});

void t.test('§5.3 test 9: changes of hidden facts send nothing to colleagues, leads and operators', async (t) => {
  const sick = (until: number): UserFacts => facts({ absences: [{ id: 'a', reason: 'sick', from: T0 - DAY, until }], substitute: '3002' });
  const changes: [string, UserFacts, UserFacts][] = [
    ['internal call transferred to an external party', onCall({ scope: 'internal' }), onCall({ scope: 'external', party: '+4930123456' })],
    ['call put on hold', onCall({}), onCall({ held: true })],
    ['second call', onCall({}), facts({ calls: [call({ id: UUID }), call({ id: 'z', direction: 'outbound' })] })],
    ['absence reason edited', sick(T0 + DAY), facts({ absences: [{ id: 'a', reason: 'holiday', from: T0 - DAY, until: T0 + DAY }], substitute: '3002' })],
    ['absence extended', sick(T0 + DAY), sick(T0 + 20 * DAY)],
    ['absence replaced by DND', sick(T0 + DAY), facts({ dnd: true, substitute: '3002' })],
    ['a second device registered', facts(), facts({ devices: { registered: 2, reachable: 2 } })],
  ];
  for (const [what, before, after] of changes) {
    for (const name of WATCHERS) {
      for (const channel of CHANNELS) {
        t.equal(notifyNeeded(project(before, name, channel), project(after, name, channel)), false, `${what}: ${name} via ${channel}`);
      }
    }
  }
});

void t.test('§5.3 test 10: two concurrent calls produce one <dialog> element', async (t) => {
  const two = facts({ calls: [call({ id: 'a' }), call({ id: 'b', state: 'early', direction: 'outbound' })] });
  for (const name of [...WATCHERS, 'ME'] as const) t.equal(dialogBody(two, name).match(/<dialog /g)?.length, 1, name);
});

// A strict schema per viewer class, as the API must declare it (no extra properties).
const state = z.enum(['available', 'busy', 'ringing', 'unreachable']);
const colleagueJson = z.strictObject({ user: z.string(), state, pickup: z.string().optional(), note: z.string().optional() });
const JSON_SCHEMAS: Record<'C' | 'CP' | 'TL' | 'OP', z.ZodType> = {
  C: colleagueJson,
  CP: colleagueJson,
  TL: colleagueJson.extend({ hotlineLoggedIn: z.boolean().optional() }),
  OP: colleagueJson.extend({
    substitute: z.string().optional(),
    forward: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('user'), user: z.string() }), z.strictObject({ kind: z.literal('voicemail') }),
      z.strictObject({ kind: z.literal('external') }),
    ]).optional(),
  }),
};

void t.test('§5.3 test 11 (pure half): every API payload validates against a strict schema of its viewer class', async (t) => {
  const details = fc.check(fc.property(factsArb, nowArb, fc.constantFrom('C', 'CP', 'TL', 'OP') as fc.Arbitrary<'C' | 'CP' | 'TL' | 'OP'>,
    fc.constantFrom<Channel>('api', 'panel'), (f, now, name, channel) => {
      const p = projectPresence(f, viewer(name, channel), RULES, now);
      JSON_SCHEMAS[name].parse(renderPresenceJson(p, p.kind === 'visible' && p.pickup ? 'tok' : undefined));
    }), { numRuns: 1000 });
  t.equal(details.failed, false, details.failed ? fc.defaultReportMessage(details) ?? 'failed' : 'valid');
});

void t.test('§5.3 test 13 (pure half): supervisors in works-council mode get no per-person view and small groups stay hidden', async (t) => {
  for (const channel of CHANNELS) {
    t.same(project(onCall({}), 'SV', channel), { kind: 'refused', user: '3001', channel, reason: 'works-council-mode' }, channel);
  }
  const agg = ['paused', 'paused', 'available'].reduce((a, s, i) => applyEvent(a, {
    kind: 'agent.changed', user: `50${i}`, agent: { state: s as 'paused' | 'available', hotlines: ['h'] },
  }, T0), emptyAggregate());
  const summary = summarizeHotline(agg, 'h', { user: '9000', roles: ['supervisor'] }, RULES);
  t.same(summary, { kind: 'suppressed', hotline: 'h' });
  t.notMatch(JSON.stringify(summary), /paus/);
});

void t.test('§5.3 test 14 (pure half): message-summary carries counts, never message headers', async (t) => {
  const body = renderMessageSummary({ account: 'sip:3001@rathaus.example', newCount: 3, oldCount: 1, urgentNew: 1 });
  t.equal(body.split('\r\n').filter((l) => l !== '').length, 3);
  t.notMatch(body, /From|To:|Subject|Date|Message-ID/);
});

void t.test('§5.3 test 15 (pure half): revoked relations narrow or refuse at the next projection', async (t) => {
  const ringing = onCall({ state: 'early' });
  const narrowed = presenceRulesSchema.parse({
    teams: [{ id: 'buergerbuero', members: ['3001', '3002'], leads: ['3004'], operators: ['3000'], pickup: false }],
  });
  const before = project(ringing, 'CP', 'sip-dialog');
  const afterPickupRemoved = projectPresence(ringing, viewer('CP', 'sip-dialog'), narrowed, T0);
  t.same(afterPickupRemoved.kind === 'visible' && [afterPickupRemoved.state, afterPickupRemoved.pickup], ['busy', false]);
  t.equal(notifyNeeded(before, afterPickupRemoved), true, 'the narrower projection is sent at once');
  t.equal(mayPickup('3002', '3001', narrowed), false, 'issued tokens must be checked against this');
  const left = projectPresence(ringing, viewer('C', 'sip-dialog'), narrowed, T0);
  t.same(left, { kind: 'refused', user: '3001', channel: 'sip-dialog', reason: 'no-relation' }, 'a colleague who left the team');
  t.equal(notifyNeeded(project(ringing, 'C', 'sip-dialog'), left), true, 'the adapter ends the subscription (reason=rejected)');
});

void t.test('§5.3 test 16 (pure half): the presence core cannot log', async (t) => {
  const dir = fileURLToPath(new URL('../../../../server/src/presence/', import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  t.ok(files.length >= 6, 'the sources were found');
  for (const file of files) {
    const src = readFileSync(`${dir}${file}`, 'utf8');
    t.notMatch(src, /console\.|from 'pino'|from "pino"|process\.std/, file);
  }
});
