// Turns a sheet edit into signed-request bodies. Pure: the adapter describes the event and hands over the cells
// it read; nothing here knows Apps Script exists, so every rule below runs in vitest. It knows no column of any
// tab: it sends the header and the rows as read, and the server, which matches headers anyway, decides what
// each cell means and answers with the cells to write (contract/edit-request.ts).
import {
  FIRST_DATA_ROW_NUMBER,
  HEADER_ROW_NUMBER,
  EDIT_REQUEST_VERSION,
  ROWS_PER_REQUEST,
  TEXT_PER_REQUEST,
} from '../../functions/src/contract/edit-request.ts';
import type {
  CellValue,
  EditBatch,
  EditedColumns,
  EditKind,
  EditRequest,
  EditRow,
  OverwrittenCell,
} from '../../functions/src/contract/edit-request.ts';
import { isSyncedTab } from '../../functions/src/contract/synced-tabs.ts';
import { readTabIds } from '../../functions/src/contract/tab-ids.ts';
import { isBlankCell, toHeaderText, toRequestCell } from './cell-values.ts';
import type { DateCellFormatter } from './cell-values.ts';

/** JSON punctuation and quoting per cell, so a row of many short cells still counts toward the budget. */
const CELL_OVERHEAD = 4;

/** Inclusive, 1-based, as Range.getRow()/getLastRow()/getColumn()/getLastColumn() report it. */
export interface SheetRange {
  readonly firstRow: number;
  readonly lastRow: number;
  readonly firstColumn: number;
  readonly lastColumn: number;
}

export interface EditEventDescription {
  readonly sheetName: string;
  /** Row 1 as read (only needed for edits below the header; a header edit is decided by position). */
  readonly headerRow: readonly unknown[];
  readonly range: SheetRange;
  /** e.oldValue: Apps Script fills it only for a single-cell edit of a cell that was not empty. */
  readonly oldValue?: string | undefined;
}

export type IgnoreReason = 'NOT_A_DATA_TAB' | 'NO_KNOWN_COLUMNS' | 'CHANGE_NOT_STRUCTURAL';

export type ReadPlan =
  | { readonly action: 'ignore'; readonly reason: IgnoreReason }
  | {
      readonly action: 'readRows';
      readonly kind: 'edit';
      readonly firstRow: number;
      readonly lastRow: number;
      /** The edited columns, from which the server tells an edit of input from typing over ID or Status. */
      readonly edited: EditedColumns;
      /** A single edited cell and what it held before: if it is the ID, that is the row's real identity. */
      readonly overwritten?: OverwrittenCell;
    }
  | { readonly action: 'readAll'; readonly kind: 'resync' };

/** Row 1 as text, without the trailing empty cells every sheet has (26 columns by default). */
export function trimHeaderRow(headerRow: readonly unknown[]): string[] {
  const header = headerRow.map(toHeaderText);
  let end = header.length;
  while (end > 0 && (header[end - 1] as string).trim() === '') end -= 1;
  return header.slice(0, end);
}

export function planEdit(edit: EditEventDescription): ReadPlan {
  if (!isSyncedTab(edit.sheetName)) return { action: 'ignore', reason: 'NOT_A_DATA_TAB' };
  // A changed header can re-map every column, so every row must be read again, not just the edited ones.
  if (edit.range.firstRow <= HEADER_ROW_NUMBER) return { action: 'readAll', kind: 'resync' };

  const header = trimHeaderRow(edit.headerRow);
  let touchesNamedColumn = false;
  for (let column = edit.range.firstColumn; column <= Math.min(edit.range.lastColumn, header.length); column += 1) {
    if ((header[column - 1] as string).trim() !== '') touchesNamedColumn = true;
  }
  // Typing under an empty header changes nothing the server reads.
  if (!touchesNamedColumn) return { action: 'ignore', reason: 'NO_KNOWN_COLUMNS' };

  const { firstRow, lastRow, firstColumn, lastColumn } = edit.range;
  const singleCell = firstRow === lastRow && firstColumn === lastColumn;
  return {
    action: 'readRows',
    kind: 'edit',
    firstRow,
    lastRow,
    edited: { first: firstColumn, last: lastColumn },
    ...(singleCell ? { overwritten: { row: firstRow, column: firstColumn, value: edit.oldValue ?? '' } } : {}),
  };
}

/**
 * SpreadsheetApp's onChange changeType values that move or remove rows or columns. Sorting a range (Data →
 * Sort range, a filter's sort) fires OTHER and no onEdit, yet moves every row it sorts: the stored row
 * positions would go stale, so OTHER resyncs too (it also fires for a few changes that move nothing, which
 * then cost one resync that changes nothing).
 */
const STRUCTURAL_CHANGES: ReadonlySet<string> = new Set([
  'REMOVE_ROW',
  'INSERT_ROW',
  'REMOVE_COLUMN',
  'INSERT_COLUMN',
  'OTHER',
]);

