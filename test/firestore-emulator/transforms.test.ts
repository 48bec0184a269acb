// Firestore emulator conformance: field transforms (serverTimestamp, increment, arrayUnion, arrayRemove),
// several transforms in one write, transforms in set/merge/create, in a batch and in a transaction.
// (The Node client exposes no FieldValue.maximum/minimum, so those transforms are not exercised here.)
//
// Run against the official emulator with:
//   FIRESTORE_EMULATOR_HOST=localhost:8080 npx vitest run test/firestore-emulator
import { afterAll, describe, expect, it } from 'vitest';
import { FieldValue, Timestamp } from '@google-cloud/firestore';
import type { DocumentData } from '@google-cloud/firestore';
import { newTestFirestore } from '../support/firestore.ts';
import { bigIntReader, freshCollection } from '../support/firestore-assertions.ts';

const db = newTestFirestore('conf-transforms');
// Same project, integers decoded as bigint and doubles as number: tells int64 from double.
const typed = bigIntReader(db);
afterAll(async () => {
  await Promise.all([db.terminate(), typed.terminate()]);
});

async function typedData(path: string): Promise<DocumentData | undefined> {
  return (await typed.doc(path).get()).data();
}

const toMicros = (t: Timestamp): bigint => BigInt(t.seconds) * 1_000_000n + BigInt(Math.floor(t.nanoseconds / 1000));

describe('serverTimestamp', () => {
  it('sets the field to a server time with millisecond precision, no later than the write time', async () => {
    const ref = freshCollection(db, 'ts').doc('d');
    const before = Timestamp.now();
    const result = await ref.set({ t: FieldValue.serverTimestamp(), keep: 1 });
    const snap = await ref.get();
    const t = snap.get('t') as Timestamp;
    expect(t).toBeInstanceOf(Timestamp);
    expect(t.nanoseconds % 1_000_000).toBe(0);
    expect(toMicros(t)).toBeLessThanOrEqual(toMicros(result.writeTime));
    expect(toMicros(result.writeTime) - toMicros(t)).toBeLessThan(5_000_000n);
    // sanity against the local clock (same machine, generous bound): the subject here is the server's real clock,
    // so this test reads the machine's clock on purpose (Timestamp.now() above)
    expect(Math.abs(t.toMillis() - before.toMillis())).toBeLessThan(60_000);
    expect(snap.get('keep')).toBe(1);
  });

  it('every serverTimestamp in one commit gets the same value, across fields and documents', async () => {
    const col = freshCollection(db, 'ts');
    const batch = db.batch();
    batch.set(col.doc('a'), { t1: FieldValue.serverTimestamp(), nested: { t2: FieldValue.serverTimestamp() } });
    batch.set(col.doc('b'), { t3: FieldValue.serverTimestamp() });
    await batch.commit();
    const [a, b] = await db.getAll(col.doc('a'), col.doc('b'));
    const t1 = a!.get('t1') as Timestamp;
    expect((a!.get('nested.t2') as Timestamp).isEqual(t1)).toBe(true);
    expect((b!.get('t3') as Timestamp).isEqual(t1)).toBe(true);
  });

  it('works in update() on a nested path and advances on a later write', async () => {
    const ref = freshCollection(db, 'ts').doc('d');
    await ref.set({ m: { t: FieldValue.serverTimestamp() } });
    const first = (await ref.get()).get('m.t') as Timestamp;
    await new Promise((r) => setTimeout(r, 5));
    await ref.update('m.t', FieldValue.serverTimestamp());
    const second = (await ref.get()).get('m.t') as Timestamp;
    expect(second.toMillis()).toBeGreaterThan(first.toMillis());
  });
});

