// Drive's files.export to application/pdf for an emulated Google Doc: a real PDF laid out from the document's
// structure with pdfkit. Noto Sans SC is embedded (pdfkit subsets it to the glyphs used) in two slices, the
// Chinese one for CJK code points and the Latin one for the rest, in regular and bold, so Chinese and English
// both render and a PDF reader extracts the same text back. Lines are laid out here rather than by pdfkit's own
// wrapping, because a line mixes fonts and Chinese may break between any two characters.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { NamedStyleType, StoredDocument, StoredParagraph, StoredRun } from './docs-model.ts';
import { woffToSfnt } from './woff-font.ts';

const require = createRequire(import.meta.url);
const FONT_FILES = {
  latin: '@fontsource/noto-sans-sc/files/noto-sans-sc-latin-400-normal.woff',
  latinBold: '@fontsource/noto-sans-sc/files/noto-sans-sc-latin-700-normal.woff',
  cjk: '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff',
  cjkBold: '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-700-normal.woff',
} as const;
type FontName = keyof typeof FONT_FILES;

// Font files are read and unpacked once per process (woff-font.ts): each export embeds only the glyphs it uses.
let fontBytes: Record<FontName, Buffer> | undefined;
function fonts(): Record<FontName, Buffer> {
  fontBytes ??= Object.fromEntries(
    Object.entries(FONT_FILES).map(([name, file]) => [name, woffToSfnt(readFileSync(require.resolve(file)))]),
  ) as Record<FontName, Buffer>;
  return fontBytes;
}

const PAGE = { width: 595.28, height: 841.89, margin: 56 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const LINE_FACTOR = 1.45;
const CELL_PADDING = 4;
const BULLET_INDENT = 16;

const SIZES: Record<NamedStyleType, { size: number; bold: boolean; before: number; after: number }> = {
  TITLE: { size: 24, bold: true, before: 0, after: 8 },
  SUBTITLE: { size: 14, bold: false, before: 0, after: 6 },
  HEADING_1: { size: 19, bold: true, before: 12, after: 6 },
  HEADING_2: { size: 15, bold: true, before: 10, after: 4 },
  HEADING_3: { size: 12.5, bold: true, before: 8, after: 3 },
  NORMAL_TEXT: { size: 10.5, bold: false, before: 0, after: 4 },
};

/** CJK ideographs, kana, Hangul, CJK punctuation and full-width forms come from the Chinese slice. */
function isCjk(codePoint: number): boolean {
  return (
    (codePoint >= 0x2e80 && codePoint <= 0x9fff) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7af) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xffef) ||
    codePoint >= 0x20000
  );
}

interface Piece {
  text: string;
  font: FontName;
  width: number;
}
interface Line {
  pieces: Piece[];
  width: number;
}

type Pdf = InstanceType<typeof PDFDocument>;

function fontFor(char: string, bold: boolean): FontName {
  const cjk = isCjk(char.codePointAt(0) ?? 0);
  if (cjk) return bold ? 'cjkBold' : 'cjk';
  return bold ? 'latinBold' : 'latin';
}

function measure(pdf: Pdf, text: string, font: FontName, size: number): number {
  return pdf.font(font).fontSize(size).widthOfString(text);
}

/**
 * Breaks styled runs into lines no wider than `width`: after spaces, and on either side of a CJK character;
 * a word longer than a line is cut between characters.
 */
function layoutLines(pdf: Pdf, runs: readonly StoredRun[], width: number, size: number, forceBold: boolean): Line[] {
  // Words: the units that never break inside (unless alone wider than a line), each as font-uniform pieces.
  const words: Piece[][] = [];
  let word: Piece[] = [];
  const push = (char: string, font: FontName): void => {
    const last = word.at(-1);
    if (last && last.font === font) last.text += char;
    else word.push({ text: char, font, width: 0 });
  };
  const endWord = (): void => {
    if (word.length > 0) words.push(word);
    word = [];
  };
  for (const run of runs) {
    const bold = forceBold || run.style.bold === true;
    for (const char of run.text.replace(/\n$/, '').replace(/[\t\v]/g, ' ')) {
      const cjk = isCjk(char.codePointAt(0) ?? 0);
      if (cjk) endWord();
      push(char, fontFor(char, bold));
      if (cjk || char === ' ') endWord();
    }
  }
  endWord();
  for (const pieces of words) for (const piece of pieces) piece.width = measure(pdf, piece.text, piece.font, size);

  const lines: Line[] = [];
  let line: Line = { pieces: [], width: 0 };
  const place = (piece: Piece): void => {
    const last = line.pieces.at(-1);
    if (last && last.font === piece.font) {
      last.text += piece.text;
      last.width += piece.width;
    } else {
      line.pieces.push({ ...piece });
    }
    line.width += piece.width;
  };
  const breakLine = (): void => {
    lines.push(line);
    line = { pieces: [], width: 0 };
  };
  for (const pieces of words) {
    const wordWidth = pieces.reduce((sum, piece) => sum + piece.width, 0);
    const visibleWidth =
      wordWidth - (pieces.at(-1)?.text.endsWith(' ') ? measure(pdf, ' ', pieces.at(-1)!.font, size) : 0);
    if (line.width + visibleWidth > width && line.pieces.length > 0) breakLine();
    if (wordWidth <= width) {
      for (const piece of pieces) place(piece);
      continue;
    }
    // Longer than a whole line: character by character.
    for (const piece of pieces) {
      for (const char of piece.text) {
        const charWidth = measure(pdf, char, piece.font, size);
        if (line.width + charWidth > width && line.pieces.length > 0) breakLine();
        place({ text: char, font: piece.font, width: charWidth });
      }
    }
  }
  if (line.pieces.length > 0 || lines.length === 0) lines.push(line);
  return lines;
}

