import t from 'tap';
import fc from 'fast-check';
import { holds } from './property.js';
import { PMap, hashOf } from '../../../../server/src/acd/pmap.js';

// Pairs found by brute force; the test below checks they really collide under FNV-1a.
const COLLIDING = [['x496069', 'x1035124'], ['x496068', 'x1035125'], ['x496065', 'x1035128']] as const;

void t.test('the colliding fixture keys share a hash', async (t) => {
  for (const [a, b] of COLLIDING) t.equal(hashOf(a), hashOf(b));
});

const keyArb = fc.oneof(
  fc.constantFrom(...COLLIDING.flat()),
  fc.string({ maxLength: 4 }),
  fc.integer({ min: 0, max: 3000 }).map((n) => `k${n}`),
);
const opArb = fc.oneof(
  fc.record({ op: fc.constant('set' as const), k: keyArb, v: fc.integer() }),
  fc.record({ op: fc.constant('delete' as const), k: keyArb }),
);

void t.test('behaves like Map for any sequence of sets and deletes, and old versions never change', async (t) => {
  holds(t, fc.property(fc.array(opArb, { maxLength: 400 }), (ops) => {
    let m = PMap.empty<number>();
    const ref = new Map<string, number>();
    const versions: [PMap<number>, Map<string, number>][] = [];
    for (const o of ops) {
      if (o.op === 'set') { m = m.set(o.k, o.v); ref.set(o.k, o.v); } else { m = m.delete(o.k); ref.delete(o.k); }
      versions.push([m, new Map(ref)]);
    }
    for (const [pm, r] of versions) {
      if (pm.size !== r.size) return false;
      for (const [k, v] of r) if (pm.get(k) !== v) return false;
      const seen = new Map<string, number>();
      pm.forEach((v, k) => seen.set(k, v));
      if (seen.size !== r.size) return false;
      for (const [k, v] of seen) if (r.get(k) !== v) return false;
    }
    return true;
  }), { numRuns: 300 });
});

void t.test('set of an equal value and delete of a missing key return the same map', async (t) => {
  const m = PMap.of([['a', 1], ['b', 2]]);
  t.equal(m.set('a', 1), m);
  t.equal(m.delete('zz'), m);
  t.equal(PMap.empty<number>().delete('a').size, 0);
});

void t.test('holds thousands of keys and deletes them all back to empty', async (t) => {
  let m = PMap.empty<number>();
  for (let i = 0; i < 5000; i++) m = m.set(`e${i}`, i);
  t.equal(m.size, 5000);
  t.equal(m.get('e4321'), 4321);
  for (let i = 0; i < 5000; i++) m = m.delete(`e${i}`);
  t.equal(m.size, 0);
  t.same(m.keys(), []);
});

void t.test('batched updates under one owner change nothing that earlier batches returned', async (t) => {
  const batchArb = fc.array(opArb, { maxLength: 40 });
  holds(t, fc.property(fc.array(batchArb, { maxLength: 12 }), (batches) => {
    let m = PMap.empty<number>();
    const ref = new Map<string, number>();
    const versions: [PMap<number>, Map<string, number>][] = [];
    for (const batch of batches) {
      const owner = {};
      for (const o of batch) {
        if (o.op === 'set') { m = m.set(o.k, o.v, owner); ref.set(o.k, o.v); } else { m = m.delete(o.k, owner); ref.delete(o.k); }
      }
      versions.push([m, new Map(ref)]);
    }
    return versions.every(([pm, r]) => pm.size === r.size && [...r].every(([k, v]) => pm.get(k) === v) && pm.keys().length === r.size);
  }), { numRuns: 300 });
});
