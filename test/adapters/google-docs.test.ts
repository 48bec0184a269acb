// The production Docs/Drive adapters against the local Workspace emulator over HTTP (genuine googleapis
// clients, rootUrl only): a model becomes a Google Doc whose structure documents.get reads back, rewriting
// keeps the ID and leaves nothing of the old content, a retried create reuses the document, the PDF export
// carries the Chinese text, and the archive's folders, files and sharing are idempotent.
import type { docs_v1 } from '@googleapis/docs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DocumentClients,
  GoogleDocsWriter,
  createDocumentClients,
  docsText,
} from '../../functions/src/adapters/google-docs.ts';
import { GoogleDriveArchive } from '../../functions/src/adapters/google-drive.ts';
import type { DocumentModel } from '../../functions/src/domain/minutes/document-model.ts';
import { type WorkspaceEmulator, startWorkspaceEmulator } from '../../local/workspace-emulator/index.ts';
import { readPdfText } from '../support/pdf-text.ts';

let emulator: WorkspaceEmulator;
let clients: DocumentClients;
let writer: GoogleDocsWriter;
let archive: GoogleDriveArchive;

beforeAll(async () => {
  emulator = await startWorkspaceEmulator({ port: 0 });
  clients = createDocumentClients({ rootUrl: emulator.rootUrl });
  writer = new GoogleDocsWriter(clients);
  archive = new GoogleDriveArchive(clients);
});

afterAll(async () => {
  await emulator.stop();
});

const MINUTES: DocumentModel = {
  title: '销售周例会纪要 Weekly sales minutes 2027-03-09',
  blocks: [
    { kind: 'heading', level: 1, text: '销售周例会纪要 Weekly sales minutes' },
    { kind: 'paragraph', text: '时间 Time: 2027-03-09 09:00–10:00', bold: true },
    { kind: 'heading', level: 2, text: '出席 Attendance' },
    { kind: 'bullets', items: ['李雷 Li Lei (主持 host)', '王伟 Wang Wei — 迟到 late'] },
    { kind: 'heading', level: 2, text: '行动项 Action items' },
    {
      kind: 'table',
      header: ['事项 Item', '负责人 Owner', '截止 Due'],
      rows: [
        ['回访经销商 Call the dealers', '王伟', '2027-03-12'],
        ['=SUM(A1:A9) 报价单', '李雷', ''],
      ],
    },
    { kind: 'paragraph', text: '下次会议 Next meeting: 2027-03-16' },
  ],
};

async function getDocument(documentId: string): Promise<docs_v1.Schema$Document> {
  return (await clients.docs.documents.get({ documentId })).data;
}

function paragraphs(
  document: docs_v1.Schema$Document,
): { text: string; style: string; bullet: boolean; bold: boolean }[] {
  return (document.body?.content ?? [])
    .filter((element) => element.paragraph)
    .map((element) => {
      const runs = element.paragraph!.elements ?? [];
      const text = runs.map((run) => run.textRun?.content ?? '').join('');
      return {
        text,
        style: element.paragraph!.paragraphStyle?.namedStyleType ?? '',
        bullet: element.paragraph!.bullet !== undefined,
        bold: runs.some((run) => run.textRun?.textStyle?.bold === true && run.textRun.content !== '\n'),
      };
    });
}

function tableCells(document: docs_v1.Schema$Document): { text: string; bold: boolean }[][] {
  const table = document.body?.content?.find((element) => element.table)?.table;
  return (table?.tableRows ?? []).map((row) =>
    (row.tableCells ?? []).map((cell) => {
      const runs = (cell.content ?? []).flatMap((element) => element.paragraph?.elements ?? []);
      return {
        text: runs
          .map((run) => run.textRun?.content ?? '')
          .join('')
          .replace(/\n$/, ''),
        bold: runs.some((run) => run.textRun?.textStyle?.bold === true),
      };
    }),
  );
}

