/**
 * Builds the SiteConfig from merged, checked files: defaults for absent sections, passwords
 * reduced to HA1, time-plan holidays resolved against the site's, lookup indexes.
 */
import type { HotlineNumber } from '../../domain/ids.js';
import { computeHa1 } from './credentials.js';
import { deepFreeze } from './freeze.js';
import type { MergedDialplan } from './merge.js';
import {
  featureCodesSchema, numbersSchema, siteSchema, type UserConfig,
} from './schema/index.js';
import type { DdiOwner, Device, InternalOwner, SiteConfig, SiteIndex, TimePlan, User } from './site-config.js';

function buildUser(u: UserConfig, realm: string): User {
  const { password, devices, ...rest } = u;
  const out: Device[] = [];
  if (password !== undefined) out.push({ username: u.extension as unknown as Device['username'], ha1: computeHa1(u.extension, realm, password) });
  for (const d of devices) {
    const ha1 = d.ha1 ?? computeHa1(d.username, realm, d.password ?? '');
    out.push({ username: d.username, ...(d.label === undefined ? {} : { label: d.label }), ha1 });
  }
  return { ...rest, devices: out } as User;
}

/** Builds and freezes the SiteConfig. Only call on merged files that passed every check. */
export function buildSiteConfig(m: MergedDialplan): SiteConfig {
  const site = m.site?.value ?? siteSchema.parse({});
  const users = m.users.map((l) => buildUser(l.value, site.domain));
  // Keys in schema order, so an export of a loaded config is byte-identical to the next export.
  const timePlans: TimePlan[] = m.timePlans.map(({ value: { id, holidays, ...rest } }) => ({ id, holidays: holidays ?? site.holidays ?? false, ...rest }) as TimePlan);
  const config = {
    site,
    users,
    hotlines: m.hotlines.map((l) => l.value),
    huntGroups: m.huntGroups.map((l) => l.value),
    timePlans,
    ivrMenus: m.ivrMenus.map((l) => l.value),
    numbers: m.numbers?.value ?? numbersSchema.parse({}),
    trunks: m.trunks.map((l) => l.value),
    outbound: m.outbound?.value ?? null,
    teams: m.teams.map((l) => l.value),
    worksCouncilMode: m.worksCouncilMode?.value ?? true,
    aggregateMinGroup: m.aggregateMinGroup?.value ?? 5,
    absenceReasonReaders: m.absenceReasonReaders?.value ?? [],
    featureCodes: m.featureCodes?.value ?? featureCodesSchema.parse({}),
  };
  const index = buildIndex(config as Omit<SiteConfig, 'index'>);
  return deepFreeze({ ...config, index } as SiteConfig);
}

/** Builds the lookup indexes of a configuration. */
export function buildIndex(c: Omit<SiteConfig, 'index'>): SiteIndex {
  const internal = new Map<string, InternalOwner>();
  const ddi = new Map<string, DdiOwner>();
  for (const u of c.users) {
    internal.set(u.extension, { kind: 'user', extension: u.extension });
    if (u.ddi !== undefined) ddi.set(u.ddi, { kind: 'user', extension: u.extension });
  }
  for (const h of c.hotlines) {
    internal.set(h.number, { kind: 'hotline', number: h.number });
    if (h.ddi !== undefined) ddi.set(h.ddi, { kind: 'hotline', number: h.number });
  }
  for (const g of c.huntGroups) {
    internal.set(g.number, { kind: 'huntGroup', number: g.number });
    if (g.ddi !== undefined) ddi.set(g.ddi, { kind: 'huntGroup', number: g.number });
  }
  for (const menu of c.ivrMenus) {
    if (menu.number !== undefined) internal.set(menu.number, { kind: 'ivr', id: menu.id });
    if (menu.ddi !== undefined) ddi.set(menu.ddi, { kind: 'ivr', id: menu.id });
  }
  const services = c.numbers.services;
  for (const service of ['voicemail', 'agentService', 'callThrough'] as const) {
    const n = services[service];
    if (n !== undefined) ddi.set(n, { kind: 'service', service });
  }
  if (c.numbers.emergencyCallback !== undefined) ddi.set(c.numbers.emergencyCallback, { kind: 'emergencyCallback' });

  const agentOf = new Map<string, HotlineNumber[]>();
  for (const h of c.hotlines) {
    for (const a of h.agents) agentOf.set(a.extension, [...(agentOf.get(a.extension) ?? []), h.number]);
  }
  return {
    users: new Map(c.users.map((u) => [u.extension, u])),
    devices: new Map(c.users.flatMap((user) => user.devices.map((device) => [device.username, { user, device }] as const))),
    hotlines: new Map(c.hotlines.map((h) => [h.number, h])),
    huntGroups: new Map(c.huntGroups.map((g) => [g.number, g])),
    ivrMenus: new Map(c.ivrMenus.map((x) => [x.id, x])),
    timePlans: new Map(c.timePlans.map((p) => [p.id, p])),
    trunks: new Map(c.trunks.map((t) => [t.id, t])),
    teams: new Map(c.teams.map((t) => [t.id, t])),
    internal,
    ddi,
    mobiles: new Map(c.users.flatMap((u) => (u.mobile === undefined ? [] : [[u.mobile, u] as const]))),
    agentOf,
  };
}
