/**
 * Persistent hash map (a hash array mapped trie, Bagwell 2001) keyed by strings.
 *
 * Why not `Map`: the ACD state is immutable (CONVENTIONS §2.2) and holds 2,000 agents and hundreds of
 * waiting calls; copying a `Map` on every step would cost tens of microseconds. A HAMT update copies
 * only the path to the changed entry (at most 7 nodes of at most 32 slots), so old states stay valid
 * and every step stays cheap.
 */

/**
 * Token of one batch of updates (one reducer step). Nodes created under a token may be updated in
 * place by later updates with the same token: they are reachable only from maps of that batch.
 * A batch must only keep using its latest map, and must drop the token when it is done.
 */
export type Owner = object;

interface Leaf<V> { readonly t: 0; readonly h: number; readonly k: string; readonly v: V }
interface Branch<V> { readonly t: 1; bm: number; c: Entry<V>[]; readonly o: Owner | null }
interface Collision<V> { readonly t: 2; readonly h: number; readonly c: readonly Leaf<V>[] }
type Entry<V> = Leaf<V> | Branch<V> | Collision<V>;

/** FNV-1a, 32 bit (exported for tests that need colliding keys): short keys (extensions, call ids) hash in a few nanoseconds. */
export function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function leaf<V>(h: number, k: string, v: V): Leaf<V> {
  return { t: 0, h, k, v };
}

function branch<V>(bm: number, c: Entry<V>[], o: Owner | null): Branch<V> {
  return { t: 1, bm, c, o };
}

/** Joins two entries with different hashes under a new branch at `shift`. */
function join<V>(a: Leaf<V> | Collision<V>, b: Leaf<V>, shift: number, o: Owner | null): Branch<V> {
  const ia = (a.h >>> shift) & 31;
  const ib = (b.h >>> shift) & 31;
  if (ia === ib) return branch(1 << ia, [join(a, b, shift + 5, o)], o);
  return branch((1 << ia) | (1 << ib), ia < ib ? [a, b] : [b, a], o);
}

/** This branch if `o` owns it, else a copy owned by `o`, ready to be changed. */
function editable<V>(node: Branch<V>, o: Owner | null): Branch<V> {
  return o !== null && node.o === o ? node : branch(node.bm, node.c.slice(), o);
}

function setIn<V>(node: Entry<V>, shift: number, h: number, k: string, v: V, added: { n: number }, o: Owner | null): Entry<V> {
  switch (node.t) {
    case 0:
      if (node.k === k) return node.v === v ? node : leaf(h, k, v);
      added.n = 1;
      if (node.h === h) return { t: 2, h, c: [node, leaf(h, k, v)] };
      return join(node, leaf(h, k, v), shift, o);
    case 1: {
      const bit = 1 << ((h >>> shift) & 31);
      const idx = popcount(node.bm & (bit - 1));
      if ((node.bm & bit) === 0) {
        added.n = 1;
        const b = editable(node, o);
        b.c.splice(idx, 0, leaf(h, k, v));
        b.bm |= bit;
        return b;
      }
      const child = node.c[idx] as Entry<V>;
      const next = setIn(child, shift + 5, h, k, v, added, o);
      if (next === child) return node;
      const b = editable(node, o);
      b.c[idx] = next;
      return b;
    }
    case 2: {
      if (node.h !== h) {
        added.n = 1;
        return join(node, leaf(h, k, v), shift, o);
      }
      const i = node.c.findIndex((l) => l.k === k);
      if (i >= 0) {
        if ((node.c[i] as Leaf<V>).v === v) return node;
        const c = node.c.slice();
        c[i] = leaf(h, k, v);
        return { t: 2, h, c };
      }
      added.n = 1;
      return { t: 2, h, c: [...node.c, leaf(h, k, v)] };
    }
  }
}

