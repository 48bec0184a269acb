// Firestore emulator conformance: Listen (onSnapshot) on a document and on a query:
// initial snapshot, then added / modified / removed changes, and unsubscribe.
//
// Run against the official emulator with:
//   FIRESTORE_EMULATOR_HOST=localhost:8080 npx vitest run test/firestore-emulator
import { afterAll, describe, expect, it } from 'vitest';
import type { DocumentSnapshot, QuerySnapshot } from '@google-cloud/firestore';
import { newTestFirestore } from '../support/firestore.ts';
import { freshCollection, seed, sleep, waitUntil } from '../support/firestore-assertions.ts';

const db = newTestFirestore('conf-listen');
afterAll(async () => {
  await db.terminate();
});

type Change = [type: string, id: string, oldIndex: number, newIndex: number];
const changesOf = (snap: QuerySnapshot): Change[] =>
  snap.docChanges().map((c) => [c.type, c.doc.id, c.oldIndex, c.newIndex]);

/** Collects every snapshot delivered to a listener. */
function collector<T>() {
  const items: T[] = [];
  const errors: Error[] = [];
  return {
    items,
    errors,
    onNext: (item: T) => {
      items.push(item);
    },
    onError: (error: Error) => {
      errors.push(error);
    },
    async waitForCount(n: number, what: string): Promise<T> {
      await waitUntil(() => items.length >= n || errors.length > 0, 15_000, what);
      expect(errors).toEqual([]);
      return items[n - 1]!;
    },
  };
}

describe('onSnapshot on a document', () => {
  it('delivers the initial state, then each change, then nothing after unsubscribe', async () => {
    const ref = freshCollection(db, 'listen-doc').doc('d');
    await ref.set({ n: 0 });
    const c = collector<DocumentSnapshot>();
    const unsubscribe = ref.onSnapshot(c.onNext, c.onError);
    try {
      const initial = await c.waitForCount(1, 'initial document snapshot');
      expect(initial.exists).toBe(true);
      expect(initial.data()).toEqual({ n: 0 });

      await ref.update({ n: 1 });
      const modified = await c.waitForCount(2, 'snapshot after update');
      expect(modified.data()).toEqual({ n: 1 });
      expect(modified.updateTime!.toMillis()).toBeGreaterThanOrEqual(initial.updateTime!.toMillis());

      await ref.delete();
      const deleted = await c.waitForCount(3, 'snapshot after delete');
      expect(deleted.exists).toBe(false);

      await ref.set({ n: 2 });
      const recreated = await c.waitForCount(4, 'snapshot after re-create');
      expect(recreated.data()).toEqual({ n: 2 });
    } finally {
      unsubscribe();
    }
    const count = c.items.length;
    await ref.set({ n: 3 });
    await sleep(500);
    expect(c.items.length).toBe(count);
  });

  it('on a missing document the first snapshot has exists=false, then the creation arrives', async () => {
    const ref = freshCollection(db, 'listen-doc').doc('later');
    const c = collector<DocumentSnapshot>();
    const unsubscribe = ref.onSnapshot(c.onNext, c.onError);
    try {
      const initial = await c.waitForCount(1, 'initial snapshot of a missing doc');
      expect(initial.exists).toBe(false);
      await ref.set({ hello: 'world' });
      const created = await c.waitForCount(2, 'creation snapshot');
      expect(created.exists).toBe(true);
      expect(created.data()).toEqual({ hello: 'world' });
    } finally {
      unsubscribe();
    }
  });

  it('writes to other documents do not produce snapshots for this one', async () => {
    const col = freshCollection(db, 'listen-doc');
    const c = collector<DocumentSnapshot>();
    const unsubscribe = col.doc('watched').onSnapshot(c.onNext, c.onError);
    try {
      await c.waitForCount(1, 'initial snapshot');
      await col.doc('other').set({ x: 1 });
      await col.doc('watched').set({ x: 2 });
      const next = await c.waitForCount(2, 'snapshot of the watched doc');
      expect(next.data()).toEqual({ x: 2 });
      await sleep(300);
      expect(c.items).toHaveLength(2);
    } finally {
      unsubscribe();
    }
  });
});

