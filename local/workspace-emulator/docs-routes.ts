// Google Docs API v1 REST surface: documents.create, documents.get and documents.batchUpdate with the request
// kinds the product sends. Every emulated document is also a Drive file (same ID, mimeType
// application/vnd.google-apps.document) whose name is the document's title, as in Google.
import type { docs_v1 } from '@googleapis/docs';
import { ApiError, invalidArgument, notFound } from './api-error.ts';
import {
  type StoredDocument,
  bodyEndIndex,
  createDocument,
  deleteContentRange,
  documentToApi,
  insertTable,
  insertText,
  replaceAllText,
  revisionIdOf,
  setBullets,
  updateParagraphStyle,
  updateTextStyle,
} from './docs-model.ts';
import { DOCUMENT_MIME_TYPE, newDriveFile } from './drive-model.ts';
import type { Router } from './router.ts';
import type { WorkspaceStore } from './workspace-store.ts';

export interface DocsRouteContext {
  store: WorkspaceStore;
  now: () => number;
}

const ID = '([^/:]+)';

export function registerDocsRoutes(router: Router, context: DocsRouteContext): void {
  const { store } = context;

  const load = (id: string | undefined): { document: StoredDocument; title: string } => {
    const document = id === undefined ? undefined : store.documents.get(id);
    const file = id === undefined ? undefined : store.files.get(id);
    // A trashed document still opens (it is in the trash, not gone), as in Docs.
    if (!document || !file) throw notFound(`Requested entity was not found.`);
    return { document, title: file.name };
  };

  router
    .add('POST', /^\/v1\/documents\/?$/, ({ body }) => {
      const request = (body ?? {}) as docs_v1.Schema$Document;
      const document = createDocument();
      const file = newDriveFile(
        { id: document.documentId, name: request.title ?? 'Untitled document', mimeType: DOCUMENT_MIME_TYPE },
        context.now(),
      );
      store.files.set(file.id, file);
      store.documents.set(document.documentId, document);
      return documentToApi(document, file.name);
    })
    .add('GET', new RegExp(`^/v1/documents/${ID}$`), ({ params, query }) => {
      const { document, title } = load(params[0]);
      return documentToApi(document, title, { includeTabsContent: query.get('includeTabsContent') === 'true' });
    })
    .add('POST', new RegExp(`^/v1/documents/${ID}:batchUpdate$`), ({ params, body }) => {
      const { document } = load(params[0]);
      const request = (body ?? {}) as docs_v1.Schema$BatchUpdateDocumentRequest;
      const required = request.writeControl?.requiredRevisionId ?? request.writeControl?.targetRevisionId;
      if (required && required !== revisionIdOf(document))
        throw new ApiError(
          400,
          `The required revision ID ${required} does not match the latest revision ${revisionIdOf(document)}.`,
          'FAILED_PRECONDITION',
        );
      // Applied to a copy that replaces the stored document only when every request succeeded (atomic).
      const copy = structuredClone(document);
      const replies = (request.requests ?? []).map((item, index) => applyRequest(copy, item, index));
      if (
        JSON.stringify(copy.body) !== JSON.stringify(document.body) ||
        JSON.stringify(copy.lists) !== JSON.stringify(document.lists)
      ) {
        copy.revision += 1;
        const file = store.files.get(copy.documentId);
        if (file) {
          store.files.set(file.id, {
            ...file,
            version: file.version + 1,
            modifiedTime: new Date(context.now()).toISOString(),
          });
        }
      }
      store.documents.set(copy.documentId, copy);
      return { documentId: copy.documentId, replies, writeControl: { requiredRevisionId: revisionIdOf(copy) } };
    });
}

function requestKind(request: docs_v1.Schema$Request, index: number): string {
  const kinds = Object.entries(request)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key]) => key);
  if (kinds.length !== 1)
    throw invalidArgument(
      `Invalid requests[${index}]: exactly one kind of request must be set (got ${kinds.join(', ')}).`,
    );
  return kinds[0]!;
}

function checkSegment(segmentId: string | null | undefined, tabId: string | null | undefined, index: number): void {
  if (segmentId)
    throw invalidArgument(
      `Invalid requests[${index}]: headers, footers and footnotes are not emulated (${segmentId}).`,
    );
  if (tabId && tabId !== 't.0') throw invalidArgument(`Invalid requests[${index}]: no tab ${tabId}.`);
}

