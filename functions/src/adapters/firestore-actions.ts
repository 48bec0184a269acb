// The records the tick's action passes read and mark (ports/action-ports.ts), on the shared records layer:
// - minutes lines marked `actionSync: 'pending'` by the edit that saved or deleted them (an equality query on one
//   field), leased in a transaction so two ticks never append the same Actions row, and settled only when the
//   line has not changed since it was read;
// - open actions by the indexed `dueAt` (a closed or deleted action has none), meetings by ID or by `startAt`.
import { type DocumentSnapshot, FieldValue, type Timestamp } from '@google-cloud/firestore';
import type { DateTime } from 'luxon';
import type {
  ActionLines,
  ActionTracking,
  OpenAction,
  PendingActionLine,
  SettledActionLine,
  TrackedMeeting,
} from '../ports/action-ports.ts';
import { type FirestoreRecords, isLive, recordData, toTimestamp } from './firestore-records.ts';

/** How long a tick holds the lines it leased: far longer than one pass, short enough to recover from a crash. */
const LEASE_MINUTES = 5;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

function versionOf(snap: DocumentSnapshot): string {
  return JSON.stringify([snap.get('updatedAt') ?? null, snap.get('lastEventId') ?? null, snap.get('deleted') === true]);
}

/** An open action record as the rules read it; undefined when it lacks its text, owner or due date. */
export function openActionOf(snap: DocumentSnapshot): OpenAction | undefined {
  const data = recordData(snap);
  const owner = text(data.owner);
  const due = text(data.due);
  const what = text(data.text);
  if (!owner || !due || !what) return undefined;
  const sourceMeeting = text(data.sourceMeeting);
  const state = text(data.state);
  return {
    id: snap.id,
    text: what,
    owner: owner.toLowerCase(),
    due,
    ...(sourceMeeting ? { sourceMeeting } : {}),
    ...(state ? { state } : {}),
  };
}

function meetingOf(snap: DocumentSnapshot): TrackedMeeting {
  const data = recordData(snap);
  const series = text(data.series);
  const host = text(data.host);
  return {
    id: snap.id,
    start: text(data.start) ?? '',
    ...(series ? { series } : {}),
    ...(host ? { host: host.toLowerCase() } : {}),
  };
}

export class FirestoreActions implements ActionLines, ActionTracking {
  constructor(private readonly records: FirestoreRecords) {}

  async leasePending(workbookId: string, now: DateTime, owner: string): Promise<PendingActionLine[]> {
    const minutes = this.records.collection(workbookId, 'minutes');
    const marked = await minutes.where('actionSync', '==', 'pending').get();
    const leased: PendingActionLine[] = [];
    for (const doc of marked.docs) {
      const line = await this.records.db.runTransaction(async (tx) => {
        const snap = await tx.get(doc.ref);
        if (!snap.exists || snap.get('actionSync') !== 'pending') return undefined;
        const lastPlan = snap.get('actionSyncPlan') as unknown;
        const lease = snap.get('actionSyncLease') as { owner?: string; until?: Timestamp } | undefined;
        if (lease?.owner && lease.owner !== owner && lease.until && lease.until.toMillis() > now.toMillis())
          return undefined;
        tx.update(doc.ref, {
          actionSyncLease: { owner, until: toTimestamp(now.plus({ minutes: LEASE_MINUTES })) },
        });
        return {
          id: snap.id,
          deleted: snap.get('deleted') === true,
          data: recordData(snap),
          version: versionOf(snap),
          ...(lastPlan === 'upsert' || lastPlan === 'cancel' ? { lastPlan } : {}),
        } satisfies PendingActionLine;
      });
      if (line) leased.push(line);
    }
    return leased;
  }

  async settle(workbookId: string, lines: readonly SettledActionLine[], owner: string): Promise<number> {
    const minutes = this.records.collection(workbookId, 'minutes');
    let settled = 0;
    for (const line of lines) {
      const done = await this.records.db.runTransaction(async (tx) => {
        const snap = await tx.get(minutes.doc(line.id));
        const lease = snap.get('actionSyncLease') as { owner?: string } | undefined;
        if (!snap.exists || lease?.owner !== owner) return false;
        const unchanged = versionOf(snap) === line.version;
        // What was done is remembered even when the line changed meanwhile: the row already shows it.
        tx.update(snap.ref, {
          actionSyncLease: FieldValue.delete(),
          actionSyncPlan: line.planned,
          ...(unchanged ? { actionSync: 'done' } : {}),
        });
        return unchanged;
      });
      if (done) settled += 1;
    }
    return settled;
  }

  async openActionsDueBefore(workbookId: string, before: DateTime): Promise<OpenAction[]> {
    return (await this.records.openActions(workbookId, before)).flatMap((doc) => openActionOf(doc) ?? []);
  }

  async openActions(workbookId: string): Promise<OpenAction[]> {
    return (await this.records.openActions(workbookId)).flatMap((doc) => openActionOf(doc) ?? []);
  }

  async meetingsByIds(workbookId: string, ids: readonly string[]): Promise<TrackedMeeting[]> {
    return [...(await this.records.liveMeetingsByIds(workbookId, ids)).values()].map(meetingOf);
  }

  async seriesMeetingsStarting(workbookId: string, from: DateTime, to: DateTime): Promise<TrackedMeeting[]> {
    const snap = await this.records
      .collection(workbookId, 'meetings')
      .where('startAt', '>=', toTimestamp(from))
      .where('startAt', '<=', toTimestamp(to))
      .get();
    return snap.docs
      .filter(isLive)
      .map(meetingOf)
      .filter((meeting) => meeting.series !== undefined);
  }

  async agendaOf(
    workbookId: string,
    meetingIds: readonly string[],
  ): Promise<Array<{ id: string; meeting: string; topic: string }>> {
    const docs = await this.records.agendaOf(workbookId, meetingIds);
    return docs.map((doc) => {
      const data = recordData(doc);
      return { id: doc.id, meeting: String(data.meeting ?? ''), topic: String(data.topic ?? '') };
    });
  }

  async lastRefreshDate(workbookId: string): Promise<string | undefined> {
    const snap = await this.records.workbook(workbookId).get();
    const date = snap.get('actionsRefreshedOn');
    return typeof date === 'string' ? date : undefined;
  }

  async markRefreshed(workbookId: string, date: string): Promise<void> {
    await this.records.workbook(workbookId).set({ actionsRefreshedOn: date }, { merge: true });
  }
}
