// Meetings as the tick and "Send notice now" read them, through the records layer (firestore-records.ts),
// with indexed queries only.
// - Notices: the meetings starting within the notice window (a range query on `dueAt`, which is a meeting's
//   start), the deleted meetings whose cancellation is still to be sent (`cancelPending == true`), and for each
//   its agenda items, attendance rows and the people on its roster (domain/meetings/roster.ts decides who that
//   is). Also stores the version attendees were last notified of on the meeting record.
// - Attendance results: meetings started in the lookback, their attendance rows, the managers of people on
//   leave. Results are saved field by field (sheetEdit also upserts these documents, so they are never
//   overwritten whole), each only if its record has not changed since it was read, with an audit entry. A
//   meeting is marked finalised only if its `attendanceRevision` (raised by every attendance save or deletion
//   for it, in the edit's own transaction: firestore-sheet-edits.ts) is the one read with the meeting.
// Reads grow with the meetings in the window, never with the size of the archive.
import { FieldValue, type DocumentSnapshot } from '@google-cloud/firestore';
import type { DateTime } from 'luxon';
import type { MeetingForNotices, NoticeAgendaItem, NotifiedVersion } from '../domain/meetings/meeting-notices.ts';
import {
  meetingReferences,
  type RosterEntry,
  rosterEmail,
  rosterEntries,
  rosterMembers,
  rowsOfMeeting,
} from '../domain/meetings/roster.ts';
import type { AttendanceResults, ResultChange, StartedMeeting, StoredAttendance } from '../ports/attendance-ports.ts';
import type { MeetingNoticeWork, MeetingNotices } from '../ports/meeting-ports.ts';
import { carriedOverActions, isReviewItem } from '../domain/minutes/carry-over.ts';
import { openActionOf } from './firestore-actions.ts';
import { type FirestoreRecords, chunk, isLive, recordData, toTimestamp } from './firestore-records.ts';

/** Rows per transaction: each is one update and one audit entry, well inside commit limits. */
const ROWS_PER_TRANSACTION = 100;
/** Who the audit log names for changes the system makes on its own. */
export const SYSTEM_ACTOR = 'system';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function parseNotified(value: unknown): NotifiedVersion | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.start !== 'string' || typeof v.end !== 'string' || typeof v.sequence !== 'number') return undefined;
  return {
    start: v.start,
    end: v.end,
    ...(typeof v.venue === 'string' ? { venue: v.venue } : {}),
    sequence: v.sequence,
    ...(v.cancelled === true ? { cancelled: true } : {}),
    ...(typeof v.noticeDate === 'string' ? { noticeDate: v.noticeDate } : {}),
  };
}

function agendaItem(doc: DocumentSnapshot): NoticeAgendaItem | undefined {
  const row = recordData(doc);
  const topic = text(row.topic);
  if (topic === undefined) return undefined;
  const presenter = rosterEmail(row.presenter);
  return {
    id: doc.id,
    order: typeof row.order === 'number' ? row.order : Number(row.order ?? 0),
    topic,
    ...(presenter ? { presenter } : {}),
    ...(typeof row.minutesAllotted === 'number' ? { minutesAllotted: row.minutesAllotted } : {}),
    ...(text(row.materialLink) ? { materialLink: text(row.materialLink)! } : {}),
    ...(text(row.materialDue) ? { materialDue: text(row.materialDue)! } : {}),
  };
}

const withMeeting = (doc: DocumentSnapshot) => ({ doc, meeting: recordData(doc).meeting });

export class FirestoreMeetings implements MeetingNotices {
  constructor(private readonly records: FirestoreRecords) {}

  /**
   * The agenda with the open actions of the series' earlier meetings on its review item (carry-over.ts decides
   * which). Reads grow with the open work, not with the series' history: the open actions by the indexed `dueAt`
   * (a closed action has none), then their source meetings by ID. Nothing is read for a meeting outside a series
   * or without a review item.
   */
  private async withCarriedOver(
    workbookId: string,
    meeting: { id: string; start: string; data: Record<string, unknown> },
    agenda: NoticeAgendaItem[],
  ): Promise<NoticeAgendaItem[]> {
    const series = text(meeting.data.series);
    if (!series || !agenda.some((item) => isReviewItem(item.topic))) return agenda;
    const actions = (await this.records.openActions(workbookId)).flatMap((doc) => {
      const action = openActionOf(doc);
      return action?.sourceMeeting ? [{ ...action, sourceMeeting: action.sourceMeeting }] : [];
    });
    if (actions.length === 0) return agenda;
    const sources = await this.records.liveMeetingsByIds(
      workbookId,
      actions.map((a) => a.sourceMeeting),
    );
    const meetings = [...sources.values()].map((doc) => {
      const data = recordData(doc);
      return {
        id: doc.id,
        start: text(data.start) ?? '',
        ...(text(data.series) ? { series: text(data.series)! } : {}),
      };
    });
    const carried = carriedOverActions({ id: meeting.id, series, start: meeting.start }, meetings, actions);
    if (carried.length === 0) return agenda;
    return agenda.map((item) => (isReviewItem(item.topic) ? { ...item, carriedOver: carried } : item));
  }

