// DocumentWriter over the Google Docs API v1 (content) and Drive API v3 (file, folder, PDF export). The same
// code talks to Google and to the local Workspace emulator; only `rootUrl` differs.
//
// How a model is written, and why:
// - A document is created as a Drive file (mimeType application/vnd.google-apps.document) directly inside its
//   folder, so there is no moment where it exists outside the folder. It carries an appProperty marking it as
//   ours; a write without a documentId first looks for our document of the same title in that folder, so a
//   retry after a crash between "created" and "ID stored" reuses that document instead of leaving an orphan.
// - Rewriting (documentId given, or the reused document) deletes the whole body and rebuilds it: the same ID,
//   link and sharing, and no diffing that could leave stale pieces behind.
// - Paragraph-like blocks are inserted as one text per run of blocks, then styled with explicit values
//   (named style, bold true/false, bullets created or removed), because inserted text inherits the style of
//   its neighbour in Docs. Text is plain text: Docs has no formulas, and control characters that Docs drops
//   are removed first so the computed indices match what Docs stores.
// - A table is inserted empty; the document is read back (documents.get) to learn its cells' real indices,
//   and the cells are filled from the last to the first so earlier indices never move.
// - Every batchUpdate names the revision it was computed against (writeControl.requiredRevisionId): if
//   anyone else changes the document between our steps, Docs refuses instead of applying our indices to a
//   different text; the caller retries the whole write, which is idempotent.
import { auth as googleAuth, docs, type docs_v1 } from '@googleapis/docs';
import { drive, type drive_v3 } from '@googleapis/drive';
import type { DocumentBlock, DocumentModel } from '../domain/minutes/document-model.ts';
import type { DocumentWriter, WrittenDocument } from '../ports/document-ports.ts';

export const DOCUMENT_MIME_TYPE = 'application/vnd.google-apps.document';
export const FOLDER_MIME_TYPE = 'application/vnd.google-apps.folder';
/** Docs to write documents; Drive (full) to create them in folders, export, upload and share. */
export const DOCUMENT_SCOPES = ['https://www.googleapis.com/auth/documents', 'https://www.googleapis.com/auth/drive'];
/** appProperties key/value marking files this system created (Drive keeps them private to our OAuth client). */
export const WRITER_PROPERTY = { key: 'writtenBy', value: 'meeting-followup' } as const;

export interface DocumentClients {
  docs: docs_v1.Docs;
  drive: drive_v3.Drive;
  /**
   * Set against the local emulator: googleapis builds media upload URLs from a per-call rootUrl only, so upload
   * calls pass it explicitly.
   */
  rootUrl?: string;
}

export interface DocumentClientOptions {
  /** e.g. the local emulator's `http://127.0.0.1:PORT/`; omit for Google. */
  rootUrl?: string;
  /**
   * For Google: credentials acting as a Workspace user who owns the documents (domain-wide delegation with
   * DOCUMENT_SCOPES, e.g. `delegatedGmailAuth({ senderMailbox, keyJson, scopes: DOCUMENT_SCOPES })`). Without
   * it Application Default Credentials are used. Omit against the emulator (it accepts any caller).
   */
  auth?: docs_v1.Options['auth'];
}

export function createDocumentClients(options: DocumentClientOptions = {}): DocumentClients {
  const { rootUrl } = options;
  const auth = options.auth ?? (rootUrl ? undefined : new googleAuth.GoogleAuth({ scopes: DOCUMENT_SCOPES }));
  const common = { ...(rootUrl ? { rootUrl } : {}), ...(auth ? { auth } : {}) };
  return {
    docs: docs({ version: 'v1', ...common }),
    drive: drive({ version: 'v3', ...common }),
    ...(rootUrl ? { rootUrl } : {}),
  };
}

/** A string literal for Drive's `q`: single-quoted, with \ and ' escaped. */
export function driveQueryString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** Text as Docs will store it: CR/LF made LF, and the characters Docs silently drops removed. */
export function docsText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: exactly the characters Docs strips on insert.
      .replace(/[\u0000-\u0008\u000C-\u001F\uE000-\uF8FF]/g, '')
  );
}

type NamedStyle = 'NORMAL_TEXT' | 'HEADING_1' | 'HEADING_2' | 'HEADING_3';

interface TextEntry {
  text: string;
  style: NamedStyle;
  bold: boolean;
  /** Entries of one bullets block share a list number, so each block is its own list. */
  list?: number;
}

type Section = { kind: 'text'; entries: TextEntry[] } | { kind: 'table'; header: string[]; rows: string[][] };

