// A tick's Firestore reads grow with the number of due items, not with the size of the data: the same tick
// over a workbook with 1,000 and then 3,000 meetings that are not due reads the same number of documents.
// Counted by the embedded emulator (documents returned to the client), so this file starts its own.
import { Firestore, Timestamp } from '@google-cloud/firestore';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '../../functions/src/config.ts';
import { createClients, createFunctions, type Clients, type FunctionSet } from '../../functions/src/composition.ts';
import { startFirestoreEmulator, type RunningFirestoreEmulator } from '../../local/firestore-emulator/index.ts';
import { startWorkspaceEmulator, type WorkspaceEmulator } from '../../local/workspace-emulator/index.ts';

const PROJECT = 'tick-reads';
const DATABASE = `projects/${PROJECT}/databases/(default)`;
const WORKBOOK = 'book_reads';
// A Tuesday morning after the digest time, Shanghai.
const NOW = DateTime.fromISO('2026-12-01T10:00:00', { zone: 'Asia/Shanghai' });

let firestore: RunningFirestoreEmulator;
let workspace: WorkspaceEmulator;
let clients: Clients;
let functions: FunctionSet;
let db: Firestore;

beforeAll(async () => {
  firestore = await startFirestoreEmulator({ port: 0 });
  workspace = await startWorkspaceEmulator({ port: 0 });
  process.env.FIRESTORE_EMULATOR_HOST = firestore.host;
  const config = parseConfig({
    SHEET_EDIT_SECRET: 'tick-reads-secret-0123456789',
    GOOGLE_CLOUD_PROJECT: PROJECT,
    WORKSPACE_ROOT_URL: workspace.rootUrl,
    MAIL_SENDER: 'notices@demo.example',
    LOG_LEVEL: 'silent',
  });
  clients = createClients(config, () => NOW);
  functions = createFunctions(config, clients, () => NOW);
  db = new Firestore({ projectId: PROJECT });
  await db.doc(`workbooks/${WORKBOOK}`).set({ timeZone: 'Asia/Shanghai', language: 'zh' });
  await db
    .doc(`workbooks/${WORKBOOK}/people/P-00000001`)
    .set({ id: 'P-00000001', deleted: false, data: { email: 'host@demo.example', name: 'Host', role: 'manager' } });
  // Three meetings due within the hour.
  for (let i = 0; i < 3; i++) await addMeeting(`M-DUE0000${i}`, NOW.plus({ minutes: 40 + i }));
}, 60_000);

afterAll(async () => {
  await db.terminate();
  await clients.firestore.terminate();
  await workspace.stop();
  await firestore.stop();
});

async function addMeeting(id: string, start: DateTime): Promise<void> {
  await db.doc(`workbooks/${WORKBOOK}/meetings/${id}`).set({
    id,
    deleted: false,
    sheetRow: null,
    data: { title: id, start: start.toISO() },
    dueAt: Timestamp.fromMillis(start.toMillis()),
    dueFor: ['host@demo.example'],
    dueTitle: id,
  });
}

async function addFutureMeetings(from: number, count: number): Promise<void> {
  for (let offset = 0; offset < count; offset += 400) {
    const batch = db.batch();
    for (let i = from + offset; i < from + Math.min(count, offset + 400); i++) {
      const start = NOW.plus({ months: 2, hours: i });
      batch.set(db.doc(`workbooks/${WORKBOOK}/meetings/M-F${String(i).padStart(7, '0')}`), {
        id: `M-F${i}`,
        deleted: false,
        sheetRow: null,
        data: { title: `Future ${i}` },
        dueAt: Timestamp.fromMillis(start.toMillis()),
        dueFor: ['host@demo.example'],
        dueTitle: `Future ${i}`,
      });
    }
    await batch.commit();
  }
}

async function readsOfOneTick(): Promise<number> {
  const before = firestore.core.documentsRead.get(DATABASE) ?? 0;
  const output = await functions.tick({ method: 'POST', headers: {}, rawBody: Buffer.alloc(0) });
  expect(output.status).toBe(200);
  return (firestore.core.documentsRead.get(DATABASE) ?? 0) - before;
}

it('reads the same number of documents whether 1,000 or 3,000 meetings are not due', async () => {
  await addFutureMeetings(0, 1_000);
  await readsOfOneTick(); // the first tick sends the reminders and the digest
  const small = await readsOfOneTick();
  await addFutureMeetings(1_000, 2_000);
  const large = await readsOfOneTick();
  expect(large).toBe(small);
  expect(small).toBeLessThan(50);
  const sent = (await db.collection(`workbooks/${WORKBOOK}/outbox`).where('state', '==', 'sent').get()).size;
  expect(sent).toBeGreaterThanOrEqual(4); // three reminders and the digest
});
