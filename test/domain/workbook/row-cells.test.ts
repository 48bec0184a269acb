import { describe, expect, it } from 'vitest';
import type { RowResult } from '../../../functions/src/contract/edit-request.ts';
import { planResultWrites } from '../../../functions/src/domain/workbook/row-cells.ts';

function ok(row: number, id: string | null = `MTG-${row}`): RowResult {
  return { row, id, status: 'OK', messages: [] };
}

describe('planResultWrites: the cells an answer writes, found in the header as the server matches it', () => {
  it.each([
    {
      header: ['ID', 'Status', 'Title'],
      cells: [
        { column: 1, value: 'MTG-2' },
        { column: 2, value: 'OK' },
      ],
    },
    {
      header: ['会议主题', '编号', '状态'],
      cells: [
        { column: 2, value: 'MTG-2' },
        { column: 3, value: 'OK' },
      ],
    },
    {
      header: ['Title', 'id ', 'Type', '校验状态'],
      cells: [
        { column: 2, value: 'MTG-2' },
        { column: 4, value: 'OK' },
      ],
    },
    { header: ['Title', 'Type'], cells: [] },
  ])('$header', ({ header, cells }) => {
    expect(planResultWrites('Meetings', header, [ok(2)])).toEqual([{ row: 2, cells }]);
  });

  it('a row without a record clears its ID cell', () => {
    const failed: RowResult = { row: 4, id: null, status: 'Title is required', messages: [] };
    expect(planResultWrites('Meetings', ['ID', 'Status'], [failed])).toEqual([
      {
        row: 4,
        cells: [
          { column: 1, value: '' },
          { column: 2, value: 'Title is required' },
        ],
      },
    ]);
  });

  it('texts are RAW: no apostrophe, a leading = stays as typed for the writer to keep literal', () => {
    const status = '=HYPERLINK("http://evil")';
    expect(planResultWrites('Meetings', ['ID', 'Status'], [{ ...ok(2), status }])[0]?.cells[1]).toEqual({
      column: 2,
      value: status,
    });
  });

  it('a tab the schema does not know gets no cells at all', () => {
    expect(planResultWrites('Scratch', ['ID', 'Status'], [ok(2)])).toEqual([]);
  });
});

describe('planResultWrites: computed system columns', () => {
  const header = ['编号', '状态', '会议', '参会人', '签到时间', '出勤结果'];
  const computed = (row: number, result: string): RowResult => ({ ...ok(row, `AT-${row}`), computed: { result } });

  it('writes a computed Attendance result where the header has it', () => {
    const rows = planResultWrites('签到', header, [computed(2, '准时 on time'), ok(4, 'AT-4')]);
    expect(rows).toEqual([
      {
        row: 2,
        cells: [
          { column: 1, value: 'AT-2' },
          { column: 2, value: 'OK' },
          { column: 6, value: '准时 on time' },
        ],
      },
      {
        row: 4,
        cells: [
          { column: 1, value: 'AT-4' },
          { column: 2, value: 'OK' },
        ],
      },
    ]);
  });

  it('writes only the computed columns when asked, leaving ID and Status as they are', () => {
    const rows = planResultWrites(
      '签到',
      header,
      [computed(3, '缺席'), computed(2, '请假（代理人已出席）')],
      'computed',
    );
    expect(rows).toEqual([
      { row: 3, cells: [{ column: 6, value: '缺席' }] },
      { row: 2, cells: [{ column: 6, value: '请假（代理人已出席）' }] },
    ]);
  });

  it('skips a computed column the header does not have', () => {
    const rows = planResultWrites(
      'Attendance',
      ['ID', 'Status', 'Meeting', 'Person'],
      [{ ...ok(2), computed: { result: 'on time' } }],
    );
    expect(rows).toEqual([
      {
        row: 2,
        cells: [
          { column: 1, value: 'MTG-2' },
          { column: 2, value: 'OK' },
        ],
      },
    ]);
  });
});
