// The workbook as the emulator keeps it: plain JSON (so persistence is a JSON.stringify away), with cells
// holding only what a user enters; effective and formatted values are derived when a response is built.
import { randomBytes, randomInt } from 'node:crypto';
import type { sheets_v4 } from '@googleapis/sheets';
import { type A1Range, formatA1Range, formatSheetTitle, parseA1Range } from './a1-notation.ts';
import { invalidArgument } from './api-error.ts';
import { type CellFormat, type ExtendedValue, effectiveValueOf, formattedValueOf } from './sheets-cell-values.ts';

export interface StoredCell {
  userEnteredValue?: ExtendedValue;
  userEnteredFormat?: CellFormat;
  dataValidation?: sheets_v4.Schema$DataValidationRule;
  note?: string;
  hyperlink?: string;
}

export interface StoredSheetProperties extends sheets_v4.Schema$SheetProperties {
  sheetId: number;
  title: string;
  index: number;
  gridProperties: sheets_v4.Schema$GridProperties & { rowCount: number; columnCount: number };
}

export interface StoredSheet {
  properties: StoredSheetProperties;
  /** rows[r][c]; null or missing entries are empty cells. */
  rows: Array<Array<StoredCell | null> | null>;
  protectedRanges: sheets_v4.Schema$ProtectedRange[];
}

export interface StoredSpreadsheet {
  spreadsheetId: string;
  properties: sheets_v4.Schema$SpreadsheetProperties;
  sheets: StoredSheet[];
}

/** A block of cells, zero-based, end exclusive, always bounded. */
export interface CellBlock {
  startRow: number;
  endRow: number;
  startColumn: number;
  endColumn: number;
}

export const DEFAULT_ROW_COUNT = 1000;
export const DEFAULT_COLUMN_COUNT = 26;
const CELL_KEYS = ['userEnteredValue', 'userEnteredFormat', 'dataValidation', 'note', 'hyperlink'] as const;
export const WRITABLE_CELL_FIELDS: readonly string[] = CELL_KEYS;

export function newSpreadsheetId(): string {
  // Real ids are 44 URL-safe characters.
  return randomBytes(33).toString('base64url');
}

export function newSheetId(spreadsheet: StoredSpreadsheet): number {
  for (;;) {
    const id = randomInt(1, 2 ** 31 - 1);
    if (!spreadsheet.sheets.some((sheet) => sheet.properties.sheetId === id)) return id;
  }
}

export function createSpreadsheet(request: sheets_v4.Schema$Spreadsheet | undefined): StoredSpreadsheet {
  const spreadsheet: StoredSpreadsheet = {
    spreadsheetId: newSpreadsheetId(),
    properties: {
      title: request?.properties?.title ?? 'Untitled spreadsheet',
      locale: request?.properties?.locale ?? 'en_US',
      autoRecalc: request?.properties?.autoRecalc ?? 'ON_CHANGE',
      timeZone: request?.properties?.timeZone ?? 'Etc/GMT',
    },
    sheets: [],
  };
  const requested = request?.sheets?.length ? request.sheets : [{}];
  for (const sheet of requested) {
    const properties = sheet.properties ?? {};
    const added = addSheet(spreadsheet, {
      ...properties,
      sheetId: properties.sheetId ?? (spreadsheet.sheets.length === 0 ? 0 : undefined),
    });
    for (const grid of sheet.data ?? []) {
      writeGridData(added, grid.startRow ?? 0, grid.startColumn ?? 0, grid.rowData ?? []);
    }
  }
  return spreadsheet;
}

export function addSheet(spreadsheet: StoredSpreadsheet, requested: sheets_v4.Schema$SheetProperties): StoredSheet {
  const sheetId = requested.sheetId ?? newSheetId(spreadsheet);
  if (spreadsheet.sheets.some((sheet) => sheet.properties.sheetId === sheetId)) {
    throw invalidArgument(`A sheet with id ${sheetId} already exists.`);
  }
  const title = requested.title ?? nextDefaultTitle(spreadsheet);
  if (findSheetByTitle(spreadsheet, title)) {
    throw invalidArgument(`A sheet with the name "${title}" already exists. Please enter another name.`);
  }
  const index = Math.min(Math.max(requested.index ?? spreadsheet.sheets.length, 0), spreadsheet.sheets.length);
  const grid = requested.gridProperties ?? {};
  const sheet: StoredSheet = {
    properties: {
      ...structuredClone(requested),
      sheetId,
      title,
      index,
      sheetType: requested.sheetType ?? 'GRID',
      gridProperties: {
        ...structuredClone(grid),
        rowCount: grid.rowCount ?? DEFAULT_ROW_COUNT,
        columnCount: grid.columnCount ?? DEFAULT_COLUMN_COUNT,
      },
    },
    rows: [],
    protectedRanges: [],
  };
  spreadsheet.sheets.splice(index, 0, sheet);
  reindexSheets(spreadsheet);
  return sheet;
}

