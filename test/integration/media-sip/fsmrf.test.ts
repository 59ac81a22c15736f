/**
 * drachtio-fsmrf against the embedded engines (issue 4 item 1): the SIP engine as drachtio-server,
 * the media engine with its drachtio_mrf SIP profile as FreeSWITCH. A SIPp caller is connected to
 * a media endpoint with connectCaller, hears a prompt, and the endpoint is destroyed.
 */
import t, { type Test } from 'tap';
import Mrf from 'drachtio-fsmrf';
import pino from 'pino';
import { startEngine, connectSrf } from '../../helpers/sip-engine.js';
import { runSipp, assertSippPassed } from '../../helpers/sipp.js';
import { freePort } from '../../helpers/ports.js';
import { startMediaEngine } from '../../../engine/media/src/index.js';
import type { MediaEngineConfigInput } from '../../../engine/media/src/config.js';
import { MrfSipProfile } from '../../../engine/media/src/sip/mrf-profile.js';

/** The SIP engine as drachtio-server, the media engine with its drachtio_mrf profile, srf and fsmrf connected. */
async function mrfWorld(t: Test, config: Pick<MediaEngineConfigInput, 'rtp' | 'sessionsPerSecond'>) {
  const h = await startEngine();
  t.teardown(() => h.stop());
  const sipPort = await freePort();
  const media = await startMediaEngine({ esl: { port: 0 }, sip: { ip: '127.0.0.1', port: sipPort }, ...config });
  t.teardown(() => media.stop());
  const profile = new MrfSipProfile({ host: '127.0.0.1', port: sipPort, engine: media, log: pino({ level: process.env.MEDIA_LOG ?? 'silent' }) });
  await profile.listen();
  t.teardown(() => profile.close());
  const srf = await connectSrf(h);
  t.teardown(() => srf.disconnect());
  const ms = await new Mrf(srf as never).connect({ address: '127.0.0.1', port: media.eslPort, secret: 'ClueCon', listenAddress: '127.0.0.1', listenPort: await freePort() });
  t.teardown(() => ms.disconnect());
  return { h, srf, ms };
}

void t.test('fsmrf connectCaller, play and destroy through the SIP and media engines', async (t) => {
  const { h, srf, ms } = await mrfWorld(t, { rtp: { portMin: 42000, portMax: 42999 } });
  const events: string[] = [];
  srf.invite((req, res) => {
    (async () => {
      const { endpoint, dialog } = await ms.connectCaller(req, res);
      events.push('connected');
      const r = await endpoint.play('common/beep.wav');
      events.push(`played ${r.playbackSeconds ?? r.playbackMilliseconds ?? ''}`);
      await endpoint.destroy();
      await dialog.destroy();
      events.push('destroyed');
    })().catch((err: unknown) => t.fail(String(err)));
  });
  const r = await runSipp({ scenario: 'test/scenarios/fs-caller-idle.xml', remote: `127.0.0.1:${h.sipPort}`, service: 'mrf' });
  assertSippPassed(t, r, 'caller');
  t.same(events.map((e) => e.split(' ')[0]), ['connected', 'played', 'destroyed']);
});

void t.test('above sessions-per-second the media engine answers 503 Maximum Calls In Progress with Retry-After: 300, as sofia does', async (t) => {
  const { ms } = await mrfWorld(t, { rtp: { portMin: 43000, portMax: 43199 }, sessionsPerSecond: 3 });
  const status = async (): Promise<string> => String(await ms.api('status'));
  t.match(await status(), /session\(s\) per Sec out of max 3,/);
  const outcomes = await Promise.all([0, 1, 2, 3, 4].map(async () => {
    try {
      const ep = await ms.createEndpoint();
      return { ok: true as const, ep };
    } catch (err) {
      return { ok: false as const, err: err as { status?: number; reason?: string; res?: { get(h: string): string | undefined } } };
    }
  }));
  const admitted = outcomes.filter((o) => o.ok);
  const refused = outcomes.filter((o) => !o.ok);
  // A budget of 3 admits 2 a second; the five attempts may straddle one second boundary.
  t.ok(admitted.length >= 2 && admitted.length <= 4, `${admitted.length} of 5 admitted within about a second`);
  t.ok(refused.length >= 1, 'the rest are refused');
  for (const r of refused) {
    if (r.ok) continue;
    t.equal(r.err.status, 503, 'refused with 503');
    t.equal(r.err.reason, 'Maximum Calls In Progress');
    t.equal(r.err.res?.get('Retry-After'), '300', 'Retry-After: 300');
  }
  for (const a of admitted) if (a.ok) await a.ep.destroy();
  await new Promise((r) => setTimeout(r, 1100));
  t.match(await status(), /\d+ session\(s\) per Sec out of max 3, peak [3-9]/, 'once the second is over, status reports its attempts as the peak');
  const later = await ms.createEndpoint();
  t.ok(later, 'a second later new channels are admitted again');
  await later.destroy();
});
