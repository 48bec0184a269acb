// Firestore emulator conformance: write preconditions (exists / update_time) and their gRPC error codes.
//
// Run against the official emulator with:
//   FIRESTORE_EMULATOR_HOST=localhost:8080 npx vitest run test/firestore-emulator
import { afterAll, describe, expect, it } from 'vitest';
import { Timestamp } from '@google-cloud/firestore';
import { newTestFirestore } from '../support/firestore.ts';
import { Code, expectGrpcCode, freshCollection } from '../support/firestore-assertions.ts';

const db = newTestFirestore('conf-preconditions');
afterAll(async () => {
  await db.terminate();
});

describe('exists preconditions', () => {
  it('create() on a missing document succeeds', async () => {
    const ref = freshCollection(db, 'pre').doc('d');
    await ref.create({ a: 1 });
    expect((await ref.get()).data()).toEqual({ a: 1 });
  });

  it('create() on an existing document fails with ALREADY_EXISTS (6) and leaves it unchanged', async () => {
    const ref = freshCollection(db, 'pre').doc('d');
    await ref.set({ a: 1 });
    await expectGrpcCode(ref.create({ a: 2 }), Code.ALREADY_EXISTS);
    expect((await ref.get()).data()).toEqual({ a: 1 });
  });

  it('update() on a missing document fails with NOT_FOUND (5)', async () => {
    const ref = freshCollection(db, 'pre').doc('d');
    await expectGrpcCode(ref.update({ a: 1 }), Code.NOT_FOUND);
    expect((await ref.get()).exists).toBe(false);
  });

  it('update() on a document that was deleted fails with NOT_FOUND (5)', async () => {
    const ref = freshCollection(db, 'pre').doc('d');
    await ref.set({ a: 1 });
    await ref.delete();
    await expectGrpcCode(ref.update({ a: 2 }), Code.NOT_FOUND);
  });

  it('delete({ exists: true }) on a missing document fails with NOT_FOUND (5)', async () => {
    const ref = freshCollection(db, 'pre').doc('d');
    await expectGrpcCode(ref.delete({ exists: true }), Code.NOT_FOUND);
  });

  it('delete({ exists: true }) on an existing document deletes it', async () => {
    const ref = freshCollection(db, 'pre').doc('d');
    await ref.set({ a: 1 });
    await ref.delete({ exists: true });
    expect((await ref.get()).exists).toBe(false);
  });

  it('a failing precondition in a batch fails the whole batch atomically', async () => {
    const col = freshCollection(db, 'pre');
    await col.doc('existing').set({ v: 1 });
    const batch = db.batch();
    batch.set(col.doc('other'), { v: 'should not appear' });
    batch.create(col.doc('existing'), { v: 3 });
    batch.set(col.doc('third'), { v: 'nor this' });
    await expectGrpcCode(batch.commit(), Code.ALREADY_EXISTS);
    const [other, existing, third] = await db.getAll(col.doc('other'), col.doc('existing'), col.doc('third'));
    expect(other!.exists).toBe(false);
    expect(third!.exists).toBe(false);
    expect(existing!.data()).toEqual({ v: 1 });
  });
});

describe('lastUpdateTime preconditions', () => {
  it('update() with the current updateTime succeeds', async () => {
    const ref = freshCollection(db, 'lut').doc('d');
    const { writeTime } = await ref.set({ a: 1 });
    await ref.update({ a: 2 }, { lastUpdateTime: writeTime });
    expect((await ref.get()).get('a')).toBe(2);
  });

  it('update() with a stale updateTime fails with FAILED_PRECONDITION (9) and changes nothing', async () => {
    const ref = freshCollection(db, 'lut').doc('d');
    const first = await ref.set({ a: 1 });
    await ref.set({ a: 2 });
    await expectGrpcCode(ref.update({ a: 3 }, { lastUpdateTime: first.writeTime }), Code.FAILED_PRECONDITION);
    expect((await ref.get()).get('a')).toBe(2);
  });

  it('update() with an updateTime one microsecond off fails with FAILED_PRECONDITION (9)', async () => {
    const ref = freshCollection(db, 'lut').doc('d');
    const { writeTime } = await ref.set({ a: 1 });
    const off = new Timestamp(
      writeTime.seconds,
      writeTime.nanoseconds >= 1000 ? writeTime.nanoseconds - 1000 : writeTime.nanoseconds + 1000,
    );
    await expectGrpcCode(ref.update({ a: 2 }, { lastUpdateTime: off }), Code.FAILED_PRECONDITION);
  });

  it('delete() with the current updateTime succeeds', async () => {
    const ref = freshCollection(db, 'lut').doc('d');
    await ref.set({ a: 1 });
    const snap = await ref.get();
    await ref.delete({ lastUpdateTime: snap.updateTime! });
    expect((await ref.get()).exists).toBe(false);
  });

  it('delete() with a stale updateTime fails with FAILED_PRECONDITION (9) and keeps the document', async () => {
    const ref = freshCollection(db, 'lut').doc('d');
    const first = await ref.set({ a: 1 });
    await ref.update({ a: 2 });
    await expectGrpcCode(ref.delete({ lastUpdateTime: first.writeTime }), Code.FAILED_PRECONDITION);
    expect((await ref.get()).get('a')).toBe(2);
  });

  it('delete() with an updateTime precondition on a missing document fails with FAILED_PRECONDITION (9)', async () => {
    const ref = freshCollection(db, 'lut').doc('d');
    const { writeTime } = await ref.set({ a: 1 });
    await ref.delete();
    await expectGrpcCode(ref.delete({ lastUpdateTime: writeTime }), Code.FAILED_PRECONDITION);
  });

  it('the updateTime returned by one precondition write is the precondition for the next', async () => {
    const ref = freshCollection(db, 'lut').doc('d');
    let { writeTime } = await ref.set({ n: 0 });
    for (let i = 1; i <= 3; i++) {
      ({ writeTime } = await ref.update({ n: i }, { lastUpdateTime: writeTime }));
    }
    expect((await ref.get()).get('n')).toBe(3);
    expect((await ref.get()).updateTime!.isEqual(writeTime)).toBe(true);
  });
});