describe('increment', () => {
  type Case = [name: string, initial: DocumentData, operand: number, expected: unknown];
  const cases: Case[] = [
    ['int + int stays an integer', { n: 5 }, 3, 8n],
    ['int + negative int', { n: 5 }, -7, -2n],
    ['int + double becomes a double', { n: 1 }, 0.5, 1.5],
    ['double + double giving a whole number stays a double', { n: 1.5 }, 0.5, 2],
    ['double + double', { n: 0.25 }, 0.5, 0.75],
    ['missing field: set to the operand (int)', { other: 1 }, 4, 4n],
    ['missing field: set to the operand (double)', { other: 1 }, 2.5, 2.5],
    ['non-numeric field: replaced by the operand', { n: 'text' }, 7, 7n],
    ['null field: replaced by the operand', { n: null }, 7, 7n],
    [
      'int + int beyond 2^53 is exact int64 arithmetic',
      { n: 9_007_199_254_740_991 },
      9_007_199_254_740_991,
      18_014_398_509_481_982n,
    ],
  ];

  it.each(cases)('%s', async (_name, initial, operand, expected) => {
    const ref = freshCollection(db, 'inc').doc('d');
    await ref.set(initial);
    await ref.update({ n: FieldValue.increment(operand) });
    const n = (await typedData(ref.path))!.n;
    expect(typeof n).toBe(typeof expected);
    expect(n).toEqual(expected);
  });

  it('int64 overflow saturates at the maximum and underflow at the minimum', async () => {
    const ref = freshCollection(db, 'inc').doc('d');
    await typed.doc(ref.path).set({ hi: 9_223_372_036_854_775_807n, lo: -9_223_372_036_854_775_808n });
    await ref.update({ hi: FieldValue.increment(1), lo: FieldValue.increment(-1) });
    expect(await typedData(ref.path)).toEqual({ hi: 9_223_372_036_854_775_807n, lo: -9_223_372_036_854_775_808n });
  });

  it('a whole-valued double stays a double after an integer increment', async () => {
    const ref = freshCollection(db, 'inc').doc('d');
    await ref.set({ n: 0.5 });
    await ref.update({ n: FieldValue.increment(0.5) });
    await ref.update({ n: FieldValue.increment(1) });
    const n = (await typedData(ref.path))!.n;
    expect(typeof n).toBe('number');
    expect(n).toBe(2);
  });

  it('increment in set() without merge starts from nothing, in set(merge) from the stored value', async () => {
    const col = freshCollection(db, 'inc');
    await col.doc('a').set({ n: 10 });
    await col.doc('a').set({ n: FieldValue.increment(1) });
    await col.doc('b').set({ n: 10, keep: true });
    await col.doc('b').set({ n: FieldValue.increment(1) }, { merge: true });
    await col.doc('c').set({ n: FieldValue.increment(1) }, { merge: true }); // creates the document
    const [a, b, c] = await db.getAll(col.doc('a'), col.doc('b'), col.doc('c'));
    expect(a!.data()).toEqual({ n: 1 });
    expect(b!.data()).toEqual({ n: 11, keep: true });
    expect(c!.data()).toEqual({ n: 1 });
  });

  it('create() with an increment sets the operand', async () => {
    const ref = freshCollection(db, 'inc').doc('d');
    await ref.create({ n: FieldValue.increment(3), s: 'x' });
    expect((await ref.get()).data()).toEqual({ n: 3, s: 'x' });
  });

  it('20 concurrent non-transactional increments are all applied', async () => {
    const ref = freshCollection(db, 'inc').doc('d');
    await ref.set({ n: 0 });
    await Promise.all(Array.from({ length: 20 }, () => ref.update({ n: FieldValue.increment(1) })));
    expect((await ref.get()).get('n')).toBe(20);
  });
});

describe('arrayUnion (appendMissingElements) and arrayRemove (removeAllFromArray)', () => {
  type Case = [name: string, initial: DocumentData, transform: () => FieldValue, expected: unknown[]];
  const cases: Case[] = [
    ['union appends missing elements in order', { a: [1, 2] }, () => FieldValue.arrayUnion(3, 1, 4), [1, 2, 3, 4]],
    ['union adds a repeated argument only once', { a: [] }, () => FieldValue.arrayUnion(5, 5, 6, 5), [5, 6]],
    ['union keeps duplicates already stored', { a: [1, 1] }, () => FieldValue.arrayUnion(1, 2), [1, 1, 2]],
    [
      'union treats null and NaN as equal to themselves',
      { a: [null, Number.NaN] },
      () => FieldValue.arrayUnion(null, Number.NaN, 'x'),
      [null, Number.NaN, 'x'],
    ],
    [
      'union compares maps and arrays-in-maps by value',
      { a: [{ k: [1] }] },
      () => FieldValue.arrayUnion({ k: [1] }, { k: [2] }),
      [{ k: [1] }, { k: [2] }],
    ],
    ['union does not confuse 1 and "1"', { a: [1] }, () => FieldValue.arrayUnion('1'), [1, '1']],
    ['union on a missing field creates the array', { other: 0 }, () => FieldValue.arrayUnion('a', 'b'), ['a', 'b']],
    ['union on a non-array field replaces it', { a: 'scalar' }, () => FieldValue.arrayUnion(1), [1]],
    ['remove deletes every equal element', { a: [1, 2, 1, 3, 1] }, () => FieldValue.arrayRemove(1), [2, 3]],
    [
      'remove several values, absent ones ignored',
      { a: ['x', 'y', 'z'] },
      () => FieldValue.arrayRemove('x', 'z', 'q'),
      ['y'],
    ],
    ['remove null and NaN', { a: [null, 1, Number.NaN, null] }, () => FieldValue.arrayRemove(null, Number.NaN), [1]],
    ['remove maps by value', { a: [{ k: 1 }, { k: 2 }] }, () => FieldValue.arrayRemove({ k: 1 }), [{ k: 2 }]],
    ['remove on a missing field sets an empty array', { other: 0 }, () => FieldValue.arrayRemove(1), []],
    ['remove on a non-array field sets an empty array', { a: 5 }, () => FieldValue.arrayRemove(5), []],
  ];

  it.each(cases)('%s', async (_name, initial, transform, expected) => {
    const ref = freshCollection(db, 'arr').doc('d');
    await ref.set(initial);
    await ref.update({ a: transform() });
    expect((await ref.get()).get('a')).toEqual(expected);
  });

  it('union and remove compare numbers across integer and double (-0.0 equals 0)', async () => {
    // the client sends -0 as the double -0.0 and 0 as the integer 0
    const ref = freshCollection(db, 'arr').doc('d');
    await ref.set({ a: [0, 2] });
    await ref.update({ a: FieldValue.arrayUnion(-0) });
    expect((await ref.get()).get('a')).toEqual([0, 2]);
    await ref.update({ a: FieldValue.arrayRemove(-0) });
    expect((await ref.get()).get('a')).toEqual([2]);
    await ref.set({ a: [-0, 1] });
    await ref.update({ a: FieldValue.arrayRemove(0) });
    expect((await ref.get()).get('a')).toEqual([1]);
  });
});

