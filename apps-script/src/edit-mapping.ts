// Turns a sheet edit into signed-request bodies. Pure: the adapter describes the event and hands over the cells
// it read; nothing here knows Apps Script exists, so every rule below runs in vitest.
import type { CellValue, EditBatch, EditKind, EditRequest, EditRow } from '../../functions/src/contract/edit-request.ts';
import { findTab, matchHeaders } from '../../functions/src/domain/workbook/header-matching.ts';
import type { TabSpec } from '../../functions/src/domain/workbook/workbook-schema.ts';
import { isBlankCell, toHeaderText, toRequestCell } from './cell-values.ts';
import type { DateCellFormatter } from './cell-values.ts';

// Mirrors HEADER_ROW_NUMBER / FIRST_DATA_ROW_NUMBER of edit-request.ts, which cannot be imported as values
// without pulling zod into the Apps Script bundle (a test keeps the two in step).
export const HEADER_ROW = 1;
export const FIRST_DATA_ROW = 2;
/** Far below the server's 5,000: a request must be answered well inside one UrlFetch (≈60 s). */
export const ROWS_PER_REQUEST = 500;
/** Characters of cell text per request; ≈3 MB of UTF-8 at worst, far below the server's body limit. */
export const TEXT_PER_REQUEST = 1_000_000;
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

export type IgnoreReason = 'NOT_A_DATA_TAB' | 'SYSTEM_TAB' | 'NO_DATA_ROWS' | 'NO_KNOWN_COLUMNS' | 'CHANGE_NOT_STRUCTURAL';

export type ReadPlan =
  | { readonly action: 'ignore'; readonly reason: IgnoreReason }
  | {
      readonly action: 'readRows';
      readonly kind: Exclude<EditKind, 'resync'>;
      readonly firstRow: number;
      readonly lastRow: number;
      /** The ID a single overwritten ID cell held before, which is the row's real identity. */
      readonly overwrittenId?: { readonly row: number; readonly id: string };
    }
  | { readonly action: 'readAll'; readonly kind: 'resync' };

type DataTab = { readonly ok: true; readonly tab: TabSpec } | { readonly ok: false; readonly reason: IgnoreReason };

/** Header matching comes from the server's own module, so both sides agree which column is ID or Status. */
export function findDataTab(sheetName: string): DataTab {
  const tab = findTab(sheetName);
  if (!tab) return { ok: false, reason: 'NOT_A_DATA_TAB' };
  if (tab.systemOnly) return { ok: false, reason: 'SYSTEM_TAB' };
  return { ok: true, tab };
}

interface ColumnRoles {
  /** 0-based index of the ID column, when the header has exactly one. */
  readonly idIndex: number | undefined;
  /** 0-based indexes of columns only the system writes (ID included). */
  readonly systemIndexes: ReadonlySet<number>;
}

function findColumnRoles(tab: TabSpec, header: readonly string[]): ColumnRoles {
  const { columns } = matchHeaders(tab, header);
  const systemKeys = new Set(tab.columns.filter((column) => column.system).map((column) => column.key));
  const systemIndexes = new Set<number>();
  for (const [key, index] of columns) if (systemKeys.has(key)) systemIndexes.add(index);
  return { idIndex: columns.get('id'), systemIndexes };
}

/** Row 1 as text, without the trailing empty cells every sheet has (26 columns by default). */
export function trimHeaderRow(headerRow: readonly unknown[]): string[] {
  const header = headerRow.map(toHeaderText);
  let end = header.length;
  while (end > 0 && (header[end - 1] as string).trim() === '') end -= 1;
  return header.slice(0, end);
}

export function planEdit(edit: EditEventDescription): ReadPlan {
  const dataTab = findDataTab(edit.sheetName);
  if (!dataTab.ok) return { action: 'ignore', reason: dataTab.reason };
  // A changed header can re-map every column, so every row must be read again, not just the edited ones.
  if (edit.range.firstRow <= HEADER_ROW) return { action: 'readAll', kind: 'resync' };

  const header = trimHeaderRow(edit.headerRow);
  const roles = findColumnRoles(dataTab.tab, header);
  let touchesInput = false;
  let touchesSystem = false;
  for (let column = edit.range.firstColumn; column <= Math.min(edit.range.lastColumn, header.length); column += 1) {
    const index = column - 1;
    if (roles.systemIndexes.has(index)) touchesSystem = true;
    else if ((header[index] as string).trim() !== '') touchesInput = true;
  }
  // Typing under an empty header changes nothing the server reads.
  if (!touchesInput && !touchesSystem) return { action: 'ignore', reason: 'NO_KNOWN_COLUMNS' };

  const singleCell = edit.range.firstRow === edit.range.lastRow && edit.range.firstColumn === edit.range.lastColumn;
  const overwrittenId =
    singleCell && roles.idIndex !== undefined && edit.range.firstColumn - 1 === roles.idIndex
      ? { row: edit.range.firstRow, id: edit.oldValue ?? '' }
      : undefined;
  return {
    action: 'readRows',
    // Only protected cells changed: re-send so the answer restores them, but nothing was authored.
    kind: touchesInput ? 'edit' : 'change',
    firstRow: edit.range.firstRow,
    lastRow: edit.range.lastRow,
    ...(overwrittenId ? { overwrittenId } : {}),
  };
}

