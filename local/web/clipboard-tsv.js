// Google Sheets and Excel put a copied block on the clipboard as TSV; a cell holding a tab, a newline or a quote
// is wrapped in double quotes with quotes doubled. Reading that form back keeps multi-line cells in one cell.

/** @param {string} text @returns {string[][]} */
export function parseTsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  let atCellStart = true;
  const source = text.replace(/\r\n?/g, '\n');
  for (let i = 0; i < source.length; i += 1) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && atCellStart) {
      quoted = true;
      atCellStart = false;
    } else if (ch === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
    } else {
      cell += ch;
      atCellStart = false;
    }
  }
  // The clipboard usually ends with a newline that closes the last row rather than opening an empty one.
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.length > 0 ? rows : [['']];
}

/** @param {string} value */
export function formatTsvCell(value) {
  return /[\t\n"]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