/** Consecutive non-table blocks become one text section; each table its own section. */
export function planSections(blocks: readonly DocumentBlock[]): Section[] {
  const sections: Section[] = [];
  const text = (): TextEntry[] => {
    const last = sections.at(-1);
    if (last?.kind === 'text') return last.entries;
    const entries: TextEntry[] = [];
    sections.push({ kind: 'text', entries });
    return entries;
  };
  blocks.forEach((block, index) => {
    if (block.kind === 'heading') {
      text().push({ text: docsText(block.text), style: `HEADING_${block.level}`, bold: false });
    } else if (block.kind === 'paragraph') {
      text().push({ text: docsText(block.text), style: 'NORMAL_TEXT', bold: block.bold === true });
    } else if (block.kind === 'bullets') {
      for (const item of block.items)
        text().push({ text: docsText(item), style: 'NORMAL_TEXT', bold: false, list: index });
    } else if (block.header.length > 0) {
      const width = block.header.length;
      const rows = block.rows.map((row) => Array.from({ length: width }, (_, c) => docsText(row[c] ?? '')));
      sections.push({ kind: 'table', header: block.header.map(docsText), rows });
    }
  });
  return sections;
}

/**
 * Requests that write `entries` into the (empty) final paragraph starting at `at`, and the index of the new
 * final newline. The last entry becomes the body's final paragraph.
 */
export function textSectionRequests(
  entries: readonly TextEntry[],
  at: number,
): { requests: docs_v1.Schema$Request[]; end: number } {
  const full = entries.map((entry) => entry.text).join('\n');
  const requests: docs_v1.Schema$Request[] = [];
  if (full !== '') requests.push({ insertText: { location: { index: at }, text: full } });
  const range = (startIndex: number, endIndex: number): docs_v1.Schema$Range => ({ startIndex, endIndex });
  // Paragraph ranges include each paragraph's newline; the section's last newline is at + full.length.
  const whole = range(at, at + full.length + 1);
  requests.push({ deleteParagraphBullets: { range: whole } });
  if (full !== '')
    requests.push({
      updateTextStyle: { range: range(at, at + full.length), textStyle: { bold: false }, fields: 'bold' },
    });
  let start = at;
  let listStart: { list: number; start: number } | undefined;
  const closeList = (end: number): void => {
    if (listStart)
      requests.push({
        createParagraphBullets: { range: range(listStart.start, end), bulletPreset: 'BULLET_DISC_CIRCLE_SQUARE' },
      });
    listStart = undefined;
  };
  for (const entry of entries) {
    const end = start + entry.text.length + 1;
    requests.push({
      updateParagraphStyle: {
        range: range(start, end),
        paragraphStyle: { namedStyleType: entry.style },
        fields: 'namedStyleType',
      },
    });
    if (entry.bold && entry.text.length > 0)
      requests.push({
        updateTextStyle: { range: range(start, start + entry.text.length), textStyle: { bold: true }, fields: 'bold' },
      });
    if (listStart && listStart.list !== entry.list) closeList(start);
    if (entry.list !== undefined && !listStart) listStart = { list: entry.list, start };
    start = end;
  }
  closeList(start);
  return { requests, end: at + full.length };
}

/** A plain paragraph again: no list, normal text. */
function resetParagraph(at: number): docs_v1.Schema$Request[] {
  const range = { startIndex: at, endIndex: at + 1 };
  return [
    { deleteParagraphBullets: { range } },
    { updateParagraphStyle: { range, paragraphStyle: { namedStyleType: 'NORMAL_TEXT' }, fields: 'namedStyleType' } },
  ];
}

function bodyEnd(document: docs_v1.Schema$Document): number {
  return document.body?.content?.at(-1)?.endIndex ?? 2;
}

export class GoogleDocsWriter implements DocumentWriter {
  constructor(private readonly clients: DocumentClients) {}

