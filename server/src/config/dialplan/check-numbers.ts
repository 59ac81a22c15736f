/**
 * Uniqueness and number-space checks across all files: ids, extensions, device usernames,
 * internal numbers of every kind, feature codes, DDIs and private mobiles.
 */
import { inBlocks } from './blocks.js';
import type { DialplanIssue, PathSegment } from './issues.js';
import { formatPath } from './issues.js';
import type { Located, MergedDialplan } from './merge.js';
import { ARGUMENT_CODES, featureCodesSchema, type FeatureCodes } from './schema/index.js';

interface Claim {
  readonly what: string;
  readonly file: string;
  readonly path: string;
}

/** Records who claimed a key first and reports later claims. */
class Registry {
  private readonly claims = new Map<string, Claim>();
  constructor(private readonly issues: DialplanIssue[]) {}

  claim(key: string, what: string, loc: Located<unknown>, sub: readonly PathSegment[], verb = 'already used by'): boolean {
    const path = formatPath([...loc.path, ...sub]);
    const earlier = this.claims.get(key);
    if (earlier) {
      const where = earlier.file === loc.file ? earlier.path : `${earlier.file}: ${earlier.path}`;
      this.issues.push({ file: loc.file, path, message: `${verb} ${earlier.what} (${where})` });
      return false;
    }
    this.claims.set(key, { what, file: loc.file, path });
    return true;
  }

  get(key: string): Claim | undefined {
    return this.claims.get(key);
  }
}

function issueAt(loc: Located<unknown>, sub: readonly PathSegment[], message: string): DialplanIssue {
  return { file: loc.file, path: formatPath([...loc.path, ...sub]), message };
}

/** Runs every uniqueness and number-space check; returns the issues found. */
export function checkNumbers(m: MergedDialplan): DialplanIssue[] {
  const issues: DialplanIssue[] = [];
  const timePlans = new Registry(issues);
  for (const l of m.timePlans) timePlans.claim(l.value.id, `time plan ${l.value.id}`, l, ['id']);
  const menus = new Registry(issues);
  for (const l of m.ivrMenus) menus.claim(l.value.id, `IVR menu ${l.value.id}`, l, ['id']);
  const trunks = new Registry(issues);
  for (const l of m.trunks) trunks.claim(l.value.id, `trunk ${l.value.id}`, l, ['id']);
  const teams = new Registry(issues);
  for (const l of m.teams) teams.claim(l.value.id, `team ${l.value.id}`, l, ['id']);

  // One number space for everything dialable internally (issue 6: "an extension equal to a hotline number").
  const internal = new Registry(issues);
  for (const l of m.users) internal.claim(l.value.extension, `user ${l.value.extension}`, l, ['extension']);
  for (const l of m.hotlines) internal.claim(l.value.number, `hotline ${l.value.number}`, l, ['number']);
  for (const l of m.huntGroups) internal.claim(l.value.number, `hunt group ${l.value.number}`, l, ['number']);
  for (const l of m.ivrMenus) if (l.value.number !== undefined) internal.claim(l.value.number, `IVR menu ${l.value.id}`, l, ['number']);

  const site = m.site?.value;
  const emergency = site?.emergencyNumbers ?? ['110', '112'];
  const prefix = m.outbound?.value.prefix ?? '';
  const internalEntries: [Located<unknown>, string, PathSegment][] = [
    ...m.users.map((l) => [l, l.value.extension, 'extension'] as [Located<unknown>, string, PathSegment]),
    ...m.hotlines.map((l) => [l, l.value.number, 'number'] as [Located<unknown>, string, PathSegment]),
    ...m.huntGroups.map((l) => [l, l.value.number, 'number'] as [Located<unknown>, string, PathSegment]),
    ...m.ivrMenus.flatMap((l) => (l.value.number === undefined ? [] : [[l, l.value.number, 'number'] as [Located<unknown>, string, PathSegment]])),
  ];
  for (const [loc, number, key] of internalEntries) {
    // Swyx and caller-id.md §3.4: 110/112 can never be internal numbers.
    if (emergency.includes(number)) issues.push(issueAt(loc, [key], `${number} is an emergency number`));
    else if (prefix !== '' && number.startsWith(prefix)) {
      issues.push(issueAt(loc, [key], `${number} starts with the outside-line prefix ${prefix}`));
    }
  }

  const devices = new Registry(issues);
  for (const l of m.users) {
    if (l.value.password !== undefined) devices.claim(l.value.extension, `a device of user ${l.value.extension}`, l, ['extension'], 'device username already used by');
    l.value.devices.forEach((d, i) => devices.claim(d.username, `a device of user ${l.value.extension}`, l, ['devices', i, 'username']));
  }

  checkFeatureCodes(m, issues);
  checkDdis(m, issues);

  const mobiles = new Registry(issues);
  const blocks = m.numbers?.value.blocks ?? [];
  for (const l of m.users) {
    const mobile = l.value.mobile;
    if (mobile === undefined) continue;
    mobiles.claim(mobile, `the mobile of user ${l.value.extension}`, l, ['mobile'], 'already');
    if (inBlocks(mobile, blocks)) issues.push(issueAt(l, ['mobile'], 'is a number of our own blocks, not a private mobile'));
  }
  return issues;
}

