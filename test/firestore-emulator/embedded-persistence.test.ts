// Our embedded emulator only (not a Firestore behaviour): the data file that keeps `npm start` data across
// restarts, and clear() between tests. Starts its own emulator instances, whatever FIRESTORE_EMULATOR_HOST says.
import { Firestore, Timestamp } from '@google-cloud/firestore';
import { mkdtempSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFirestoreEmulator } from '../../local/firestore-emulator/index.ts';

const outsideHost = process.env.FIRESTORE_EMULATOR_HOST;
const clients: Firestore[] = [];

function clientFor(host: string, projectId: string): Firestore {
  // The client reads FIRESTORE_EMULATOR_HOST when it is constructed.
  process.env.FIRESTORE_EMULATOR_HOST = host;
  const db = new Firestore({ projectId });
  process.env.FIRESTORE_EMULATOR_HOST = outsideHost;
  clients.push(db);
  return db;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((db) => db.terminate()));
});

describe('embedded emulator data file', () => {
  it('keeps documents, their types and timestamps across a restart', async () => {
    const dataFile = join(mkdtempSync(join(tmpdir(), 'fs-emu-')), 'firestore.json');
    const first = await startFirestoreEmulator({ port: 0, dataFile });
    const db = clientFor(first.host, 'persist');
    const written = await db.doc('meetings/m1').set({
      title: '周例会',
      count: 3,
      ratio: 0.5,
      nan: Number.NaN,
      negativeZero: -0,
      bytes: Buffer.from([0, 1, 254, 255]),
      when: Timestamp.fromMillis(1_795_000_000_123),
      nested: { list: [1, 'two', { three: true }] },
    });
    await db.doc('meetings/m1/notes/n1').set({ text: 'sub' });
    await db.terminate();
    await first.stop();
    expect(existsSync(dataFile)).toBe(true);
    expect(readFileSync(dataFile, 'utf8')).toContain('周例会');

    const second = await startFirestoreEmulator({ port: 0, dataFile });
    expect(second.loadedDocuments).toBe(2);
    const again = clientFor(second.host, 'persist');
    const snap = await again.doc('meetings/m1').get();
    expect(snap.get('title')).toBe('周例会');
    expect(snap.get('count')).toBe(3);
    expect(snap.get('ratio')).toBe(0.5);
    expect(Number.isNaN(snap.get('nan'))).toBe(true);
    expect(Object.is(snap.get('negativeZero'), -0)).toBe(true);
    expect(Buffer.from(snap.get('bytes')).equals(Buffer.from([0, 1, 254, 255]))).toBe(true);
    expect((snap.get('when') as Timestamp).toMillis()).toBe(1_795_000_000_123);
    expect(snap.get('nested')).toEqual({ list: [1, 'two', { three: true }] });
    expect(snap.updateTime!.isEqual(written.writeTime)).toBe(true);
    expect((await again.doc('meetings/m1/notes/n1').get()).get('text')).toBe('sub');
    // New commits after a restart are later than every loaded update time.
    const later = await again.doc('meetings/m2').set({ x: 1 });
    expect(later.writeTime.toMillis()).toBeGreaterThanOrEqual(written.writeTime.toMillis());
    await second.stop();
  });

  it('clear() removes every document of every project', async () => {
    const emulator = await startFirestoreEmulator({ port: 0 });
    const a = clientFor(emulator.host, 'project-a');
    const b = clientFor(emulator.host, 'project-b');
    await a.doc('x/1').set({ v: 1 });
    await b.doc('y/1').set({ v: 2 });
    await emulator.clear();
    expect((await a.collection('x').get()).size).toBe(0);
    expect((await b.doc('y/1').get()).exists).toBe(false);
    expect(await a.listCollections()).toEqual([]);
    await emulator.stop();
  });
});
