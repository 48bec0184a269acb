// Firestore emulator conformance: RunQuery field filters, unary filters (IS_NULL / IS_NAN / IS_NOT_NULL /
// IS_NOT_NAN) and composite AND / OR filters.
//
// Run against the official emulator with:
//   FIRESTORE_EMULATOR_HOST=localhost:8080 npx vitest run test/firestore-emulator
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldValue, Filter } from '@google-cloud/firestore';
import type { CollectionReference, WhereFilterOp } from '@google-cloud/firestore';
import { newTestFirestore } from '../support/firestore.ts';
import { freshCollection, queryIds, seed } from '../support/firestore-assertions.ts';

const db = newTestFirestore('conf-filters');
afterAll(async () => {
  await db.terminate();
});

const sorted = (xs: string[]): string[] => [...xs].sort();

describe('field filters over a mixed-type field', () => {
  // No NaN here: how range filters treat NaN is not something both production and the emulator promise.
  let col: CollectionReference;
  beforeAll(async () => {
    col = freshCollection(db, 'filters');
    await seed(col, {
      i1: { x: 1 },
      i2: { x: 2 },
      i3: { x: 3 },
      d25: { x: 2.5 },
      s2: { x: '2' },
      sb: { x: 'b' },
      nul: { x: null },
      none: { y: 1 },
      arr12: { x: [1, 2] },
      arr3: { x: [3] },
      bt: { x: true },
      bf: { x: false },
      map: { x: { a: 1 } },
    });
  });

  const cases: Array<[WhereFilterOp, unknown, string[]]> = [
    ['==', 2, ['i2']],
    ['==', 2.5, ['d25']],
    ['==', '2', ['s2']],
    ['==', true, ['bt']],
    ['==', [1, 2], ['arr12']],
    ['==', [2, 1], []],
    ['==', { a: 1 }, ['map']],
    ['<', 3, ['i1', 'i2', 'd25']],
    ['<=', 2.5, ['i1', 'i2', 'd25']],
    ['>', 2, ['i3', 'd25']],
    ['>=', 2.5, ['i3', 'd25']],
    // range filters only match values of the same type (ordering class) as the operand
    ['>', 'a', ['sb']],
    ['>=', '', ['s2', 'sb']],
    ['<', true, ['bf']],
    ['>', [1], ['arr12', 'arr3']],
    // != and not-in: field must exist and must not be null
    ['!=', 2, ['i1', 'i3', 'd25', 's2', 'sb', 'arr12', 'arr3', 'bt', 'bf', 'map']],
    ['not-in', [1, 2, 'b', true], ['i3', 'd25', 's2', 'arr12', 'arr3', 'bf', 'map']],
    ['in', [1, '2', [3], 99], ['i1', 's2', 'arr3']],
    ['in', [false, { a: 1 }], ['bf', 'map']],
    ['array-contains', 2, ['arr12']],
    ['array-contains', 3, ['arr3']],
    ['array-contains', 4, []],
    ['array-contains-any', [2, 3], ['arr12', 'arr3']],
    ['array-contains-any', ['2', 9], []],
    ['==', null, ['nul']],
    ['!=', null, ['i1', 'i2', 'i3', 'd25', 's2', 'sb', 'arr12', 'arr3', 'bt', 'bf', 'map']],
  ];

  it.each(cases)("where('x', '%s', %j) matches exactly the expected documents", async (op, value, expected) => {
    expect(sorted(await queryIds(col.where('x', op, value)))).toEqual(sorted(expected));
  });

  it('a document lacking the field never matches, whatever the operator', async () => {
    const ops: Array<[WhereFilterOp, unknown]> = [
      ['!=', 123],
      ['not-in', [123]],
      ['!=', null],
      ['<', 'zzz'],
    ];
    for (const [op, value] of ops) {
      expect(await queryIds(col.where('x', op, value))).not.toContain('none');
    }
  });
});

describe('number equality across integer and double', () => {
  let col: CollectionReference;
  beforeAll(async () => {
    col = freshCollection(db, 'numeq');
    await seed(col, { int1: { x: 1 }, negZero: { x: -0 }, int0: { x: 0 }, half: { x: 0.5 } });
    // turn "dbl1" into a stored double 1.0 (0.5 + 0.5), the client cannot send 1.0 as a double directly
    await col.doc('dbl1').set({ x: 0.5 });
    await col.doc('dbl1').update({ x: FieldValue.increment(0.5) });
  });

  it("where('x','==',1) matches the integer 1 and the double 1.0", async () => {
    expect(sorted(await queryIds(col.where('x', '==', 1)))).toEqual(['dbl1', 'int1']);
  });

  it("where('x','in',[1]) matches the integer 1 and the double 1.0", async () => {
    expect(sorted(await queryIds(col.where('x', 'in', [1])))).toEqual(['dbl1', 'int1']);
  });

  it('-0 equals 0 both ways', async () => {
    expect(sorted(await queryIds(col.where('x', '==', 0)))).toEqual(['int0', 'negZero']);
    expect(sorted(await queryIds(col.where('x', '==', -0)))).toEqual(['int0', 'negZero']);
  });

  it("where('x','>',0) excludes both zeros; where('x','>=',0.5) includes the double and the integers", async () => {
    expect(sorted(await queryIds(col.where('x', '>', 0)))).toEqual(['dbl1', 'half', 'int1']);
    expect(sorted(await queryIds(col.where('x', '>=', 1)))).toEqual(['dbl1', 'int1']);
  });

  it('array-contains matches an integer element with a double operand value', async () => {
    const c = freshCollection(db, 'numeq');
    await seed(c, { a: { arr: [1, 2] }, b: { arr: [2.5] } });
    expect(await queryIds(c.where('arr', 'array-contains', 2.5))).toEqual(['b']);
    expect(await queryIds(c.where('arr', 'array-contains', 1))).toEqual(['a']);
  });
});

