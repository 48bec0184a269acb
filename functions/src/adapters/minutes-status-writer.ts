// Shows where each meeting's minutes stand in the Meetings 会议 tab's "Minutes status 纪要状态" column: one computed
// column, written like any other (computed-column-writer.ts): rows found by the ID they show, only cells that
// differ written, in one batch, nothing else in the row touched. A workbook set up before the column existed has
// no such column: the state record alone keeps the status until workbook:init adds it.
import type { MinutesStatusSheet } from '../ports/minutes-ports.ts';
import { computedColumnWriter } from './computed-column-writer.ts';
import type { SheetsAdapter } from './sheets.ts';

export function minutesStatusWriter(sheets: SheetsAdapter): MinutesStatusSheet {
  const column = computedColumnWriter(sheets);
  return {
    writeStatuses: (spreadsheetId, labels) => column.writeColumn(spreadsheetId, 'meetings', 'minutesStatus', labels),
  };
}
