import t from 'tap';
import { parse as parseYaml } from 'yaml';
import { mayPickup, mayReadAbsenceReason, mayWatch, presenceRulesSchema, relationOf } from '../../../../server/src/presence/index.js';
import type { ViewerIdentity } from '../../../../server/src/presence/index.js';

// The shape issue 9 item 2 prescribes, verbatim.
const ISSUE_YAML = `
teams:
  - id: buergerbuero
    members: ["3001", "3002", "3003"]   # colleagues: may watch each other
    leads: ["3004"]
    operators: ["3000"]                 # the switchboard: watches every member
    pickup: true                        # members may pick up each other's ringing calls
worksCouncilMode: true
`;

const rules = presenceRulesSchema.parse({
  ...(parseYaml(ISSUE_YAML) as object),
  teams: [
    ...(parseYaml(ISSUE_YAML) as { teams: object[] }).teams,
    { id: 'standesamt', members: ['3101', '3102', '3001'], leads: ['3002'], operators: ['3000'] },
  ],
});

void t.test('the YAML shape of issue 9 parses, with privacy-preserving defaults', async (t) => {
  const parsed = presenceRulesSchema.parse(parseYaml(ISSUE_YAML));
  t.same(parsed, {
    teams: [{ id: 'buergerbuero', members: ['3001', '3002', '3003'], leads: ['3004'], operators: ['3000'], pickup: true }],
    worksCouncilMode: true, aggregateMinGroup: 5, absenceReasonReaders: [],
  });
  const minimal = presenceRulesSchema.parse({ teams: [{ id: 'a', members: ['1'] }] });
  t.same(minimal, {
    teams: [{ id: 'a', members: ['1'], leads: [], operators: [], pickup: false }],
    worksCouncilMode: true, aggregateMinGroup: 5, absenceReasonReaders: [],
  }, 'pickup off and works-council mode on unless configured');
});

void t.test('unknown keys, duplicate team ids and empty extensions are rejected with their paths', async (t) => {
  const cases: [string, unknown, (string | number)[]][] = [
    ['unknown top-level key', { teams: [], showCallers: true }, []],
    ['unknown team key', { teams: [{ id: 'a', members: ['1'], seeNumbers: true }] }, ['teams', 0]],
    ['duplicate team id', { teams: [{ id: 'a', members: ['1'] }, { id: 'a', members: ['2'] }] }, ['teams', 1, 'id']],
    ['empty extension', { teams: [{ id: 'a', members: [''] }] }, ['teams', 0, 'members', 0]],
    ['k below 2', { aggregateMinGroup: 1 }, ['aggregateMinGroup']],
  ];
  for (const [name, input, path] of cases) {
    const result = presenceRulesSchema.safeParse(input);
    t.equal(result.success, false, name);
    t.same(result.error?.issues[0]?.path, path, `${name}: path`);
  }
});

void t.test('relations follow the teams: members, leads and operators, broadest relation wins', async (t) => {
  const sv: ViewerIdentity = { user: '9000', roles: ['supervisor'] };
  const cases: [string, ViewerIdentity, string, unknown][] = [
    ['the user self', { user: '3001' }, '3001', { kind: 'watch', viewerClass: 'self', pickup: false, routing: false, hotlineLogin: false }],
    ['member of a pickup team', { user: '3003' }, '3001', { kind: 'watch', viewerClass: 'colleague', pickup: true, routing: false, hotlineLogin: false }],
    ['member of a team without pickup', { user: '3101' }, '3102', { kind: 'watch', viewerClass: 'colleague', pickup: false, routing: false, hotlineLogin: false }],
    ['pickup follows the team both share', { user: '3101' }, '3001', { kind: 'watch', viewerClass: 'colleague', pickup: false, routing: false, hotlineLogin: false }],
    ['team lead', { user: '3004' }, '3001', { kind: 'watch', viewerClass: 'lead', pickup: false, routing: false, hotlineLogin: true }],
    ['lead in one team, colleague in another: both rights', { user: '3002' }, '3101', { kind: 'watch', viewerClass: 'lead', pickup: false, routing: false, hotlineLogin: true }],
    ['lead and pickup colleague of the same user', { user: '3002' }, '3001', { kind: 'watch', viewerClass: 'lead', pickup: true, routing: false, hotlineLogin: true }],
    ['operator', { user: '3000' }, '3101', { kind: 'watch', viewerClass: 'operator', pickup: true, routing: true, hotlineLogin: false }],
    ['members may not watch their lead who is no member', { user: '3001' }, '3004', { kind: 'refused', reason: 'no-relation' }],
    ['leads of one team may not watch another team', { user: '3004' }, '3101', { kind: 'refused', reason: 'no-relation' }],
    ['a stranger', { user: '7777' }, '3001', { kind: 'refused', reason: 'no-relation' }],
    ['supervisor in works-council mode', sv, '3001', { kind: 'refused', reason: 'works-council-mode' }],
  ];
  for (const [name, viewer, target, expected] of cases) t.same(relationOf(viewer, target, rules), expected, name);
});

