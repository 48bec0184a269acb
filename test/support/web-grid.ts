// The local web UI's grid as the browser tests drive it: a cell by position, a tab opened and shown, a column by
// its header. One copy, so a change in how the grid marks the tab it shows is made once.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export function gridCell(page: Page, row: number, column: number) {
  return page.getByTestId(`cell-${row}-${column}`);
}

/** Opens a tab and waits until the grid, not just the tab bar, shows it (the previous rows stay until then). */
export async function openGridTab(page: Page, title: string): Promise<void> {
  await page.getByTestId(`tab-${title}`).click();
  await page.waitForFunction((shown) => {
    const host = document.querySelector('.grid-host');
    return host?.getAttribute('data-shown-tab') === shown && !host.hasAttribute('aria-busy');
  }, title);
  await page.waitForFunction(() => (document.querySelector('[data-testid="cell-1-1"]')?.textContent ?? '') !== '');
}

/** 1-based column of the first header among `names`. */
export async function gridColumn(page: Page, ...names: string[]): Promise<number> {
  const header = (await page.locator('tr[data-row="1"] td').allTextContents()).map((t) => t.trim());
  const index = header.findIndex((text) => names.includes(text));
  expect(index, `one of ${names.join(', ')} in ${JSON.stringify(header)}`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

/** The title the local workbook gives each tab kind (its language decides the titles). */
export async function tabTitles<K extends string>(stackUrl: string, keys: readonly K[]): Promise<Record<K, string>> {
  const workbook = (await (await fetch(`${stackUrl}/api/workbook`)).json()) as {
    tabs: { title: string; tabKey: string | null }[];
  };
  const titles = {} as Record<K, string>;
  for (const key of keys) {
    const tab = workbook.tabs.find((t) => t.tabKey === key);
    expect(tab, `a ${key} tab in ${JSON.stringify(workbook.tabs)}`).toBeDefined();
    titles[key] = tab!.title;
  }
  return titles;
}
