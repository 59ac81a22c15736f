// Loads test/fixtures/dialplans/good/routing-site.yaml for the routing tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDialplan, type SiteConfig } from '../../../../server/src/config/dialplan/index.js';

/** Loads a fixture dialplan or throws with its issues. */
export function loadFixture(name: string): SiteConfig {
  const path = fileURLToPath(new URL(`../../../fixtures/dialplans/good/${name}`, import.meta.url));
  const r = loadDialplan([{ path: name, text: readFileSync(path, 'utf8') }]);
  if (!r.ok) throw new Error(r.error.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.value;
}
