// Firestore emulator conformance: RunAggregationQuery (count, sum, average).
//
// Run against the official emulator with:
//   FIRESTORE_EMULATOR_HOST=localhost:8080 npx vitest run test/firestore-emulator
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AggregateField, Filter } from '@google-cloud/firestore';
import type { CollectionReference } from '@google-cloud/firestore';
import { newTestFirestore } from '../support/firestore.ts';
import { bigIntReader, freshCollection, seed } from '../support/firestore-assertions.ts';

const db = newTestFirestore('conf-aggregation');
const typed = bigIntReader(db);
afterAll(async () => {
  await Promise.all([db.terminate(), typed.terminate()]);
});

describe('count / sum / average', () => {
  let col: CollectionReference;
  beforeAll(async () => {
    col = freshCollection(db, 'agg');
    await seed(col, {
      a: { x: 1, g: 'odd' },
      b: { x: 2, g: 'even' },
      c: { x: 3, g: 'odd' },
      d: { x: 4, g: 'even' },
      e: { x: 'not a number', g: 'odd' },
      f: { g: 'none' },
      h: { x: null, g: 'none' },
    });
  });

  it('count() counts every matching document', async () => {
    expect((await col.count().get()).data().count).toBe(7);
  });

  it('count() with a filter', async () => {
    expect((await col.where('g', '==', 'odd').count().get()).data().count).toBe(3);
    expect((await col.where('x', '>', 1).count().get()).data().count).toBe(3);
  });

  it('count() with a composite OR filter', async () => {
    const q = col.where(Filter.or(Filter.where('g', '==', 'none'), Filter.where('x', '==', 1)));
    expect((await q.count().get()).data().count).toBe(3);
  });

  it('count() respects limit', async () => {
    expect((await col.limit(2).count().get()).data().count).toBe(2);
    expect((await col.limit(100).count().get()).data().count).toBe(7);
  });

  it('count() respects cursors (which, unlike range filters, are not restricted to one type)', async () => {
    // orderBy x: h(null) a(1) b(2) c(3) d(4) e('not a number'); f lacks x
    expect((await col.orderBy('x').startAt(2).count().get()).data().count).toBe(4);
    expect((await col.orderBy('x').endBefore(2).count().get()).data().count).toBe(2);
  });

  it('sum and average ignore non-numeric and missing values; integer sum stays an integer', async () => {
    const snap = await typed
      .collection(col.id)
      .aggregate({ total: AggregateField.sum('x'), mean: AggregateField.average('x') })
      .get();
    expect(snap.data()).toEqual({ total: 10n, mean: 2.5 });
  });

  it('count combined with sum/average only counts documents that have the aggregated field', async () => {
    // documented: with several aggregations, only documents containing every aggregated field are used
    // ('f' lacks x and is left out; 'h' has x: null and 'e' a string, both still counted)
    const snap = await typed
      .collection(col.id)
      .aggregate({ total: AggregateField.sum('x'), mean: AggregateField.average('x'), n: AggregateField.count() })
      .get();
    expect(snap.data()).toEqual({ total: 10n, mean: 2.5, n: 6n });
  });

  it('sum and average with a filter', async () => {
    const snap = await col
      .where('g', '==', 'even')
      .aggregate({ total: AggregateField.sum('x'), mean: AggregateField.average('x') })
      .get();
    expect(snap.data()).toEqual({ total: 6, mean: 3 });
  });

  it('with no matching documents: count 0, sum 0, average null', async () => {
    const snap = await col
      .where('g', '==', 'nobody')
      .aggregate({ n: AggregateField.count(), total: AggregateField.sum('x'), mean: AggregateField.average('x') })
      .get();
    expect(snap.data()).toEqual({ n: 0, total: 0, mean: null });
  });

  it('with matching documents but no numeric values: sum 0, average null', async () => {
    const snap = await col
      .where('g', '==', 'none')
      .aggregate({ n: AggregateField.count(), total: AggregateField.sum('x'), mean: AggregateField.average('x') })
      .get();
    expect(snap.data()).toEqual({ n: 1, total: 0, mean: null }); // 'h' (x: null) counts, 'f' (no x) does not
  });

  it('count on an empty collection is 0', async () => {
    expect((await freshCollection(db, 'empty').count().get()).data().count).toBe(0);
  });

  it('aggregation snapshots carry a readTime', async () => {
    const snap = await col.count().get();
    expect(snap.readTime.toMillis()).toBeGreaterThan(0);
  });
});

describe('sum types', () => {
  it('sum of integers and a double is a double', async () => {
    const col = freshCollection(db, 'sumtypes');
    await seed(col, { a: { x: 1 }, b: { x: 2.5 }, c: { x: 3 } });
    const snap = await typed
      .collection(col.id)
      .aggregate({ total: AggregateField.sum('x'), mean: AggregateField.average('x') })
      .get();
    expect(snap.data().total).toBe(6.5);
    expect(typeof snap.data().total).toBe('number');
    expect(snap.data().mean).toBeCloseTo(6.5 / 3, 12);
  });

  it('average of integers is a double', async () => {
    const col = freshCollection(db, 'sumtypes');
    await seed(col, { a: { x: 1 }, b: { x: 2 } });
    const snap = await typed
      .collection(col.id)
      .aggregate({ mean: AggregateField.average('x') })
      .get();
    expect(snap.data().mean).toBe(1.5);
  });

  it('sum and average on a nested field', async () => {
    const col = freshCollection(db, 'sumtypes');
    await seed(col, { a: { m: { v: 10 } }, b: { m: { v: 20 } }, c: { m: 5 } });
    const snap = await col.aggregate({ total: AggregateField.sum('m.v'), mean: AggregateField.average('m.v') }).get();
    expect(snap.data()).toEqual({ total: 30, mean: 15 });
  });

  it('aggregations over a collection group', async () => {
    const col = freshCollection(db, 'sumtypes');
    const group = `g${col.id.slice(-8)}`;
    await db.doc(`${col.id}/a/${group}/1`).set({ x: 1 });
    await db.doc(`${col.id}/b/${group}/2`).set({ x: 2 });
    await db.doc(`${col.id}/b/c/d/${group}/3`).set({ x: 3 });
    const snap = await db
      .collectionGroup(group)
      .aggregate({ n: AggregateField.count(), total: AggregateField.sum('x') })
      .get();
    expect(snap.data()).toEqual({ n: 3, total: 6 });
  });
});
