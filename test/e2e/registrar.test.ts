/**
 * Registrar details (issue 3 item 3) checked at the protocol level with a raw UDP client:
 * RFC 8760 challenges in order, SHA-256 and MD5 credentials, several contacts, 423 Interval Too
 * Brief, unregistration by Expires: 0 and by `*`, and bindings that survive a restart.
 */
import t from 'tap';
import { startPbx } from '../helpers/pbx.js';
import { RawSipClient, authorize } from '../helpers/raw-sip.js';
import { E2E_DIALPLAN } from '../helpers/e2e.js';

void t.test('registrar: RFC 8760 challenges, SHA-256 and MD5, contacts, 423, unregister, restart', async (t) => {
  const p = await startPbx({ dialplans: [E2E_DIALPLAN], env: { ZENTRALE_DIGEST_ALGORITHMS: 'SHA-256,MD5' } });
  t.teardown(() => p.stop());
  const ua = new RawSipClient();
  await ua.open();
  t.teardown(() => ua.close());
  const uri = `sip:127.0.0.1:${p.sipPort}`;
  const contact = (n: number, expires?: number) => `Contact: <sip:2003@127.0.0.1:${ua.port + n}>${expires === undefined ? '' : `;expires=${expires}`}`;

  const challenged = await ua.register(p.sipPort, '2003', [contact(0), 'Expires: 300']);
  t.equal(challenged.status, 401);
  const chs = challenged.headers('WWW-Authenticate');
  t.equal(chs.length, 2, 'one challenge per algorithm');
  t.match(chs[0], /algorithm=SHA-256/, 'SHA-256 first (RFC 8760 §2.4)');
  t.match(chs[1], /algorithm=MD5/);

  const withCreds = async (lines: string[], algorithm: 'SHA-256' | 'MD5', password = 'carla-secret-1') => {
    const c = await ua.register(p.sipPort, '2003', lines);
    const challenge = c.headers('WWW-Authenticate').find((h) => h.includes(`algorithm=${algorithm}`))!;
    return ua.register(p.sipPort, '2003', [...lines, `Authorization: ${authorize(challenge, '2003', password, 'REGISTER', uri)}`]);
  };
  const ok = await withCreds([contact(0), 'Expires: 300'], 'SHA-256');
  t.equal(ok.status, 200, 'SHA-256 credentials accepted');
  t.match(ok.header('Contact'), new RegExp(`<sip:2003@127\\.0\\.0\\.1:${ua.port}>;expires=(29\\d|300)`));
  const two = await withCreds([contact(1, 200), 'Expires: 300'], 'MD5');
  t.equal(two.status, 200, 'MD5 credentials accepted');
  t.equal(two.header('Contact')!.split(',').length, 2, 'a second contact of the same device is added');
  const bad = await withCreds([contact(2), 'Expires: 300'], 'SHA-256', 'wrong-password');
  t.equal(bad.status, 401, 'a wrong SHA-256 answer is challenged again');
  const brief = await withCreds([contact(3, 10)], 'MD5');
  t.equal(brief.status, 423, 'expires below the minimum');
  t.equal(brief.header('Min-Expires'), '60');
  const one = await withCreds([contact(1, 0)], 'MD5');
  t.equal(one.status, 200);
  t.equal(one.header('Contact')!.split(',').length, 1, 'Expires 0 on a contact removes only that binding');

  p.kill();
  await p.restart();
  const after = await withCreds([], 'MD5');
  t.equal(after.status, 200, 'a query after kill -9 and restart');
  t.match(after.header('Contact'), /sip:2003@127\.0\.0\.1/, 'the binding survived the restart');
  const all = await withCreds(['Contact: *', 'Expires: 0'], 'MD5');
  t.equal(all.status, 200);
  t.equal(all.header('Contact'), undefined, '* removes every binding');
});
