/**
 * Cross-reference checks (CONVENTIONS §2.5: "an unknown time plan is an error"): every time plan,
 * extension, hotline, hunt group, menu, trunk and team member a file names must exist, and every
 * target must be reachable.
 */
import Holidays from 'date-holidays';
import { inBlocks } from './blocks.js';
import type { DialplanIssue, PathSegment } from './issues.js';
import { formatPath } from './issues.js';
import type { Located, MergedDialplan } from './merge.js';
import { targetOf, type Target } from './schema/index.js';

/** Known region codes per state, from date-holidays. */
function regionsOf(state: string): string[] {
  return Object.keys(new Holidays().getRegions('DE', state) ?? {});
}

/** Runs every cross-reference check; returns the issues found. */
export function checkReferences(m: MergedDialplan): DialplanIssue[] {
  const issues: DialplanIssue[] = [];
  const at = (loc: Located<unknown>, sub: readonly PathSegment[], message: string) =>
    issues.push({ file: loc.file, path: formatPath([...loc.path, ...sub]), message });

  const users = new Map(m.users.map((l) => [l.value.extension as string, l.value]));
  const hotlines = new Set<string>(m.hotlines.map((l) => l.value.number));
  const hunts = new Set<string>(m.huntGroups.map((l) => l.value.number));
  const menus = new Set<string>(m.ivrMenus.map((l) => l.value.id));
  const plans = new Set<string>(m.timePlans.map((l) => l.value.id));
  const trunks = new Set<string>(m.trunks.map((l) => l.value.id));
  const outbound = m.outbound?.value;
  const blocks = m.numbers?.value.blocks ?? [];
  const ownDdis = new Set<string>([
    ...m.users.flatMap((l) => l.value.ddi ?? []),
    ...m.hotlines.flatMap((l) => l.value.ddi ?? []),
    ...m.huntGroups.flatMap((l) => l.value.ddi ?? []),
    ...m.ivrMenus.flatMap((l) => l.value.ddi ?? []),
  ]);

  const needUser = (loc: Located<unknown>, sub: readonly PathSegment[], ext: string) => {
    if (!users.has(ext)) at(loc, sub, `unknown user ${ext}`);
  };
  const needOutbound = (loc: Located<unknown>, sub: readonly PathSegment[], why: string) => {
    if (!outbound) at(loc, sub, `${why} needs outbound (a trunk for external calls)`);
  };

  const checkTarget = (loc: Located<unknown>, sub: readonly PathSegment[], t: Target | undefined) => {
    if (t === undefined) return;
    const { kind, ref } = targetOf(t);
    const path = [...sub, kind];
    switch (kind) {
      case 'user': needUser(loc, path, ref); break;
      case 'hotline': if (!hotlines.has(ref)) at(loc, path, `unknown hotline ${ref}`); break;
      case 'huntGroup': if (!hunts.has(ref)) at(loc, path, `unknown hunt group ${ref}`); break;
      case 'ivr': if (!menus.has(ref)) at(loc, path, `unknown IVR menu ${ref}`); break;
      case 'announcement': break;
      case 'voicemail': {
        const user = users.get(ref);
        if (user) {
          if (!user.voicemail.enabled) at(loc, path, `user ${ref} has no mailbox (voicemail.enabled is false)`);
        } else if (!hotlines.has(ref) && !hunts.has(ref)) at(loc, path, `no mailbox ${ref}: not a user, hotline or hunt group`);
        break;
      }
      case 'forward':
        if (ownDdis.has(ref) || inBlocks(ref, blocks)) at(loc, path, `${ref} is our own number: use an internal target`);
        else needOutbound(loc, path, 'a forward');
        break;
    }
  };

  for (const l of m.users) {
    const f = l.value.forwarding;
    checkTarget(l, ['forwarding', 'always'], f.always);
    checkTarget(l, ['forwarding', 'busy'], f.busy);
    checkTarget(l, ['forwarding', 'noAnswer'], f.noAnswer);
    if (l.value.ringMobile === 'also') needOutbound(l, ['ringMobile'], 'ringing the mobile');
  }

  for (const l of m.hotlines) {
    const h = l.value;
    if (h.timePlan !== undefined && !plans.has(h.timePlan)) at(l, ['timePlan'], `unknown time plan ${h.timePlan}`);
    checkTarget(l, ['afterHours'], h.afterHours);
    checkTarget(l, ['overflow'], h.overflow);
    for (const [digit, t] of Object.entries(h.digits)) checkTarget(l, ['digits', digit], t);
    const seen = new Set<string>();
    h.agents.forEach((a, i) => {
      if (seen.has(a.extension)) at(l, ['agents', i, 'extension'], `agent ${a.extension} is listed twice`);
      seen.add(a.extension);
      const user = users.get(a.extension);
      if (!user) at(l, ['agents', i, 'extension'], `unknown user ${a.extension}`);
      else if (a.ringMobile !== 'no') {
        if (user.mobile === undefined) at(l, ['agents', i, 'ringMobile'], `user ${a.extension} has no mobile`);
        else needOutbound(l, ['agents', i, 'ringMobile'], 'ringing the mobile');
      }
    });
    const alarm = h.alarm.number;
    if (alarm !== undefined) {
      if (alarm.startsWith('+')) needOutbound(l, ['alarm', 'number'], 'an external alarm number');
      else if (!users.has(alarm) && !hunts.has(alarm)) at(l, ['alarm', 'number'], `${alarm} is not a user or hunt group`);
    }
  }

  for (const l of m.huntGroups) {
    l.value.members.forEach((mem, i) => {
      if (mem.user !== undefined) needUser(l, ['members', i, 'user'], mem.user);
      else needOutbound(l, ['members', i, 'number'], 'an external member');
    });
    checkTarget(l, ['noAnswer'], l.value.noAnswer);
  }

  for (const l of m.ivrMenus) {
    for (const [digit, t] of Object.entries(l.value.options)) checkTarget(l, ['options', digit], t);
    checkTarget(l, ['onTimeout'], l.value.onTimeout);
    checkTarget(l, ['onInvalid'], l.value.onInvalid);
  }

  if (m.numbers) checkTarget(m.numbers, ['unassigned'], m.numbers.value.unassigned);
  if (m.outbound && !trunks.has(m.outbound.value.trunk)) at(m.outbound, ['trunk'], `unknown trunk ${m.outbound.value.trunk}`);

  for (const l of m.teams) {
    for (const role of ['members', 'leads', 'operators'] as const) {
      l.value[role].forEach((ext, i) => needUser(l, [role, i], ext));
    }
  }
  const readers = m.absenceReasonReaders;
  if (readers) readers.value.forEach((ext, i) => needUser(readers, [i], ext));

  const siteHolidays = m.site?.value.holidays;
  if (m.site && siteHolidays?.region !== undefined && !regionsOf(siteHolidays.state).includes(siteHolidays.region)) {
    at(m.site, ['holidays', 'region'], regionMessage(siteHolidays.state, siteHolidays.region));
  }
  for (const l of m.timePlans) {
    const h = l.value.holidays;
    if (h === undefined && siteHolidays === undefined) {
      at(l, ['holidays'], 'required here or in site.holidays (false: holidays do not close the line)');
    } else if (h && h.region !== undefined && !regionsOf(h.state).includes(h.region)) {
      at(l, ['holidays', 'region'], regionMessage(h.state, h.region));
    }
  }
  return issues;
}

function regionMessage(state: string, region: string): string {
  const known = regionsOf(state);
  return known.length === 0
    ? `unknown region ${region}: ${state} has no regions`
    : `unknown region ${region} for ${state} (known: ${known.join(', ')})`;
}
