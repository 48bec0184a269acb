// DocumentArchive over the Google Drive API v3: per-meeting folders, stored files (the PDF of each version)
// and exact sharing. Every operation is safe to repeat: folders and files are found by name before anything is
// created (a retry after a timeout finds what the first attempt made), and sharing converges on the wanted set.
// Drive answers only kind/id/name/mimeType unless `fields` asks for more, so every call names what it reads.
import { Readable } from 'node:stream';
import type { drive_v3 } from '@googleapis/drive';
import type { DocumentArchive, SharingRole } from '../ports/document-ports.ts';
import { type DocumentClients, FOLDER_MIME_TYPE, WRITER_PROPERTY, driveQueryString } from './google-docs.ts';

export interface DriveArchiveOptions {
  /**
   * The folder every archive folder without a parent goes into (e.g. a folder in a shared drive the service
   * identity can write); the caller's My Drive when unset.
   */
  rootFolderId?: string;
}

export class GoogleDriveArchive implements DocumentArchive {
  constructor(
    private readonly clients: DocumentClients,
    private readonly options: DriveArchiveOptions = {},
  ) {}

  async ensureFolder(name: string, parentId?: string): Promise<string> {
    const parent = parentId ?? this.options.rootFolderId ?? 'root';
    // The oldest folder of that name wins, so two writers that raced and both created one still agree.
    const existing = await this.#findByName(name, parent, `mimeType = '${FOLDER_MIME_TYPE}'`);
    if (existing?.id) return existing.id;
    const created = await this.clients.drive.files.create({
      requestBody: {
        name,
        mimeType: FOLDER_MIME_TYPE,
        parents: [parent],
        appProperties: { [WRITER_PROPERTY.key]: WRITER_PROPERTY.value },
      },
      fields: 'id',
      supportsAllDrives: true,
    });
    if (!created.data.id) throw new Error(`Drive created folder "${name}" without an ID`);
    return created.data.id;
  }

  async saveFile(folderId: string, name: string, contentType: string, content: Buffer): Promise<string> {
    const media = { mimeType: contentType, body: Readable.from([content]) };
    // googleapis takes the upload URL's root from the call's own options only.
    const callOptions = this.clients.rootUrl ? { rootUrl: this.clients.rootUrl } : {};
    const existing = await this.#findByName(name, folderId, `mimeType != '${FOLDER_MIME_TYPE}'`);
    if (existing?.id) {
      // Saving the same name again (a retry, or a regenerated version) replaces the content in place.
      await this.clients.drive.files.update(
        { fileId: existing.id, media, fields: 'id', supportsAllDrives: true },
        callOptions,
      );
      return existing.id;
    }
    const created = await this.clients.drive.files.create(
      {
        requestBody: {
          name,
          mimeType: contentType,
          parents: [folderId],
          appProperties: { [WRITER_PROPERTY.key]: WRITER_PROPERTY.value },
        },
        media,
        fields: 'id',
        supportsAllDrives: true,
      },
      callOptions,
    );
    if (!created.data.id) throw new Error(`Drive stored "${name}" without an ID`);
    return created.data.id;
  }

  async readFile(fileId: string): Promise<Buffer> {
    const response = await this.clients.drive.files.get(
      { fileId, alt: 'media', supportsAllDrives: true },
      { responseType: 'arraybuffer' },
    );
    return Buffer.from(response.data as ArrayBuffer);
  }

  async shareExactly(
    fileId: string,
    emails: readonly string[],
    role: SharingRole,
  ): Promise<{ added: string[]; removed: string[]; unshareable: string[] }> {
    const wanted = new Set(emails.map((email) => email.trim().toLowerCase()).filter((email) => email !== ''));
    const current = await this.#userPermissions(fileId);
    const added: string[] = [];
    const removed: string[] = [];
    const unshareable: string[] = [];
    const owners = new Set(current.filter((p) => p.role === 'owner').map((p) => p.emailAddress?.toLowerCase() ?? ''));
    for (const permission of current) {
      const email = permission.emailAddress?.toLowerCase();
      if (!email || !permission.id || permission.role === 'owner') continue;
      if (!wanted.has(email)) {
        await this.clients.drive.permissions.delete({ fileId, permissionId: permission.id, supportsAllDrives: true });
        removed.push(email);
      } else if (permission.role !== role) {
        await this.clients.drive.permissions.update({
          fileId,
          permissionId: permission.id,
          requestBody: { role },
          supportsAllDrives: true,
        });
        added.push(email);
      }
    }
    const present = new Set(current.map((p) => p.emailAddress?.toLowerCase() ?? ''));
    for (const email of wanted) {
      if (present.has(email) || owners.has(email)) continue;
      try {
        await this.clients.drive.permissions.create({
          fileId,
          // The system mails the link itself (with the PDF and the confirmation window); Drive's own mail would
          // be a second, unexplained message.
          sendNotificationEmail: false,
          requestBody: { type: 'user', role, emailAddress: email },
          fields: 'id',
          supportsAllDrives: true,
        });
        added.push(email);
      } catch (error) {
        if (!isNoGoogleAccount(error)) throw error;
        unshareable.push(email);
      }
    }
    return { added: added.sort(), removed: removed.sort(), unshareable: unshareable.sort() };
  }

  async #userPermissions(fileId: string): Promise<drive_v3.Schema$Permission[]> {
    const permissions: drive_v3.Schema$Permission[] = [];
    let pageToken: string | undefined;
    do {
      const response = await this.clients.drive.permissions.list({
        fileId,
        fields: 'nextPageToken,permissions(id,type,role,emailAddress)',
        pageSize: 100,
        supportsAllDrives: true,
        ...(pageToken ? { pageToken } : {}),
      });
      permissions.push(...(response.data.permissions ?? []).filter((p) => p.type === 'user'));
      pageToken = response.data.nextPageToken ?? undefined;
    } while (pageToken);
    return permissions;
  }

  async #findByName(name: string, parent: string, kind: string): Promise<drive_v3.Schema$File | undefined> {
    const response = await this.clients.drive.files.list({
      q: [`name = ${driveQueryString(name)}`, `${driveQueryString(parent)} in parents`, kind, 'trashed = false'].join(
        ' and ',
      ),
      fields: 'files(id,name,createdTime)',
      orderBy: 'createdTime',
      pageSize: 10,
      supportsAllDrives: true,
      includeItemsFromAllDrives: true,
    });
    return response.data.files?.[0];
  }
}

/**
 * Drive refuses a silent share with an address that has no Google account (400, reason invalidSharingRequest:
 * "…you must check the Notify people box…").
 */
function isNoGoogleAccount(error: unknown): boolean {
  const response = (error as { response?: { status?: number; data?: unknown } } | null)?.response;
  if (response?.status !== 400) return false;
  const data = response.data as { error?: { errors?: { reason?: string }[] } } | undefined;
  return (data?.error?.errors ?? []).some((detail) => detail.reason === 'invalidSharingRequest');
}

export function googleDriveArchive(clients: DocumentClients, options: DriveArchiveOptions = {}): DocumentArchive {
  return new GoogleDriveArchive(clients, options);
}
