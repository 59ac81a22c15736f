/**
 * The configuration commands (issue 3 item 5): user add/list, apply (all or nothing, problems as
 * file: path: reason), export round trip; a running PBX uses a change at once; a new user can
 * register right after `zentrale user add`.
 */
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2ePbx } from '../helpers/e2e.js';
import { RawSipClient, authorize } from '../helpers/raw-sip.js';

void t.test('user add, list, apply with problems, export and re-apply', async (t) => {
  const p = await e2ePbx(t);
  const added = p.cli(['user', 'add', '2010', '--password', 'neue-geheim-1', '--name', 'Neu Nutzer', '--email', 'neu@amt.example']);
  t.equal(added.code, 0, added.stderr);
  t.match(added.stdout, /\+ user 2010 \(Neu Nutzer\)/, 'the diff names the new user');
  t.match(added.stdout, /the running PBX knows it now/);
  const list = JSON.parse(p.cli(['user', 'list', '--json']).stdout) as Array<{ extension: string; name: string; devices: string[] }>;
  t.match(list.find((u) => u.extension === '2010'), { name: 'Neu Nutzer', devices: ['2010'] });
  t.equal(p.cli(['user', 'add', '2010', '--password', 'x-another-1']).code, 1, 'an existing extension is refused');

  const ua = new RawSipClient();
  await ua.open();
  t.teardown(() => ua.close());
  const c = await ua.register(p.sipPort, '2010', [`Contact: <sip:2010@127.0.0.1:${ua.port}>`, 'Expires: 120']);
  const r = await ua.register(p.sipPort, '2010', [`Contact: <sip:2010@127.0.0.1:${ua.port}>`, 'Expires: 120', `Authorization: ${authorize(c.header('WWW-Authenticate')!, '2010', 'neue-geheim-1', 'REGISTER', `sip:127.0.0.1:${p.sipPort}`)}`]);
  t.equal(r.status, 200, 'the new user registers at once');

  const before = p.cli(['export']).stdout;
  const bad = p.cli(['apply', 'test/fixtures/dialplans/e2e/bad/broken.yaml']);
  t.equal(bad.code, 1);
  t.match(bad.stderr, /broken\.yaml: users\[0\]\.password: must be at least 8 characters/);
  t.match(bad.stderr, /nothing applied/);
  t.equal(p.cli(['export']).stdout, before, 'a rejected file changes nothing');
  t.notMatch(before, /neue-geheim-1|password:/, 'export writes no passwords');
  t.match(before, /md5: [0-9a-f]{32}/, 'export writes HA1');

  const file = join(p.dataDir, 'exported.yaml');
  writeFileSync(file, before.replace('name: Neu Nutzer', 'name: Neu Nutzerin'));
  const re = p.cli(['apply', file]);
  t.equal(re.code, 0, re.stderr);
  t.match(re.stdout, /~ user 2010: name Neu Nutzer -> Neu Nutzerin/);
  const dry = p.cli(['apply', '--dry-run', file]);
  t.match(dry.stdout, /no changes[\s\S]*dry run/);
  const r2 = await ua.register(p.sipPort, '2010', [`Contact: <sip:2010@127.0.0.1:${ua.port}>`, 'Expires: 120', `Authorization: ${authorize(c.header('WWW-Authenticate')!, '2010', 'neue-geheim-1', 'REGISTER', `sip:127.0.0.1:${p.sipPort}`)}`]);
  t.equal(r2.status, 200, 'the HA1 survived export and re-apply');
});
