// Google Drive v3 files and permissions as the emulator stores them, the `q` search language subset, and the
// partial-response `fields` projection. Like Drive, a resource answers only kind/id/name/mimeType unless
// `fields` asks for more, so an adapter that forgets to ask for `parents` or `emailAddress` fails here too.
import { createHash, randomBytes } from 'node:crypto';
import { invalidArgument } from './api-error.ts';

export const FOLDER_MIME_TYPE = 'application/vnd.google-apps.folder';
export const DOCUMENT_MIME_TYPE = 'application/vnd.google-apps.document';
/** The caller's My Drive; `root` is accepted as its alias wherever a folder ID is. */
export const ROOT_FOLDER_ID = '0AEmulatedMyDriveRootFolder';
/** Every file the emulator creates is owned by this account (the emulator accepts any caller). */
export const EMULATED_OWNER = 'owner@workspace-emulator.invalid';

export type PermissionRole = 'owner' | 'organizer' | 'fileOrganizer' | 'writer' | 'commenter' | 'reader';
export const PERMISSION_ROLES: readonly PermissionRole[] = [
  'owner',
  'organizer',
  'fileOrganizer',
  'writer',
  'commenter',
  'reader',
];
export type PermissionType = 'user' | 'group' | 'domain' | 'anyone';

export interface StoredPermission {
  id: string;
  type: PermissionType;
  role: PermissionRole;
  emailAddress?: string;
  domain?: string;
  /** Whether Drive would have mailed the grantee (sendNotificationEmail); kept for tests, never answered. */
  notified: boolean;
}

export interface StoredDriveFile {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  createdTime: string;
  modifiedTime: string;
  trashed: boolean;
  /** Drive's monotonically increasing version: bumped by every change of the file or its content. */
  version: number;
  description?: string;
  appProperties?: Record<string, string>;
  /** Base64 bytes of an uploaded (non-Google) file. */
  content?: string;
  permissions: StoredPermission[];
}

export function newFileId(): string {
  return randomBytes(25).toString('base64url');
}

/** Drive gives a user the same permission ID on every file; derived from the address here. */
export function permissionIdFor(emailAddress: string): string {
  const digest = createHash('sha256').update(emailAddress.toLowerCase()).digest();
  return [...digest.subarray(0, 10)].map((byte) => String(byte % 100).padStart(2, '0')).join('');
}

export function ownerPermission(): StoredPermission {
  return {
    id: permissionIdFor(EMULATED_OWNER),
    type: 'user',
    role: 'owner',
    emailAddress: EMULATED_OWNER,
    notified: false,
  };
}

export function newDriveFile(
  input: { id?: string; name?: string; mimeType?: string; parents?: string[]; description?: string },
  now: number,
): StoredDriveFile {
  const time = new Date(now).toISOString();
  const mimeType = input.mimeType ?? 'application/octet-stream';
  const file: StoredDriveFile = {
    id: input.id ?? newFileId(),
    name: input.name ?? (mimeType === DOCUMENT_MIME_TYPE ? 'Untitled document' : 'Untitled'),
    mimeType,
    parents: input.parents && input.parents.length > 0 ? input.parents : [ROOT_FOLDER_ID],
    createdTime: time,
    modifiedTime: time,
    trashed: false,
    version: 1,
    permissions: [ownerPermission()],
  };
  if (input.description) file.description = input.description;
  return file;
}

export function permissionToApi(permission: StoredPermission): Record<string, unknown> {
  const api: Record<string, unknown> = {
    kind: 'drive#permission',
    id: permission.id,
    type: permission.type,
    role: permission.role,
  };
  if (permission.emailAddress) {
    api.emailAddress = permission.emailAddress;
    api.displayName = permission.emailAddress.split('@')[0];
  }
  if (permission.domain) api.domain = permission.domain;
  api.deleted = false;
  api.pendingOwner = false;
  return api;
}

export function fileToApi(file: StoredDriveFile, rootUrl: string): Record<string, unknown> {
  const api: Record<string, unknown> = {
    kind: 'drive#file',
    id: file.id,
    name: file.name,
    mimeType: file.mimeType,
    parents: [...file.parents],
    createdTime: file.createdTime,
    modifiedTime: file.modifiedTime,
    trashed: file.trashed,
    explicitlyTrashed: file.trashed,
    version: String(file.version),
    starred: false,
    viewedByMe: true,
    shared: file.permissions.some((permission) => permission.role !== 'owner'),
    ownedByMe: true,
    owners: [{ kind: 'drive#user', emailAddress: EMULATED_OWNER, displayName: 'Workspace emulator', me: true }],
    permissions: file.permissions.map(permissionToApi),
    permissionIds: file.permissions.map((permission) => permission.id),
    capabilities: { canEdit: true, canShare: true, canAddChildren: file.mimeType === FOLDER_MIME_TYPE },
    webViewLink: webViewLink(file, rootUrl),
  };
  if (file.description) api.description = file.description;
  if (file.appProperties) api.appProperties = { ...file.appProperties };
  if (file.content !== undefined) {
    const bytes = Buffer.from(file.content, 'base64');
    api.size = String(bytes.length);
    api.md5Checksum = createHash('md5').update(bytes).digest('hex');
    api.webContentLink = new URL(`drive/v3/files/${file.id}?alt=media`, rootUrl).href;
  }
  if (file.mimeType === DOCUMENT_MIME_TYPE)
    api.exportLinks = {
      'application/pdf': new URL(`drive/v3/files/${file.id}/export?mimeType=application/pdf`, rootUrl).href,
    };
  return api;
}

