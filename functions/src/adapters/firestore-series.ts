// What series generation keeps in Firestore: the templates (live meetings with a Recurrence, one indexed
// inequality query), the starts a series already has (meetings by series key from a given time: a composite
// index on data.series + dueAt), and one claim per occurrence under workbooks/{id}/seriesOccurrences.
//
// A claim is created with create() before any row is written, so two ticks never both create an occurrence;
// a claim that is "pending" still needs its rows, and a lease (like the outbox's) keeps two ticks from
// appending the same rows at once. Claims are kept after the rows are written: an occurrence someone deleted
// from the sheet is not created again.
import { FieldValue, Timestamp, type Firestore } from '@google-cloud/firestore';
import { DateTime } from 'luxon';
import type { PlannedOccurrence } from '../domain/meeting-series.ts';
import type { MeetingRecordView } from '../domain/series-rows.ts';
import { occurrenceClaimId } from '../domain/series-rows.ts';

export interface OccurrenceClaim {
  id: string;
  templateId: string;
  occurrence: PlannedOccurrence;
}

export const SERIES_LEASE_MINUTES = 5;

export class FirestoreSeries {
  constructor(private readonly db: Firestore) {}

  private records(workbookId: string, collection: string) {
    return this.db.collection('workbooks').doc(workbookId).collection(collection);
  }

  /** Live meetings whose Recurrence cell is filled. */
  async templates(workbookId: string): Promise<MeetingRecordView[]> {
    const snap = await this.records(workbookId, 'meetings').where('data.recurrence', '>', '').get();
    return snap.docs.filter((d) => d.get('deleted') !== true).map((d) => ({ id: d.id, data: (d.get('data') as Record<string, unknown>) ?? {} }));
  }

  /**
   * Starts (ISO) the series already has from `from` on: its meetings (deleted ones too: a cancelled week stays
   * cancelled) and its claimed occurrences.
   */
  async existingStarts(workbookId: string, seriesKey: string, from: DateTime): Promise<string[]> {
    const [meetings, claims] = await Promise.all([
      this.records(workbookId, 'meetings').where('data.series', '==', seriesKey).where('dueAt', '>=', Timestamp.fromMillis(from.toMillis())).get(),
      this.records(workbookId, 'seriesOccurrences').where('seriesKey', '==', seriesKey).where('start', '>=', from.toUTC().toISO()!).get(),
    ]);
    const starts: string[] = [];
    for (const doc of meetings.docs) {
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
        createdAt: Timestamp.fromMillis(now.toMillis()),
      });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 6) return false; // ALREADY_EXISTS
      throw error;
    }
  }

  /** Pending claims this caller now holds a lease on (others are being written by someone else). */
  async leasePending(workbookId: string, now: DateTime, owner: string): Promise<OccurrenceClaim[]> {
    const pending = await this.records(workbookId, 'seriesOccurrences').where('state', '==', 'pending').get();
    const leased: OccurrenceClaim[] = [];
    for (const doc of pending.docs) {
      const won = await this.db.runTransaction(async (tx) => {
        const fresh = await tx.get(doc.ref);
        const lease = fresh.get('leaseUntil') as Timestamp | null | undefined;
        if (fresh.get('state') !== 'pending' || (lease && lease.toMillis() > now.toMillis())) return false;
        tx.update(doc.ref, { leaseUntil: Timestamp.fromMillis(now.plus({ minutes: SERIES_LEASE_MINUTES }).toMillis()), leaseOwner: owner });
        return true;
      });
      if (won) leased.push({ id: doc.id, templateId: doc.get('templateId') as string, occurrence: doc.get('occurrence') as PlannedOccurrence });
    }
    return leased;
  }

  /** The rows are in the sheet (or cannot be: `outcome` says why); the claim stays as a memory of the occurrence. */
  async settle(workbookId: string, claimId: string, outcome: { state: 'written' | 'skipped'; detail: Record<string, unknown> }, now: DateTime): Promise<void> {
    await this.records(workbookId, 'seriesOccurrences').doc(claimId).update({
      state: outcome.state,
      detail: outcome.detail,
      leaseUntil: null,
      settledAt: Timestamp.fromMillis(now.toMillis()),
      updatedAt: FieldValue.serverTimestamp(),
    });
  }
}
