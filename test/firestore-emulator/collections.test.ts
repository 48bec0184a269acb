// Firestore emulator conformance: collection groups (all_descendants), collection scoping of queries,
// ListCollectionIds (db.listCollections / doc.listCollections) and recursiveDelete.
//
// Run against the official emulator with:
//   FIRESTORE_EMULATOR_HOST=localhost:8080 npx vitest run test/firestore-emulator
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldPath } from '@google-cloud/firestore';
import { randomUUID } from 'node:crypto';
import { newTestFirestore } from '../support/firestore.ts';
import { freshCollection, ids } from '../support/firestore-assertions.ts';

const db = newTestFirestore('conf-collections');
afterAll(async () => {
  await db.terminate();
});

describe('collectionGroup queries', () => {
  // a collection id unique to this run, so the group only sees what this describe wrote
  const group = `items${randomUUID().slice(0, 6)}`;
  const paths: Record<string, { n: number; kind: string }> = {
    [`${group}/root1`]: { n: 1, kind: 'root' },
    [`a/p1/${group}/x1`]: { n: 5, kind: 'depth1' },
    [`a/p2/${group}/x2`]: { n: 3, kind: 'depth1' },
    [`b/q/c/r/${group}/y1`]: { n: 4, kind: 'depth2' },
    [`${group}/root1/${group}/nested`]: { n: 2, kind: 'self-nested' },
    // same id prefix / suffix, different collection ids: never part of the group
    [`a/p1/${group}x/not1`]: { n: 100, kind: 'other' },
    [`a/p1/x${group}/not2`]: { n: 100, kind: 'other' },
    [`${group}/root1/sub/not3`]: { n: 100, kind: 'other' },
  };

  beforeAll(async () => {
    const batch = db.batch();
    for (const [path, data] of Object.entries(paths)) batch.set(db.doc(path), data);
    await batch.commit();
  });

  it('reaches documents of that collection id at any depth, and only those', async () => {
    const snap = await db.collectionGroup(group).get();
    expect(snap.docs.map((d) => d.ref.path).sort()).toEqual(
      [
        `${group}/root1`,
        `a/p1/${group}/x1`,
        `a/p2/${group}/x2`,
        `b/q/c/r/${group}/y1`,
        `${group}/root1/${group}/nested`,
      ].sort(),
    );
  });

  it('applies filters and orderBy across the whole group', async () => {
    const snap = await db.collectionGroup(group).where('n', '>=', 2).orderBy('n', 'desc').get();
    expect(ids(snap)).toEqual(['x1', 'y1', 'x2', 'nested']);
  });

  it('default order is by full document path, segment by segment', async () => {
    const snap = await db.collectionGroup(group).get();
    const got = snap.docs.map((d) => d.ref.path);
    expect(got).toEqual([
      `a/p1/${group}/x1`,
      `a/p2/${group}/x2`,
      `b/q/c/r/${group}/y1`,
      `${group}/root1`,
      `${group}/root1/${group}/nested`,
    ]);
  });

  it('supports limit and cursors', async () => {
    const first = await db.collectionGroup(group).orderBy('n').limit(2).get();
    expect(ids(first)).toEqual(['root1', 'nested']);
    const next = await db.collectionGroup(group).orderBy('n').startAfter(first.docs[1]!).get();
    expect(ids(next)).toEqual(['x2', 'y1', 'x1']);
  });

  it('can be restricted to a subtree with a documentId range', async () => {
    const parent = db.doc('a/p1').path;
    const snap = await db
      .collectionGroup(group)
      .orderBy(FieldPath.documentId())
      .startAt(parent)
      .endAt(`${parent}\uf8ff`)
      .get();
    expect(snap.docs.map((d) => d.ref.path)).toEqual([`a/p1/${group}/x1`]);
  });
});

