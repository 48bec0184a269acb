// Which cells of one computed system column the tick rewrites (the Actions tab's Overdue days, the Agenda tab's
// open actions carried over): rows are found by the ID they show, never by a stored row number (rows move when
// others are inserted or sorted), and only cells that show something else are written, so a quiet day costs a
// read and no write.
import type { RowResult } from '../../contract/edit-request.ts';

export interface ShownCell {
  /** 1-based sheet row. */
  row: number;
  id: unknown;
  shown: unknown;
}

/** The writes (as RowResults with only `computed` set) that make `column` show `values` (record ID → text). */
export function planComputedColumnCells(
  cells: readonly ShownCell[],
  column: string,
  values: ReadonlyMap<string, string>,
): RowResult[] {
  const writes: RowResult[] = [];
  for (const cell of cells) {
    const id = typeof cell.id === 'string' ? cell.id.trim() : '';
    const value = values.get(id);
    if (value === undefined) continue;
    const shown = cell.shown === null || cell.shown === undefined ? '' : String(cell.shown);
    if (shown === value) continue;
    writes.push({ row: cell.row, id, status: '', messages: [], computed: { [column]: value } });
  }
  return writes;
}
