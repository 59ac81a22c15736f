// reference/presence.md §5.3 tests 1-4, 6, 9 and 10 over SIP: SIPp watchers of user 3001 in each
// viewer class subscribe to `dialog` (BLF) and receive the NOTIFYs the call layer's leg facts
// cause. Leg facts are fed on the bus as the call layer emits them, so external calls (which need
// a trunk) can be compared with internal ones.
import t from 'tap';
import { startHarness, PASSWORDS } from './harness.js';
import { leg, normalise, watch, type Watcher } from './watchers.js';
import { registeredPhone } from '../../helpers/phones.js';
import { assertSippPassed } from '../../helpers/sipp.js';
import { PickupTokens } from '../../../server/src/presence-feature/sip/pickup-tokens.js';
import { loadSecrets } from '../../../server/src/lib/secrets.js';

const FORBIDDEN_IN_BLF = ['direction', 'call-id', 'local-tag', 'remote-tag', '<local>', '<remote>', '<identity>', '<target', '198.51.100.7', 'leg-'];
const version = (b: string) => b.replace(/ version="\d+"/, ' version="N"');
const dialogs = (b: string) => (b.match(/<dialog id=/g) ?? []).length;
const state = (b: string) => /<state>(\w+)<\/state>/.exec(b)?.[1];

void t.test('BLF bodies per viewer class carry the projection only (§5.3 tests 1-4, 6, 9, 10)', async (t) => {
  const h = await startHarness();
  t.teardown(() => h.close());
  const phone = await registeredPhone({ sipPort: h.sipPort }, '3001', PASSWORDS['3001']!, { holdMs: 60_000 });
  t.teardown(() => phone.kill());
  await h.waitLog('registration changed', 1, { extension: '3001' });
  const w: Record<'C' | 'CF' | 'CP' | 'TL' | 'OP' | 'ME', Watcher> = {
    C: await watch(h, '3005', '3001'),
    CF: await watch(h, '3005', '3001', 'dialog', 'dialog;call-id=leg-1-inbound-ext;from-tag=a;to-tag=b;include-session-description'),
    CP: await watch(h, '3002', '3001'),
    TL: await watch(h, '3004', '3001'),
    OP: await watch(h, '3000', '3001'),
    ME: await watch(h, '3001', '3001'),
  };
  let n = 1;
  await h.waitLog('NOTIFY answered', 6);
  // Every step below changes what every watcher sees, so each watcher gets exactly one NOTIFY.
  const step = async (fn: () => void) => {
    fn();
    n += 1;
    for (const x of Object.values(w)) {
      if (x === w.CF) await h.waitLog('NOTIFY answered', 2 * n, { watcher: '3005', target: '3001', event: 'dialog' });
      else await x.notified(n);
    }
  };
  const combos = [['inbound', false], ['inbound', true], ['outbound', false], ['outbound', true]] as const;
  for (const [direction, external] of combos) {
    const a = leg(h, '3001', direction, external);
    await step(() => a.set('confirmed'));
    // Hidden changes while busy: a second call, a transfer from internal to external (a new leg
    // replaces the old one). They must send nothing (test 9), checked by the NOTIFY counts.
    const b = leg(h, '3001', 'inbound', !external);
    b.set('confirmed');
    a.set('terminated');
    await step(() => b.set('terminated'));
  }
  const ringIn = leg(h, '3001', 'inbound', true);
  await step(() => ringIn.set('early'));
  await step(() => ringIn.set('terminated'));
  const ringOut = leg(h, '3001', 'outbound', false);
  await step(() => ringOut.set('early'));
  await step(() => ringOut.set('terminated'));

  const got: Record<string, string[]> = {};
  for (const [k, x] of Object.entries(w)) {
    const r = await x.done;
    assertSippPassed(t, r, `watcher ${k}`);
    got[k] = r.notifies.map((m) => m.body);
    t.equal(r.notifies.length, n + 1, `${k}: one NOTIFY per visible change plus the final one, none for hidden changes`);
    t.ok(got[k]!.every((b) => dialogs(b) === 1), `${k}: always exactly one <dialog> (test 10)`);
  }
  // Indexes into each watcher's NOTIFYs: 0 initial; busy at 1, 3, 5, 7; idle at 2, 4, 6, 8;
  // inbound ringing 9, idle 10; outbound ringing 11, idle 12.
  const busy = [1, 3, 5, 7];
  for (const k of ['C', 'CP', 'TL', 'OP', 'ME']) {
    t.equal(new Set(busy.map((i) => version(got[k]![i]!))).size, 1, `${k}: internal/external, inbound/outbound calls give byte-identical bodies apart from version (test 2)`);
    t.equal(state(got[k]![1]!), 'confirmed');
  }
  for (const k of ['C', 'CF', 'TL']) {
    for (const b of got[k]!) for (const f of FORBIDDEN_IN_BLF) t.notOk(b.includes(f), `${k}: no ${f} (test 1)`);
    t.equal(state(got[k]![9]!), 'confirmed', `${k}: inbound ringing without pickup right shows confirmed (test 4)`);
  }
  const ids = new Set(got.C!.map((b) => /<dialog id="([^"]+)"/.exec(b)?.[1]));
  t.equal(ids.size, 1, 'the opaque dialog id stays the same for the whole subscription (test 2)');
  t.same(got.CF!.map(normalise), got.C!.map(normalise), 'call-id/tag filters and include-session-description reveal nothing more (test 6)');

  const tokens = new PickupTokens(loadSecrets(h.dataDir).nonceSecret);
  for (const k of ['CP', 'OP'] as const) {
    const ringing = got[k]![9]!;
    const token = tokens.tokenFor(w[k].user, '3001');
    t.equal(state(ringing), 'early', `${k}: inbound ringing is early for a watcher with pickup (test 4)`);
    t.match(ringing, `call-id="${token}"`, `${k}: the call-id is this watcher's pickup token`);
    t.match(ringing, 'direction="recipient"');
    t.match(ringing, '<identity>sip:anonymous@anonymous.invalid</identity>', `${k}: the caller is anonymous`);
    t.notOk(/198\.51\.100\.7|leg-/.test(ringing), `${k}: nothing of the real call`);
  }
  for (const k of ['C', 'CP', 'TL', 'OP']) t.equal(state(got[k]![11]!), 'confirmed', `${k}: outbound ringing never shows early (test 3)`);
  t.equal(state(got.ME![11]!), 'early', 'the user sees their own outbound ringing (test 3)');
  t.notMatch(got.ME![11]!, /call-id=/, 'the user gets no pickup token for their own call');
});
