// spreadsheets.values.*: reading and writing plain values over A1 ranges.
import type { sheets_v4 } from '@googleapis/sheets';
import { columnLetters } from './a1-notation.ts';
import { invalidArgument } from './api-error.ts';
import {
  type CellBlock,
  type StoredSheet,
  type StoredSpreadsheet,
  assertWithinGrid,
  clipToGrid,
  formatBlock,
  getCell,
  growToFit,
  insertDimension,
  resolveA1Range,
  setCell,
} from './sheets-model.ts';
import {
  type DateTimeRenderOption,
  type ScalarValue,
  type ValueInputOption,
  type ValueRenderOption,
  parseInputValue,
  renderCellValue,
} from './sheets-cell-values.ts';

export type MajorDimension = 'ROWS' | 'COLUMNS';

export interface ReadOptions {
  majorDimension: MajorDimension;
  valueRenderOption: ValueRenderOption;
  dateTimeRenderOption: DateTimeRenderOption;
}

export interface WriteOptions {
  valueInputOption: ValueInputOption;
  includeValuesInResponse: boolean;
  responseValueRenderOption: ValueRenderOption;
  responseDateTimeRenderOption: DateTimeRenderOption;
}

export function getValues(
  spreadsheet: StoredSpreadsheet,
  rangeText: string,
  options: ReadOptions,
): sheets_v4.Schema$ValueRange {
  const { sheet, range } = resolveA1Range(spreadsheet, rangeText);
  const block = clipToGrid(sheet, range);
  assertWithinGrid(sheet, block, rangeText);
  block.endRow = Math.min(block.endRow, sheet.properties.gridProperties.rowCount);
  block.endColumn = Math.min(block.endColumn, sheet.properties.gridProperties.columnCount);
  return readBlock(sheet, block, options);
}

/** Values of a block with trailing empty rows and cells trimmed, as the API returns them. */
export function readBlock(sheet: StoredSheet, block: CellBlock, options: ReadOptions): sheets_v4.Schema$ValueRange {
  const grid: Array<Array<ScalarValue | undefined>> = [];
  const lastRow = Math.min(block.endRow, sheet.rows.length);
  for (let r = block.startRow; r < lastRow; r += 1) {
    const line: Array<ScalarValue | undefined> = [];
    const cells = sheet.rows[r];
    const lastColumn = Math.min(block.endColumn, cells?.length ?? 0);
    for (let c = block.startColumn; c < lastColumn; c += 1) {
      const cell = getCell(sheet, r, c);
      line.push(
        renderCellValue(
          cell?.userEnteredValue,
          cell?.userEnteredFormat,
          options.valueRenderOption,
          options.dateTimeRenderOption,
        ),
      );
    }
    grid.push(line);
  }
  const oriented = options.majorDimension === 'COLUMNS' ? transpose(grid) : grid;
  const values = trimTrailing(oriented);
  const result: sheets_v4.Schema$ValueRange = {
    range: formatBlock(sheet, block),
    majorDimension: options.majorDimension,
  };
  if (values.length > 0) result.values = values;
  return result;
}

function transpose(grid: Array<Array<ScalarValue | undefined>>): Array<Array<ScalarValue | undefined>> {
  const width = Math.max(0, ...grid.map((line) => line.length));
  return Array.from({ length: width }, (_, c) => grid.map((line) => line[c]));
}

function trimTrailing(grid: Array<Array<ScalarValue | undefined>>): ScalarValue[][] {
  const lines = grid.map((line) => {
    let end = line.length;
    while (end > 0 && (line[end - 1] === undefined || line[end - 1] === '')) end -= 1;
    // Empty cells before the last value come back as "" (the API never sends null inside a row).
    return line.slice(0, end).map((value) => value ?? '');
  });
  while (lines.length > 0 && lines[lines.length - 1]?.length === 0) lines.pop();
  return lines;
}

