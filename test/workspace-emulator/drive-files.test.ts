// The emulated Drive v3 API through the genuine googleapis client: default and requested fields, the `q`
// forms, folders and moves, uploads and downloads, copy, permissions, the PDF export of a document (read back
// with pdfjs, several pages, a table), and persistence of documents and files across a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type docs_v1, docs } from '@googleapis/docs';
import { drive, type drive_v3 } from '@googleapis/drive';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WorkspaceEmulator, startWorkspaceEmulator } from '../../local/workspace-emulator/index.ts';
import { readPdfText } from '../support/pdf-text.ts';

const FOLDER = 'application/vnd.google-apps.folder';
const DOCUMENT = 'application/vnd.google-apps.document';

let emulator: WorkspaceEmulator;
let api: drive_v3.Drive;
let docsApi: docs_v1.Docs;

beforeAll(async () => {
  emulator = await startWorkspaceEmulator({ port: 0, now: () => Date.parse('2027-03-09T01:00:00Z') });
  api = drive({ version: 'v3', rootUrl: emulator.rootUrl });
  docsApi = docs({ version: 'v1', rootUrl: emulator.rootUrl });
});

afterAll(async () => {
  await emulator.stop();
});

async function folder(name: string, parent?: string): Promise<string> {
  const created = await api.files.create({
    requestBody: { name, mimeType: FOLDER, ...(parent ? { parents: [parent] } : {}) },
    fields: 'id',
  });
  return created.data.id!;
}

