// The tick's action-line pass (issue 14): every minutes action line saved, changed or deleted since the last pass
// becomes exactly one Actions row and record (domain/minutes/action-lines.ts says what the row holds).
//
// Mechanism: the Minutes edit only marks its record (`actionSync: 'pending'`, in the edit's own transaction); this
// pass, like series generation (generate-series.ts), writes the rows "as if typed": it appends or rewrites the
// Actions rows through the Sheets API, then saves them through the same edit workflow a typed row goes through
// (validation, permissions judged as the system's own rows, audit), and writes back ID, Status and Overdue days.
// So an Actions record never exists without its row: a reconcile or resync can never take a record whose row is
// not written yet for a deleted one, because the record is made only after its row is in the sheet (and a resync
// that read the tab before the append deletes nothing written after its read).
//
// Crash and retry safety: the action's ID is derived from the line's, so a pass that appended a row and died is
// followed by one that finds the row by its ID and saves it instead of appending again. Lines are leased in a
// transaction (two ticks never append the same row) and settled only if unchanged since read: a line edited while
// the pass ran stays pending for the next one. The edit request carries the read time and the changed columns, so
// an owner's status typed in between is kept (stale-columns.ts).
import { randomUUID } from 'node:crypto';
import type { DateTime } from 'luxon';
import type { CellValue } from '../contract/edit-request.ts';
import type { WorkbookLanguage } from '../domain/messages.ts';
import { type ActionRowWrite, actionRowOf, planActionOfLine } from '../domain/minutes/action-lines.ts';
import { findTab, matchHeaders } from '../domain/workbook/header-matching.ts';
import type { ActionLines, PendingActionLine } from '../ports/action-ports.ts';
import type { SheetCell, WorkbookSheets } from '../ports/sheet-ports.ts';
import { type ApplySheetEditDeps, applySheetEdit } from './apply-sheet-edit.ts';
import { serverEditRequest } from './server-edit-request.ts';

export interface ActionLineDeps extends ApplySheetEditDeps {
  lines: ActionLines;
  sheets: WorkbookSheets;
  /** Who the audit names as the editor of the rows (the system mailbox), or '' when unknown. */
  editor: string;
}

export interface ActionLineReport {
  /** Lines leased by this pass. */
  lines: number;
  appended: number;
  updated: number;
  settled: number;
}

export const NO_ACTION_LINES: ActionLineReport = { lines: 0, appended: 0, updated: 0, settled: 0 };

interface PlannedRow {
  line: PendingActionLine;
  actionId: string;
  write: ActionRowWrite;
  /** 1-based sheet row, once known. */
  row?: number;
}

const asCells = (rows: SheetCell[][]): CellValue[][] =>
  rows.map((row) => row.map((cell) => (cell === undefined ? null : cell)));

export async function syncActionLines(
  workbookId: string,
  settings: { timeZone: string; language: WorkbookLanguage },
  deps: ActionLineDeps,
  now: DateTime,
): Promise<ActionLineReport> {
  const owner = `actions-${randomUUID()}`;
  const lines = await deps.lines.leasePending(workbookId, now, owner);
  if (lines.length === 0) return NO_ACTION_LINES;
  const title = (await deps.sheets.tabTitles(workbookId)).find((t) => findTab(t)?.key === 'actions');
  // No Actions tab yet: the lines stay pending (their lease runs out) until one exists.
  if (!title) return { ...NO_ACTION_LINES, lines: lines.length };
  const [header = [], ...rows] = asCells(await deps.sheets.readTab(workbookId, title));
  const { columns } = matchHeaders('actions', header);
  const idIndex = columns.get('id');
  if (idIndex === undefined) return { ...NO_ACTION_LINES, lines: lines.length };
  const rowById = new Map<string, number>();
  rows.forEach((row, i) => {
    const id = row[idIndex];
    if (typeof id === 'string' && id.trim() !== '') rowById.set(id.trim(), i + 2);
  });

  const planned: PlannedRow[] = [];
  for (const line of lines) {
    const plan = planActionOfLine(line);
    const at = rowById.get(plan.actionId);
    const write = actionRowOf(header, at === undefined ? undefined : rows[at - 2], plan, settings.language);
    if (write) planned.push({ line, actionId: plan.actionId, write, ...(at === undefined ? {} : { row: at }) });
  }
  const fresh = planned.filter((p) => p.row === undefined);
  if (fresh.length > 0) {
    const first = await deps.sheets.appendRows(
      workbookId,
      title,
      fresh.map((p) => p.write.values.map((v) => (v === null || v === undefined ? '' : v))),
      rows.length + 2,
    );
    fresh.forEach((p, i) => {
      p.row = first + i;
    });
  }
  if (planned.length > 0) await saveRows(workbookId, title, header, planned, settings, deps, now);
  const done = lines.map((line) => ({ ...line, planned: planActionOfLine(line).kind }));
  const settled = await deps.lines.settle(workbookId, done, owner);
  const updated = planned.filter((p) => !fresh.includes(p) && p.write.changed.length > 0).length;
  return { lines: lines.length, appended: fresh.length, updated, settled };
}

/**
 * Saves the rows through the edit workflow and writes back, in one write, their ID, Status and Overdue days and
 * the line's columns of rows that were already there. Every planned row is saved, changed or not: a row appended
 * by a pass that died before saving it has no record yet.
 */
async function saveRows(
  workbookId: string,
  title: string,
  header: CellValue[],
  planned: readonly PlannedRow[],
  settings: { timeZone: string },
  deps: ActionLineDeps,
  now: DateTime,
): Promise<void> {
  const { columns } = matchHeaders('actions', header);
  const changedIndexes = planned.flatMap((p) =>
    p.write.changed.map((key) => columns.get(key)).filter((i): i is number => i !== undefined),
  );
  const request = serverEditRequest({
    spreadsheetId: workbookId,
    sheetName: title,
    editor: deps.editor,
    kind: 'edit',
    headerRow: header,
    rows: planned.map((p) => ({ row: p.row!, values: p.write.values })),
    timeZone: settings.timeZone,
    sentAt: now.toISO()!,
    ...(changedIndexes.length > 0
      ? { edited: { first: Math.min(...changedIndexes) + 1, last: Math.max(...changedIndexes) + 1 } }
      : {}),
  });
  // The rows show IDs derived from their lines (action-lines.ts actionIdOfLine), issued by the server.
  const outcome = await applySheetEdit(request, now, deps, { serverIssuedIds: true });
  if (!outcome.ok) throw new Error(`action rows were refused: ${outcome.code}`);
  const byRow = new Map(planned.map((p) => [p.row!, p]));
  const writes = outcome.response.results.map((result) => {
    const line = byRow.get(result.row)!;
    const lineCells = line.write.changed
      .map((key) => ({ index: columns.get(key), value: line.write.values[columns.get(key) ?? -1] }))
      .filter((c): c is { index: number; value: CellValue } => c.index !== undefined)
      .map((c) => ({ column: c.index + 1, value: c.value === null ? '' : String(c.value) }));
    return { row: result.row, cells: [...(result.cells ?? []), ...lineCells] };
  });
  await deps.sheets.writeCells(workbookId, title, writes);
}
