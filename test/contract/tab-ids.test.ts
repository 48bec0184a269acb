import { describe, expect, it } from 'vitest';
import { ID_COLUMN_HEADERS, RECORD_ID_PATTERN, readTabIds } from '../../functions/src/contract/tab-ids.ts';
import { matchHeaders } from '../../functions/src/domain/workbook/header-matching.ts';
import { formatRecordId } from '../../functions/src/domain/workbook/record-ids.ts';
import { WORKBOOK_TABS } from '../../functions/src/domain/workbook/workbook-schema.ts';

describe("the ID column the script reads for a resync's parts", () => {
  it("has exactly the headers of every tab's ID column in the schema", () => {
    for (const tab of WORKBOOK_TABS) {
      const id = tab.columns.find((column) => column.key === 'id');
      if (!id) continue;
      const labels = [id.en, id.zh, ...('aliases' in id ? (id.aliases as readonly string[]) : [])];
      expect([...labels].sort(), tab.key).toEqual([...ID_COLUMN_HEADERS].sort());
    }
  });

  it.each([
    [['ID', 'Status', 'Title']],
    [['Title', ' 编号 ', 'Status']],
    [['Title', 'Status', 'ｉｄ']],
    [['Title', 'Status']],
    [['ID', 'Status', '编号']],
  ])('is the column the server matches as the ID in %j, or none where the server finds none', (header) => {
    const rows = [{ row: 2, values: header.map(() => 'M-7K2Q9P4D') }];
    const matched = matchHeaders('meetings', header).columns.get('id');
    expect(readTabIds(header, rows)?.column).toBe(matched === undefined ? undefined : matched + 1);
  });

  it('takes an ID the server issues for an ID, and leaves out what is not one', () => {
    for (const tab of WORKBOOK_TABS)
      expect(RECORD_ID_PATTERN.test(formatRecordId(tab.key, Uint8Array.from([31, 0, 7, 8, 9, 10, 30, 1])))).toBe(true);
    for (const text of ['MTG-9', 'M-7K2Q9P4', 'm-7k2q9p4d', 'M-7K2Q9P4I', 'M-7K2Q9P4D '])
      expect(RECORD_ID_PATTERN.test(text), text).toBe(false);
  });
});