export function updateValues(
  spreadsheet: StoredSpreadsheet,
  rangeText: string,
  body: sheets_v4.Schema$ValueRange | undefined,
  options: WriteOptions,
): sheets_v4.Schema$UpdateValuesResponse {
  const { sheet, range } = resolveA1Range(spreadsheet, rangeText);
  if (body?.range != null && body.range !== '' && resolveA1Range(spreadsheet, body.range).sheet !== sheet) {
    throw invalidArgument(
      `Requested writing within range [${rangeText}], but tried writing to [${body.range}]. The range in the ` +
        'request body must match the range in the URL.',
    );
  }
  const rows = orientRows(body?.values ?? [], parseMajorDimension(body?.majorDimension));
  // A single cell is only where writing starts (`Sheet1!A1` is the usual way to write a whole table).
  const singleCell = range.endRow === (range.startRow ?? 0) + 1 && range.endColumn === (range.startColumn ?? 0) + 1;
  const limit: CellBlock = {
    startRow: range.startRow ?? 0,
    startColumn: range.startColumn ?? 0,
    endRow: singleCell ? Number.POSITIVE_INFINITY : (range.endRow ?? Number.POSITIVE_INFINITY),
    endColumn: singleCell ? Number.POSITIVE_INFINITY : (range.endColumn ?? Number.POSITIVE_INFINITY),
  };
  return writeRows(spreadsheet, sheet, limit, rows, options, rangeText);
}

export function appendValues(
  spreadsheet: StoredSpreadsheet,
  rangeText: string,
  body: sheets_v4.Schema$ValueRange | undefined,
  options: WriteOptions & { insertDataOption: 'OVERWRITE' | 'INSERT_ROWS' },
): sheets_v4.Schema$AppendValuesResponse {
  const { sheet, range } = resolveA1Range(spreadsheet, rangeText);
  const search = clipToGrid(sheet, range);
  const table = findTable(sheet, search);
  const rows = orientRows(body?.values ?? [], parseMajorDimension(body?.majorDimension));
  const startRow = table ? table.endRow : search.startRow;
  const startColumn = table ? table.startColumn : search.startColumn;
  if (options.insertDataOption === 'INSERT_ROWS' && rows.length > 0) {
    insertDimension(sheet, 'ROWS', startRow, startRow + rows.length);
  }
  const limit: CellBlock = {
    startRow,
    startColumn,
    endRow: Number.POSITIVE_INFINITY,
    endColumn: Number.POSITIVE_INFINITY,
  };
  const updates = writeRows(spreadsheet, sheet, limit, rows, options, rangeText);
  const response: sheets_v4.Schema$AppendValuesResponse = { spreadsheetId: spreadsheet.spreadsheetId, updates };
  if (table) response.tableRange = formatBlock(sheet, table);
  return response;
}

/**
 * The "table" values.append appends to: the rows from the first to the last one holding a value inside the
 * searched block, and the columns those values span. Appending goes below its last row.
 */
function findTable(sheet: StoredSheet, search: CellBlock): CellBlock | undefined {
  let table: CellBlock | undefined;
  const lastRow = Math.min(search.endRow, sheet.rows.length);
  for (let r = search.startRow; r < lastRow; r += 1) {
    const cells = sheet.rows[r];
    if (!cells) continue;
    const lastColumn = Math.min(search.endColumn, cells.length);
    for (let c = search.startColumn; c < lastColumn; c += 1) {
      if (cells[c]?.userEnteredValue === undefined) continue;
      table ??= { startRow: r, endRow: r + 1, startColumn: c, endColumn: c + 1 };
      table.endRow = r + 1;
      table.startColumn = Math.min(table.startColumn, c);
      table.endColumn = Math.max(table.endColumn, c + 1);
    }
  }
  return table;
}