/** Where a person opens the file: for documents the emulator's document link (see emulator README). */
export function webViewLink(file: StoredDriveFile, rootUrl: string): string {
  if (file.mimeType === DOCUMENT_MIME_TYPE) return new URL(`document/d/${file.id}/edit`, rootUrl).href;
  if (file.mimeType === FOLDER_MIME_TYPE) return new URL(`drive/folders/${file.id}`, rootUrl).href;
  return new URL(`file/d/${file.id}/view`, rootUrl).href;
}

// ------------------------------------------------------------------------------------------- fields

const DEFAULT_FILE_FIELDS = 'kind,id,name,mimeType';
const DEFAULT_PERMISSION_FIELDS = 'kind,id,type,role';

type Projection = Map<string, Projection | true>;

/** Parses `files(id,name),nextPageToken` into a tree of wanted keys; `*` keeps everything below it. */
export function parseFields(fields: string): Projection {
  const text = fields.replace(/\s+/g, '');
  const root: Projection = new Map();
  let index = 0;
  const parseList = (into: Projection): void => {
    for (;;) {
      const name = /^[A-Za-z0-9_*]+(\/[A-Za-z0-9_*]+)*/.exec(text.slice(index))?.[0];
      if (!name) throw invalidArgument(`Invalid field selection ${fields}`);
      index += name.length;
      // a/b/c is the same as a(b(c)).
      const parts = name.split('/');
      let target = into;
      for (const part of parts.slice(0, -1)) {
        const child = target.get(part);
        const next: Projection = child instanceof Map ? child : new Map();
        target.set(part, next);
        target = next;
      }
      const last = parts.at(-1)!;
      if (text[index] === '(') {
        index += 1;
        const child = target.get(last);
        const next: Projection = child instanceof Map ? child : new Map();
        target.set(last, next);
        parseList(next);
        if (text[index] !== ')') throw invalidArgument(`Invalid field selection ${fields}`);
        index += 1;
      } else {
        target.set(last, true);
      }
      if (text[index] === ',') {
        index += 1;
        continue;
      }
      return;
    }
  };
  if (text !== '') parseList(root);
  if (index !== text.length) throw invalidArgument(`Invalid field selection ${fields}`);
  return root;
}

function project(value: unknown, projection: Projection | true): unknown {
  if (projection === true || projection.has('*')) return value;
  if (Array.isArray(value)) return value.map((item) => project(item, projection));
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of projection) {
    const inner = (value as Record<string, unknown>)[key];
    if (inner !== undefined) result[key] = project(inner, child);
  }
  return result;
}

export function projectFile(file: Record<string, unknown>, fields: string | null): Record<string, unknown> {
  return project(file, parseFields(fields ?? DEFAULT_FILE_FIELDS)) as Record<string, unknown>;
}

/** A list answer: `fields` names the list's own keys, e.g. `files(id,name),nextPageToken`. */
export function projectList(
  list: Record<string, unknown>,
  itemsKey: 'files' | 'permissions',
  fields: string | null,
): Record<string, unknown> {
  const defaults = itemsKey === 'files' ? DEFAULT_FILE_FIELDS : DEFAULT_PERMISSION_FIELDS;
  const projection = parseFields(fields ?? `kind,nextPageToken,incompleteSearch,${itemsKey}(${defaults})`);
  return project(list, projection) as Record<string, unknown>;
}