describe('onSnapshot on a query', () => {
  it('initial snapshot lists matching docs as "added" in query order', async () => {
    const col = freshCollection(db, 'listen-q');
    await seed(col, { b: { n: 2 }, a: { n: 1 }, c: { n: 3 }, skip: { n: 0 } });
    const c = collector<QuerySnapshot>();
    const unsubscribe = col.where('n', '>', 0).orderBy('n').onSnapshot(c.onNext, c.onError);
    try {
      const initial = await c.waitForCount(1, 'initial query snapshot');
      expect(initial.docs.map((d) => d.id)).toEqual(['a', 'b', 'c']);
      expect(changesOf(initial)).toEqual([
        ['added', 'a', -1, 0],
        ['added', 'b', -1, 1],
        ['added', 'c', -1, 2],
      ]);
      expect(initial.readTime.toMillis()).toBeGreaterThan(0);
    } finally {
      unsubscribe();
    }
  });

  it('reports added, modified and removed changes after writes, and stops after unsubscribe', async () => {
    const col = freshCollection(db, 'listen-q');
    await seed(col, { a: { n: 1 }, b: { n: 2 } });
    const c = collector<QuerySnapshot>();
    const unsubscribe = col.where('n', '>', 0).orderBy('n').onSnapshot(c.onNext, c.onError);
    try {
      await c.waitForCount(1, 'initial snapshot');

      await col.doc('c').set({ n: 3 });
      const added = await c.waitForCount(2, 'snapshot with an added doc');
      expect(changesOf(added)).toEqual([['added', 'c', -1, 2]]);
      expect(added.docs.map((d) => d.id)).toEqual(['a', 'b', 'c']);

      await col.doc('a').update({ n: 1, label: 'changed' });
      const modified = await c.waitForCount(3, 'snapshot with a modified doc');
      expect(changesOf(modified)).toEqual([['modified', 'a', 0, 0]]);
      expect(modified.docs[0]!.get('label')).toBe('changed');

      await col.doc('a').update({ n: 10 }); // moves to the end
      const moved = await c.waitForCount(4, 'snapshot with a moved doc');
      expect(changesOf(moved)).toEqual([['modified', 'a', 0, 2]]);
      expect(moved.docs.map((d) => d.id)).toEqual(['b', 'c', 'a']);

      await col.doc('b').delete();
      const removed = await c.waitForCount(5, 'snapshot with a removed doc');
      expect(changesOf(removed)).toEqual([['removed', 'b', 0, -1]]);

      await col.doc('c').update({ n: -1 }); // stops matching the filter
      const leaving = await c.waitForCount(6, 'snapshot with a doc leaving the query');
      expect(changesOf(leaving)).toEqual([['removed', 'c', 0, -1]]);
      expect(leaving.docs.map((d) => d.id)).toEqual(['a']);
    } finally {
      unsubscribe();
    }
    const count = c.items.length;
    await col.doc('z').set({ n: 100 });
    await sleep(500);
    expect(c.items.length).toBe(count);
  });

  it('an empty query result gives an empty initial snapshot, then the first match arrives', async () => {
    const col = freshCollection(db, 'listen-q');
    const c = collector<QuerySnapshot>();
    const unsubscribe = col.onSnapshot(c.onNext, c.onError);
    try {
      const initial = await c.waitForCount(1, 'initial empty snapshot');
      expect(initial.empty).toBe(true);
      await col.doc('first').set({ v: 1 });
      const next = await c.waitForCount(2, 'first document');
      expect(changesOf(next)).toEqual([['added', 'first', -1, 0]]);
    } finally {
      unsubscribe();
    }
  });

  it('a batch of writes shows up consistently (never a partial batch)', async () => {
    const col = freshCollection(db, 'listen-q');
    const c = collector<QuerySnapshot>();
    const unsubscribe = col.onSnapshot(c.onNext, c.onError);
    try {
      await c.waitForCount(1, 'initial snapshot');
      await db.batch().set(col.doc('x'), { v: 1 }).set(col.doc('y'), { v: 2 }).set(col.doc('z'), { v: 3 }).commit();
      await waitUntil(() => (c.items.at(-1)?.size ?? 0) === 3, 15_000, 'all three batch docs');
      expect(c.errors).toEqual([]);
      for (const snap of c.items) expect([0, 3]).toContain(snap.size);
    } finally {
      unsubscribe();
    }
  });

  it('a limit query keeps the first N after removals', async () => {
    const col = freshCollection(db, 'listen-q');
    await seed(col, { a: { n: 1 }, b: { n: 2 }, c: { n: 3 } });
    const c = collector<QuerySnapshot>();
    const unsubscribe = col.orderBy('n').limit(2).onSnapshot(c.onNext, c.onError);
    try {
      const initial = await c.waitForCount(1, 'initial snapshot');
      expect(initial.docs.map((d) => d.id)).toEqual(['a', 'b']);
      await col.doc('a').delete();
      await waitUntil(
        () =>
          c.items
            .at(-1)!
            .docs.map((d) => d.id)
            .join() === 'b,c',
        15_000,
        'c to enter the window',
      );
      expect(c.errors).toEqual([]);
    } finally {
      unsubscribe();
    }
  });

  it('two listeners on the same query both receive the change', async () => {
    const col = freshCollection(db, 'listen-q');
    const c1 = collector<QuerySnapshot>();
    const c2 = collector<QuerySnapshot>();
    const u1 = col.onSnapshot(c1.onNext, c1.onError);
    const u2 = col.onSnapshot(c2.onNext, c2.onError);
    try {
      await c1.waitForCount(1, 'listener 1 initial');
      await c2.waitForCount(1, 'listener 2 initial');
      await col.doc('d').set({ v: 1 });
      const s1 = await c1.waitForCount(2, 'listener 1 change');
      const s2 = await c2.waitForCount(2, 'listener 2 change');
      expect(changesOf(s1)).toEqual([['added', 'd', -1, 0]]);
      expect(changesOf(s2)).toEqual([['added', 'd', -1, 0]]);
    } finally {
      u1();
      u2();
    }
  });
});
