// Google Docs v1 document model: what is stored, and how it is laid out in Docs' index space. Docs addresses
// everything by UTF-16 offsets into one sequence: index 0 is the section break, every paragraph ends in "\n",
// and a table takes one index for its start, one for each row and cell start, and one for its end, so a 2×2
// table inserted at index 1 starts at 2 and its first cell's paragraph at 5. The stored form keeps only the
// structure (paragraphs as styled runs, tables as rows of cells of paragraphs); indices are computed on every
// read and request, so they can never drift from the content.
import { randomBytes } from 'node:crypto';
import { invalidArgument } from './api-error.ts';

export type NamedStyleType = 'NORMAL_TEXT' | 'TITLE' | 'SUBTITLE' | 'HEADING_1' | 'HEADING_2' | 'HEADING_3';
export const NAMED_STYLE_TYPES: readonly NamedStyleType[] = [
  'NORMAL_TEXT',
  'TITLE',
  'SUBTITLE',
  'HEADING_1',
  'HEADING_2',
  'HEADING_3',
];

/** The text style fields the emulator keeps; other fields of updateTextStyle are accepted and dropped. */
export interface StoredTextStyle {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
}
export const TEXT_STYLE_FIELDS = ['bold', 'italic', 'underline'] as const;

export interface StoredRun {
  text: string;
  style: StoredTextStyle;
}

export interface StoredParagraph {
  kind: 'paragraph';
  /** Their text joined always ends in exactly one "\n", the paragraph's last character. */
  runs: StoredRun[];
  namedStyleType: NamedStyleType;
  alignment?: string;
  /** Set when the paragraph is a list item (createParagraphBullets). */
  listId?: string;
}

export interface StoredTable {
  kind: 'table';
  /** rows → cells → the cell's paragraphs (at least one each). */
  rows: StoredParagraph[][][];
}

export type StoredBlock = StoredParagraph | StoredTable;

export interface StoredDocument {
  documentId: string;
  /** Incremented by every batchUpdate that changes something; the API's revisionId is derived from it. */
  revision: number;
  body: StoredBlock[];
  /** List IDs made by createParagraphBullets, with the preset they were made from. */
  lists: Record<string, { preset: string }>;
}

export function newDocumentId(): string {
  // Same alphabet and length as Google's document IDs.
  return randomBytes(33).toString('base64url');
}

export function revisionIdOf(document: StoredDocument): string {
  return `emulated-rev-${document.revision}`;
}

export function emptyParagraph(namedStyleType: NamedStyleType = 'NORMAL_TEXT'): StoredParagraph {
  return { kind: 'paragraph', runs: [{ text: '\n', style: {} }], namedStyleType };
}

export function createDocument(documentId = newDocumentId()): StoredDocument {
  return { documentId, revision: 1, body: [emptyParagraph()], lists: {} };
}

// --------------------------------------------------------------------------------------------- index layout

export function paragraphText(paragraph: StoredParagraph): string {
  return paragraph.runs.map((run) => run.text).join('');
}

function cellLength(cell: StoredParagraph[]): number {
  return cell.reduce((sum, paragraph) => sum + paragraphText(paragraph).length, 0);
}

export function blockLength(block: StoredBlock): number {
  if (block.kind === 'paragraph') return paragraphText(block).length;
  // Table start + end markers, a marker per row and per cell, then the cells' paragraphs.
  return (
    2 + block.rows.reduce((sum, row) => sum + 1 + row.reduce((rowSum, cell) => rowSum + 1 + cellLength(cell), 0), 0)
  );
}

/** The body's end index: one past the final newline (the section break takes index 0). */
export function bodyEndIndex(document: StoredDocument): number {
  return 1 + document.body.reduce((sum, block) => sum + blockLength(block), 0);
}

/** Where each cell of a table starts and where its content starts, for a table starting at `tableStart`. */
export function tableCellStarts(
  table: StoredTable,
  tableStart: number,
): { cellStart: number; contentStart: number }[][] {
  let position = tableStart + 1;
  return table.rows.map((row) => {
    position += 1;
    return row.map((cell) => {
      const cellStart = position;
      position += 1 + cellLength(cell);
      return { cellStart, contentStart: cellStart + 1 };
    });
  });
}

