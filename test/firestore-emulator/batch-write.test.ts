// Firestore emulator conformance: BatchWrite (db.bulkWriter(): independent, non-atomic writes with
// per-write status) versus Commit (db.batch(): atomic).
//
// Run against the official emulator with:
//   FIRESTORE_EMULATOR_HOST=localhost:8080 npx vitest run test/firestore-emulator
import { afterAll, describe, expect, it } from 'vitest';
import { FieldValue, Timestamp } from '@google-cloud/firestore';
import type { BulkWriterError, WriteResult } from '@google-cloud/firestore';
import { newTestFirestore } from '../support/firestore.ts';
import { Code, expectGrpcCode, freshCollection } from '../support/firestore-assertions.ts';

const db = newTestFirestore('conf-batchwrite');
afterAll(async () => {
  await db.terminate();
});

describe('bulkWriter (BatchWrite)', () => {
  it('applies set, create, update and delete and resolves each with a WriteResult', async () => {
    const col = freshCollection(db, 'bulk');
    await col.doc('toUpdate').set({ n: 1 });
    await col.doc('toDelete').set({ n: 1 });
    const writer = db.bulkWriter();
    const results = await Promise.all([
      writer.set(col.doc('s'), { v: 's' }),
      writer.create(col.doc('c'), { v: 'c' }),
      writer.update(col.doc('toUpdate'), { n: FieldValue.increment(1), extra: true }),
      writer.delete(col.doc('toDelete')),
      writer.close().then(() => undefined),
    ]);
    for (const r of results.slice(0, 4)) expect((r as WriteResult).writeTime).toBeInstanceOf(Timestamp);
    const [s, c, u, d] = await db.getAll(col.doc('s'), col.doc('c'), col.doc('toUpdate'), col.doc('toDelete'));
    expect(s!.data()).toEqual({ v: 's' });
    expect(c!.data()).toEqual({ v: 'c' });
    expect(u!.data()).toEqual({ n: 2, extra: true });
    expect(d!.exists).toBe(false);
  });

  it('a per-write failure (create on an existing doc) goes to onWriteError without failing the others', async () => {
    const col = freshCollection(db, 'bulk');
    await col.doc('exists').set({ original: true });
    const errors: BulkWriterError[] = [];
    const writer = db.bulkWriter();
    writer.onWriteError((error) => {
      errors.push(error);
      return false; // do not retry
    });
    const okA = writer.set(col.doc('a'), { v: 1 });
    const failing = writer.create(col.doc('exists'), { original: false });
    const missingUpdate = writer.update(col.doc('missing'), { v: 1 });
    const okB = writer.create(col.doc('b'), { v: 2 });
    const failingSettled = failing.then(
      () => 'resolved',
      (e: BulkWriterError) => e.code,
    );
    const missingSettled = missingUpdate.then(
      () => 'resolved',
      (e: BulkWriterError) => e.code,
    );
    await writer.close();

    await expect(okA).resolves.toBeDefined();
    await expect(okB).resolves.toBeDefined();
    expect(await failingSettled).toBe(Code.ALREADY_EXISTS);
    expect(await missingSettled).toBe(Code.NOT_FOUND);
    expect(errors.map((e) => [e.documentRef.id, e.operationType, e.code]).sort()).toEqual([
      ['exists', 'create', Code.ALREADY_EXISTS],
      ['missing', 'update', Code.NOT_FOUND],
    ]);
    const [a, b, exists, missing] = await db.getAll(col.doc('a'), col.doc('b'), col.doc('exists'), col.doc('missing'));
    expect(a!.data()).toEqual({ v: 1 });
    expect(b!.data()).toEqual({ v: 2 });
    expect(exists!.data()).toEqual({ original: true });
    expect(missing!.exists).toBe(false);
  });

  it('a stale lastUpdateTime precondition fails only that write (FAILED_PRECONDITION)', async () => {
    const col = freshCollection(db, 'bulk');
    const first = await col.doc('d').set({ n: 1 });
    await col.doc('d').set({ n: 2 });
    const writer = db.bulkWriter();
    writer.onWriteError(() => false);
    const stale = writer.update(col.doc('d'), { n: 3 }, { lastUpdateTime: first.writeTime }).then(
      () => 'resolved',
      (e: BulkWriterError) => e.code,
    );
    const ok = writer.set(col.doc('other'), { n: 1 });
    await writer.close();
    expect(await stale).toBe(Code.FAILED_PRECONDITION);
    await expect(ok).resolves.toBeDefined();
    expect((await col.doc('d').get()).get('n')).toBe(2);
  });

  it('writes many documents (several BatchWrite requests)', async () => {
    const col = freshCollection(db, 'bulk');
    const writer = db.bulkWriter();
    for (let i = 0; i < 45; i++) void writer.set(col.doc(`d${String(i).padStart(2, '0')}`), { i });
    await writer.close();
    const snap = await col.orderBy('i').get();
    expect(snap.size).toBe(45);
    expect(snap.docs.map((d) => d.get('i'))).toEqual(Array.from({ length: 45 }, (_, i) => i));
  });

  it('transforms in a BatchWrite are applied', async () => {
    const col = freshCollection(db, 'bulk');
    await col.doc('d').set({ n: 1, tags: ['a'] });
    const writer = db.bulkWriter();
    void writer.update(col.doc('d'), {
      n: FieldValue.increment(4),
      tags: FieldValue.arrayUnion('b'),
      t: FieldValue.serverTimestamp(),
    });
    await writer.close();
    const data = (await col.doc('d').get()).data()!;
    expect(data).toMatchObject({ n: 5, tags: ['a', 'b'] });
    expect(data.t).toBeInstanceOf(Timestamp);
  });
});

describe('WriteBatch (Commit) is atomic', () => {
  it('all writes of a successful batch are visible together', async () => {
    const col = freshCollection(db, 'batch');
    await col.doc('u').set({ n: 1 });
    await db
      .batch()
      .set(col.doc('a'), { v: 1 })
      .create(col.doc('b'), { v: 2 })
      .update(col.doc('u'), { n: 2 })
      .delete(col.doc('never'))
      .commit();
    const [a, b, u] = await db.getAll(col.doc('a'), col.doc('b'), col.doc('u'));
    expect([a!.get('v'), b!.get('v'), u!.get('n')]).toEqual([1, 2, 2]);
  });

  it(
    'one failing write (update on a missing doc) fails ' + 'the whole batch with NOT_FOUND and applies nothing',
    async () => {
      const col = freshCollection(db, 'batch');
      await col.doc('keep').set({ v: 'old' });
      const batch = db
        .batch()
        .set(col.doc('keep'), { v: 'new' })
        .set(col.doc('fresh'), { v: 1 })
        .update(col.doc('missing'), { v: 1 });
      await expectGrpcCode(batch.commit(), Code.NOT_FOUND);
      const [keep, fresh] = await db.getAll(col.doc('keep'), col.doc('fresh'));
      expect(keep!.get('v')).toBe('old');
      expect(fresh!.exists).toBe(false);
    },
  );

  it('an empty batch commits', async () => {
    await expect(db.batch().commit()).resolves.toEqual([]);
  });

  it('later writes to the same document in one batch see the earlier ones', async () => {
    const col = freshCollection(db, 'batch');
    await db
      .batch()
      .set(col.doc('d'), { a: 1, b: 1 })
      .update(col.doc('d'), { b: 2 })
      .set(col.doc('d'), { c: 3 }, { merge: true })
      .commit();
    expect((await col.doc('d').get()).data()).toEqual({ a: 1, b: 2, c: 3 });
  });
});
