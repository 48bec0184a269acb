// The canonical records in Firestore, as every other Firestore adapter reaches them. One place owns:
// - the paths: workbooks/{spreadsheetId} (settings, marks) and one subcollection per tab, keyed by the row ID;
// - the soft-delete convention: a deleted row's record stays, with `deleted: true`; lookups skip it;
// - the lookups several consumers share, so edit time and tick time see the same records: people by e-mail,
//   meetings by ID, attendance and agenda rows of meetings (equality on `data.meeting`);
// - Firestore's limits: an `in` filter takes at most 30 values, so lists are queried in groups.
// Also the workbook documents and due items the tick reads (Workbooks, DueWork): indexed `dueAt` range
// queries over the tabs the domain's due table names, never whole collections.
import {
  Timestamp,
  type CollectionReference,
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
} from '@google-cloud/firestore';
import type { DateTime } from 'luxon';
import type { DueItem } from '../domain/mail/due-items.ts';
import type { MeetingProgress } from '../domain/mail/owed-before-meeting.ts';
import { meetingReferences, rosterEntries, rowsOfMeeting } from '../domain/meetings/roster.ts';
import { DUE_TABS } from '../domain/workbook/record-due-fields.ts';
import { getTab } from '../domain/workbook/workbook-schema.ts';
import type { DueWork, PersonEntry, WorkbookEntry, Workbooks } from '../ports/tick-ports.ts';

/** Firestore's `in` filter takes at most 30 values. */
export const IN_FILTER_LIMIT = 30;

