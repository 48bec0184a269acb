// The records the tick's attendance pass reads and writes, with indexed queries only: meetings by a range on
// `dueAt` (a meeting's start), their attendance rows by `data.meeting`, managers by `data.email`. Reads grow
// with the meetings in the lookback window, never with the size of the Attendance archive. Results are saved
// field by field (the meeting and attendance documents are also upserted by sheetEdit, so they are never
// overwritten whole), each only if its record has not changed since it was read, with an audit entry. A
// meeting is marked finalised only if its `attendanceRevision` (raised by every attendance save or deletion
// for it, in the edit's own transaction: firestore-sheet-edits.ts) is the one read with the meeting.
import { Timestamp, type DocumentSnapshot, type Firestore } from '@google-cloud/firestore';
import type { DateTime } from 'luxon';
import type { AttendanceResultStore, ResultChange, StartedMeeting, StoredAttendance } from '../workflows/finalize-attendance.ts';
import { chunk } from './firestore-batches.ts';

/** Rows per transaction: each is one update and one audit entry, well inside commit limits. */
const ROWS_PER_TRANSACTION = 100;
/** Who the audit log names for changes the system makes on its own. */
export const SYSTEM_ACTOR = 'system';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function versionOf(snap: DocumentSnapshot): string {
  const time = snap.updateTime;
  return time ? `${time.seconds}.${String(time.nanoseconds).padStart(9, '0')}` : '';
}

/** A meeting's attendance revision: 0 until an attendance row of it is first saved. */
function revisionOf(snap: DocumentSnapshot): number {
  const revision = snap.get('attendanceRevision');
  return typeof revision === 'number' ? revision : 0;
}

export class FirestoreAttendanceResults implements AttendanceResultStore {
  constructor(private readonly db: Firestore) {}

  private records(workbookId: string, collection: string) {
    return this.db.collection('workbooks').doc(workbookId).collection(collection);
  }

  async startedBetween(workbookId: string, from: DateTime, to: DateTime): Promise<StartedMeeting[]> {
    const snap = await this.records(workbookId, 'meetings')
      .where('dueAt', '>=', Timestamp.fromMillis(from.toMillis()))
      .where('dueAt', '<=', Timestamp.fromMillis(to.toMillis()))
      .get();
    const meetings: StartedMeeting[] = [];
    for (const doc of snap.docs) {
      if (doc.get('deleted') === true) continue;
      const data = (doc.get('data') as Record<string, unknown> | undefined) ?? {};
      const start = text(data.start);
      const end = text(data.end);
      // A meeting without both times cannot judge anyone (its rows were refused when typed).
      if (start === undefined || end === undefined) continue;
      const finalizedFor = text(doc.get('attendanceFinalizedFor'));
      const revision = revisionOf(doc);
      meetings.push({ id: doc.id, start, end, revision, ...(text(data.host) ? { host: text(data.host)! } : {}), ...(finalizedFor ? { finalizedFor } : {}) });
    }
    return meetings;
  }

  async attendanceOf(workbookId: string, meetingIds: readonly string[]): Promise<Map<string, StoredAttendance[]>> {
    const byMeeting = new Map<string, StoredAttendance[]>();
    for (const group of chunk([...new Set(meetingIds)])) {
      const snap = await this.records(workbookId, 'attendance').where('data.meeting', 'in', group).get();
      for (const doc of snap.docs) {
        if (doc.get('deleted') === true) continue;
        const data = (doc.get('data') as Record<string, unknown> | undefined) ?? {};
        const meeting = String(data.meeting);
        byMeeting.set(meeting, [...(byMeeting.get(meeting) ?? []), { id: doc.id, data, version: versionOf(doc) }]);
      }
    }
    return byMeeting;
  }

  async managersOf(workbookId: string, emails: readonly string[]): Promise<Map<string, string | undefined>> {
    const managers = new Map<string, string | undefined>();
    for (const group of chunk([...new Set(emails)])) {
      const snap = await this.records(workbookId, 'people').where('data.email', 'in', group).get();
      for (const doc of snap.docs) {
        if (doc.get('deleted') === true) continue;
        const data = doc.get('data') as { email: string; manager?: string };
        managers.set(data.email.toLowerCase(), data.manager);
      }
    }
    return managers;
  }

  async saveResults(workbookId: string, changes: readonly ResultChange[], at: DateTime): Promise<{ saved: string[]; conflicts: string[] }> {
    const saved: string[] = [];
    const conflicts: string[] = [];
    const attendance = this.records(workbookId, 'attendance');
    const audit = this.records(workbookId, 'audit');
    const appliedAt = at.toISO()!;
    for (const group of chunk(changes, ROWS_PER_TRANSACTION)) {
      const outcome = await this.db.runTransaction(async (tx) => {
        const snaps = await tx.getAll(...group.map((c) => attendance.doc(c.record.id)));
        const done: string[] = [];
        const moved: string[] = [];
        snaps.forEach((snap, index) => {
          const change = group[index]!;
          // Any write since the read (an edit, another tick) means the result was judged on old values.
          if (!snap.exists || snap.get('deleted') === true || versionOf(snap) !== change.record.version) {
            moved.push(change.record.id);
            return;
          }
          tx.update(snap.ref, { 'data.result': change.result, updatedAt: appliedAt, updatedBy: SYSTEM_ACTOR });
          tx.create(audit.doc(), {
            at: appliedAt,
            actor: SYSTEM_ACTOR,
            action: 'update',
            collection: 'attendance',
            recordId: change.record.id,
            eventId: null,
            reason: 'attendanceResult',
            detail: { from: change.previous, to: change.result },
          });
          done.push(change.record.id);
        });
        return { done, moved };
      });
      saved.push(...outcome.done);
      conflicts.push(...outcome.moved);
    }
    return { saved, conflicts };
  }

  async currentResults(workbookId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const current = new Map<string, string>();
    const attendance = this.records(workbookId, 'attendance');
    for (const group of chunk([...new Set(ids)], ROWS_PER_TRANSACTION)) {
      for (const snap of await this.db.getAll(...group.map((id) => attendance.doc(id)))) {
        if (!snap.exists || snap.get('deleted') === true) continue;
        current.set(snap.id, text(snap.get('data.result')) ?? '');
      }
    }
    return current;
  }

  async markFinalized(workbookId: string, meetingId: string, key: string, revision: number): Promise<boolean> {
    const ref = this.records(workbookId, 'meetings').doc(meetingId);
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      // An attendance row saved or deleted since the pass read the meeting (its transaction raised the revision)
      // was not judged: the meeting stays open and the next tick judges it with that row.
      if (!snap.exists || snap.get('deleted') === true || revisionOf(snap) !== revision) return false;
      tx.update(ref, { attendanceFinalizedFor: key });
      return true;
    });
  }
}
