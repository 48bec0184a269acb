import { describe, expect, it } from 'vitest';
import { SYNCED_TAB_TITLES, isSyncedTab, normalizeTabTitle } from '../../functions/src/contract/synced-tabs.ts';
import { findTab } from '../../functions/src/domain/workbook/header-matching.ts';
import { normalizeLabel } from '../../functions/src/domain/workbook/label-normalization.ts';
import { WORKBOOK_TABS } from '../../functions/src/domain/workbook/workbook-schema.ts';

describe('the tab titles the script syncs', () => {
  it("are exactly the titles and aliases of the schema's tabs that are not system-only", () => {
    const fromSchema = WORKBOOK_TABS.filter((tab) => !('systemOnly' in tab && tab.systemOnly)).flatMap((tab) => [
      tab.en,
      tab.zh,
      ...('aliases' in tab ? (tab.aliases as readonly string[]) : []),
    ]);
    expect([...SYNCED_TAB_TITLES].sort()).toEqual(fromSchema.sort());
  });

  it.each([
    'Meetings',
    ' meetings ',
    'ＭＥＥＴＩＮＧＳ',
    '会议',
    'My  Customers',
    'Summary',
    '发送记录',
    'Scratch 草稿',
    '',
  ])('%j syncs exactly when the server finds a data tab by that name', (title) => {
    const tab = findTab(title);
    expect(isSyncedTab(title)).toBe(tab !== undefined && !tab.systemOnly);
    expect(normalizeTabTitle(title)).toBe(normalizeLabel(title));
  });
});
