// Google Drive API v3 REST surface: files.create (metadata, folders, Google Docs, media and multipart uploads),
// files.get (metadata, alt=media), files.list (q, fields, paging), files.update (metadata, addParents /
// removeParents, new content), files.copy, files.delete, files.export (a document to PDF or text) and
// permissions.create/list/get/update/delete. Uploads, downloads and exports speak raw bytes, so like Gmail's
// send they are served before the JSON router.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { drive_v3 } from '@googleapis/drive';
import { ApiError, invalidArgument, notFound } from './api-error.ts';
import { createDocument, paragraphsOf, paragraphText } from './docs-model.ts';
import { renderDocumentPdf } from './document-pdf.ts';
import {
  DOCUMENT_MIME_TYPE,
  FOLDER_MIME_TYPE,
  PERMISSION_ROLES,
  type PermissionRole,
  type PermissionType,
  ROOT_FOLDER_ID,
  type StoredDriveFile,
  type StoredPermission,
  fileToApi,
  newDriveFile,
  parseDriveQuery,
  permissionIdFor,
  permissionToApi,
  projectFile,
  projectList,
  projectPermission,
} from './drive-model.ts';
import { ALLOW_ANY_ORIGIN, decodePageToken, decodePathPart, parseJson, respond, sendJson } from './http-json.ts';
import { type Router, readRequestBody } from './router.ts';
import type { WorkspaceStore } from './workspace-store.ts';

export interface DriveRouteContext {
  store: WorkspaceStore;
  rootUrl: () => string;
  now: () => number;
  /** Where the emulator's document links (`/document/d/<id>/edit`) send a browser; unset answers a note. */
  documentPage: () => ((documentId: string) => string) | undefined;
  /** Addresses treated as having no Google account: Drive shares with them only when it may notify them. */
  withoutGoogleAccount: () => ReadonlySet<string>;
}

export interface DriveService {
  /** Serves uploads, downloads, exports and document links; false leaves the request to the JSON router. */
  handleRaw(req: IncomingMessage, res: ServerResponse): boolean;
}

const ID = '([^/:]+)';
const PDF_CACHE_SIZE = 32;
const PERMISSION_TYPES: readonly PermissionType[] = ['user', 'group', 'domain', 'anyone'];