interface ParagraphLocation {
  /** The body or a table cell (a cell holds paragraphs only, a subtype of the body's blocks). */
  container: StoredBlock[];
  position: number;
  paragraph: StoredParagraph;
  start: number;
  inCell: boolean;
}

/** Every paragraph with its start index, in document order, cells included. */
export function paragraphsOf(document: StoredDocument): ParagraphLocation[] {
  const found: ParagraphLocation[] = [];
  const walk = (container: StoredBlock[], start: number, inCell: boolean): void => {
    let position = start;
    container.forEach((block, index) => {
      if (block.kind === 'paragraph') {
        found.push({ container, position: index, paragraph: block, start: position, inCell });
      } else {
        const starts = tableCellStarts(block, position);
        block.rows.forEach((row, r) => {
          row.forEach((cell, c) => {
            walk(cell, starts[r]![c]!.contentStart, true);
          });
        });
      }
      position += blockLength(block);
    });
  };
  walk(document.body, 1, false);
  return found;
}

function paragraphAt(document: StoredDocument, index: number): ParagraphLocation | undefined {
  return paragraphsOf(document).find(
    (location) => index >= location.start && index < location.start + paragraphText(location.paragraph).length,
  );
}

// -------------------------------------------------------------------------------- characters and runs

interface StyledChars {
  chars: string[];
  styles: StoredTextStyle[];
}

function explode(paragraph: StoredParagraph): StyledChars {
  const chars: string[] = [];
  const styles: StoredTextStyle[] = [];
  for (const run of paragraph.runs) {
    for (let i = 0; i < run.text.length; i++) {
      // UTF-16 code units, as Docs counts them.
      chars.push(run.text[i]!);
      styles.push(run.style);
    }
  }
  return { chars, styles };
}

function sameStyle(a: StoredTextStyle, b: StoredTextStyle): boolean {
  return TEXT_STYLE_FIELDS.every((field) => a[field] === b[field]);
}

function toRuns(chars: string[], styles: StoredTextStyle[]): StoredRun[] {
  const runs: StoredRun[] = [];
  chars.forEach((char, i) => {
    const style = styles[i] ?? {};
    const last = runs.at(-1);
    if (last && sameStyle(last.style, style)) last.text += char;
    else runs.push({ text: char, style: { ...style } });
  });
  return runs;
}

/** Splits styled characters at every "\n" into paragraphs that share `template`'s paragraph style. */
function toParagraphs(template: StoredParagraph, chars: string[], styles: StoredTextStyle[]): StoredParagraph[] {
  const paragraphs: StoredParagraph[] = [];
  let from = 0;
  chars.forEach((char, i) => {
    if (char !== '\n') return;
    const { runs: _runs, ...paragraphStyle } = template;
    paragraphs.push({ ...paragraphStyle, runs: toRuns(chars.slice(from, i + 1), styles.slice(from, i + 1)) });
    from = i + 1;
  });
  return paragraphs;
}

/** Docs drops these from inserted text (control characters other than tab and line breaks, private use). */
export function stripDroppedCharacters(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters Docs removes.
  return text.replace(/[\u0000-\u0008\u000C-\u001F\uE000-\uF8FF]/g, '');
}

// ------------------------------------------------------------------------------------------- requests

export function insertText(document: StoredDocument, index: number, rawText: string): void {
  const text = stripDroppedCharacters(rawText);
  if (text === '') return;
  const location = paragraphAt(document, index);
  if (!location)
    throw invalidArgument(
      `Invalid requests.insertText: The insertion index must be inside the bounds of an existing paragraph. ` +
        `You can still create new paragraphs by inserting newlines. (index ${index})`,
    );
  const { chars, styles } = explode(location.paragraph);
  const offset = index - location.start;
  // Inserted text takes the style of the character before it, as typing does.
  const inherited = styles[offset - 1] ?? styles[offset] ?? {};
  chars.splice(offset, 0, ...text.split(''));
  styles.splice(offset, 0, ...text.split('').map(() => ({ ...inherited })));
  location.container.splice(location.position, 1, ...toParagraphs(location.paragraph, chars, styles));
}

