// The emulated Docs v1 API through the genuine googleapis client: the index space (section break, paragraphs
// ending in \n, table markers), insertTable's newline before the table, the deletions Docs refuses, styles,
// bullets, replaceAllText, atomic batches and revisions, and that every document is a Drive file.
import { type docs_v1, docs } from '@googleapis/docs';
import { drive, type drive_v3 } from '@googleapis/drive';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WorkspaceEmulator, startWorkspaceEmulator } from '../../local/workspace-emulator/index.ts';

let emulator: WorkspaceEmulator;
let api: docs_v1.Docs;
let driveApi: drive_v3.Drive;

beforeAll(async () => {
  emulator = await startWorkspaceEmulator({ port: 0 });
  api = docs({ version: 'v1', rootUrl: emulator.rootUrl });
  driveApi = drive({ version: 'v3', rootUrl: emulator.rootUrl });
});

afterAll(async () => {
  await emulator.stop();
});

async function newDocument(title = '纪要 Minutes'): Promise<string> {
  return (await api.documents.create({ requestBody: { title } })).data.documentId!;
}

async function update(
  documentId: string,
  requests: docs_v1.Schema$Request[],
): Promise<docs_v1.Schema$BatchUpdateDocumentResponse> {
  return (await api.documents.batchUpdate({ documentId, requestBody: { requests } })).data;
}

async function content(documentId: string): Promise<docs_v1.Schema$StructuralElement[]> {
  return (await api.documents.get({ documentId })).data.body?.content ?? [];
}

/** [startIndex, endIndex, kind or text] of each top-level element, for compact assertions. */
function outline(elements: docs_v1.Schema$StructuralElement[]): [number, number, string][] {
  return elements.map((element) => [
    element.startIndex ?? 0,
    element.endIndex ?? 0,
    element.sectionBreak
      ? 'sectionBreak'
      : element.table
        ? `table ${element.table.rows}x${element.table.columns}`
        : (element.paragraph?.elements ?? []).map((run) => run.textRun?.content ?? '').join(''),
  ]);
}

function cellText(cell: docs_v1.Schema$TableCell): string {
  return (cell.content ?? [])
    .flatMap((element) => element.paragraph?.elements ?? [])
    .map((run) => run.textRun?.content ?? '')
    .join('');
}

