// Writes per-row answers (ID, Status, computed columns such as the Attendance result) into a tab through the
// Sheets API, planned exactly as the Apps Script trigger plans its own write-back, in one values.batchUpdate.
// Used wherever the server itself changes rows: the local Apps Script stand-in, the rows a meeting series
// creates, and results the tick finalises after a meeting ends.
import type { RowResult } from '../contract/edit-request.ts';
import { toColumnLetter } from '../domain/workbook/header-matching.ts';
import { planWriteBack } from '../contract/write-back-plan.ts';
import { a1Range, type SheetsAdapter } from './sheets.ts';

/**
 * The plan is made for setValues(), which needs an apostrophe to keep text literal; the Sheets API with RAW
 * never interprets text, so the apostrophe comes off.
 */
function rawText(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}

/** Writes the results' cells; returns how many cells were written. */
export async function writeRowResults(
  sheets: SheetsAdapter,
  spreadsheetId: string,
  sheetName: string,
  headerRow: readonly unknown[],
  results: readonly RowResult[],
  options: { columns?: 'all' | 'computed' } = {},
): Promise<number> {
  const plan = planWriteBack({ response: { results: [...results] }, sheetName, headerRow, ...(options.columns ? { columns: options.columns } : {}) });
  const data = plan.writes.map((write) => {
    const width = write.values[0]?.length ?? 1;
    const cells = `${toColumnLetter(write.column - 1)}${write.row}:${toColumnLetter(write.column + width - 2)}${write.row + write.values.length - 1}`;
    return { range: a1Range(sheetName, cells), values: write.values.map((row) => row.map(rawText)) };
  });
  return sheets.writeRanges(spreadsheetId, data);
}