/**
 * onChange says only what kind of change happened on which sheet, not which rows, so a structural change is
 * answered with the complete set of rows; the server infers deletions from the IDs that are missing.
 * EDIT is left to onEdit (it fires for the same edit), the rest (FORMAT, grids) changes no data.
 */
export function planChange(change: { readonly sheetName: string; readonly changeType: string }): ReadPlan {
  if (!isSyncedTab(change.sheetName)) return { action: 'ignore', reason: 'NOT_A_DATA_TAB' };
  if (!STRUCTURAL_CHANGES.has(change.changeType)) return { action: 'ignore', reason: 'CHANGE_NOT_STRUCTURAL' };
  return { action: 'readAll', kind: 'resync' };
}

export interface BuildEditRequestsInput {
  readonly kind: EditKind;
  readonly spreadsheetId: string;
  readonly sheetName: string;
  readonly editor: string;
  readonly timeZone?: string | undefined;
  readonly headerRow: readonly unknown[];
  /** Sheet row number of rows[0]. */
  readonly firstRow: number;
  /** Whole rows as read, starting at column A. */
  readonly rows: readonly (readonly unknown[])[];
  readonly edited?: EditedColumns | undefined;
  readonly overwritten?: OverwrittenCell | undefined;
  /** Without one, Date cells become UTC ISO strings; the adapter always passes the spreadsheet-zone formatter. */
  readonly formatDate?: DateCellFormatter;
  readonly newEventId: () => string;
  readonly now: Date;
}

function textSize(row: EditRow): number {
  let size = 16;
  for (const value of row.values) size += CELL_OVERHEAD + (typeof value === 'string' ? value.length : 8);
  return size;
}

/** Splits at ROWS_PER_REQUEST rows or TEXT_PER_REQUEST characters, whichever comes first; a row never splits. */
export function chunkRows(rows: readonly EditRow[]): EditRow[][] {
  const chunks: EditRow[][] = [];
  let current: EditRow[] = [];
  let size = 0;
  for (const row of rows) {
    const rowSize = textSize(row);
    if (current.length > 0 && (current.length >= ROWS_PER_REQUEST || size + rowSize > TEXT_PER_REQUEST)) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(row);
    size += rowSize;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

const isoFormatter: DateCellFormatter = (date) => date.toISOString();

/**
 * The request bodies for one edit (several when the block is large). A row with nothing under any named header
 * is not sent (the server also drops rows that hold only system output, which only it can recognise). An edit
 * that leaves nothing to send yields no request; a resync always yields at least one, because an empty complete
 * set means every row was deleted.
 */
export function buildEditRequests(input: BuildEditRequestsInput): EditRequest[] {
  if (!isSyncedTab(input.sheetName)) return [];
  const header = trimHeaderRow(input.headerRow);
  const formatDate = input.formatDate ?? isoFormatter;

  const rows: EditRow[] = [];
  input.rows.forEach((cells, offset) => {
    const rowNumber = input.firstRow + offset;
    if (rowNumber < FIRST_DATA_ROW_NUMBER) return;
    const values: CellValue[] = header.map((_, index) => toRequestCell(cells[index], formatDate));
    // Cells under an empty header are ignored by the server, so they do not make a row worth sending.
    const blank = values.every((value, index) => (header[index] as string).trim() === '' || isBlankCell(value));
    if (!blank) rows.push({ row: rowNumber, values });
  });

  const chunks = chunkRows(rows);
  if (chunks.length === 0) {
    if (input.kind !== 'resync') return [];
    chunks.push([]);
  }
  const batchId = chunks.length > 1 ? input.newEventId() : undefined;
  // Each part of a resync carries the whole tab's ID column, so a copy is told from a moved row in any part.
  const tabIds = batchId && input.kind === 'resync' ? readTabIds(header, rows) : undefined;
  const sentAt = input.now.toISOString();
  return chunks.map((chunk, index): EditRequest => {
    const batch: EditBatch | undefined = batchId ? { id: batchId, index, count: chunks.length } : undefined;
    return {
      version: EDIT_REQUEST_VERSION,
      eventId: input.newEventId(),
      spreadsheetId: input.spreadsheetId,
      sheetName: input.sheetName,
      editor: input.editor,
      kind: input.kind,
      headerRow: header,
      rows: chunk,
      ...(batch ? { batch } : {}),
      ...(tabIds ? { tabIds } : {}),
      ...(input.timeZone ? { timeZone: input.timeZone } : {}),
      ...(input.kind === 'edit' && input.edited ? { edited: input.edited } : {}),
      ...(input.kind === 'edit' && input.overwritten ? { overwritten: input.overwritten } : {}),
      sentAt,
    };
  });
}
