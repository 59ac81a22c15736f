// Subscriptions survive a restart of the feature server (issue 9 item 3): the stored
// subscription is told the state and `terminated;reason=deactivated`, and the phone subscribes
// again at once, so its lamp never goes stale. Once with the SIP engine still running (the
// NOTIFY goes in the engine's dialog, named by its stored id) and once with the engine restarted
// too (the NOTIFY is rebuilt from the stored dialog state).
import t from 'tap';
import { startHarness, PASSWORDS } from './harness.js';
import { leg } from './watchers.js';
import { startSipp } from '../../helpers/sipp.js';
import { asUser } from '../../helpers/phones.js';
import { freePort } from '../../helpers/ports.js';
import { assertSippPassed } from '../../helpers/sipp.js';
import { received } from './sip-trace.js';

for (const engine of [false, true]) {
  void t.test(`a BLF subscription is re-established after a restart of the feature server${engine ? ' and the SIP engine' : ''}`, async (t) => {
    const h = await startHarness();
    t.teardown(() => h.close());
    const run = startSipp({
      scenario: 'test/scenarios/presence/watch-resubscribe-on-terminated.xml', remote: `127.0.0.1:${h.sipPort}`, localPort: await freePort(), service: '3001',
      extra: [...asUser('3002', PASSWORDS['3002']!), '-key', 'event', 'dialog', '-key', 'accept', 'application/dialog-info+xml'], timeoutSec: 60,
    });
    const answered = (n: number) => h.waitLog('NOTIFY answered', n, { watcher: '3002', target: '3001' });
    await answered(1);
    await h.stop();
    await h.restart({ engine });
    await h.waitLog('subscriptions from before the restart deactivated', 1);
    await answered(3);
    const call = leg(h, '3001', 'inbound', false);
    call.set('early');
    await answered(4);
    const r = await run.done;
    assertSippPassed(t, r, 'phone');
    const notifies = received(r.messages, 'NOTIFY');
    t.same(notifies.map((n) => n.headers['subscription-state']), [
      'active;expires=600', 'terminated;reason=deactivated', 'active;expires=600', 'active;expires=600', 'terminated;reason=timeout',
    ]);
    t.match(notifies[1]!.body, /<state>confirmed<\/state>/, 'the deactivating NOTIFY still tells the state (3001 has no device)');
    t.match(notifies[3]!.body, /<state>early<\/state>/, 'the new subscription follows the facts');
    t.not(notifies[1]!.headers.cseq, notifies[0]!.headers.cseq, 'a new CSeq in the old dialog');
  });
}
