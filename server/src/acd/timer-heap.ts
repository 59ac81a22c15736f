/**
 * Persistent min-heap of deadlines (a leftist heap: O(log n) push and pop, old versions stay valid).
 *
 * The ACD never starts a timer (CONVENTIONS §2.2): each record that needs waking keeps its own
 * `nextAt`, and an entry here points at it. Entries are never removed early; when one surfaces whose
 * record no longer carries the same `nextAt`, it is stale and dropped. That keeps pushes cheap and
 * makes `nextDeadline` a peek.
 */

/** Which record a deadline belongs to. */
export type TimerKind = 'agent' | 'call' | 'line';

/** One deadline: epoch ms, and the record it wakes. */
export interface TimerEntry {
  readonly at: number;
  readonly kind: TimerKind;
  readonly key: string;
}

interface HeapNode {
  readonly e: TimerEntry;
  readonly rank: number;
  readonly l: HeapNode | null;
  readonly r: HeapNode | null;
}

/** The heap; `null` is empty. */
export type TimerHeap = HeapNode | null;

function merge(a: HeapNode | null, b: HeapNode | null): HeapNode | null {
  if (a === null) return b;
  if (b === null) return a;
  if (b.e.at < a.e.at) [a, b] = [b, a];
  const r = merge(a.r, b) as HeapNode;
  const lRank = a.l === null ? 0 : a.l.rank;
  return lRank >= r.rank ? { e: a.e, rank: r.rank + 1, l: a.l, r } : { e: a.e, rank: lRank + 1, l: r, r: a.l };
}

/** A heap with `entry` added. */
export function pushTimer(heap: TimerHeap, entry: TimerEntry): TimerHeap {
  return merge(heap, { e: entry, rank: 1, l: null, r: null });
}

/** The earliest entry, or undefined. */
export function peekTimer(heap: TimerHeap): TimerEntry | undefined {
  return heap === null ? undefined : heap.e;
}

/** The heap without its earliest entry. */
export function popTimer(heap: TimerHeap): TimerHeap {
  return heap === null ? null : merge(heap.l, heap.r);
}

/** Number of entries, stale ones included (for tests and the bench). */
export function timerCount(heap: TimerHeap): number {
  let n = 0;
  const stack: HeapNode[] = heap === null ? [] : [heap];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    n++;
    if (node.l !== null) stack.push(node.l);
    if (node.r !== null) stack.push(node.r);
  }
  return n;
}
