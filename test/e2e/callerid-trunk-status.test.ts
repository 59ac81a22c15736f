/**
 * End to end (issue 8 item 1): the PBX registers at the SIPp carrier on start, answers its 401,
 * refreshes before the 2 s lifetime runs out, and `zentrale trunk status --json` shows it; once
 * the PBX is gone the command says that no PBX runs.
 */
import t from 'tap';
import { assertSippPassed } from '../helpers/sipp.js';
import { freePort } from '../helpers/ports.js';
import { startPbx } from '../helpers/pbx.js';
import { startSipp } from '../helpers/sipp.js';
import { waitFor } from '../helpers/wait-for.js';
import { carrierDialplan } from '../integration/trunks/carrier.js';
import { received } from '../integration/trunks/sip-log.js';

type Status = { running: boolean; trunks: Array<{ id: string; registration: { state: string; registrations: number; grantedSec: number | null; failures: number } | null }> };

void t.test('the PBX registers at the carrier, re-registers, and trunk status shows it', async (t) => {
  const carrierPort = await freePort();
  const carrier = startSipp({ scenario: 'test/scenarios/carrier/register-401-then-200-short-expires-twice.xml', localPort: carrierPort, timeoutSec: 30 });
  t.teardown(() => carrier.kill());
  const dialplan = carrierDialplan(carrierPort, (doc) => {
    doc.trunks[0]!.register = { username: 'pbx-4711', password: 'carrier-secret', expiresSec: 300 };
  });
  const p = await startPbx({ dialplans: [dialplan], env: { ZENTRALE_DIGEST_ALGORITHMS: 'MD5' } });
  t.teardown(() => p.stop());

  const status = (): Status => JSON.parse(p.cli(['trunk', 'status', '--json']).stdout) as Status;
  await waitFor(() => status().trunks[0]?.registration?.registrations === 2, { ms: 15_000, what: 'two registrations in trunk status' });
  t.match(status(), { running: true, trunks: [{ id: 'carrier', registration: { state: 'registered', registrations: 2, grantedSec: 60, failures: 0 } }] });
  const text = p.cli(['trunk', 'status']);
  t.match(text.stdout, /carrier\s+127\.0\.0\.1:\d+\/udp\s+outbound registered \(60 s\), last 200 OK, failures 0/, 'the text form says the same');
  t.notMatch(text.stdout + JSON.stringify(status()), /carrier-secret/, 'the password is never shown');

  const r = await carrier.done;
  assertSippPassed(t, r, 'carrier registrar');
  t.equal(received(r.messages, 'REGISTER').length, 4, 'challenged twice, answered twice');

  // Killed, the data directory (with the admin token) stays: the CLI finds nobody to ask.
  p.kill();
  await waitFor(() => p.cli(['trunk', 'status', '--json']).code !== 0, { what: 'the PBX gone' });
  const none = p.cli(['trunk', 'status', '--json']);
  t.equal(none.code, 1, 'exit code 1 without a PBX');
  t.match(none.stderr, /no PBX is running/);
  t.same(JSON.parse(none.stdout), { running: false, trunks: [] });
});
