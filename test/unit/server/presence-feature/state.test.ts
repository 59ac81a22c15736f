import t from 'tap';
import { Writable } from 'node:stream';
import pino from 'pino';
import { openSqliteStore } from '../../../../server/src/store/db.js';
import { EventBus } from '../../../../server/src/events/bus.js';
import { RuntimeFactsHolder } from '../../../../server/src/runtime-facts.js';
import { LocationService } from '../../../../server/src/sip/registrar/location.js';
import { PresenceHub } from '../../../../server/src/presence-feature/hub.js';
import { PresenceState, endOfDayBerlin } from '../../../../server/src/presence-feature/state.js';
import { loadAbsences, loadDnd, saveAbsence, saveDnd } from '../../../../server/src/presence-feature/store.js';
import { presenceSite } from './fixtures.js';

const site = presenceSite();
const NOW = Date.UTC(2026, 2, 10, 9);

async function world() {
  const db = await openSqliteStore(':memory:');
  const lines: string[] = [];
  const log = pino({ level: 'debug' }, new Writable({ write(c: Buffer, _e, cb) { lines.push(c.toString()); cb(); } }));
  const hub = new PresenceHub(() => NOW, log);
  const facts = new RuntimeFactsHolder();
  const bus = new EventBus(log, () => NOW);
  const location = new LocationService({ save: async () => undefined, remove: async () => undefined }, () => undefined, () => undefined);
  const state = new PresenceState({ db, hub, facts, bus, location, site: () => site, now: () => NOW, log });
  t.teardown(() => { hub.stop(); return db.destroy(); });
  return { db, hub, facts, bus, state, lines };
}

void t.test('--until DATE ends at the next local midnight in Berlin, winter and summer', async (t) => {
  t.equal(endOfDayBerlin('2026-01-15'), Date.UTC(2026, 0, 15, 23), 'CET: 23:00 UTC');
  t.equal(endOfDayBerlin('2026-07-15'), Date.UTC(2026, 6, 15, 22), 'CEST: 22:00 UTC');
  t.equal(endOfDayBerlin('2026-03-28'), Date.UTC(2026, 2, 28, 23), 'the night DST starts: midnight is still CET');
  t.equal(endOfDayBerlin('2026-10-24'), Date.UTC(2026, 9, 24, 22), 'the night DST ends: midnight is still CEST');
  for (const bad of ['2026-02-30', '2026-13-01', '15.01.2026', '2026-1-5', '']) t.equal(endOfDayBerlin(bad), undefined, bad);
});

void t.test('DND by feature code, CLI or API is stored, reaches routing and the hub, and is announced', async (t) => {
  const w = await world();
  const events: unknown[] = [];
  w.bus.on('user.state-changed', (e) => events.push(e));
  await w.state.setDnd('3001', true);
  t.same(Object.fromEntries(await loadDnd(w.db)), { 3001: true }, 'stored');
  t.equal(w.facts.snapshot().users?.['3001']?.dnd, true, 'routing sees it');
  t.equal(w.hub.facts('3001').dnd, true, 'presence sees it');
  t.same(events, [{ extension: '3001', dnd: true }]);
  await w.state.setDnd('3001', false);
  t.equal(w.facts.snapshot().users?.['3001']?.dnd, false);
});

void t.test('a restart loses nothing: DND, absences, status and substitute load back', async (t) => {
  const a = await world();
  await a.state.setDnd('3002', true);
  const id = await a.state.addAbsence('3001', { reason: 'sick', from: NOW - 1000, until: NOW + 86_400_000 });
  await a.state.setManual('3003', { status: 'in-meeting', note: 'Raum 2', shareNote: true });
  await a.state.setSubstitute('3001', '3002');
  const hub2 = new PresenceHub(() => NOW, pino({ level: 'silent' }));
  const b = new PresenceState({ db: a.db, hub: hub2, facts: new RuntimeFactsHolder(), bus: a.bus,
    location: new LocationService({ save: async () => undefined, remove: async () => undefined }, () => undefined, () => undefined), site: () => site, now: () => NOW, log: pino({ level: 'silent' }) });
  await b.load();
  t.equal(hub2.facts('3002').dnd, true);
  t.same(hub2.facts('3001').absences, [{ id, reason: 'sick', from: NOW - 1000, until: NOW + 86_400_000 }]);
  t.same(hub2.facts('3003').manual, { status: 'in-meeting', note: 'Raum 2', shareNote: true });
  t.equal(hub2.facts('3001').substitute, '3002');
  hub2.stop();
});

void t.test('the CLI writes the store, reloadUser brings the hub in line (added and removed absences, DND)', async (t) => {
  const w = await world();
  await w.state.addAbsence('3001', { reason: 'holiday', from: NOW, until: null });
  await w.db.deleteFrom('user_state').execute();
  await saveDnd(w.db, '3001', true, NOW);
  const { clearAbsences } = await import('../../../../server/src/presence-feature/store.js');
  await clearAbsences(w.db, '3001', null);
  await saveAbsence(w.db, { id: 'cli-1', extension: '3001', reason: 'training', from: NOW, until: null }, NOW);
  await w.state.reloadUser('3001');
  t.same(w.hub.facts('3001').absences.map((a) => a.id), ['cli-1']);
  t.equal(w.hub.facts('3001').dnd, true);
  t.equal(w.facts.snapshot().users?.['3001']?.dnd, true);
});

void t.test('ended absences are deleted from the store when read (storage limitation)', async (t) => {
  const w = await world();
  await saveAbsence(w.db, { id: 'old', extension: '3001', reason: 'sick', from: NOW - 10_000, until: NOW - 1 }, NOW);
  await saveAbsence(w.db, { id: 'now', extension: '3001', reason: 'sick', from: NOW - 10_000, until: NOW + 1 }, NOW);
  t.same((await loadAbsences(w.db, NOW)).map((a) => a.id), ['now']);
  t.equal((await w.db.withTables<{ presence_absences: { id: string } }>().selectFrom('presence_absences').select('id').execute()).length, 1);
});

void t.test('§5.3 test 16 (adapter half): setting and clearing absences logs no reason and no date', async (t) => {
  const w = await world();
  const until = NOW + 3 * 86_400_000;
  const id = await w.state.addAbsence('3001', { reason: 'sick', from: NOW, until });
  await w.state.clearAbsence('3001', id);
  const text = w.lines.join('');
  t.match(text, /absence set/);
  for (const leak of ['sick', 'krank', String(until), new Date(until).toISOString().slice(0, 10)]) t.notOk(text.includes(leak), `no ${leak}`);
});

void t.test('forward targets: a feature-code forward wins; external numbers stay numbers only inside the facts', async (t) => {
  const w = await world();
  w.facts.update('3001', { forwarding: { always: { kind: 'internal', number: '3002' } } });
  w.state.refreshForward('3001');
  t.same(w.hub.facts('3001').forward, { kind: 'user', user: '3002' });
  w.facts.update('3001', { forwarding: { always: null } });
  w.state.refreshForward('3001');
  t.equal(w.hub.facts('3001').forward, null, 'a cancelled forward (#21) clears it');
});