describe('collection queries are scoped to direct children', () => {
  it('a query on a collection does not return documents of its subcollections', async () => {
    const col = freshCollection(db, 'scope');
    await col.doc('parent').set({ level: 0 });
    await col.doc('parent').collection(col.id).doc('child').set({ level: 1 });
    await col.doc('ghost').collection('kids').doc('k').set({ level: 1 });
    const snap = await col.get();
    expect(ids(snap)).toEqual(['parent']);
    expect(ids(await col.where('level', '>=', 0).get())).toEqual(['parent']);
  });

  it('a subcollection query returns only that subcollection', async () => {
    const col = freshCollection(db, 'scope');
    await col.doc('p1').collection('kids').doc('a').set({});
    await col.doc('p2').collection('kids').doc('b').set({});
    const snap = await col.doc('p1').collection('kids').get();
    expect(snap.docs.map((d) => d.ref.path)).toEqual([`${col.id}/p1/kids/a`]);
  });

  it('collections with a common prefix do not leak into each other', async () => {
    const base = freshCollection(db, 'scope');
    await db.collection(`${base.id}`).doc('a').set({});
    await db.collection(`${base.id}x`).doc('b').set({});
    expect(ids(await db.collection(base.id).get())).toEqual(['a']);
  });
});

describe('listCollections (ListCollectionIds)', () => {
  it('on the database lists root collection ids', async () => {
    // fresh project: the database contains only what this test writes
    const fresh = newTestFirestore('conf-listcols');
    try {
      await fresh.doc('beta/x').set({});
      await fresh.doc('alpha/x').set({});
      await fresh.doc('alpha/x/nested/y').set({}); // not a root collection
      await fresh.doc('gamma/ghost/sub/z').set({}); // root collection whose only document is missing
      const cols = await fresh.listCollections();
      expect(cols.map((c) => c.id).sort()).toEqual(['alpha', 'beta', 'gamma']);
    } finally {
      await fresh.terminate();
    }
  });

  it('on a document lists its direct subcollections, even when the document itself is missing', async () => {
    const col = freshCollection(db, 'listcols');
    await col.doc('real').set({});
    await col.doc('real').collection('s1').doc('a').set({});
    await col.doc('real').collection('s2').doc('b').collection('deeper').doc('c').set({});
    await col.doc('ghost').collection('g1').doc('a').set({});
    expect((await col.doc('real').listCollections()).map((c) => c.id).sort()).toEqual(['s1', 's2']);
    expect((await col.doc('ghost').listCollections()).map((c) => c.id)).toEqual(['g1']);
    expect(await col.doc('nothing').listCollections()).toEqual([]);
  });

  it('returned references point to the right path', async () => {
    const col = freshCollection(db, 'listcols');
    await col.doc('p').collection('kids').doc('a').set({});
    const [kids] = await col.doc('p').listCollections();
    expect(kids!.path).toBe(`${col.id}/p/kids`);
  });

  it('a collection disappears once its last document is deleted', async () => {
    const col = freshCollection(db, 'listcols');
    await col.doc('p').collection('gone').doc('a').set({});
    await col.doc('p').collection('gone').doc('a').delete();
    expect(await col.doc('p').listCollections()).toEqual([]);
  });
});

describe('recursiveDelete', () => {
  it('deletes a collection with every nested subcollection, leaving siblings alone', async () => {
    const col = freshCollection(db, 'recdel');
    const sibling = freshCollection(db, 'recdel-sibling');
    await col.doc('a').set({});
    await col.doc('a').collection('sub').doc('b').set({});
    await col.doc('a').collection('sub').doc('b').collection('deep').doc('c').set({});
    await col.doc('ghost').collection('sub').doc('d').set({});
    await sibling.doc('keep').set({});
    await db.recursiveDelete(col);
    expect((await col.get()).empty).toBe(true);
    expect(await col.listDocuments()).toEqual([]);
    expect((await col.doc('a').collection('sub').doc('b').collection('deep').doc('c').get()).exists).toBe(false);
    expect((await col.doc('ghost').collection('sub').get()).empty).toBe(true);
    expect((await sibling.doc('keep').get()).exists).toBe(true);
  });

  it('deletes a document and its subcollections, leaving its sibling documents', async () => {
    const col = freshCollection(db, 'recdel');
    await col.doc('target').set({});
    await col.doc('target').collection('sub').doc('x').set({});
    await col.doc('target2').set({}); // prefix-sharing sibling
    await col.doc('target2').collection('sub').doc('y').set({});
    await db.recursiveDelete(col.doc('target'));
    expect((await col.doc('target').get()).exists).toBe(false);
    expect(await col.doc('target').listCollections()).toEqual([]);
    expect((await col.doc('target2').get()).exists).toBe(true);
    expect((await col.doc('target2').collection('sub').doc('y').get()).exists).toBe(true);
  });
});