function deleteIn<V>(node: Entry<V>, shift: number, h: number, k: string, o: Owner | null): Entry<V> | undefined {
  switch (node.t) {
    case 0:
      return node.k === k ? undefined : node;
    case 1: {
      const bit = 1 << ((h >>> shift) & 31);
      if ((node.bm & bit) === 0) return node;
      const idx = popcount(node.bm & (bit - 1));
      const child = node.c[idx] as Entry<V>;
      const next = deleteIn(child, shift + 5, h, k, o);
      if (next === child) return node;
      if (next === undefined) {
        if (node.c.length === 1) return undefined;
        // A branch left with a single leaf collapses into it: lookups compare the leaf's key anyway.
        if (node.c.length === 2) {
          const other = node.c[1 - idx] as Entry<V>;
          if (other.t !== 1) return other;
        }
        const b = editable(node, o);
        b.c.splice(idx, 1);
        b.bm &= ~bit;
        return b;
      }
      if (node.c.length === 1 && next.t !== 1) return next;
      const b = editable(node, o);
      b.c[idx] = next;
      return b;
    }
    case 2: {
      if (node.h !== h) return node;
      const c = node.c.filter((l) => l.k !== k);
      if (c.length === node.c.length) return node;
      return c.length === 1 ? (c[0] as Leaf<V>) : { t: 2, h, c };
    }
  }
}

function forEachIn<V>(node: Entry<V>, fn: (value: V, key: string) => void): void {
  switch (node.t) {
    case 0:
      fn(node.v, node.k);
      return;
    case 1:
      for (const child of node.c) forEachIn(child, fn);
      return;
    case 2:
      for (const l of node.c) fn(l.v, l.k);
      return;
  }
}

/** An immutable string-keyed map with structural sharing; every update returns a new map. */
export class PMap<V> {
  /** The empty map (shared: maps are immutable). */
  static empty<V>(): PMap<V> {
    return PMap.EMPTY as PMap<V>;
  }

  private static readonly EMPTY: PMap<unknown> = new PMap<unknown>(undefined, 0);

  /** Builds a map from entries; later duplicates win. */
  static of<V>(entries: Iterable<readonly [string, V]>): PMap<V> {
    let m = PMap.empty<V>();
    for (const [k, v] of entries) m = m.set(k, v);
    return m;
  }

  private constructor(
    private root: Entry<V> | undefined,
    private count: number,
    private readonly owner: Owner | null = null,
  ) {}

  /** Number of entries. */
  get size(): number {
    return this.count;
  }

  private set size(n: number) {
    this.count = n;
  }

  /** The value stored under `key`, or undefined. */
  get(key: string): V | undefined {
    let node = this.root;
    if (node === undefined) return undefined;
    const h = hashOf(key);
    let shift = 0;
    for (;;) {
      switch (node.t) {
        case 0:
          return node.k === key ? node.v : undefined;
        case 1: {
          const bit = 1 << ((h >>> shift) & 31);
          if ((node.bm & bit) === 0) return undefined;
          node = node.c[popcount(node.bm & (bit - 1))] as Entry<V>;
          shift += 5;
          break;
        }
        case 2:
          for (const l of node.c) if (l.k === key) return l.v;
          return undefined;
      }
    }
  }

  /** Whether `key` is present. */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * A map with `key` set to `value` (this map if nothing changes). Values must not be undefined.
   * With `owner`, nodes (and the map object) created under the same owner are updated in place.
   */
  set(key: string, value: V, owner: Owner | null = null): PMap<V> {
    const h = hashOf(key);
    const added = { n: 0 };
    let root: Entry<V>;
    if (this.root === undefined) {
      root = leaf(h, key, value);
      added.n = 1;
    } else {
      root = setIn(this.root, 0, h, key, value, added, owner);
      if (root === this.root && added.n === 0) return this;
    }
    return this.with(root, this.size + added.n, owner);
  }

  /** A map without `key` (this map if it was absent); `owner` as for `set`. */
  delete(key: string, owner: Owner | null = null): PMap<V> {
    if (this.root === undefined || this.get(key) === undefined) return this;
    return this.with(deleteIn(this.root, 0, hashOf(key), key, owner), this.size - 1, owner);
  }

  private with(root: Entry<V> | undefined, size: number, owner: Owner | null): PMap<V> {
    if (owner !== null && this.owner === owner) {
      this.root = root;
      this.size = size;
      return this;
    }
    return new PMap(root, size, owner);
  }

  /** Calls `fn` for every entry, in hash order (stable for equal contents, not insertion order). */
  forEach(fn: (value: V, key: string) => void): void {
    if (this.root !== undefined) forEachIn(this.root, fn);
  }

  /** All values, in `forEach` order. */
  values(): V[] {
    const out: V[] = [];
    this.forEach((v) => out.push(v));
    return out;
  }

  /** All keys, in `forEach` order. */
  keys(): string[] {
    const out: string[] = [];
    this.forEach((_, k) => out.push(k));
    return out;
  }
}

