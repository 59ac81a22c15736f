/** process.env as a plain snapshot (server/src/lib/env-snapshot.ts): same values, still inherited. */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { types } from 'node:util';
import { snapshotEnv } from '../../../../server/src/lib/env-snapshot.js';

void t.test('the snapshot is a plain object with every variable, and child processes inherit it', async (t) => {
  const before = { ...process.env };
  const original = process.env;
  t.teardown(() => { process.env = original; });
  process.env.ZENTRALE_SNAPSHOT_PROBE = 'before';
  snapshotEnv();
  t.not(process.env, original, 'replaced');
  t.equal(Object.getPrototypeOf(process.env), Object.prototype, 'a plain object');
  t.notOk(types.isProxy(process.env));
  t.same({ ...process.env }, { ...before, ZENTRALE_SNAPSHOT_PROBE: 'before' }, 'with every variable and value');
  process.env.ZENTRALE_SNAPSHOT_PROBE = 'after';
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(process.env.ZENTRALE_SNAPSHOT_PROBE ?? "unset")'], { encoding: 'utf8' });
  t.equal(child.stdout, 'after', 'a child process gets the snapshot, including later changes');
});
