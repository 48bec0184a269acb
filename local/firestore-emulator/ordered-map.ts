// A skip list keyed by an arbitrary comparator. Collections can hold many thousands of documents and are
// written one document at a time, so inserts and lookups must stay O(log n) without copying the
// collection; scans from a key must come out in key order without sorting.

const MAX_LEVEL = 24;

interface SkipNode<K, V> {
  key: K;
  value: V;
  next: Array<SkipNode<K, V> | undefined>;
}

export class OrderedMap<K, V> {
  private readonly head: SkipNode<K, V>;
  /** The last node at each level (head when the level is empty): IDs usually grow, so most inserts append. */
  private readonly tails: Array<SkipNode<K, V>>;
  private level = 1;
  private count = 0;

  constructor(private readonly compare: (a: K, b: K) => number) {
    this.head = { key: undefined as K, value: undefined as V, next: new Array(MAX_LEVEL).fill(undefined) };
    this.tails = new Array(MAX_LEVEL).fill(this.head);
  }

  private isAfterLast(key: K): boolean {
    const last = this.tails[0]!;
    return last !== this.head && this.compare(key, last.key) > 0;
  }

  get size(): number {
    return this.count;
  }

  get(key: K): V | undefined {
    if (this.isAfterLast(key)) return undefined;
    const node = this.findGreaterOrEqual(key, undefined);
    return node && this.compare(node.key, key) === 0 ? node.value : undefined;
  }

  set(key: K, value: V): void {
    let update: Array<SkipNode<K, V>>;
    if (this.isAfterLast(key) || this.count === 0) {
      // Appending: the predecessors at every level are the tails, no search needed.
      update = this.tails.slice();
    } else {
      update = new Array<SkipNode<K, V>>(MAX_LEVEL);
      const found = this.findGreaterOrEqual(key, update);
      if (found && this.compare(found.key, key) === 0) {
        found.value = value;
        return;
      }
    }
    const level = randomLevel();
    if (level > this.level) {
      for (let i = this.level; i < level; i++) update[i] = this.head;
      this.level = level;
    }
    const node: SkipNode<K, V> = { key, value, next: new Array(level) };
    for (let i = 0; i < level; i++) {
      const prev = update[i]!;
      node.next[i] = prev.next[i];
      prev.next[i] = node;
      if (node.next[i] === undefined) this.tails[i] = node;
    }
    this.count++;
  }

  delete(key: K): boolean {
    const update = new Array<SkipNode<K, V>>(MAX_LEVEL);
    const found = this.findGreaterOrEqual(key, update);
    if (!found || this.compare(found.key, key) !== 0) return false;
    for (let i = 0; i < this.level; i++) {
      if (update[i]!.next[i] !== found) break;
      update[i]!.next[i] = found.next[i];
      if (this.tails[i] === found) this.tails[i] = update[i]!;
    }
    while (this.level > 1 && this.head.next[this.level - 1] === undefined) this.level--;
    this.count--;
    return true;
  }

  /** Entries in key order, starting at the first key >= `from` (or the first key). */
  *entries(from?: K): IterableIterator<[K, V]> {
    let node = from === undefined ? this.head.next[0] : this.findGreaterOrEqual(from, undefined);
    while (node) {
      yield [node.key, node.value];
      node = node.next[0];
    }
  }

  *values(from?: K): IterableIterator<V> {
    for (const [, value] of this.entries(from)) yield value;
  }

  private findGreaterOrEqual(key: K, update: Array<SkipNode<K, V>> | undefined): SkipNode<K, V> | undefined {
    let node = this.head;
    for (let i = this.level - 1; i >= 0; i--) {
      let next = node.next[i];
      while (next && this.compare(next.key, key) < 0) {
        node = next;
        next = node.next[i];
      }
      if (update) update[i] = node;
    }
    return node.next[0];
  }
}

function randomLevel(): number {
  let level = 1;
  while (level < MAX_LEVEL && Math.random() < 0.25) level++;
  return level;
}
