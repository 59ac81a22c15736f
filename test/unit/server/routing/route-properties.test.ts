import t from 'tap';
import fc from 'fast-check';
import { decideRoute, explainRoute, dryRunCall, type RouteStep, type RuntimeFacts } from '../../../../server/src/routing/index.js';
import { REJECT_STATUS } from '../../../../server/src/domain/sip-status.js';
import type { CallContext } from '../../../../server/src/domain/call-context.js';
import { loadFixture } from './site.js';

const site = loadFixture('routing-site.yaml');
const extensions = site.users.map((u) => u.extension as string);
const dialled = fc.oneof(
  fc.stringMatching(/^[0-9*#+]{0,14}$/),
  fc.constantFrom('3001', '4100', '4200', '600', '800', '112', '0112', '#31#112', '*414100', '*83002', '+49803162100', '100'),
  fc.tuple(fc.constantFrom('*21', '*67', '*61', '*8', '*41', '#31#', '0', '00'), fc.stringMatching(/^[0-9]{0,12}$/)).map(([a, b]) => a + b),
);
const origin = fc.oneof(
  fc.constantFrom(...extensions, '9999').map((extension) => ({ kind: 'internal' as const, extension })),
  fc.record({ kind: fc.constant('trunk' as const), trunk: fc.constantFrom('carrier', 'gateway', 'x'), number: fc.option(fc.stringMatching(/^\+?[0-9]{3,14}$/), { nil: null }) }),
  fc.constant({ kind: 'system' as const }),
);
const facts = fc.dictionary(
  fc.constantFrom(...extensions),
  fc.record({
    registered: fc.boolean(),
    dnd: fc.boolean(),
    forwarding: fc.record({
      always: fc.option(fc.constantFrom(...extensions, '4100', '600').map((number) => ({ kind: 'internal' as const, number })), { nil: null }),
    }, { requiredKeys: [] }),
  }, { requiredKeys: [] }),
);
const instant = fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2028-01-01T00:00:00Z') });

function* allSteps(steps: readonly RouteStep[]): Generator<RouteStep> {
  for (const s of steps) {
    yield s;
    if (s.kind === 'user') { yield* allSteps(s.onBusy); yield* allSteps(s.onNoAnswer); }
    if (s.kind === 'huntGroup') yield* allSteps(s.onNoAnswer);
  }
}

void t.test('property: any call gets a non-empty plan whose rejects carry the table\'s status', async (t) => {
  fc.assert(
    fc.property(origin, dialled, instant, facts, (from, to, now, users) => {
      const call = { from, to } as CallContext;
      const runtime: RuntimeFacts = { users };
      const plan = decideRoute(call, site, now, runtime);
      if (plan.steps.length === 0 || plan.explain.length === 0) return false;
      for (const s of allSteps(plan.steps)) {
        if (s.kind === 'reject' && (REJECT_STATUS[s.reason].status !== s.status || REJECT_STATUS[s.reason].phrase !== s.phrase)) return false;
        if ('diversion' in s && s.diversion && (s.diversion.hops < 1 || s.diversion.hops > 5)) return false;
      }
      // Deterministic and JSON-ready.
      const again = decideRoute(call, site, now, runtime);
      return JSON.stringify(again) === JSON.stringify(plan) && JSON.stringify(JSON.parse(JSON.stringify(plan))) === JSON.stringify(plan);
    }),
    { numRuns: 3000 },
  );
  t.pass('3000 random calls');
});

void t.test('property: 110 and 112 are routed to the trunk whatever the caller and their state', async (t) => {
  fc.assert(
    fc.property(fc.constantFrom(...extensions, '9999'), fc.constantFrom('110', '112', '0110', '0112', '#31#112', '#31#0110'), instant, facts, (extension, to, now, users) => {
      const plan = decideRoute({ from: { kind: 'internal', extension }, to }, site, now, { users });
      return plan.steps.length === 1 && plan.steps[0]?.kind === 'emergency' && plan.steps[0].trunk === 'carrier';
    }),
    { numRuns: 1000 },
  );
  t.pass('1000 emergency calls');
});

void t.test('route explain has the JSON shape the CLI prints', async (t) => {
  const at = Date.parse('2026-01-06T09:00:00+01:00');
  const out = explainRoute(dryRunCall({ to: '4100' }, site), site, at);
  t.same(JSON.parse(JSON.stringify(out)), {
    steps: [{ kind: 'voicemail', mailbox: '4100', greeting: 'unavailable', diversion: { by: { kind: 'hotline', number: '4100' }, reason: 'time-of-day', hops: 1 } }],
    explain: [
      'call without caller (dry run) to 4100',
      'hotline 4100 (Bürgerbüro) closed: public holiday Heilige Drei Könige (BY), time plan rathaus; opens Wed 2026-01-07 08:00',
      'after hours: { voicemail: 4100 }',
      'mailbox 4100',
    ],
  });
  t.same(dryRunCall({ to: '3002', from: '3001' }, site).from, { kind: 'internal', extension: '3001' });
  t.same(dryRunCall({ to: '+49803162100', from: '+4989123' }, site).from, { kind: 'trunk', trunk: 'carrier', number: '+4989123' });
  t.same(dryRunCall({ to: '4100', from: '+4989123' }, site).from, { kind: 'system' }, 'a citizen cannot dial an internal number: simulated without caller');
});
