/**
 * The site configuration in the store (ARCHITECTURE §3: the database is the source of truth; the
 * dialplan YAML is its declarative form). Applying validates everything first, hashes PINs, keeps
 * stored secrets a file leaves out, computes the diff, then writes one new version: all or nothing.
 */
import { hash as argon2Hash } from '@node-rs/argon2';
import { stringify } from 'yaml';
import type { Db } from '../store/db.js';
import { currentConfig, saveConfig } from '../store/repos/config-repo.js';
import { diffSiteConfig, formatDiff, loadDialplan, toDialplanObject, type Change, type DialplanIssue, type DialplanSource, type SiteConfig } from './dialplan/index.js';

/** Name under which the stored version appears in issue messages. */
export const STORED_SOURCE = '(stored configuration)';

/** Loads the newest stored site configuration; undefined on an empty store. */
export async function loadStoredSite(db: Db): Promise<{ site: SiteConfig; version: number } | undefined> {
  const row = await currentConfig(db);
  if (!row) return undefined;
  const r = loadDialplan([{ path: STORED_SOURCE, text: row.yaml }]);
  if (!r.ok) throw new Error(`stored configuration ${row.id} no longer loads: ${r.error.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return { site: r.value, version: row.id };
}

/** The outcome of `applyDialplan`. */
export type ApplyOutcome =
  | { readonly ok: true; readonly changes: readonly Change[]; readonly diff: string; readonly version: number | undefined; readonly site: SiteConfig }
  | { readonly ok: false; readonly issues: readonly DialplanIssue[] };

/**
 * What the store keeps: the dialplan object with PINs as argon2 hashes and trunk passwords
 * (needed to answer carrier challenges) included; `zentrale export` leaves both out.
 */
async function storedObject(site: SiteConfig, previous: SiteConfig | undefined): Promise<Record<string, unknown>> {
  const obj = toDialplanObject(site) as Record<string, unknown> & { users: Array<Record<string, unknown>>; trunks: Array<Record<string, unknown>> };
  const prevUsers = previous?.index.users;
  obj.users = await Promise.all(site.users.map(async (u, i) => {
    const out = { ...obj.users[i]! };
    if (u.pin !== undefined) out.pinHash = await argon2Hash(u.pin);
    else if (u.pinHash === undefined && prevUsers?.get(u.extension)?.pinHash) out.pinHash = prevUsers.get(u.extension)!.pinHash;
    return out;
  }));
  obj.trunks = site.trunks.map((t, i) => {
    const out = { ...obj.trunks[i]! };
    const prev = previous?.index.trunks.get(t.id);
    if (t.auth) out.auth = { ...t.auth, password: t.auth.password ?? prev?.auth?.password };
    if (t.register) out.register = { ...t.register, password: t.register.password ?? prev?.register?.password };
    return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
  });
  return obj;
}

/**
 * Validates and applies dialplan files as the new complete site configuration. On any issue
 * nothing changes and every issue is returned (file, path, reason).
 */
export async function applyDialplan(db: Db, sources: readonly DialplanSource[], opts: { now: number; source: string; dryRun?: boolean }): Promise<ApplyOutcome> {
  const loaded = loadDialplan(sources);
  if (!loaded.ok) return { ok: false, issues: loaded.error };
  const prev = await loadStoredSite(db);
  const yaml = stringify(await storedObject(loaded.value, prev?.site), { lineWidth: 0 });
  const final = loadDialplan([{ path: STORED_SOURCE, text: yaml }]);
  if (!final.ok) return { ok: false, issues: final.error };
  const changes = prev ? diffSiteConfig(prev.site, final.value) : diffSiteConfig(emptySite(), final.value);
  const diff = formatDiff(changes);
  if (opts.dryRun) return { ok: true, changes, diff, version: prev?.version, site: final.value };
  const version = await saveConfig(db, yaml, opts.source, opts.now);
  return { ok: true, changes, diff, version, site: final.value };
}

function emptySite(): SiteConfig {
  const r = loadDialplan([{ path: '(empty)', text: '' }]);
  if (!r.ok) throw new Error('an empty dialplan must load');
  return r.value;
}

/** The stored configuration as a dialplan object (secrets kept), for CLI commands that edit one entity. */
export async function storedDialplanObject(db: Db): Promise<Record<string, unknown>> {
  const prev = await loadStoredSite(db);
  return prev ? storedObject(prev.site, prev.site) : {};
}