  /** Meetings starting in [from, to] and deleted meetings with a cancellation pending, with agenda and roster. */
  async meetingsForNotices(workbookId: string, from: DateTime, to: DateTime): Promise<MeetingNoticeWork[]> {
    const meetings = this.records.collection(workbookId, 'meetings');
    const [window, cancelled] = await Promise.all([
      meetings.where('dueAt', '>=', toTimestamp(from)).where('dueAt', '<=', toTimestamp(to)).get(),
      meetings.where('cancelPending', '==', true).get(),
    ]);
    const docs = new Map<string, DocumentSnapshot>();
    for (const doc of window.docs.filter(isLive)) docs.set(doc.id, doc);
    for (const doc of cancelled.docs) docs.set(doc.id, doc);
    return this.works(workbookId, [...docs.values()]);
  }

  /** One meeting's notice work ("Send notice now"); undefined when no such record exists. */
  async noticeWork(workbookId: string, meetingId: string): Promise<MeetingNoticeWork | undefined> {
    const doc = (await this.records.meetingsByIds(workbookId, [meetingId])).get(meetingId);
    if (!doc) return undefined;
    return (await this.works(workbookId, [doc]))[0];
  }

  /** Each meeting with its agenda, roster (people looked up once for all) and last notified version. */
  private async works(workbookId: string, docs: readonly DocumentSnapshot[]): Promise<MeetingNoticeWork[]> {
    const partial = await Promise.all(
      docs.map(async (doc) => {
        const data = recordData(doc);
        const id = doc.id;
        const refs = meetingReferences(id, data.title);
        const [agendaDocs, attendanceDocs] = await Promise.all([
          this.records.agendaOf(workbookId, refs),
          this.records.attendanceOf(workbookId, refs),
        ]);
        const listed = rowsOfMeeting(agendaDocs.map(withMeeting), id)
          .map(({ doc: item }) => agendaItem(item))
          .filter((item): item is NoticeAgendaItem => item !== undefined);
        const agenda = await this.withCarriedOver(workbookId, { id, start: text(data.start) ?? '', data }, listed);
        const attendees = rowsOfMeeting(attendanceDocs.map(withMeeting), id).map(({ doc: row }) => {
          const { person, leaveApproved, substitute } = recordData(row);
          return { person, leaveApproved, substitute };
        });
        const organisers = {
          host: data.host,
          recorder: data.recorder,
          dueFor: (doc.get('dueFor') as unknown[] | undefined) ?? [],
        };
        const roster: RosterEntry[] = rosterEntries(attendees, organisers);
        return {
          id,
          data,
          start: text(data.start) ?? '',
          hostEmail: rosterEmail(data.host) ?? roster[0]?.email ?? '',
          roster,
          agenda,
          previous: parseNotified(doc.get('notified')),
          deleted: doc.get('deleted') === true,
          cancelPending: doc.get('cancelPending') === true,
        };
      }),
    );

    const addresses = partial.flatMap((p) => [
      ...p.roster.map((entry) => entry.email),
      p.hostEmail,
      ...p.agenda.map((a) => a.presenter ?? ''),
    ]);
    const people = await this.records.personByEmail(workbookId, addresses);
    return partial.map((p) => {
      const nameOf = (address: string) => people.get(address)?.name ?? address;
      const meeting: MeetingForNotices = {
        id: p.id,
        type: text(p.data.type) ?? '',
        title: text(p.data.title) ?? p.id,
        start: p.start,
        // `end` is required on the Meetings tab; a record without one is treated as a meeting of no length.
        end: text(p.data.end) ?? p.start,
        ...(text(p.data.venue) !== undefined ? { venue: text(p.data.venue)! } : {}),
        host: { email: p.hostEmail, name: nameOf(p.hostEmail) },
        ...(text(p.data.lodging) !== undefined ? { lodging: text(p.data.lodging)! } : {}),
        ...(p.deleted ? { cancelled: true } : {}),
      };
      const roster = rosterMembers(p.roster, people);
      const agenda = p.agenda.map((item) =>
        item.presenter && people.has(item.presenter)
          ? { ...item, presenterName: people.get(item.presenter)!.name }
          : item,
      );
      return {
        meeting,
        agenda,
        roster,
        ...(p.previous ? { previous: p.previous } : {}),
        cancelPending: p.cancelPending,
      };
    });
  }