export function reindexSheets(spreadsheet: StoredSpreadsheet): void {
  spreadsheet.sheets.forEach((sheet, index) => {
    sheet.properties.index = index;
  });
}

function nextDefaultTitle(spreadsheet: StoredSpreadsheet): string {
  for (let n = spreadsheet.sheets.length + 1; ; n += 1) {
    const title = `Sheet${n}`;
    if (!findSheetByTitle(spreadsheet, title)) return title;
  }
}

// Sheet titles are unique regardless of case, and ranges may name a sheet in any case.
export function findSheetByTitle(spreadsheet: StoredSpreadsheet, title: string): StoredSheet | undefined {
  return (
    spreadsheet.sheets.find((sheet) => sheet.properties.title === title) ??
    spreadsheet.sheets.find((sheet) => sheet.properties.title.toLowerCase() === title.toLowerCase())
  );
}

export function findSheetById(
  spreadsheet: StoredSpreadsheet,
  sheetId: number | null | undefined,
): StoredSheet | undefined {
  return spreadsheet.sheets.find((sheet) => sheet.properties.sheetId === (sheetId ?? 0));
}

export function requireSheetById(spreadsheet: StoredSpreadsheet, sheetId: number | null | undefined): StoredSheet {
  const sheet = findSheetById(spreadsheet, sheetId);
  if (!sheet) throw invalidArgument(`No grid with id: ${sheetId ?? 0}`);
  return sheet;
}

export interface ResolvedRange {
  sheet: StoredSheet;
  range: A1Range;
}

/** Resolves A1 text to a sheet and bounds, or fails the way the API does ("Unable to parse range: …"). */
export function resolveA1Range(spreadsheet: StoredSpreadsheet, text: string): ResolvedRange {
  const unable = invalidArgument(`Unable to parse range: ${text}`);
  // A bare word that is a sheet's title means that sheet even when it also reads as cells ("AB1").
  if (!text.includes('!')) {
    const unquoted = text.startsWith("'") ? parseA1Range(text)?.sheetTitle : text.trim();
    const byTitle = unquoted === undefined ? undefined : findSheetByTitle(spreadsheet, unquoted);
    if (byTitle) return { sheet: byTitle, range: { sheetTitle: byTitle.properties.title, wholeSheet: true } };
  }
  const range = parseA1Range(text);
  if (!range) throw unable;
  if (range.sheetTitle === undefined) {
    const first = spreadsheet.sheets.find((sheet) => !sheet.properties.hidden) ?? spreadsheet.sheets[0];
    if (!first) throw unable;
    return { sheet: first, range };
  }
  const sheet = findSheetByTitle(spreadsheet, range.sheetTitle);
  if (!sheet) throw unable;
  return { sheet, range };
}

export function rowCount(sheet: StoredSheet): number {
  return sheet.properties.gridProperties.rowCount;
}

export function columnCount(sheet: StoredSheet): number {
  return sheet.properties.gridProperties.columnCount;
}

/** The range's block with open ends closed at the grid's edge. */
export function clipToGrid(sheet: StoredSheet, range: Omit<A1Range, 'wholeSheet' | 'sheetTitle'>): CellBlock {
  return {
    startRow: range.startRow ?? 0,
    endRow: range.endRow ?? rowCount(sheet),
    startColumn: range.startColumn ?? 0,
    endColumn: range.endColumn ?? columnCount(sheet),
  };
}

export function blockFromGridRange(sheet: StoredSheet, range: sheets_v4.Schema$GridRange | undefined): CellBlock {
  return clipToGrid(sheet, {
    startRow: range?.startRowIndex ?? 0,
    endRow: range?.endRowIndex ?? rowCount(sheet),
    startColumn: range?.startColumnIndex ?? 0,
    endColumn: range?.endColumnIndex ?? columnCount(sheet),
  });
}

