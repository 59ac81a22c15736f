/**
 * `exportSiteConfig`: the site back as dialplan YAML (config as code). Passwords and PINs are
 * never written; HA1 values and PIN hashes are, so the export applies as is. Applying a file
 * without a trunk password or PIN keeps the stored one (see docs/dialplan.md).
 */
import { Document } from 'yaml';
import type { SiteConfig } from './site-config.js';

/** Drops plaintext secrets from a trunk's credentials. */
function withoutPassword<T extends { readonly password?: string | undefined }>(c: T | undefined): Omit<T, 'password'> | undefined {
  if (c === undefined) return undefined;
  const { password: _password, ...rest } = c;
  return rest;
}

/** The dialplan file object of a site config: what `exportSiteConfig` serialises. */
export function toDialplanObject(site: SiteConfig): Record<string, unknown> {
  return {
    site: site.site,
    numbers: site.numbers,
    trunks: site.trunks.map((t) => {
      const { auth, register, ...rest } = t;
      return { ...rest, ...(auth ? { auth: withoutPassword(auth) } : {}), ...(register ? { register: withoutPassword(register) } : {}) };
    }),
    ...(site.outbound ? { outbound: site.outbound } : {}),
    featureCodes: site.featureCodes,
    worksCouncilMode: site.worksCouncilMode,
    aggregateMinGroup: site.aggregateMinGroup,
    absenceReasonReaders: site.absenceReasonReaders,
    timePlans: site.timePlans,
    users: site.users.map((u) => {
      const { pin: _pin, ...rest } = u;
      return rest;
    }),
    hotlines: site.hotlines,
    huntGroups: site.huntGroups,
    ivrMenus: site.ivrMenus,
    teams: site.teams,
  };
}

/** The site config as one dialplan YAML file. */
export function exportSiteConfig(site: SiteConfig): string {
  const doc = new Document(JSON.parse(JSON.stringify(toDialplanObject(site))) as unknown);
  doc.commentBefore = ' Exported by `zentrale export`. Passwords and PINs are not exported;\n applying this file keeps the stored ones.';
  return doc.toString({ lineWidth: 0 });
}
