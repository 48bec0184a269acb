// Minutes in Firestore, on the records layer: the records a meeting's minutes are made from (the meeting, its
// attendance, agenda and Minutes rows, its Actions, and its series' meetings and actions for the review), and
// one state record per meeting at workbooks/{id}/minutesStates/{meetingId} holding the MinutesState (version,
// document, window, answers), its phase for the tick's query, and the finalize lease.
import type { DocumentSnapshot } from '@google-cloud/firestore';
import { Timestamp } from '@google-cloud/firestore';
import type { DateTime } from 'luxon';
import type { Lang } from '../domain/messages.ts';
import { meetingReferences } from '../domain/meetings/roster.ts';
import type { MinutesState } from '../domain/minutes/minutes-confirmation-rules.ts';
import {
  type MinutesPersonEntry,
  type MinutesRecords,
  type StoredRecord,
  namedAddresses,
} from '../domain/minutes/minutes-sources.ts';
import type { MinutesStore } from '../ports/minutes-ports.ts';
import { type FirestoreRecords, isLive, recordData, toTimestamp } from './firestore-records.ts';

/** workbooks/{id}/minutesStates/{meetingId}: one minutes state record per meeting (also read at edit time). */
export const MINUTES_STATES = 'minutesStates';

const stored = (snap: DocumentSnapshot): StoredRecord => ({ id: snap.id, data: recordData(snap) });
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

export class FirestoreMinutes implements MinutesStore {
  constructor(private readonly layer: FirestoreRecords) {}

  private stateRef(workbookId: string, meetingId: string) {
    return this.layer.collection(workbookId, MINUTES_STATES).doc(meetingId);
  }

  async records(workbookId: string, meetingId: string): Promise<MinutesRecords | undefined> {
    const meeting = (await this.layer.liveMeetingsByIds(workbookId, [meetingId])).get(meetingId);
    if (!meeting) return undefined;
    const data = recordData(meeting);
    const refs = meetingReferences(meetingId, data.title);
    const series = text(data.series);
    const [attendance, agenda, lines, actions, seriesMeetings] = await Promise.all([
      this.layer.attendanceOf(workbookId, refs),
      this.layer.agendaOf(workbookId, refs),
      this.layer.liveWhereIn(workbookId, 'minutes', 'data.meeting', refs),
      this.layer.liveWhereIn(workbookId, 'actions', 'data.sourceMeeting', [meetingId]),
      series ? this.layer.liveWhereIn(workbookId, 'meetings', 'data.series', [series]) : Promise.resolve([]),
    ]);
    const others = seriesMeetings.filter((m) => m.id !== meetingId);
    const seriesActions =
      others.length > 0
        ? await this.layer.liveWhereIn(
            workbookId,
            'actions',
            'data.sourceMeeting',
            others.map((m) => m.id),
          )
        : [];
    const found = {
      meeting: stored(meeting),
      attendance: attendance.map(stored),
      agenda: agenda.map(stored),
      lines: lines.map(stored),
      actions: actions.map(stored),
      seriesMeetings: others.map(stored),
      seriesActions: seriesActions.map(stored),
    };
    const people = new Map<string, MinutesPersonEntry>();
    for (const person of await this.layer.peopleByEmail(workbookId, namedAddresses(found))) {
      // An address on several rows counts as active if one of them is.
      const active = person.active || people.get(person.email)?.active === true;
      people.set(person.email, {
        name: person.name,
        active,
        ...(person.language ? { language: person.language } : {}),
      });
    }
    return { ...found, people };
  }

  async languages(workbookId: string, emails: readonly string[]): Promise<Map<string, Lang>> {
    const people = await this.layer.peopleByEmail(workbookId, emails);
    return new Map(people.flatMap((p) => (p.language ? [[p.email, p.language] as const] : [])));
  }

  async state(workbookId: string, meetingId: string): Promise<MinutesState | undefined> {
    const snap = await this.stateRef(workbookId, meetingId).get();
    return snap.exists ? (snap.get('state') as MinutesState | undefined) : undefined;
  }