export function formatBlock(sheet: StoredSheet, block: CellBlock): string {
  return formatA1Range(sheet.properties.title, block);
}

export function assertWithinGrid(sheet: StoredSheet, block: CellBlock, text: string): void {
  if (block.startRow >= rowCount(sheet) || block.startColumn >= columnCount(sheet)) {
    throw invalidArgument(
      `Range (${formatSheetTitle(sheet.properties.title)}` +
        `!${text.includes('!') ? text.slice(text.lastIndexOf('!') + 1) : text}) exceeds grid limits. Max rows: ` +
        `${rowCount(sheet)}, max columns: ${columnCount(sheet)}`,
    );
  }
}

export function getCell(sheet: StoredSheet, row: number, column: number): StoredCell | undefined {
  return sheet.rows[row]?.[column] ?? undefined;
}

/** Replaces a cell; an empty cell is stored as nothing so saved files stay small. */
export function setCell(sheet: StoredSheet, row: number, column: number, cell: StoredCell | undefined): void {
  const empty = !cell || CELL_KEYS.every((key) => cell[key] === undefined);
  if (empty) {
    const cells = sheet.rows[row];
    if (!cells || cells[column] == null) return;
    cells[column] = null;
    trimTrailingNulls(cells);
    if (cells.length === 0) {
      sheet.rows[row] = null;
      trimTrailingNulls(sheet.rows);
    }
    return;
  }
  while (sheet.rows.length <= row) sheet.rows.push(null);
  sheet.rows[row] ??= [];
  const cells = sheet.rows[row];
  while (cells.length <= column) cells.push(null);
  cells[column] = cell;
}

function trimTrailingNulls<T>(list: Array<T | null>): void {
  while (list.length > 0 && list[list.length - 1] == null) list.pop();
}

/** Grows the grid so the block fits, as values.update and append do. */
export function growToFit(sheet: StoredSheet, endRow: number, endColumn: number): void {
  const grid = sheet.properties.gridProperties;
  grid.rowCount = Math.max(grid.rowCount, endRow);
  grid.columnCount = Math.max(grid.columnCount, endColumn);
}

export function writeGridData(
  sheet: StoredSheet,
  startRow: number,
  startColumn: number,
  rows: sheets_v4.Schema$RowData[],
): void {
  rows.forEach((row, r) => {
    (row.values ?? []).forEach((cellData, c) => {
      const cell: StoredCell = {};
      for (const key of CELL_KEYS) {
        const value = cellData[key];
        if (value != null) (cell as Record<string, unknown>)[key] = structuredClone(value);
      }
      setCell(sheet, startRow + r, startColumn + c, cell);
    });
    growToFit(sheet, startRow + r + 1, startColumn + (row.values?.length ?? 0));
  });
}

export type Dimension = 'ROWS' | 'COLUMNS';

export function insertDimension(sheet: StoredSheet, dimension: Dimension, start: number, end: number): void {
  const count = end - start;
  const grid = sheet.properties.gridProperties;
  if (dimension === 'ROWS') {
    if (start < sheet.rows.length) sheet.rows.splice(start, 0, ...Array.from({ length: count }, () => null));
    grid.rowCount += count;
  } else {
    for (const cells of sheet.rows) {
      if (cells && start < cells.length) cells.splice(start, 0, ...Array.from({ length: count }, () => null));
    }
    grid.columnCount += count;
  }
  shiftProtectedRanges(sheet, dimension, start, count);
}

export function deleteDimension(sheet: StoredSheet, dimension: Dimension, start: number, end: number): void {
  const count = end - start;
  const grid = sheet.properties.gridProperties;
  if (dimension === 'ROWS') {
    if (count >= grid.rowCount) throw invalidArgument("You can't delete all the rows on the sheet.");
    sheet.rows.splice(start, count);
    trimTrailingNulls(sheet.rows);
    grid.rowCount -= count;
  } else {
    if (count >= grid.columnCount) {
      throw invalidArgument("You can't delete all the columns on the sheet.");
    }
    sheet.rows.forEach((cells) => {
      if (cells) {
        cells.splice(start, count);
        trimTrailingNulls(cells);
      }
    });
    grid.columnCount -= count;
  }
  shiftProtectedRanges(sheet, dimension, start, -count);
}