describe('unary filters: null and NaN', () => {
  let col: CollectionReference;
  beforeAll(async () => {
    col = freshCollection(db, 'unary');
    await seed(col, {
      nan: { x: Number.NaN },
      nul: { x: null },
      one: { x: 1 },
      str: { x: 'NaN' },
      none: { y: 0 },
    });
  });

  it("where('x','==',null) is IS_NULL: only the explicit null", async () => {
    expect(await queryIds(col.where('x', '==', null))).toEqual(['nul']);
  });

  it("where('x','==',NaN) is IS_NAN: only the NaN number", async () => {
    expect(await queryIds(col.where('x', '==', Number.NaN))).toEqual(['nan']);
  });

  it("where('x','!=',null) is IS_NOT_NULL: every present non-null value, including NaN", async () => {
    expect(sorted(await queryIds(col.where('x', '!=', null)))).toEqual(['nan', 'one', 'str']);
  });

  it("where('x','!=',NaN) is IS_NOT_NAN: present, non-null values that are not NaN", async () => {
    expect(sorted(await queryIds(col.where('x', '!=', Number.NaN)))).toEqual(['one', 'str']);
  });
});

describe('composite filters', () => {
  let col: CollectionReference;
  beforeAll(async () => {
    col = freshCollection(db, 'composite');
    await seed(col, {
      a: { n: 1, c: 'red', tags: ['x'] },
      b: { n: 2, c: 'blue', tags: ['y'] },
      c: { n: 3, c: 'red', tags: ['x', 'y'] },
      d: { n: 4, c: 'green', tags: [] },
      e: { n: 5, c: 'blue' },
      f: { c: 'red' },
    });
  });

  const cases: Array<[string, () => Filter, string[]]> = [
    ['AND of equality and range', () => Filter.and(Filter.where('c', '==', 'red'), Filter.where('n', '>=', 2)), ['c']],
    [
      'AND of two ranges on one field',
      () => Filter.and(Filter.where('n', '>', 1), Filter.where('n', '<', 4)),
      ['b', 'c'],
    ],
    ['OR of equalities', () => Filter.or(Filter.where('c', '==', 'green'), Filter.where('n', '==', 1)), ['a', 'd']],
    // each document once; 'f' (red, but no n) is dropped: the range on n orders the query by n implicitly
    [
      'OR with overlapping branches and a range: each doc once, docs lacking the range field excluded',
      () => Filter.or(Filter.where('c', '==', 'red'), Filter.where('n', '<=', 3)),
      ['a', 'b', 'c'],
    ],
    [
      'OR of equalities keeps a doc lacking the other branch field',
      () => Filter.or(Filter.where('c', '==', 'red'), Filter.where('n', '==', 2)),
      ['a', 'b', 'c', 'f'],
    ],
    [
      'OR of ANDs',
      () =>
        Filter.or(
          Filter.and(Filter.where('c', '==', 'blue'), Filter.where('n', '>', 2)),
          Filter.and(Filter.where('c', '==', 'red'), Filter.where('n', '<', 2)),
        ),
      ['a', 'e'],
    ],
    [
      'AND containing an OR',
      () =>
        Filter.and(
          Filter.where('n', '>=', 2),
          Filter.or(Filter.where('c', '==', 'red'), Filter.where('c', '==', 'green')),
        ),
      ['c', 'd'],
    ],
    [
      'OR with array-contains',
      () => Filter.or(Filter.where('tags', 'array-contains', 'y'), Filter.where('n', '==', 4)),
      ['b', 'c', 'd'],
    ],
    [
      'AND that nothing satisfies',
      () => Filter.and(Filter.where('c', '==', 'red'), Filter.where('c', '==', 'blue')),
      [],
    ],
    ['single-branch OR behaves like its branch', () => Filter.or(Filter.where('c', '==', 'blue')), ['b', 'e']],
  ];

  it.each(cases)('%s', async (_name, filter, expected) => {
    expect(sorted(await queryIds(col.where(filter())))).toEqual(sorted(expected));
  });

  it('chained where() calls are an AND', async () => {
    expect(sorted(await queryIds(col.where('c', '==', 'blue').where('n', '<', 5)))).toEqual(['b']);
  });

  it('filters combine with orderBy and limit', async () => {
    const q = col
      .where(Filter.or(Filter.where('c', '==', 'red'), Filter.where('c', '==', 'blue')))
      .orderBy('n', 'desc')
      .limit(3);
    expect(await queryIds(q)).toEqual(['e', 'c', 'b']);
  });
});
