// Staff type a meeting into the web grid exactly as they would into the sheet: the edit goes through the
// local Apps Script stand-in, the signed sheetEdit function and Firestore, and the grid shows the ID and
// Status the function wrote back. The stack clock is pinned to a working morning (test/support/pinned-time.ts):
// the meetings typed here are dated from it, never from the machine's clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { openGridTab, tabTitles } from '../support/web-grid.ts';
import { WORKING_MORNING, ZONE } from '../support/pinned-time.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';

const SCREENSHOT = '/tmp/e2e-workbook.png';

// Headers are accepted in either language (workbook-schema.ts); the test finds columns the way a person would.
const HEADERS = {
  id: ['ID', '编号'],
  status: ['Status', '状态', '校验状态'],
  type: ['Type', '会议类型', 'Meeting type', '类型'],
  title: ['Title', '会议主题', '主题', '标题', '会议名称'],
  start: ['Start', '开始时间', 'Starts', 'Start time', '开始'],
  end: ['End', '结束时间', 'Ends', 'End time', '结束'],
} as const;
type ColumnName = keyof typeof HEADERS;

let stack: LocalStack;
let browser: Browser;
let page: Page;
let firestore: Firestore;
let dataDir: string;
let meetingsTitle: string;
const outsideRequests: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'e2e-workbook-'));
  stack = await startLocalStack({ port: 0, dataDir, scheduler: false, now: WORKING_MORNING });
  process.env.FIRESTORE_EMULATOR_HOST = stack.firestoreHost;
  firestore = new Firestore({ projectId: 'demo-meeting-followup' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // The page must work offline: anything it loads from elsewhere (a CDN, a web font) is a failure.
  page.on('request', (request) => {
    if (!request.url().startsWith(stack.url) && !request.url().startsWith('data:')) outsideRequests.push(request.url());
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));

  meetingsTitle = (await tabTitles(stack.url, ['meetings'])).meetings;
  await page.goto(stack.url);
  await openGridTab(page, meetingsTitle);
});

