// Firestore emulator conformance: single-document reads and writes (GetDocument, BatchGetDocuments,
// ListDocuments, Commit with update masks / merge / field deletes).
//
// Runs against the embedded emulator by default; against the official one with
//   FIRESTORE_EMULATOR_HOST=localhost:8080 npx vitest run test/firestore-emulator
import { afterAll, describe, expect, it } from 'vitest';
import { FieldPath, FieldValue, GeoPoint, Timestamp } from '@google-cloud/firestore';
import { newTestFirestore } from '../support/firestore.ts';
import { Code, expectGrpcCode, freshCollection } from '../support/firestore-assertions.ts';

const db = newTestFirestore('conf-documents');
afterAll(async () => {
  await db.terminate();
});

describe('get (GetDocument / BatchGetDocuments of one)', () => {
  it('returns exists=true with the stored data for an existing document', async () => {
    const col = freshCollection(db, 'get');
    await col.doc('a').set({ n: 1, s: 'x', nested: { ok: true } });
    const snap = await col.doc('a').get();
    expect(snap.exists).toBe(true);
    expect(snap.id).toBe('a');
    expect(snap.ref.path).toBe(`${col.id}/a`);
    expect(snap.data()).toEqual({ n: 1, s: 'x', nested: { ok: true } });
    expect(snap.createTime).toBeInstanceOf(Timestamp);
    expect(snap.updateTime).toBeInstanceOf(Timestamp);
    expect(snap.readTime).toBeInstanceOf(Timestamp);
  });

  it('returns exists=false, undefined data and a readTime for a missing document', async () => {
    const col = freshCollection(db, 'get');
    const snap = await col.doc('nope').get();
    expect(snap.exists).toBe(false);
    expect(snap.data()).toBeUndefined();
    expect(snap.createTime).toBeUndefined();
    expect(snap.updateTime).toBeUndefined();
    expect(snap.readTime).toBeInstanceOf(Timestamp);
  });

  it('round-trips every value type', async () => {
    const col = freshCollection(db, 'get');
    const ref = col.doc('types');
    const data = {
      nul: null,
      bool: true,
      int: 42,
      neg: -7,
      dbl: 3.25,
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      ts: new Timestamp(1_700_000_000, 123_456_000),
      str: 'héllo 😀',
      bytes: Buffer.from([0, 1, 254, 255]),
      ref: db.doc('other/doc'),
      geo: new GeoPoint(48.85, 2.35),
      arr: [1, 'two', null, { x: [3] }],
      map: { a: { b: { c: 'deep' } }, empty: {} },
      emptyArr: [],
    };
    await ref.set(data);
    const snap = await ref.get();
    const got = snap.data()!;
    expect(got.nul).toBeNull();
    expect(got.bool).toBe(true);
    expect(got.int).toBe(42);
    expect(got.neg).toBe(-7);
    expect(got.dbl).toBe(3.25);
    expect(Number.isNaN(got.nan)).toBe(true);
    expect(got.inf).toBe(Number.POSITIVE_INFINITY);
    expect((got.ts as Timestamp).isEqual(new Timestamp(1_700_000_000, 123_456_000))).toBe(true);
    expect(got.str).toBe('héllo 😀');
    expect(Buffer.from(got.bytes as Uint8Array).equals(Buffer.from([0, 1, 254, 255]))).toBe(true);
    expect(got.ref.path).toBe('other/doc');
    expect((got.geo as GeoPoint).isEqual(new GeoPoint(48.85, 2.35))).toBe(true);
    expect(got.arr).toEqual([1, 'two', null, { x: [3] }]);
    expect(got.map).toEqual({ a: { b: { c: 'deep' } }, empty: {} });
    expect(got.emptyArr).toEqual([]);
  });

  it('set() without merge replaces the whole document', async () => {
    const col = freshCollection(db, 'get');
    const ref = col.doc('r');
    await ref.set({ a: 1, b: 2 });
    await ref.set({ c: 3 });
    expect((await ref.get()).data()).toEqual({ c: 3 });
  });

  it('delete() removes the document; deleting a missing document succeeds', async () => {
    const col = freshCollection(db, 'get');
    const ref = col.doc('d');
    await ref.set({ a: 1 });
    await ref.delete();
    expect((await ref.get()).exists).toBe(false);
    await expect(ref.delete()).resolves.toBeDefined();
  });
});