async function folder(name: string): Promise<string> {
  return archive.ensureFolder(name);
}

describe('GoogleDocsWriter', () => {
  it('creates the document inside its folder with headings, bold text, bullets and a filled table', async () => {
    const folderId = await folder('M-20270309-001 纪要');
    const written = await writer.write(MINUTES, { folderId });
    expect(written.url).toBe(`${emulator.rootUrl}document/d/${written.documentId}/edit`);
    expect(written.revisionId).toBeTruthy();

    const file = await clients.drive.files.get({ fileId: written.documentId, fields: 'name,parents,mimeType' });
    expect(file.data).toEqual({
      name: MINUTES.title,
      parents: [folderId],
      mimeType: 'application/vnd.google-apps.document',
    });

    const document = await getDocument(written.documentId);
    expect(document.revisionId).toBe(written.revisionId);
    expect(paragraphs(document).filter((p) => p.text !== '\n')).toEqual([
      { text: '销售周例会纪要 Weekly sales minutes\n', style: 'HEADING_1', bullet: false, bold: false },
      { text: '时间 Time: 2027-03-09 09:00–10:00\n', style: 'NORMAL_TEXT', bullet: false, bold: true },
      { text: '出席 Attendance\n', style: 'HEADING_2', bullet: false, bold: false },
      { text: '李雷 Li Lei (主持 host)\n', style: 'NORMAL_TEXT', bullet: true, bold: false },
      { text: '王伟 Wang Wei — 迟到 late\n', style: 'NORMAL_TEXT', bullet: true, bold: false },
      { text: '行动项 Action items\n', style: 'HEADING_2', bullet: false, bold: false },
      { text: '下次会议 Next meeting: 2027-03-16\n', style: 'NORMAL_TEXT', bullet: false, bold: false },
    ]);
    expect(tableCells(document)).toEqual([
      [
        { text: '事项 Item', bold: true },
        { text: '负责人 Owner', bold: true },
        { text: '截止 Due', bold: true },
      ],
      [
        { text: '回访经销商 Call the dealers', bold: false },
        { text: '王伟', bold: false },
        { text: '2027-03-12', bold: false },
      ],
      [
        // Text, never a formula: Docs has none, and nothing evaluates it.
        { text: '=SUM(A1:A9) 报价单', bold: false },
        { text: '李雷', bold: false },
        { text: '', bold: false },
      ],
    ]);
    // The paragraph after the table follows it directly (the table's own trailing paragraph holds it).
    const content = document.body?.content ?? [];
    const tableAt = content.findIndex((element) => element.table);
    expect(content[tableAt + 1]?.paragraph?.elements?.[0]?.textRun?.content).toBe(
      '下次会议 Next meeting: 2027-03-16\n',
    );
  });

  it('rewrites the same document in place: same ID and link, none of the old content left', async () => {
    const folderId = await folder('M-20270309-002 纪要');
    const first = await writer.write(MINUTES, { folderId });
    const revised: DocumentModel = {
      title: `${MINUTES.title} v2`,
      blocks: [
        { kind: 'table', header: ['变更 Change'], rows: [['行动项截止日改为 3 月 19 日 Due moved to 19 March']] },
        { kind: 'heading', level: 3, text: '修订说明 Revision note' },
      ],
    };
    const second = await writer.write(revised, { documentId: first.documentId, folderId });
    expect(second.documentId).toBe(first.documentId);
    expect(second.url).toBe(first.url);
    expect(second.revisionId).not.toBe(first.revisionId);

    const document = await getDocument(first.documentId);
    expect(document.title).toBe(revised.title);
    const text = JSON.stringify(document.body);
    expect(text).not.toContain('Attendance');
    expect(text).not.toContain('王伟');
    expect(document.body?.content?.filter((element) => element.table)).toHaveLength(1);
    expect(tableCells(document)).toEqual([
      [{ text: '变更 Change', bold: true }],
      [{ text: '行动项截止日改为 3 月 19 日 Due moved to 19 March', bold: false }],
    ]);
    const texts = paragraphs(document);
    expect(texts.at(-1)).toEqual({ text: '修订说明 Revision note\n', style: 'HEADING_3', bullet: false, bold: false });
    expect(texts.every((p) => !p.bullet)).toBe(true);

    // Written a third time with the first model: identical to a fresh write of it.
    await writer.write(MINUTES, { documentId: first.documentId, folderId });
    const fresh = await writer.write(MINUTES, { folderId: await folder('M-20270309-002b 纪要') });
    expect(paragraphs(await getDocument(first.documentId))).toEqual(paragraphs(await getDocument(fresh.documentId)));
    expect(tableCells(await getDocument(first.documentId))).toEqual(tableCells(await getDocument(fresh.documentId)));
  });

  it('a create retried after its answer was lost reuses the document it made, not a second one', async () => {
    const folderId = await folder('M-20270309-003 纪要');
    const first = await writer.write(MINUTES, { folderId });
    const retried = await writer.write(MINUTES, { folderId });
    expect(retried.documentId).toBe(first.documentId);
    const list = await clients.drive.files.list({
      q: `'${folderId}' in parents and trashed = false`,
      fields: 'files(id)',
    });
    expect(list.data.files).toEqual([{ id: first.documentId }]);
  });

  it('removes the characters Docs would drop, so the table fill indices stay right', async () => {
    expect(docsText('a\r\nb\rc\u0007d\tе\u000b')).toBe('a\nb\ncd\tе\u000b');
    const folderId = await folder('M-20270309-004 纪要');
    const written = await writer.write(
      {
        title: 'Control\u0001 characters',
        blocks: [{ kind: 'table', header: ['A\u0002', 'B'], rows: [['x\u001fy', 'z\r\nw']] }],
      },
      { folderId },
    );
    const document = await getDocument(written.documentId);
    expect(document.title).toBe('Control characters');
    expect(tableCells(document).map((row) => row.map((cell) => cell.text))).toEqual([
      ['A', 'B'],
      ['xy', 'z\nw'],
    ]);
  });

  it('exports a PDF that a reader extracts the Chinese and English text from', async () => {
    const folderId = await folder('M-20270309-005 纪要');
    const written = await writer.write(MINUTES, { folderId });
    const pdf = await writer.exportPdf(written.documentId);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { compact } = await readPdfText(pdf);
    for (const phrase of ['销售周例会纪要', 'Weeklysalesminutes', '回访经销商', '负责人Owner', '下次会议'])
      expect(compact).toContain(phrase);
  });

  it('refuses to build on a document someone changed between its steps (requiredRevisionId)', async () => {
    const folderId = await folder('M-20270309-006 纪要');
    const written = await writer.write(MINUTES, { folderId });
    const stale = written.revisionId!;
    await clients.docs.documents.batchUpdate({
      documentId: written.documentId,
      requestBody: { requests: [{ insertText: { location: { index: 1 }, text: 'typed by hand ' } }] },
    });
    await expect(
      clients.docs.documents.batchUpdate({
        documentId: written.documentId,
        requestBody: {
          requests: [{ insertText: { location: { index: 1 }, text: 'x' } }],
          writeControl: { requiredRevisionId: stale },
        },
      }),
    ).rejects.toMatchObject({ status: 400 });
    // A whole write starts from the current revision, so it still succeeds and drops the hand-typed text.
    await writer.write(MINUTES, { documentId: written.documentId, folderId });
    expect(JSON.stringify((await getDocument(written.documentId)).body)).not.toContain('typed by hand');
  });
});

