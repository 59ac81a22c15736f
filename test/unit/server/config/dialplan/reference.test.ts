import t from 'tap';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dialplanReference } from '../../../../../server/src/config/dialplan/index.js';

void t.test('docs/dialplan.md carries the key reference generated from the schema', async (t) => {
  const doc = readFileSync(fileURLToPath(new URL('../../../../../docs/dialplan.md', import.meta.url)), 'utf8');
  const m = /<!-- reference:start[^>]*-->\n\n([\s\S]*)\n<!-- reference:end -->/.exec(doc);
  t.ok(m, 'the markers are present');
  t.equal(m?.[1], dialplanReference(), 'regenerate with dialplanReference() when the schema changes');
});

void t.test('every key of every section is documented with a description', async (t) => {
  const ref = dialplanReference();
  for (const key of ['`timePlan`', '`afterHours`', '`presentToMobile`', '`alarm.repeatMin`', '`agents[].ringMobile`', '`identity.clipNoScreening`', '`services.callThrough`', '`pickup`']) {
    t.match(ref, key, `${key} is listed`);
  }
  t.notMatch(ref, /\| {2}\|\n/, 'no row without a description');
});