afterAll(async () => {
  await browser?.close();
  await firestore?.terminate();
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function cell(row: number, column: number) {
  return page.getByTestId(`cell-${row}-${column}`);
}

async function findColumns(): Promise<Record<ColumnName, number>> {
  const header = await page.locator('tr[data-row="1"] td').allTextContents();
  const found = {} as Record<ColumnName, number>;
  for (const name of Object.keys(HEADERS) as ColumnName[]) {
    const index = header.findIndex((text) => (HEADERS[name] as readonly string[]).includes(text.trim()));
    expect(index, `a ${name} column in the header ${JSON.stringify(header)}`).toBeGreaterThanOrEqual(0);
    found[name] = index + 1;
  }
  return found;
}

/** The first empty row below the data, which the grid marks for new rows. */
async function firstEmptyRow(): Promise<number> {
  return Number(await page.locator('tr.new-row').getAttribute('data-row'));
}

async function typeInto(row: number, column: number, text: string): Promise<void> {
  await cell(row, column).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** A wall time `daysAhead` days after the stack clock's today (pinned: Tuesday 2027-03-09). */
function slot(daysAhead: number, hour: number): string {
  return stack.clock
    .now()
    .setZone(ZONE)
    .plus({ days: daysAhead })
    .set({ hour, minute: 0 })
    .toFormat('yyyy/MM/dd HH:mm');
}

async function meetingCount(): Promise<number> {
  return (await firestore.collection(`workbooks/${stack.spreadsheetId}/meetings`).get()).size;
}

describe('editing the Meetings tab in the web grid', () => {
  test('a new meeting typed into the first empty row gets an ID, Status OK and a Firestore record', async () => {
    const columns = await findColumns();
    const row = await firstEmptyRow();
    const title = 'E2E 周会演练 E2E weekly drill';

    await typeInto(row, columns.type, '临时会议');
    await typeInto(row, columns.title, title);
    await typeInto(row, columns.start, slot(3, 10));
    await typeInto(row, columns.end, slot(3, 11));

    await expect.poll(() => cell(row, columns.status).textContent(), { timeout: 30_000 }).toBe('OK');
    const id = (await cell(row, columns.id).textContent()) ?? '';
    expect(id).toMatch(/^M-[0-9A-Z]{8}$/);
    await expect.poll(() => cell(row, columns.status).getAttribute('data-status')).toBe('ok');

    const record = await firestore.doc(`workbooks/${stack.spreadsheetId}/meetings/${id}`).get();
    expect(record.exists).toBe(true);
    expect(record.get('data.title')).toBe(title);
    // The row moved below: the next empty row is the one after it.
    expect(await firstEmptyRow()).toBe(row + 1);
  });

  test('an end time before the start shows a red bilingual Status and creates no record', async () => {
    const columns = await findColumns();
    const before = await meetingCount();
    const row = await firstEmptyRow();

    await typeInto(row, columns.type, '专题会');
    await typeInto(row, columns.title, 'E2E 时间颠倒 E2E reversed times');
    await typeInto(row, columns.start, slot(4, 15));
    await typeInto(row, columns.end, slot(4, 14));

    const status = cell(row, columns.status);
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/晚于/);
    const text = (await status.textContent()) ?? '';
    expect(text).toMatch(/[\u4e00-\u9fff]/);
    expect(text).toMatch(/must be later/i);
    expect(await status.getAttribute('data-status')).toBe('error');
    expect(await status.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(197, 34, 31)');
    // The full message is readable: wrapped in the cell and in the tooltip.
    expect(await status.getAttribute('title')).toBe(text);
    expect(await status.locator('.cell-text').evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-wrap');
    expect(await cell(row, columns.id).textContent()).toBe('');
    expect(await meetingCount()).toBe(before);

    // Typing into the later columns scrolled the grid sideways; back to the left so the picture shows the ID column.
    await page.locator('.grid-scroller').evaluate((el) => el.scrollTo({ left: 0 }));
    await status.click();
    await page.screenshot({ path: SCREENSHOT });
  });

  test('a pasted TSV block is posted as one edit and every pasted row is validated', async () => {
    const columns = await findColumns();
    const row = await firstEmptyRow();
    const edits: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/edit')) edits.push(request.url());
    });
    const first = Math.min(columns.type, columns.title, columns.start, columns.end);
    const last = Math.max(columns.type, columns.title, columns.start, columns.end);
    const line = (values: Partial<Record<ColumnName, string>>) => {
      const cells: string[] = [];
      for (let c = first; c <= last; c += 1) {
        const name = (Object.keys(values) as ColumnName[]).find((n) => columns[n] === c);
        cells.push(name ? values[name]! : '');
      }
      return cells.join('\t');
    };
    const tsv = [
      line({ type: 'weekly S&OP', title: 'E2E 粘贴一 Pasted one', start: slot(5, 9), end: slot(5, 10) }),
      line({ type: 'task force', title: 'E2E 粘贴二 Pasted two', start: slot(6, 9), end: slot(6, 10) }),
    ].join('\n');

    await cell(row, first).click();
    // Headless Chromium has no system clipboard; a paste event carrying the block is what Ctrl+V delivers.
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.activeElement!.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, tsv);

    await expect.poll(() => cell(row + 1, columns.status).textContent(), { timeout: 30_000 }).toBe('OK');
    expect(await cell(row, columns.status).textContent()).toBe('OK');
    expect(await cell(row, columns.id).textContent()).toMatch(/^M-[0-9A-Z]{8}$/);
    expect(await cell(row + 1, columns.id).textContent()).toMatch(/^M-[0-9A-Z]{8}$/);
    expect(edits).toHaveLength(1);
  });

  test('ID and Status cells refuse typing, and the page loaded nothing from outside', async () => {
    const columns = await findColumns();
    const row = 2;
    const before = await cell(row, columns.id).textContent();
    // Keyboard only: Ctrl+Home goes to A1, then the arrows reach the first data row's ID cell.
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    for (let c = 1; c < columns.id; c += 1) await page.keyboard.press('ArrowRight');
    expect(await cell(row, columns.id).getAttribute('class')).toContain('active');
    await page.keyboard.type('X');
    await page.keyboard.press('Enter');
    expect(await cell(row, columns.id).textContent()).toBe(before);
    expect(outsideRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