  async rememberedDocument(workbookId: string, meetingId: string): Promise<string | undefined> {
    const snap = await this.stateRef(workbookId, meetingId).get();
    return snap.exists ? text(snap.get('documentId')) : undefined;
  }

  async rememberDocument(workbookId: string, meetingId: string, documentId: string): Promise<void> {
    await this.stateRef(workbookId, meetingId).set({ documentId }, { merge: true });
  }

  async saveState(workbookId: string, state: MinutesState): Promise<void> {
    await this.stateRef(workbookId, state.meetingId).set(
      { state, phase: state.phase },
      { mergeFields: ['state', 'phase'] },
    );
  }

  async updateState<T>(
    workbookId: string,
    meetingId: string,
    change: (current: MinutesState | undefined) => { state?: MinutesState; result: T },
  ): Promise<T> {
    const ref = this.stateRef(workbookId, meetingId);
    return this.layer.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const current = snap.exists ? (snap.get('state') as MinutesState | undefined) : undefined;
      const { state, result } = change(current);
      if (state) tx.set(ref, { state, phase: state.phase }, { mergeFields: ['state', 'phase'] });
      return result;
    });
  }

  async awaitingConfirmation(workbookId: string): Promise<MinutesState[]> {
    const snap = await this.layer.collection(workbookId, MINUTES_STATES).where('phase', '==', 'distributed').get();
    return snap.docs.map((doc) => doc.get('state') as MinutesState).filter((s) => s !== undefined);
  }

  async startedBetween(
    workbookId: string,
    from: DateTime,
    to: DateTime,
  ): Promise<Array<{ id: string; end: string; lines: number }>> {
    const snap = await this.layer
      .collection(workbookId, 'meetings')
      .where('dueAt', '>=', toTimestamp(from))
      .where('dueAt', '<=', toTimestamp(to))
      .get();
    const meetings = snap.docs.filter(isLive).flatMap((doc) => {
      const end = text(recordData(doc).end);
      return end ? [{ id: doc.id, end }] : [];
    });
    if (meetings.length === 0) return [];
    // Lines naming the meetings by ID (a line typed with the title is found when the meeting is finalized).
    const counts = new Map<string, number>();
    for (const line of await this.layer.liveWhereIn(
      workbookId,
      'minutes',
      'data.meeting',
      meetings.map((m) => m.id),
    )) {
      const meeting = String(recordData(line).meeting);
      counts.set(meeting, (counts.get(meeting) ?? 0) + 1);
    }
    return meetings.map((m) => ({ ...m, lines: counts.get(m.id) ?? 0 }));
  }

  async statesOf(workbookId: string, meetingIds: readonly string[]): Promise<Map<string, MinutesState>> {
    const found = new Map<string, MinutesState>();
    const ids = [...new Set(meetingIds)].filter((id) => id !== '' && !id.includes('/'));
    if (ids.length === 0) return found;
    for (const snap of await this.layer.db.getAll(...ids.map((id) => this.stateRef(workbookId, id)))) {
      const state = snap.exists ? (snap.get('state') as MinutesState | undefined) : undefined;
      if (state) found.set(snap.id, state);
    }
    return found;
  }

  async lease(workbookId: string, meetingId: string, owner: string, now: DateTime, until: DateTime): Promise<boolean> {
    const ref = this.stateRef(workbookId, meetingId);
    return this.layer.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const holder = snap.exists ? (snap.get('leaseOwner') as string | null | undefined) : undefined;
      const expires = snap.exists ? (snap.get('leaseUntil') as Timestamp | null | undefined) : undefined;
      if (holder && holder !== owner && expires && expires.toMillis() > now.toMillis()) return false;
      tx.set(ref, { leaseOwner: owner, leaseUntil: Timestamp.fromMillis(until.toMillis()) }, { merge: true });
      return true;
    });
  }

  async release(workbookId: string, meetingId: string, owner: string): Promise<void> {
    const ref = this.stateRef(workbookId, meetingId);
    await this.layer.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (snap.exists && snap.get('leaseOwner') === owner)
        tx.set(ref, { leaseOwner: null, leaseUntil: null }, { merge: true });
    });
  }
}
