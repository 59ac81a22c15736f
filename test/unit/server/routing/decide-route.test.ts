import t from 'tap';
import { decideRoute, decideTarget, type RoutePlan, type RuntimeFacts } from '../../../../server/src/routing/index.js';
import type { CallContext } from '../../../../server/src/domain/call-context.js';
import type { E164 } from '../../../../server/src/domain/e164.js';
import { loadFixture } from './site.js';

const site = loadFixture('routing-site.yaml');
const MON_9 = Date.parse('2026-01-05T09:00:00+01:00');
const EPIPHANY = Date.parse('2026-01-06T09:00:00+01:00');
const XMAS_EVE = Date.parse('2026-12-24T09:00:00+01:00');
const SATURDAY = Date.parse('2026-01-10T10:00:00+01:00');

const from = (extension: string, to: string): CallContext => ({ from: { kind: 'internal', extension }, to });
const inbound = (to: string, number: string | null = '+4989555000', trunk = 'carrier'): CallContext => ({ from: { kind: 'trunk', trunk, number }, to });
const route = (call: CallContext, now = MON_9, runtime?: RuntimeFacts): RoutePlan => decideRoute(call, site, now, runtime);

void t.test('internal calls to users ring them, then voicemail or reject by the user\'s settings', async (t) => {
  t.same(route(from('3001', '3002')).steps, [{
    kind: 'user', extension: '3002', ringSec: 25, devices: true, mobile: false,
    onBusy: [{ kind: 'voicemail', mailbox: '3002', greeting: 'busy' }],
    onNoAnswer: [{ kind: 'voicemail', mailbox: '3002', greeting: 'unavailable' }],
  }], 'a user with a mailbox');
  t.same(route(from('3001', '3003')).steps, [{
    kind: 'user', extension: '3003', ringSec: 60, devices: true, mobile: false,
    onBusy: [{ kind: 'reject', reason: 'busy', status: 486, phrase: 'Busy Here' }],
    onNoAnswer: [{ kind: 'reject', reason: 'no-answer', status: 480, phrase: 'Temporarily Unavailable' }],
  }], 'a user without a mailbox rings site.maxRingSec, then 486/480');
  t.match(route(from('3001', '3004')).steps, [{ kind: 'user', extension: '3004', mobile: true, devices: true }], 'ringMobile also');
  const notRegistered = route(from('3001', '3004'), MON_9, { users: { '3004': { registered: false } } });
  t.match(notRegistered.steps, [{ kind: 'user', devices: false, mobile: true }], 'no device registered: only the mobile rings');
  t.same(route(from('3001', '3002'), MON_9, { users: { '3002': { registered: false } } }).steps,
    [{ kind: 'voicemail', mailbox: '3002', greeting: 'unavailable' }], 'no device and no mobile: straight to the mailbox');
  t.match(route(from('3001', '3002'), MON_9, { users: { '3002': { registered: false } } }).explain, ['call from 3001 to 3002', 'user 3002 (Bernd Beispiel)', 'user 3002 has no registered device']);
});

void t.test('a mobile number never appears in a plan or its explain trail', async (t) => {
  for (const call of [from('3001', '3004'), from('3002', '3001'), inbound('+49803162992', '+491701234567')]) {
    const text = JSON.stringify(route(call));
    t.notMatch(text, /1701234567|1607654321/, `${call.to}: no private mobile`);
  }
  const toMobile: RuntimeFacts = { users: { '3001': { forwarding: { always: { kind: 'external', number: '+491701234567' as E164 } } } } };
  t.notMatch(route(from('3002', '3001'), MON_9, toMobile).explain.join('\n'), /1701234567/, 'a forward to the own mobile names the owner in explain');
  t.match(route(from('3002', '3001'), MON_9, toMobile).explain, ['call from 3002 to 3001', 'user 3001 (Anna Muster)', 'user 3001 forwards always to the mobile of 3001 (feature code)', 'forward to the mobile of 3001 via trunk carrier']);
});