function insertionIndex(
  document: StoredDocument,
  request: { location?: docs_v1.Schema$Location; endOfSegmentLocation?: docs_v1.Schema$EndOfSegmentLocation },
  index: number,
): number {
  if (request.location && request.endOfSegmentLocation)
    throw invalidArgument(`Invalid requests[${index}]: set location or endOfSegmentLocation, not both.`);
  if (request.endOfSegmentLocation) {
    checkSegment(request.endOfSegmentLocation.segmentId, request.endOfSegmentLocation.tabId, index);
    return bodyEndIndex(document) - 1;
  }
  if (!request.location) throw invalidArgument(`Invalid requests[${index}]: a location is required.`);
  checkSegment(request.location.segmentId, request.location.tabId, index);
  const at = request.location.index ?? 0;
  if (at < 1) throw invalidArgument(`Invalid requests[${index}]: index ${at} must be at least 1.`);
  if (at >= bodyEndIndex(document))
    throw invalidArgument(
      `Invalid requests[${index}]: Index ${at} must be less than the end index of the referenced segment, ` +
        `${bodyEndIndex(document)}.`,
    );
  return at;
}

function rangeOf(range: docs_v1.Schema$Range | undefined, index: number): { start: number; end: number } {
  if (!range) throw invalidArgument(`Invalid requests[${index}]: a range is required.`);
  checkSegment(range.segmentId, range.tabId, index);
  return { start: range.startIndex ?? 0, end: range.endIndex ?? 0 };
}

function fieldsOf(fields: string | null | undefined, index: number): string[] {
  const list = (fields ?? '')
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');
  if (list.length === 0) throw invalidArgument(`Invalid requests[${index}]: fields is required.`);
  return list;
}

function applyRequest(document: StoredDocument, request: docs_v1.Schema$Request, index: number): object {
  const kind = requestKind(request, index);
  switch (kind) {
    case 'insertText': {
      const insert = request.insertText!;
      insertText(document, insertionIndex(document, insert, index), insert.text ?? '');
      return {};
    }
    case 'insertTable': {
      const insert = request.insertTable!;
      insertTable(document, insertionIndex(document, insert, index), insert.rows ?? 0, insert.columns ?? 0);
      return {};
    }
    case 'deleteContentRange': {
      const { start, end } = rangeOf(request.deleteContentRange!.range, index);
      deleteContentRange(document, start, end);
      return {};
    }
    case 'updateParagraphStyle': {
      const update = request.updateParagraphStyle!;
      const { start, end } = rangeOf(update.range, index);
      updateParagraphStyle(document, start, end, update.paragraphStyle ?? {}, fieldsOf(update.fields, index));
      return {};
    }
    case 'updateTextStyle': {
      const update = request.updateTextStyle!;
      const { start, end } = rangeOf(update.range, index);
      updateTextStyle(
        document,
        start,
        end,
        (update.textStyle ?? {}) as Record<string, unknown>,
        fieldsOf(update.fields, index),
      );
      return {};
    }
    case 'createParagraphBullets': {
      const create = request.createParagraphBullets!;
      const { start, end } = rangeOf(create.range, index);
      setBullets(document, start, end, create.bulletPreset ?? 'BULLET_DISC_CIRCLE_SQUARE');
      return {};
    }
    case 'deleteParagraphBullets': {
      const { start, end } = rangeOf(request.deleteParagraphBullets!.range, index);
      setBullets(document, start, end, undefined);
      return {};
    }
    case 'replaceAllText': {
      const replace = request.replaceAllText!;
      const occurrences = replaceAllText(
        document,
        replace.containsText?.text ?? '',
        replace.replaceText ?? '',
        replace.containsText?.matchCase === true,
      );
      // proto3 JSON leaves a zero count out.
      return { replaceAllText: occurrences > 0 ? { occurrencesChanged: occurrences } : {} };
    }
    default:
      throw invalidArgument(`Invalid requests[${index}]: ${kind} is not supported by the local Workspace emulator.`);
  }
}
