// Firestore emulator conformance: the total order of values
// (null < booleans < numbers < timestamps < strings < bytes < references < geopoints < arrays < maps),
// the order within each type, and equality across integer / double.
//
// Run against the official emulator with:
//   FIRESTORE_EMULATOR_HOST=localhost:8080 npx vitest run test/firestore-emulator
import { afterAll, describe, expect, it } from 'vitest';
import { FieldValue, GeoPoint, Timestamp } from '@google-cloud/firestore';
import { newTestFirestore } from '../support/firestore.ts';
import { freshCollection, queryIds } from '../support/firestore-assertions.ts';

const db = newTestFirestore('conf-valueorder');
afterAll(async () => {
  await db.terminate();
});

/**
 * Writes one document per value, with IDs chosen so that ID order is the REVERSE of the expected
 * value order (so the default __name__ order can never produce the expected result by accident),
 * then returns the labels in orderBy('v') / orderBy('v','desc') order.
 */
async function orderOf(
  values: Array<[label: string, value: unknown]>,
  direction: 'asc' | 'desc' = 'asc',
): Promise<string[]> {
  const col = freshCollection(db, 'order');
  const batch = db.batch();
  const labelById = new Map<string, string>();
  values.forEach(([label, value], i) => {
    const id = String(values.length - i).padStart(3, '0');
    labelById.set(id, label);
    batch.set(col.doc(id), { v: value });
  });
  await batch.commit();
  const got = await queryIds(col.orderBy('v', direction));
  return got.map((id) => labelById.get(id) ?? id);
}

const labels = (values: Array<[string, unknown]>): string[] => values.map(([l]) => l);

describe('ordering across types', () => {
  const typeOrder: Array<[string, unknown]> = [
    ['null', null],
    ['false', false],
    ['true', true],
    ['nan', Number.NaN],
    ['negInf', Number.NEGATIVE_INFINITY],
    ['int-5', -5],
    ['dbl0.5', 0.5],
    ['int7', 7],
    ['posInf', Number.POSITIVE_INFINITY],
    ['ts1970', new Timestamp(0, 0)],
    ['ts2024', new Timestamp(1_704_067_200, 0)],
    ['strEmpty', ''],
    ['strA', 'A'],
    ['bytesEmpty', Buffer.alloc(0)],
    ['bytes00', Buffer.from([0])],
    ['refA', db.doc('a/a')],
    ['refB', db.doc('b/a')],
    ['geo', new GeoPoint(-10, 0)],
    ['arrEmpty', []],
    ['arr', [null]],
    ['mapEmpty', {}],
    ['map', { a: null }],
  ];

  it('orderBy ascending follows the documented type order', async () => {
    expect(await orderOf(typeOrder)).toEqual(labels(typeOrder));
  });

  it('orderBy descending is the exact reverse', async () => {
    expect(await orderOf(typeOrder, 'desc')).toEqual(labels(typeOrder).reverse());
  });
});

describe('ordering within a type', () => {
  const tables: Array<[string, Array<[string, unknown]>]> = [
    [
      'booleans: false < true',
      [
        ['f', false],
        ['t', true],
      ],
    ],
    [
      'numbers: NaN first, then -Infinity .. +Infinity, integers and doubles interleaved',
      [
        ['nan', Number.NaN],
        ['negInf', Number.NEGATIVE_INFINITY],
        ['minInt', Number.MIN_SAFE_INTEGER],
        ['-2.5', -2.5],
        ['-2', -2],
        ['-1.5', -1.5],
        ['zero', 0],
        ['tiny', Number.MIN_VALUE],
        ['0.5', 0.5],
        ['1', 1],
        ['1.25', 1.25],
        ['2', 2],
        ['maxInt', Number.MAX_SAFE_INTEGER],
        ['huge', 1e300],
        ['posInf', Number.POSITIVE_INFINITY],
      ],
    ],
    [
      'timestamps: chronological, down to the microsecond',
      [
        ['pre1970', new Timestamp(-86_400, 0)],
        ['epoch', new Timestamp(0, 0)],
        ['epoch+1us', new Timestamp(0, 1_000)],
        ['epoch+1s', new Timestamp(1, 0)],
        ['y2100', new Timestamp(4_102_444_800, 0)],
      ],
    ],
    [
      'strings: by UTF-8 bytes (U+FFFD before U+1F600, unlike UTF-16 order)',
      [
        ['empty', ''],
        ['A', 'A'],
        ['Z', 'Z'],
        ['a', 'a'],
        ['ab', 'ab'],
        ['b', 'b'],
        ['eAcute', 'é'],
        ['cjk', '中'],
        ['replacement', '\uFFFD'],
        ['emoji', '😀'],
      ],
    ],
    [
      'bytes: unsigned lexicographic, shorter prefix first',
      [
        ['empty', Buffer.alloc(0)],
        ['00', Buffer.from([0x00])],
        ['0000', Buffer.from([0x00, 0x00])],
        ['01', Buffer.from([0x01])],
        ['7f', Buffer.from([0x7f])],
        ['80', Buffer.from([0x80])],
        ['ff', Buffer.from([0xff])],
      ],
    ],
    [
      'references: segment by segment, parent before child',
      [
        ['a/a', db.doc('a/a')],
        ['a/a/b/a', db.doc('a/a/b/a')],
        ['a/b', db.doc('a/b')],
        ['col/z', db.doc('col/z')],
        // compared per segment: 'col' < 'col-x', although '/' (0x2F) > '-' (0x2D) in the whole string
        ['col-x/a', db.doc('col-x/a')],
      ],
    ],
    [
      'geopoints: latitude first, then longitude',
      [
        ['s', new GeoPoint(-45, 100)],
        ['eqW', new GeoPoint(0, -10)],
        ['eq0', new GeoPoint(0, 0)],
        ['eqE', new GeoPoint(0, 10)],
        ['n', new GeoPoint(45, -100)],
      ],
    ],
    [
      'arrays: element by element, a prefix first, element types by type order',
      [
        ['empty', []],
        ['[null]', [null]],
        ['[1]', [1]],
        ['[1,null]', [1, null]],
        ['[1,2]', [1, 2]],
        ['[1,"a"]', [1, 'a']],
        ['[2]', [2]],
        ['["a"]', ['a']],
        ['[{}]', [{}]],
      ],
    ],
    [
      'maps: key by key (keys by UTF-8), then value, a prefix first',
      [
        ['empty', {}],
        ['{a:1}', { a: 1 }],
        ['{a:1,b:0}', { a: 1, b: 0 }],
        ['{a:2}', { a: 2 }],
        ['{a:"x"}', { a: 'x' }],
        ['{b:0}', { b: 0 }],
        ['{é:0}', { é: 0 }],
      ],
    ],
  ];

  it.each(tables)('%s', async (_name, values) => {
    expect(await orderOf(values)).toEqual(labels(values));
  });
});