void t.test('DND and forwarding: feature-code state wins over the dialplan', async (t) => {
  const rows: [string, RuntimeFacts, string, unknown][] = [
    ['DND with a mailbox goes to the mailbox', { users: { '3002': { dnd: true } } }, '3002', [{ kind: 'voicemail', mailbox: '3002', greeting: 'unavailable' }]],
    ['DND without a mailbox looks unreachable (480), never like a refusal', { users: { '3003': { dnd: true } } }, '3003', [{ kind: 'reject', reason: 'do-not-disturb', status: 480, phrase: 'Temporarily Unavailable' }]],
    ['*21 to an internal number rings that user as a diversion', { users: { '3002': { forwarding: { always: { kind: 'internal', number: '3007' } } } } }, '3002',
      [{ kind: 'user', extension: '3007', diversion: { by: { kind: 'user', extension: '3002' }, reason: 'unconditional', hops: 1 } }]],
    ['*21 to an external number forwards through the outbound trunk', { users: { '3002': { forwarding: { always: { kind: 'external', number: '+4917012121212' as E164 } } } } }, '3002',
      [{ kind: 'forward', number: '+4917012121212', trunk: 'carrier', diversion: { by: { kind: 'user', extension: '3002' }, reason: 'unconditional', hops: 1 } }]],
    ['the dialplan forward always applies without runtime state', {}, '3005',
      [{ kind: 'forward', number: '+498912345678', trunk: 'carrier', diversion: { by: { kind: 'user', extension: '3005' }, reason: 'unconditional', hops: 1 } }]],
    ['#21 cancels the dialplan forward as well', { users: { '3005': { forwarding: { always: null } } } }, '3005', [{ kind: 'user', extension: '3005' }]],
    ['forwarding on busy and no answer from the dialplan', {}, '3006', [{
      kind: 'user', extension: '3006', ringSec: 12,
      onBusy: [{ kind: 'user', extension: '3002', diversion: { by: { kind: 'user', extension: '3006' }, reason: 'user-busy', hops: 1 } }],
      onNoAnswer: [{ kind: 'hotline', number: '4100', diversion: { by: { kind: 'user', extension: '3006' }, reason: 'no-answer', hops: 1 } }],
    }]],
    ['*67 at run time replaces the dialplan busy forward', { users: { '3006': { forwarding: { busy: { kind: 'internal', number: '600' } } } } }, '3006',
      [{ kind: 'user', onBusy: [{ kind: 'huntGroup', number: '600', diversion: { reason: 'user-busy' } }] }]],
  ];
  for (const [why, runtime, to, expected] of rows) t.match(route(from('3001', to), MON_9, runtime).steps, expected, why);
});

void t.test('forwarding loops and long chains end in 482 and 483', async (t) => {
  const loop: RuntimeFacts = { users: {
    '3002': { forwarding: { always: { kind: 'internal', number: '3007' } } },
    '3007': { forwarding: { always: { kind: 'internal', number: '3002' } } },
  } };
  const plan = route(from('3001', '3002'), MON_9, loop);
  t.same(plan.steps, [{ kind: 'reject', reason: 'loop', status: 482, phrase: 'Loop Detected' }]);
  t.match(plan.explain.at(-1), 'loop: user 3002 reached again on this path');
  const chain = ['3001', '3002', '3003', '3004', '3005', '3006', '3007'];
  const users = Object.fromEntries(chain.slice(0, -1).map((ext, i) => [ext, { forwarding: { always: { kind: 'internal' as const, number: chain[i + 1] as string } } }]));
  t.same(route(from('3007', '3001'), MON_9, { users }).steps, [{ kind: 'reject', reason: 'too-many-hops', status: 483, phrase: 'Too Many Hops' }]);
});

