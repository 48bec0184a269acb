// Firestore emulator conformance: transactions (BeginTransaction / Commit / Rollback, transactional reads),
// with real isolation under contention.
//
// Production Firestore (and the official emulator) use pessimistic locking for server-client
// transactions; an emulator may use optimistic concurrency instead. These tests only assert what both
// guarantee: serializable outcomes (no lost updates), retries when transactions conflict, consistent
// read-only snapshots, and that an abandoned transaction does not block other writers forever.
//
// Run against the official emulator with:
//   FIRESTORE_EMULATOR_HOST=localhost:8080 npx vitest run test/firestore-emulator
import { afterAll, describe, expect, it } from 'vitest';
import { AggregateField, FieldValue, Timestamp } from '@google-cloud/firestore';
import type { Firestore } from '@google-cloud/firestore';
import { newTestFirestore } from '../support/firestore.ts';
import { Code, expectGrpcCode, freshCollection, sameProjectClient, sleep } from '../support/firestore-assertions.ts';

const db = newTestFirestore('conf-transactions');
const clients: Firestore[] = [db];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.terminate()));
});

function anotherClient(): Firestore {
  const c = sameProjectClient(db);
  clients.push(c);
  return c;
}

/** Deferred promise: resolve/reject from outside. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('read-write transactions', () => {
  it('reads, writes and returns the update function result', async () => {
    const col = freshCollection(db, 'tx');
    await col.doc('acct').set({ balance: 100 });
    const result = await db.runTransaction(async (tx) => {
      const snap = await tx.get(col.doc('acct'));
      const balance = snap.get('balance') as number;
      tx.update(col.doc('acct'), { balance: balance - 30 });
      tx.set(col.doc('log'), { moved: 30 });
      return balance;
    });
    expect(result).toBe(100);
    const [acct, log] = await db.getAll(col.doc('acct'), col.doc('log'));
    expect(acct!.get('balance')).toBe(70);
    expect(log!.data()).toEqual({ moved: 30 });
  });

  it('can read a missing document and create it', async () => {
    const ref = freshCollection(db, 'tx').doc('new');
    await db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      expect(snap.exists).toBe(false);
      tx.create(ref, { created: true });
    });
    expect((await ref.get()).data()).toEqual({ created: true });
  });

  it('reads several documents with getAll, and queries and aggregations inside the transaction', async () => {
    const col = freshCollection(db, 'tx');
    await db.batch().set(col.doc('a'), { n: 1 }).set(col.doc('b'), { n: 2 }).commit();
    const seen = await db.runTransaction(async (tx) => {
      const [a, b, missing] = await tx.getAll(col.doc('a'), col.doc('b'), col.doc('zz'));
      const q = await tx.get(col.where('n', '>=', 2));
      const agg = await tx.get(col.aggregate({ total: AggregateField.sum('n'), n: AggregateField.count() }));
      tx.set(col.doc('sum'), { total: agg.data().total });
      return { a: a!.get('n'), b: b!.get('n'), missing: missing!.exists, q: q.docs.map((d) => d.id), agg: agg.data() };
    });
    expect(seen).toEqual({ a: 1, b: 2, missing: false, q: ['b'], agg: { total: 3, n: 2 } });
    expect((await col.doc('sum').get()).get('total')).toBe(3);
  });

  it('a transaction with only writes (no reads) commits', async () => {
    const ref = freshCollection(db, 'tx').doc('blind');
    await db.runTransaction(async (tx) => {
      tx.set(ref, { blind: true });
    });
    expect((await ref.get()).data()).toEqual({ blind: true });
  });

  it('throwing inside runTransaction rolls back: the error propagates and nothing is written', async () => {
    const col = freshCollection(db, 'tx');
    await col.doc('a').set({ n: 1 });
    const boom = new Error('boom');
    let attempts = 0;
    await expect(
      db.runTransaction(async (tx) => {
        attempts++;
        const snap = await tx.get(col.doc('a'));
        tx.update(col.doc('a'), { n: (snap.get('n') as number) + 1 });
        tx.set(col.doc('b'), { should: 'not exist' });
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(attempts).toBe(1); // an application error is not retried
    const [a, b] = await db.getAll(col.doc('a'), col.doc('b'));
    expect(a!.get('n')).toBe(1);
    expect(b!.exists).toBe(false);
  });

  it('after a rollback the document is immediately writable by others', async () => {
    const ref = freshCollection(db, 'tx').doc('d');
    await ref.set({ n: 1 });
    await expect(
      db.runTransaction(async (tx) => {
        await tx.get(ref);
        throw new Error('give up');
      }),
    ).rejects.toThrow('give up');
    const other = anotherClient();
    const started = Date.now();
    await other.doc(ref.path).set({ n: 2 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await ref.get()).get('n')).toBe(2);
  });

  it('a failing write precondition at commit rejects with its code and writes nothing', async () => {
    const col = freshCollection(db, 'tx');
    await col.doc('exists').set({ v: 1 });
    await expectGrpcCode(
      db.runTransaction(async (tx) => {
        await tx.get(col.doc('exists'));
        tx.set(col.doc('side'), { v: 1 });
        tx.create(col.doc('exists'), { v: 2 });
      }),
      Code.ALREADY_EXISTS,
    );
    const [exists, side] = await db.getAll(col.doc('exists'), col.doc('side'));
    expect(exists!.get('v')).toBe(1);
    expect(side!.exists).toBe(false);
  });
});

describe('read-only transactions', () => {
  it('{ readOnly: true } reads documents and queries', async () => {
    const col = freshCollection(db, 'ro');
    await db.batch().set(col.doc('a'), { n: 1 }).set(col.doc('b'), { n: 2 }).commit();
    const got = await db.runTransaction(
      async (tx) => {
        const a = await tx.get(col.doc('a'));
        const q = await tx.get(col.orderBy('n', 'desc'));
        return [a.get('n'), q.docs.map((d) => d.id)];
      },
      { readOnly: true },
    );
    expect(got).toEqual([1, ['b', 'a']]);
  });

  it('a read-only transaction sees one consistent snapshot even while another client writes', async () => {
    const col = freshCollection(db, 'ro');
    await db.batch().set(col.doc('a'), { v: 'old' }).set(col.doc('b'), { v: 'old' }).commit();
    const other = anotherClient();
    const seen = await db.runTransaction(
      async (tx) => {
        const a = await tx.get(col.doc('a'));
        // another client changes both documents after our first read
        await other
          .batch()
          .set(other.doc(col.doc('a').path), { v: 'new' })
          .set(other.doc(col.doc('b').path), { v: 'new' })
          .commit();
        const b = await tx.get(col.doc('b'));
        const again = await tx.get(col.doc('a'));
        return [a.get('v'), b.get('v'), again.get('v')];
      },
      { readOnly: true },
    );
    expect(seen).toEqual(['old', 'old', 'old']);
    // the other client's write did happen
    expect((await col.doc('b').get()).get('v')).toBe('new');
  });

  it('{ readOnly: true, readTime } reads the documents as they were at that time', async () => {
    const col = freshCollection(db, 'ro');
    const first = await col.doc('a').set({ v: 1 });
    await sleep(10);
    await col.doc('a').set({ v: 2 });
    await col.doc('b').set({ v: 'created later' });
    const seen = await db.runTransaction(
      async (tx) => {
        const [a, b] = await tx.getAll(col.doc('a'), col.doc('b'));
        const q = await tx.get(col);
        return { a: a!.get('v'), bExists: b!.exists, ids: q.docs.map((d) => d.id) };
      },
      { readOnly: true, readTime: first.writeTime },
    );
    expect(seen).toEqual({ a: 1, bExists: false, ids: ['a'] });
  });

  it('{ readOnly: true, readTime } before a document existed sees it missing', async () => {
    const col = freshCollection(db, 'ro');
    const marker = await col.doc('marker').set({});
    await sleep(10);
    await col.doc('late').set({ v: 1 });
    const exists = await db.runTransaction(async (tx) => (await tx.get(col.doc('late'))).exists, {
      readOnly: true,
      readTime: marker.writeTime,
    });
    expect(exists).toBe(false);
  });
});

describe('isolation under contention', () => {
  const MAX_ATTEMPTS = 200;

  /** Runs one read-modify-write increment; returns the attempts and the value read by the committed attempt. */
  async function incrementIn(client: Firestore, path: string): Promise<{ attempts: number; committedRead: number }> {
    let attempts = 0;
    let lastRead = Number.NaN;
    await client.runTransaction(
      async (tx) => {
        attempts++;
        const ref = client.doc(path);
        const snap = await tx.get(ref);
        lastRead = snap.get('n') as number;
        tx.update(ref, { n: lastRead + 1 });
      },
      { maxAttempts: MAX_ATTEMPTS },
    );
    return { attempts, committedRead: lastRead };
  }

  it('2 client instances x 20 sequential read-modify-write transactions end at exactly 40', {
    timeout: 180_000,
  }, async () => {
    const ref = freshCollection(db, 'contend').doc('counter');
    await ref.set({ n: 0 });
    const workers = [anotherClient(), anotherClient()];
    await Promise.all(
      workers.map(async (w) => {
        for (let i = 0; i < 20; i++) await incrementIn(w, ref.path);
      }),
    );
    expect((await ref.get()).get('n')).toBe(40);
  });

  it('40 parallel read-modify-write transactions from one client end at exactly 40', { timeout: 180_000 }, async () => {
    const ref = freshCollection(db, 'contend').doc('counter');
    await ref.set({ n: 0 });
    const runs = await Promise.all(Array.from({ length: 40 }, () => incrementIn(db, ref.path)));
    expect((await ref.get()).get('n')).toBe(40);
    // serial history: the committed attempts read 0, 1, ..., 39, each exactly once
    expect(runs.map((r) => r.committedRead).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // 40 transactions started together read the same version (reads take shared locks), so
    // they cannot all commit on their first attempt
    expect(runs.reduce((sum, r) => sum + r.attempts, 0)).toBeGreaterThan(40);
  });

  it('two transactions that both read the document before either writes: one of them must retry', {
    timeout: 120_000,
  }, async () => {
    const ref = freshCollection(db, 'contend').doc('counter');
    await ref.set({ n: 0 });
    const other = anotherClient();
    const bothRead = { count: 0, released: deferred() };
    const run = async (client: Firestore): Promise<number> => {
      let attempts = 0;
      await client.runTransaction(
        async (tx) => {
          attempts++;
          const r = client.doc(ref.path);
          const snap = await tx.get(r);
          if (attempts === 1) {
            bothRead.count++;
            if (bothRead.count === 2) bothRead.released.resolve();
            // first attempt: wait until the other transaction has read too (bounded, so a server that
            // blocks the second read behind the first transaction's lock cannot deadlock the test)
            await Promise.race([bothRead.released.promise, sleep(3_000)]);
          }
          tx.update(r, { n: (snap.get('n') as number) + 1 });
        },
        { maxAttempts: MAX_ATTEMPTS },
      );
      return attempts;
    };
    const [a, b] = await Promise.all([run(db), run(other)]);
    expect((await ref.get()).get('n')).toBe(2);
    expect(a + b).toBeGreaterThan(2);
  });

  it('a transaction whose read document is changed by a plain write before it commits does not lose that write', {
    timeout: 120_000,
  }, async () => {
    const ref = freshCollection(db, 'contend').doc('counter');
    await ref.set({ n: 0 });
    const other = anotherClient();
    let attempts = 0;
    let plainWrite: Promise<unknown> | undefined;
    await db.runTransaction(
      async (tx) => {
        attempts++;
        const snap = await tx.get(ref);
        if (attempts === 1) {
          // not awaited: with pessimistic locking this write waits for our commit, with optimistic
          // concurrency it lands first and our commit must abort and retry
          plainWrite = other.doc(ref.path).update({ n: FieldValue.increment(100) });
          await sleep(300);
        }
        tx.update(ref, { n: (snap.get('n') as number) + 1 });
      },
      { maxAttempts: MAX_ATTEMPTS },
    );
    await plainWrite;
    // serializable either way: 0 -> +100 -> +1, or 0 -> +1 -> +100
    expect((await ref.get()).get('n')).toBe(101);
  });

  it('an abandoned transaction does not block a plain writer forever', { timeout: 120_000 }, async () => {
    const ref = freshCollection(db, 'contend').doc('locked');
    await ref.set({ v: 'initial' });
    const other = anotherClient();
    const release = deferred();
    const hasRead = deferred();
    let attempts = 0;
    const abandoned = db
      .runTransaction(
        async (tx) => {
          attempts++;
          await tx.get(ref);
          hasRead.resolve();
          await release.promise; // kept pending: never commits while the plain write runs
          tx.update(ref, { v: 'from abandoned transaction' });
        },
        { maxAttempts: 1 },
      )
      .then(
        () => 'committed',
        (error: { code?: number }) => `failed:${String(error.code)}`,
      );
    await hasRead.promise;
    const started = Date.now();
    await other.doc(ref.path).set({ v: 'plain write' });
    const waitedMs = Date.now() - started;
    expect(waitedMs).toBeLessThan(90_000);
    release.resolve();
    const outcome = await abandoned;
    expect(attempts).toBe(1);
    // its read is stale now (the plain write completed after it), so it may not commit any more
    expect(outcome).toMatch(/^failed:/);
    expect((await ref.get()).get('v')).toBe('plain write');
  });

  it('a plain write to a different document is not blocked by a pending transaction', { timeout: 60_000 }, async () => {
    const col = freshCollection(db, 'contend');
    await col.doc('held').set({ v: 0 });
    const other = anotherClient();
    const release = deferred();
    const hasRead = deferred();
    const tx = db.runTransaction(async (t) => {
      await t.get(col.doc('held'));
      hasRead.resolve();
      await release.promise;
      t.update(col.doc('held'), { v: 1 });
    });
    await hasRead.promise;
    const started = Date.now();
    await other.doc(col.doc('free').path).set({ v: 'ok' });
    expect(Date.now() - started).toBeLessThan(5_000);
    release.resolve();
    await tx;
    expect((await col.doc('held').get()).get('v')).toBe(1);
  });
  it('two read-write transactions can read the same document concurrently (read locks are shared)', {
    timeout: 60_000,
  }, async () => {
    const ref = freshCollection(db, 'contend').doc('shared');
    await ref.set({ v: 1 });
    const other = anotherClient();
    const release = deferred();
    const hasRead = deferred();
    const first = db.runTransaction(
      async (t) => {
        await t.get(ref);
        hasRead.resolve();
        await release.promise;
      },
      { maxAttempts: 1 },
    );
    await hasRead.promise;
    try {
      const started = Date.now();
      const seen = await other.runTransaction(async (t) => (await t.get(other.doc(ref.path))).get('v') as number, {
        maxAttempts: 1,
      });
      expect(seen).toBe(1);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      release.resolve();
      await first;
    }
  });

  it('a plain (non-transactional) read is not blocked by a pending transaction that read the document', {
    timeout: 60_000,
  }, async () => {
    const ref = freshCollection(db, 'contend').doc('readable');
    await ref.set({ v: 1 });
    const other = anotherClient();
    const release = deferred();
    const hasRead = deferred();
    const tx = db.runTransaction(
      async (t) => {
        await t.get(ref);
        hasRead.resolve();
        await release.promise;
        t.update(ref, { v: 2 });
      },
      { maxAttempts: 1 },
    );
    await hasRead.promise;
    try {
      const started = Date.now();
      const snap = await other.doc(ref.path).get();
      const query = await other.collection(ref.parent.id).get();
      expect(snap.get('v')).toBe(1);
      expect(query.docs.map((d) => d.get('v'))).toEqual([1]);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      release.resolve();
      await tx;
    }
    expect((await ref.get()).get('v')).toBe(2);
  });
});

describe('timestamps and transactions', () => {
  it('writes of one transaction share its commit time', async () => {
    const col = freshCollection(db, 'txtime');
    await db.runTransaction(async (tx) => {
      await tx.get(col.doc('a'));
      tx.set(col.doc('a'), { v: 1 });
      tx.set(col.doc('b'), { v: 2 });
    });
    const [a, b] = await db.getAll(col.doc('a'), col.doc('b'));
    expect(a!.updateTime!.isEqual(b!.updateTime!)).toBe(true);
    expect(a!.updateTime).toBeInstanceOf(Timestamp);
  });
});
