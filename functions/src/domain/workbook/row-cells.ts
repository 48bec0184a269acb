// Which cells the answer for a row writes, and where: the ID, the Status, and each computed system column the
// header has (the Attendance result). The sheetEdit answer carries them (RowResult.cells) so the script needs no
// header matching; the server's own writers (sheet-row-writer.ts) plan with the same function, so both write the
// same cells. Nothing else is ever named, so a cell a user typed in is never overwritten.
import type { CellWrite, RowResult } from '../../contract/edit-request.ts';
import type { RowWrite } from '../../contract/write-back-plan.ts';
import { findTab, matchHeaders } from './header-matching.ts';

/**
 * 'computed': only the computed system columns (the Attendance result the tick recomputes), leaving ID and Status
 * as they are. 'all' is what an edit's answer writes.
 */
export type CellSelection = 'all' | 'computed';

/** `columns`: column key → 0-based index in the header, as matchHeaders returns it. */
export function planRowCells(
  columns: ReadonlyMap<string, number>,
  result: RowResult,
  selection: CellSelection = 'all',
): CellWrite[] {
  const cells: CellWrite[] = [];
  const put = (key: string, value: string): void => {
    const index = columns.get(key);
    if (index !== undefined) cells.push({ column: index + 1, value });
  };
  if (selection === 'all') {
    put('id', result.id ?? '');
    put('status', result.status);
  }
  for (const [key, value] of Object.entries(result.computed ?? {})) {
    if (key !== 'id' && key !== 'status') put(key, value);
  }
  return cells.sort((a, b) => a.column - b.column);
}

/** The cells of each result for a tab with this header (none when the tab is unknown). */
export function planResultWrites(
  sheetName: string,
  headerRow: readonly unknown[],
  results: readonly RowResult[],
  selection: CellSelection = 'all',
): RowWrite[] {
  const tab = findTab(sheetName);
  if (!tab) return [];
  const { columns } = matchHeaders(tab, headerRow);
  return results.map((result) => ({ row: result.row, cells: planRowCells(columns, result, selection) }));
}