void t.test('hotline numbers follow the time plan and name the reason when closed', async (t) => {
  const open = route(from('3007', '4100'));
  t.same(open.steps, [{ kind: 'hotline', number: '4100' }]);
  t.match(open.explain, [String, 'hotline 4100 (Bürgerbüro) open, time plan rathaus until Mon 2026-01-05 12:00']);
  const holiday = route(from('3007', '4100'), EPIPHANY);
  t.same(holiday.steps, [{ kind: 'voicemail', mailbox: '4100', greeting: 'unavailable', diversion: { by: { kind: 'hotline', number: '4100' }, reason: 'time-of-day', hops: 1 } }]);
  t.same(holiday.explain.slice(1), [
    'hotline 4100 (Bürgerbüro) closed: public holiday Heilige Drei Könige (BY), time plan rathaus; opens Wed 2026-01-07 08:00',
    'after hours: { voicemail: 4100 }',
    'mailbox 4100',
  ]);
  t.match(route(from('3007', '4100'), XMAS_EVE).explain[1], /closed: closed day 12-24/);
  t.match(route(from('3007', '4100'), SATURDAY).explain[1], /closed: outside opening hours \(sat\)/);
  t.same(route(from('3007', '4200'), SATURDAY).steps, [{ kind: 'reject', reason: 'closed', status: 480, phrase: 'Temporarily Unavailable' }], 'closed without afterHours');
});

void t.test('hunt groups leave out members who cannot ring', async (t) => {
  t.same(route(from('3001', '600')).steps, [{
    kind: 'huntGroup', number: '600', strategy: 'linear', totalSec: 60,
    members: [{ kind: 'user', extension: '3002', ringSec: 15 }, { kind: 'user', extension: '3007', ringSec: 15 }, { kind: 'external', number: '+491609999999', ringSec: 25 }],
    onNoAnswer: [{ kind: 'voicemail', mailbox: '600', greeting: 'unavailable', diversion: { by: { kind: 'huntGroup', number: '600' }, reason: 'no-answer', hops: 1 } }],
  }]);
  const plan = route(from('3001', '600'), MON_9, { users: { '3002': { dnd: true }, '3007': { registered: false } } });
  t.match(plan.steps, [{ kind: 'huntGroup', members: [{ kind: 'external' }] }]);
  const [step] = plan.steps;
  t.equal(step?.kind === 'huntGroup' ? step.members.length : -1, 1, 'only the external member rings');
  t.ok(plan.explain.includes('hunt group 600: member 3002 skipped (do-not-disturb)'));
});

void t.test('outbound numbers are normalised to E.164 and carry CLIR', async (t) => {
  const rows: [string, string, string, boolean][] = [
    ['3001', '0089123456', '+4989123456', false],
    ['3001', '0 089 / 123 456', '+4989123456', false],
    ['3001', '089123456', '+49803189123456', false],
    ['3001', '000441234567890', '+441234567890', false],
    ['3001', '0123456', '+498031123456', false],
    ['3001', '+4930123456', '+4930123456', false],
    ['3001', '#31#0089123456', '+4989123456', true],
    ['3003', '0089123456', '+4989123456', true],
  ];
  for (const [caller, dialled, number, clir] of rows) {
    t.match(route(from(caller, dialled)).steps, [{ kind: 'trunk', trunk: 'carrier', number, dialled, clir }], `${caller} dials ${dialled}`);
  }
  t.match(route(from('3001', '+49803162302')).steps, [{ kind: 'user', extension: '3002' }], 'our own DDI stays inside');
  t.match(route(from('3001', '00803162100')).steps, [{ kind: 'hotline', number: '4100' }], 'our own DDI dialled nationally stays inside');
  t.same(route(from('3001', '5555')).steps, [{ kind: 'reject', reason: 'unknown-number', status: 404, phrase: 'Not Found' }]);
});

