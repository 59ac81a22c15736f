/**
 * Agent state write-through (issue 7 item 9): only the agents that changed are written, removed
 * ones are deleted, and what was written loads back as it was.
 */
import t from 'tap';
import type { RestoredAgent } from '../../../../server/src/acd/index.js';
import { openSqliteStore } from '../../../../server/src/store/db.js';
import { loadAgents, saveAgentChanges, saveAgents } from '../../../../server/src/hotlines/hotline-store.js';

const agent = (extension: string, over: Partial<RestoredAgent> = {}): RestoredAgent => ({ extension, hotlines: ['4400'], pauseReason: null, idleSince: 1000, callsDay: 0, callsToday: 0, ...over });

void t.test('writes changed and new agents, deletes removed ones, keeps the rest untouched', async (t) => {
  const db = await openSqliteStore(':memory:');
  t.teardown(() => db.destroy());
  await saveAgents(db, [agent('3001'), agent('3002'), agent('3003')], 1);
  const stamps = async () => Object.fromEntries((await db.selectFrom('agent_state').select(['extension', 'updated_at']).execute()).map((r) => [r.extension, Number(r.updated_at)]));
  let saved = new Map((await loadAgents(db)).map((a) => [a.extension, JSON.stringify(a)]));
  saved = await saveAgentChanges(db, [agent('3001', { idleSince: 5000, callsToday: 1 }), agent('3002'), agent('3004', { pauseReason: 'lunch' })], saved, 2);
  t.same(await stamps(), { 3001: 2, 3002: 1, 3004: 2 }, '3001 changed and 3004 is new: written; 3002 untouched; 3003 deleted');
  t.same((await loadAgents(db)).sort((a, b) => a.extension.localeCompare(b.extension)), [agent('3001', { idleSince: 5000, callsToday: 1 }), agent('3002'), agent('3004', { pauseReason: 'lunch' })]);
  const again = await saveAgentChanges(db, [agent('3001', { idleSince: 5000, callsToday: 1 }), agent('3002'), agent('3004', { pauseReason: 'lunch' })], saved, 3);
  t.same(await stamps(), { 3001: 2, 3002: 1, 3004: 2 }, 'nothing changed, nothing written');
  t.equal(again.size, 3);
});
