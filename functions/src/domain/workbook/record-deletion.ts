// What deleting a row does to its canonical record, and which records a resync finds deleted.
// - A deleted row's record is kept (the audit and a series' cancelled weeks need it), marked deleted, no longer
//   due (its dueAt goes, so no reminder finds it) and no longer at a sheet row. A meeting keeps its `startAt`, so
//   its series knows that week was cancelled.
// - A deleted meeting whose notice went out owes its attendees a cancellation (unless one was already sent); the
//   tick finds it by `cancelPending`.
// - A resync carries every data row of the tab: a live record whose ID none of them shows was deleted in the
//   sheet. A resync split into parts counts only when every part has been applied, since each part alone
//   would make the rows of the other parts look deleted.
import type { TabKey } from './workbook-schema.ts';

export interface DeletionFields {
  deleted: true;
  dueAt: null;
  sheetRow: null;
  deletedAt: string;
  deletedBy: string;
  lastEventId: string;
  cancelPending?: true;
}

/** The fields a deletion sets on a live record of `tab`, given the version its attendees were notified of. */
export function deletionFields(
  tab: TabKey,
  notified: { cancelled?: boolean } | undefined,
  deletion: { at: string; by: string; eventId: string },
): DeletionFields {
  const cancelPending = tab === 'meetings' && !!notified && notified.cancelled !== true;
  return {
    deleted: true,
    dueAt: null,
    deletedAt: deletion.at,
    deletedBy: deletion.by,
    sheetRow: null,
    lastEventId: deletion.eventId,
    ...(cancelPending ? { cancelPending: true } : {}),
  };
}

/** The record IDs a resync part shows: those its rows were saved under and those the sheet shows. */
export function resyncPresentIds(
  savedIds: Iterable<string | null>,
  sheetIds: Iterable<string | null | undefined>,
): Set<string> {
  const present = new Set<string>();
  for (const id of savedIds) if (id) present.add(id);
  for (const id of sheetIds) if (id) present.add(id);
  return present;
}

/**
 * Whether a resync may delete at all: only when the header has an ID column. Without one (renamed, deleted) no
 * row shows its ID, rows are matched by their stored position alone, and a row that moved since would make its
 * record look deleted: a missing column must never erase anything.
 */
export function resyncMayDelete(idColumn: number | undefined): boolean {
  return idColumn !== undefined;
}

/** Whether every part of a split resync has been applied (the deletions wait for the last one). */
export function resyncComplete(appliedParts: number, partCount: number): boolean {
  return appliedParts >= partCount;
}

/** The live records a complete resync did not show: deleted in the sheet. */
export function recordsDeletedInResync(liveIds: readonly string[], present: ReadonlySet<string>): string[] {
  return liveIds.filter((id) => !present.has(id));
}
