/**
 * OPTIONS keep-alive to registered contacts (issue 3 item 3): a phone that answers stays
 * registered; one that stops answering is removed after three missed rounds.
 */
import t from 'tap';
import { e2ePbx } from '../helpers/e2e.js';
import { RawSipClient, authorize, answerOptions, countOptions } from '../helpers/raw-sip.js';
import { waitFor } from '../helpers/wait-for.js';

void t.test('keep-alive keeps answering contacts and removes silent ones', async (t) => {
  const p = await e2ePbx(t, { ZENTRALE_KEEPALIVE_SEC: '1' });
  const register = async (user: string, password: string) => {
    const ua = new RawSipClient();
    await ua.open();
    t.teardown(() => ua.close());
    const lines = [`Contact: <sip:${user}@127.0.0.1:${ua.port}>`, 'Expires: 300'];
    const c = await ua.register(p.sipPort, user, lines);
    const r = await ua.register(p.sipPort, user, [...lines, `Authorization: ${authorize(c.header('WWW-Authenticate')!, user, password, 'REGISTER', `sip:127.0.0.1:${p.sipPort}`)}`]);
    t.equal(r.status, 200, `${user} registered`);
    return ua;
  };
  const live = answerOptions(await register('2003', 'carla-secret-1'));
  const silent = countOptions(await register('2004', 'dora-secret-1'));
  await waitFor(() => /"extension":"2004","bindings":0,"reason":"unreachable"/.test(p.output()), { ms: 15_000, what: 'silent phone removed' });
  t.ok(silent.count() >= 3, `the silent phone got ${silent.count()} OPTIONS before removal`);
  t.ok(live.count() >= 3, `the live phone answered ${live.count()} OPTIONS`);
  t.notMatch(p.output(), /"extension":"2003","bindings":0/, 'the answering phone stays registered');
});