void t.test('emergency numbers are always routed, never withheld, from any caller', async (t) => {
  const rows: [CallContext, string][] = [
    [from('3001', '112'), '112'], [from('3001', '0112'), '112'], [from('3001', '110'), '110'], [from('3001', '0110'), '110'],
    [from('3003', '112'), '112'], [from('3001', '#31#112'), '112'], [from('9999', '112'), '112'], [{ from: { kind: 'system' }, to: '112' }, '112'],
  ];
  for (const [call, number] of rows) {
    const plan = route(call, MON_9, { users: { '3001': { dnd: true, forwarding: { always: { kind: 'internal', number: '3002' } } } } });
    t.same(plan.steps, [{ kind: 'emergency', number, trunk: 'carrier', dialled: call.to }], `${call.to}`);
  }
  t.match(route(from('3003', '112')).explain, [String, 'emergency call 112: always routed, without area code', 'CLIR ignored: emergency calls always show the number (§15 TDDDG)']);
});

void t.test('feature codes are parsed with their argument and checked against the site', async (t) => {
  const rows: [string, string, unknown][] = [
    ['3001', '*414100', { kind: 'feature', code: '*41', by: '3001', feature: 'hotline-login', hotline: '4100' }],
    ['3002', '*424100', { kind: 'feature', code: '*42', by: '3002', feature: 'hotline-logout', hotline: '4100' }],
    ['3007', '*414100', { kind: 'reject', reason: 'forbidden', status: 403 }],
    ['3001', '*414999', { kind: 'reject', reason: 'unknown-number', status: 404 }],
    ['3001', '*41', { kind: 'reject', reason: 'incomplete-number', status: 484 }],
    ['3001', '*43', { kind: 'feature', feature: 'hotline-pause' }],
    ['3001', '*44', { kind: 'feature', feature: 'wrap-up-end' }],
    ['3001', '*45', { kind: 'feature', feature: 'agent-service', by: '3001' }],
    ['3001', '*213002', { kind: 'feature', code: '*21', feature: 'forward-set', which: 'always', destination: { kind: 'internal', number: '3002' } }],
    ['3001', '*21001701234567', { kind: 'feature', feature: 'forward-set', destination: { kind: 'external', number: '+491701234567' } }],
    ['3001', '*67600', { kind: 'feature', feature: 'forward-set', which: 'busy', destination: { kind: 'internal', number: '600' } }],
    ['3001', '*61003012345', { kind: 'feature', feature: 'forward-set', which: 'noAnswer', destination: { kind: 'external', number: '+493012345' } }],
    ['3001', '*210112', { kind: 'reject', reason: 'forbidden' }],
    ['3001', '*213001', { kind: 'reject', reason: 'loop' }],
    ['3001', '#21', { kind: 'feature', feature: 'forward-clear', which: 'always' }],
    ['3001', '#67', { kind: 'feature', feature: 'forward-clear', which: 'busy' }],
    ['3001', '#61', { kind: 'feature', feature: 'forward-clear', which: 'noAnswer' }],
    ['3001', '*26', { kind: 'feature', feature: 'dnd', on: true }],
    ['3001', '#26', { kind: 'feature', feature: 'dnd', on: false }],
    ['3001', '*83002', { kind: 'feature', feature: 'pickup', extension: '3002' }],
    ['3004', '*83001', { kind: 'feature', feature: 'pickup', extension: '3001' }],
    ['3001', '*83007', { kind: 'reject', reason: 'forbidden' }],
    ['3003', '*83002', { kind: 'reject', reason: 'forbidden' }],
    ['3001', '*98', { kind: 'feature', feature: 'voicemail', mailbox: '3001' }],
    ['3001', '*99', { kind: 'reject', reason: 'unknown-number' }],
  ];
  for (const [caller, dialled, step] of rows) {
    const plan = route(from(caller, dialled));
    t.equal(plan.steps.length, 1);
    t.match(plan.steps[0], step, `${caller} dials ${dialled}`);
  }
  t.same(route({ from: { kind: 'system' }, to: '*26' }).steps[0], { kind: 'reject', reason: 'forbidden', status: 403, phrase: 'Forbidden' }, 'no feature codes without a caller');
});