export function registerDriveRoutes(router: Router, context: DriveRouteContext): DriveService {
  const { store } = context;
  const pdfCache = new Map<string, Buffer>();
  const rootUrl = (): string => context.rootUrl();
  const nowIso = (): string => new Date(context.now()).toISOString();

  const load = (id: string | undefined): StoredDriveFile => {
    const file = id === undefined ? undefined : store.files.get(id === 'root' ? ROOT_FOLDER_ID : id);
    if (!file) throw new ApiError(404, `File not found: ${id}.`);
    return file;
  };

  const save = (file: StoredDriveFile, bump = true): StoredDriveFile => {
    const next = bump ? { ...file, version: file.version + 1, modifiedTime: nowIso() } : file;
    store.files.set(next.id, next);
    return next;
  };

  const checkParents = (parents: readonly string[]): string[] =>
    parents.map((parent) => {
      const id = parent === 'root' ? ROOT_FOLDER_ID : parent;
      if (id === ROOT_FOLDER_ID) return id;
      const folder = store.files.get(id);
      if (!folder || folder.mimeType !== FOLDER_MIME_TYPE) throw new ApiError(404, `File not found: ${parent}.`);
      return id;
    });

  // My Drive exists from the start, as for any Google account.
  if (!store.files.has(ROOT_FOLDER_ID)) {
    const root = newDriveFile({ id: ROOT_FOLDER_ID, name: 'My Drive', mimeType: FOLDER_MIME_TYPE }, context.now());
    store.files.set(ROOT_FOLDER_ID, { ...root, parents: [] });
  }

  const create = (metadata: drive_v3.Schema$File, content: Buffer | undefined, mediaType?: string): StoredDriveFile => {
    const mimeType = metadata.mimeType ?? mediaType ?? (content ? 'application/octet-stream' : undefined);
    if (content && (mimeType === FOLDER_MIME_TYPE || mimeType === DOCUMENT_MIME_TYPE))
      throw invalidArgument('Converting uploads into Google Docs is not emulated; upload the file as it is.');
    const file = newDriveFile(
      {
        ...(metadata.name ? { name: metadata.name } : {}),
        ...(mimeType ? { mimeType } : {}),
        parents: checkParents(metadata.parents ?? []),
        ...(metadata.description ? { description: metadata.description } : {}),
      },
      context.now(),
    );
    if (metadata.appProperties) file.appProperties = stringRecord(metadata.appProperties);
    if (content) file.content = content.toString('base64');
    if (file.mimeType === DOCUMENT_MIME_TYPE) store.documents.set(file.id, createDocument(file.id));
    store.files.set(file.id, file);
    return file;
  };

  const update = (
    file: StoredDriveFile,
    metadata: drive_v3.Schema$File,
    query: URLSearchParams,
    content?: Buffer,
  ): StoredDriveFile => {
    const next: StoredDriveFile = structuredClone(file);
    if (metadata.name !== undefined && metadata.name !== null) next.name = metadata.name;
    if (metadata.description !== undefined) {
      if (metadata.description) next.description = metadata.description;
      else delete next.description;
    }
    if (metadata.trashed !== undefined && metadata.trashed !== null) next.trashed = metadata.trashed;
    if (metadata.appProperties) {
      const merged = { ...(next.appProperties ?? {}) };
      for (const [key, value] of Object.entries(metadata.appProperties)) {
        if (value === null) delete merged[key];
        else merged[key] = String(value);
      }
      next.appProperties = merged;
    }
    if (metadata.parents)
      throw invalidArgument(
        'The parents field is not directly writable in update requests. ' +
          'Use the addParents and removeParents parameters instead.',
      );
    const remove = splitIds(query.get('removeParents')).map((id) => (id === 'root' ? ROOT_FOLDER_ID : id));
    const add = checkParents(splitIds(query.get('addParents')));
    next.parents = [...new Set([...next.parents.filter((parent) => !remove.includes(parent)), ...add])];
    if (content) {
      if (file.mimeType === DOCUMENT_MIME_TYPE || file.mimeType === FOLDER_MIME_TYPE)
        throw invalidArgument('Uploading content into a Google Doc or folder is not emulated.');
      next.content = content.toString('base64');
    }
    return save(next);
  };

  const deleteTree = (file: StoredDriveFile): void => {
    for (const child of store.files.values()) if (child.parents.includes(file.id)) deleteTree(child);
    store.files.delete(file.id);
    store.documents.delete(file.id);
  };

  router
    .add('POST', /^\/drive\/v3\/files\/?$/, ({ body, query }) =>
      projectFile(fileToApi(create((body ?? {}) as drive_v3.Schema$File, undefined), rootUrl()), query.get('fields')),
    )
    .add('GET', /^\/drive\/v3\/files\/?$/, ({ query }) => {
      const matches = parseDriveQuery(query.get('q'));
      const found = store.files
        .values()
        .filter((file) => file.id !== ROOT_FOLDER_ID && matches(file))
        .sort(orderOf(query.get('orderBy')));
      const pageSize = Math.min(1000, Math.max(1, Number(query.get('pageSize') ?? 100) || 100));
      const offset = decodePageToken(query.get('pageToken'));
      const page = found.slice(offset, offset + pageSize);
      const list: Record<string, unknown> = {
        kind: 'drive#fileList',
        incompleteSearch: false,
        files: page.map((file) => fileToApi(file, rootUrl())),
      };
      if (offset + pageSize < found.length)
        list.nextPageToken = Buffer.from(String(offset + pageSize)).toString('base64url');
      return projectList(list, 'files', query.get('fields'));
    })
    .add('GET', new RegExp(`^/drive/v3/files/${ID}$`), ({ params, query }) =>
      projectFile(fileToApi(load(params[0]), rootUrl()), query.get('fields')),
    )
    .add('PATCH', new RegExp(`^/drive/v3/files/${ID}$`), ({ params, body, query }) =>
      projectFile(
        fileToApi(update(load(params[0]), (body ?? {}) as drive_v3.Schema$File, query), rootUrl()),
        query.get('fields'),
      ),
    )
    .add('DELETE', new RegExp(`^/drive/v3/files/${ID}$`), ({ params }) => {
      deleteTree(load(params[0]));
      return {};
    })
    .add('POST', new RegExp(`^/drive/v3/files/${ID}/copy$`), ({ params, body, query }) => {
      const source = load(params[0]);
      if (source.mimeType === FOLDER_MIME_TYPE)
        throw new ApiError(403, 'Folders cannot be copied.', 'PERMISSION_DENIED');
      const metadata = (body ?? {}) as drive_v3.Schema$File;
      const copy = newDriveFile(
        {
          name: metadata.name ?? `Copy of ${source.name}`,
          mimeType: source.mimeType,
          parents: checkParents(metadata.parents ?? source.parents),
          ...((metadata.description ?? source.description)
            ? { description: (metadata.description ?? source.description)! }
            : {}),
        },
        context.now(),
      );
      if (source.content !== undefined) copy.content = source.content;
      const document = store.documents.get(source.id);
      if (document) store.documents.set(copy.id, { ...structuredClone(document), documentId: copy.id, revision: 1 });
      store.files.set(copy.id, copy);
      return projectFile(fileToApi(copy, rootUrl()), query.get('fields'));
    })
    .add('POST', new RegExp(`^/drive/v3/files/${ID}/permissions$`), ({ params, body, query }) => {
      const file = load(params[0]);
      const request = (body ?? {}) as drive_v3.Schema$Permission;
      const permission = newPermission(request, query);
      if (
        permission.type === 'user' &&
        !permission.notified &&
        context.withoutGoogleAccount().has(permission.emailAddress ?? '')
      )
        throw new ReasonedApiError(
          400,
          `Bad Request. User message: "You are trying to invite ${permission.emailAddress}. Since there is no ` +
            'Google account associated with this email address, you must check the "Notify people" box to invite ' +
            'this recipient."',
          'invalidSharingRequest',
        );
      const existing = file.permissions.find((p) => p.id === permission.id);
      if (existing?.role === 'owner') return projectPermission(permissionToApi(existing), query.get('fields'));
      const permissions = existing
        ? file.permissions.map((p) => (p.id === permission.id ? { ...p, role: permission.role } : p))
        : [...file.permissions, permission];
      save({ ...file, permissions }, false);
      return projectPermission(permissionToApi(permissions.find((p) => p.id === permission.id)!), query.get('fields'));
    })
    .add('GET', new RegExp(`^/drive/v3/files/${ID}/permissions$`), ({ params, query }) => {
      const file = load(params[0]);
      return projectList(
        { kind: 'drive#permissionList', permissions: file.permissions.map(permissionToApi) },
        'permissions',
        query.get('fields'),
      );
    })
    .add('GET', new RegExp(`^/drive/v3/files/${ID}/permissions/${ID}$`), ({ params, query }) => {
      const permission = load(params[0]).permissions.find((p) => p.id === params[1]);
      if (!permission) throw notFound(`Permission not found: ${params[1]}.`);
      return projectPermission(permissionToApi(permission), query.get('fields'));
    })
    .add('PATCH', new RegExp(`^/drive/v3/files/${ID}/permissions/${ID}$`), ({ params, body, query }) => {
      const file = load(params[0]);
      const permission = file.permissions.find((p) => p.id === params[1]);
      if (!permission) throw notFound(`Permission not found: ${params[1]}.`);
      const role = (body as drive_v3.Schema$Permission | undefined)?.role;
      if (!role || !PERMISSION_ROLES.includes(role as PermissionRole)) throw invalidArgument(`Invalid role: ${role}`);
      if (permission.role === 'owner')
        throw new ApiError(403, 'The owner cannot be changed here.', 'PERMISSION_DENIED');
      const updated = { ...permission, role: role as PermissionRole };
      save({ ...file, permissions: file.permissions.map((p) => (p.id === updated.id ? updated : p)) }, false);
      return projectPermission(permissionToApi(updated), query.get('fields'));
    })
    .add('DELETE', new RegExp(`^/drive/v3/files/${ID}/permissions/${ID}$`), ({ params }) => {
      const file = load(params[0]);
      const permission = file.permissions.find((p) => p.id === params[1]);
      if (!permission) throw notFound(`Permission not found: ${params[1]}.`);
      if (permission.role === 'owner')
        throw new ApiError(403, 'The owner of a file cannot be removed.', 'PERMISSION_DENIED');
      save({ ...file, permissions: file.permissions.filter((p) => p.id !== permission.id) }, false);
      return {};
    });

  async function upload(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    fileId: string | undefined,
  ): Promise<void> {
    const body = await readRequestBody(req);
    const contentType = req.headers['content-type'] ?? '';
    let metadata: drive_v3.Schema$File = {};
    let content: Buffer;
    let mediaType: string | undefined;
    const uploadType = url.searchParams.get('uploadType') ?? 'media';
    if (uploadType === 'multipart' || contentType.toLowerCase().startsWith('multipart/')) {
      const parts = splitMultipart(body, contentType);
      const [meta, media] = parts;
      if (!meta || !media) throw invalidArgument('A multipart upload needs a metadata part and a media part.');
      metadata = parseJson(meta.body) as drive_v3.Schema$File;
      content = media.body;
      mediaType = media.contentType;
    } else if (uploadType === 'media') {
      content = body;
      mediaType = contentType || undefined;
    } else {
      throw invalidArgument(`uploadType ${uploadType} is not emulated; use media or multipart.`);
    }
    const file = fileId
      ? update(load(fileId), metadata, url.searchParams, content)
      : create(metadata, content, mediaType);
    sendJson(res, 200, projectFile(fileToApi(file, rootUrl()), url.searchParams.get('fields')));
  }

  function download(res: ServerResponse, fileId: string): void {
    const file = load(fileId);
    if (file.content === undefined) {
      if (file.mimeType === DOCUMENT_MIME_TYPE)
        throw new ApiError(
          403,
          'Only files with binary content can be downloaded. Use Export with Docs Editors files.',
          'PERMISSION_DENIED',
        );
      throw new ApiError(403, 'Only files with binary content can be downloaded.', 'PERMISSION_DENIED');
    }
    const bytes = Buffer.from(file.content, 'base64');
    res.writeHead(200, { ...ALLOW_ANY_ORIGIN, 'content-type': file.mimeType, 'content-length': bytes.length });
    res.end(bytes);
  }

  async function exportDocument(res: ServerResponse, fileId: string, mimeType: string | null): Promise<void> {
    const file = load(fileId);
    const document = store.documents.get(file.id);
    if (file.mimeType !== DOCUMENT_MIME_TYPE || !document)
      throw new ApiError(403, 'Export only supports Docs Editors files.', 'PERMISSION_DENIED');
    let bytes: Buffer;
    if (mimeType === 'application/pdf') {
      // Laying out and subsetting the CJK font takes about a second; one version's PDF never changes.
      const key = `${file.id}:${document.revision}:${file.name}`;
      const cached = pdfCache.get(key);
      bytes = cached ?? (await renderDocumentPdf(document, file.name, new Date(file.modifiedTime)));
      if (!cached) {
        pdfCache.set(key, bytes);
        if (pdfCache.size > PDF_CACHE_SIZE) pdfCache.delete(pdfCache.keys().next().value!);
      }
    } else if (mimeType === 'text/plain') {
      bytes = Buffer.from(
        paragraphsOf(document)
          .map((p) => paragraphText(p.paragraph))
          .join(''),
        'utf8',
      );
    } else {
      throw invalidArgument(`The requested conversion is not supported by the emulator: ${mimeType}`);
    }
    res.writeHead(200, { ...ALLOW_ANY_ORIGIN, 'content-type': mimeType, 'content-length': bytes.length });
    res.end(bytes);
  }

  function openDocument(res: ServerResponse, documentId: string): void {
    load(documentId);
    const page = context.documentPage();
    if (page) {
      res.writeHead(302, { location: page(documentId) });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Document ${documentId} lives in the local Workspace emulator; open the local web UI's Documents page.`);
  }

  return {
    handleRaw(req, res) {
      const url = new URL(req.url ?? '/', 'http://emulator.invalid');
      const method = (req.method ?? 'GET').toUpperCase();
      const path = url.pathname;
      const uploadNew = method === 'POST' && /^\/upload\/drive\/v3\/files\/?$/.test(path);
      const uploadExisting = method === 'PATCH' ? /^\/upload\/drive\/v3\/files\/([^/]+)$/.exec(path) : null;
      const media =
        method === 'GET' && url.searchParams.get('alt') === 'media' ? /^\/drive\/v3\/files\/([^/]+)$/.exec(path) : null;
      const exported = method === 'GET' ? /^\/drive\/v3\/files\/([^/]+)\/export$/.exec(path) : null;
      const link = method === 'GET' ? /^\/document\/d\/([^/]+)\/edit$/.exec(path) : null;
      if (uploadNew || uploadExisting) {
        void respond(res, () => upload(req, res, url, uploadExisting ? decodePathPart(uploadExisting[1]!) : undefined));
        return true;
      }
      if (media) {
        void respond(res, async () => download(res, decodePathPart(media[1]!)));
        return true;
      }
      if (exported) {
        void respond(res, () => exportDocument(res, decodePathPart(exported[1]!), url.searchParams.get('mimeType')));
        return true;
      }
      if (link) {
        void respond(res, async () => openDocument(res, decodePathPart(link[1]!)));
        return true;
      }
      return false;
    },
  };
}

/** An error that also names Drive's `errors[].reason`, which clients branch on. */
class ReasonedApiError extends ApiError {
  constructor(
    code: number,
    message: string,
    readonly reason: string,
  ) {
    super(code, message);
  }

  override toJSON(): { error: { code: number; message: string; status: string; errors?: unknown } } {
    const base = super.toJSON();
    return { error: { ...base.error, errors: [{ domain: 'global', reason: this.reason, message: this.message }] } };
  }
}

function newPermission(request: drive_v3.Schema$Permission, query: URLSearchParams): StoredPermission {
  const type = request.type as PermissionType;
  const role = request.role as PermissionRole;
  if (!PERMISSION_TYPES.includes(type)) throw invalidArgument(`Invalid permission type: ${request.type}`);
  if (!PERMISSION_ROLES.includes(role)) throw invalidArgument(`Invalid permission role: ${request.role}`);
  if (role === 'owner' && query.get('transferOwnership') !== 'true')
    throw new ApiError(
      403,
      "The transferOwnership parameter must be enabled when the permission role is 'owner'.",
      'PERMISSION_DENIED',
    );
  const notify = query.get('sendNotificationEmail') !== 'false';
  if (type === 'user' || type === 'group') {
    const email = request.emailAddress?.trim().toLowerCase();
    if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      throw invalidArgument(
        `Invalid sharing request: a valid emailAddress is required (${request.emailAddress ?? ''}).`,
      );
    return { id: permissionIdFor(email), type, role, emailAddress: email, notified: notify };
  }
  if (type === 'domain') {
    if (!request.domain) throw invalidArgument('Invalid sharing request: domain is required.');
    return { id: permissionIdFor(`domain:${request.domain}`), type, role, domain: request.domain, notified: false };
  }
  return { id: 'anyoneWithLink', type, role, notified: false };
}

function orderOf(orderBy: string | null): (a: StoredDriveFile, b: StoredDriveFile) => number {
  const keys = (orderBy ?? 'createdTime')
    .split(',')
    .map((key) => key.trim().split(/\s+/))
    .filter(([field]) => field === 'name' || field === 'createdTime' || field === 'modifiedTime' || field === 'folder');
  return (a, b) => {
    for (const [field, direction] of keys) {
      const sign = direction === 'desc' ? -1 : 1;
      const left = field === 'folder' ? Number(a.mimeType !== FOLDER_MIME_TYPE) : String(a[field as 'name']);
      const right = field === 'folder' ? Number(b.mimeType !== FOLDER_MIME_TYPE) : String(b[field as 'name']);
      if (left < right) return -sign;
      if (left > right) return sign;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

function splitIds(value: string | null): string[] {
  return (value ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

function stringRecord(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, String(v)]),
  );
}

/** The parts of a multipart/related body: their Content-Type and raw bytes (binary-safe). */
function splitMultipart(body: Buffer, contentType: string): { contentType: string; body: Buffer }[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw invalidArgument('multipart upload without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { contentType: string; body: Buffer }[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    let part = body.subarray(start, next);
    if (part.subarray(0, 2).toString() === '\r\n') part = part.subarray(2);
    if (part.subarray(-2).toString() === '\r\n') part = part.subarray(0, -2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = headerEnd >= 0 ? part.subarray(0, headerEnd).toString('utf8') : '';
    const type = /^content-type:\s*(.+)$/im.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
    parts.push({ contentType: type.split(';')[0]!.trim(), body: headerEnd >= 0 ? part.subarray(headerEnd + 4) : part });
    at = next;
  }
  return parts;
}
