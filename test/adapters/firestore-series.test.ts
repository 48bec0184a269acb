// Occurrence claims against the embedded Firestore emulator: a lease names one owner, and an owner whose tick
// stalled past its lease keeps nothing another tick took over (no rows re-checked as held, no settling); a
// claim whose meeting was refused waits outside the pending query. And which starts a series already has:
// a deleted meeting counts by the start it keeps.
import { type Firestore, Timestamp } from '@google-cloud/firestore';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirestoreRecords } from '../../functions/src/adapters/firestore-records.ts';
import {
  FirestoreSeries,
  type OccurrenceClaim,
  SERIES_LEASE_MINUTES,
} from '../../functions/src/adapters/firestore-series.ts';
import type { PlannedOccurrence } from '../../functions/src/domain/meetings/meeting-series.ts';
import { newTestFirestore } from '../support/firestore.ts';

const ZONE = 'Asia/Shanghai';
const NOW = DateTime.fromISO('2026-12-01T10:00:00', { zone: ZONE });

let db: Firestore;
let series: FirestoreSeries;
let book = 0;

beforeAll(() => {
  db = newTestFirestore('series');
  series = new FirestoreSeries(new FirestoreRecords(db));
});

afterAll(async () => {
  await db.terminate();
});

function occurrence(seriesKey: string, date: string): PlannedOccurrence {
  const start = DateTime.fromISO(`${date}T09:00:00`, { zone: ZONE });
  return {
    seriesKey,
    occurrenceKey: `${seriesKey}@${date}`,
    start: start.toISO({ suppressMilliseconds: true })!,
    end: start.plus({ hours: 1 }).toISO({ suppressMilliseconds: true })!,
    type: 'weeklySop',
    title: 'Weekly',
    agenda: [{ order: 1, topic: 'Review' }],
  };
}

/** A fresh workbook with one pending claim; answers the workbook ID. */
async function workbookWithClaim(): Promise<string> {
  const workbookId = `book-${++book}`;
  expect(await series.claim(workbookId, 'M-TEMPLATE', occurrence('SOP', '2026-12-07'), NOW)).toBe(true);
  return workbookId;
}

const claimDoc = async (workbookId: string) =>
  (await db.collection(`workbooks/${workbookId}/seriesOccurrences`).get()).docs[0]!;