void t.test('outside works-council mode a supervisor watches everyone with the team lead view', async (t) => {
  const open = presenceRulesSchema.parse({ ...rules, worksCouncilMode: false });
  t.same(relationOf({ user: '9000', roles: ['supervisor'] }, '3102', open),
    { kind: 'watch', viewerClass: 'supervisor', pickup: false, routing: false, hotlineLogin: true });
  t.same(relationOf({ user: '3101', roles: ['supervisor'] }, '3102', rules),
    { kind: 'watch', viewerClass: 'colleague', pickup: false, routing: false, hotlineLogin: false },
    'in works-council mode a supervisor who is also a colleague keeps the colleague view only');
});

void t.test('mayWatch and mayPickup answer from the rules', async (t) => {
  const cases: [string, string, boolean, boolean][] = [
    ['3002', '3001', true, true],
    ['3002', '3003', true, true],
    ['3001', '3001', true, false],
    ['3000', '3003', true, true],
    ['3004', '3003', true, false],
    ['3102', '3101', true, false],
    ['3003', '3101', false, false],
    ['7777', '3001', false, false],
  ];
  for (const [viewer, target, watch, pickup] of cases) {
    t.equal(mayWatch({ user: viewer }, target, rules), watch, `${viewer} watches ${target}`);
    t.equal(mayPickup(viewer, target, rules), pickup, `${viewer} picks up ${target}`);
  }
});

void t.test('revoking a relation in new rules revokes watching and pickup at once', async (t) => {
  const narrower = presenceRulesSchema.parse({
    teams: [{ id: 'buergerbuero', members: ['3001', '3003'], leads: ['3004'], operators: ['3000'], pickup: false }],
  });
  t.equal(mayWatch({ user: '3002' }, '3001', narrower), false, 'a colleague who left the team');
  t.equal(mayPickup('3003', '3001', narrower), false, 'pickup switched off');
  t.equal(mayPickup('3003', '3001', rules), true, 'the old rules object still answers as before');
});

void t.test('absence reasons are readable by the user and configured readers only', async (t) => {
  const hr = presenceRulesSchema.parse({ ...rules, absenceReasonReaders: ['8000'] });
  t.equal(mayReadAbsenceReason('3001', '3001', rules), true);
  t.equal(mayReadAbsenceReason('8000', '3001', hr), true);
  for (const reader of ['3000', '3002', '3004', '8000']) t.equal(mayReadAbsenceReason(reader, '3001', rules), false, reader);
});

void t.test('the site config\'s frozen teams can be used as rules as they are, optional keys defaulted', async (t) => {
  const site = {
    teams: Object.freeze([Object.freeze({
      id: 'bauamt', name: 'Bauamt', members: Object.freeze(['4001', '4002']), leads: Object.freeze([]), operators: Object.freeze(['4000']), pickup: false,
    })]),
    worksCouncilMode: true,
  } as const;
  t.equal(mayWatch({ user: '4002' }, '4001', site), true);
  t.equal(mayPickup('4000', '4001', site), true);
  t.equal(mayPickup('4002', '4001', site), false);
  t.equal(mayReadAbsenceReason('4000', '4001', site), false);
});
