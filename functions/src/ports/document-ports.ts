// What the minutes workflows need from Google Docs and Drive: write a document from the domain's document
// model (creating it, or replacing the content of the same document so its ID and link never change), export
// it to PDF, and keep a per-meeting archive folder shared with the right people. Types only.
import type { DocumentModel } from '../domain/minutes/document-model.ts';

export interface WrittenDocument {
  documentId: string;
  /** The link people open (https://docs.google.com/document/d/<id>/edit, or the local emulator's page). */
  url: string;
  /** Docs' revision ID after the write, when the API reports one. */
  revisionId?: string;
}

export interface DocumentWriter {
  /**
   * Writes the model into a Google Doc. With `documentId`, the existing document's body is replaced (same ID,
   * same link, same sharing); without it a new document is created inside `folderId`.
   */
  write(model: DocumentModel, options: { documentId?: string; folderId: string }): Promise<WrittenDocument>;
  /** The document exported as PDF bytes (Drive files.export, mimeType application/pdf). */
  exportPdf(documentId: string): Promise<Buffer>;
}

export type SharingRole = 'reader' | 'commenter' | 'writer';

export interface DocumentArchive {
  /** The folder named `name` under `parentId` (or the archive root), created once; its ID. Idempotent by name. */
  ensureFolder(name: string, parentId?: string): Promise<string>;
  /** Stores a file (e.g. the PDF of version 2) in the folder; its Drive file ID. */
  saveFile(folderId: string, name: string, contentType: string, content: Buffer): Promise<string>;
  /** A stored file's bytes (files.get alt=media). */
  readFile(fileId: string): Promise<Buffer>;
  /**
   * Makes the file's user permissions exactly these e-mail addresses with this role, leaving owners alone:
   * missing ones are created (without Drive's own notification mail: the system sends its own), extra
   * ones removed. Idempotent. Returns what changed: `added` (new, or given this role now), `removed`, and
   * `unshareable`: addresses with no Google account, which Drive shares with only by sending its own
   * invitation mail; they get no permission (the minutes mail carries the PDF for them).
   */
  shareExactly(
    fileId: string,
    emails: readonly string[],
    role: SharingRole,
  ): Promise<{ added: string[]; removed: string[]; unshareable: string[] }>;
}
