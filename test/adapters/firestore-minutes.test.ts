// The minutes store against the embedded Firestore emulator: one finalize at a time per meeting (the lease), a
// saved state replaced whole (a field of an older version does not linger), answers applied in a transaction on
// the state the other left, and the minutes lines of the meetings the tick may auto-finalize counted.
import type { Firestore } from '@google-cloud/firestore';
import type { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirestoreMinutes } from '../../functions/src/adapters/firestore-minutes.ts';
import { FirestoreRecords, toTimestamp } from '../../functions/src/adapters/firestore-records.ts';
import type { MinutesState } from '../../functions/src/domain/minutes/minutes-confirmation-rules.ts';
import { WORKING_MORNING } from '../support/pinned-time.ts';
import { newTestFirestore } from '../support/firestore.ts';

let db: Firestore;
let store: FirestoreMinutes;
const BOOK = 'book-minutes';
const NOW = WORKING_MORNING;

const state = (overrides: Partial<MinutesState> = {}): MinutesState => ({
  meetingId: 'M-1',
  version: 1,
  phase: 'distributed',
  documentId: 'D-1',
  documentUrl: 'https://docs/D-1',
  folderId: 'F-1',
  pdfFileId: 'P-1',
  distributedAt: NOW.toISO()!,
  windowEndsAt: NOW.plus({ hours: 24 }).toISO()!,
  recipients: ['a@demo.example', 'b@demo.example'],
  lines: { 'N-1': '[决议] x' },
  responses: [],
  objections: [],
  history: [{ version: 1, at: NOW.toISO()!, changes: [] }],
  ...overrides,
});

beforeAll(async () => {
  db = newTestFirestore('minutes');
  store = new FirestoreMinutes(new FirestoreRecords(db));
  const meeting = (id: string, start: DateTime) =>
    db.doc(`workbooks/${BOOK}/meetings/${id}`).set({
      id,
      data: { title: id, start: start.toISO(), end: start.plus({ hours: 1 }).toISO() },
      dueAt: toTimestamp(start),
      deleted: false,
    });
  await meeting('M-1', NOW.minus({ days: 1 }));
  await meeting('M-2', NOW.minus({ days: 2 }));
  for (const [id, m] of [
    ['N-1', 'M-1'],
    ['N-2', 'M-1'],
  ])
    await db.doc(`workbooks/${BOOK}/minutes/${id}`).set({ id, data: { meeting: m, kind: 'decision', text: id } });
});

afterAll(async () => {
  await db?.terminate();
});

describe('FirestoreMinutes', () => {
  it('lets one finalize hold a meeting at a time, and frees it on release or when the lease ends', async () => {
    const until = NOW.plus({ minutes: 5 });
    expect(await store.lease(BOOK, 'M-9', 'first', NOW, until)).toBe(true);
    expect(await store.lease(BOOK, 'M-9', 'second', NOW, until)).toBe(false);
    expect(await store.lease(BOOK, 'M-9', 'second', until, until.plus({ minutes: 5 }))).toBe(true);
    await store.release(BOOK, 'M-9', 'first'); // not the holder any more: nothing changes
    expect(await store.lease(BOOK, 'M-9', 'third', until, until.plus({ minutes: 5 }))).toBe(false);
    await store.release(BOOK, 'M-9', 'second');
    expect(await store.lease(BOOK, 'M-9', 'third', until, until.plus({ minutes: 5 }))).toBe(true);
  });

  it('replaces the whole state on save (nothing of the previous version lingers) and keeps the lease', async () => {
    await store.lease(BOOK, 'M-1', 'owner', NOW, NOW.plus({ minutes: 5 }));
    await store.saveState(BOOK, state({ phase: 'confirmed', confirmedAt: NOW.toISO()! }));
    await store.saveState(BOOK, state({ version: 2 }));
    const saved = await store.state(BOOK, 'M-1');
    expect(saved).toMatchObject({ version: 2, phase: 'distributed' });
    expect(saved).not.toHaveProperty('confirmedAt');
    expect(await store.lease(BOOK, 'M-1', 'other', NOW, NOW.plus({ minutes: 5 }))).toBe(false);
    expect((await store.awaitingConfirmation(BOOK)).map((s) => s.meetingId)).toEqual(['M-1']);
  });

  it('applies concurrent answers each to the state the other left', async () => {
    await store.saveState(BOOK, state({ version: 2 }));
    const answer = (recipient: string) =>
      store.updateState(BOOK, 'M-1', (current) => ({
        state: {
          ...current!,
          responses: [...current!.responses, { recipient, answer: 'confirm' as const, at: NOW.toISO()! }],
        },
        result: recipient,
      }));
    await Promise.all([answer('a@demo.example'), answer('b@demo.example')]);
    const saved = await store.state(BOOK, 'M-1');
    expect(saved!.responses.map((r) => r.recipient).sort()).toEqual(['a@demo.example', 'b@demo.example']);
  });

  it('lists meetings started in a window with their minutes lines counted', async () => {
    const started = await store.startedBetween(BOOK, NOW.minus({ days: 3 }), NOW);
    expect(started.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      expect.objectContaining({ id: 'M-1', lines: 2 }),
      expect.objectContaining({ id: 'M-2', lines: 0 }),
    ]);
  });
});
