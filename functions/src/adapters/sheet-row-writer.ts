// Writes per-row answers (ID, Status, computed columns such as the Attendance result) into a tab through the
// Sheets API, in one values.batchUpdate: the cells are planned by the same function that fills the sheetEdit
// answer (domain/workbook/row-cells.ts) and grouped into ranges by the same function the Apps Script trigger
// uses (contract/write-back-plan.ts), so the server writes exactly what the script would. Used wherever the
// server itself changes rows: the local Apps Script stand-in, the rows a meeting series creates, and results the
// tick finalises after a meeting ends.
import type { RowResult } from '../contract/edit-request.ts';
import { type RowWrite, planBlockWrites } from '../contract/write-back-plan.ts';
import { toColumnLetter } from '../domain/workbook/header-matching.ts';
import { type CellSelection, planResultWrites } from '../domain/workbook/row-cells.ts';
import { a1Range, type SheetsAdapter } from './sheets.ts';

/** Writes the results' cells; returns how many cells were written. */
export async function writeRowResults(
  sheets: SheetsAdapter,
  spreadsheetId: string,
  sheetName: string,
  headerRow: readonly unknown[],
  results: readonly RowResult[],
  options: { columns?: CellSelection } = {},
): Promise<number> {
  return writeRowCells(
    sheets,
    spreadsheetId,
    sheetName,
    planResultWrites(sheetName, headerRow, results, options.columns),
  );
}

/** Writes exactly these cells, RAW (the Sheets API never evaluates or converts them); returns the cell count. */
export async function writeRowCells(
  sheets: SheetsAdapter,
  spreadsheetId: string,
  sheetName: string,
  rows: readonly RowWrite[],
): Promise<number> {
  const data = planBlockWrites(rows).map((write) => {
    const width = write.values[0]?.length ?? 1;
    const first = `${toColumnLetter(write.column - 1)}${write.row}`;
    const last = `${toColumnLetter(write.column + width - 2)}${write.row + write.values.length - 1}`;
    return { range: a1Range(sheetName, `${first}:${last}`), values: write.values };
  });
  return data.length === 0 ? 0 : sheets.writeRanges(spreadsheetId, data);
}
