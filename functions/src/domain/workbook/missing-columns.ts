// A column missing from the sheet (its header renamed, deleted, or never added) says nothing about the values
// stored under it: an empty cell in a present column means "cleared", an absent column means "not shown here".
// So a row that holds a stored record is read with that record's values for every missing column: the record
// keeps them, row rules that need them (a dealer conference needs a venue) see them, and nothing looks changed,
// so no change notice goes out; restoring the header shows the same values again and changes nothing either.
// The stored values are canonical (ISO dates, enum keys, normalised e-mails), which the cell readers accept as
// typed text, so they go through the same validation as the other cells (test/domain/workbook/missing-columns).
import { formatMessage } from '../messages.ts';
import type { RowMessage } from './row-schemas.ts';
import { type ColumnSpec, type TabSpec, labelOf, listInputColumns } from './workbook-schema.ts';

type Cell = string | number | boolean | null;

/** The input columns of `tab` the header does not show (a duplicated header is refused elsewhere). */
export function missingInputColumns(tab: TabSpec, columns: ReadonlyMap<string, number>): ColumnSpec[] {
  return listInputColumns(tab).filter((column) => !columns.has(column.key));
}

function columnMessage(code: 'COLUMN_MISSING_KEPT' | 'COLUMN_MISSING', column: ColumnSpec): RowMessage {
  const params = { column: labelOf(column) };
  return { code, column: column.key, en: formatMessage(code, params, 'en'), zh: formatMessage(code, params, 'zh') };
}

function asCell(value: unknown): Cell | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

/**
 * Fills `cells` (column key → cell) with the stored values of the missing columns; answers a note for each
 * column whose stored value was kept, so the Status says which column is missing.
 */
export function keepMissingColumns(
  cells: Record<string, Cell>,
  missing: readonly ColumnSpec[],
  stored: Readonly<Record<string, unknown>> | undefined,
): RowMessage[] {
  if (!stored) return [];
  const kept: RowMessage[] = [];
  for (const column of missing) {
    const value = asCell(stored[column.key]);
    if (value === undefined) continue;
    cells[column.key] = value;
    // A column with a default (a customer's Owner) is optional in a sheet: keeping its value needs no note.
    if (column.defaultFrom === undefined) kept.push(columnMessage('COLUMN_MISSING_KEPT', column));
  }
  return kept;
}

/** For a refused row: the missing columns its messages are about, so the user learns why they cannot fix it. */
export function missingColumnNotes(messages: readonly RowMessage[], missing: readonly ColumnSpec[]): RowMessage[] {
  const about = new Set(messages.map((m) => m.column));
  return missing.filter((column) => about.has(column.key)).map((column) => columnMessage('COLUMN_MISSING', column));
}
