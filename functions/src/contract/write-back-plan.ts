// Turns the server's answer for a set of rows into as few sheet writes as possible: every setValues() is a
// round trip that the user waits for inside the trigger, so contiguous rows are written as one block. Shared by
// the Apps Script trigger and by server-side writers (rows the tick creates or finalises), so both write the
// same cells. Imports types and header matching only: the Apps Script bundle must stay free of zod.
import type { EditResponse, RowResult } from './edit-request.ts';
import { findTab, matchHeaders } from '../domain/workbook/header-matching.ts';

/** FIRST_DATA_ROW_NUMBER of edit-request.ts, which the Apps Script bundle cannot import as a value. */
const FIRST_DATA_ROW = 2;

/** One Range.setValues() call: top-left cell (1-based) and the rows × columns of text to write there. */
export interface BlockWrite {
  readonly row: number;
  readonly column: number;
  readonly values: string[][];
}

export interface WriteBackPlan {
  /**
   * Values are in setValues()/USER_ENTERED form: every text carries a leading apostrophe so Sheets keeps it as
   * text. A consumer writing with the Sheets API's RAW option must strip it.
   */
  readonly writes: BlockWrite[];
  readonly idColumn: number | undefined;
  readonly statusColumn: number | undefined;
  /** System columns the answer could not be written to because the header lacks them. */
  readonly missingColumns: ('id' | 'status')[];
}

/**
 * setValues() parses text the way typing does: "=…" becomes a formula, "+86 138…" a number, "2026-11-28" a date,
 * "TRUE" a checkbox value, and which strings parse depends on the spreadsheet locale. The apostrophe is the
 * only way to say "this is text" through SpreadsheetApp, and Sheets does not keep it as part of the value.
 */
export function toLiteralText(text: string): string {
  return text === '' ? '' : `'${text}`;
}

function columnFromResponse(column: number | undefined, headerLength: number): number | undefined {
  return column !== undefined && Number.isInteger(column) && column >= 1 && column <= headerLength ? column : undefined;
}

/** 1-based ID and Status columns, matched the way the server matches them ('ID'/'编号', 'Status'/'状态', aliases). */
export function findSystemColumns(sheetName: string, headerRow: readonly unknown[]): { id: number | undefined; status: number | undefined } {
  const tab = findTab(sheetName);
  if (!tab) return { id: undefined, status: undefined };
  const { columns } = matchHeaders(tab, headerRow);
  const id = columns.get('id');
  const status = columns.get('status');
  return { id: id === undefined ? undefined : id + 1, status: status === undefined ? undefined : status + 1 };
}

/** Sorted by row, one result per row (the last one wins), header and out-of-range rows dropped. */
function orderResults(results: readonly RowResult[]): RowResult[] {
  const byRow = new Map<number, RowResult>();
  for (const result of results) {
    if (Number.isInteger(result.row) && result.row >= FIRST_DATA_ROW) byRow.set(result.row, result);
  }
  return [...byRow.values()].sort((a, b) => a.row - b.row);
}

function splitIntoRuns(results: readonly RowResult[]): RowResult[][] {
  const runs: RowResult[][] = [];
  for (const result of results) {
    // Index access rather than .at(): Apps Script's V8 is not guaranteed to have ES2022 built-ins.
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (run && last && result.row === last.row + 1) run.push(result);
    else runs.push([result]);
  }
  return runs;
}

export function planWriteBack(input: {
  readonly response: EditResponse;
  readonly sheetName: string;
  readonly headerRow: readonly unknown[];
  /**
   * 'computed': write only the computed system columns (the Attendance result the tick recomputes), leaving ID
   * and Status as they are. The default writes everything, as the edit trigger does.
   */
  readonly columns?: 'all' | 'computed';
}): WriteBackPlan {
  const found = findSystemColumns(input.sheetName, input.headerRow);
  // The server matched the very header we sent; its answer wins, the local match covers older servers.
  const idColumn = columnFromResponse(input.response.idColumn, input.headerRow.length) ?? found.id;
  const statusColumn = columnFromResponse(input.response.statusColumn, input.headerRow.length) ?? found.status;
  const missingColumns: ('id' | 'status')[] = [];
  if (idColumn === undefined) missingColumns.push('id');
  if (statusColumn === undefined) missingColumns.push('status');

  const idText = (result: RowResult): string => toLiteralText(result.id ?? '');
  const statusText = (result: RowResult): string => toLiteralText(result.status);

  const writes: BlockWrite[] = [];
  const runs = input.columns === 'computed' ? [] : splitIntoRuns(orderResults(input.response.results));
  for (const run of runs) {
    const row = (run[0] as RowResult).row;
    if (idColumn !== undefined && statusColumn !== undefined && Math.abs(idColumn - statusColumn) === 1) {
      const idFirst = idColumn < statusColumn;
      writes.push({
        row,
        column: Math.min(idColumn, statusColumn),
        values: run.map((result) => (idFirst ? [idText(result), statusText(result)] : [statusText(result), idText(result)])),
      });
      continue;
    }
    if (idColumn !== undefined) writes.push({ row, column: idColumn, values: run.map((result) => [idText(result)]) });
    if (statusColumn !== undefined) writes.push({ row, column: statusColumn, values: run.map((result) => [statusText(result)]) });
  }
  writes.push(...computedWrites(input.sheetName, input.headerRow, orderResults(input.response.results)));
  return { writes, idColumn, statusColumn, missingColumns };
}

/** Computed system columns (e.g. Attendance result): one write per contiguous run of rows per column. */
function computedWrites(sheetName: string, headerRow: readonly unknown[], results: readonly RowResult[]): BlockWrite[] {
  const tab = findTab(sheetName);
  if (!tab) return [];
  const { columns } = matchHeaders(tab, headerRow);
  const keys = new Set<string>();
  for (const result of results) for (const key of Object.keys(result.computed ?? {})) keys.add(key);
  const writes: BlockWrite[] = [];
  for (const key of keys) {
    const index = columns.get(key);
    if (index === undefined) continue;
    for (const run of splitIntoRuns(results.filter((result) => result.computed?.[key] !== undefined))) {
      writes.push({ row: (run[0] as RowResult).row, column: index + 1, values: run.map((result) => [toLiteralText(result.computed![key]!)]) });
    }
  }
  return writes;
}
