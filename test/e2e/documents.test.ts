// The Documents page: a minutes-like document written through the production Docs/Drive adapters (as the
// minutes workflow will) into a per-meeting folder, shared and with a stored PDF beside it, is listed, rendered
// readably (heading, bold text, bullets, table), shows its sharing and folder files, and its PDF downloads and
// reads back with the Chinese title. The stack clock is pinned at a plain working morning (Tuesday 2027-03-09).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDocumentClients, GoogleDocsWriter } from '../../functions/src/adapters/google-docs.ts';
import { GoogleDriveArchive } from '../../functions/src/adapters/google-drive.ts';
import type { DocumentModel } from '../../functions/src/domain/minutes/document-model.ts';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import { launchChromium } from '../support/browser.ts';
import { readPdfText } from '../support/pdf-text.ts';
import { WORKING_MORNING } from '../support/pinned-time.ts';

const SCREENSHOT = '/tmp/e2e-documents.png';
const TITLE = '销售与运营周例会纪要 Weekly S&OP minutes 2027-03-09';
const MODEL: DocumentModel = {
  title: TITLE,
  blocks: [
    { kind: 'heading', level: 1, text: '销售与运营周例会纪要 Weekly S&OP minutes' },
    { kind: 'paragraph', text: '主持 Host: 李雷 · 记录 Recorder: 韩梅梅', bold: true },
    { kind: 'heading', level: 2, text: '决议 Decisions' },
    { kind: 'bullets', items: ['三月促销方案通过 March promotion approved', '<b>不是标记</b> not markup'] },
    { kind: 'heading', level: 2, text: '行动项 Action items' },
    {
      kind: 'table',
      header: ['事项 Item', '负责人 Owner', '截止 Due'],
      rows: [['回访经销商 Call the dealers', '王伟', '2027-03-12']],
    },
  ],
};

let stack: LocalStack;
let browser: Browser;
let page: Page;
let dataDir: string;
let documentId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'e2e-documents-'));
  stack = await startLocalStack({ port: 0, dataDir, scheduler: false, now: WORKING_MORNING });
  const clients = createDocumentClients({ rootUrl: stack.workspaceRootUrl });
  const archive = new GoogleDriveArchive(clients);
  const folderId = await archive.ensureFolder('M-20270309-001 周例会 Weekly S&OP');
  const written = await new GoogleDocsWriter(clients).write(MODEL, { folderId });
  documentId = written.documentId;
  await archive.shareExactly(documentId, ['wang.wei@demo.example', 'han.meimei@demo.example'], 'commenter');
  await archive.saveFile(
    folderId,
    '纪要 v1.pdf',
    'application/pdf',
    await new GoogleDocsWriter(clients).exportPdf(documentId),
  );
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('documents page', () => {
  test('lists the document with its folder and opens it through its own link', async () => {
    await page.goto(`${stack.url}/#/documents`);
    const item = page.getByTestId(`document-item-${documentId}`);
    await item.waitFor();
    expect(await item.textContent()).toContain(TITLE);
    expect(await item.textContent()).toContain('M-20270309-001 周例会 Weekly S&OP');
    // Drive's modifiedTime follows the stack clock, shown in the workbook's zone.
    expect(await item.locator('time').textContent()).toMatch(/^2027-03-09 09:0\d$/);
    expect(await page.getByTestId('page-documents').getAttribute('aria-current')).not.toBeNull();
    // The link the adapter returned (the document's webViewLink) leads to this page, on this document.
    const { url } = await new GoogleDocsWriter(createDocumentClients({ rootUrl: stack.workspaceRootUrl })).write(
      MODEL,
      {
        documentId,
        folderId: (await documentFolder()).id,
      },
    );
    await page.goto(url);
    await expect.poll(() => page.url()).toBe(`${stack.url}/#/documents/${documentId}`);
    await page.getByTestId('document-title').filter({ hasText: TITLE }).waitFor();
  });

  test('renders headings, bold text, bullets and the table readably, markup in the text as text', async () => {
    const body = page.getByTestId('document-body');
    await body.locator('h1').filter({ hasText: '销售与运营周例会纪要 Weekly S&OP minutes' }).waitFor();
    expect(await body.locator('h2').allTextContents()).toEqual(['决议 Decisions', '行动项 Action items']);
    expect(await body.locator('strong').first().textContent()).toBe('主持 Host: 李雷 · 记录 Recorder: 韩梅梅');
    expect(await body.locator('ul li').allTextContents()).toEqual([
      '三月促销方案通过 March promotion approved',
      '<b>不是标记</b> not markup',
    ]);
    expect(await body.locator('li b').count()).toBe(0);
    const table = page.getByTestId('document-table');
    expect(await table.locator('thead th').allTextContents()).toEqual(['事项 Item', '负责人 Owner', '截止 Due']);
    expect(await table.locator('tbody tr td').allTextContents()).toEqual([
      '回访经销商 Call the dealers',
      '王伟',
      '2027-03-12',
    ]);
    expect(await page.getByTestId('document-folder').textContent()).toBe('M-20270309-001 周例会 Weekly S&OP');
    expect(await page.getByTestId('document-modified').textContent()).toMatch(/^2027-03-09 09:0\d$/);
  });

  test('shows who it is shared with and the files of its folder', async () => {
    const sharing = page.getByTestId('document-sharing');
    expect(await sharing.getByTestId('document-permission-wang.wei@demo.example').textContent()).toContain('可评论');
    expect(await sharing.getByTestId('document-permission-han.meimei@demo.example').textContent()).toContain(
      'Commenter',
    );
    expect(await sharing.getByTestId('document-permission-owner@workspace-emulator.invalid').textContent()).toContain(
      'Owner',
    );
    const file = page.getByTestId('document-file-纪要 v1.pdf');
    await file.waitFor();
    const download = page.waitForEvent('download');
    await file.locator('a').click();
    const stored = await download;
    expect(stored.suggestedFilename()).toBe('纪要 v1.pdf');
    const bytes = readFileSync((await stored.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  test('downloads the PDF export, which reads back with the Chinese title and the table', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('document-pdf').click();
    const pdf = await download;
    expect(pdf.suggestedFilename()).toBe(`${TITLE}.pdf`);
    const { compact } = await readPdfText(readFileSync((await pdf.path())!));
    expect(compact).toContain('销售与运营周例会纪要WeeklyS&OPminutes');
    expect(compact).toContain('回访经销商Callthedealers');
    expect(compact).toContain('负责人Owner');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});

async function documentFolder(): Promise<{ id: string }> {
  const response = await fetch(`${stack.url}/api/documents/${encodeURIComponent(documentId)}`);
  const detail = (await response.json()) as { folder: { id: string } };
  return detail.folder;
}
