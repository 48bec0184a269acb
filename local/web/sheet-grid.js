// A spreadsheet-like grid over one tab's values: column letters, row numbers, a frozen header row, and cell
// editing that behaves like Google Sheets, because the people using it know Sheets and nothing else.
//
// One <textarea> (the "cell input") always sits inside the active cell and holds the keyboard focus. When not
// editing it is transparent; the first typed character (or an IME composition, for Chinese) turns it into the
// editor. This is how Sheets itself accepts typing, and it is the only way IME input works without a click.
import { formatTsvCell, parseTsv } from './clipboard-tsv.js';
import { LABELS, plainText } from './labels.js';

const HEADER_ROW = 1;
const MIN_ROWS = 30;
const EXTRA_ROWS = 10;

/** 1 → "A", 27 → "AA", as users see column positions in Sheets. */
export function columnLetter(column) {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function cellText(value) {
  return value === undefined || value === null ? '' : String(value);
}

/** Status "OK" is success; "OK" plus further lines is a saved row with notes; anything else is an error. */
export function statusKind(text) {
  if (text === '') return 'empty';
  if (text === 'OK') return 'ok';
  return text.startsWith('OK\n') ? 'warning' : 'error';
}

// Rough text width in px at the grid's font size; CJK glyphs are about twice as wide as Latin ones.
function textWidth(text) {
  let units = 0;
  for (const ch of text.split('\n')[0] ?? '') units += ch.codePointAt(0) > 0x2e80 ? 2 : 1.1;
  return units * 6.6;
}

/**
 * @typedef {{ key: string | null, system: boolean }} ColumnInfo
 * @typedef {{ row: number, column: number, values: string[][] }} EditBlock
 * @typedef {{
 *   onEdit: (edit: EditBlock) => Promise<void>,
 *   onNotice: (message: { kind: 'error' | 'info', zh: string, en: string }) => void,
 * }} GridCallbacks
 */
export class SheetGrid {
  /** @param {HTMLElement} host @param {GridCallbacks} callbacks */
  constructor(host, callbacks) {
    this.host = host;
    this.callbacks = callbacks;
    /** @type {(string | number | boolean)[][]} */
    this.values = [];
    /** @type {ColumnInfo[]} */
    this.columns = [];
    this.readOnly = false;
    this.active = { row: 2, column: 1 };
    this.editing = false;
    /**
     * 'type': started by typing, arrows commit and move; 'caret': started by Enter/F2/double-click, arrows move the
     * caret.
     */
    this.editMode = 'type';
    /** Cells typed but not yet answered by the server, shown optimistically: "row,column" → text. */
    this.pending = new Map();
    this.changedRows = new Set();

    this.formulaBar = document.createElement('div');
    this.formulaBar.className = 'formula-bar';
    this.formulaBar.dataset.testid = 'formula-bar';
    this.cellRef = document.createElement('span');
    this.cellRef.className = 'formula-ref';
    this.cellValue = document.createElement('output');
    this.cellValue.className = 'formula-value';
    this.formulaBar.append(this.cellRef, this.cellValue);

    this.scroller = document.createElement('div');
    this.scroller.className = 'grid-scroller';
    this.table = document.createElement('table');
    this.table.className = 'grid';
    this.table.dataset.testid = 'grid';
    this.table.setAttribute('role', 'grid');
    this.scroller.append(this.table);
    host.replaceChildren(this.formulaBar, this.scroller);

    this.input = document.createElement('textarea');
    this.input.className = 'cell-input';
    this.input.dataset.testid = 'cell-input';
    this.input.rows = 1;
    this.input.spellcheck = false;
    this.input.setAttribute('autocomplete', 'off');
    this.input.setAttribute('aria-label', '单元格 / Cell');
    this.bindInput();

    // mousedown, not click: preventing the default keeps the cell input focused, so no blur commits twice.
    this.table.addEventListener('mousedown', (event) => {
      const cell = /** @type {HTMLElement} */ (event.target).closest('td[data-row]');
      if (!cell || (cell.contains(this.input) && this.editing)) return;
      event.preventDefault();
      if (this.editing) this.commit();
      this.select(Number(cell.dataset.row), Number(cell.dataset.column));
    });
    this.table.addEventListener('dblclick', (event) => {
      const cell = /** @type {HTMLElement} */ (event.target).closest('td[data-row]');
      if (cell) this.beginEdit('caret');
    });
  }

  /**
   * @param {{ values: (string|number|boolean)[][], columns: ColumnInfo[], readOnly: boolean,
   *   changedRows?: Iterable<number>, keepSelection?: boolean }} data
   */
  setData(data) {
    const previous = this.values;
    this.values = data.values;
    this.columns = data.columns;
    this.readOnly = data.readOnly;
    this.changedRows = new Set(data.changedRows ?? []);
    if (data.changedRows) {
      // Rows the server touched (ID, Status) and rows whose values changed for any other reason.
      const rows = Math.max(previous.length, data.values.length);
      for (let r = 0; r < rows; r += 1) {
        const before = previous[r] ?? [];
        const after = data.values[r] ?? [];
        const width = Math.max(before.length, after.length);
        for (let c = 0; c < width; c += 1) {
          if (cellText(before[c]) !== cellText(after[c])) {
            this.changedRows.add(r + 1);
            break;
          }
        }
      }
    }
    if (!data.keepSelection) {
      this.active = { row: Math.min(2, this.rowCount()), column: this.firstEditableColumn() };
      this.editing = false;
    }
    this.render();
  }

  columnCount() {
    const widest = this.values.reduce((max, row) => Math.max(max, row.length), 0);
    return Math.max(widest, this.columns.length, 1);
  }

  rowCount() {
    return Math.max(this.values.length + EXTRA_ROWS, MIN_ROWS);
  }

  /** The row a new record goes into: the first empty row below the data (values are trimmed like the Sheets API). */
  firstEmptyRow() {
    return Math.max(this.values.length + 1, HEADER_ROW + 1);
  }

  firstEditableColumn() {
    for (let c = 1; c <= this.columnCount(); c += 1) if (!this.columns[c - 1]?.system) return c;
    return 1;
  }

  isSystemColumn(column) {
    return this.columns[column - 1]?.system === true;
  }

  isEditable(row, column) {
    return !this.readOnly && !this.isSystemColumn(column) && row >= 1 && column <= this.columnCount();
  }

  valueAt(row, column) {
    const key = `${row},${column}`;
    if (this.pending.has(key)) return this.pending.get(key);
    return cellText(this.values[row - 1]?.[column - 1]);
  }

  render() {
    // Rebuilding the table detaches the focused cell input; remember focus and caret so an edit in progress
    // survives a server answer arriving for an earlier edit.
    const hadFocus = document.activeElement === this.input;
    const caret = [this.input.selectionStart, this.input.selectionEnd];
    this.rendering = true;
    const columns = this.columnCount();
    const rows = this.rowCount();
    const newRow = this.firstEmptyRow();
    const statusColumn = this.columns.findIndex((c) => c.key === 'status') + 1;

    const colgroup = document.createElement('colgroup');
    const rowHeaderCol = document.createElement('col');
    rowHeaderCol.style.width = '44px';
    colgroup.append(rowHeaderCol);
    let tableWidth = 44;
    for (let c = 1; c <= columns; c += 1) {
      const col = document.createElement('col');
      const width = this.columnWidth(c, c === statusColumn);
      col.style.width = `${width}px`;
      tableWidth += width;
      colgroup.append(col);
    }
    // A fixed-layout table needs an explicit width, or the browser squeezes the columns into the viewport.
    this.table.style.width = `${tableWidth}px`;

    const head = document.createElement('thead');
    const letters = document.createElement('tr');
    letters.className = 'letters-row';
    const corner = document.createElement('th');
    corner.className = 'corner';
    letters.append(corner);
    for (let c = 1; c <= columns; c += 1) {
      const th = document.createElement('th');
      th.className = 'column-letter';
      th.scope = 'col';
      th.textContent = columnLetter(c);
      th.dataset.testid = `column-${c}`;
      if (this.isSystemColumn(c)) {
        th.classList.add('system');
        th.title = plainText(LABELS.systemColumnTitle);
      }
      letters.append(th);
    }
    head.append(letters);

    const body = document.createElement('tbody');
    for (let r = 1; r <= rows; r += 1) {
      const tr = document.createElement('tr');
      tr.dataset.row = String(r);
      tr.dataset.testid = `row-${r}`;
      if (r === HEADER_ROW) tr.className = 'header-row';
      if (r === newRow && !this.readOnly) {
        tr.classList.add('new-row');
        tr.title = plainText(LABELS.legendNewRow);
      }
      if (this.changedRows.has(r)) {
        tr.classList.add('row-changed');
        tr.dataset.changed = 'true';
      }
      const rowHeader = document.createElement('th');
      rowHeader.className = 'row-number';
      rowHeader.scope = 'row';
      rowHeader.textContent = String(r);
      tr.append(rowHeader);
      for (let c = 1; c <= columns; c += 1) tr.append(this.renderCell(r, c, c === statusColumn));
      if (r > HEADER_ROW && statusColumn && statusKind(this.valueAt(r, statusColumn)) === 'error')
        tr.classList.add('row-error');
      body.append(tr);
    }
    this.table.replaceChildren(colgroup, head, body);
    this.table.classList.toggle('read-only', this.readOnly);
    this.placeInput(hadFocus);
    if (this.editing) this.input.setSelectionRange(caret[0], caret[1]);
    this.rendering = false;
  }

  renderCell(row, column, isStatus) {
    const td = document.createElement('td');
    td.dataset.row = String(row);
    td.dataset.column = String(column);
    td.dataset.testid = `cell-${row}-${column}`;
    td.setAttribute('role', 'gridcell');
    const text = this.valueAt(row, column);
    const content = document.createElement('div');
    content.className = 'cell-text';
    content.textContent = text;
    td.append(content);
    if (typeof this.values[row - 1]?.[column - 1] === 'number') td.classList.add('number');
    if (this.isSystemColumn(column)) {
      td.classList.add('system');
      td.setAttribute('aria-readonly', 'true');
    }
    if (this.pending.has(`${row},${column}`)) td.classList.add('pending');
    if (isStatus && row > HEADER_ROW && text !== '') {
      const kind = statusKind(text);
      td.classList.add('status', `status-${kind}`);
      td.dataset.status = kind;
      td.title = text;
    } else if (text.length > 24 || text.includes('\n')) {
      td.title = text;
    }
    return td;
  }

  columnWidth(column, isStatus) {
    if (isStatus) return 340;
    const floor = this.isSystemColumn(column) ? 104 : 84;
    let widest = 0;
    for (let r = 0; r < Math.min(this.values.length, 200); r += 1) {
      widest = Math.max(widest, textWidth(cellText(this.values[r]?.[column - 1])));
    }
    return Math.round(Math.min(Math.max(widest + 18, floor), 260));
  }

  activeCell() {
    return /** @type {HTMLElement | null} */ (
      this.table.querySelector(`td[data-row="${this.active.row}"][data-column="${this.active.column}"]`)
    );
  }

  placeInput(hadFocus = document.activeElement === this.input) {
    const cell = this.activeCell();
    if (!cell) return;
    for (const old of this.table.querySelectorAll('td.active')) old.classList.remove('active');
    cell.classList.add('active');
    cell.classList.toggle('is-editing', this.editing);
    cell.append(this.input);
    this.input.classList.toggle('editing', this.editing);
    if (!this.editing) this.input.value = '';
    this.input.readOnly = !this.isEditable(this.active.row, this.active.column);
    this.updateFormulaBar();
    if (hadFocus) this.input.focus({ preventScroll: true });
    cell.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  updateFormulaBar() {
    const { row, column } = this.active;
    this.cellRef.textContent = `${columnLetter(column)}${row}`;
    const locked = !this.isEditable(row, column);
    this.formulaBar.classList.toggle('locked', locked);
    this.cellValue.textContent = this.valueAt(row, column);
    this.cellValue.dataset.hint = locked ? plainText(this.readOnly ? LABELS.readOnlyTab : LABELS.systemColumn) : '';
  }

  focus() {
    this.placeInput(true);
  }

  select(row, column) {
    this.active = {
      row: Math.min(Math.max(row, 1), this.rowCount()),
      column: Math.min(Math.max(column, 1), this.columnCount()),
    };
    this.placeInput(true);
  }

  move(dRow, dColumn) {
    this.select(this.active.row + dRow, this.active.column + dColumn);
  }

  /** The "Add row" affordance: the first empty row below the data, first column a user may type in. */
  startNewRow() {
    if (this.readOnly) return;
    this.select(this.firstEmptyRow(), this.firstEditableColumn());
    this.beginEdit('caret');
  }

  beginEdit(mode, initial) {
    const { row, column } = this.active;
    if (!this.isEditable(row, column)) {
      this.callbacks.onNotice({ kind: 'info', ...(this.readOnly ? LABELS.readOnlyTab : LABELS.cellReadOnly) });
      this.input.value = '';
      return;
    }
    this.editing = true;
    this.editMode = mode;
    this.input.classList.add('editing');
    if (initial === undefined) {
      this.input.value = this.valueAt(row, column);
      this.input.setSelectionRange(this.input.value.length, this.input.value.length);
    }
    this.activeCell()?.classList.add('is-editing');
  }

  cancelEdit() {
    this.editing = false;
    this.input.value = '';
    this.input.classList.remove('editing');
    this.activeCell()?.classList.remove('is-editing');
  }

  /** Ends editing; posts the cell when its text changed. */
  commit() {
    if (!this.editing) return;
    const { row, column } = this.active;
    const text = this.input.value;
    this.cancelEdit();
    if (text === this.valueAt(row, column)) return;
    this.submit({ row, column, values: [[text]] });
  }

  submit(edit) {
    const keys = [];
    for (const [dr, cells] of edit.values.entries()) {
      for (const [dc, text] of cells.entries()) {
        const key = `${edit.row + dr},${edit.column + dc}`;
        this.pending.set(key, text);
        keys.push(key);
      }
    }
    this.render();
    void this.callbacks.onEdit(edit).finally(() => {
      for (const key of keys) this.pending.delete(key);
      this.render();
    });
  }

  clearActive() {
    const { row, column } = this.active;
    if (!this.isEditable(row, column)) return this.callbacks.onNotice({ kind: 'info', ...LABELS.cellReadOnly });
    if (this.valueAt(row, column) !== '') this.submit({ row, column, values: [['']] });
  }

  paste(text) {
    const block = parseTsv(text);
    const width = Math.max(...block.map((r) => r.length));
    const { row, column } = this.active;
    const values = block.map((r) => [...r, ...new Array(width - r.length).fill('')]);
    const lastColumn = column + width - 1;
    if (this.columns.length > 0 && lastColumn > this.columns.length) {
      return this.callbacks.onNotice({ kind: 'error', ...LABELS.pasteOutside });
    }
    for (let c = column; c <= lastColumn; c += 1) {
      if (!this.isEditable(row, c)) return this.callbacks.onNotice({ kind: 'error', ...LABELS.pasteIntoSystem });
    }
    this.submit({ row, column, values });
  }

  bindInput() {
    const input = this.input;
    input.addEventListener('compositionstart', () => {
      if (!this.editing) this.beginEdit('type', '');
    });
    input.addEventListener('input', () => {
      if (this.editing) return;
      const typed = input.value;
      this.beginEdit('type', typed);
      if (this.editing) input.value = typed;
    });
    input.addEventListener('paste', (event) => {
      if (this.editing) return;
      event.preventDefault();
      this.paste(event.clipboardData?.getData('text/plain') ?? '');
    });
    input.addEventListener('copy', (event) => {
      if (this.editing) return;
      event.preventDefault();
      event.clipboardData?.setData('text/plain', formatTsvCell(this.valueAt(this.active.row, this.active.column)));
    });
    input.addEventListener('blur', () => {
      // Clicking a toolbar button or another tab ends the edit the way Sheets does: the typed text is kept.
      if (this.editing && !this.rendering) this.commit();
    });
    input.addEventListener('keydown', (event) => this.onKeyDown(event));
  }

  /** @param {KeyboardEvent} event */
  onKeyDown(event) {
    if (event.isComposing || event.keyCode === 229) return;
    const key = event.key;
    if (this.editing) {
      if (key === 'Escape') {
        event.preventDefault();
        this.cancelEdit();
      } else if (key === 'Enter' && (event.altKey || event.ctrlKey || event.metaKey)) {
        // Alt+Enter is the Sheets way to put a line break inside a cell.
        event.preventDefault();
        this.input.setRangeText('\n', this.input.selectionStart, this.input.selectionEnd, 'end');
      } else if (key === 'Enter') {
        event.preventDefault();
        this.commit();
        this.move(event.shiftKey ? -1 : 1, 0);
      } else if (key === 'Tab') {
        event.preventDefault();
        this.commit();
        this.move(0, event.shiftKey ? -1 : 1);
      } else if (this.editMode === 'type' && key.startsWith('Arrow')) {
        event.preventDefault();
        this.commit();
        this.moveByArrow(key);
      }
      return;
    }
    if (key.length === 1 && !event.ctrlKey && !event.metaKey && !this.isEditable(this.active.row, this.active.column)) {
      // The input is read-only here, so no input event will come to explain why typing does nothing.
      this.callbacks.onNotice({ kind: 'info', ...(this.readOnly ? LABELS.readOnlyTab : LABELS.cellReadOnly) });
    } else if (key.startsWith('Arrow')) {
      event.preventDefault();
      this.moveByArrow(key);
    } else if (key === 'Enter' || key === 'F2') {
      event.preventDefault();
      if (event.shiftKey) this.move(-1, 0);
      else if (this.isEditable(this.active.row, this.active.column)) this.beginEdit('caret');
      else this.move(1, 0);
    } else if (key === 'Tab') {
      // At the grid's edge Tab leaves the grid, so keyboard users are never trapped in it.
      const atEdge = event.shiftKey ? this.active.column === 1 : this.active.column === this.columnCount();
      if (atEdge) return;
      event.preventDefault();
      this.move(0, event.shiftKey ? -1 : 1);
    } else if (key === 'Delete' || key === 'Backspace') {
      event.preventDefault();
      this.clearActive();
    } else if (key === 'Home') {
      event.preventDefault();
      this.select(event.ctrlKey ? 1 : this.active.row, 1);
    } else if (key === 'End') {
      event.preventDefault();
      this.select(event.ctrlKey ? this.values.length : this.active.row, this.columnCount());
    } else if (key === 'PageDown' || key === 'PageUp') {
      event.preventDefault();
      this.move(key === 'PageDown' ? 15 : -15, 0);
    }
  }

  moveByArrow(key) {
    if (key === 'ArrowUp') this.move(-1, 0);
    else if (key === 'ArrowDown') this.move(1, 0);
    else if (key === 'ArrowLeft') this.move(0, -1);
    else if (key === 'ArrowRight') this.move(0, 1);
  }
}
