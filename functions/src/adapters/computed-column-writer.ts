// Rewrites one computed system column of a tab (ComputedColumnSheet) the way attendance-tab-writer.ts writes the
// Attendance results: find the tab (English or Chinese title), read its header, then only its ID column and the
// computed one, and write the cells that differ in one batch (planWriteBack's 'computed' columns: ID and Status
// are never touched). At most 4 Sheets calls, one of them a write, and none when the tab or column is absent.
import { planComputedColumnCells } from '../domain/workbook/computed-column.ts';
import { findTab, matchHeaders, toColumnLetter } from '../domain/workbook/header-matching.ts';
import type { ComputedColumnSheet } from '../ports/action-ports.ts';
import { writeRowResults } from './sheet-row-writer.ts';
import { a1Range, type SheetsAdapter } from './sheets.ts';

export function computedColumnWriter(sheets: SheetsAdapter): ComputedColumnSheet {
  return {
    async writeColumn(spreadsheetId, tab, columnKey, values) {
      if (values.size === 0) return 0;
      const spreadsheet = await sheets.getSpreadsheet(spreadsheetId);
      const title = (spreadsheet.sheets ?? [])
        .map((s) => s.properties?.title ?? '')
        .find((t) => findTab(t)?.key === tab);
      if (!title) return 0;
      const [header = []] = await sheets
        .readRanges(spreadsheetId, [a1Range(title, '1:1')])
        .then((ranges) => ranges[0] ?? []);
      const { columns } = matchHeaders(findTab(title)!, header);
      const idIndex = columns.get('id');
      const valueIndex = columns.get(columnKey);
      if (idIndex === undefined || valueIndex === undefined) return 0;
      const column = (index: number) => a1Range(title, `${toColumnLetter(index)}2:${toColumnLetter(index)}`);
      const [ids = [], shown = []] = await sheets.readRanges(spreadsheetId, [column(idIndex), column(valueIndex)]);
      const cells = ids.map((row, offset) => ({ row: offset + 2, id: row[0], shown: shown[offset]?.[0] }));
      const writes = planComputedColumnCells(cells, columnKey, values);
      if (writes.length === 0) return 0;
      return writeRowResults(sheets, spreadsheetId, title, header, writes, { columns: 'computed' });
    },
  };
}
