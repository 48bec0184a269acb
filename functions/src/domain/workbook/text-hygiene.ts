// Invisible characters in typed cells. They arrive with text pasted from PDFs, chat apps, web pages and other
// systems; nobody can see them in the cell, so nobody could act on a message asking to remove them.
//
// Decisions:
// - Stripped, not refused: the row is saved without them and the Status says which column was cleaned
//   (TEXT_CLEANED), so the user knows the stored text differs from the cell. Refusing would leave the user
//   hunting for a character the sheet does not show. The cell itself is not written over (the answer writes
//   only ID, Status and computed cells), so what was typed stays visible.
// - Control characters go everywhere: C0 (U+0000–U+001F) except tab and line feed, DEL (U+007F) and C1
//   (U+0080–U+009F, mis-decoded text). They break mail headers, CSV exports and the Summary. A carriage return
//   before a line feed (a Windows paste) is a line break written the old way, so it becomes one silently.
// - Zero-width space (U+200B), word joiner (U+2060) and byte-order mark (U+FEFF) go everywhere: they have no
//   meaning in Chinese or Latin text and make equal names and emails compare different. Zero-width (non-)joiners
//   (U+200C/U+200D) stay in free text: emoji sequences (👩‍💻) and Persian/Indic spelling need them.
// - Bidi controls (U+202A–U+202E embeddings/overrides, U+2066–U+2069 isolates, U+200E/U+200F marks) go from
//   identifier-like cells (emails, IDs, references, phones, numbers, dates, choices), where they only serve to
//   disguise one address as another. Free text keeps them: mixed Arabic/Hebrew and Latin text may use them, and
//   right-to-left letters themselves are never touched anywhere.
import type { ColumnType } from './workbook-schema.ts';

// Built from code points so the source file holds no invisible characters itself.
const range = (from: number, to: number) => `\\u${hex(from)}-\\u${hex(to)}`;
const single = (code: number) => `\\u${hex(code)}`;
function hex(code: number): string {
  return code.toString(16).padStart(4, '0');
}

const CONTROL = new RegExp(
  `[${range(0x00, 0x08)}${single(0x0b)}${single(0x0c)}${range(0x0e, 0x1f)}${range(0x7f, 0x9f)}]`,
  'gu',
);
const CARRIAGE_RETURN = /\r\n?/gu;
const ZERO_WIDTH = new RegExp(`[${single(0x200b)}${single(0x2060)}${single(0xfeff)}]`, 'gu');
const ZERO_WIDTH_JOINERS = new RegExp(`[${single(0x200c)}${single(0x200d)}]`, 'gu');
const BIDI_CONTROLS = new RegExp(
  `[${single(0x200e)}${single(0x200f)}${range(0x202a, 0x202e)}${range(0x2066, 0x2069)}]`,
  'gu',
);

export interface CleanedText {
  readonly text: string;
  /** True when a character the user cannot see was removed (a line-break rewrite does not count). */
  readonly cleaned: boolean;
}

/** Free text keeps what writing systems need; everything else is an identifier or a value to parse. */
function isFreeText(type: ColumnType): boolean {
  return type.kind === 'text';
}

/** The cell text without the invisible characters that do not belong in a cell of this type. */
export function cleanCellText(raw: string, type: ColumnType): CleanedText {
  let text = raw.replace(CARRIAGE_RETURN, '\n');
  const lineBreaksOnly = text;
  text = text.replace(CONTROL, '').replace(ZERO_WIDTH, '');
  if (!isFreeText(type)) text = text.replace(BIDI_CONTROLS, '').replace(ZERO_WIDTH_JOINERS, '');
  // Identifier cells cannot hold line breaks or tabs meaningfully either; the parsers trim and refuse those.
  return { text, cleaned: text !== lineBreaksOnly };
}
