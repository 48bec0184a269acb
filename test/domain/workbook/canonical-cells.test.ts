// The text a refused cell gets back (canonical-cells.ts) reads back as the saved value, in either language.
import { describe, expect, it } from 'vitest';
import { canonicalCellText } from '../../../functions/src/domain/workbook/canonical-cells.ts';
import { parseCellValue } from '../../../functions/src/domain/workbook/row-schemas.ts';
import { type TabKey, getTab } from '../../../functions/src/domain/workbook/workbook-schema.ts';

const ZONE = 'Asia/Shanghai';

const CASES: Array<[TabKey, string, unknown, string, string]> = [
  // tab, column, saved value, text in zh, text in en
  ['customers', 'purchased', true, '是', 'yes'],
  ['customers', 'purchased', false, '否', 'no'],
  ['customers', 'phone', '+8613800138000', '+8613800138000', '+8613800138000'],
  ['customers', 'eventDate', '2027-03-01', '2027-03-01', '2027-03-01'],
  ['people', 'role', 'rep', '销售代表', 'sales rep'],
  ['people', 'capacity', 40, '40', '40'],
  ['meetings', 'start', '2027-03-20T10:00:00+08:00', '2027-03-20 10:00', '2027-03-20 10:00'],
  ['meetings', 'budget', 12500.5, '12500.5', '12500.5'],
  ['attendance', 'role', 'recorder', '记录人', 'recorder'],
  ['targets', 'month', '2027-03', '2027-03', '2027-03'],
  ['minutes', 'text', '=1+1', '=1+1', '=1+1'],
];

describe('a saved value as cell text', () => {
  it.each(CASES)('%s %s %s', (tab, key, value, zh, en) => {
    const column = getTab(tab).columns.find((c) => c.key === key)!;
    expect(canonicalCellText(column, value, 'zh', ZONE)).toBe(zh);
    expect(canonicalCellText(column, value, 'en', ZONE)).toBe(en);
    expect(canonicalCellText(column, value, 'mixed', ZONE)).toBe(zh);
    for (const text of [zh, en])
      expect(parseCellValue(column, text, { zone: ZONE })).toMatchObject({ ok: true, value });
  });

  it('is empty for a value the record does not hold', () => {
    const column = getTab('attendance').columns.find((c) => c.key === 'checkIn')!;
    expect(canonicalCellText(column, undefined, 'en', ZONE)).toBe('');
  });
});
