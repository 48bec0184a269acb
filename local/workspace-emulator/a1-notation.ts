// A1 notation as the Sheets API v4 accepts it: `'Sheet 1'!A1:C3`, `Sheet1!A:C`, `2:5`, `A2:C`, `B7`, `Sheet1`.
// Indexes are zero-based and ends are exclusive, like a Sheets GridRange; `undefined` means "unbounded".

export interface A1Range {
  /** undefined when the text named no sheet (the API then uses the first visible sheet). */
  sheetTitle?: string;
  /** true when the text was only a sheet name: the whole sheet. */
  wholeSheet: boolean;
  startRow?: number;
  endRow?: number;
  startColumn?: number;
  endColumn?: number;
}

interface CellReference {
  row?: number;
  column?: number;
}

const CELL_REFERENCE = /^\$?([A-Za-z]{1,3})?\$?([0-9]{1,7})?$/;

/** Returns undefined for text the API would answer with "Unable to parse range". */
export function parseA1Range(text: string): A1Range | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const split = splitSheetPart(trimmed);
  if (!split) return undefined;
  const { sheetTitle, cells } = split;
  if (cells === undefined) {
    return sheetTitle === undefined || sheetTitle === '' ? undefined : { sheetTitle, wholeSheet: true };
  }
  const bounds = parseCellPart(cells);
  if (!bounds) return undefined;
  return sheetTitle === undefined ? { wholeSheet: false, ...bounds } : { sheetTitle, wholeSheet: false, ...bounds };
}

/** Whether the text, with no `!`, reads as cells (`A1`, `A:C`, `2:5`) rather than as a sheet name. */
export function looksLikeCellPart(text: string): boolean {
  return parseCellPart(text.trim()) !== undefined;
}

function splitSheetPart(text: string): { sheetTitle?: string; cells?: string } | undefined {
  if (text.startsWith("'")) {
    let title = '';
    let index = 1;
    for (;;) {
      if (index >= text.length) return undefined;
      const char = text[index];
      if (char === "'") {
        if (text[index + 1] === "'") {
          title += "'";
          index += 2;
          continue;
        }
        index += 1;
        break;
      }
      title += char;
      index += 1;
    }
    if (index === text.length) return { sheetTitle: title };
    if (text[index] !== '!') return undefined;
    return { sheetTitle: title, cells: text.slice(index + 1) };
  }
  const bang = text.lastIndexOf('!');
  if (bang === -1) {
    // Without a `!` the text is either cells on the first sheet or a sheet name; callers that know the
    // sheet titles resolve the ambiguity (see resolveSheetOrCells), here cells win when they parse.
    return looksLikeCellPart(text) ? { cells: text } : { sheetTitle: text };
  }
  return { sheetTitle: text.slice(0, bang), cells: text.slice(bang + 1) };
}

function parseCellPart(text: string): Omit<A1Range, 'sheetTitle' | 'wholeSheet'> | undefined {
  const parts = text.split(':');
  if (parts.length > 2) return undefined;
  const first = parseCellReference(parts[0] ?? '');
  if (!first) return undefined;
  if (parts.length === 1) {
    // A lone cell needs both a column and a row: `A` or `2` alone is not a range.
    if (first.row === undefined || first.column === undefined) return undefined;
    return { startRow: first.row, endRow: first.row + 1, startColumn: first.column, endColumn: first.column + 1 };
  }
  const second = parseCellReference(parts[1] ?? '');
  if (!second) return undefined;
  const rowsOnly = first.column === undefined && second.column === undefined;
  const columnsOnly = first.row === undefined && second.row === undefined;
  if (rowsOnly) {
    if (first.row === undefined || second.row === undefined) return undefined;
    const [low, high] = ordered(first.row, second.row);
    return { startRow: low, endRow: high + 1 };
  }
  if (columnsOnly) {
    if (first.column === undefined || second.column === undefined) return undefined;
    const [low, high] = ordered(first.column, second.column);
    return { startColumn: low, endColumn: high + 1 };
  }
  // Mixed forms: `A2:C` (open-ended rows), `A:C5`, `A1:5`. A missing part leaves that bound open.
  const columns = boundsOf(first.column, second.column);
  const rows = boundsOf(first.row, second.row);
  if (!columns || !rows) return undefined;
  return { ...rowsAs(rows), ...columnsAs(columns) };
}

function boundsOf(a: number | undefined, b: number | undefined): { start?: number; end?: number } | undefined {
  if (a !== undefined && b !== undefined) {
    const [low, high] = ordered(a, b);
    return { start: low, end: high + 1 };
  }
  if (a !== undefined) return { start: a };
  if (b !== undefined) return { start: 0, end: b + 1 };
  return {};
}

function rowsAs(bounds: { start?: number; end?: number }): Pick<A1Range, 'startRow' | 'endRow'> {
  const out: Pick<A1Range, 'startRow' | 'endRow'> = {};
  if (bounds.start !== undefined) out.startRow = bounds.start;
  if (bounds.end !== undefined) out.endRow = bounds.end;
  return out;
}

function columnsAs(bounds: { start?: number; end?: number }): Pick<A1Range, 'startColumn' | 'endColumn'> {
  const out: Pick<A1Range, 'startColumn' | 'endColumn'> = {};
  if (bounds.start !== undefined) out.startColumn = bounds.start;
  if (bounds.end !== undefined) out.endColumn = bounds.end;
  return out;
}

function parseCellReference(text: string): CellReference | undefined {
  const match = CELL_REFERENCE.exec(text);
  if (!match) return undefined;
  const [, letters, digits] = match;
  if (letters === undefined && digits === undefined) return undefined;
  const reference: CellReference = {};
  if (letters !== undefined) reference.column = columnIndexFromLetters(letters);
  if (digits !== undefined) {
    const row = Number(digits);
    if (row < 1) return undefined;
    reference.row = row - 1;
  }
  return reference;
}

function ordered(a: number, b: number): [number, number] {
  return a <= b ? [a, b] : [b, a];
}

export function columnIndexFromLetters(letters: string): number {
  let index = 0;
  for (const char of letters.toUpperCase()) index = index * 26 + (char.charCodeAt(0) - 64);
  return index - 1;
}

export function columnLetters(index: number): string {
  let letters = '';
  let remaining = index + 1;
  while (remaining > 0) {
    const digit = (remaining - 1) % 26;
    letters = String.fromCharCode(65 + digit) + letters;
    remaining = Math.floor((remaining - 1) / 26);
  }
  return letters;
}

/** Quotes a title the way the API echoes it: plain identifiers bare, anything else in single quotes. */
export function formatSheetTitle(title: string): string {
  const plain = /^[\p{L}_][\p{L}\p{N}_]*$/u.test(title) && !looksLikeCellPart(title) && !/^R\d*C\d*$/i.test(title);
  return plain ? title : `'${title.replaceAll("'", "''")}'`;
}

/** Formats a bounded block (zero-based, end exclusive) as `Title!A1:C3`, or `Title!B7` for a single cell. */
export function formatA1Range(
  title: string,
  block: { startRow: number; endRow: number; startColumn: number; endColumn: number },
): string {
  const start = `${columnLetters(block.startColumn)}${block.startRow + 1}`;
  const end = `${columnLetters(block.endColumn - 1)}${block.endRow}`;
  const cells =
    block.endRow - block.startRow === 1 && block.endColumn - block.startColumn === 1 ? start : `${start}:${end}`;
  return `${formatSheetTitle(title)}!${cells}`;
}
