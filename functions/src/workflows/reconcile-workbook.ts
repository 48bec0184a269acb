// Reconcile: makes the canonical records and the sheet agree again after whatever the triggers missed. Edits by
// scripts or the Sheets API fire no trigger, a function killed mid-paste leaves rows without ID or Status, and a
// user may type over a system cell while the script is offline. Every synced tab is read in one values.batchGet
// and sent through the same edit workflow as the menu's "Resync this sheet" (kind `resync`, the system as
// editor), so every row gets the same checks and audit as a typed one; then the answer's cells that differ from
// what the sheet shows (ID, Status, computed and restored cells) are written back. Nothing that already agrees
// is written, so a second run finds nothing to fix. Run nightly for every workbook and from the sheet menu.
import { randomUUID } from 'node:crypto';
import type { DateTime } from 'luxon';
import {
  type CellValue,
  type EditRow,
  FIRST_DATA_ROW_NUMBER,
  HEADER_ROW_NUMBER,
  ROWS_PER_REQUEST,
  type RowResult,
} from '../contract/edit-request.ts';
import { isSyncedTab } from '../contract/synced-tabs.ts';
import { readTabIds } from '../contract/tab-ids.ts';
import type { RowWrite } from '../contract/write-back-plan.ts';
import { findTab } from '../domain/workbook/header-matching.ts';
import type { ReconcileStore } from '../ports/reconcile-ports.ts';
import type { SheetCell, WorkbookSheets } from '../ports/sheet-ports.ts';
import { type ApplySheetEditDeps, applySheetEdit } from './apply-sheet-edit.ts';
import { serverEditRequest } from './server-edit-request.ts';

/** Longer than any tab takes (it is renewed per tab); a run killed holding it blocks the next for at most this. */
export const RECONCILE_LEASE_MINUTES = 15;
/**
 * Inbox events younger than this may still be in flight (their request is being applied right now), so they are
 * left alone: only events stored before the cutoff and still unapplied count as lost.
 */
export const UNAPPLIED_EVENT_AGE_MINUTES = 5;

export interface ReconcileDeps extends ApplySheetEditDeps {
  sheets: WorkbookSheets;
  reconcile: ReconcileStore;
  /** Who the audit names as the editor of reconciled rows (the system mailbox), or '' when unknown. */
  editor: string;
  clock: () => DateTime;
}

export interface TabReconcileReport {
  tab: string;
  /** Records written because the sheet held something they did not (rows that never arrived, or differed). */
  rowsApplied: number;
  /** Records whose rows are gone from the sheet (deleted without a trigger). */
  recordsDeleted: number;
  /** ID, Status, computed or restored cells written because the sheet showed something else. */
  cellsRestored: number;
  /** Stored-but-unapplied inbox events of this tab, superseded by this run's read of the tab. */
  eventsSuperseded: number;
  /** The tab could not be reconciled (e.g. its header lacks the ID column): the refusal's message code. */
  refused?: string;
}

export type ReconcileReport =
  | { workbookId: string; state: 'done'; runId: string; tabs: TabReconcileReport[] }
  /** Another run holds the workbook's lease: this one did nothing. */
  | { workbookId: string; state: 'busy' };

export async function reconcileWorkbook(workbookId: string, deps: ReconcileDeps): Promise<ReconcileReport> {
  const runId = randomUUID();
  const started = deps.clock();
  const until = started.plus({ minutes: RECONCILE_LEASE_MINUTES });
  if (!(await deps.reconcile.acquireLease(workbookId, runId, started, until))) return { workbookId, state: 'busy' };
  try {
    // Read before the tabs: every event listed here was stored before the sheet content this run applies.
    const unapplied = await deps.reconcile.unappliedEdits(
      workbookId,
      started.minus({ minutes: UNAPPLIED_EVENT_AGE_MINUTES }),
    );
    const tabs = await syncedTabs(workbookId, deps.sheets);
    const readAt = deps.clock();
    const contents = await deps.sheets.readTabs(
      workbookId,
      tabs.map((t) => t.title),
    );
    const reports: TabReconcileReport[] = [];
    for (const [i, tab] of tabs.entries()) {
      // Renewed tab by tab, so a long run keeps the workbook to itself; a run that lost its lease stops.
      const now = deps.clock();
      if (!(await deps.reconcile.acquireLease(workbookId, runId, now, now.plus({ minutes: RECONCILE_LEASE_MINUTES }))))
        break;
      const report = await reconcileTab(workbookId, tab.title, contents[i] ?? [], readAt, deps);
      // Why superseded rather than replayed: an unapplied event holds the rows as they were when it was sent,
      // and the sheet may have changed since (later edits, sorts, deletions). The resync above applied the tab
      // as it is now, which includes whatever those events carried that is still there; replaying their stale
      // snapshots after it would write older values over newer ones (and could bring back deleted rows).
      const events = unapplied.filter((e) => findTab(e.sheetName)?.key === tab.key).map((e) => e.eventId);
      if (!report.refused && events.length > 0)
        report.eventsSuperseded = await deps.reconcile.markSuperseded(workbookId, events, runId, deps.clock());
      reports.push(report);
    }
    deps.logs.reconciled(workbookId, runId, reports);
    return { workbookId, state: 'done', runId, tabs: reports };
  } finally {
    await deps.reconcile.releaseLease(workbookId, runId);
  }
}