describe('Docs v1 documents', () => {
  it('a new document is a section break and one empty paragraph, and a Google Doc in Drive', async () => {
    const created = await api.documents.create({ requestBody: { title: '周例会纪要' } });
    const documentId = created.data.documentId!;
    expect(created.data.title).toBe('周例会纪要');
    expect(outline(created.data.body!.content!)).toEqual([
      [0, 1, 'sectionBreak'],
      [1, 2, '\n'],
    ]);
    expect(created.data.body!.content![0]!.startIndex).toBeUndefined();
    const file = await driveApi.files.get({ fileId: documentId });
    expect(file.data).toEqual({
      kind: 'drive#file',
      id: documentId,
      name: '周例会纪要',
      mimeType: 'application/vnd.google-apps.document',
    });
    // Renaming the Drive file renames the document.
    await driveApi.files.update({ fileId: documentId, requestBody: { name: '周例会纪要 v2' } });
    expect((await api.documents.get({ documentId })).data.title).toBe('周例会纪要 v2');
  });

  it('insertText splits paragraphs at newlines and counts UTF-16 code units', async () => {
    const documentId = await newDocument();
    await update(documentId, [{ insertText: { location: { index: 1 }, text: '议程 Agenda\n讨论 😀 done' } }]);
    expect(outline(await content(documentId))).toEqual([
      [0, 1, 'sectionBreak'],
      [1, 11, '议程 Agenda\n'],
      [11, 22, '讨论 😀 done\n'],
    ]);
    await update(documentId, [{ insertText: { endOfSegmentLocation: {}, text: '!' } }]);
    expect(outline(await content(documentId)).at(-1)).toEqual([11, 23, '讨论 😀 done!\n']);
    await expect(update(documentId, [{ insertText: { location: { index: 23 }, text: 'x' } }])).rejects.toMatchObject({
      status: 400,
    });
  });

  it('insertTable inserts a newline first: the table starts at index + 1, then the rest of the text', async () => {
    const documentId = await newDocument();
    await update(documentId, [
      { insertText: { location: { index: 1 }, text: 'abcdef' } },
      { insertTable: { location: { index: 4 }, rows: 2, columns: 2 } },
    ]);
    const elements = await content(documentId);
    expect(outline(elements)).toEqual([
      [0, 1, 'sectionBreak'],
      [1, 5, 'abc\n'],
      [5, 17, 'table 2x2'],
      [17, 21, 'def\n'],
    ]);
    const table = elements[2]!.table!;
    // Table start 5, row 6, cell 7, its paragraph 8–9, next cell 9, paragraph 10–11; second row 11, cells 12
    // and 14 (paragraphs at 13 and 15); the table's end marker 16.
    expect(table.tableRows!.map((row) => [row.startIndex, row.endIndex])).toEqual([
      [6, 11],
      [11, 16],
    ]);
    expect(
      table.tableRows![0]!.tableCells!.map((cell) => [cell.startIndex, cell.endIndex, cell.content![0]!.startIndex]),
    ).toEqual([
      [7, 9, 8],
      [9, 11, 10],
    ]);
    // Filled from the last cell to the first, the earlier indices stay valid.
    await update(documentId, [
      { insertText: { location: { index: 15 }, text: 'D' } },
      { insertText: { location: { index: 13 }, text: 'C' } },
      { insertText: { location: { index: 10 }, text: '负责人' } },
      { insertText: { location: { index: 8 }, text: '事项' } },
    ]);
    const filled = (await content(documentId))[2]!.table!;
    expect(filled.tableRows!.map((row) => row.tableCells!.map(cellText))).toEqual([
      ['事项\n', '负责人\n'],
      ['C\n', 'D\n'],
    ]);
    expect(outline(await content(documentId)).at(-1)).toEqual([24, 28, 'def\n']);
    // Not at a table's own marker indices.
    await expect(update(documentId, [{ insertText: { location: { index: 5 }, text: 'x' } }])).rejects.toMatchObject({
      status: 400,
    });
  });

  it('at the end of the body, a table gets an empty paragraph after it', async () => {
    const documentId = await newDocument();
    await update(documentId, [
      { insertText: { location: { index: 1 }, text: 'Actions' } },
      { insertTable: { endOfSegmentLocation: { segmentId: '' }, rows: 1, columns: 1 } },
    ]);
    expect(outline(await content(documentId))).toEqual([
      [0, 1, 'sectionBreak'],
      [1, 9, 'Actions\n'],
      [9, 14, 'table 1x1'],
      [14, 15, '\n'],
    ]);
  });

  it('deleteContentRange merges paragraphs, removes whole tables, and refuses what Docs refuses', async () => {
    const documentId = await newDocument();
    await update(documentId, [
      { insertText: { location: { index: 1 }, text: 'one\ntwo\nthree' } },
      {
        updateParagraphStyle: {
          range: { startIndex: 5, endIndex: 9 },
          paragraphStyle: { namedStyleType: 'HEADING_2' },
          fields: 'namedStyleType',
        },
      },
      { insertTable: { location: { index: 8 }, rows: 1, columns: 2 } },
    ]);
    // The newline inserted at "two"'s own newline leaves that newline as an empty paragraph after the table.
    expect(outline(await content(documentId))).toEqual([
      [0, 1, 'sectionBreak'],
      [1, 5, 'one\n'],
      [5, 9, 'two\n'],
      [9, 16, 'table 1x2'],
      [16, 17, '\n'],
      [17, 23, 'three\n'],
    ]);
    const refused = async (startIndex: number, endIndex: number): Promise<void> => {
      await expect(
        update(documentId, [{ deleteContentRange: { range: { startIndex, endIndex } } }]),
      ).rejects.toMatchObject({ status: 400 });
    };
    await refused(2, 12); // into the middle of the table
    await refused(8, 9); // the newline before a table, without the table
    await refused(17, 23); // the body's last newline
    await refused(12, 15); // across two cells
    // Within one cell is fine; so is a range holding the whole table.
    await update(documentId, [{ insertText: { location: { index: 12 }, text: 'xyz' } }]);
    await update(documentId, [{ deleteContentRange: { range: { startIndex: 13, endIndex: 15 } } }]);
    expect(cellText((await content(documentId))[3]!.table!.tableRows![0]!.tableCells![0]!)).toBe('x\n');
    // "one\n" loses its newline and joins "two", which keeps its own style (a paragraph's style is its newline's).
    await update(documentId, [{ deleteContentRange: { range: { startIndex: 4, endIndex: 5 } } }]);
    const merged = (await content(documentId))[1]!;
    expect(merged.paragraph!.elements!.map((run) => run.textRun!.content).join('')).toBe('onetwo\n');
    expect(merged.paragraph!.paragraphStyle!.namedStyleType).toBe('HEADING_2');
    // Everything but the final newline: one empty paragraph remains.
    const end = (await content(documentId)).at(-1)!.endIndex!;
    await update(documentId, [{ deleteContentRange: { range: { startIndex: 1, endIndex: end - 1 } } }]);
    expect(outline(await content(documentId))).toEqual([
      [0, 1, 'sectionBreak'],
      [1, 2, '\n'],
    ]);
  });

  it('styles, bullets and replaceAllText', async () => {
    const documentId = await newDocument();
    await update(documentId, [
      { insertText: { location: { index: 1 }, text: 'Title\nitem {{A}}\nitem {{a}}' } },
      {
        updateParagraphStyle: {
          range: { startIndex: 1, endIndex: 2 },
          paragraphStyle: { namedStyleType: 'HEADING_1' },
          fields: 'namedStyleType',
        },
      },
      { updateTextStyle: { range: { startIndex: 1, endIndex: 3 }, textStyle: { bold: true }, fields: 'bold' } },
      { createParagraphBullets: { range: { startIndex: 7, endIndex: 20 }, bulletPreset: 'BULLET_DISC_CIRCLE_SQUARE' } },
    ]);
    const replaced = await update(documentId, [
      { replaceAllText: { containsText: { text: '{{a}}', matchCase: false }, replaceText: '李雷' } },
      { replaceAllText: { containsText: { text: 'missing', matchCase: true }, replaceText: 'x' } },
    ]);
    expect(replaced.replies).toEqual([{ replaceAllText: { occurrencesChanged: 2 } }, { replaceAllText: {} }]);
    const document = (await api.documents.get({ documentId })).data;
    const [, title, first, second] = document.body!.content!;
    expect(title!.paragraph!.paragraphStyle!.namedStyleType).toBe('HEADING_1');
    expect(title!.paragraph!.elements!.map((run) => [run.textRun!.content, run.textRun!.textStyle])).toEqual([
      ['Ti', { bold: true }],
      ['tle\n', {}],
    ]);
    expect(first!.paragraph!.bullet?.listId).toBeTruthy();
    expect(second!.paragraph!.bullet?.listId).toBe(first!.paragraph!.bullet?.listId);
    expect(document.lists?.[first!.paragraph!.bullet!.listId!]).toBeDefined();
    expect(second!.paragraph!.elements!.map((run) => run.textRun!.content).join('')).toBe('item 李雷\n');
    await update(documentId, [{ deleteParagraphBullets: { range: { startIndex: 7, endIndex: 8 } } }]);
    expect((await content(documentId))[2]!.paragraph!.bullet).toBeUndefined();
  });

  it('a batch is atomic, names its revision, and refuses a stale requiredRevisionId', async () => {
    const documentId = await newDocument();
    const first = await update(documentId, [{ insertText: { location: { index: 1 }, text: 'kept' } }]);
    const revision = first.writeControl!.requiredRevisionId!;
    expect((await api.documents.get({ documentId })).data.revisionId).toBe(revision);
    await expect(
      update(documentId, [
        { insertText: { location: { index: 1 }, text: 'lost ' } },
        { deleteContentRange: { range: { startIndex: 1, endIndex: 99 } } },
      ]),
    ).rejects.toMatchObject({ status: 400 });
    expect(outline(await content(documentId)).at(-1)).toEqual([1, 6, 'kept\n']);
    expect((await api.documents.get({ documentId })).data.revisionId).toBe(revision);
    await update(documentId, [{ insertText: { location: { index: 1 }, text: '+' } }]);
    await expect(
      api.documents.batchUpdate({
        documentId,
        requestBody: {
          requests: [{ insertText: { location: { index: 1 }, text: 'x' } }],
          writeControl: { requiredRevisionId: revision },
        },
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      update(documentId, [{ insertInlineImage: { location: { index: 1 }, uri: 'https://x' } }]),
    ).rejects.toMatchObject({
      status: 400,
    });
  });

  it('drops the control characters Docs drops; includeTabsContent answers the body inside the first tab', async () => {
    const documentId = await newDocument();
    await update(documentId, [{ insertText: { location: { index: 1 }, text: 'a\u0000b\u001bc\td' } }]);
    expect(outline(await content(documentId)).at(-1)).toEqual([1, 7, 'abc\td\n']);
    const tabs = (await api.documents.get({ documentId, includeTabsContent: true })).data;
    expect(tabs.body).toBeUndefined();
    expect(tabs.tabs?.[0]?.documentTab?.body?.content?.at(-1)?.endIndex).toBe(7);
    await expect(api.documents.get({ documentId: 'no-such-document' })).rejects.toMatchObject({ status: 404 });
  });
});
