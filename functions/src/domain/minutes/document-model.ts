// A document as the system means it, before any Google API sees it: a title and a flat list of blocks. The
// minutes are assembled into this shape by pure rules (domain/minutes), the Docs adapter turns it into
// documents.batchUpdate requests, and the local Workspace emulator renders the same structure to PDF and to the
// web UI's Documents page. Kept this small on purpose: headings, paragraphs, bullet lists and plain tables are
// all a set of minutes needs, and every one of them has a direct Docs equivalent.

export type DocumentBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string; bold?: boolean }
  | { kind: 'bullets'; items: readonly string[] }
  /** A plain table; the header row is bold. Every row has as many cells as the header. */
  | { kind: 'table'; header: readonly string[]; rows: readonly (readonly string[])[] };

export interface DocumentModel {
  /** The document's (and its Drive file's) title. */
  title: string;
  blocks: readonly DocumentBlock[];
}