/** SpreadsheetApp's onChange changeType values that move or remove rows or columns. */
const STRUCTURAL_CHANGES: ReadonlySet<string> = new Set(['REMOVE_ROW', 'INSERT_ROW', 'REMOVE_COLUMN', 'INSERT_COLUMN']);

/**
 * onChange says only what kind of change happened on which sheet, not which rows, so a structural change is
 * answered with the complete set of rows; the server infers deletions from the IDs that are missing.
 * EDIT is left to onEdit (it fires for the same edit), the rest (FORMAT, OTHER, grids) changes no data.
 */
export function planChange(change: { readonly sheetName: string; readonly changeType: string }): ReadPlan {
  const dataTab = findDataTab(change.sheetName);
  if (!dataTab.ok) return { action: 'ignore', reason: dataTab.reason };
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
  readonly overwrittenId?: { readonly row: number; readonly id: string } | undefined;
  /** Without one, Date cells become UTC ISO strings; the adapter always passes the spreadsheet-zone formatter. */
  readonly formatDate?: DateCellFormatter;
  readonly newEventId: () => string;
  readonly now: Date;
}

function toEditRow(
  rowNumber: number,
  cells: readonly unknown[],
  header: readonly string[],
  roles: ColumnRoles,
  formatDate: DateCellFormatter,
): { row: EditRow; blank: boolean } {
  let blank = true;
  const values: CellValue[] = header.map((headerText, index) => {
    // System cells are output; only the ID is sent, as the row's identity.
    if (roles.systemIndexes.has(index) && index !== roles.idIndex) return null;
    const value = toRequestCell(cells[index], formatDate);
    // Cells under an empty header are ignored by the server, so they do not make a row worth sending.
    if (headerText.trim() !== '' && !isBlankCell(value)) blank = false;
    return value;
  });
  return { row: { row: rowNumber, values }, blank };
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
 * The request bodies for one edit (several when the block is large). Empty rows are dropped unless they still
 * carry an ID: a row cleared by hand is news for the server, an untouched empty row is not. An edit that leaves
 * nothing to send yields no request; a resync always yields at least one, because an empty complete set means
 * every row was deleted.
 */
export function buildEditRequests(input: BuildEditRequestsInput): EditRequest[] {
  const dataTab = findDataTab(input.sheetName);
  if (!dataTab.ok) return [];
  const header = trimHeaderRow(input.headerRow);
  const roles = findColumnRoles(dataTab.tab, header);
  const formatDate = input.formatDate ?? isoFormatter;

  const rows: EditRow[] = [];
  input.rows.forEach((cells, offset) => {
    const rowNumber = input.firstRow + offset;
    if (rowNumber < FIRST_DATA_ROW) return;
    const { row, blank } = toEditRow(rowNumber, cells, header, roles, formatDate);
    if (roles.idIndex !== undefined && input.overwrittenId?.row === rowNumber) {
      row.values[roles.idIndex] = input.overwrittenId.id === '' ? null : input.overwrittenId.id;
    }
    const id = roles.idIndex === undefined ? null : (row.values[roles.idIndex] ?? null);
    if (blank && isBlankCell(id)) return;
    rows.push(row);
  });

  const chunks = chunkRows(rows);
  if (chunks.length === 0) {
    if (input.kind !== 'resync') return [];
    chunks.push([]);
  }
  const batchId = chunks.length > 1 ? input.newEventId() : undefined;
  const sentAt = input.now.toISOString();
  return chunks.map((chunk, index): EditRequest => {
    const batch: EditBatch | undefined = batchId ? { id: batchId, index, count: chunks.length } : undefined;
    return {
      version: 1,
      eventId: input.newEventId(),
      spreadsheetId: input.spreadsheetId,
      sheetName: input.sheetName,
      editor: input.editor,
      kind: input.kind,
      headerRow: header,
      rows: chunk,
      ...(batch ? { batch } : {}),
      ...(input.timeZone ? { timeZone: input.timeZone } : {}),
      sentAt,
    };
  });
}
