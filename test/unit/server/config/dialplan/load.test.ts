import t from 'tap';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { computeHa1, formatIssue, inBlock, loadDialplan, type SiteConfig } from '../../../../../server/src/config/dialplan/index.js';

function load(text: string, path = 'site.yaml'): SiteConfig {
  const r = loadDialplan([{ path, text }]);
  if (!r.ok) throw new Error(r.error.map(formatIssue).join('\n'));
  return r.value;
}

void t.test('dialplans/demo.yaml loads: 4 users without passwords, a hotline with time plan and agents, a menu, a hunt group', async (t) => {
  const path = fileURLToPath(new URL('../../../../../dialplans/demo.yaml', import.meta.url));
  const site = load(readFileSync(path, 'utf8'), 'demo.yaml');
  t.same(site.users.map((u) => u.extension), ['1001', '1002', '1003', '1004']);
  t.ok(site.users.every((u) => u.devices.length === 0), 'no credentials: the lead generates them');
  t.equal(site.hotlines[0]?.timePlan, 'buero');
  t.same(site.hotlines[0]?.agents.map((a) => a.extension), ['1001', '1002']);
  t.equal(site.ivrMenus.length, 1);
  t.equal(site.huntGroups[0]?.number, '600');
});

void t.test('HA1 follows RFC 2617 (MD5) and RFC 8760 (SHA-256)', async (t) => {
  // RFC 2617 §3.5 example: Mufasa / testrealm@host.com / Circle Of Life.
  t.equal(computeHa1('Mufasa', 'testrealm@host.com', 'Circle Of Life').md5, '939e7578ed9e3c518a452acee763bce9');
  t.equal(computeHa1('Mufasa', 'http-auth@example.org', 'Circle of Life').sha256,
    createHash('sha256').update('Mufasa:http-auth@example.org:Circle of Life').digest('hex'));
});

void t.test('passwords become HA1 with the site domain as realm and are not kept', async (t) => {
  const site = load(`
site: { domain: pbx.example.de }
users:
  - { extension: "3001", password: "geheim-3001" }
  - extension: "3002"
    devices:
      - { username: bernd-soft, password: "soft-geheim" }
      - { username: bernd-desk, ha1: { md5: "0123456789abcdef0123456789abcdef" } }
`);
  const [anna, bernd] = site.users;
  t.same(anna?.devices, [{ username: '3001', ha1: computeHa1('3001', 'pbx.example.de', 'geheim-3001') }], 'shorthand password: one device named like the extension');
  t.same(bernd?.devices, [
    { username: 'bernd-soft', ha1: computeHa1('bernd-soft', 'pbx.example.de', 'soft-geheim') },
    { username: 'bernd-desk', ha1: { md5: '0123456789abcdef0123456789abcdef' } },
  ]);
  t.notMatch(JSON.stringify(site.users), /geheim/, 'no plaintext password left in the config');
  t.equal(site.index.devices.get('bernd-desk')?.user.extension, '3002', 'devices are indexed by username');
});

void t.test('the loaded config is deep-frozen', async (t) => {
  const site = load('users:\n  - { extension: "3001", name: Anna }\n');
  t.ok(Object.isFrozen(site) && Object.isFrozen(site.users) && Object.isFrozen(site.users[0]) && Object.isFrozen(site.users[0]?.voicemail));
  t.throws(() => { (site.users[0] as { name: string }).name = 'X'; }, TypeError);
  t.ok(Object.isFrozen(site.index.users.get('3001')));
});

void t.test('defaults apply for absent sections and keys', async (t) => {
  const site = load('');
  t.same(site.featureCodes, {
    hotlineLogin: '*41', hotlineLogout: '*42', hotlinePause: '*43', wrapUpEnd: '*44', agentService: '*45',
    forwardAlwaysOn: '*21', forwardAlwaysOff: '#21', forwardBusyOn: '*67', forwardBusyOff: '#67',
    forwardNoAnswerOn: '*61', forwardNoAnswerOff: '#61', clirPrefix: '#31#', dndOn: '*26', dndOff: '#26', pickup: '*8', voicemail: '*98',
  });
  t.equal(site.worksCouncilMode, true, 'works-council mode is on unless turned off');
  t.equal(site.aggregateMinGroup, 5, 'hotline counts need five agents unless configured');
  t.same(site.absenceReasonReaders, [], 'nobody but the user reads absence reasons unless configured');
  t.same(site.site.emergencyNumbers, ['110', '112']);
  t.equal(site.outbound, null);
  const h = load('hotlines:\n  - { number: "4100" }\n').hotlines[0];
  t.match(h, { strategy: 'longest-idle', ringSec: 20, maxWaitSec: 600, minAgents: 0, announceSec: 60, presentToMobile: 'hotline', callback: false, alarm: { repeatMin: 5, emails: [] } });
});

void t.test('time plans inherit the site holidays unless they set their own or false', async (t) => {
  const site = load(`
site: { holidays: { state: NW } }
timePlans:
  - { id: a }
  - { id: b, holidays: { state: BY, region: A } }
  - { id: c, holidays: false }
`);
  t.same(site.timePlans.map((p) => p.holidays), [{ state: 'NW' }, { state: 'BY', region: 'A' }, false]);
});

void t.test('several files merge: lists concatenate, indexes cover all files', async (t) => {
  const r = loadDialplan([
    { path: 'a.yaml', text: 'site: { name: A }\nusers:\n  - { extension: "3001" }\n' },
    { path: 'b.yaml', text: 'users:\n  - { extension: "3002" }\nhotlines:\n  - { number: "4100", agents: [{ extension: "3001" }] }\n' },
  ]);
  t.ok(r.ok);
  if (!r.ok) return;
  t.same(r.value.users.map((u) => u.extension), ['3001', '3002']);
  t.same([...r.value.index.internal.keys()], ['3001', '3002', '4100']);
  t.same(r.value.index.agentOf.get('3001'), ['4100']);
});

void t.test('issues from several files are all reported, sorted by file and path', async (t) => {
  const r = loadDialplan([
    { path: 'b.yaml', text: 'users:\n  - { extension: "x" }\n  - { extension: "3001", nmae: A }\n' },
    { path: 'a.yaml', text: 'hotlines:\n  - { number: "4100", strategy: fastest }\n' },
  ]);
  t.same(r.ok ? [] : r.error.map(formatIssue), [
    'a.yaml: hotlines[0].strategy: must be one of: ring-all, linear, round-robin, longest-idle, fewest-calls, skill-level-first',
    'b.yaml: users[0].extension: must be 2 to 8 digits',
    'b.yaml: users[1].nmae: unknown key',
  ]);
});

void t.test('number blocks: variable and fixed-width DDI ranges', async (t) => {
  const rows: [string, string, string, boolean][] = [
    ['+498031620', '+49803162', '0-999', true],
    ['+49803162999', '+49803162', '0-999', true],
    ['+498031621000', '+49803162', '0-999', false],
    ['+4980316201', '+49803162', '0-999', false],
    ['+4980319', '+4980319', '00-99', false],
    ['+49803197', '+4980319', '00-99', false],
    ['+498031907', '+4980319', '00-99', true],
    ['+49803190', '+4980319', '00-99', false],
    ['+49803162150', '+49803162', '100-199', true],
    ['+49803172150', '+49803162', '100-199', false],
  ];
  for (const [n, base, ddi, expected] of rows) t.equal(inBlock(n, { base, ddi }), expected, `${n} in ${base} ${ddi}`);
});
