// Reads what the meeting-notice rule needs from the canonical records, with indexed queries only: the
// meetings starting within the notice window (a range query on `dueAt`, which is a meeting's start), the
// deleted meetings whose cancellation is still to be sent (`cancelPending == true`), and for each of those
// its agenda items and attendance rows (equality on `data.meeting`) and the people on its roster. Reads grow
// with the meetings in the window, never with the size of the archive. Also stores the version attendees
// were last notified of on the meeting record.
import { FieldValue, Timestamp, type DocumentSnapshot, type Firestore } from '@google-cloud/firestore';
import type { DateTime } from 'luxon';
import type { MeetingForNotices, NoticeAgendaItem, NotifiedVersion, RosterMember } from '../domain/meetings/meeting-notices.ts';
import { IN_FILTER_LIMIT, chunk } from './firestore-batches.ts';

/** Firestore's `in` filter takes at most 30 values. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

export interface MeetingNoticeWork {
  meeting: MeetingForNotices;
  agenda: NoticeAgendaItem[];
  roster: RosterMember[];
  previous?: NotifiedVersion;
  /** The record is deleted and its cancellation has not been planned yet. */
  cancelPending: boolean;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function email(value: unknown): string | undefined {
  const v = text(value)?.trim().toLowerCase();
  return v && EMAIL.test(v) ? v : undefined;
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

export class FirestoreMeetings {
  constructor(private readonly db: Firestore) {}

  private records(workbookId: string, collection: string) {
    return this.db.collection('workbooks').doc(workbookId).collection(collection);
  }

  /** Meetings starting in [from, to] and deleted meetings with a cancellation pending, with agenda and roster. */
  async meetingsForNotices(workbookId: string, from: DateTime, to: DateTime): Promise<MeetingNoticeWork[]> {
    const meetings = this.records(workbookId, 'meetings');
    const [window, cancelled] = await Promise.all([
      meetings.where('dueAt', '>=', Timestamp.fromMillis(from.toMillis())).where('dueAt', '<=', Timestamp.fromMillis(to.toMillis())).get(),
      meetings.where('cancelPending', '==', true).get(),
    ]);
    const docs = new Map<string, DocumentSnapshot>();
    for (const doc of window.docs) if (doc.get('deleted') !== true) docs.set(doc.id, doc);
    for (const doc of cancelled.docs) docs.set(doc.id, doc);
    return this.works(workbookId, [...docs.values()]);
  }

  /** One meeting's notice work ("Send notice now"); undefined when no such record exists. */
  async noticeWork(workbookId: string, meetingId: string): Promise<MeetingNoticeWork | undefined> {
    if (meetingId.includes('/')) return undefined;
    const doc = await this.records(workbookId, 'meetings').doc(meetingId).get();
    if (!doc.exists) return undefined;
    return (await this.works(workbookId, [doc]))[0];
  }

  /** Each meeting with its agenda, roster (people looked up once for all) and last notified version. */
  private async works(workbookId: string, docs: readonly DocumentSnapshot[]): Promise<MeetingNoticeWork[]> {
    const partial = await Promise.all(
      docs.map(async (doc) => {
        const data = (doc.get('data') as Record<string, unknown> | undefined) ?? {};
        const id = doc.id;
        // Agenda and attendance rows name their meeting by ID; a row that holds the title is accepted too.
        const refs = [...new Set([id, text(data.title)].filter((v): v is string => v !== undefined))];
        const [agendaSnap, attendanceSnap] = await Promise.all([
          this.records(workbookId, 'agendaItems').where('data.meeting', 'in', refs).get(),
          this.records(workbookId, 'attendance').where('data.meeting', 'in', refs).get(),
        ]);
        // Rows that name the meeting by ID win; rows naming it by title count only when none names it by ID
        // (a title can be shared, e.g. by every meeting of a weekly series).
        const byRef = (snaps: DocumentSnapshot[]) => {
          const live = snaps.filter((s) => s.get('deleted') !== true);
          const byId = live.filter((s) => (s.get('data') as Record<string, unknown> | undefined)?.meeting === id);
          return byId.length > 0 ? byId : live;
        };
        const agenda: NoticeAgendaItem[] = [];
        for (const item of byRef(agendaSnap.docs)) {
          const row = (item.get('data') as Record<string, unknown> | undefined) ?? {};
          const topic = text(row.topic);
          if (topic === undefined) continue;
          agenda.push({
            id: item.id,
            order: typeof row.order === 'number' ? row.order : Number(row.order ?? 0),
            topic,
            ...(email(row.presenter) ? { presenter: email(row.presenter)! } : {}),
            ...(typeof row.minutesAllotted === 'number' ? { minutesAllotted: row.minutesAllotted } : {}),
            ...(text(row.materialLink) ? { materialLink: text(row.materialLink)! } : {}),
            ...(text(row.materialDue) ? { materialDue: text(row.materialDue)! } : {}),
          });
        }
        const attendees = byRef(attendanceSnap.docs).map((a) => email((a.get('data') as Record<string, unknown> | undefined)?.person));
        let rosterEmails = attendees.filter((e): e is string => e !== undefined);
        // No attendance rows yet: the roster is the host and the recorder (the record's dueFor holds them).
        if (rosterEmails.length === 0) {
          rosterEmails = [email(data.host), email(data.recorder), ...((doc.get('dueFor') as unknown[] | undefined) ?? []).map(email)].filter((e): e is string => e !== undefined);
        }
        const start = text(data.start) ?? '';
        const previous = parseNotified(doc.get('notified'));
        return {
          id,
          data,
          start,
          hostEmail: email(data.host) ?? rosterEmails[0] ?? '',
          rosterEmails: [...new Set(rosterEmails)],
          agenda,
          previous,
          deleted: doc.get('deleted') === true,
          cancelPending: doc.get('cancelPending') === true,
        };
      }),
    );

    const people = await this.peopleByEmail(workbookId, partial.flatMap((p) => [...p.rosterEmails, p.hostEmail, ...p.agenda.map((a) => a.presenter ?? '')]));
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
      const roster: RosterMember[] = p.rosterEmails.map((address) => {
        const person = people.get(address);
        // Someone not on the People tab gets no mail (like the digest): unknown means inactive here.
        return { email: address, name: person?.name ?? address, ...(person?.language ? { language: person.language } : {}), active: person ? person.active : false };
      });
      const agenda = p.agenda.map((item) => (item.presenter && people.has(item.presenter) ? { ...item, presenterName: people.get(item.presenter)!.name } : item));
      return { meeting, agenda, roster, ...(p.previous ? { previous: p.previous } : {}), cancelPending: p.cancelPending };
    });
  }

  private async peopleByEmail(workbookId: string, emails: readonly string[]): Promise<Map<string, { name: string; language?: 'zh' | 'en'; active: boolean }>> {
    const unique = [...new Set(emails.filter((e) => e !== ''))];
    const found = new Map<string, { name: string; language?: 'zh' | 'en'; active: boolean }>();
    for (const group of chunk(unique, IN_FILTER_LIMIT)) {
      const snap = await this.records(workbookId, 'people').where('data.email', 'in', group).get();
      for (const doc of snap.docs) {
        if (doc.get('deleted') === true) continue;
        const data = doc.get('data') as Record<string, unknown>;
        const address = String(data.email).toLowerCase();
        const language = data.language === 'en' || data.language === 'zh' ? data.language : undefined;
        found.set(address, { name: text(data.name) ?? address, ...(language ? { language } : {}), active: data.active !== false });
      }
    }
    return found;
  }

  /** Records the version attendees were notified of; a cancellation also clears the pending flag. */
  async storeNotified(workbookId: string, meetingId: string, version: NotifiedVersion | undefined, options: { clearCancelPending: boolean }): Promise<void> {
    const fields: Record<string, unknown> = {};
    if (version) fields.notified = version;
    if (options.clearCancelPending) fields.cancelPending = FieldValue.delete();
    if (Object.keys(fields).length === 0) return;
    await this.records(workbookId, 'meetings').doc(meetingId).update(fields);
  }
}
