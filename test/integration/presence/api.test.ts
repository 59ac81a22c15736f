// The presence API and event stream (issue 9 item 6): logins, the list per viewer class, the
// user's own view, strict schemas, works-council mode (§5.3 test 13), and a day of events on the
// WebSocket stream captured as a colleague (test 11).
import t from 'tap';
import { WebSocket } from 'ws';
import { startHarness, PASSWORDS } from './harness.js';
import { registeredPhone } from '../../helpers/phones.js';
import { leg } from './watchers.js';
import { presenceList, streamMessage } from '../../../server/src/presence-feature/http/schemas.js';
import { waitFor } from '../../helpers/wait-for.js';
import { loadSecrets } from '../../../server/src/lib/secrets.js';

void t.test('logins: wrong and unknown answer alike, five failures lock the account for a minute', async (t) => {
  const h = await startHarness();
  t.teardown(() => h.close());
  await h.login('3002');
  const post = (extension: string, password: string) => fetch(`http://127.0.0.1:${h.httpPort}/api/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ extension, password }),
  });
  const wrong = await post('3002', 'not-the-password');
  const unknown = await post('3999', 'not-the-password');
  t.equal(wrong.status, 401);
  t.same(await wrong.json(), await unknown.json(), 'the same answer for an unknown account');
  for (let i = 0; i < 3; i++) await post('3002', 'still-wrong');
  t.equal((await post('3002', '3002-web-password')).status, 429, 'locked after five failures, even with the right password');
  t.equal((await fetch(`http://127.0.0.1:${h.httpPort}/api/presence`)).status, 401, 'no session, no presence');
  const bad = await fetch(`http://127.0.0.1:${h.httpPort}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ extension: '3002', password: 'x', admin: true }) });
  t.equal(bad.status, 400, 'extra properties are refused');
  t.notMatch(await bad.text(), /"x"/, 'the answer does not echo the password');
});

void t.test('each viewer class gets its list; operators see substitute and forward of unreachable users only; leads see hotline logins', async (t) => {
  const h = await startHarness();
  t.teardown(() => h.close());
  const me = await h.login('3001');
  await h.api(me, 'PUT', '/api/presence/me/substitute', { substitute: '3003' });
  const users = async (user: string, roles: readonly 'supervisor'[] = []) => {
    const r = await h.api(await h.login(user, roles), 'GET', '/api/presence');
    t.equal(r.status, 200);
    presenceList.parse(r.json);
    return (r.json as { users: Array<Record<string, unknown>> }).users;
  };
  t.same((await users('3005')).map((u) => u.user), ['3001'], 'a colleague sees the team (Bauamt) only');
  t.same((await users('3002')).map((u) => u.user), ['3001', '3003']);
  t.same((await users('3004')).map((u) => u.user), ['3001', '3002', '3003'], 'the lead sees every member');
  const op = await users('3000');
  t.same(op.find((u) => u.user === '3001'), { user: '3001', name: 'Anna Amt', state: 'unreachable', substitute: '3003' }, 'the operator sees the substitute');
  t.notOk('substitute' in (await users('3002'))[0]!, 'a colleague does not');
  t.same(await users('3009'), [], 'a user outside every team sees nobody');
  t.same(await users('3009', ['supervisor']), [], '§5.3 test 13: a supervisor in works-council mode sees nobody');
  const sv = await h.login('3009', ['supervisor']);
  t.equal((await h.api(sv, 'GET', '/api/presence/users/3001')).status, 403, 'the per-person endpoint answers 403');
  t.equal((await h.api(sv, 'GET', '/api/presence/users/3001/absences')).status, 403);
  t.same((await h.api(sv, 'GET', '/api/presence/hotlines/100')).json, { kind: 'suppressed', hotline: '100' }, 'no counts for a group below the minimum');

  // Hotline agent states from the hotline feature (reference §5.2): agent requests as the CLI sends them.
  const { adminToken } = loadSecrets(h.dataDir);
  const acd = async (body: Record<string, unknown>) => {
    const r = await fetch(`http://127.0.0.1:${h.httpPort}/internal/acd/request`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    t.equal(r.status, 200, `agent request ${String(body.kind)}`);
  };
  const lead = await h.login('3004');
  const leadSees = async () => Object.fromEntries(((await h.api(lead, 'GET', '/api/presence')).json as { users: Array<{ user: string; hotlineLoggedIn?: boolean }> }).users.map((u) => [u.user, u.hotlineLoggedIn]));
  t.same(await leadSees(), { 3001: false, 3002: false, 3003: undefined }, 'the lead sees logged in no for the agents, nothing for a member who is none');
  await acd({ kind: 'login', extension: '3001', hotline: '4300' });
  t.same(await leadSees(), { 3001: true, 3002: false, 3003: undefined }, 'the lead sees the login');
  t.same((await h.api(await h.login('3000'), 'GET', '/api/presence/hotlines/4300')).json, { kind: 'staffed', hotline: '4300', staffed: true }, 'the operator sees the hotline staffed');
  await acd({ kind: 'pause', extension: '3001', reason: 'Arzttermin', force: true });
  const paused = await h.api(lead, 'GET', '/api/presence');
  t.same(await leadSees(), { 3001: true, 3002: false, 3003: undefined }, 'a pause is still logged in to the lead');
  t.notMatch(paused.text, /Arzttermin|paused|pause/, 'no pause and no reason reach the lead');
  const svHotline = await h.api(sv, 'GET', '/api/presence/hotlines/4300');
  t.same(svHotline.json, { kind: 'suppressed', hotline: '4300' }, '§5.3 test 13: two agents are below the group minimum for the supervisor; no pause reason');
  const colleague = await h.api(await h.login('3002'), 'GET', '/api/presence');
  t.notMatch(colleague.text, /hotline/i, 'colleagues see nothing of it');
  await acd({ kind: 'logout', extension: '3001', force: true });
  t.same(await leadSees(), { 3001: false, 3002: false, 3003: undefined }, 'the lead sees the logout');
  t.same((await h.api(await h.login('3000'), 'GET', '/api/presence/hotlines/4300')).json, { kind: 'staffed', hotline: '4300', staffed: false });
});

void t.test('the user\'s own view has everything; absence reasons go to nobody but configured readers', async (t) => {
  const h = await startHarness();
  t.teardown(() => h.close());
  const me = await h.login('3001');
  const until = Date.now() + 86_400_000;
  const id = ((await h.api(me, 'POST', '/api/presence/me/absences', { reason: 'training', until })).json as { id: string }).id;
  const own = (await h.api(me, 'GET', '/api/presence/me')).json as { absences: unknown[]; state: string };
  t.match(own.absences, [{ id, reason: 'training', until }]);
  t.equal(own.state, 'unreachable');
  t.same((await h.api(me, 'GET', '/api/presence/users/3001/absences')).json, own.absences, 'the user may read their own');
  const colleague = await h.login('3002');
  t.equal((await h.api(colleague, 'GET', '/api/presence/users/3001/absences')).status, 403);
  const hr = await h.login('3008');
  t.same((await h.api(hr, 'GET', '/api/presence/users/3001/absences')).json, own.absences, 'a user listed in absenceReasonReaders may read them');
  t.equal((await h.api(hr, 'GET', '/api/presence/users/3001')).status, 403, 'and watches nobody for that');
  t.equal((await h.api(await h.login('3000'), 'GET', '/api/presence/users/3001/absences')).status, 403, 'not even the operator reads reasons');
  const seen = await h.api(colleague, 'GET', '/api/presence/users/3001');
  t.same(seen.json, { user: '3001', name: 'Anna Amt', state: 'unreachable' });
  t.equal((await h.api(me, 'POST', '/api/presence/me/absences', { reason: 'sick', until: 5 })).status, 400, 'an absence ending before it starts is refused');
  t.equal((await h.api(me, 'POST', '/api/presence/me/absences', { reason: 'flu' })).status, 400, 'reasons come from a closed list');
  t.equal((await h.api(me, 'POST', '/api/presence/me/dnd', { on: true, until: 5 })).status, 400);
});

void t.test('§5.3 tests 9 and 11: a colleague\'s stream over a day carries strict-schema events with no call ids, numbers, reasons, dates or durations', async (t) => {
  const h = await startHarness();
  t.teardown(() => h.close());
  const phone = await registeredPhone({ sipPort: h.sipPort }, '3001', PASSWORDS['3001']!, { holdMs: 3_600_000 });
  t.teardown(() => phone.kill());
  await h.waitLog('registration changed', 1, { extension: '3001' });
  const colleague = await h.login('3002');
  const me = await h.login('3001');
  const ws = new WebSocket(`ws://127.0.0.1:${h.httpPort}/api/presence/stream`, { headers: { authorization: `Bearer ${colleague}` } });
  const frames: string[] = [];
  ws.on('message', (d: Buffer) => frames.push(d.toString()));
  await new Promise((r) => ws.once('open', r));
  t.teardown(() => ws.close());
  await waitFor(() => frames.length >= 1);
  const until = Date.UTC(2031, 4, 17, 22);
  let expected = 1;
  const visible = async (fn: () => unknown) => {
    await fn();
    expected += 1;
    await waitFor(() => frames.length >= expected, { what: `event ${expected}` });
  };
  const a = leg(h, '3001', 'inbound', true);
  await visible(() => a.set('early'));
  await visible(() => a.set('confirmed'));
  const b = leg(h, '3001', 'outbound', false);
  b.set('confirmed');
  b.set('terminated');
  await visible(() => a.set('terminated'));
  await visible(() => h.api(me, 'POST', '/api/presence/me/absences', { reason: 'sick', until }));
  await h.api(me, 'POST', '/api/presence/me/absences', { reason: 'holiday', until: until + 86_400_000 });
  await h.api(me, 'POST', '/api/presence/me/dnd', { on: true });
  const c = leg(h, '3001', 'inbound', true);
  c.set('confirmed');
  c.set('terminated');
  await h.api(me, 'DELETE', '/api/presence/me/absences');
  await visible(() => h.api(me, 'POST', '/api/presence/me/dnd', { on: false }));
  // A visible change by another user closes the day: every hidden change before it is on the wire by now.
  await visible(() => leg(h, '3003', 'inbound', false).set('confirmed'));
  t.equal(frames.length, expected, 'hidden changes (second call, reason edited, DND and a call during absence) sent nothing');
  for (const f of frames) t.ok(streamMessage.safeParse(JSON.parse(f)).success, `strict schema: ${f.slice(0, 60)}`);
  const day = frames.join('\n');
  for (const bad of ['leg-', '198.51.100.7', 'call-', 'sick', 'holiday', 'training', String(until), '2031', 'since', 'duration', 'direction', 'external', 'internal']) {
    t.notOk(day.includes(bad), `no ${bad}`);
  }
  t.same(frames.slice(1).map((f) => (JSON.parse(f) as { presence: { user: string; state: string } }).presence).map((p) => `${p.user}:${p.state}`),
    ['3001:ringing', '3001:busy', '3001:available', '3001:unreachable', '3001:available', '3003:busy'], 'the visible states, in order');
});
