// What reconciling a workbook needs besides the sheet and the edit workflow: a per-workbook lease, so two runs
// at once never interleave, and the inbox events that were stored but never applied. Types only.
import type { DateTime } from 'luxon';

/** An edit event in the inbox (workbooks/{id}/edits/{eventId}) that was stored but never applied or refused. */
export interface UnappliedEdit {
  eventId: string;
  sheetName: string;
  /** ISO instant the server stored it. */
  receivedAt: string;
}

export interface ReconcileStore {
  /**
   * Takes the workbook's reconcile lease for `owner` until `until`, unless another owner holds an unexpired one;
   * true when taken. Transactional, so of two runs at once exactly one gets it.
   */
  acquireLease(workbookId: string, owner: string, now: DateTime, until: DateTime): Promise<boolean>;
  /** Gives the lease up, if `owner` still holds it. */
  releaseLease(workbookId: string, owner: string): Promise<void>;
  /** Edit events (edit, change, resync) still in state 'received' that arrived before `before`. */
  unappliedEdits(workbookId: string, before: DateTime): Promise<UnappliedEdit[]>;
  /** Marks the events superseded by a reconcile run, unless they were applied meanwhile; how many it marked. */
  markSuperseded(workbookId: string, eventIds: readonly string[], runId: string, at: DateTime): Promise<number>;
}