export function insertTable(document: StoredDocument, index: number, rows: number, columns: number): void {
  if (!Number.isInteger(rows) || !Number.isInteger(columns) || rows < 1 || columns < 1)
    throw invalidArgument('Invalid requests.insertTable: rows and columns must be positive.');
  if (rows > 1000 || columns > 20) throw invalidArgument('Invalid requests.insertTable: the table is too large.');
  const location = paragraphAt(document, index);
  if (!location || location.inCell)
    throw invalidArgument(
      `Invalid requests.insertTable: The insertion index must be inside the bounds of an existing paragraph ` +
        `of the body. (index ${index})`,
    );
  // A newline is inserted at the index and the table placed right after it (so it starts at index + 1); the
  // rest of the paragraph follows the table.
  const { chars, styles } = explode(location.paragraph);
  const offset = index - location.start;
  const before = toParagraphs(location.paragraph, [...chars.slice(0, offset), '\n'], [...styles.slice(0, offset), {}]);
  const after = toParagraphs(location.paragraph, chars.slice(offset), styles.slice(offset));
  const table: StoredTable = {
    kind: 'table',
    rows: Array.from({ length: rows }, () => Array.from({ length: columns }, () => [emptyParagraph()])),
  };
  location.container.splice(location.position, 1, ...before, table, ...after);
}

export function deleteContentRange(document: StoredDocument, start: number, end: number): void {
  const bodyEnd = bodyEndIndex(document);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start >= end)
    throw invalidArgument('Invalid requests.deleteContentRange: The range must not be empty.');
  if (start < 1) throw invalidArgument('Invalid requests.deleteContentRange: The range cannot include index 0.');
  if (end > bodyEnd - 1)
    throw invalidArgument(
      `Invalid requests.deleteContentRange: The range cannot include the last newline character of the segment ` +
        `(end ${end}, segment end ${bodyEnd}).`,
    );
  document.body = deleteIn(document.body, 1, start, end, bodyEnd) as StoredBlock[];
}

function invalidDeletion(detail: string): never {
  throw invalidArgument(`Invalid requests.deleteContentRange: Invalid deletion range. ${detail}`);
}

function deleteIn(
  container: StoredBlock[] | StoredParagraph[],
  containerStart: number,
  start: number,
  end: number,
  containerEnd: number,
): StoredBlock[] {
  if (end > containerEnd - 1) invalidDeletion('The range cannot include the last newline of a table cell.');
  const kept: { block: StoredBlock; lostNewline: boolean }[] = [];
  let position = containerStart;
  for (const block of container) {
    const blockStart = position;
    const blockEnd = position + blockLength(block);
    position = blockEnd;
    if (end <= blockStart || start >= blockEnd) {
      kept.push({ block, lostNewline: false });
      continue;
    }
    if (block.kind === 'table') {
      if (start <= blockStart && end >= blockEnd) continue; // the whole table goes
      const starts = tableCellStarts(block, blockStart);
      let inside = false;
      block.rows.forEach((row, r) => {
        row.forEach((cell, c) => {
          const contentStart = starts[r]![c]!.contentStart;
          const contentEnd = contentStart + cellLength(cell);
          if (start >= contentStart && end <= contentEnd) {
            row[c] = deleteIn(cell, contentStart, start, end, contentEnd) as StoredParagraph[];
            inside = true;
          }
        });
      });
      if (!inside) invalidDeletion('A table can only be deleted whole, or within one cell.');
      kept.push({ block, lostNewline: false });
      continue;
    }
    const { chars, styles } = explode(block);
    const from = Math.max(start, blockStart) - blockStart;
    const to = Math.min(end, blockEnd) - blockStart;
    chars.splice(from, to - from);
    styles.splice(from, to - from);
    const lostNewline = to === blockEnd - blockStart;
    kept.push({ block: { ...block, runs: toRuns(chars, styles) }, lostNewline });
  }
  // A paragraph whose newline was deleted joins the next paragraph, which keeps its own paragraph style.
  const result: StoredBlock[] = [];
  let carry: StoredRun[] | undefined;
  for (const { block, lostNewline } of kept) {
    if (block.kind === 'table') {
      if (carry) invalidDeletion('The newline before a table cannot be deleted without the table.');
      result.push(block);
      continue;
    }
    const runs = carry ? [...carry, ...block.runs] : block.runs;
    carry = undefined;
    if (lostNewline) {
      carry = runs;
      continue;
    }
    const { chars, styles } = explode({ ...block, runs });
    result.push({ ...block, runs: toRuns(chars, styles) });
  }
  if (carry) invalidDeletion('The range cannot include the last newline of the segment.');
  return result;
}