describe('several transforms in one write', () => {
  it('update with increment(a), increment(b) and serverTimestamp(t) applies all three', async () => {
    const ref = freshCollection(db, 'multi').doc('d');
    await ref.set({ a: 1, b: 10, keep: 'k' });
    await ref.update({ a: FieldValue.increment(1), b: FieldValue.increment(5), t: FieldValue.serverTimestamp() });
    const data = (await ref.get()).data()!;
    expect(data.a).toBe(2);
    expect(data.b).toBe(15);
    expect(data.t).toBeInstanceOf(Timestamp);
    expect(data.keep).toBe('k');
  });

  it('plain field updates, deletes and every transform kind in one update', async () => {
    const ref = freshCollection(db, 'multi').doc('d');
    await ref.set({ n: 1, arr: [1, 2], rm: ['x', 'y'], gone: true, m: { c: 0 } });
    await ref.update({
      n: FieldValue.increment(2),
      arr: FieldValue.arrayUnion(3),
      rm: FieldValue.arrayRemove('x'),
      gone: FieldValue.delete(),
      plain: 'p',
      'm.c': FieldValue.increment(1),
      'm.t': FieldValue.serverTimestamp(),
    });
    const data = (await ref.get()).data()!;
    expect(data).toMatchObject({ n: 3, arr: [1, 2, 3], rm: ['y'], plain: 'p', m: { c: 1 } });
    expect(data).not.toHaveProperty('gone');
    expect(data.m.t).toBeInstanceOf(Timestamp);
  });

  it('set() with several transforms creates the document with all of them applied', async () => {
    const ref = freshCollection(db, 'multi').doc('d');
    await ref.set({
      a: FieldValue.increment(2),
      b: FieldValue.arrayUnion('x'),
      c: FieldValue.serverTimestamp(),
      d: 'plain',
    });
    const data = (await ref.get()).data()!;
    expect(data).toMatchObject({ a: 2, b: ['x'], d: 'plain' });
    expect(data.c).toBeInstanceOf(Timestamp);
  });

  it('transforms in a batch: several documents, several transforms each, all applied atomically', async () => {
    const col = freshCollection(db, 'multi');
    await col.doc('x').set({ n: 1 });
    const batch = db.batch();
    batch.update(col.doc('x'), {
      n: FieldValue.increment(1),
      m: FieldValue.increment(10),
      t: FieldValue.serverTimestamp(),
    });
    batch.set(col.doc('y'), { n: FieldValue.increment(5), tags: FieldValue.arrayUnion('a', 'b') });
    batch.set(col.doc('z'), { t: FieldValue.serverTimestamp() }, { merge: true });
    await batch.commit();
    const [x, y, z] = await db.getAll(col.doc('x'), col.doc('y'), col.doc('z'));
    expect(x!.get('n')).toBe(2);
    expect(x!.get('m')).toBe(10);
    expect(y!.data()).toEqual({ n: 5, tags: ['a', 'b'] });
    expect((z!.get('t') as Timestamp).isEqual(x!.get('t') as Timestamp)).toBe(true);
  });

  it('transforms in a transaction are applied at commit on top of the stored value', async () => {
    const ref = freshCollection(db, 'multi').doc('d');
    await ref.set({ n: 1, tags: ['a'] });
    await db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      tx.update(ref, {
        n: FieldValue.increment(10),
        read: snap.get('n') as number,
        tags: FieldValue.arrayUnion('b'),
        t: FieldValue.serverTimestamp(),
      });
    });
    const data = (await ref.get()).data()!;
    expect(data).toMatchObject({ n: 11, read: 1, tags: ['a', 'b'] });
    expect(data.t).toBeInstanceOf(Timestamp);
  });

  it("the same document written twice in one batch: transforms apply to the first write's result", async () => {
    const ref = freshCollection(db, 'multi').doc('d');
    const batch = db.batch();
    batch.set(ref, { n: 5 });
    batch.update(ref, { n: FieldValue.increment(2) });
    await batch.commit();
    expect((await ref.get()).get('n')).toBe(7);
  });
});
