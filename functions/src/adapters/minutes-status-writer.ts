// Shows where each meeting's minutes stand in the Meetings 会议 tab's "Minutes status 纪要状态" column: find the
// tab (English or Chinese title), read its header, then only its ID and Minutes status columns, and write the
// cells that differ in one batch (at most 4 Sheets calls, made only when a state changed). Rows are found by the
// ID they show; nothing else in the row is touched (planWriteBack's 'computed' columns).
import type { RowResult } from '../contract/edit-request.ts';
import { findTab, matchHeaders, toColumnLetter } from '../domain/workbook/header-matching.ts';
import type { MinutesStatusSheet } from '../ports/minutes-ports.ts';
import { writeRowResults } from './sheet-row-writer.ts';
import { a1Range, type SheetsAdapter } from './sheets.ts';

export function minutesStatusWriter(sheets: SheetsAdapter): MinutesStatusSheet {
  return { writeStatuses: (spreadsheetId, labels) => writeMinutesStatuses(sheets, spreadsheetId, labels) };
}

export async function writeMinutesStatuses(
  sheets: SheetsAdapter,
  spreadsheetId: string,
  labels: ReadonlyMap<string, string>,
): Promise<number> {
  if (labels.size === 0) return 0;
  const spreadsheet = await sheets.getSpreadsheet(spreadsheetId);
  const title = (spreadsheet.sheets ?? [])
    .map((s) => s.properties?.title ?? '')
    .find((t) => findTab(t)?.key === 'meetings');
  if (!title) return 0;
  const [header = []] = await sheets
    .readRanges(spreadsheetId, [a1Range(title, '1:1')])
    .then((ranges) => ranges[0] ?? []);
  const { columns } = matchHeaders(findTab(title)!, header);
  const idIndex = columns.get('id');
  const statusIndex = columns.get('minutesStatus');
  // No such column (a workbook set up before it existed): the state record alone keeps it until workbook:init.
  if (idIndex === undefined || statusIndex === undefined) return 0;
  const column = (index: number) => a1Range(title, `${toColumnLetter(index)}2:${toColumnLetter(index)}`);
  const [ids = [], shown = []] = await sheets.readRanges(spreadsheetId, [column(idIndex), column(statusIndex)]);
  const writes: RowResult[] = [];
  ids.forEach((cells, offset) => {
    const id = typeof cells[0] === 'string' ? cells[0].trim() : '';
    const label = labels.get(id);
    const current = shown[offset]?.[0];
    if (label === undefined || (current === null || current === undefined ? '' : String(current)) === label) return;
    writes.push({ row: offset + 2, id, status: '', messages: [], computed: { minutesStatus: label } });
  });
  if (writes.length === 0) return 0;
  return writeRowResults(sheets, spreadsheetId, title, header, writes, { columns: 'computed' });
}
