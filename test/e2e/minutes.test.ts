// "Finalize minutes / 生成会议纪要" from the web grid, as the sheet menu would: the button shows on the Meetings tab
// only, writes the selected meeting's minutes and says so, and the row's "Minutes status" cell shows the sent
// version without reloading the page. The stack clock is put after the demo dealer conference has ended.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import { launchChromium } from '../support/browser.ts';
import { gridCell, gridColumn, openGridTab, tabTitles } from '../support/web-grid.ts';
import { WORKING_MORNING, ZONE } from '../support/pinned-time.ts';

let stack: LocalStack;
let browser: Browser;
let page: Page;
let dataDir: string;
let titles: Record<'meetings' | 'attendance', string>;
const pageErrors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'e2e-minutes-'));
  stack = await startLocalStack({ port: 0, dataDir, scheduler: false, now: WORKING_MORNING });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  titles = await tabTitles(stack.url, ['meetings', 'attendance']);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const cell = (row: number, column: number) => gridCell(page, row, column);
const openTab = (title: string) => openGridTab(page, title);
const column = (...names: string[]) => gridColumn(page, ...names);

describe('Finalize minutes in the web grid', () => {
  test('the button writes the selected meeting’s minutes and its Minutes status shows the sent version', async () => {
    const { values } = (await (await fetch(`${stack.url}/api/tabs/${encodeURIComponent(titles.meetings)}`)).json()) as {
      values: string[][];
    };
    const header = values[0]!;
    const row = values.findIndex((r) => String(r[header.indexOf('会议主题')]).includes('East China dealer')) + 1;
    expect(row).toBeGreaterThan(1);
    const end = DateTime.fromFormat(values[row - 1]![header.indexOf('结束时间')]!, 'yyyy/MM/dd HH:mm', { zone: ZONE });
    stack.clock.set(end.plus({ hours: 1 }));

    await page.goto(stack.url);
    await openTab(titles.attendance);
    expect(await page.getByTestId('finalize-minutes').isHidden()).toBe(true);
    await openTab(titles.meetings);
    const titleColumn = await column('会议主题', 'Title');
    const statusColumn = await column('纪要状态', 'Minutes status');
    await cell(row, titleColumn).click();
    await page.getByTestId('finalize-minutes').click();
    const toast = page.getByTestId('toast').filter({ hasText: '会议纪要第 1 版已生成' });
    await expect.poll(() => toast.count(), { timeout: 90_000 }).toBeGreaterThan(0);
    await expect.poll(() => cell(row, statusColumn).textContent(), { timeout: 30_000 }).toContain('已发送 v1');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
