/**
 * Proxy, registrar-style digest challenge, SUBSCRIBE/NOTIFY and routing across several app
 * connections: the engine with unchanged drachtio-srf apps and SIPp peers over UDP and TCP.
 */
import t from 'tap';
import type { Test } from 'tap';
import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import type { SrfApp } from '../../../server/src/sip/srf-types.js';
import { startEngine, connectSrf, type EngineHandle } from '../../helpers/sip-engine.js';
import { runSipp, startSipp, assertSippPassed } from '../../helpers/sipp.js';
import { freePort, tcpListening } from '../../helpers/ports.js';
import { waitFor } from '../../helpers/wait-for.js';
import { APP_SDP } from '../../helpers/sdp.js';

async function world(t: Test): Promise<{ h: EngineHandle; srf: SrfApp }> {
  const h = await startEngine();
  const srf = await connectSrf(h);
  t.teardown(async () => {
    srf.disconnect();
    await h.stop();
  });
  return { h, srf };
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

for (const transport of ['u1', 't1'] as const) {
  const proto = transport === 'u1' ? 'udp' : 'tcp';

  void t.test(`proxyRequest with recordRoute forwards INVITE, then ACK and BYE pass statelessly (${proto})`, async (t) => {
    const { h, srf } = await world(t);
    const port = await freePort();
    const callee = startSipp({ scenario: 'test/scenarios/callee-uas-rr.xml', localPort: port, transport });
    t.teardown(() => callee.kill());
    if (transport === 't1') await waitFor(() => tcpListening(port), { what: 'sipp listening' });
    let result: { finalStatus: number; connected: boolean } | undefined;
    srf.invite((req) => {
      const dest = `sip:127.0.0.1:${port}${transport === 't1' ? ';transport=tcp' : ''}`;
      srf.proxyRequest(req, dest, { recordRoute: true }).then((r) => { result = r; }).catch((err: unknown) => t.fail(String(err)));
    });
    const r = await runSipp({ scenario: 'test/scenarios/caller-proxy.xml', remote: `127.0.0.1:${h.sipPort}`, service: '300', transport });
    assertSippPassed(t, r, 'caller-proxy');
    assertSippPassed(t, await callee.done, 'callee-uas-rr');
    await waitFor(() => result, { what: 'proxy result' });
    t.match(result, { finalStatus: 200, connected: true });
    t.match(r.messages, /Record-Route: <sip:127\.0\.0\.1:\d+(;transport=tcp)?;lr>/, 'the caller saw our Record-Route');
  });

  void t.test(`REGISTER is challenged by the app with 401 and accepted with valid digest credentials (${proto})`, async (t) => {
    const { h, srf } = await world(t);
    const realm = 'zentrale.test';
    const nonce = 'deadbeefcafe0001';
    let contact = '';
    srf.register((req, res) => {
      const auth = req.get('Authorization');
      if (!auth) {
        res.send(401, { headers: { 'WWW-Authenticate': `Digest realm="${realm}", nonce="${nonce}", algorithm=MD5` } });
        return;
      }
      const p = Object.fromEntries([...auth.matchAll(/(\w+)="?([^",]+)"?/g)].map((m) => [m[1], m[2]]));
      const ha1 = md5(`alice:${realm}:secret123`);
      const expected = md5(`${ha1}:${nonce}:${md5(`REGISTER:${p.uri}`)}`);
      if (p.response !== expected) {
        res.send(403);
        return;
      }
      contact = req.get('Contact') ?? '';
      res.send(200, { headers: { Contact: `${contact};expires=3600`, Expires: '3600' } });
    });
    const r = await runSipp({ scenario: 'test/scenarios/caller-register.xml', remote: `127.0.0.1:${h.sipPort}`, transport, extra: [] });
    assertSippPassed(t, r, 'caller-register');
    t.match(contact, /sip:alice@127\.0\.0\.1/);
    if (transport === 't1') t.equal(h.engine.sizes.dialogs, 0, 'REGISTER creates no dialog');
  });

  void t.test(`SUBSCRIBE is accepted with 202, NOTIFYs follow in the dialog, destroy() terminates it (${proto})`, async (t) => {
    const { h, srf } = await world(t);
    let done = false;
    srf.subscribe((req, res) => {
      srf.createUAS(req, res, { headers: { Expires: req.get('Expires') ?? '600' } }).then(async (d) => {
        await d.request({ method: 'NOTIFY', headers: { Event: 'presence', 'Subscription-State': 'active;expires=600', 'Content-Type': 'application/pidf+xml' }, body: '<?xml version="1.0" encoding="UTF-8"?>\n<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:200@127.0.0.1"><tuple id="t1"><status><basic>open</basic></status></tuple></presence>' });
        await d.destroy();
        done = true;
      }).catch((err: unknown) => t.fail(String(err)));
    });
    const r = await runSipp({ scenario: 'test/scenarios/caller-subscribe.xml', remote: `127.0.0.1:${h.sipPort}`, service: '200', transport });
    assertSippPassed(t, r, 'caller-subscribe');
    await waitFor(() => done, { what: 'subscription ended' });
    await waitFor(() => h.engine.sizes.dialogs === 0, { what: 'dialog removed' });
    t.match(r.messages, /Subscription-State: terminated/);
  });
}

void t.test('an INVITE nobody routed gets 100 Trying and 503 from the engine', async (t) => {
  const { h, srf } = await world(t);
  srf.options((_req, res) => res.send(200));
  const r = await runSipp({ scenario: 'test/scenarios/caller-invite-486.xml', remote: `127.0.0.1:${h.sipPort}`, service: '100', extra: [] });
  // The 486 scenario accepts any non-2xx final; check the status in the trace.
  t.match(r.messages, /SIP\/2\.0 100 Trying[\s\S]*SIP\/2\.0 503 Service Unavailable/);
});

void t.test('two app connections that route INVITE are served round-robin', async (t) => {
  const { h, srf } = await world(t);
  const srf2 = await connectSrf(h);
  t.teardown(() => srf2.disconnect());
  const served: string[] = [];
  srf.invite((_req, res) => { served.push('a'); res.send(486); });
  srf2.invite((_req, res) => { served.push('b'); res.send(486); });
  for (let i = 0; i < 4; i++) {
    const r = await runSipp({ scenario: 'test/scenarios/caller-invite-486.xml', remote: `127.0.0.1:${h.sipPort}`, service: '100' });
    assertSippPassed(t, r, `call ${i}`);
  }
  t.same([...served].sort(), ['a', 'a', 'b', 'b'], 'each app served two calls');
});

void t.test('an out-of-dialog NOTIFY (MWI) from the app reaches a UA', async (t) => {
  const { srf } = await world(t);
  const port = await freePort();
  const sock = dgram.createSocket('udp4');
  t.teardown(() => sock.close());
  const got = new Promise<string>((resolve) => {
    sock.on('message', (m, rinfo) => {
      const text = m.toString();
      resolve(text);
      const via = /^Via: .*$/m.exec(text)?.[0] ?? '';
      const pick = (h: string) => new RegExp(`^${h}: .*$`, 'mi').exec(text)?.[0] ?? '';
      sock.send(`SIP/2.0 200 OK\r\n${via}\r\n${pick('From')}\r\n${pick('To')};tag=ua1\r\n${pick('Call-ID')}\r\n${pick('CSeq')}\r\nContent-Length: 0\r\n\r\n`, rinfo.port, rinfo.address);
    });
  });
  await new Promise<void>((resolve) => sock.bind(port, '127.0.0.1', () => resolve()));
  const req = await srf.request(`sip:3001@127.0.0.1:${port}`, {
    method: 'NOTIFY',
    headers: { Event: 'message-summary', 'Subscription-State': 'active', 'Content-Type': 'application/simple-message-summary', To: `<sip:3001@127.0.0.1:${port}>`, From: '<sip:3001@localhost>' },
    body: 'Messages-Waiting: yes\r\nVoice-Message: 2/0 (0/0)\r\n',
  });
  const status = await new Promise<number>((resolve) => req.on('response', (res) => resolve(res.status)));
  t.equal(status, 200);
  const text = await got;
  t.match(text, /^NOTIFY sip:3001@127\.0\.0\.1:\d+ SIP\/2\.0/);
  t.match(text, /Voice-Message: 2\/0/);
  t.notMatch(text, /localhost/, 'localhost replaced by the engine address');
});

void t.test('REGISTER with Contact * and non-zero Expires is refused with 400 by the engine', async (t) => {
  const { h, srf } = await world(t);
  srf.register((_req, res) => res.send(200));
  const sock = dgram.createSocket('udp4');
  t.teardown(() => sock.close());
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', () => resolve()));
  const { port } = sock.address();
  const got = new Promise<string>((resolve) => sock.once('message', (m) => resolve(m.toString())));
  sock.send([
    `REGISTER sip:127.0.0.1:${h.sipPort} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKstar1`, 'Max-Forwards: 70',
    `From: <sip:alice@127.0.0.1>;tag=a1`, `To: <sip:alice@127.0.0.1>`, 'Call-ID: star-1@127.0.0.1', 'CSeq: 1 REGISTER',
    'Contact: *', 'Expires: 3600', 'Content-Length: 0', '', '',
  ].join('\r\n'), h.sipPort, '127.0.0.1');
  t.match(await got, /^SIP\/2\.0 400 /);
  void APP_SDP;
});