function writeRows(
  spreadsheet: StoredSpreadsheet,
  sheet: StoredSheet,
  limit: CellBlock,
  rows: unknown[][],
  options: WriteOptions,
  rangeText: string,
): sheets_v4.Schema$UpdateValuesResponse {
  const width = Math.max(0, ...rows.map((row) => row.length));
  const written: CellBlock = {
    startRow: limit.startRow,
    startColumn: limit.startColumn,
    endRow: limit.startRow + rows.length,
    endColumn: limit.startColumn + width,
  };
  if (written.endRow > limit.endRow) {
    throw invalidArgument(
      `Requested writing within range [${rangeText}], but tried writing to row [${written.endRow}]`,
    );
  }
  if (written.endColumn > limit.endColumn) {
    throw invalidArgument(
      `Requested writing within range [${rangeText}], but tried writing to column ` +
        `[${columnLetters(written.endColumn - 1)}]`,
    );
  }
  const response: sheets_v4.Schema$UpdateValuesResponse = { spreadsheetId: spreadsheet.spreadsheetId };
  if (rows.length === 0 || width === 0) return response;
  growToFit(sheet, written.endRow, written.endColumn);
  let updatedCells = 0;
  const touchedColumns = new Set<number>();
  const touchedRows = new Set<number>();
  rows.forEach((row, r) => {
    row.forEach((input, c) => {
      // null means "leave this cell alone"; "" clears it.
      if (input === null || input === undefined) return;
      const rowIndex = written.startRow + r;
      const columnIndex = written.startColumn + c;
      const parsed = parseInputValue(input, options.valueInputOption);
      const previous = getCell(sheet, rowIndex, columnIndex) ?? {};
      const next = { ...previous };
      if (parsed.value) next.userEnteredValue = parsed.value;
      else delete next.userEnteredValue;
      if (parsed.numberFormat)
        next.userEnteredFormat = { ...(previous.userEnteredFormat ?? {}), numberFormat: parsed.numberFormat };
      setCell(sheet, rowIndex, columnIndex, next);
      updatedCells += 1;
      touchedRows.add(rowIndex);
      touchedColumns.add(columnIndex);
    });
  });
  response.updatedRange = formatBlock(sheet, written);
  response.updatedRows = touchedRows.size;
  response.updatedColumns = touchedColumns.size;
  response.updatedCells = updatedCells;
  if (options.includeValuesInResponse) {
    response.updatedData = readBlock(sheet, written, {
      majorDimension: 'ROWS',
      valueRenderOption: options.responseValueRenderOption,
      dateTimeRenderOption: options.responseDateTimeRenderOption,
    });
  }
  return response;
}

export function clearValues(spreadsheet: StoredSpreadsheet, rangeText: string): string {
  const { sheet, range } = resolveA1Range(spreadsheet, rangeText);
  const block = clipToGrid(sheet, range);
  assertWithinGrid(sheet, block, rangeText);
  block.endRow = Math.min(block.endRow, sheet.properties.gridProperties.rowCount);
  block.endColumn = Math.min(block.endColumn, sheet.properties.gridProperties.columnCount);
  const lastRow = Math.min(block.endRow, sheet.rows.length);
  for (let r = block.startRow; r < lastRow; r += 1) {
    const lastColumn = Math.min(block.endColumn, sheet.rows[r]?.length ?? 0);
    for (let c = block.startColumn; c < lastColumn; c += 1) {
      const cell = getCell(sheet, r, c);
      // Clearing values keeps formatting and validation, as values.clear does.
      if (cell?.userEnteredValue !== undefined) {
        const { userEnteredValue: _cleared, ...rest } = cell;
        setCell(sheet, r, c, rest);
      }
    }
  }
  return formatBlock(sheet, block);
}

function orientRows(values: unknown, majorDimension: MajorDimension): unknown[][] {
  if (!Array.isArray(values)) throw invalidArgument("Invalid value at 'data.values': expected a list of lists.");
  const lines = values.map((line) => {
    if (!Array.isArray(line)) throw invalidArgument("Invalid value at 'data.values': expected a list of lists.");
    return line as unknown[];
  });
  if (majorDimension === 'ROWS') return lines;
  const height = Math.max(0, ...lines.map((line) => line.length));
  return Array.from({ length: height }, (_, r) => lines.map((line) => line[r]));
}

export function parseMajorDimension(value: string | null | undefined): MajorDimension {
  if (value == null || value === '' || value === 'ROWS' || value === 'DIMENSION_UNSPECIFIED') return 'ROWS';
  if (value === 'COLUMNS') return 'COLUMNS';
  throw invalidArgument(
    `Invalid value at 'major_dimension' (type.googleapis.com/google.apps.sheets.v4.Dimension), "${value}"`,
  );
}
