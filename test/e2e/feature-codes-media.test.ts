/**
 * Feature codes confirmed by a prompt once the media server is connected: the phone dials *41,
 * the PBX answers, plays the confirmation and hangs up; the agent is logged in.
 */
import t from 'tap';
import { startPbx } from '../helpers/pbx.js';
import { asUser } from '../helpers/phones.js';
import { runSipp, assertSippPassed } from '../helpers/sipp.js';
import { E2E_DIALPLAN } from '../helpers/e2e.js';

void t.test('*41 4100 is answered with a spoken confirmation and logs the agent in', async (t) => {
  const p = await startPbx({ dialplans: [E2E_DIALPLAN, 'test/fixtures/dialplans/e2e/hotline.yaml'] });
  t.teardown(() => p.stop());
  const r = await runSipp({ scenario: 'test/scenarios/phone/call-answered-expect-bye.xml', remote: `127.0.0.1:${p.sipPort}`, service: '*414100', extra: [...asUser('2001', 'alice-secret-1'), '-rtp_echo'] });
  assertSippPassed(t, r, 'the PBX answered and hung up');
  const s = JSON.parse(p.cli(['hotline', 'status', '4100', '--json']).stdout) as { agents: Array<{ extension: string; state: string }> };
  t.equal(s.agents.find((a) => a.extension === '2001')?.state, 'available');
});