// Protected ranges follow the cells they protect, as they do in Sheets when rows move.
function shiftProtectedRanges(sheet: StoredSheet, dimension: Dimension, at: number, delta: number): void {
  const [startKey, endKey] =
    dimension === 'ROWS'
      ? (['startRowIndex', 'endRowIndex'] as const)
      : (['startColumnIndex', 'endColumnIndex'] as const);
  const move = (index: number): number => {
    if (delta > 0) return index >= at ? index + delta : index;
    const removedEnd = at - delta;
    if (index <= at) return index;
    if (index >= removedEnd) return index + delta;
    return at;
  };
  const ranges = sheet.protectedRanges.flatMap((protectedRange) => [
    protectedRange.range,
    ...(protectedRange.unprotectedRanges ?? []),
  ]);
  for (const range of ranges) {
    if (!range) continue;
    if (range[startKey] != null) range[startKey] = move(range[startKey]);
    if (range[endKey] != null) range[endKey] = delta > 0 && range[endKey] === at ? at : move(range[endKey]);
  }
}

export function cellToApi(cell: StoredCell | undefined): sheets_v4.Schema$CellData {
  if (!cell) return {};
  const data: sheets_v4.Schema$CellData = structuredClone(cell);
  const effective = effectiveValueOf(cell.userEnteredValue);
  if (effective) data.effectiveValue = structuredClone(effective);
  const formatted = formattedValueOf(cell.userEnteredValue, cell.userEnteredFormat);
  if (formatted !== undefined) data.formattedValue = formatted;
  if (cell.userEnteredFormat) data.effectiveFormat = structuredClone(cell.userEnteredFormat);
  return data;
}

export function gridDataToApi(sheet: StoredSheet, block: CellBlock): sheets_v4.Schema$GridData {
  const rowData: sheets_v4.Schema$RowData[] = [];
  const lastRow = Math.min(block.endRow, sheet.rows.length);
  for (let r = block.startRow; r < lastRow; r += 1) {
    const cells = sheet.rows[r] ?? [];
    const values: sheets_v4.Schema$CellData[] = [];
    const lastColumn = Math.min(block.endColumn, cells.length);
    for (let c = block.startColumn; c < lastColumn; c += 1) values.push(cellToApi(cells[c] ?? undefined));
    rowData.push(values.length > 0 ? { values } : {});
  }
  while (rowData.length > 0 && rowData[rowData.length - 1]?.values === undefined) rowData.pop();
  const data: sheets_v4.Schema$GridData = {
    rowMetadata: Array.from({ length: block.endRow - block.startRow }, () => ({ pixelSize: 21 })),
    columnMetadata: Array.from({ length: block.endColumn - block.startColumn }, () => ({ pixelSize: 100 })),
  };
  if (block.startRow > 0) data.startRow = block.startRow;
  if (block.startColumn > 0) data.startColumn = block.startColumn;
  if (rowData.length > 0) data.rowData = rowData;
  return data;
}

export interface SpreadsheetView {
  spreadsheetUrl: string;
  includeGridData: boolean;
  /** When given, only these blocks are returned (and only their sheets), as spreadsheets.get?ranges= does. */
  blocks?: Array<{ sheet: StoredSheet; block: CellBlock }>;
}

export function spreadsheetToApi(spreadsheet: StoredSpreadsheet, view: SpreadsheetView): sheets_v4.Schema$Spreadsheet {
  const selected = view.blocks
    ? spreadsheet.sheets.filter((sheet) => view.blocks?.some((entry) => entry.sheet === sheet))
    : spreadsheet.sheets;
  return {
    spreadsheetId: spreadsheet.spreadsheetId,
    properties: structuredClone(spreadsheet.properties),
    sheets: selected.map((sheet) => {
      const apiSheet: sheets_v4.Schema$Sheet = { properties: structuredClone(sheet.properties) };
      if (sheet.protectedRanges.length > 0) apiSheet.protectedRanges = structuredClone(sheet.protectedRanges);
      if (view.includeGridData) {
        const blocks = view.blocks
          ? view.blocks.filter((entry) => entry.sheet === sheet).map((entry) => entry.block)
          : [clipToGrid(sheet, {})];
        apiSheet.data = blocks.map((block) => gridDataToApi(sheet, block));
      }
      return apiSheet;
    }),
    spreadsheetUrl: view.spreadsheetUrl,
  };
}
