// The spreadsheet as series generation uses it (WorkbookSheets): tab titles, rows to read and insert, and
// the ID/Status answers written back as the Apps Script would write them. A plain object over SheetsAdapter,
// so a test can replace one method (a failing append) by spreading it.
import type { WorkbookSheets } from '../ports/sheet-ports.ts';
import { writeRowCells, writeRowResults } from './sheet-row-writer.ts';
import { a1Range, type SheetsAdapter } from './sheets.ts';

export function sheetsWorkbook(sheets: SheetsAdapter): WorkbookSheets {
  return {
    tabTitles: async (spreadsheetId) => {
      const spreadsheet = await sheets.getSpreadsheet(spreadsheetId);
      return (spreadsheet.sheets ?? []).map((sheet) => sheet.properties?.title ?? '');
    },
    readTab: (spreadsheetId, title) => sheets.readTab(spreadsheetId, title),
    readTabs: (spreadsheetId, titles) =>
      titles.length === 0
        ? Promise.resolve([])
        : sheets.readRanges(
            spreadsheetId,
            titles.map((t) => a1Range(t)),
          ),
    appendRows: (spreadsheetId, title, values, atRow) => sheets.appendRows(spreadsheetId, title, values, atRow),
    writeRowResults: (spreadsheetId, title, header, results) =>
      writeRowResults(sheets, spreadsheetId, title, header, results),
    writeCells: (spreadsheetId, title, rows) => writeRowCells(sheets, spreadsheetId, title, rows),
  };
}
