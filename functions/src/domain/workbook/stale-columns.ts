// Concurrent edits of one row: each trigger reads the whole row right after its own cell was written and posts
// it, and requests overtake each other. So a request may carry the other columns as they were before another
// edit of the same row was applied: storing its whole row would put those older values back (a lost field).
// When the stored record was written after the request's row was read (`sentAt`, stamped by the script right
// after reading), the record is the newer source for every column the request did not edit: those columns are
// read from it, and only the edited columns come from the request; validation then sees the merged row. When the
// record is older than the read, the request's row is the newest view of every column and is taken as it is, so
// an edit still carries along whatever else the row shows (a value whose own trigger never arrived).
// The stored values are canonical (ISO dates, enum keys, normalised e-mails), which the cell readers accept as
// typed text (missing-columns.ts relies on the same).
import type { EditedColumns } from '../../contract/edit-request.ts';

type Cell = string | number | boolean | null;

function asCell(value: unknown): Cell {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

/**
 * Whether the request's row may have been read before the stored record was last written (ISO instants; false if
 * unknown). Equal instants count as "may have": times have millisecond steps (and a pinned clock gives every write
 * the same one), so a write in the same millisecond as the read may have come after it. Erring that way is safe:
 * the stored record then supplies the columns this request did not edit, and a value typed there whose own edit
 * has not arrived yet still comes with that edit (or with the next resync); erring the other way puts older
 * values back over newer ones.
 */
export function readBeforeStored(sentAt: string, storedUpdatedAt: string | null | undefined): boolean {
  if (!storedUpdatedAt) return false;
  const read = Date.parse(sentAt);
  const stored = Date.parse(storedUpdatedAt);
  return Number.isFinite(read) && Number.isFinite(stored) && stored >= read;
}

/**
 * Replaces, in `cells` (column key → cell), every input column outside `edited` with the stored record's value.
 * `columns`: column key → 0-based header index; `inputKeys`: the tab's input columns (system ones are never read).
 */
export function keepNewerStoredColumns(
  cells: Record<string, Cell>,
  columns: ReadonlyMap<string, number>,
  inputKeys: ReadonlySet<string>,
  edited: EditedColumns,
  stored: Readonly<Record<string, unknown>>,
): void {
  for (const [key, index] of columns) {
    const column = index + 1;
    if (!inputKeys.has(key) || (column >= edited.first && column <= edited.last)) continue;
    cells[key] = asCell(stored[key]);
  }
}
