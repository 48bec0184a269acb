// What the system computes shows up in the web grid, as it does in the sheet: an attendance row typed with a
// late check-in gets its Result from the server, and "Run tick now" creates the weekly series' next meetings,
// which appear in the open Meetings grid without reloading the page. The stack clock is pinned to a working
// morning (Tuesday 09:00, outside quiet hours), so "Send notice now" sends at once whenever the test runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { gridCell, gridColumn, openGridTab, tabTitles } from '../support/web-grid.ts';
import { WORKING_MORNING, ZONE } from '../support/pinned-time.ts';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';

const SERIES = 'SOP-WEEKLY';

let stack: LocalStack;
let browser: Browser;
let page: Page;
let firestore: Firestore;
let dataDir: string;
let titles: Record<'meetings' | 'attendance', string>;
const pageErrors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'e2e-meetings-'));
  stack = await startLocalStack({ port: 0, dataDir, scheduler: false, now: WORKING_MORNING });
  process.env.FIRESTORE_EMULATOR_HOST = stack.firestoreHost;
  firestore = new Firestore({ projectId: 'demo-meeting-followup' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  titles = await tabTitles(stack.url, ['meetings', 'attendance']);
  await page.goto(stack.url);
});

afterAll(async () => {
  await browser?.close();
  await firestore?.terminate();
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const cell = (row: number, column: number) => gridCell(page, row, column);
const openTab = (title: string) => openGridTab(page, title);
const column = (...names: string[]) => gridColumn(page, ...names);

async function typeInto(row: number, col: number, text: string): Promise<void> {
  await cell(row, col).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function seriesTemplate(): Promise<{ id: string; start: DateTime }> {
  const { values } = (await (await fetch(`${stack.url}/api/tabs/${encodeURIComponent(titles.meetings)}`)).json()) as {
    values: string[][];
  };
  const header = values[0]!;
  const row = values.find(
    (r) => r[header.indexOf('系列')] === SERIES && String(r[header.indexOf('重复规则')] ?? '') !== '',
  )!;
  return {
    id: row[header.indexOf('编号')]!,
    start: DateTime.fromFormat(row[header.indexOf('开始时间')]!, 'yyyy/MM/dd HH:mm', { zone: ZONE }),
  };
}

describe('computed results and generated rows in the web grid', () => {
  test('a late check-in typed on the Attendance tab shows its Result and is kept on the record', async () => {
    const template = await seriesTemplate();
    await openTab(titles.attendance);
    const row = Number(await page.locator('tr.new-row').getAttribute('data-row'));
    const [meeting, person, checkIn, result, status, id] = [
      await column('会议', 'Meeting'),
      await column('参会人', 'Person'),
      await column('签到时间', 'Check-in'),
      await column('出勤结果', 'Result'),
      await column('状态', 'Status'),
      await column('编号', 'ID'),
    ];
    // A check-in is typed when it happens (a future check-in is refused): during the meeting, 15 minutes in.
    const clockBefore = stack.clock.now();
    stack.clock.set(template.start.plus({ minutes: 15 }));
    onTestFinished(() => {
      stack.clock.set(clockBefore);
    });
    await typeInto(row, meeting, template.id);
    await typeInto(row, person, 'zhang.min@demo.example');
    await typeInto(row, checkIn, template.start.plus({ minutes: 12 }).toFormat('yyyy/MM/dd HH:mm'));

    // The demo workbook is bilingual ("mixed"), so is the label.
    await expect.poll(() => cell(row, result).textContent(), { timeout: 30_000 }).toBe('迟到 late');
    expect(await cell(row, status).textContent()).toBe('OK');
    const recordId = (await cell(row, id).textContent()) ?? '';
    expect(recordId).toMatch(/^AT-/u);
    const record = await firestore.doc(`workbooks/${stack.spreadsheetId}/attendance/${recordId}`).get();
    expect(record.get('data.result')).toBe('late');

    // The Result is the system's: typing over it changes nothing.
    await typeInto(row, result, '准时');
    expect(await cell(row, result).textContent()).toBe('迟到 late');
  });

  test('"Run tick now" creates the series\' next meetings and the open Meetings grid shows them', async () => {
    await openTab(titles.meetings);
    const seriesColumn = await column('系列', 'Series');
    const countSeriesRows = async () =>
      (await page.locator(`td[data-testid$="-${seriesColumn}"]`).allTextContents()).filter((t) => t.trim() === SERIES)
        .length;
    expect(await countSeriesRows()).toBe(1);

    await page.getByTestId('clock-run-tick').click();
    await expect.poll(countSeriesRows, { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
    const statusColumn = await column('状态', 'Status');
    const rows = await page
      .locator('tr[data-row]')
      .evaluateAll(
        (trs, [seriesCol, statusCol]) =>
          trs
            .map((tr) => [
              tr.querySelector(`[data-testid$="-${seriesCol}"]`)?.textContent ?? '',
              tr.querySelector(`[data-testid$="-${statusCol}"]`)?.textContent ?? '',
            ])
            .filter(([series]) => series === 'SOP-WEEKLY'),
        [seriesColumn, statusColumn],
      );
    for (const [, status] of rows) expect(status).toBe('OK');
    expect(pageErrors).toEqual([]);
  });

  test(
    '"Send notice now" on a selected Meetings row sends ' + 'the notice and says so; other tabs do not offer it',
    async () => {
      await openTab(titles.attendance);
      expect(await page.getByTestId('send-notice').isHidden()).toBe(true);
      await openTab(titles.meetings);
      const titleColumn = await column('会议主题', 'Title');
      const titlesInGrid = await page.locator(`td[data-testid$="-${titleColumn}"]`).allTextContents();
      const row = titlesInGrid.findIndex((t) => t.includes('East China dealer conference')) + 1;
      expect(row).toBeGreaterThan(1);
      await cell(row, titleColumn).click();
      await page.getByTestId('send-notice').click();
      const toast = page.getByTestId('toast').filter({ hasText: 'East China dealer conference' });
      await expect.poll(() => toast.first().textContent(), { timeout: 30_000 }).toMatch(/会议通知已发给/u);
      expect(await toast.first().textContent()).toMatch(/calendar invitation/u);
      const mailbox = (await (
        await fetch(`${stack.url}/api/mail/mailbox?address=${encodeURIComponent('wang.wei@demo.example')}`)
      ).json()) as { messages: { subject: string }[] };
      expect(
        mailbox.messages.filter(
          (m) => m.subject.includes('会议通知') && m.subject.includes('East China dealer conference'),
        ),
      ).toHaveLength(1);
      expect(pageErrors).toEqual([]);
    },
  );
});