describe('document IDs', () => {
  const cases = ['with space', 'ünïcödé', '😀', 'a.b', 'x~y', '__not_reserved', '123', 'UPPER', "quote'd", 'per%cent'];
  it.each(cases)('ID %j round-trips through set, get, query and listDocuments', async (id) => {
    const col = freshCollection(db, 'ids');
    await col.doc(id).set({ id });
    expect((await col.doc(id).get()).get('id')).toBe(id);
    expect((await col.get()).docs.map((d) => d.id)).toEqual([id]);
    expect((await col.listDocuments()).map((r) => r.id)).toEqual([id]);
  });

  it('auto-generated IDs are 20 characters and distinct', async () => {
    const col = freshCollection(db, 'ids');
    const refs = await Promise.all(Array.from({ length: 5 }, (_, i) => col.add({ i })));
    expect(new Set(refs.map((r) => r.id)).size).toBe(5);
    for (const r of refs) expect(r.id).toMatch(/^[A-Za-z0-9]{20}$/);
    expect((await col.get()).size).toBe(5);
  });
});

describe('getAll (BatchGetDocuments)', () => {
  it('returns one snapshot per reference, in request order, including missing documents', async () => {
    const col = freshCollection(db, 'getall');
    await col.doc('b').set({ v: 'b' });
    await col.doc('a').set({ v: 'a' });
    const snaps = await db.getAll(col.doc('b'), col.doc('missing'), col.doc('a'));
    expect(snaps.map((s) => s.id)).toEqual(['b', 'missing', 'a']);
    expect(snaps.map((s) => s.exists)).toEqual([true, false, true]);
    expect(snaps[0]!.data()).toEqual({ v: 'b' });
    expect(snaps[1]!.data()).toBeUndefined();
    expect(snaps[2]!.data()).toEqual({ v: 'a' });
  });

  it('applies a fieldMask: only the listed (possibly nested) fields come back', async () => {
    const col = freshCollection(db, 'getall');
    await col.doc('x').set({ a: 1, b: { c: 2, d: 3 }, e: 4, 'we.ird': { 'x y': 5, z: 6 } });
    await col.doc('y').set({ e: 9 });
    const [x, y, missing] = await db.getAll(col.doc('x'), col.doc('y'), col.doc('z'), {
      fieldMask: ['a', 'b.c', new FieldPath('we.ird', 'x y')],
    });
    expect(x!.exists).toBe(true);
    expect(x!.data()).toEqual({ a: 1, b: { c: 2 }, 'we.ird': { 'x y': 5 } });
    // A document without any of the masked fields still exists, with empty data.
    expect(y!.exists).toBe(true);
    expect(y!.data()).toEqual({});
    expect(missing!.exists).toBe(false);
  });

  it('returns the same document twice when it is requested twice', async () => {
    const col = freshCollection(db, 'getall');
    await col.doc('a').set({ v: 1 });
    const snaps = await db.getAll(col.doc('a'), col.doc('a'));
    expect(snaps).toHaveLength(2);
    expect(snaps.every((s) => s.exists && s.get('v') === 1)).toBe(true);
  });
});

describe('listDocuments (ListDocuments with show_missing)', () => {
  it(
    'lists existing documents and "missing" parents ' + 'that only have subcollections, but not grandchildren',
    async () => {
      const col = freshCollection(db, 'list');
      await col.doc('real').set({ a: 1 });
      await col.doc('ghost').collection('sub').doc('child').set({ b: 2 });
      await col.doc('real').collection('sub').doc('child').set({ c: 3 });
      const refs = await col.listDocuments();
      expect(refs.map((r) => r.id).sort()).toEqual(['ghost', 'real']);
      // the "ghost" parent itself does not exist
      expect((await col.doc('ghost').get()).exists).toBe(false);
    },
  );

  it('returns an empty list for an empty collection', async () => {
    const col = freshCollection(db, 'list');
    expect(await col.listDocuments()).toEqual([]);
  });

  it('lists documents of a subcollection only', async () => {
    const col = freshCollection(db, 'list');
    await col.doc('p').collection('kids').doc('k1').set({});
    await col.doc('p').collection('kids').doc('k2').set({});
    await col.doc('p').collection('other').doc('o1').set({});
    const refs = await col.doc('p').collection('kids').listDocuments();
    expect(refs.map((r) => r.path).sort()).toEqual([`${col.id}/p/kids/k1`, `${col.id}/p/kids/k2`]);
  });
});

