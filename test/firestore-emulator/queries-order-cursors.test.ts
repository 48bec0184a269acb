// Firestore emulator conformance: RunQuery ordering (explicit, implicit __name__ tie-breaker, default
// order), cursors, offset, limit, limitToLast and projections (select).
//
// Run against the official emulator with:
//   FIRESTORE_EMULATOR_HOST=localhost:8080 npx vitest run test/firestore-emulator
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldPath } from '@google-cloud/firestore';
import type { CollectionReference, DocumentSnapshot, Query } from '@google-cloud/firestore';
import { newTestFirestore } from '../support/firestore.ts';
import { freshCollection, queryIds, seed } from '../support/firestore-assertions.ts';

const db = newTestFirestore('conf-order');
afterAll(async () => {
  await db.terminate();
});

describe('default order', () => {
  it('returns documents in document ID order (UTF-8 bytes), not insertion order', async () => {
    const col = freshCollection(db, 'default');
    // written one by one, in an order that is neither ascending nor descending
    for (const id of ['m', 'b', 'Z', 'a', '10', 'zz', '9', 'é']) await col.doc(id).set({ w: id });
    expect(await queryIds(col)).toEqual(['10', '9', 'Z', 'a', 'b', 'm', 'zz', 'é']);
  });

  it('a query with only an equality filter is also in document ID order', async () => {
    const col = freshCollection(db, 'default');
    for (const id of ['c', 'a', 'b', 'd']) await col.doc(id).set({ k: id === 'd' ? 0 : 1 });
    expect(await queryIds(col.where('k', '==', 1))).toEqual(['a', 'b', 'c']);
  });

  it('a range filter without orderBy orders by that field, then by document ID', async () => {
    const col = freshCollection(db, 'default');
    await seed(col, { a: { n: 3 }, b: { n: 1 }, c: { n: 2 }, d: { n: 1 }, e: { n: 0 } });
    expect(await queryIds(col.where('n', '>', 0))).toEqual(['b', 'd', 'c', 'a']);
  });

  it('a string prefix range (>= p, < p + \\uf8ff) selects exactly the strings with that prefix', async () => {
    const col = freshCollection(db, 'default');
    await seed(col, {
      1: { s: 'ab' },
      2: { s: 'abc' },
      3: { s: 'abz' },
      4: { s: 'ac' },
      5: { s: 'a' },
      6: { s: 'ab\u00e9' },
    });
    expect(await queryIds(col.where('s', '>=', 'ab').where('s', '<', 'ab\uf8ff'))).toEqual(['1', '2', '3', '6']);
  });

  it('a != filter without orderBy orders by that field, then by document ID', async () => {
    const col = freshCollection(db, 'default');
    await seed(col, { a: { n: 3 }, b: { n: 1 }, c: { n: 2 }, d: { n: 1 }, e: { n: 0 } });
    expect(await queryIds(col.where('n', '!=', 2))).toEqual(['e', 'b', 'd', 'a']);
  });
});

describe('inequalities on several fields', () => {
  it('without orderBy, results are ordered by the inequality fields (by field path), then by document ID', async () => {
    const col = freshCollection(db, 'multi-ineq');
    await seed(col, {
      a: { x: 2, y: 1 },
      b: { x: 1, y: 3 },
      c: { x: 2, y: 0 },
      d: { x: 1, y: 2 },
      e: { x: 0, y: 1 }, // x too small
      f: { x: 3, y: 9 }, // y too big
      g: { x: 1, y: 2 },
    });
    expect(await queryIds(col.where('y', '<', 5).where('x', '>', 0))).toEqual(['d', 'g', 'b', 'c', 'a']);
  });
});