class Writer {
  y = PAGE.margin;

  constructor(readonly pdf: Pdf) {}

  get bottom(): number {
    return PAGE.height - PAGE.margin;
  }

  ensureRoom(height: number): void {
    if (this.y + height > this.bottom && this.y > PAGE.margin) {
      this.pdf.addPage();
      this.y = PAGE.margin;
    }
  }

  drawLine(line: Line, x: number, y: number, size: number): void {
    let cursor = x;
    for (const piece of line.pieces) {
      this.pdf.font(piece.font).fontSize(size).fillColor('#000000');
      this.pdf.text(piece.text, cursor, y, { lineBreak: false });
      cursor += piece.width;
    }
  }

  paragraph(paragraph: StoredParagraph): void {
    const style = SIZES[paragraph.namedStyleType];
    const lineHeight = style.size * LINE_FACTOR;
    const indent = paragraph.listId ? BULLET_INDENT : 0;
    const lines = layoutLines(this.pdf, paragraph.runs, CONTENT_WIDTH - indent, style.size, style.bold);
    this.y += style.before;
    lines.forEach((line, index) => {
      this.ensureRoom(lineHeight);
      if (index === 0 && paragraph.listId) {
        this.pdf
          .font('latin')
          .fontSize(style.size)
          .text('•', PAGE.margin + 4, this.y, { lineBreak: false });
      }
      this.drawLine(line, PAGE.margin + indent, this.y, style.size);
      this.y += lineHeight;
    });
    this.y += style.after;
  }

  table(rows: StoredParagraph[][][]): void {
    const columns = Math.max(1, ...rows.map((row) => row.length));
    const columnWidth = CONTENT_WIDTH / columns;
    const textWidth = columnWidth - 2 * CELL_PADDING;
    this.y += 4;
    for (const row of rows) {
      const cells = row.map((cell) =>
        cell.map((paragraph) => {
          const size = SIZES[paragraph.namedStyleType].size;
          const bold = SIZES[paragraph.namedStyleType].bold;
          return { size, lines: layoutLines(this.pdf, paragraph.runs, textWidth, size, bold) };
        }),
      );
      const heights = cells.map((cell) =>
        cell.reduce((sum, block) => sum + block.lines.length * block.size * LINE_FACTOR, 0),
      );
      const rowHeight = Math.max(...heights, SIZES.NORMAL_TEXT.size * LINE_FACTOR) + 2 * CELL_PADDING;
      this.ensureRoom(rowHeight);
      cells.forEach((cell, c) => {
        const x = PAGE.margin + c * columnWidth;
        this.pdf.lineWidth(0.6).strokeColor('#555555').rect(x, this.y, columnWidth, rowHeight).stroke();
        let y = this.y + CELL_PADDING;
        for (const block of cell) {
          for (const line of block.lines) {
            this.drawLine(line, x + CELL_PADDING, y, block.size);
            y += block.size * LINE_FACTOR;
          }
        }
      });
      this.y += rowHeight;
    }
    this.y += 6;
  }
}

/** The document as a PDF: paragraphs in their named styles, bullets, bordered tables, as many pages as needed. */
export function renderDocumentPdf(document: StoredDocument, title: string, createdAt: Date): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    autoFirstPage: true,
    // A fixed creation date keeps the bytes of one document version identical across exports.
    info: { Title: title, Producer: 'Local Workspace emulator', CreationDate: createdAt },
  });
  for (const [name, bytes] of Object.entries(fonts())) pdf.registerFont(name, bytes);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const writer = new Writer(pdf);
  for (const block of document.body) {
    if (block.kind === 'paragraph') writer.paragraph(block);
    else writer.table(block.rows);
  }
  pdf.end();
  return done;
}
