// The web UI's Documents page API (local stack only): the Google Docs in the emulated Drive, one document's
// structure as documents.get returns it, its sharing, the other files in its folder (the PDF of each version),
// and downloads. It reads through the genuine googleapis clients, as the production adapters do, so the page
// shows exactly what the Docs and Drive APIs hold.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { drive_v3 } from '@googleapis/drive';
import {
  type DocumentClients,
  DOCUMENT_MIME_TYPE,
  createDocumentClients,
} from '../functions/src/adapters/google-docs.ts';

export interface DocumentSummary {
  id: string;
  title: string;
  folder: { id: string; name: string } | null;
  modifiedTime: string;
  version: string;
}

type Send = (res: ServerResponse, status: number, body: unknown) => void;

const FILE_FIELDS = 'id,name,mimeType,parents,modifiedTime,createdTime,version,size';

export class DocumentsApi {
  readonly #clients: DocumentClients;

  constructor(
    workspaceRootUrl: string,
    private readonly sendJson: Send,
  ) {
    this.#clients = createDocumentClients({ rootUrl: workspaceRootUrl });
  }

  /** Answers /api/documents…; false when the path is not one of its routes. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (req.method !== 'GET') return false;
    if (path === '/api/documents') {
      this.sendJson(res, 200, { documents: await this.list() });
      return true;
    }
    const one = /^\/api\/documents\/([^/]+)(\/pdf)?$/.exec(path);
    if (one) {
      const id = decodeURIComponent(one[1]!);
      if (one[2]) await this.#download(res, id, 'pdf');
      else this.sendJson(res, 200, await this.detail(id));
      return true;
    }
    const file = /^\/api\/files\/([^/]+)\/content$/.exec(path);
    if (file) {
      await this.#download(res, decodeURIComponent(file[1]!), 'media');
      return true;
    }
    return false;
  }

  async list(): Promise<DocumentSummary[]> {
    const files: drive_v3.Schema$File[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.#clients.drive.files.list({
        q: `mimeType = '${DOCUMENT_MIME_TYPE}' and trashed = false`,
        fields: `nextPageToken,files(${FILE_FIELDS})`,
        orderBy: 'modifiedTime desc',
        pageSize: 200,
        ...(pageToken ? { pageToken } : {}),
      });
      files.push(...(page.data.files ?? []));
      pageToken = page.data.nextPageToken ?? undefined;
    } while (pageToken);
    const folders = new Map<string, Promise<{ id: string; name: string } | null>>();
    const folderOf = (id: string | undefined) => {
      if (!id) return Promise.resolve(null);
      if (!folders.has(id)) folders.set(id, this.#folder(id));
      return folders.get(id)!;
    };
    return Promise.all(
      files.map(async (file) => ({
        id: file.id!,
        title: file.name ?? '',
        folder: await folderOf(file.parents?.[0]),
        modifiedTime: file.modifiedTime ?? '',
        version: file.version ?? '',
      })),
    );
  }

  async detail(documentId: string): Promise<unknown> {
    const [file, document, permissions] = await Promise.all([
      this.#clients.drive.files.get({ fileId: documentId, fields: `${FILE_FIELDS},webViewLink` }),
      this.#clients.docs.documents.get({ documentId }),
      this.#clients.drive.permissions.list({ fileId: documentId, fields: 'permissions(id,type,role,emailAddress)' }),
    ]);
    const folderId = file.data.parents?.[0];
    const siblings = folderId
      ? await this.#clients.drive.files.list({
          q: `'${folderId}' in parents and trashed = false and mimeType != 'application/vnd.google-apps.folder'`,
          fields: `files(${FILE_FIELDS})`,
          orderBy: 'name',
          pageSize: 200,
        })
      : undefined;
    return {
      id: documentId,
      title: document.data.title ?? file.data.name ?? '',
      revisionId: document.data.revisionId ?? null,
      version: file.data.version ?? '',
      modifiedTime: file.data.modifiedTime ?? '',
      createdTime: file.data.createdTime ?? '',
      folder: folderId ? await this.#folder(folderId) : null,
      body: document.data.body ?? { content: [] },
      lists: document.data.lists ?? {},
      permissions: (permissions.data.permissions ?? []).map((p) => ({
        type: p.type ?? '',
        role: p.role ?? '',
        emailAddress: p.emailAddress ?? null,
      })),
      files: (siblings?.data.files ?? [])
        .filter((f) => f.id !== documentId)
        .map((f) => ({
          id: f.id!,
          name: f.name ?? '',
          mimeType: f.mimeType ?? '',
          size: f.size ? Number(f.size) : null,
          modifiedTime: f.modifiedTime ?? '',
          isDocument: f.mimeType === DOCUMENT_MIME_TYPE,
        })),
    };
  }

  async #folder(id: string): Promise<{ id: string; name: string } | null> {
    try {
      const folder = await this.#clients.drive.files.get({ fileId: id, fields: 'id,name,parents' });
      // My Drive itself is no folder a person filed the document into.
      if (!folder.data.parents || folder.data.parents.length === 0) return null;
      return { id, name: folder.data.name ?? '' };
    } catch {
      return null;
    }
  }

  async #download(res: ServerResponse, fileId: string, kind: 'pdf' | 'media'): Promise<void> {
    const meta = await this.#clients.drive.files.get({ fileId, fields: 'name,mimeType' });
    const response =
      kind === 'pdf'
        ? await this.#clients.drive.files.export(
            { fileId, mimeType: 'application/pdf' },
            { responseType: 'arraybuffer' },
          )
        : await this.#clients.drive.files.get({ fileId, alt: 'media' }, { responseType: 'arraybuffer' });
    const bytes = Buffer.from(response.data as ArrayBuffer);
    const name = kind === 'pdf' ? `${meta.data.name ?? fileId}.pdf` : (meta.data.name ?? fileId);
    res.writeHead(200, {
      'content-type': kind === 'pdf' ? 'application/pdf' : (meta.data.mimeType ?? 'application/octet-stream'),
      'content-length': bytes.length,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'no-store',
    });
    res.end(bytes);
  }
}