function checkFeatureCodes(m: MergedDialplan, issues: DialplanIssue[]): void {
  const loc = m.featureCodes;
  const codes: FeatureCodes = loc?.value ?? featureCodesSchema.parse({});
  const at = loc ?? { value: codes, file: m.site?.file ?? '', path: ['featureCodes'] };
  const entries = Object.entries(codes) as [keyof FeatureCodes, string][];
  const seen = new Map<string, string>();
  for (const [name, code] of entries) {
    const other = seen.get(code);
    if (other !== undefined) issues.push(issueAt(at, [name], `${code} is already ${other}`));
    else seen.set(code, name);
  }
  // A code that extends an argument-taking code could never be told apart from code + argument.
  for (const [name, code] of entries) {
    for (const argName of ARGUMENT_CODES) {
      const argCode = codes[argName];
      if (argName !== name && code !== argCode && code.startsWith(argCode)) {
        issues.push(issueAt(at, [name], `${code} starts with ${argName} ${argCode}, which takes an argument`));
      }
    }
  }
}

function checkDdis(m: MergedDialplan, issues: DialplanIssue[]): void {
  const numbers = m.numbers;
  const blocks = numbers?.value.blocks ?? [];
  const ddis = new Registry(issues);
  const need = (loc: Located<unknown>, sub: readonly PathSegment[], n: string) => {
    if (!inBlocks(n, blocks)) issues.push(issueAt(loc, sub, `${n} is not in any of numbers.blocks`));
  };
  for (const l of m.users) if (l.value.ddi) { need(l, ['ddi'], l.value.ddi); ddis.claim(l.value.ddi, `user ${l.value.extension}`, l, ['ddi']); }
  for (const l of m.hotlines) if (l.value.ddi) { need(l, ['ddi'], l.value.ddi); ddis.claim(l.value.ddi, `hotline ${l.value.number}`, l, ['ddi']); }
  for (const l of m.huntGroups) if (l.value.ddi) { need(l, ['ddi'], l.value.ddi); ddis.claim(l.value.ddi, `hunt group ${l.value.number}`, l, ['ddi']); }
  for (const l of m.ivrMenus) if (l.value.ddi) { need(l, ['ddi'], l.value.ddi); ddis.claim(l.value.ddi, `IVR menu ${l.value.id}`, l, ['ddi']); }
  if (!numbers) return;
  const n = numbers.value;
  for (const key of ['main', 'emergency'] as const) {
    const v = n[key];
    if (v !== undefined) need(numbers, [key], v);
  }
  if (n.emergencyCallback !== undefined) {
    need(numbers, ['emergencyCallback'], n.emergencyCallback);
    ddis.claim(n.emergencyCallback, 'the emergency callback number', numbers, ['emergencyCallback']);
  }
  for (const key of ['voicemail', 'agentService', 'callThrough'] as const) {
    const v = n.services[key];
    if (v === undefined) continue;
    need(numbers, ['services', key], v);
    ddis.claim(v, `the ${key} service`, numbers, ['services', key]);
  }
}