describe('update masks, merge and field deletes', () => {
  it('update() replaces only the named fields and leaves the others', async () => {
    const col = freshCollection(db, 'mask');
    const ref = col.doc('u');
    await ref.set({ a: 1, b: 2, m: { x: 1, y: 2 } });
    await ref.update({ b: 20, c: 30 });
    expect((await ref.get()).data()).toEqual({ a: 1, b: 20, c: 30, m: { x: 1, y: 2 } });
  });

  it('update() with a dotted path changes one nested field, with a map value replaces the whole map', async () => {
    const col = freshCollection(db, 'mask');
    const ref = col.doc('u');
    await ref.set({ m: { x: 1, y: 2 } });
    await ref.update('m.x', 10);
    expect((await ref.get()).data()).toEqual({ m: { x: 10, y: 2 } });
    await ref.update({ m: { z: 3 } });
    expect((await ref.get()).data()).toEqual({ m: { z: 3 } });
  });

  it('update() of a nested path creates the intermediate maps', async () => {
    const col = freshCollection(db, 'mask');
    const ref = col.doc('u');
    await ref.set({ a: 1 });
    await ref.update('p.q.r', 'deep');
    expect((await ref.get()).data()).toEqual({ a: 1, p: { q: { r: 'deep' } } });
  });

  it('update() of a nested path through a non-map value replaces that value with a map', async () => {
    const col = freshCollection(db, 'mask');
    const ref = col.doc('u');
    await ref.set({ p: 5 });
    await ref.update('p.q', 1);
    expect((await ref.get()).data()).toEqual({ p: { q: 1 } });
  });

  it('set(data, { merge: true }) deep-merges maps and keeps untouched fields', async () => {
    const col = freshCollection(db, 'mask');
    const ref = col.doc('m');
    await ref.set({ a: 1, m: { x: 1, y: { deep: 1, keep: true } } });
    await ref.set({ b: 2, m: { y: { deep: 2 }, z: 3 } }, { merge: true });
    expect((await ref.get()).data()).toEqual({ a: 1, b: 2, m: { x: 1, y: { deep: 2, keep: true }, z: 3 } });
  });

  it('set(data, { merge: true }) creates a missing document', async () => {
    const col = freshCollection(db, 'mask');
    const ref = col.doc('new');
    await ref.set({ m: { x: 1 } }, { merge: true });
    expect((await ref.get()).data()).toEqual({ m: { x: 1 } });
  });

  it('set(data, { merge: true }) with an empty map value puts that path in the mask and empties the map', async () => {
    const col = freshCollection(db, 'mask');
    const ref = col.doc('m');
    await ref.set({ m: { x: 1 }, k: 1 });
    await ref.set({ m: {} }, { merge: true });
    expect((await ref.get()).data()).toEqual({ m: {}, k: 1 });
  });

  it('set(data, { mergeFields }) writes only the listed (nested) fields and leaves the rest', async () => {
    const col = freshCollection(db, 'mask');
    const ref = col.doc('mf');
    await ref.set({ a: 1, b: 1, m: { x: 1, y: 1 }, gone: 1 });
    await ref.set({ a: 2, b: 2, m: { x: 2, y: 2 } }, { mergeFields: ['a', 'm.x'] });
    expect((await ref.get()).data()).toEqual({ a: 2, b: 1, m: { x: 2, y: 1 }, gone: 1 });
  });

  it('set(data, { mergeFields }) with a map field replaces that whole map', async () => {
    const col = freshCollection(db, 'mask');
    const ref = col.doc('mf');
    await ref.set({ m: { x: 1, y: 1 } });
    await ref.set({ m: { z: 3 } }, { mergeFields: ['m'] });
    expect((await ref.get()).data()).toEqual({ m: { z: 3 } });
  });

  it('FieldValue.delete() removes a field in update() and in set(merge)', async () => {
    const col = freshCollection(db, 'mask');
    const ref = col.doc('del');
    await ref.set({ a: 1, b: 2, m: { x: 1, y: 2 } });
    await ref.update({ a: FieldValue.delete(), 'm.x': FieldValue.delete() });
    expect((await ref.get()).data()).toEqual({ b: 2, m: { y: 2 } });
    await ref.set({ b: FieldValue.delete(), c: 3 }, { merge: true });
    expect((await ref.get()).data()).toEqual({ c: 3, m: { y: 2 } });
  });

  it('FieldValue.delete() of a field that does not exist is a no-op', async () => {
    const col = freshCollection(db, 'mask');
    const ref = col.doc('del');
    await ref.set({ a: 1 });
    await ref.update({ nothere: FieldValue.delete(), 'deep.nothere': FieldValue.delete() });
    expect((await ref.get()).data()).toEqual({ a: 1 });
  });

  it('deleting the last field of a nested map leaves an empty map', async () => {
    const col = freshCollection(db, 'mask');
    const ref = col.doc('del');
    await ref.set({ m: { only: 1 } });
    await ref.update('m.only', FieldValue.delete());
    expect((await ref.get()).data()).toEqual({ m: {} });
  });

  it('update() on a missing document fails with NOT_FOUND (5) and creates nothing', async () => {
    const col = freshCollection(db, 'mask');
    const ref = col.doc('missing');
    await expectGrpcCode(ref.update({ a: 1 }), Code.NOT_FOUND);
    expect((await ref.get()).exists).toBe(false);
  });
});