describe('claim leases', () => {
  it('a tick that stalled past its lease and lost the claim to another keeps nothing of it', async () => {
    const workbookId = await workbookWithClaim();
    const [mine] = await series.leasePending(workbookId, NOW, 'stalled');
    expect(mine).toBeDefined();
    // Inside the lease nobody else gets it; after it, the next tick does.
    expect(await series.leasePending(workbookId, NOW.plus({ minutes: 1 }), 'next')).toEqual([]);
    const [theirs] = await series.leasePending(workbookId, NOW.plus({ minutes: SERIES_LEASE_MINUTES + 1 }), 'next');
    expect(theirs!.id).toBe(mine!.id);

    // The stalled tick wakes up: its re-check before the append holds nothing, and it cannot settle.
    expect(await series.holdLeases(workbookId, [mine!], 'stalled', NOW.plus({ minutes: 7 }))).toEqual(new Set());
    expect(
      await series.settle(workbookId, mine!, 'stalled', { state: 'written', detail: {} }, NOW.plus({ minutes: 7 })),
    ).toBe(false);
    expect((await claimDoc(workbookId)).get('state')).toBe('pending');
    expect((await claimDoc(workbookId)).get('leaseOwner')).toBe('next');

    // The new owner still holds it, and settles it.
    expect(await series.holdLeases(workbookId, [theirs!], 'next', NOW.plus({ minutes: 7 }))).toEqual(
      new Set([theirs!.id]),
    );
    expect(
      await series.settle(
        workbookId,
        theirs!,
        'next',
        { state: 'written', detail: { meetingId: 'M-X' } },
        NOW.plus({ minutes: 7 }),
      ),
    ).toBe(true);
    expect((await claimDoc(workbookId)).get('state')).toBe('written');
    // A settled claim is nobody's any more.
    expect(await series.holdLeases(workbookId, [theirs!], 'next', NOW.plus({ minutes: 8 }))).toEqual(new Set());
  });

  it(
    "a lease that ran out is still its owner's until " + 'another tick takes it; the re-check extends it from now',
    async () => {
      const workbookId = await workbookWithClaim();
      const [mine] = await series.leasePending(workbookId, NOW, 'slow');
      const late = NOW.plus({ minutes: SERIES_LEASE_MINUTES + 2 });
      expect(await series.holdLeases(workbookId, [mine!], 'slow', late)).toEqual(new Set([mine!.id]));
      expect(((await claimDoc(workbookId)).get('leaseUntil') as Timestamp).toMillis()).toBe(
        late.plus({ minutes: SERIES_LEASE_MINUTES }).toMillis(),
      );
      expect(await series.leasePending(workbookId, late.plus({ minutes: 1 }), 'next')).toEqual([]);
    },
  );

  it(
    'a claim whose meeting was refused waits outside the pending query, and is leased and settled like a pending ' +
      'one',
    async () => {
      const workbookId = await workbookWithClaim();
      const [mine] = await series.leasePending(workbookId, NOW, 'first');
      expect(
        await series.settle(
          workbookId,
          mine!,
          'first',
          { state: 'awaitingMeeting', detail: { reason: 'MEETING_REFUSED' } },
          NOW,
        ),
      ).toBe(true);
      expect((await claimDoc(workbookId)).get('leaseOwner')).toBeNull();
      expect(await series.leasePending(workbookId, NOW.plus({ minutes: 15 }), 'later')).toEqual([]);

      const waiting = await series.claimsIn(workbookId, 'awaitingMeeting');
      expect(waiting.map((c) => [c.id, c.state])).toEqual([[mine!.id, 'awaitingMeeting']]);
      const [leased] = await series.lease(workbookId, waiting, NOW.plus({ minutes: 15 }), 'later');
      expect(await series.lease(workbookId, waiting, NOW.plus({ minutes: 16 }), 'other')).toEqual([]);
      // Leased in the waiting state, it is not held as a pending one.
      const asPending: OccurrenceClaim = { ...leased!, state: 'pending' };
      expect(await series.holdLeases(workbookId, [asPending], 'later', NOW.plus({ minutes: 16 }))).toEqual(new Set());
      expect(
        await series.settle(workbookId, leased!, 'later', { state: 'written', detail: {} }, NOW.plus({ minutes: 16 })),
      ).toBe(true);
      expect(await series.claimsIn(workbookId, 'awaitingMeeting')).toEqual([]);
    },
  );
});

describe('existingStarts', () => {
  it(
    'counts a deleted meeting by the start it keeps, a live ' + 'one saved before startAt existed by dueAt, and claims',
    async () => {
      const workbookId = `book-${++book}`;
      const meetings = db.collection(`workbooks/${workbookId}/meetings`);
      const at = (date: string) => DateTime.fromISO(`${date}T09:00:00`, { zone: ZONE });
      const ts = (date: string) => Timestamp.fromMillis(at(date).toMillis());
      await meetings.doc('M-DELETED').set({
        deleted: true,
        dueAt: null,
        startAt: ts('2026-12-07'),
        data: { series: 'SOP', start: at('2026-12-07').toISO() },
      });
      await meetings.doc('M-LIVE').set({
        deleted: false,
        dueAt: ts('2026-12-14'),
        startAt: ts('2026-12-14'),
        data: { series: 'SOP', start: at('2026-12-14').toISO() },
      });
      await meetings
        .doc('M-LEGACY')
        .set({ deleted: false, dueAt: ts('2026-12-21'), data: { series: 'SOP', start: at('2026-12-21').toISO() } });
      await meetings.doc('M-PAST').set({
        deleted: true,
        dueAt: null,
        startAt: ts('2026-11-23'),
        data: { series: 'SOP', start: at('2026-11-23').toISO() },
      });
      await meetings.doc('M-OTHER').set({
        deleted: false,
        dueAt: ts('2026-12-07'),
        startAt: ts('2026-12-07'),
        data: { series: 'OTHER', start: at('2026-12-07').toISO() },
      });
      await series.claim(workbookId, 'M-T', occurrence('SOP', '2026-12-28'), NOW);

      const starts = await series.existingStarts(workbookId, 'SOP', NOW.minus({ days: 1 }));
      expect([...new Set(starts.map((s) => DateTime.fromISO(s, { zone: ZONE }).toISODate()))].sort()).toEqual([
        '2026-12-07',
        '2026-12-14',
        '2026-12-21',
        '2026-12-28',
      ]);
    },
  );
});
