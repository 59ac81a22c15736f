/**
 * Hotline agents from the command line (issue 6 items 6-7): login, the last-agent guard with
 * --force, status and log, with and without a running PBX; logins survive kill -9; route explain.
 */
import t from 'tap';
import { startPbx } from '../helpers/pbx.js';
import { E2E_DIALPLAN } from '../helpers/e2e.js';

const HOTLINE = 'test/fixtures/dialplans/e2e/hotline.yaml';

void t.test('agent CLI with a running PBX: login, guard, force, status, log, restart keeps logins', async (t) => {
  const p = await startPbx({ dialplans: [E2E_DIALPLAN, HOTLINE] });
  t.teardown(() => p.stop());
  t.equal(p.cli(['agent', 'login', '4100', '2001']).code, 0, 'login');
  const status = JSON.parse(p.cli(['hotline', 'status', '4100', '--json']).stdout) as { agents: Array<{ extension: string; state: string }>; waiting: unknown[]; running: boolean };
  t.equal(status.running, true);
  t.same(status.agents.find((a) => a.extension === '2001')?.state, 'available');
  t.same(status.waiting, []);
  const guarded = p.cli(['agent', 'logout', '4100', '2001']);
  t.equal(guarded.code, 1, 'logging out the last staffed agent is refused');
  t.match(guarded.stderr, /last staffed agent of hotline 4100/);
  t.equal(p.cli(['agent', 'login', '4100', '2002']).code, 0);
  t.equal(p.cli(['agent', 'pause', '2002', '--reason', 'lunch']).code, 0, 'pausing a second agent while another is staffed');
  p.kill();
  await p.restart();
  const after = JSON.parse(p.cli(['hotline', 'status', '4100', '--json']).stdout) as { agents: Array<{ extension: string; state: string }> };
  t.same(after.agents.map((a) => [a.extension, a.state]), [['2001', 'available'], ['2002', 'paused']], 'logins and pauses survived kill -9');
  t.equal(p.cli(['agent', 'logout', '4100', '2001', '--force']).code, 0, '--force logs out the last one');
  const log = JSON.parse(p.cli(['hotline', 'log', '4100', '--json']).stdout) as Array<{ event: string; agent: string | null }>;
  t.same(log.map((e) => e.event), ['login', 'login', 'pause', 'logout', 'understaffed']);
  t.notOk(JSON.stringify(log).includes('lunch'), 'pause reasons are not written to the hotline log');
});

void t.test('agent CLI without a running PBX changes the stored state through the same guard', async (t) => {
  const p = await startPbx({ dialplans: [E2E_DIALPLAN, HOTLINE] });
  t.teardown(() => p.stop());
  p.kill();
  await new Promise((r) => setTimeout(r, 200));
  t.equal(p.cli(['agent', 'login', '4100', '2002']).code, 0);
  t.match(p.cli(['agent', 'login', '4100', '2003']).stderr, /refused: (no such agent|not an agent of this hotline)/, 'a user who is no agent is refused');
  const s = JSON.parse(p.cli(['hotline', 'status', '4100', '--json']).stdout) as { running: boolean; agents: Array<{ extension: string; state: string }> };
  t.equal(s.running, false);
  t.same(s.agents.find((a) => a.extension === '2002')?.state, 'available');
  t.equal(p.cli(['agent', 'logout', '4100', '2002']).code, 1, 'the guard holds offline too');
  const explain = JSON.parse(p.cli(['route', 'explain', '--to', '4100', '--from', '2003', '--at', '2026-12-25T10:00:00+01:00', '--json']).stdout) as { steps: Array<{ kind: string; extension?: string }>; explain: string[] };
  t.same(explain.steps.map((x) => x.kind), ['user'], 'Christmas Day: after hours to user 2004');
  t.equal(explain.steps[0]?.extension, '2004');
  t.match(explain.explain.join('\n'), /closed: public holiday/);
  const open = JSON.parse(p.cli(['route', 'explain', '--to', '4100', '--at', '2026-12-22T10:00:00+01:00', '--json']).stdout) as { steps: Array<{ kind: string }> };
  t.same(open.steps.map((x) => x.kind), ['hotline']);
});
