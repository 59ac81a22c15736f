// End to end (issue 9): `zentrale start` with SIPp phones. Directed pickup by *8 and by a BLF
// key's INVITE/Replaces (§5.3 test 5), DND by *26/#26 and by the CLI, absences by the CLI, a
// restart of the feature server that loses none of them, and a day's log without a reason
// (test 16). The SIP engine runs on its own here, as a drachtio-server would, so that the feature
// server can be killed and restarted under it.
import t from 'tap';
import type { Test } from 'tap';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startPbx, type Pbx } from '../helpers/pbx.js';
import { registeredPhone, waitRegistered, asUser } from '../helpers/phones.js';
import { runSipp, assertSippPassed, type SippResult } from '../helpers/sipp.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait-for.js';
import { callRecords } from '../helpers/e2e.js';
import { PickupTokens } from '../../server/src/presence-feature/sip/pickup-tokens.js';

const DIALPLAN = 'test/fixtures/dialplans/e2e/presence.yaml';
const PW: Record<string, string> = { 3000: 'olga-secret-1', 3001: 'anna-secret-1', 3002: 'bernd-secret-1', 3003: 'carla-secret-1', 3005: 'emil-secret-1', 3009: 'xaver-secret-1' };

async function engine(t: Test): Promise<{ sip: number; control: number; secret: string }> {
  const sip = await freePort();
  const control = await freePort();
  const secret = 'presence-e2e-engine';
  const child: ChildProcess = spawn(process.execPath, [resolve('bin/zentrale.js'), 'sip-engine', '--sip', `127.0.0.1:${sip}`, '--control', `127.0.0.1:${control}`, '--log-level', 'warn'], {
    env: { ...process.env, ZENTRALE_ENGINE_SECRET: secret }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.teardown(() => { child.kill('SIGTERM'); });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => out.includes('"event":"listening"'), { what: 'SIP engine listening' });
  return { sip, control, secret };
}

async function pbx(t: Test): Promise<Pbx> {
  const e = await engine(t);
  const p = await startPbx({
    dialplans: [DIALPLAN],
    env: { ZENTRALE_DIGEST_ALGORITHMS: 'MD5', ZENTRALE_DRACHTIO: `127.0.0.1:${e.control}`, ZENTRALE_DRACHTIO_SECRET: e.secret, ZENTRALE_SIP_LISTEN: `127.0.0.1:${e.sip}` },
  });
  t.teardown(() => p.stop());
  // startPbx picked a SIP port of its own; phones must use the engine's.
  return { ...p, sipPort: e.sip };
}

function call(p: Pbx, scenario: string, user: string, to: string, keys: Record<string, string> = {}, holdMs = 500): Promise<SippResult> {
  const extra = [...asUser(user, PW[user]!), '-d', String(holdMs)];
  for (const [k, v] of Object.entries(keys)) extra.push('-key', k, v);
  return runSipp({ scenario: resolve(scenario), remote: `127.0.0.1:${p.sipPort}`, service: to, extra, timeoutSec: 30 });
}

/** A web session of `user` (password set with the CLI, from stdin). */
async function session(p: Pbx, user: string): Promise<(path: string) => Promise<Record<string, unknown>>> {
  const r = spawnSync(process.execPath, ['bin/zentrale.js', 'user', 'web-password', user], { env: p.env, input: `${user}-panel-password\n`, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const login = await fetch(`http://127.0.0.1:${p.httpPort}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ extension: user, password: `${user}-panel-password` }) });
  const { token } = (await login.json()) as { token: string };
  return async (path) => (await (await fetch(`http://127.0.0.1:${p.httpPort}${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, unknown>;
}

async function ringAnna(t: Test, p: Pbx, watcher: (path: string) => Promise<Record<string, unknown>>) {
  const anna = await registeredPhone(p, '3001', PW['3001']!, { answer: 'ring-expect-cancel-ooc.xml', holdMs: 12_000 });
  t.teardown(() => anna.kill());
  await waitRegistered(p.output, '3001');
  const caller = call(p, 'test/scenarios/phone/call.xml', '3009', '3001', {}, 1000);
  await waitFor(async () => (await watcher('/api/presence/users/3001')).state === 'ringing', { ms: 10_000, what: '3001 ringing' });
  return { anna, caller };
}

void t.test('§5.3 test 5: pickup by *8 and by a BLF key\'s Replaces token; foreign tokens, missing rights and nothing ringing are refused', async (t) => {
  const p = await pbx(t);
  const bernd = await session(p, '3002');
  const tokens = new PickupTokens((JSON.parse(readFileSync(join(p.dataDir, 'secrets.json'), 'utf8')) as { nonceSecret: string }).nonceSecret);
  const pickupUri = '*83001';

  const first = await ringAnna(t, p, bernd);
  assertSippPassed(t, await call(p, 'test/scenarios/presence/call-expect-403.xml', '3005', '*83001'), 'Emil (Bauamt, no pickup) cannot use *8');
  assertSippPassed(t, await call(p, 'test/scenarios/presence/pickup-replaces-expect-403.xml', '3003', pickupUri, { token: tokens.tokenFor('3002', '3001') }), 'Carla with Bernd\'s token: 403');
  assertSippPassed(t, await call(p, 'test/scenarios/presence/pickup-replaces-expect-403.xml', '3005', pickupUri, { token: tokens.tokenFor('3005', '3001') }), 'Emil\'s own token gives no right: 403');
  assertSippPassed(t, await call(p, 'test/scenarios/presence/call-expect-bye.xml', '3002', '*83001'), 'Bernd picks up by *8 and talks until the caller hangs up');
  assertSippPassed(t, await first.caller, 'the caller was connected to Bernd');
  t.match((await first.anna.done).messages, /CANCEL sip:/, 'Anna\'s phone stopped ringing');
  await waitFor(async () => (await callRecords(p)).filter((c) => c.ended === 1).length >= 2, { what: 'records' });
  t.match(await callRecords(p), [
    { caller: '3009', callee: '3001', answered_by: '3002' },
  ], 'the call is recorded as answered by the picker');

  const second = await ringAnna(t, p, bernd);
  assertSippPassed(t, await call(p, 'test/scenarios/presence/pickup-replaces.xml', '3002', pickupUri, { token: tokens.tokenFor('3002', '3001') }), 'Bernd picks up with his BLF key (Replaces)');
  assertSippPassed(t, await second.caller, 'the caller was connected');
  assertSippPassed(t, await call(p, 'test/scenarios/presence/pickup-replaces-expect-481.xml', '3002', pickupUri, { token: tokens.tokenFor('3002', '3001') }), 'nothing rings any more: 481');
});

void t.test('DND by *26/#26 and by the CLI, absences by the CLI with and without a running PBX; a restart of the feature server loses none; the log holds no reason (§5.3 test 16)', async (t) => {
  const p = await pbx(t);
  const anna = await registeredPhone(p, '3001', PW['3001']!, { holdMs: 40_000 });
  t.teardown(() => anna.kill());
  await waitRegistered(p.output, '3001');
  assertSippPassed(t, await call(p, 'test/scenarios/phone/call-answered-expect-bye.xml', '3001', '*26'), '*26 answered with a spoken confirmation');
  assertSippPassed(t, await call(p, 'test/scenarios/phone/call-expect-480.xml', '3002', '3001'), 'a caller gets 480 while DND is on');
  assertSippPassed(t, await call(p, 'test/scenarios/phone/call-answered-expect-bye.xml', '3001', '#26'), '#26 confirmed by a prompt');
  assertSippPassed(t, await call(p, 'test/scenarios/phone/call.xml', '3002', '3001'), 'Anna rings again');

  t.match(p.cli(['user', 'dnd', '3001', 'on']), { code: 0, stdout: /the running PBX knows it now/ });
  assertSippPassed(t, await call(p, 'test/scenarios/phone/call-expect-480.xml', '3002', '3001'), 'CLI DND takes effect at once');
  t.equal(p.cli(['user', 'absence', '3001', '--reason', 'flu']).code, 2, 'reasons come from a closed list');
  t.equal(p.cli(['user', 'absence', '3001', '--reason', 'sick', '--until', '30.12.2099']).code, 2, 'dates are YYYY-MM-DD');

  p.kill();
  await waitFor(async () => fetch(`http://127.0.0.1:${p.httpPort}/healthz`).then(() => false, () => true), { what: 'PBX down' });
  // The CLI works on the store alone while the PBX is down; the PBX reads it when it starts.
  const absence = p.cli(['user', 'absence', '3001', '--reason', 'sick', '--until', '2099-12-30']);
  t.equal(absence.code, 0);
  t.notMatch(absence.stdout, /sick|2099|knows it now/, 'the CLI does not print the reason back, and no PBX was told');
  await p.restart();
  const anna2 = await session(p, '3001');
  const own = await anna2('/api/presence/me');
  t.equal(own.dnd, true, 'DND survived the restart');
  t.match(own.absences, [{ reason: 'sick' }], 'the absence written while the PBX was down is there');
  assertSippPassed(t, await call(p, 'test/scenarios/phone/call-expect-480.xml', '3002', '3001'), 'and routing still knows DND');
  const bernd = await session(p, '3002');
  t.equal((await bernd('/api/presence/users/3001')).state, 'unreachable', 'a colleague sees unreachable only');
  t.match(p.cli(['user', 'absence', '3001', '--clear']), { code: 0, stdout: /1 absence\(s\) of 3001 removed; the running PBX knows it now/ });
  t.match(p.cli(['user', 'dnd', '3001', 'off']), { code: 0, stdout: /knows it now/ });
  await waitFor(async () => (await bernd('/api/presence/users/3001')).state !== 'unreachable', { what: '3001 reachable again' });

  // A fresh phone for Anna: the first one's registration may have run out on a slow machine.
  anna.kill();
  const mark = p.output().length;
  const annaAgain = await registeredPhone(p, '3001', PW['3001']!, { holdMs: 30_000 });
  t.teardown(() => annaAgain.kill());
  await waitFor(() => p.output().slice(mark).split('\n').some((l) => l.includes('registration changed') && l.includes('"extension":"3001"')), { what: '3001 registered again' });
  assertSippPassed(t, await call(p, 'test/scenarios/phone/call.xml', '3002', '3001'), 'Anna rings after DND off');

  const log = p.output();
  for (const leak of ['sick', 'krank', '2099', String(Date.UTC(2099, 11, 30, 23))]) t.notOk(log.includes(leak), `the log has no ${leak}`);
});
