// What series generation keeps in Firestore: the templates (live meetings with a Recurrence, one indexed
// inequality query), the starts a series already has (meetings by series key from a given time, and one claim
// per occurrence under workbooks/{id}/seriesOccurrences).
//
// A meeting's start is found by `startAt`, which a deletion keeps (it clears `dueAt`): a week someone deleted,
// a hand-typed one included, stays cancelled. Records saved before `startAt` existed are still found by
// `dueAt` while they are live. Composite indexes: data.series + startAt, data.series + dueAt, seriesKey + start.
//
// A claim is created with create() before any row is written, so two ticks never both create an occurrence.
// Its states: "pending" still needs its rows; "awaitingMeeting" had its meeting row refused (an inactive host)
// and waits for the user to fix the row before its review item and roster are written; "written" and
// "skipped" are settled. Pending and waiting claims are found by an equality query on `state` (few: a claim
// leaves them within the horizon). A lease (like the outbox's) names one tick as the claim's writer; that
// tick checks in a transaction that it still owns the lease right before it appends rows and when it settles,
// so a tick that stalled past its lease writes nothing for a claim another tick took over. Claims are kept
// after the rows are written: an occurrence someone deleted from the sheet is not created again. A written
// claim is leased again (same lease, state stays "written") while roster rows its template gained since are
// added to its week; `rosterOffered` remembers whom the series wrote a roster row for, so nobody is offered
// twice. Those weeks are found by the seriesKey + start index, their roster records by `data.meeting`.
import { type DocumentSnapshot, FieldValue, Timestamp } from '@google-cloud/firestore';
import { DateTime } from 'luxon';
import type { PlannedOccurrence } from '../domain/meetings/meeting-series.ts';
import type { MeetingRecordView, TemplateRosterMember } from '../domain/meetings/series-rows.ts';
import { occurrenceClaimId } from '../domain/meetings/series-rows.ts';
import type {
  ClaimOutcome,
  LeasableClaimState,
  MeetingRecordState,
  OccurrenceClaim,
  OpenClaimState,
  SeriesClaims,
} from '../ports/meeting-ports.ts';
import { type FirestoreRecords, chunk, isLive, recordData } from './firestore-records.ts';

export type { ClaimOutcome, MeetingRecordState, OccurrenceClaim, OpenClaimState };

export const SERIES_LEASE_MINUTES = 5;

function claimOf(doc: DocumentSnapshot, state: LeasableClaimState): OccurrenceClaim {
  const offered = doc.get('rosterOffered') as string[] | undefined;
  return {
    id: doc.id,
    templateId: doc.get('templateId') as string,
    occurrence: doc.get('occurrence') as PlannedOccurrence,
    state,
    ...(offered ? { rosterOffered: offered } : {}),
  };
}
/** Claims re-checked per transaction (each is one read and one write). */
const CLAIMS_PER_TRANSACTION = 100;

export class FirestoreSeries implements SeriesClaims {
  constructor(private readonly store: FirestoreRecords) {}

  private get db() {
    return this.store.db;
  }

  private records(workbookId: string, collection: string) {
    return this.store.collection(workbookId, collection);
  }

  /** Live meetings whose Recurrence cell is filled. */
  async templates(workbookId: string): Promise<MeetingRecordView[]> {
    const snap = await this.records(workbookId, 'meetings').where('data.recurrence', '>', '').get();
    return snap.docs.filter(isLive).map((d) => ({ id: d.id, data: recordData(d) }));
  }

