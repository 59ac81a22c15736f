import t from 'tap';
import { callThroughRequest, callThroughTarget } from '../../../../server/src/trunks/call-through.js';
import { callerStatusFor } from '../../../../server/src/trunks/trunk-call.js';
import { EmergencyCallbacks, EMERGENCY_CALLBACK_MS } from '../../../../server/src/trunks/emergency.js';
import { RuntimeFactsHolder } from '../../../../server/src/runtime-facts.js';
import { calleridSite } from './site.js';

const D = 'pbx.musterhausen.test';

void t.test('call-through digits: national, international, emergency numbers, and nothing else', async (t) => {
  const site = calleridSite();
  const cases: [string, ReturnType<typeof callThroughTarget>][] = [
    ['089123456', { kind: 'external', number: '+4989123456' as never }],
    ['004930123456', { kind: 'external', number: '+4930123456' as never }],
    ['112', { kind: 'emergency', number: '112' }],
    ['#31#110', { kind: 'emergency', number: '110' }],
    ['*21', { kind: 'invalid' }], ['', { kind: 'invalid' }], ['0', { kind: 'invalid' }],
  ];
  for (const [digits, want] of cases) t.same(callThroughTarget(site, digits), want, digits);
});

void t.test('a call-through call presents the user\'s DDI, never the mobile; 112 through it the callback number', async (t) => {
  const site = calleridSite();
  const anna = site.index.users.get('3001')!;
  const out = callThroughRequest(site, anna, { kind: 'external', number: '+4989123456' as never })!;
  t.same(out.headers, { From: `"Stadt Musterhausen" <sip:+49803162301@${D}>`, 'P-Asserted-Identity': `<sip:+49803162301@${D}>`, Privacy: 'none', To: '<sip:+4989123456@127.0.0.1:5090>' });
  t.notMatch(JSON.stringify(out), /491701234567/);
  const sos = callThroughRequest(site, anna, { kind: 'emergency', number: '112' })!;
  t.same(sos.headers, { From: `"Stadt Musterhausen" <sip:+49803162999@${D}>`, 'P-Asserted-Identity': `<sip:+49803162999@${D}>`, Privacy: 'none', To: '<sip:112@127.0.0.1:5090>' });
  const clir = site.index.users.get('3002')!;
  t.match(callThroughRequest(site, clir, { kind: 'external', number: '+4989123456' as never })!.headers, { From: '"Anonymous" <sip:anonymous@anonymous.invalid>', Privacy: 'id' }, 'permanent CLIR applies as from the office');
});

void t.test('carrier failures map to what the caller can act on; our trunk\'s problems are 503', async (t) => {
  const cases: [number, number][] = [[486, 486], [600, 486], [603, 603], [404, 404], [484, 484], [480, 480], [408, 480], [401, 503], [407, 503], [403, 503], [500, 503], [502, 503], [488, 488]];
  for (const [carrier, caller] of cases) t.equal(callerStatusFor(carrier).status, caller, String(carrier));
});

void t.test('the emergency callback rings the latest callers for 60 minutes, one entry per user', async (t) => {
  let now = 1_000_000;
  const facts = new RuntimeFactsHolder();
  const cb = new EmergencyCallbacks(facts, () => now);
  cb.ring('3001');
  now += 10_000;
  cb.ring('3002');
  now += 10_000;
  cb.ring('3001');
  t.same(facts.snapshot().emergencyCallbacks, [{ extension: '3002', until: 1_010_000 + EMERGENCY_CALLBACK_MS }, { extension: '3001', until: 1_020_000 + EMERGENCY_CALLBACK_MS }]);
  now += EMERGENCY_CALLBACK_MS + 1;
  cb.ring('3004');
  t.same(facts.snapshot().emergencyCallbacks, [{ extension: '3004', until: now + EMERGENCY_CALLBACK_MS }], 'expired callers drop out');
  facts.update('3001', { dnd: true });
  t.same(facts.snapshot().emergencyCallbacks?.length, 1, 'user facts updates keep the callbacks');
});