function overlapping(document: StoredDocument, start: number, end: number): ParagraphLocation[] {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start >= end || start < 0)
    throw invalidArgument(`Invalid range: startIndex ${start} must be less than endIndex ${end}.`);
  if (end > bodyEndIndex(document))
    throw invalidArgument(`Index ${end} must be less than the end index of the referenced segment.`);
  return paragraphsOf(document).filter(
    (location) => location.start < end && location.start + paragraphText(location.paragraph).length > start,
  );
}

export function updateParagraphStyle(
  document: StoredDocument,
  start: number,
  end: number,
  style: { namedStyleType?: string | null; alignment?: string | null },
  fields: string[],
): void {
  const all = fields.includes('*');
  for (const { paragraph } of overlapping(document, start, end)) {
    if (all || fields.includes('namedStyleType')) {
      const wanted = style.namedStyleType ?? 'NORMAL_TEXT';
      if (!NAMED_STYLE_TYPES.includes(wanted as NamedStyleType))
        throw invalidArgument(`Invalid value for namedStyleType: ${wanted}`);
      paragraph.namedStyleType = wanted as NamedStyleType;
    }
    if (all || fields.includes('alignment')) {
      if (style.alignment) paragraph.alignment = style.alignment;
      else delete paragraph.alignment;
    }
  }
}

export function updateTextStyle(
  document: StoredDocument,
  start: number,
  end: number,
  style: Record<string, unknown>,
  fields: string[],
): void {
  const kept = TEXT_STYLE_FIELDS.filter((field) => fields.includes('*') || fields.includes(field));
  for (const location of overlapping(document, start, end)) {
    const { chars, styles } = explode(location.paragraph);
    for (let i = 0; i < chars.length; i++) {
      const index = location.start + i;
      if (index < start || index >= end) continue;
      const next = { ...styles[i] };
      for (const field of kept) {
        if (style[field] === true) next[field] = true;
        else delete next[field];
      }
      styles[i] = next;
    }
    location.paragraph.runs = toRuns(chars, styles);
  }
}

export function setBullets(document: StoredDocument, start: number, end: number, preset: string | undefined): void {
  const targets = overlapping(document, start, end);
  if (preset === undefined) {
    for (const { paragraph } of targets) delete paragraph.listId;
    return;
  }
  const listId = `kix.${randomBytes(6).toString('hex')}`;
  document.lists[listId] = { preset };
  for (const { paragraph } of targets) paragraph.listId = listId;
}

export function replaceAllText(
  document: StoredDocument,
  search: string,
  replacement: string,
  matchCase: boolean,
): number {
  if (search === '') throw invalidArgument('Invalid requests.replaceAllText: containsText.text must not be empty.');
  const cleanReplacement = stripDroppedCharacters(replacement);
  let occurrences = 0;
  // From the last paragraph back, so splitting one never moves the locations still to visit.
  for (const location of paragraphsOf(document).reverse()) {
    const { chars, styles } = explode(location.paragraph);
    const text = chars.slice(0, -1).join('');
    const haystack = matchCase ? text : text.toLowerCase();
    const needle = matchCase ? search : search.toLowerCase();
    const hits: number[] = [];
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) hits.push(at);
    if (hits.length === 0) continue;
    occurrences += hits.length;
    for (const at of hits.reverse()) {
      const style = styles[at] ?? {};
      chars.splice(at, search.length, ...cleanReplacement.split(''));
      styles.splice(at, search.length, ...cleanReplacement.split('').map(() => ({ ...style })));
    }
    location.container.splice(location.position, 1, ...toParagraphs(location.paragraph, chars, styles));
  }
  return occurrences;
}

