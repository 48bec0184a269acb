// Firestore emulator conformance: createTime / updateTime / readTime bookkeeping.
//
// Run against the official emulator with:
//   FIRESTORE_EMULATOR_HOST=localhost:8080 npx vitest run test/firestore-emulator
import { afterAll, describe, expect, it } from 'vitest';
import { Timestamp } from '@google-cloud/firestore';
import { newTestFirestore } from '../support/firestore.ts';
import { freshCollection } from '../support/firestore-assertions.ts';

const db = newTestFirestore('conf-timestamps');
afterAll(async () => {
  await db.terminate();
});

const micros = (t: Timestamp): bigint => BigInt(t.seconds) * 1_000_000n + BigInt(Math.floor(t.nanoseconds / 1000));

describe('document timestamps', () => {
  it('on creation createTime == updateTime == WriteResult.writeTime', async () => {
    const ref = freshCollection(db, 'times').doc('d');
    const result = await ref.set({ a: 1 });
    const snap = await ref.get();
    expect(snap.createTime!.isEqual(result.writeTime)).toBe(true);
    expect(snap.updateTime!.isEqual(result.writeTime)).toBe(true);
  });

  it("createTime stays while updateTime advances on each write and equals that write's writeTime", async () => {
    const ref = freshCollection(db, 'times').doc('d');
    const created = await ref.create({ n: 0 });
    let previous = created.writeTime;
    const writes = [() => ref.update({ n: 1 }), () => ref.set({ n: 2 }), () => ref.set({ m: 3 }, { merge: true })];
    for (const write of writes) {
      const result = await write();
      const snap = await ref.get();
      expect(snap.createTime!.isEqual(created.writeTime)).toBe(true);
      expect(micros(snap.updateTime!)).toBeGreaterThan(micros(previous));
      expect(snap.updateTime!.isEqual(result.writeTime)).toBe(true);
      previous = result.writeTime;
    }
  });

  it('a write that does not change the data leaves updateTime no earlier than before', async () => {
    const ref = freshCollection(db, 'times').doc('d');
    await ref.set({ a: 1 });
    const before = (await ref.get()).updateTime!;
    await ref.set({ a: 1 });
    const after = (await ref.get()).updateTime!;
    expect(micros(after)).toBeGreaterThanOrEqual(micros(before));
  });

  it('deleting and recreating a document gives a new createTime', async () => {
    const ref = freshCollection(db, 'times').doc('d');
    const first = await ref.set({ a: 1 });
    await ref.delete();
    const second = await ref.set({ a: 2 });
    const snap = await ref.get();
    expect(micros(snap.createTime!)).toBeGreaterThan(micros(first.writeTime));
    expect(snap.createTime!.isEqual(second.writeTime)).toBe(true);
  });

  it('all writes of one batch share one commit time', async () => {
    const col = freshCollection(db, 'times');
    const results = await db.batch().set(col.doc('a'), { a: 1 }).set(col.doc('b'), { b: 1 }).commit();
    expect(results).toHaveLength(2);
    expect(results[0]!.writeTime.isEqual(results[1]!.writeTime)).toBe(true);
    const [a, b] = await db.getAll(col.doc('a'), col.doc('b'));
    expect(a!.updateTime!.isEqual(b!.updateTime!)).toBe(true);
  });

  it('a later commit gets a later commit time', async () => {
    const col = freshCollection(db, 'times');
    const first = await col.doc('a').set({ a: 1 });
    const second = await col.doc('b').set({ b: 1 });
    expect(micros(second.writeTime)).toBeGreaterThan(micros(first.writeTime));
  });

  it('query results carry createTime/updateTime equal to those of a direct get', async () => {
    const col = freshCollection(db, 'times');
    await col.doc('a').set({ a: 1 });
    await col.doc('a').update({ a: 2 });
    const [fromQuery] = (await col.get()).docs;
    const direct = await col.doc('a').get();
    expect(fromQuery!.createTime.isEqual(direct.createTime!)).toBe(true);
    expect(fromQuery!.updateTime.isEqual(direct.updateTime!)).toBe(true);
  });
});

describe('timestamp values', () => {
  it('are stored with microsecond precision: extra nanoseconds are truncated', async () => {
    const ref = freshCollection(db, 'tsvalue').doc('d');
    await ref.set({ t: new Timestamp(1_700_000_000, 123_456_789), neg: new Timestamp(-1, 999_999_999) });
    const snap = await ref.get();
    expect((snap.get('t') as Timestamp).nanoseconds).toBe(123_456_000);
    expect((snap.get('neg') as Timestamp).isEqual(new Timestamp(-1, 999_999_000))).toBe(true);
  });

  it('a query on the exact stored (truncated) timestamp matches it', async () => {
    const col = freshCollection(db, 'tsvalue');
    await col.doc('d').set({ t: new Timestamp(1_700_000_000, 5_000) });
    expect((await col.where('t', '==', new Timestamp(1_700_000_000, 5_000)).get()).size).toBe(1);
    expect((await col.where('t', '>', new Timestamp(1_700_000_000, 4_000)).get()).size).toBe(1);
  });
});

describe('readTime', () => {
  it('query snapshots carry a readTime no earlier than the last write they reflect', async () => {
    const col = freshCollection(db, 'read');
    const { writeTime } = await col.doc('a').set({ a: 1 });
    const snap = await col.get();
    expect(snap.readTime).toBeInstanceOf(Timestamp);
    expect(micros(snap.readTime)).toBeGreaterThanOrEqual(micros(writeTime));
    expect(micros(snap.docs[0]!.readTime)).toBeGreaterThanOrEqual(micros(writeTime));
  });

  it('an empty query result still has a readTime', async () => {
    const col = freshCollection(db, 'read');
    const snap = await col.where('nothing', '==', true).get();
    expect(snap.empty).toBe(true);
    expect(snap.readTime).toBeInstanceOf(Timestamp);
  });

  it('document snapshots (existing and missing) carry a readTime', async () => {
    const col = freshCollection(db, 'read');
    const { writeTime } = await col.doc('a').set({ a: 1 });
    const [a, missing] = await db.getAll(col.doc('a'), col.doc('missing'));
    expect(micros(a!.readTime)).toBeGreaterThanOrEqual(micros(writeTime));
    expect(missing!.readTime).toBeInstanceOf(Timestamp);
  });
});