/** The synced tabs in sheet order, one per schema tab (a second tab of the same kind would resync it away). */
async function syncedTabs(workbookId: string, sheets: WorkbookSheets): Promise<Array<{ title: string; key: string }>> {
  const seen = new Set<string>();
  const tabs: Array<{ title: string; key: string }> = [];
  for (const title of await sheets.tabTitles(workbookId)) {
    const key = findTab(title)?.key;
    if (!key || !isSyncedTab(title) || seen.has(key)) continue;
    seen.add(key);
    tabs.push({ title, key });
  }
  return tabs;
}

const blank = (cell: SheetCell | undefined): boolean => cell === undefined || cell === '';

/** The data rows as the script sends them: padded to the header, '' as null, rows with nothing typed left out. */
export function requestRows(header: readonly string[], values: readonly SheetCell[][]): EditRow[] {
  const rows: EditRow[] = [];
  values.forEach((cells, index) => {
    const row = index + 1;
    if (row < FIRST_DATA_ROW_NUMBER) return;
    const padded: CellValue[] = header.map((_, c) => (blank(cells[c]) ? null : (cells[c] as CellValue)));
    if (padded.some((value, c) => value !== null && header[c]!.trim() !== '')) rows.push({ row, values: padded });
  });
  return rows;
}

/** The result's cells whose text differs from what the sheet shows now: what this run has to write. */
export function cellsToFix(result: RowResult, shown: readonly SheetCell[] | undefined): RowWrite {
  const cells = (result.cells ?? []).filter((cell) => String(shown?.[cell.column - 1] ?? '') !== cell.value);
  return { row: result.row, cells };
}

async function reconcileTab(
  workbookId: string,
  title: string,
  values: readonly SheetCell[][],
  readAt: DateTime,
  deps: ReconcileDeps,
): Promise<TabReconcileReport> {
  const report: TabReconcileReport = {
    tab: title,
    rowsApplied: 0,
    recordsDeleted: 0,
    cellsRestored: 0,
    eventsSuperseded: 0,
  };
  const rawHeader = (values[HEADER_ROW_NUMBER - 1] ?? []).map((cell) => String(cell));
  while (rawHeader.length > 0 && rawHeader[rawHeader.length - 1]!.trim() === '') rawHeader.pop();
  if (rawHeader.length === 0) return report;
  const rows = requestRows(rawHeader, values);
  const parts: EditRow[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_REQUEST) parts.push(rows.slice(i, i + ROWS_PER_REQUEST));
  // An empty complete set still goes: it says every row was deleted, as the script's resync does.
  if (parts.length === 0) parts.push([]);
  const batchId = parts.length > 1 ? randomUUID() : undefined;
  // As the script's resync: every part carries the whole tab's ID column, so a copy is told from a moved row.
  const tabIds = batchId ? readTabIds(rawHeader, rows) : undefined;
  for (const [index, part] of parts.entries()) {
    const now = deps.clock();
    const settings = await deps.store.workbookSettings(workbookId, undefined);
    const request = serverEditRequest({
      spreadsheetId: workbookId,
      sheetName: title,
      editor: deps.editor,
      kind: 'resync',
      headerRow: rawHeader,
      rows: part,
      ...(batchId ? { batch: { id: batchId, index, count: parts.length } } : {}),
      ...(tabIds ? { tabIds } : {}),
      timeZone: settings.timeZone,
      // When the rows were read, as the script stamps its requests: a record written after it is not deleted.
      sentAt: readAt.toISO()!,
    });
    // Rows that never arrived (written by a script or the API) have no known author, so edit-permissions.ts
    // cannot judge them: reconcile applies the sheet as it stands, as the system, and the audit names it so.
    const outcome = await applySheetEdit(request, now, deps, { systemEdit: true });
    if (!outcome.ok) {
      report.refused = outcome.code;
      return report;
    }
    report.rowsApplied += outcome.changed.saved;
    report.recordsDeleted += outcome.changed.deleted;
    // Written part by part, so a run stopped midway has still fixed the rows it got through.
    const writes = outcome.response.results
      .map((result) => cellsToFix(result, values[result.row - 1]))
      .filter((write) => write.cells.length > 0);
    report.cellsRestored += writes.reduce((sum, write) => sum + write.cells.length, 0);
    if (writes.length > 0) await deps.sheets.writeCells(workbookId, title, writes);
  }
  return report;
}