  /** Records the version attendees were notified of; a cancellation also clears the pending flag. */
  async storeNotified(
    workbookId: string,
    meetingId: string,
    version: NotifiedVersion | undefined,
    options: { clearCancelPending: boolean },
  ): Promise<void> {
    const fields: Record<string, unknown> = {};
    if (version) fields.notified = version;
    if (options.clearCancelPending) fields.cancelPending = FieldValue.delete();
    if (Object.keys(fields).length === 0) return;
    await this.records.collection(workbookId, 'meetings').doc(meetingId).update(fields);
  }
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

export class FirestoreAttendanceResults implements AttendanceResults {
  constructor(private readonly records: FirestoreRecords) {}

  private get db() {
    return this.records.db;
  }

  private collection(workbookId: string, name: string) {
    return this.records.collection(workbookId, name);
  }

  async startedBetween(workbookId: string, from: DateTime, to: DateTime): Promise<StartedMeeting[]> {
    const snap = await this.collection(workbookId, 'meetings')
      .where('dueAt', '>=', toTimestamp(from))
      .where('dueAt', '<=', toTimestamp(to))
      .get();
    const meetings: StartedMeeting[] = [];
    for (const doc of snap.docs.filter(isLive)) {
      const data = recordData(doc);
      const start = text(data.start);
      const end = text(data.end);
      // A meeting without both times cannot judge anyone (its rows were refused when typed).
      if (start === undefined || end === undefined) continue;
      const finalizedFor = text(doc.get('attendanceFinalizedFor'));
      const revision = revisionOf(doc);
      meetings.push({
        id: doc.id,
        start,
        end,
        revision,
        ...(text(data.host) ? { host: text(data.host)! } : {}),
        ...(finalizedFor ? { finalizedFor } : {}),
      });
    }
    return meetings;
  }

  async attendanceOf(workbookId: string, meetingIds: readonly string[]): Promise<Map<string, StoredAttendance[]>> {
    const byMeeting = new Map<string, StoredAttendance[]>();
    for (const doc of await this.records.attendanceOf(workbookId, meetingIds)) {
      const data = recordData(doc);
      const meeting = String(data.meeting);
      byMeeting.set(meeting, [...(byMeeting.get(meeting) ?? []), { id: doc.id, data, version: versionOf(doc) }]);
    }
    return byMeeting;
  }

  async managersOf(workbookId: string, emails: readonly string[]): Promise<Map<string, string | undefined>> {
    // The same lookup the Attendance rules use when an edit is checked (firestore-rule-context.ts).
    const managers = new Map<string, string | undefined>();
    for (const person of await this.records.peopleByEmail(workbookId, emails))
      managers.set(person.email, person.manager);
    return managers;
  }

  async saveResults(
    workbookId: string,
    changes: readonly ResultChange[],
    at: DateTime,
  ): Promise<{ saved: string[]; conflicts: string[] }> {
    const saved: string[] = [];
    const conflicts: string[] = [];
    const attendance = this.collection(workbookId, 'attendance');
    const audit = this.collection(workbookId, 'audit');
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
    const attendance = this.collection(workbookId, 'attendance');
    for (const group of chunk([...new Set(ids)], ROWS_PER_TRANSACTION)) {
      for (const snap of await this.db.getAll(...group.map((id) => attendance.doc(id)))) {
        if (!snap.exists || snap.get('deleted') === true) continue;
        current.set(snap.id, text(snap.get('data.result')) ?? '');
      }
    }
    return current;
  }

  async markFinalized(workbookId: string, meetingId: string, key: string, revision: number): Promise<boolean> {
    const ref = this.collection(workbookId, 'meetings').doc(meetingId);
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