describe('orderBy', () => {
  let col: CollectionReference;
  beforeAll(async () => {
    col = freshCollection(db, 'orderby');
    await seed(col, {
      d1: { n: 2, s: 'b' },
      d2: { n: 1, s: 'c' },
      d3: { n: 2, s: 'a' },
      d4: { n: 3, s: 'a' },
      d5: { n: 1, s: 'a' },
      d6: { s: 'z' }, // no n
      d7: { n: null, s: 'q' },
    });
  });

  const cases: Array<[string, () => Query, string[]]> = [
    [
      'asc with the document name as tie-breaker (ascending)',
      () => col.orderBy('n'),
      ['d7', 'd2', 'd5', 'd1', 'd3', 'd4'],
    ],
    [
      'desc with the document name as tie-breaker (descending too)',
      () => col.orderBy('n', 'desc'),
      ['d4', 'd3', 'd1', 'd5', 'd2', 'd7'],
    ],
    ['two fields', () => col.orderBy('n').orderBy('s'), ['d7', 'd5', 'd2', 'd3', 'd1', 'd4']],
    ['two fields, mixed directions', () => col.orderBy('n', 'desc').orderBy('s'), ['d4', 'd3', 'd1', 'd5', 'd2', 'd7']],
    ['by documentId ascending', () => col.orderBy(FieldPath.documentId()), ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7']],
    [
      'field then documentId descending',
      () => col.orderBy('s').orderBy(FieldPath.documentId(), 'desc'),
      ['d5', 'd4', 'd3', 'd1', 'd2', 'd7', 'd6'],
    ],
    [
      'documents lacking the orderBy field are excluded (null is not lacking)',
      () => col.orderBy('n').where('s', '==', 'z'),
      [],
    ],
    ['limit after ordering', () => col.orderBy('n', 'desc').limit(2), ['d4', 'd3']],
    ['offset after ordering', () => col.orderBy('n').offset(2), ['d5', 'd1', 'd3', 'd4']],
    ['offset and limit', () => col.orderBy('n').offset(1).limit(3), ['d2', 'd5', 'd1']],
    ['offset past the end', () => col.orderBy('n').offset(50), []],
    ['limitToLast returns the last N in query order', () => col.orderBy('n').limitToLast(2), ['d3', 'd4']],
    ['limitToLast with desc', () => col.orderBy('n', 'desc').limitToLast(3), ['d5', 'd2', 'd7']],
    [
      'documentId filter with a reference value',
      () => col.where(FieldPath.documentId(), '>=', col.doc('d5')),
      ['d5', 'd6', 'd7'],
    ],
    ['documentId filter with a plain ID string', () => col.where(FieldPath.documentId(), '<', 'd3'), ['d1', 'd2']],
    ['documentId in', () => col.where(FieldPath.documentId(), 'in', ['d4', 'd1', 'nope']), ['d1', 'd4']],
  ];

  it.each(cases)('%s', async (_name, query, expected) => {
    expect(await queryIds(query())).toEqual(expected);
  });
});

describe('cursors', () => {
  let col: CollectionReference;
  beforeAll(async () => {
    col = freshCollection(db, 'cursors');
    await seed(col, {
      a: { n: 1, s: 'x' },
      b: { n: 2, s: 'x' },
      c: { n: 2, s: 'y' },
      d: { n: 3, s: 'x' },
      e: { n: 4, s: 'y' },
      f: { n: 2, s: 'x' },
    });
  });

  const byN = (): Query => col.orderBy('n');
  const valueCases: Array<[string, () => Query, string[]]> = [
    ['startAt(2) includes every tie', () => byN().startAt(2), ['b', 'c', 'f', 'd', 'e']],
    ['startAfter(2) skips every tie', () => byN().startAfter(2), ['d', 'e']],
    ['endAt(2) includes every tie', () => byN().endAt(2), ['a', 'b', 'c', 'f']],
    ['endBefore(2) stops before the ties', () => byN().endBefore(2), ['a']],
    ['startAt and endAt together', () => byN().startAt(2).endAt(3), ['b', 'c', 'f', 'd']],
    ['startAfter a value between stored values', () => byN().startAfter(2.5), ['d', 'e']],
    ['startAt past the end', () => byN().startAt(99), []],
    ['two-field cursor', () => col.orderBy('n').orderBy('s').startAfter(2, 'x'), ['c', 'd', 'e']],
    [
      'cursor on the implicit name order',
      () => col.orderBy('n').orderBy(FieldPath.documentId()).startAfter(2, 'b'),
      ['c', 'f', 'd', 'e'],
    ],
    ['desc cursor', () => col.orderBy('n', 'desc').startAt(3), ['d', 'f', 'c', 'b', 'a']],
    ['desc endBefore', () => col.orderBy('n', 'desc').endBefore(2), ['e', 'd']],
    ['cursor with limit', () => byN().startAfter(1).limit(2), ['b', 'c']],
    ['cursor with offset', () => byN().startAt(2).offset(1), ['c', 'f', 'd', 'e']],
    ['documentId cursor', () => col.orderBy(FieldPath.documentId()).startAfter('c').endAt('e'), ['d', 'e']],
    ['limitToLast with endBefore', () => byN().endBefore(4).limitToLast(2), ['f', 'd']],
    ['limitToLast with startAt', () => byN().startAt(2).limitToLast(10), ['b', 'c', 'f', 'd', 'e']],
  ];

  it.each(valueCases)('%s', async (_name, query, expected) => {
    expect(await queryIds(query())).toEqual(expected);
  });

  describe('with DocumentSnapshots (value plus document name)', () => {
    let c: DocumentSnapshot;
    beforeAll(async () => {
      c = await col.doc('c').get();
    });
    const snapCases: Array<[string, () => Query, string[]]> = [
      ['startAt(snapshot) starts at that exact document among ties', () => byN().startAt(c), ['c', 'f', 'd', 'e']],
      ['startAfter(snapshot) starts right after it among ties', () => byN().startAfter(c), ['f', 'd', 'e']],
      ['endAt(snapshot) ends with it', () => byN().endAt(c), ['a', 'b', 'c']],
      ['endBefore(snapshot) ends right before it', () => byN().endBefore(c), ['a', 'b']],
      ['desc startAfter(snapshot)', () => col.orderBy('n', 'desc').startAfter(c), ['b', 'a']],
      ['no explicit orderBy: cursor on the document name', () => col.startAfter(c), ['d', 'e', 'f']],
    ];
    it.each(snapCases)('%s', async (_name, query, expected) => {
      expect(await queryIds(query())).toEqual(expected);
    });
  });

  it('paginates through all documents with startAfter(lastSnapshot)', async () => {
    const seen: string[] = [];
    let page = await byN().limit(2).get();
    while (!page.empty) {
      seen.push(...page.docs.map((d) => d.id));
      page = await byN()
        .startAfter(page.docs[page.docs.length - 1]!)
        .limit(2)
        .get();
    }
    expect(seen).toEqual(['a', 'b', 'c', 'f', 'd', 'e']);
  });
});

describe('select (projection)', () => {
  let col: CollectionReference;
  beforeAll(async () => {
    col = freshCollection(db, 'select');
    await seed(col, {
      a: { x: 1, y: 2, m: { p: 1, q: 2 }, 'we.ird': { 'x y': 3, other: 4 } },
      b: { y: 5 },
    });
  });

  it('returns only the selected fields, nested ones included', async () => {
    const snap = await col.select('x', 'm.q', new FieldPath('we.ird', 'x y')).get();
    expect(snap.docs.map((d) => [d.id, d.data()])).toEqual([
      ['a', { x: 1, m: { q: 2 }, 'we.ird': { 'x y': 3 } }],
      ['b', {}],
    ]);
  });

  it('select() with no fields returns document references with empty data', async () => {
    const snap = await col.select().get();
    expect(snap.docs.map((d) => d.id)).toEqual(['a', 'b']);
    for (const d of snap.docs) {
      expect(d.exists).toBe(true);
      expect(d.data()).toEqual({});
      expect(d.ref.parent.id).toBe(col.id);
    }
  });

  it('projection does not change which documents match or their order', async () => {
    const snap = await col.where('y', '>', 1).orderBy('y', 'desc').select('x').get();
    expect(snap.docs.map((d) => [d.id, d.data()])).toEqual([
      ['b', {}],
      ['a', { x: 1 }],
    ]);
  });
});
