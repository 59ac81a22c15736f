import t from 'tap';
import { RuntimeFactsHolder } from '../../../server/src/runtime-facts.js';

void t.test('a snapshot never changes after it was handed out; changes show in the next one', async (t) => {
  const h = new RuntimeFactsHolder();
  h.update('1001', { registered: true });
  const a = h.snapshot();
  t.equal(h.snapshot(), a, 'the same object until something changes');
  h.update('1001', { dnd: true });
  h.update('1002', { registered: true });
  t.same(a.users, { '1001': { registered: true } }, 'the old snapshot keeps its facts');
  const b = h.snapshot();
  t.not(b, a);
  t.same(b.users, { '1001': { registered: true, dnd: true }, '1002': { registered: true } }, 'patches merge per user');
  h.setEmergencyCallbacks([{ extension: '1001', until: 1 }]);
  const c = h.snapshot();
  t.same(b.emergencyCallbacks, undefined, 'the snapshot before keeps no callbacks');
  t.same(c.users, b.users);
  t.equal(c.emergencyCallbacks?.length, 1);
  h.update('1002', { registered: false });
  t.equal(h.snapshot().emergencyCallbacks?.length, 1, 'callbacks survive user changes');
  t.same(c.users?.['1002'], { registered: true }, 'and the snapshot before them is untouched');
});

void t.test('many changes without a snapshot in between all land (copy on write only after a snapshot)', async (t) => {
  const h = new RuntimeFactsHolder();
  const first = h.snapshot();
  for (let i = 0; i < 1000; i++) h.update(String(i), { registered: i % 2 === 0 });
  t.same(first.users, {}, 'the first snapshot stays empty');
  const s = h.snapshot();
  t.equal(Object.keys(s.users ?? {}).length, 1000);
  t.equal(s.users?.['998']?.registered, true);
  t.equal(s.users?.['999']?.registered, false);
});