export function chunk<T>(items: readonly T[], size: number = IN_FILTER_LIMIT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const toTimestamp = (time: DateTime): Timestamp => Timestamp.fromMillis(time.toMillis());

/** A record deleted in the sheet is kept, marked; every lookup of live records leaves it out. */
export function isLive(snap: DocumentSnapshot): boolean {
  return snap.exists && snap.get('deleted') !== true;
}

/** The row values of a record (`data`), or {} when it has none. */
export function recordData(snap: DocumentSnapshot): Record<string, unknown> {
  return (snap.get('data') as Record<string, unknown> | undefined) ?? {};
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/** An ID that can name a document (a `/` would name a path). */
const isDocumentId = (id: string): boolean => id !== '' && !id.includes('/');

export class FirestoreRecords {
  constructor(readonly db: Firestore) {}

  workbook(workbookId: string): DocumentReference {
    return this.db.collection('workbooks').doc(workbookId);
  }

  collection(workbookId: string, name: string): CollectionReference {
    return this.workbook(workbookId).collection(name);
  }

  /** Live records whose `field` equals one of `values`, queried in groups of the `in` limit. */
  async liveWhereIn(
    workbookId: string,
    collection: string,
    field: string,
    values: readonly unknown[],
  ): Promise<DocumentSnapshot[]> {
    return (await this.whereIn(workbookId, collection, field, values)).filter(isLive);
  }

  /** Records whose `field` equals one of `values`, deleted ones too (callers decide). */
  async whereIn(
    workbookId: string,
    collection: string,
    field: string,
    values: readonly unknown[],
  ): Promise<DocumentSnapshot[]> {
    const found: DocumentSnapshot[] = [];
    for (const group of chunk([...new Set(values)])) {
      const snap = await this.collection(workbookId, collection).where(field, 'in', group).get();
      found.push(...snap.docs);
    }
    return found;
  }

  /**
   * The live People rows for these addresses, in query order (a duplicated row appears twice). Compared in
   * lower case: the People tab stores e-mails in lower case (row-schemas.ts).
   */
  async peopleByEmail(workbookId: string, emails: readonly string[]): Promise<PersonEntry[]> {
    const wanted = emails.map((e) => e.trim().toLowerCase()).filter((e) => e !== '');
    const docs = await this.liveWhereIn(workbookId, 'people', 'data.email', wanted);
    return docs.map((doc) => {
      const data = recordData(doc);
      const email = String(data.email).toLowerCase();
      const language = data.language === 'en' || data.language === 'zh' ? data.language : undefined;
      return {
        email,
        name: text(data.name) ?? email,
        ...(language ? { language } : {}),
        active: data.active !== false,
        ...(typeof data.manager === 'string' ? { manager: data.manager } : {}),
        ...(text(data.role) ? { role: text(data.role)! } : {}),
      };
    });
  }

  /** Lower-case e-mail → the person (the last live row wins when an address is typed twice). */
  async personByEmail(workbookId: string, emails: readonly string[]): Promise<Map<string, PersonEntry>> {
    return new Map((await this.peopleByEmail(workbookId, emails)).map((person) => [person.email, person]));
  }

  /** The meeting records with these IDs (deleted ones too: callers decide), by ID; missing ones left out. */
  async meetingsByIds(workbookId: string, ids: readonly string[]): Promise<Map<string, DocumentSnapshot>> {
    const wanted = [...new Set(ids.filter(isDocumentId))];
    const found = new Map<string, DocumentSnapshot>();
    if (wanted.length === 0) return found;
    const meetings = this.collection(workbookId, 'meetings');
    for (const group of chunk(wanted, 300)) {
      for (const snap of await this.db.getAll(...group.map((id) => meetings.doc(id))))
        if (snap.exists) found.set(snap.id, snap);
    }
    return found;
  }

  /** The live meeting records with these IDs. */
  async liveMeetingsByIds(workbookId: string, ids: readonly string[]): Promise<Map<string, DocumentSnapshot>> {
    const all = await this.meetingsByIds(workbookId, ids);
    return new Map([...all].filter(([, snap]) => isLive(snap)));
  }

  /** The live records of a collection with these IDs (one batched read), by ID; missing and deleted left out. */
  async liveByIds(
    workbookId: string,
    collection: string,
    ids: readonly string[],
  ): Promise<Map<string, DocumentSnapshot>> {
    const wanted = [...new Set(ids.filter(isDocumentId))];
    const found = new Map<string, DocumentSnapshot>();
    const records = this.collection(workbookId, collection);
    for (const group of chunk(wanted, 300)) {
      if (group.length === 0) continue;
      for (const snap of await this.db.getAll(...group.map((id) => records.doc(id))))
        if (isLive(snap)) found.set(snap.id, snap);
    }
    return found;
  }

  /** The live attendance rows naming these meetings (by ID, or by title where a row holds the title). */
  async attendanceOf(workbookId: string, meetingRefs: readonly string[]): Promise<DocumentSnapshot[]> {
    return this.liveWhereIn(workbookId, 'attendance', 'data.meeting', meetingRefs);
  }

  /**
   * The live open actions, by the indexed `dueAt` (a done, cancelled or deleted action carries none), or only those
   * due before `before`: reads grow with the open work, never with the history of closed actions.
   */
  async openActions(workbookId: string, before?: DateTime): Promise<DocumentSnapshot[]> {
    const actions = this.collection(workbookId, 'actions');
    const query = before
      ? actions.where('dueAt', '<', toTimestamp(before))
      : actions.where('dueAt', '>=', Timestamp.fromMillis(0));
    return (await query.get()).docs.filter(isLive);
  }

  /** The live agenda items naming these meetings. */
  async agendaOf(workbookId: string, meetingRefs: readonly string[]): Promise<DocumentSnapshot[]> {
    return this.liveWhereIn(workbookId, 'agendaItems', 'data.meeting', meetingRefs);
  }
}

/** The workbook documents and the items falling due, as the tick reads them. */
export class FirestoreWorkbooks implements Workbooks, DueWork {
  constructor(private readonly records: FirestoreRecords) {}

  async all(): Promise<WorkbookEntry[]> {
    const snap = await this.records.db.collection('workbooks').get();
    return snap.docs.map((d) => ({ id: d.id, data: d.data() }));
  }

  async get(id: string): Promise<WorkbookEntry | undefined> {
    const snap = await this.records.workbook(id).get();
    return snap.exists ? { id: snap.id, data: snap.data() ?? {} } : undefined;
  }

  async markDigestPlanned(id: string, date: string): Promise<void> {
    await this.records.workbook(id).set({ lastDigestDate: date }, { merge: true });
  }

  async dueBetween(workbookId: string, from: DateTime, to: DateTime): Promise<DueItem[]> {
    const items: DueItem[] = [];
    for (const { tab, kind, meetingColumn } of DUE_TABS) {
      const collection = getTab(tab).collection!;
      const snap = await this.records
        .collection(workbookId, collection)
        .where('dueAt', '>=', toTimestamp(from))
        .where('dueAt', '<=', toTimestamp(to))
        .get();
      for (const doc of snap.docs.filter(isLive)) {
        const dueAt = (doc.get('dueAt') as Timestamp).toDate().toISOString();
        const title = (doc.get('dueTitle') as string | null) ?? doc.id;
        const allDay = doc.get('dueAllDay') === true;
        const meeting = meetingColumn ? text(recordData(doc)[meetingColumn]) : undefined;
        for (const recipient of (doc.get('dueFor') as string[] | undefined) ?? []) {
          items.push({
            kind,
            recordId: `${collection}/${doc.id}`,
            recipient,
            title,
            dueAt,
            ...(allDay ? { allDay: true } : {}),
            ...(meeting ? { meeting: `meetings/${meeting}` } : {}),
          });
        }
      }
    }
    return items;
  }

  async approvedLeaves(
    workbookId: string,
    meetings: ReadonlyArray<{ recordId: string; title: string }>,
  ): Promise<Map<string, Set<string>>> {
    const leaves = new Map<string, Set<string>>();
    if (meetings.length === 0) return leaves;
    const ids = meetings.map((m) => ({ ...m, id: m.recordId.slice('meetings/'.length) }));
    const refs = [...new Set(ids.flatMap((m) => meetingReferences(m.id, m.title)))];
    const rows = (await this.records.attendanceOf(workbookId, refs)).map((doc) => {
      const { meeting, person, leaveApproved, substitute } = recordData(doc);
      return { meeting, person, leaveApproved, substitute };
    });
    for (const meeting of ids) {
      const named = new Set(meetingReferences(meeting.id, meeting.title));
      // The same rows the meeting's notices read (roster.ts): rows naming it by ID win over a shared title.
      const own = rowsOfMeeting(
        rows.filter((row) => named.has(row.meeting as string)),
        meeting.id,
      );
      const away = rosterEntries(own, {}).filter((e) => e.onLeave);
      if (away.length > 0) leaves.set(meeting.recordId, new Set(away.map((e) => e.email)));
    }
    return leaves;
  }

  async meetingProgress(workbookId: string, meetings: readonly string[]): Promise<Map<string, MeetingProgress>> {
    const ids = meetings.filter((m) => m.startsWith('meetings/')).map((m) => m.slice('meetings/'.length));
    const progress = new Map<string, MeetingProgress>();
    for (const [id, doc] of await this.records.meetingsByIds(workbookId, ids)) {
      // `startAt` stays on a deleted record (its `dueAt` does not); records saved before it existed have `data.start`.
      const startAt = doc.get('startAt') as Timestamp | null | undefined;
      const start = startAt ? startAt.toDate().toISOString() : (text(recordData(doc).start) ?? null);
      progress.set(`meetings/${id}`, { startAt: start, deleted: !isLive(doc) });
    }
    return progress;
  }

  peopleByEmail(workbookId: string, emails: readonly string[]): Promise<PersonEntry[]> {
    return this.records.peopleByEmail(workbookId, emails);
  }
}
