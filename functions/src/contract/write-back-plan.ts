// Turns the cells to write (RowResult.cells, one list per row) into as few range writes as possible: every
// setValues() is a round trip the user waits for inside the trigger, and every range a Sheets API write carries,
// so a block of consecutive rows writing the same adjacent columns becomes one write. Shared by the Apps Script
// trigger and the server's own writers (sheet-row-writer.ts), so both write exactly the same cells. Pure, and
// imports nothing outside contract/: it is bundled into Apps Script.
import { FIRST_DATA_ROW_NUMBER } from './edit-request.ts';
import type { CellWrite } from './edit-request.ts';

/** The cells of one sheet row to write. */
export interface RowWrite {
  readonly row: number;
  readonly cells: readonly CellWrite[];
}

/** One range write: top-left cell (1-based) and the rows × columns of text to write there, as RAW text. */
export interface BlockWrite {
  readonly row: number;
  readonly column: number;
  readonly values: string[][];
}

interface Segment {
  readonly column: number;
  readonly values: string[];
}

/** A row's cells as runs of adjacent columns; a column named twice keeps its last value. */
function segmentsOf(cells: readonly CellWrite[]): Segment[] {
  const byColumn = new Map<number, string>();
  for (const cell of cells) {
    const valid = Number.isInteger(cell.column) && cell.column >= 1 && typeof cell.value === 'string';
    if (valid) byColumn.set(cell.column, cell.value);
  }
  const columns = [...byColumn.keys()].sort((a, b) => a - b);
  const segments: { column: number; values: string[] }[] = [];
  for (const column of columns) {
    // Index access rather than .at(): Apps Script's V8 is not guaranteed to have ES2022 built-ins.
    const last = segments[segments.length - 1];
    if (last && last.column + last.values.length === column) last.values.push(byColumn.get(column) as string);
    else segments.push({ column, values: [byColumn.get(column) as string] });
  }
  return segments;
}

function shapeOf(segments: readonly Segment[]): string {
  return segments.map((segment) => `${segment.column}+${segment.values.length}`).join(',');
}

/**
 * The block writes for these rows: one row listed twice keeps its last list, header and out-of-range rows are
 * dropped, and consecutive rows whose cells cover the same columns share one write per run of adjacent columns.
 */
export function planBlockWrites(rows: readonly RowWrite[]): BlockWrite[] {
  const byRow = new Map<number, readonly CellWrite[]>();
  for (const row of rows) {
    if (Number.isInteger(row.row) && row.row >= FIRST_DATA_ROW_NUMBER) byRow.set(row.row, row.cells);
  }
  const ordered = [...byRow.entries()].sort((a, b) => a[0] - b[0]);

  const writes: BlockWrite[] = [];
  let run: { row: number; shape: string; segments: Segment[][] } | undefined;
  const flush = (): void => {
    if (!run) return;
    const first = run.segments[0] ?? [];
    first.forEach((segment, index) => {
      writes.push({
        row: run!.row,
        column: segment.column,
        values: run!.segments.map((segments) => (segments[index] as Segment).values),
      });
    });
    run = undefined;
  };
  for (const [row, cells] of ordered) {
    const segments = segmentsOf(cells);
    if (segments.length === 0) {
      flush();
      continue;
    }
    const shape = shapeOf(segments);
    if (run && run.shape === shape && run.row + run.segments.length === row) run.segments.push(segments);
    else {
      flush();
      run = { row, shape, segments: [segments] };
    }
  }
  flush();
  return writes;
}
