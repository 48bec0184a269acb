// Shows recomputed Attendance results in the Attendance 签到 tab: find the tab (English or Chinese title), read
// its header, then only its ID and Result columns, and write the Result cells that differ, in one batch — at
// most 4 Sheets calls per tick, made only when a result changed or a meeting ended. Rows are found by the ID
// they show; ID and Status are never touched (planWriteBack's 'computed' columns). The cells about to be
// written are confirmed (`stillCurrent`: their records still hold the result the label shows) after the tab
// was read and just before the write, so an edit's own newer cell is not overwritten; what remains of that
// window is described in finalize-attendance.ts.
import { findTab, matchHeaders, toColumnLetter } from '../domain/workbook/header-matching.ts';
import { planResultCells } from '../domain/attendance/attendance-results.ts';
import type { AttendanceResultSheet } from '../ports/attendance-ports.ts';
import { writeRowResults } from './sheet-row-writer.ts';
import { a1Range, type SheetsAdapter } from './sheets.ts';

export function attendanceTabWriter(sheets: SheetsAdapter): AttendanceResultSheet {
  return {
    writeResults: (spreadsheetId, labels, stillCurrent) =>
      writeAttendanceResults(sheets, spreadsheetId, labels, stillCurrent),
  };
}

export async function writeAttendanceResults(
  sheets: SheetsAdapter,
  spreadsheetId: string,
  labels: ReadonlyMap<string, string>,
  stillCurrent: Parameters<AttendanceResultSheet['writeResults']>[2],
): Promise<number> {
  const spreadsheet = await sheets.getSpreadsheet(spreadsheetId);
  const title = (spreadsheet.sheets ?? [])
    .map((s) => s.properties?.title ?? '')
    .find((t) => findTab(t)?.key === 'attendance');
  if (!title) return 0; // no Attendance tab: the records alone keep the results
  const [header = []] = await sheets
    .readRanges(spreadsheetId, [a1Range(title, '1:1')])
    .then((ranges) => ranges[0] ?? []);
  const { columns } = matchHeaders(findTab(title)!, header);
  const idIndex = columns.get('id');
  const resultIndex = columns.get('result');
  if (idIndex === undefined || resultIndex === undefined) return 0; // nowhere to find rows, or to show results
  const column = (index: number) => a1Range(title, `${toColumnLetter(index)}2:${toColumnLetter(index)}`);
  const [ids = [], results = []] = await sheets.readRanges(spreadsheetId, [column(idIndex), column(resultIndex)]);
  const cells = ids.map((cells, offset) => ({ row: offset + 2, id: cells[0], result: results[offset]?.[0] }));
  const planned = planResultCells(cells, labels);
  if (planned.length === 0) return 0;
  const current = await stillCurrent([...new Set(planned.map((w) => w.id!))]);
  const writes = planned.filter((w) => current.has(w.id!));
  if (writes.length === 0) return 0;
  return writeRowResults(sheets, spreadsheetId, title, header, writes, { columns: 'computed' });
}