// ------------------------------------------------------------------------------------------- API view

const SECTION_BREAK = {
  endIndex: 1,
  sectionBreak: {
    sectionStyle: { columnSeparatorStyle: 'NONE', contentDirection: 'LEFT_TO_RIGHT', sectionType: 'CONTINUOUS' },
  },
};

function paragraphToApi(paragraph: StoredParagraph, start: number): Record<string, unknown> {
  let position = start;
  const elements = paragraph.runs.map((run) => {
    const element = {
      startIndex: position,
      endIndex: position + run.text.length,
      textRun: { content: run.text, textStyle: { ...run.style } },
    };
    position += run.text.length;
    return element;
  });
  const paragraphStyle: Record<string, unknown> = {
    namedStyleType: paragraph.namedStyleType,
    direction: 'LEFT_TO_RIGHT',
  };
  if (paragraph.alignment) paragraphStyle.alignment = paragraph.alignment;
  const api: Record<string, unknown> = { elements, paragraphStyle };
  if (paragraph.listId) api.bullet = { listId: paragraph.listId, textStyle: {} };
  return { startIndex: start, endIndex: position, paragraph: api };
}

function contentToApi(container: readonly StoredBlock[], start: number): Record<string, unknown>[] {
  let position = start;
  return container.map((block) => {
    const blockStart = position;
    position += blockLength(block);
    if (block.kind === 'paragraph') return paragraphToApi(block, blockStart);
    const starts = tableCellStarts(block, blockStart);
    const columns = block.rows[0]?.length ?? 0;
    const tableRows = block.rows.map((row, r) => {
      const cells = row.map((cell, c) => {
        const { cellStart, contentStart } = starts[r]![c]!;
        return {
          startIndex: cellStart,
          endIndex: contentStart + cellLength(cell),
          content: contentToApi(cell, contentStart),
          tableCellStyle: { rowSpan: 1, columnSpan: 1, contentAlignment: 'TOP' },
        };
      });
      return {
        startIndex: (starts[r]![0]?.cellStart ?? blockStart + 2) - 1,
        endIndex: cells.at(-1)?.endIndex ?? blockStart + 2,
        tableCells: cells,
        tableRowStyle: { minRowHeight: { unit: 'PT' } },
      };
    });
    return {
      startIndex: blockStart,
      endIndex: position,
      table: {
        rows: block.rows.length,
        columns,
        tableRows,
        tableStyle: {
          tableColumnProperties: Array.from({ length: columns }, () => ({ widthType: 'EVENLY_DISTRIBUTED' })),
        },
      },
    };
  });
}

export function documentToApi(
  document: StoredDocument,
  title: string,
  options: { includeTabsContent?: boolean } = {},
): Record<string, unknown> {
  const body = { content: [SECTION_BREAK, ...contentToApi(document.body, 1)] };
  const lists = Object.fromEntries(
    Object.entries(document.lists).map(([id]) => [
      id,
      {
        listProperties: { nestingLevels: [{ glyphSymbol: '●', glyphType: 'GLYPH_TYPE_UNSPECIFIED', startNumber: 1 }] },
      },
    ]),
  );
  const documentStyle = { pageSize: { height: { magnitude: 792, unit: 'PT' }, width: { magnitude: 612, unit: 'PT' } } };
  const base = {
    documentId: document.documentId,
    title,
    revisionId: revisionIdOf(document),
    suggestionsViewMode: 'SUGGESTIONS_INLINE',
  };
  if (options.includeTabsContent)
    return {
      ...base,
      tabs: [
        {
          tabProperties: { tabId: 't.0', title: 'Tab 1', index: 0 },
          documentTab: { body, documentStyle, ...(Object.keys(lists).length > 0 ? { lists } : {}) },
        },
      ],
    };
  return { ...base, body, documentStyle, ...(Object.keys(lists).length > 0 ? { lists } : {}) };
}
