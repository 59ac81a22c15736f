import t from 'tap';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  diffSiteConfig, exportSiteConfig, formatDiff, formatIssue, loadDialplan, toDialplanObject, type SiteConfig,
} from '../../../../../server/src/config/dialplan/index.js';

function load(text: string): SiteConfig {
  const r = loadDialplan([{ path: 'site.yaml', text }]);
  if (!r.ok) throw new Error(`${r.error.map(formatIssue).join('\n')}\n---\n${text}`);
  return r.value;
}
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../../../fixtures/dialplans/good/${name}`, import.meta.url)), 'utf8');

const BASE = `
users:
  - { extension: "3001", name: Anna Muster, password: "anna-geheim-1" }
  - { extension: "3002", name: Bernd Beispiel, mobile: "+491701234567" }
hotlines:
  - { number: "4100", name: Bürgerbüro, ringSec: 20, agents: [{ extension: "3001", skills: { de: 2 } }] }
huntGroups:
  - { number: "600", members: [{ user: "3002" }] }
`;

void t.test('formatDiff prints one readable line per added, removed or changed thing', async (t) => {
  const rows: [string, string, string][] = [
    ['no change', BASE, 'no changes'],
    ['a user added', `${BASE.replace('users:\n', 'users:\n  - { extension: "3005", name: Anna Muster }\n')}`, '+ user 3005 (Anna Muster)'],
    ['a hotline field changed', BASE.replace('ringSec: 20', 'ringSec: 25'), '~ hotline 4100: ringSec 20 -> 25'],
    ['a hunt group removed', BASE.replace(/huntGroups:[\s\S]*$/, ''), '- hunt group 600'],
    ['a nested skill changed', BASE.replace('de: 2', 'de: 4'), '~ hotline 4100: agents[0].skills.de 2 -> 4'],
    ['an agent added', BASE.replace('skills: { de: 2 } }]', 'skills: { de: 2 } }, { extension: "3002" }]'),
      '~ hotline 4100: agents[1] (none) -> {"extension":"3002","skills":{},"tier":1,"ringMobile":"no"}'],
    ['a password change shows no secret', BASE.replace('anna-geheim-1', 'anna-geheim-2'),
      '~ user 3001: devices[0].ha1.md5 (set) -> (changed)\n~ user 3001: devices[0].ha1.sha256 (set) -> (changed)'],
    ['a mobile change shows no number', BASE.replace('+491701234567', '+491709999999'), '~ user 3002: mobile (set) -> (changed)'],
    ['a single section added', `${BASE}worksCouncilMode: false\n`, '~ worksCouncilMode: true -> false'],
    ['site settings', `${BASE}site: { name: Rathaus }\n`, '~ site: name Zentrale -> Rathaus'],
    ['absence reason readers added', `${BASE}absenceReasonReaders: ["3002"]\n`, '~ absenceReasonReaders: (none) -> 3002'],
    ['the hotline count threshold', `${BASE}aggregateMinGroup: 8\n`, '~ aggregateMinGroup: 5 -> 8'],
  ];
  const before = load(BASE);
  for (const [why, after, expected] of rows) t.equal(formatDiff(diffSiteConfig(before, load(after))), expected, why);
});

void t.test('diff entries carry entity and key for programs', async (t) => {
  const changes = diffSiteConfig(load(BASE), load(BASE.replace('ringSec: 20', 'ringSec: 25').replace(/huntGroups:[\s\S]*$/, '')));
  t.same(changes, [
    { op: 'change', entity: 'hotline', key: '4100', fields: [{ path: 'ringSec', from: '20', to: '25' }] },
    { op: 'remove', entity: 'huntGroup', key: '600' },
  ]);
});

void t.test('export writes HA1 and PIN hashes, never passwords or PINs', async (t) => {
  const site = load(`${fixture('full.yaml')}`);
  const yaml = exportSiteConfig(site);
  for (const secret of ['correct horse battery', 'bernd-geheim-1', 'trunk-secret', '4711']) t.notMatch(yaml, secret, `no ${secret}`);
  t.match(yaml, 'ha1:');
  t.match(yaml, /^# Exported by `zentrale export`/);
  const again = load(yaml);
  t.same(toDialplanObject(again), toDialplanObject(site), 'the export loads back to the same dialplan, secrets aside');
  t.equal(formatDiff(diffSiteConfig(site, again)), [
    '~ trunk carrier: auth.password (set) -> (none)',
    '~ trunk carrier: register.password (set) -> (none)',
    '~ user 3001: pin (set) -> (none)',
  ].join('\n'), 'only the unexported secrets differ');
});

void t.test('every good fixture survives export and load unchanged', async (t) => {
  for (const name of ['issue-6-hotline.yaml', 'issue-9-teams.yaml', 'routing-site.yaml', 'split/users.yaml', 'empty.yaml']) {
    const site = load(fixture(name));
    const again = load(exportSiteConfig(site));
    if (name === 'routing-site.yaml') t.same(toDialplanObject(again), toDialplanObject(site), `${name}: equal apart from the PIN`);
    else t.same(again, site, `${name}: equal config, indexes included`);
    t.equal(exportSiteConfig(again), exportSiteConfig(site), `${name}: export is stable`);
  }
});

// Valid-by-construction dialplans for the round-trip property.
const ext = fc.integer({ min: 1000, max: 1999 }).map(String);
const skillMap = fc.dictionary(fc.constantFrom('de', 'en', 'kfz', 'tr'), fc.integer({ min: 1, max: 9 }), { maxKeys: 3 });
const target = (users: string[]) => fc.oneof(
  fc.constantFrom(...users).map((user) => ({ user })),
  fc.constantFrom(...users).map((voicemail) => ({ voicemail })),
  fc.constantFrom('hotline/closed', 'ivr/bye').map((announcement) => ({ announcement })),
);
const dialplan = fc.uniqueArray(ext, { minLength: 1, maxLength: 6 }).chain((exts) => fc.record({
  site: fc.record({ name: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && s.length > 0), holidays: fc.record({ state: fc.constantFrom('BY', 'NW', 'SN') }), maxRingSec: fc.integer({ min: 5, max: 600 }) }),
  users: fc.tuple(...exts.map((extension) => fc.record({
    extension: fc.constant(extension),
    name: fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: undefined }),
    password: fc.option(fc.string({ minLength: 8, maxLength: 20 }), { nil: undefined }),
    pinHash: fc.option(fc.constant('$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA'), { nil: undefined }),
    clir: fc.boolean(),
    language: fc.option(fc.constantFrom('de', 'en'), { nil: undefined }),
    voicemail: fc.record({ noAnswerSec: fc.integer({ min: 5, max: 300 }), attach: fc.boolean() }),
    forwarding: fc.record({ busy: fc.option(fc.constantFrom(...exts).map((user) => ({ user })), { nil: undefined }) }),
  }))),
  hotlines: fc.array(fc.record({
    name: fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: undefined }),
    strategy: fc.constantFrom('ring-all', 'linear', 'longest-idle', 'skill-level-first'),
    ringSec: fc.integer({ min: 5, max: 300 }),
    timePlan: fc.option(fc.constant('plan'), { nil: undefined }),
    requires: skillMap,
    afterHours: fc.option(target(exts), { nil: undefined }),
    digits: fc.dictionary(fc.constantFrom('1', '2', '*'), target(exts), { maxKeys: 2 }),
    agents: fc.uniqueArray(fc.constantFrom(...exts), { maxLength: 3 }).chain((as) => fc.tuple(...as.map((a) => fc.record({ extension: fc.constant(a), skills: skillMap, tier: fc.integer({ min: 1, max: 3 }) })))),
  }), { maxLength: 3 }).map((hs) => hs.map((h, i) => ({ number: String(4100 + i), ...h }))),
  timePlans: fc.constant([{ id: 'plan', closed: ['12-24'], open: { mon: ['08:00-12:00'], fri: ['08:00-12:00', '13:00-24:00'] } }]),
  teams: fc.array(fc.record({ id: fc.constantFrom('a', 'b-team'), members: fc.subarray(exts), pickup: fc.boolean() }), { maxLength: 1 }),
}));

const withoutUndefined = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

void t.test('property: export then load gives an equal config, and diffing them finds nothing', async (t) => {
  fc.assert(
    fc.property(dialplan, (d) => {
      const first = load(stringify(withoutUndefined(d)));
      const second = load(exportSiteConfig(first));
      t.same(second, first);
      return diffSiteConfig(first, second).length === 0 && exportSiteConfig(second) === exportSiteConfig(first);
    }),
    { numRuns: 150 },
  );
  t.pass('150 random dialplans');
});
