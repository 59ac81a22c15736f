// §5.3 test 16 (party numbers), pure half: routing trails as the log of a live call carries them
// name extensions and our own numbers, never the other party's number in any format.
import t from 'tap';
import { decideRoute, explainForLog, targetForLog, withoutPartyNumbers, PARTY_NUMBER_IN_LOG } from '../../../../server/src/routing/index.js';
import type { CallContext } from '../../../../server/src/domain/call-context.js';
import type { E164 } from '../../../../server/src/domain/e164.js';
import { loadFixture } from './site.js';

const site = loadFixture('routing-site.yaml');
const MON_9 = Date.parse('2026-01-05T09:00:00+01:00');
const CITIZEN = '+4989555000';
// The citizen's number in every form a trail or a header may carry it.
const FORMS = ['+4989555000', '4989555000', '089555000', '0089555000', '89555000'];
const explained = (call: CallContext) => explainForLog(decideRoute(call, site, MON_9).explain, site);
const leaks = (lines: readonly string[], numbers: readonly string[]) => lines.filter((l) => numbers.some((n) => l.includes(n)));

void t.test('withoutPartyNumbers replaces runs of five or more digits that are not ours, in every format', async (t) => {
  const own = (n: string) => n === '+49803162301';
  t.equal(withoutPartyNumbers('outbound to +4989555000 via trunk carrier', own), `outbound to ${PARTY_NUMBER_IN_LOG} via trunk carrier`);
  t.equal(withoutPartyNumbers('#31#0089555000 is no feature code', own), `#31#${PARTY_NUMBER_IN_LOG} is no feature code`);
  t.equal(withoutPartyNumbers('<sip:4989555000@carrier.test>', own), `<sip:${PARTY_NUMBER_IN_LOG}@carrier.test>`);
  t.equal(withoutPartyNumbers('user 3001 rings +49803162301, 110 at 08:00', own), 'user 3001 rings +49803162301, 110 at 08:00', 'extensions, our numbers, short numbers and times stay');
});

void t.test('§5.3 test 16 (party numbers): an inbound trail names our DDI and the user, not the citizen', async (t) => {
  const raw = decideRoute({ from: { kind: 'trunk', trunk: 'carrier', number: CITIZEN }, to: '+49803162301' }, site, MON_9).explain;
  t.ok(leaks(raw, [CITIZEN]).length > 0, 'the dry-run trail names the caller (the check below can fail)');
  const lines = explained({ from: { kind: 'trunk', trunk: 'carrier', number: CITIZEN }, to: '+49803162301' });
  t.same(leaks(lines, FORMS), []);
  t.match(lines.join('\n'), /inbound on trunk carrier from \[number\] to \+49803162301/);
  t.match(lines.join('\n'), /user 3001/);
});

void t.test('§5.3 test 16 (party numbers): outbound and CLIR trails keep the user and the trunk, not the number dialled', async (t) => {
  for (const dialled of ['089555000', '0089555000', '#31#089555000', '+4989555000']) {
    const lines = explained({ from: { kind: 'internal', extension: '3002' }, to: dialled });
    t.same(leaks(lines, FORMS), [], dialled);
    t.match(lines.join('\n'), /call from 3002/, `${dialled}: the calling user stays`);
    t.match(lines.join('\n'), /via trunk carrier/, `${dialled}: the trunk stays`);
  }
});

void t.test('§5.3 test 16 (party numbers): a forward to an external number and a staff mobile show neither number', async (t) => {
  const forward = explained({ from: { kind: 'internal', extension: '3002' }, to: '3005' });
  t.same(leaks(forward, ['498912345678', '08912345678']), [], 'the forward target of 3005');
  t.match(forward.join('\n'), /forward to \[number\] via trunk carrier/);
  const mobile = explained({ from: { kind: 'internal', extension: '3002' }, to: '3004' });
  t.same(leaks(mobile, ['1607654321']), [], 'the mobile that rings as well');
  t.equal(targetForLog({ forward: '+498912345678' as E164 }, site), `{ forward: ${PARTY_NUMBER_IN_LOG} }`);
  t.equal(targetForLog({ voicemail: '4100' }, site), '{ voicemail: 4100 }');
});