describe('GoogleDriveArchive', () => {
  it('ensureFolder creates a folder once and finds it again, under a parent or the root', async () => {
    const parent = await archive.ensureFolder('会议纪要归档 Minutes archive');
    expect(await archive.ensureFolder('会议纪要归档 Minutes archive')).toBe(parent);
    const child = await archive.ensureFolder("M-20270309-001 Dealer's meeting", parent);
    expect(await archive.ensureFolder("M-20270309-001 Dealer's meeting", parent)).toBe(child);
    expect(await archive.ensureFolder("M-20270309-001 Dealer's meeting")).not.toBe(child);
    const file = await clients.drive.files.get({ fileId: child, fields: 'mimeType,parents' });
    expect(file.data).toEqual({ mimeType: 'application/vnd.google-apps.folder', parents: [parent] });
  });

  it('saveFile stores bytes exactly; saving the same name again replaces them in the same file', async () => {
    const folderId = await archive.ensureFolder('M-20270309-010 纪要');
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0xfe, 0x0d, 0x0a, 0x2d, 0x2d]);
    const id = await archive.saveFile(folderId, '纪要 v1.pdf', 'application/pdf', bytes);
    expect(await archive.readFile(id)).toEqual(bytes);
    const again = await archive.saveFile(folderId, '纪要 v1.pdf', 'application/pdf', Buffer.from('second'));
    expect(again).toBe(id);
    expect((await archive.readFile(id)).toString()).toBe('second');
    const v2 = await archive.saveFile(folderId, '纪要 v2.pdf', 'application/pdf', Buffer.from('v2'));
    expect(v2).not.toBe(id);
    const list = await clients.drive.files.list({
      q: `'${folderId}' in parents and trashed = false`,
      fields: 'files(name,mimeType)',
      orderBy: 'name',
    });
    expect(list.data.files).toEqual([
      { name: '纪要 v1.pdf', mimeType: 'application/pdf' },
      { name: '纪要 v2.pdf', mimeType: 'application/pdf' },
    ]);
  });

  it('shareExactly converges on the wanted people without Drive notification mail and leaves the owner', async () => {
    const folderId = await archive.ensureFolder('M-20270309-011 纪要');
    const { documentId } = await writer.write(MINUTES, { folderId });
    expect(
      await archive.shareExactly(documentId, ['Li.Lei@demo.example', 'wang.wei@demo.example'], 'commenter'),
    ).toEqual({
      added: ['li.lei@demo.example', 'wang.wei@demo.example'],
      removed: [],
      unshareable: [],
    });
    expect(
      await archive.shareExactly(documentId, ['li.lei@demo.example', 'wang.wei@demo.example'], 'commenter'),
    ).toEqual({
      added: [],
      removed: [],
      unshareable: [],
    });
    expect(
      await archive.shareExactly(documentId, ['wang.wei@demo.example', 'zhao.min@demo.example'], 'commenter'),
    ).toEqual({
      added: ['zhao.min@demo.example'],
      removed: ['li.lei@demo.example'],
      unshareable: [],
    });
    const permissions = await clients.drive.permissions.list({
      fileId: documentId,
      fields: 'permissions(role,emailAddress)',
    });
    expect(permissions.data.permissions).toEqual([
      { role: 'owner', emailAddress: 'owner@workspace-emulator.invalid' },
      { role: 'commenter', emailAddress: 'wang.wei@demo.example' },
      { role: 'commenter', emailAddress: 'zhao.min@demo.example' },
    ]);
    expect(emulator.store.files.get(documentId)?.permissions.some((p) => p.notified)).toBe(false);
  });

  it('reports addresses with no Google account as unshareable instead of failing the others', async () => {
    const folderId = await archive.ensureFolder('M-20270309-012 纪要');
    const { documentId } = await writer.write(MINUTES, { folderId });
    emulator.setAddressesWithoutGoogleAccount(['dealer@example.net']);
    try {
      expect(
        await archive.shareExactly(documentId, ['dealer@example.net', 'wang.wei@demo.example'], 'commenter'),
      ).toEqual({ added: ['wang.wei@demo.example'], removed: [], unshareable: ['dealer@example.net'] });
    } finally {
      emulator.setAddressesWithoutGoogleAccount([]);
    }
  });
});
