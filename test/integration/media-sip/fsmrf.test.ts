/**
 * drachtio-fsmrf against the embedded engines (issue 4 item 1): the SIP engine as drachtio-server,
 * the media engine with its drachtio_mrf SIP profile as FreeSWITCH. A SIPp caller is connected to
 * a media endpoint with connectCaller, hears a prompt, and the endpoint is destroyed.
 */
import t from 'tap';
import Mrf from 'drachtio-fsmrf';
import pino from 'pino';
import { startEngine, connectSrf } from '../../helpers/sip-engine.js';
import { runSipp, assertSippPassed } from '../../helpers/sipp.js';
import { freePort } from '../../helpers/ports.js';
import { startMediaEngine } from '../../../engine/media/src/index.js';
import { MrfSipProfile } from '../../../engine/media/src/sip/mrf-profile.js';

void t.test('fsmrf connectCaller, play and destroy through the SIP and media engines', async (t) => {
  const h = await startEngine();
  t.teardown(() => h.stop());
  const sipPort = await freePort();
  const media = await startMediaEngine({ esl: { port: 0 }, sip: { ip: '127.0.0.1', port: sipPort }, rtp: { portMin: 42000, portMax: 42999 } });
  t.teardown(() => media.stop());
  const profile = new MrfSipProfile({ host: '127.0.0.1', port: sipPort, engine: media, log: pino({ level: process.env.MEDIA_LOG ?? 'silent' }) });
  await profile.listen();
  t.teardown(() => profile.close());
  const srf = await connectSrf(h);
  t.teardown(() => srf.disconnect());
  const mrf = new Mrf(srf as never);
  const eslListen = await freePort();
  const ms = await mrf.connect({ address: '127.0.0.1', port: media.eslPort, secret: 'ClueCon', listenAddress: '127.0.0.1', listenPort: eslListen });
  t.teardown(() => ms.disconnect());
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
