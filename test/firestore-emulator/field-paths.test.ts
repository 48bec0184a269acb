// Firestore emulator conformance: nested field paths and quoted field path segments
// (dots, spaces, backticks, non-identifier characters) in writes, masks, filters and orderBy.
//
// Run against the official emulator with:
//   FIRESTORE_EMULATOR_HOST=localhost:8080 npx vitest run test/firestore-emulator
import { afterAll, describe, expect, it } from 'vitest';
import { FieldPath, FieldValue } from '@google-cloud/firestore';
import { newTestFirestore } from '../support/firestore.ts';
import { freshCollection, queryIds, seed } from '../support/firestore-assertions.ts';

const db = newTestFirestore('conf-fieldpaths');
afterAll(async () => {
  await db.terminate();
});

describe('nested field paths', () => {
  it("set { a: { b: 1 } } then update('a.b', 2) changes only the nested field", async () => {
    const ref = freshCollection(db, 'nested').doc('d');
    await ref.set({ a: { b: 1, c: 'keep' }, top: true });
    await ref.update('a.b', 2);
    expect((await ref.get()).data()).toEqual({ a: { b: 2, c: 'keep' }, top: true });
  });

  it("where('a.b', '>', 1) filters on the nested value", async () => {
    const col = freshCollection(db, 'nested');
    await seed(col, { one: { a: { b: 1 } }, two: { a: { b: 2 } }, three: { a: { b: 3 } }, flat: { 'a.b': 5 } });
    expect(await queryIds(col.where('a.b', '>', 1))).toEqual(['two', 'three']);
  });

  it("orderBy('a.b') orders by the nested value and excludes docs without it", async () => {
    const col = freshCollection(db, 'nested');
    await seed(col, { x: { a: { b: 3 } }, y: { a: { b: 1 } }, z: { a: { c: 1 } }, w: { a: 7 } });
    expect(await queryIds(col.orderBy('a.b'))).toEqual(['y', 'x']);
  });

  it('increment on a nested field', async () => {
    const ref = freshCollection(db, 'nested').doc('inc');
    await ref.set({ a: { n: 5, other: 1 } });
    await ref.update('a.n', FieldValue.increment(3));
    await ref.update({ 'a.fresh': FieldValue.increment(2) });
    expect((await ref.get()).data()).toEqual({ a: { n: 8, other: 1, fresh: 2 } });
  });

  it('snapshot.get() reads nested values by dotted path and by FieldPath', async () => {
    const ref = freshCollection(db, 'nested').doc('g');
    await ref.set({ a: { b: { c: 'deep' } } });
    const snap = await ref.get();
    expect(snap.get('a.b.c')).toBe('deep');
    expect(snap.get(new FieldPath('a', 'b'))).toEqual({ c: 'deep' });
    expect(snap.get('a.x')).toBeUndefined();
  });
});

describe('field path segments that need quoting', () => {
  const weird = new FieldPath('we.ird', 'x y');

  it("update with a FieldPath key writes the literal segments ('we.ird' -> 'x y')", async () => {
    const ref = freshCollection(db, 'quoted').doc('d');
    await ref.set({ we: { ird: 'untouched' } });
    await ref.update(weird, 1);
    expect((await ref.get()).data()).toEqual({ we: { ird: 'untouched' }, 'we.ird': { 'x y': 1 } });
    await ref.update(weird, FieldValue.increment(41));
    expect((await ref.get()).get(weird)).toBe(42);
  });

  it(
    'fields whose names contain dots, spaces, backticks,' + ' backslashes and non-ASCII round-trip through set()',
    async () => {
      const ref = freshCollection(db, 'quoted').doc('d');
      const data = { 'a.b': 1, 'sp ace': 2, 'back`tick': 3, 'back\\slash': 4, 'ünï-cödé': 5, '123': 6, 'x/y': 7 };
      await ref.set(data);
      expect((await ref.get()).data()).toEqual(data);
    },
  );

  it('update() with FieldPaths containing backticks and backslashes', async () => {
    const ref = freshCollection(db, 'quoted').doc('d');
    await ref.set({ keep: 1 });
    await ref.update(new FieldPath('back`tick', 'in ner'), 'b', new FieldPath('back\\slash'), 'c');
    expect((await ref.get()).data()).toEqual({ keep: 1, 'back`tick': { 'in ner': 'b' }, 'back\\slash': 'c' });
  });

  it('where / orderBy with a quoted FieldPath', async () => {
    const col = freshCollection(db, 'quoted');
    await seed(col, {
      a: { 'we.ird': { 'x y': 3 } },
      b: { 'we.ird': { 'x y': 1 } },
      c: { we: { ird: { 'x y': 2 } } }, // different path: we -> ird -> 'x y'
    });
    expect(await queryIds(col.where(weird, '>=', 1).orderBy(weird))).toEqual(['b', 'a']);
    expect(await queryIds(col.where(new FieldPath('we', 'ird', 'x y'), '==', 2))).toEqual(['c']);
    expect(await queryIds(col.orderBy(weird, 'desc'))).toEqual(['a', 'b']);
  });

  it('FieldValue.delete() with a quoted FieldPath removes only that field', async () => {
    const ref = freshCollection(db, 'quoted').doc('d');
    await ref.set({ 'we.ird': { 'x y': 1, z: 2 }, we: { ird: { 'x y': 3 } } });
    await ref.update(weird, FieldValue.delete());
    expect((await ref.get()).data()).toEqual({ 'we.ird': { z: 2 }, we: { ird: { 'x y': 3 } } });
  });

  it('set(merge) with keys containing dots treats them as single segments', async () => {
    const ref = freshCollection(db, 'quoted').doc('d');
    await ref.set({ a: { b: 1 } });
    await ref.set({ 'a.b': 2 }, { merge: true });
    expect((await ref.get()).data()).toEqual({ a: { b: 1 }, 'a.b': 2 });
  });

  it('set with mergeFields given as a FieldPath', async () => {
    const ref = freshCollection(db, 'quoted').doc('d');
    await ref.set({ 'we.ird': { 'x y': 1, z: 1 }, other: 1 });
    await ref.set({ 'we.ird': { 'x y': 5, z: 5 }, other: 5 }, { mergeFields: [weird] });
    expect((await ref.get()).data()).toEqual({ 'we.ird': { 'x y': 5, z: 1 }, other: 1 });
  });
});