  async write(model: DocumentModel, options: { documentId?: string; folderId: string }): Promise<WrittenDocument> {
    const title = docsText(model.title).replaceAll('\n', ' ');
    const file = options.documentId
      ? await this.#renamed(options.documentId, title)
      : ((await this.#ourDocumentNamed(title, options.folderId)) ?? (await this.#create(title, options.folderId)));
    const documentId = file.id!;
    let current = (await this.clients.docs.documents.get({ documentId })).data;
    let revision = current.revisionId ?? undefined;
    const end = bodyEnd(current);
    // Empty the body (its final newline cannot go), and reset what the remaining paragraph may carry.
    let pending: docs_v1.Schema$Request[] = [];
    if (end > 2) pending.push({ deleteContentRange: { range: { startIndex: 1, endIndex: end - 1 } } });
    pending.push(...resetParagraph(1));
    let at = 1;
    for (const section of planSections(model.blocks)) {
      if (section.kind === 'text') {
        const written = textSectionRequests(section.entries, at);
        pending.push(...written.requests);
        at = written.end;
        continue;
      }
      // The table goes after the final paragraph (Docs inserts a newline before it), then is read back.
      pending.push({
        insertTable: {
          rows: section.rows.length + 1,
          columns: section.header.length,
          endOfSegmentLocation: { segmentId: '' },
        },
      });
      revision = await this.#batch(documentId, pending, revision);
      pending = [];
      current = (await this.clients.docs.documents.get({ documentId })).data;
      const tableStart = at + 1;
      const table = current.body?.content?.find((element) => element.startIndex === tableStart && element.table)?.table;
      if (!table) throw new Error(`Docs did not place the table at index ${tableStart} of ${documentId}`);
      const cells = [section.header, ...section.rows];
      let added = 0;
      const fills: docs_v1.Schema$Request[] = [];
      const tableRows = table.tableRows ?? [];
      for (let r = tableRows.length - 1; r >= 0; r--) {
        const rowCells = tableRows[r]?.tableCells ?? [];
        for (let c = rowCells.length - 1; c >= 0; c--) {
          const text = cells[r]?.[c] ?? '';
          const index = rowCells[c]?.content?.[0]?.startIndex;
          if (text === '' || index === undefined || index === null) continue;
          fills.push(
            { insertText: { location: { index }, text } },
            {
              updateTextStyle: {
                range: { startIndex: index, endIndex: index + text.length },
                textStyle: { bold: r === 0 },
                fields: 'bold',
              },
            },
          );
          added += text.length;
        }
      }
      pending.push(...fills);
      // The empty paragraph after the table is the new final paragraph; it inherited the style of the
      // paragraph the table was inserted after (a heading, a list item), which it must not keep.
      at = bodyEnd(current) - 1 + added;
      pending.push(...resetParagraph(at));
    }
    if (pending.length > 0) revision = await this.#batch(documentId, pending, revision);
    return {
      documentId,
      url: file.webViewLink ?? `https://docs.google.com/document/d/${documentId}/edit`,
      ...(revision ? { revisionId: revision } : {}),
    };
  }

  async exportPdf(documentId: string): Promise<Buffer> {
    const response = await this.clients.drive.files.export(
      { fileId: documentId, mimeType: 'application/pdf' },
      { responseType: 'arraybuffer' },
    );
    return Buffer.from(response.data as ArrayBuffer);
  }

  async #batch(
    documentId: string,
    requests: docs_v1.Schema$Request[],
    revision: string | undefined,
  ): Promise<string | undefined> {
    const response = await this.clients.docs.documents.batchUpdate({
      documentId,
      requestBody: { requests, ...(revision ? { writeControl: { requiredRevisionId: revision } } : {}) },
    });
    return response.data.writeControl?.requiredRevisionId ?? undefined;
  }

  async #renamed(documentId: string, title: string): Promise<drive_v3.Schema$File> {
    const file = (
      await this.clients.drive.files.get({ fileId: documentId, fields: 'id,name,webViewLink', supportsAllDrives: true })
    ).data;
    if (file.name === title) return file;
    return (
      await this.clients.drive.files.update({
        fileId: documentId,
        requestBody: { name: title },
        fields: 'id,name,webViewLink',
        supportsAllDrives: true,
      })
    ).data;
  }

  async #ourDocumentNamed(title: string, folderId: string): Promise<drive_v3.Schema$File | undefined> {
    const response = await this.clients.drive.files.list({
      q: [
        `name = ${driveQueryString(title)}`,
        `${driveQueryString(folderId)} in parents`,
        `mimeType = '${DOCUMENT_MIME_TYPE}'`,
        'trashed = false',
      ].join(' and '),
      fields: 'files(id,name,webViewLink,appProperties,createdTime)',
      orderBy: 'createdTime',
      pageSize: 10,
      supportsAllDrives: true,
      includeItemsFromAllDrives: true,
    });
    return response.data.files?.find((file) => file.appProperties?.[WRITER_PROPERTY.key] === WRITER_PROPERTY.value);
  }

  async #create(title: string, folderId: string): Promise<drive_v3.Schema$File> {
    const response = await this.clients.drive.files.create({
      requestBody: {
        name: title,
        mimeType: DOCUMENT_MIME_TYPE,
        parents: [folderId],
        appProperties: { [WRITER_PROPERTY.key]: WRITER_PROPERTY.value },
      },
      fields: 'id,name,webViewLink',
      supportsAllDrives: true,
    });
    return response.data;
  }
}

export function googleDocumentWriter(clients: DocumentClients): DocumentWriter {
  return new GoogleDocsWriter(clients);
}
