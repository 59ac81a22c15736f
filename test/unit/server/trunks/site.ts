// The caller-ID e2e site as a SiteConfig for unit tests, optionally changed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { loadDialplan, type SiteConfig } from '../../../../server/src/config/dialplan/index.js';

type Doc = Record<string, unknown> & { trunks: Array<Record<string, unknown>>; users: Array<Record<string, unknown>> };

/** Loads test/fixtures/dialplans/e2e/callerid.yaml, changed by `patch`, or throws with its issues. */
export function calleridSite(patch: (doc: Doc) => void = () => undefined): SiteConfig {
  const path = fileURLToPath(new URL('../../../fixtures/dialplans/e2e/callerid.yaml', import.meta.url));
  const doc = parse(readFileSync(path, 'utf8')) as Doc;
  patch(doc);
  const r = loadDialplan([{ path: 'callerid.yaml', text: stringify(doc) }]);
  if (!r.ok) throw new Error(r.error.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.value;
}

/** Sets fields of the trunk's identity profile. */
export function identity(fields: Record<string, unknown>): (doc: Doc) => void {
  return (doc) => { doc.trunks[0]!.identity = { ...(doc.trunks[0]!.identity as object), ...fields }; };
}