describe('Drive v3 files', () => {
  it('answers only kind, id, name and mimeType unless fields asks for more', async () => {
    const id = await folder('归档 Archive');
    expect((await api.files.get({ fileId: id })).data).toEqual({
      kind: 'drive#file',
      id,
      name: '归档 Archive',
      mimeType: FOLDER,
    });
    const full = (await api.files.get({ fileId: id, fields: 'id,parents,createdTime,modifiedTime,trashed,version' }))
      .data;
    expect(full).toEqual({
      id,
      parents: [expect.any(String)],
      createdTime: '2027-03-09T01:00:00.000Z',
      modifiedTime: '2027-03-09T01:00:00.000Z',
      trashed: false,
      version: '1',
    });
    expect((await api.files.get({ fileId: 'root', fields: 'id' })).data.id).toBe(full.parents![0]);
    await expect(api.files.get({ fileId: 'missing' })).rejects.toMatchObject({ status: 404 });
  });

  it('lists by name, parent, mimeType and trashed, including trashed files unless asked not to', async () => {
    const parent = await folder('q-test');
    const a = await folder("Dealer's meeting", parent);
    const doc = await api.files.create({
      requestBody: { name: 'Minutes', mimeType: DOCUMENT, parents: [parent] },
      fields: 'id',
    });
    const gone = await folder('old', parent);
    await api.files.update({ fileId: gone, requestBody: { trashed: true } });
    const ids = async (q: string): Promise<string[]> =>
      ((await api.files.list({ q, fields: 'files(id)' })).data.files ?? []).map((f) => f.id!).sort();
    expect(await ids(`'${parent}' in parents`)).toEqual([a, doc.data.id, gone].sort());
    expect(await ids(`'${parent}' in parents and trashed = false`)).toEqual([a, doc.data.id].sort());
    expect(await ids(`name = 'Dealer\\'s meeting' and '${parent}' in parents`)).toEqual([a]);
    expect(await ids(`'${parent}' in parents and mimeType != '${FOLDER}'`)).toEqual([doc.data.id]);
    expect(
      await ids(`'${parent}' in parents and (name contains 'minu' or name = 'old') and not trashed = true`),
    ).toEqual([doc.data.id]);
    await expect(api.files.list({ q: `modifiedTime > '2020-01-01'` })).rejects.toMatchObject({ status: 400 });
    const page = await api.files.list({ q: `'${parent}' in parents`, pageSize: 2 });
    expect(page.data.files).toHaveLength(2);
    const next = await api.files.list({
      q: `'${parent}' in parents`,
      pageSize: 2,
      pageToken: page.data.nextPageToken!,
    });
    expect(next.data.files).toHaveLength(1);
    expect(next.data.nextPageToken).toBeUndefined();
  });

  it('moves a document made through Docs into a folder with addParents/removeParents', async () => {
    const target = await folder('M-001');
    const documentId = (await docsApi.documents.create({ requestBody: { title: '纪要' } })).data.documentId!;
    const root = (await api.files.get({ fileId: 'root', fields: 'id' })).data.id!;
    expect((await api.files.get({ fileId: documentId, fields: 'parents' })).data.parents).toEqual([root]);
    const moved = await api.files.update({
      fileId: documentId,
      addParents: target,
      removeParents: root,
      fields: 'parents',
    });
    expect(moved.data.parents).toEqual([target]);
    await expect(api.files.update({ fileId: documentId, addParents: 'no-such-folder' })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('uploads (multipart and media), downloads bytes exactly, replaces content, copies', async () => {
    const parent = await folder('uploads');
    const bytes = Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a, 0x2d, 0x2d, 0x41]);
    // Uploads take the root from the call's own options (googleapis builds the upload URL from it).
    const created = await api.files.create(
      {
        requestBody: { name: 'v1.pdf', mimeType: 'application/pdf', parents: [parent] },
        media: { mimeType: 'application/pdf', body: Readable.from([bytes]) },
        fields: 'id,size,md5Checksum,mimeType',
      },
      { rootUrl: emulator.rootUrl },
    );
    expect(created.data).toMatchObject({ size: String(bytes.length), mimeType: 'application/pdf' });
    const download = async (fileId: string): Promise<Buffer> =>
      Buffer.from((await api.files.get({ fileId, alt: 'media' }, { responseType: 'arraybuffer' })).data as ArrayBuffer);
    expect(await download(created.data.id!)).toEqual(bytes);
    await api.files.update(
      { fileId: created.data.id!, media: { mimeType: 'application/pdf', body: Readable.from([Buffer.from('v2')]) } },
      { rootUrl: emulator.rootUrl },
    );
    expect((await download(created.data.id!)).toString()).toBe('v2');
    expect((await api.files.get({ fileId: created.data.id!, fields: 'version' })).data.version).toBe('2');
    const copy = await api.files.copy({
      fileId: created.data.id!,
      requestBody: { name: 'copy.pdf' },
      fields: 'id,parents',
    });
    expect(copy.data.parents).toEqual([parent]);
    expect((await download(copy.data.id!)).toString()).toBe('v2');
    // A Google Doc has no bytes of its own: it is exported.
    const doc = await api.files.create({ requestBody: { name: 'doc', mimeType: DOCUMENT }, fields: 'id' });
    await expect(download(doc.data.id!)).rejects.toMatchObject({ status: 403 });
  });

  it('permissions: create without notification, emailAddress listed when asked, delete, owner kept', async () => {
    const fileId = (await api.files.create({ requestBody: { name: 'shared', mimeType: DOCUMENT }, fields: 'id' })).data
      .id!;
    const created = await api.permissions.create({
      fileId,
      sendNotificationEmail: false,
      requestBody: { type: 'user', role: 'commenter', emailAddress: 'Li.Lei@demo.example' },
    });
    expect(created.data).toEqual({ kind: 'drive#permission', id: expect.any(String), type: 'user', role: 'commenter' });
    // Sharing again with the same person changes the role of the same permission.
    const again = await api.permissions.create({
      fileId,
      requestBody: { type: 'user', role: 'reader', emailAddress: 'li.lei@demo.example' },
    });
    expect(again.data.id).toBe(created.data.id);
    const list = await api.permissions.list({ fileId });
    expect(list.data.permissions?.map((p) => Object.keys(p).sort())).toEqual([
      ['id', 'kind', 'role', 'type'],
      ['id', 'kind', 'role', 'type'],
    ]);
    const detailed = await api.permissions.list({ fileId, fields: 'permissions(id,role,emailAddress)' });
    const owner = detailed.data.permissions!.find((p) => p.role === 'owner')!;
    expect(detailed.data.permissions).toContainEqual({
      id: created.data.id,
      role: 'reader',
      emailAddress: 'li.lei@demo.example',
    });
    await expect(api.permissions.delete({ fileId, permissionId: owner.id! })).rejects.toMatchObject({ status: 403 });
    await expect(
      api.permissions.create({ fileId, requestBody: { type: 'user', role: 'owner', emailAddress: 'x@demo.example' } }),
    ).rejects.toMatchObject({ status: 403 });
    await api.permissions.delete({ fileId, permissionId: created.data.id! });
    expect((await api.permissions.list({ fileId })).data.permissions).toHaveLength(1);
  });

  it('exports a document to a real PDF: Chinese text, headings, a table, as many pages as it takes', async () => {
    const documentId = (await docsApi.documents.create({ requestBody: { title: '经销商大会纪要' } })).data.documentId!;
    const lines = Array.from({ length: 90 }, (_, i) => `第 ${i + 1} 条讨论 Discussion point ${i + 1}`);
    await docsApi.documents.batchUpdate({
      documentId,
      requestBody: {
        requests: [
          {
            insertText: {
              location: { index: 1 },
              text: `经销商大会纪要 Dealer conference minutes\n${lines.join('\n')}`,
            },
          },
          {
            updateParagraphStyle: {
              range: { startIndex: 1, endIndex: 2 },
              paragraphStyle: { namedStyleType: 'HEADING_1' },
              fields: 'namedStyleType',
            },
          },
          { insertTable: { endOfSegmentLocation: {}, rows: 2, columns: 2 } },
        ],
      },
    });
    const table = (await docsApi.documents.get({ documentId })).data.body!.content!.find((e) => e.table)!.table!;
    const cell = (r: number, c: number): number => table.tableRows![r]!.tableCells![c]!.content![0]!.startIndex!;
    await docsApi.documents.batchUpdate({
      documentId,
      requestBody: {
        requests: [
          { insertText: { location: { index: cell(1, 1) }, text: '2027-03-12' } },
          { insertText: { location: { index: cell(1, 0) }, text: '王伟' } },
          { insertText: { location: { index: cell(0, 1) }, text: '截止 Due' } },
          { insertText: { location: { index: cell(0, 0) }, text: '负责人 Owner' } },
        ],
      },
    });
    const response = await api.files.export(
      { fileId: documentId, mimeType: 'application/pdf' },
      { responseType: 'arraybuffer' },
    );
    const pdf = Buffer.from(response.data as ArrayBuffer);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const read = await readPdfText(pdf);
    expect(read.pages).toBeGreaterThan(1);
    for (const phrase of [
      '经销商大会纪要Dealerconferenceminutes',
      '第1条讨论',
      '第90条讨论Discussionpoint90',
      '负责人Owner',
      '王伟',
      '2027-03-12',
    ])
      expect(read.compact).toContain(phrase);
    const text = await api.files.export({ fileId: documentId, mimeType: 'text/plain' }, { responseType: 'text' });
    expect(String(text.data)).toContain('第 90 条讨论');
    await expect(api.files.export({ fileId: documentId, mimeType: 'image/png' })).rejects.toMatchObject({
      status: 400,
    });
  });
});

describe('Docs and Drive persistence', () => {
  it('documents, files and their bytes survive a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'drive-persistence-'));
    try {
      const first = await startWorkspaceEmulator({ port: 0, dataDir, saveDebounceMs: 5 });
      const firstDrive = drive({ version: 'v3', rootUrl: first.rootUrl });
      const firstDocs = docs({ version: 'v1', rootUrl: first.rootUrl });
      const documentId = (await firstDocs.documents.create({ requestBody: { title: '纪要' } })).data.documentId!;
      await firstDocs.documents.batchUpdate({
        documentId,
        requestBody: { requests: [{ insertText: { location: { index: 1 }, text: '保存 saved' } }] },
      });
      const upload = await firstDrive.files.create(
        {
          requestBody: { name: 'a.bin' },
          media: { mimeType: 'application/octet-stream', body: Readable.from([Buffer.from([1, 2, 3])]) },
        },
        { rootUrl: first.rootUrl },
      );
      await first.stop();

      const second = await startWorkspaceEmulator({ port: 0, dataDir });
      const secondDrive = drive({ version: 'v3', rootUrl: second.rootUrl });
      const secondDocs = docs({ version: 'v1', rootUrl: second.rootUrl });
      const body = (await secondDocs.documents.get({ documentId })).data.body!.content!;
      expect(body.at(-1)!.paragraph!.elements![0]!.textRun!.content).toBe('保存 saved\n');
      const bytes = await secondDrive.files.get(
        { fileId: upload.data.id!, alt: 'media' },
        { responseType: 'arraybuffer' },
      );
      expect([...Buffer.from(bytes.data as ArrayBuffer)]).toEqual([1, 2, 3]);
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