describe('equality and ties', () => {
  it('equal values tie and are broken by document ID: 1 == 1.0 and 0 == -0', async () => {
    const col = freshCollection(db, 'ties');
    await col.doc('c-int1').set({ v: 1 });
    await col.doc('a-dbl1').set({ v: 0.5 });
    await col.doc('a-dbl1').update({ v: FieldValue.increment(0.5) }); // stored as double 1.0
    await col.doc('b-negzero').set({ v: -0 });
    await col.doc('d-zero').set({ v: 0 });
    await col.doc('e-half').set({ v: 0.5 });
    expect(await queryIds(col.orderBy('v'))).toEqual(['b-negzero', 'd-zero', 'e-half', 'a-dbl1', 'c-int1']);
    expect(await queryIds(col.orderBy('v', 'desc'))).toEqual(['c-int1', 'a-dbl1', 'e-half', 'd-zero', 'b-negzero']);
  });

  it('equality on maps ignores key insertion order; on arrays it does not', async () => {
    const col = freshCollection(db, 'ties');
    await col.doc('m').set({ v: { b: 2, a: 1 } });
    await col.doc('arr').set({ v: [2, 1] });
    expect(await queryIds(col.where('v', '==', { a: 1, b: 2 }))).toEqual(['m']);
    expect(await queryIds(col.where('v', '==', [1, 2]))).toEqual([]);
    expect(await queryIds(col.where('v', '==', [2, 1]))).toEqual(['arr']);
  });

  it('equality inside maps treats the integer 1 and the double 1.0 as equal', async () => {
    const col = freshCollection(db, 'ties');
    await col.doc('x').set({ m: { k: 0.5 } });
    await col.doc('x').update({ 'm.k': FieldValue.increment(0.5) }); // m.k is now the double 1.0
    expect(await queryIds(col.where('m', '==', { k: 1 }))).toEqual(['x']);
    expect(await queryIds(col.where('m', 'in', [{ k: 1 }]))).toEqual(['x']);
  });

  it('range filters on one type ignore values of other types even when orderBy would interleave them', async () => {
    const col = freshCollection(db, 'ties');
    const batch = db.batch();
    const values: Array<[string, unknown]> = [
      ['n', 5],
      ['s', 'five'],
      ['t', new Timestamp(5, 0)],
      ['b', true],
      ['a', [5]],
      ['m', { five: 5 }],
      ['z', null],
    ];
    for (const [id, v] of values) batch.set(col.doc(id), { v });
    await batch.commit();
    expect(await queryIds(col.where('v', '>', 0))).toEqual(['n']);
    expect(await queryIds(col.where('v', '>=', ''))).toEqual(['s']);
    expect(await queryIds(col.where('v', '>', new Timestamp(0, 0)))).toEqual(['t']);
    expect(await queryIds(col.where('v', '>=', []))).toEqual(['a']);
    expect(await queryIds(col.where('v', '>=', {}))).toEqual(['m']);
    expect(await queryIds(col.where('v', '>=', false))).toEqual(['b']);
  });
});