export function projectPermission(permission: Record<string, unknown>, fields: string | null): Record<string, unknown> {
  return project(permission, parseFields(fields ?? DEFAULT_PERMISSION_FIELDS)) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------- q

type Predicate = (file: StoredDriveFile) => boolean;

interface Token {
  kind: 'string' | 'word' | 'op' | 'paren';
  text: string;
}

function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const char = q[i]!;
    if (/\s/.test(char)) {
      i++;
    } else if (char === "'" || char === '"') {
      let value = '';
      i++;
      while (i < q.length && q[i] !== char) {
        if (q[i] === '\\' && i + 1 < q.length) i++;
        value += q[i];
        i++;
      }
      if (i >= q.length) throw invalidArgument(`Invalid Value: unterminated string in q: ${q}`);
      i++;
      tokens.push({ kind: 'string', text: value });
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: 'paren', text: char });
      i++;
    } else if (/[=!<>]/.test(char)) {
      const op = /^(!=|<=|>=|=|<|>)/.exec(q.slice(i))?.[0];
      if (!op) throw invalidArgument(`Invalid Value: bad operator in q: ${q}`);
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else {
      const word = /^[A-Za-z0-9_.:-]+/.exec(q.slice(i))?.[0];
      if (!word) throw invalidArgument(`Invalid Value: cannot parse q: ${q}`);
      tokens.push({ kind: 'word', text: word });
      i += word.length;
    }
  }
  return tokens;
}

/**
 * The `q` forms the product uses: `name = '…'`, `name contains '…'`, `'<id>' in parents`, `mimeType = / != '…'`,
 * `trashed = true|false`, combined with and / or / not and parentheses. Anything else is a 400 so a gap shows.
 */
export function parseDriveQuery(q: string | null): Predicate {
  if (!q || q.trim() === '') return () => true;
  const tokens = tokenize(q);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const next = (): Token => {
    const token = tokens[position++];
    if (!token) throw invalidArgument(`Invalid Value: q ends too early: ${q}`);
    return token;
  };
  const isWord = (token: Token | undefined, word: string): boolean =>
    token?.kind === 'word' && token.text.toLowerCase() === word;

  const parseOr = (): Predicate => {
    let left = parseAnd();
    while (isWord(peek(), 'or')) {
      next();
      const right = parseAnd();
      const l = left;
      left = (file) => l(file) || right(file);
    }
    return left;
  };
  const parseAnd = (): Predicate => {
    let left = parseNot();
    while (isWord(peek(), 'and')) {
      next();
      const right = parseNot();
      const l = left;
      left = (file) => l(file) && right(file);
    }
    return left;
  };
  const parseNot = (): Predicate => {
    if (isWord(peek(), 'not')) {
      next();
      const inner = parseNot();
      return (file) => !inner(file);
    }
    if (peek()?.kind === 'paren' && peek()?.text === '(') {
      next();
      const inner = parseOr();
      const close = next();
      if (close.text !== ')') throw invalidArgument(`Invalid Value: missing ) in q: ${q}`);
      return inner;
    }
    return parseTerm();
  };
  const parseTerm = (): Predicate => {
    const first = next();
    if (first.kind === 'string') {
      if (!isWord(next(), 'in')) throw invalidArgument(`Invalid Value: expected 'in' in q: ${q}`);
      const collection = next();
      if (collection.kind === 'word' && collection.text === 'parents') {
        const parent = first.text === 'root' ? ROOT_FOLDER_ID : first.text;
        return (file) => file.parents.includes(parent);
      }
      if (collection.kind === 'word' && collection.text === 'owners') {
        const owner = first.text.toLowerCase();
        return () => owner === EMULATED_OWNER || owner === 'me';
      }
      throw invalidArgument(`Invalid Value: the emulator supports 'in parents' and 'in owners' only: ${q}`);
    }
    if (first.kind !== 'word') throw invalidArgument(`Invalid Value: cannot parse q: ${q}`);
    const field = first.text;
    const op = next();
    const value = next();
    if (field === 'trashed') {
      if (op.text !== '=' && op.text !== '!=') throw invalidArgument(`Invalid Value: trashed takes = or !=: ${q}`);
      const wanted = value.text.toLowerCase() === 'true';
      return (file) => (file.trashed === wanted) === (op.text === '=');
    }
    if (field !== 'name' && field !== 'mimeType')
      throw invalidArgument(`Invalid Value: the emulator does not search by ${field}: ${q}`);
    if (value.kind !== 'string') throw invalidArgument(`Invalid Value: expected a quoted value in q: ${q}`);
    const read = (file: StoredDriveFile): string => (field === 'name' ? file.name : file.mimeType);
    if (op.kind === 'op' && op.text === '=') return (file) => read(file) === value.text;
    if (op.kind === 'op' && op.text === '!=') return (file) => read(file) !== value.text;
    if (isWord(op, 'contains')) {
      const needle = value.text.toLowerCase();
      return (file) => read(file).toLowerCase().includes(needle);
    }
    throw invalidArgument(`Invalid Value: unsupported operator ${op.text} in q: ${q}`);
  };

  const predicate = parseOr();
  if (position !== tokens.length) throw invalidArgument(`Invalid Value: cannot parse q: ${q}`);
  return predicate;
}
