// The reconcile lease (workbooks/{id}/locks/reconcile) and the inbox events left unapplied
// (workbooks/{id}/edits/{eventId} in state 'received'), in Firestore.
import type { DateTime } from 'luxon';
import type { ReconcileStore, UnappliedEdit } from '../ports/reconcile-ports.ts';
import { EDIT_KINDS } from '../contract/edit-request.ts';
import type { FirestoreRecords } from './firestore-records.ts';

const EDIT_KIND_SET: ReadonlySet<string> = new Set(EDIT_KINDS);

export class FirestoreReconcileStore implements ReconcileStore {
  constructor(private readonly records: FirestoreRecords) {}

  private lock(workbookId: string) {
    return this.records.workbook(workbookId).collection('locks').doc('reconcile');
  }

  async acquireLease(workbookId: string, owner: string, now: DateTime, until: DateTime): Promise<boolean> {
    const ref = this.lock(workbookId);
    return this.records.db.runTransaction(async (tx) => {
      const held = (await tx.get(ref)).data() as { owner?: string; expiresAt?: number } | undefined;
      if (held?.owner && held.owner !== owner && (held.expiresAt ?? 0) > now.toMillis()) return false;
      tx.set(ref, { owner, expiresAt: until.toMillis(), takenAt: now.toISO() });
      return true;
    });
  }

  async releaseLease(workbookId: string, owner: string): Promise<void> {
    const ref = this.lock(workbookId);
    await this.records.db.runTransaction(async (tx) => {
      if ((await tx.get(ref)).get('owner') === owner) tx.delete(ref);
    });
  }

  async unappliedEdits(workbookId: string, before: DateTime): Promise<UnappliedEdit[]> {
    // One equality filter (no composite index); the age and kind are checked here.
    const snap = await this.records
      .workbook(workbookId)
      .collection('edits')
      .where('state', '==', 'received')
      .select('kind', 'sheetName', 'receivedAt')
      .get();
    const cutoff = before.toMillis();
    return snap.docs
      .filter((doc) => EDIT_KIND_SET.has(doc.get('kind') as string))
      .filter((doc) => Date.parse(String(doc.get('receivedAt'))) < cutoff)
      .map((doc) => ({
        eventId: doc.id,
        sheetName: String(doc.get('sheetName') ?? ''),
        receivedAt: String(doc.get('receivedAt')),
      }));
  }

  async markSuperseded(workbookId: string, eventIds: readonly string[], runId: string, at: DateTime): Promise<number> {
    const edits = this.records.workbook(workbookId).collection('edits');
    let marked = 0;
    for (let i = 0; i < eventIds.length; i += 400) {
      const group = eventIds.slice(i, i + 400);
      marked += await this.records.db.runTransaction(async (tx) => {
        const snaps = await tx.getAll(...group.map((id) => edits.doc(id)));
        const still = snaps.filter((snap) => snap.exists && snap.get('state') === 'received');
        for (const snap of still)
          tx.update(snap.ref, { state: 'superseded', supersededBy: runId, supersededAt: at.toISO() });
        return still.length;
      });
    }
    return marked;
  }
}
