/**
 * End to end with a real softphone (issue 3 item 7): two baresip instances register at the PBX
 * started as a user starts it; one calls the other, the call is established with audio both ways, and hung up.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { startPbx } from '../helpers/pbx.js';
import { startBaresip, toneWav } from '../helpers/baresip.js';
import { waitFor } from '../helpers/wait-for.js';
import { E2E_DIALPLAN, callRecords } from '../helpers/e2e.js';

void t.test('baresip calls baresip through the PBX: registered, established, audio both ways, hung up', async (t) => {
  const p = await startPbx({ dialplans: [E2E_DIALPLAN] });
  t.teardown(() => p.stop());
  const alice = await startBaresip({ user: '2001', password: 'alice-secret-1', pbxPort: p.sipPort, audioWav: await toneWav(440) });
  t.teardown(() => alice.stop());
  const carla = await startBaresip({ user: '2003', password: 'carla-secret-1', pbxPort: p.sipPort, audioWav: await toneWav(1000), autoAnswer: true });
  t.teardown(() => carla.stop());
  t.match(alice.output(), /200 OK .*\[1 binding\]/, 'alice registered');
  await alice.command('dial', '2003');
  await waitFor(() => /Call established/i.test(alice.output()) && /Call established/i.test(carla.output()), { ms: 15_000, what: 'call established' });
  // Let audio flow for a moment, then hang up.
  await new Promise((r) => setTimeout(r, 1500));
  await alice.command('hangup');
  await waitFor(() => /terminated|session closed/i.test(carla.output()), { ms: 10_000, what: 'callee saw the hang-up' });
  const recs = await waitFor(async () => {
    const r = await callRecords(p);
    return r.some((c) => c.ended === 1) ? r : undefined;
  }, { what: 'call record' });
  t.match(recs, [{ caller: '2001', callee: '2003', answered: 1, ended: 1 }]);
  // Each side recorded what it received: the other side's tone.
  await waitFor(() => alice.recordings().some((f) => f.includes('dec')) && carla.recordings().some((f) => f.includes('dec')), { what: 'recordings' });
  const freq = (file: string) => Number(/Rough\s+frequency:\s+(\d+)/.exec(spawnSync('sox', [file, '-n', 'stat'], { encoding: 'utf8' }).stderr)?.[1] ?? 0);
  const heardByAlice = freq(alice.recordings().find((f) => f.includes('dec'))!);
  const heardByCarla = freq(carla.recordings().find((f) => f.includes('dec'))!);
  t.ok(heardByAlice > 800 && heardByAlice < 1200, `alice heard carla's 1000 Hz tone (${heardByAlice} Hz)`);
  t.ok(heardByCarla > 300 && heardByCarla < 600, `carla heard alice's 440 Hz tone (${heardByCarla} Hz)`);
});
