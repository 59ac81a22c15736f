import t from 'tap';
import { startEngine, connectSrf } from '../../helpers/sip-engine.js';
import { runSipp, assertSippPassed } from '../../helpers/sipp.js';

void t.test('srf createUAS answers a SIPp INVITE and the caller hangs up', async (t) => {
  const h = await startEngine();
  t.teardown(() => h.stop());
  const srf = await connectSrf(h);
  t.teardown(() => srf.disconnect());
  let destroyed = false;
  srf.invite((req, res) => {
    srf.createUAS(req, res, { localSdp: 'v=0\r\no=app 1 1 IN IP4 127.0.0.1\r\ns=app\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 41420 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n' })
      .then((dlg) => dlg.on('destroy', () => { destroyed = true; }))
      .catch((err: unknown) => t.fail(String(err)));
  });
  const r = await runSipp({ scenario: 'test/scenarios/caller-invite-bye.xml', remote: `127.0.0.1:${h.sipPort}`, service: '100' });
  assertSippPassed(t, r, 'caller-invite-bye');
  t.ok(destroyed, 'dialog destroyed by the caller BYE');
});
