// What workflows need from the spreadsheet itself (Sheets API): rows to read and append, answers to write
// back, and the Outbox tab to refresh. Types only.
import type { RowResult } from '../contract/edit-request.ts';
import type { RowWrite } from '../contract/write-back-plan.ts';

/** A cell as the Sheets API returns it with UNFORMATTED_VALUE. */
export type SheetCell = string | number | boolean;

export interface WorkbookSheets {
  /** The titles of the workbook's tabs, in sheet order. */
  tabTitles(spreadsheetId: string): Promise<string[]>;
  /** Every row of a tab as typed values; trailing blanks trimmed. */
  readTab(spreadsheetId: string, title: string): Promise<SheetCell[][]>;
  /** Several tabs' rows in one read (values.batchGet), in the order of `titles`; trailing blanks trimmed. */
  readTabs(spreadsheetId: string, titles: readonly string[]): Promise<SheetCell[][][]>;
  /** Inserts the rows at `atRow` (1-based) and answers the first row they landed on. */
  appendRows(spreadsheetId: string, title: string, values: SheetCell[][], atRow: number): Promise<number>;
  /** Writes rows' ID, Status and computed cells, planned as the Apps Script write-back; cells written. */
  writeRowResults(
    spreadsheetId: string,
    title: string,
    header: readonly unknown[],
    results: readonly RowResult[],
  ): Promise<number>;

  /** Writes exactly these cells (RAW), grouped into as few ranges as the script would; cells written. */
  writeCells(spreadsheetId: string, title: string, rows: readonly RowWrite[]): Promise<number>;
}

export interface OutboxTab {
  /** Rewrites the Outbox tab from the outbox, times shown in `timeZone`; false when the workbook has no such tab. */
  refresh(workbookId: string, timeZone: string): Promise<boolean>;
}