void t.test('inbound calls: the called DDI in any carrier format reaches its owner', async (t) => {
  const rows: [CallContext, unknown][] = [
    [inbound('+49803162100'), { kind: 'hotline', number: '4100' }],
    [inbound('49803162100'), { kind: 'hotline', number: '4100' }],
    [inbound('0803162100', '089555000', 'gateway'), { kind: 'hotline', number: '4100' }],
    [inbound('100'), { kind: 'hotline', number: '4100' }],
    [inbound('+49803162301'), { kind: 'user', extension: '3001' }],
    [inbound('+49803162600'), { kind: 'huntGroup', number: '600' }],
    [inbound('+498031620'), { kind: 'ivr', menu: 'main' }],
    [inbound('+49803162555'), { kind: 'reject', reason: 'unknown-number', status: 404 }],
    [inbound('+4989777777'), { kind: 'reject', reason: 'unknown-number', status: 404 }],
    [inbound('+49803162100', null, 'nowhere'), { kind: 'reject', reason: 'forbidden', status: 403 }],
  ];
  for (const [call, step] of rows) t.match(route(call).steps, [step], `${call.from.kind === 'trunk' ? call.from.trunk : ''} -> ${call.to}`);
  t.match(route(inbound('49803162100', '4989555000')).explain[0], 'inbound on trunk carrier from +4989555000 to +49803162100');
  t.match(route(inbound('49803162100', null)).explain[0], 'from a withheld number');
});

void t.test('service numbers recognise callers by their stored mobile but always ask the PIN', async (t) => {
  t.match(route(inbound('+49803162992', '491701234567')).steps, [{ kind: 'feature', feature: 'call-through', recognised: '3001', by: null }]);
  t.match(route(inbound('+49803162992', '491607654321')).steps, [{ kind: 'feature', feature: 'call-through', recognised: null }], '3004 may not call through');
  t.match(route(inbound('+49803162992', null)).steps, [{ kind: 'feature', feature: 'call-through', recognised: null }]);
  t.match(route(inbound('+49803162991', '491607654321')).steps, [{ kind: 'feature', feature: 'agent-service', by: '3004' }]);
  t.match(route(inbound('+49803162990', '491701234567')).steps, [{ kind: 'feature', feature: 'voicemail', mailbox: '3001' }]);
  t.match(route(inbound('+49803162990', '4989111')).steps, [{ kind: 'feature', feature: 'voicemail', mailbox: null }]);
});

void t.test('the emergency callback number rings the recent emergency caller for 60 minutes', async (t) => {
  const runtime: RuntimeFacts = { emergencyCallbacks: [{ extension: '3002', until: MON_9 + 60 * 60_000 }] };
  t.match(route(inbound('+49803162999', '112'), MON_9 + 10 * 60_000, runtime).steps, [{ kind: 'user', extension: '3002' }]);
  t.match(route(inbound('+49803162999', '112'), MON_9 + 61 * 60_000, runtime).steps, [{ kind: 'ivr', menu: 'main' }], 'afterwards: the main number');
});

void t.test('decideTarget routes a menu option; a forward out diverts on behalf of the site', async (t) => {
  const plan = decideTarget({ forward: '+4930123456' } as never, site, MON_9);
  t.same(plan.steps, [{ kind: 'forward', number: '+4930123456', trunk: 'carrier', diversion: { by: { kind: 'site' }, reason: 'unknown', hops: 1 } }]);
  t.same(decideTarget({ hotline: '4100' } as never, site, EPIPHANY).steps[0], { kind: 'voicemail', mailbox: '4100', greeting: 'unavailable', diversion: { by: { kind: 'hotline', number: '4100' }, reason: 'time-of-day', hops: 1 } });
});