  /**
   * Starts (ISO) the series already has from `from` on: its meetings (deleted ones too: a cancelled week stays
   * cancelled) and its claimed occurrences.
   */
  async existingStarts(workbookId: string, seriesKey: string, from: DateTime): Promise<string[]> {
    const meetings = this.records(workbookId, 'meetings').where('data.series', '==', seriesKey);
    const since = Timestamp.fromMillis(from.toMillis());
    const [byStart, byDue, claims] = await Promise.all([
      meetings.where('startAt', '>=', since).get(),
      // Live records saved before startAt existed (a deleted one of those is not found: it has neither field).
      meetings.where('dueAt', '>=', since).get(),
      this.records(workbookId, 'seriesOccurrences')
        .where('seriesKey', '==', seriesKey)
        .where('start', '>=', from.toUTC().toISO()!)
        .get(),
    ]);
    const starts: string[] = [];
    for (const doc of [...byStart.docs, ...byDue.docs]) {
      const start = (doc.get('data') as Record<string, unknown> | undefined)?.start;
      if (typeof start === 'string') starts.push(start);
    }
    for (const doc of claims.docs) starts.push(doc.get('occurrence.start') as string);
    return starts;
  }

  /** True when this call created the claim; false when the occurrence was claimed before. */
  async claim(workbookId: string, templateId: string, occurrence: PlannedOccurrence, now: DateTime): Promise<boolean> {
    const ref = this.records(workbookId, 'seriesOccurrences').doc(occurrenceClaimId(occurrence.occurrenceKey));
    try {
      await ref.create({
        seriesKey: occurrence.seriesKey,
        occurrenceKey: occurrence.occurrenceKey,
        // UTC ISO, so string order is time order for the range query above.
        start: DateTime.fromISO(occurrence.start).toUTC().toISO()!,
        templateId,
        occurrence,
        state: 'pending',
        leaseUntil: null,
        leaseOwner: null,
        createdAt: Timestamp.fromMillis(now.toMillis()),
      });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 6) return false; // ALREADY_EXISTS
      throw error;
    }
  }

  /** The claims in `state`, read without taking them (an equality query on state). */
  async claimsIn(workbookId: string, state: OpenClaimState): Promise<OccurrenceClaim[]> {
    const snap = await this.records(workbookId, 'seriesOccurrences').where('state', '==', state).get();
    return snap.docs.map((doc) => claimOf(doc, state));
  }

  /** The series' written claims starting after `from` (the seriesKey + start index; a few weeks' worth). */
  async writtenClaimsFrom(workbookId: string, seriesKey: string, from: DateTime): Promise<OccurrenceClaim[]> {
    const snap = await this.records(workbookId, 'seriesOccurrences')
      .where('seriesKey', '==', seriesKey)
      .where('start', '>', from.toUTC().toISO()!)
      .get();
    return snap.docs.filter((doc) => doc.get('state') === 'written').map((doc) => claimOf(doc, 'written'));
  }

  /** The people on the template's live Attendance rows (by its ID), each once, with their People status. */
  async templateRoster(workbookId: string, templateId: string): Promise<TemplateRosterMember[]> {
    const emails: string[] = [];
    for (const doc of await this.store.attendanceOf(workbookId, [templateId])) {
      const person = recordData(doc).person;
      if (typeof person !== 'string' || person.trim() === '') continue;
      const email = person.trim().toLowerCase();
      if (!emails.includes(email)) emails.push(email);
    }
    const people = await this.store.personByEmail(workbookId, emails);
    return emails.map((email) => ({ email, active: people.get(email)?.active ?? false }));
  }

  /** Per meeting ID, its Attendance records' IDs and people, deleted ones too (taken off by hand). */
  async weekRosters(
    workbookId: string,
    meetingIds: readonly string[],
  ): Promise<Map<string, { ids: string[]; people: string[] }>> {
    const rosters = new Map<string, { ids: string[]; people: string[] }>(
      meetingIds.map((id) => [id, { ids: [], people: [] }]),
    );
    for (const doc of await this.store.whereIn(workbookId, 'attendance', 'data.meeting', meetingIds)) {
      const { meeting, person } = recordData(doc);
      const roster = rosters.get(String(meeting));
      if (!roster) continue;
      roster.ids.push(doc.id);
      if (typeof person === 'string' && person.trim() !== '') roster.people.push(person.trim().toLowerCase());
    }
    return rosters;
  }

  /** Pending claims this caller now holds a lease on (others are being written by someone else). */
  async leasePending(workbookId: string, now: DateTime, owner: string): Promise<OccurrenceClaim[]> {
    return this.lease(workbookId, await this.claimsIn(workbookId, 'pending'), now, owner);
  }

  /** Of `claims`, those this caller now holds a lease on: still in the state they were read in, and not leased. */
  async lease(
    workbookId: string,
    claims: readonly OccurrenceClaim[],
    now: DateTime,
    owner: string,
  ): Promise<OccurrenceClaim[]> {
    const collection = this.records(workbookId, 'seriesOccurrences');
    const leased: OccurrenceClaim[] = [];
    for (const claim of claims) {
      const ref = collection.doc(claim.id);
      const won = await this.db.runTransaction(async (tx) => {
        const fresh = await tx.get(ref);
        const lease = fresh.get('leaseUntil') as Timestamp | null | undefined;
        if (fresh.get('state') !== claim.state || (lease && lease.toMillis() > now.toMillis())) return false;
        tx.update(ref, {
          leaseUntil: Timestamp.fromMillis(now.plus({ minutes: SERIES_LEASE_MINUTES }).toMillis()),
          leaseOwner: owner,
        });
        return true;
      });
      if (won) leased.push(claim);
    }
    return leased;
  }

  /**
   * The IDs of `claims` whose lease `owner` still holds (same owner, same state), each lease extended from
   * `now`. Ownership is by owner, not by the lease's time: a lease that ran out is still ours until another
   * tick takes it, and then it names that tick.
   */
  async holdLeases(
    workbookId: string,
    claims: readonly OccurrenceClaim[],
    owner: string,
    now: DateTime,
  ): Promise<Set<string>> {
    const collection = this.records(workbookId, 'seriesOccurrences');
    const held = new Set<string>();
    for (const group of chunk(claims, CLAIMS_PER_TRANSACTION)) {
      const ids = await this.db.runTransaction(async (tx) => {
        const snaps = await tx.getAll(...group.map((c) => collection.doc(c.id)));
        const mine: string[] = [];
        snaps.forEach((snap, i) => {
          if (!snap.exists || snap.get('leaseOwner') !== owner || snap.get('state') !== group[i]!.state) return;
          tx.update(snap.ref, {
            leaseUntil: Timestamp.fromMillis(now.plus({ minutes: SERIES_LEASE_MINUTES }).toMillis()),
          });
          mine.push(snap.id);
        });
        return mine;
      });
      for (const id of ids) held.add(id);
    }
    return held;
  }

  /** The meeting records with these IDs (absent: never saved). */
  async meetingRecords(workbookId: string, ids: readonly string[]): Promise<Map<string, MeetingRecordState>> {
    const found = new Map<string, MeetingRecordState>();
    for (const [id, snap] of await this.store.meetingsByIds(workbookId, ids))
      found.set(id, { deleted: !isLive(snap), data: recordData(snap) });
    return found;
  }

  /**
   * Records the claim's outcome if `owner` still holds its lease (false otherwise: another tick took it over
   * and settles it). Written and skipped claims stay as a memory of the occurrence; a waiting claim is released.
   */
  async settle(
    workbookId: string,
    claim: OccurrenceClaim,
    owner: string,
    outcome: ClaimOutcome,
    now: DateTime,
  ): Promise<boolean> {
    const ref = this.records(workbookId, 'seriesOccurrences').doc(claim.id);
    return this.db.runTransaction(async (tx) => {
      const fresh = await tx.get(ref);
      if (!fresh.exists || fresh.get('leaseOwner') !== owner || fresh.get('state') !== claim.state) return false;
      const offered = outcome.state === 'written' ? (outcome.rosterOffered ?? []) : [];
      tx.update(ref, {
        state: outcome.state,
        detail: outcome.detail,
        ...(offered.length > 0 ? { rosterOffered: FieldValue.arrayUnion(...offered) } : {}),
        leaseUntil: null,
        leaseOwner: null,
        ...(outcome.state === 'awaitingMeeting'
          ? { awaitingSince: Timestamp.fromMillis(now.toMillis()) }
          : { settledAt: Timestamp.fromMillis(now.toMillis()) }),
        updatedAt: FieldValue.serverTimestamp(),
      });
      return true;
    });
  }
}
