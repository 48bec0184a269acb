import { describe, expect, it } from 'vitest';
import type { EditResponse, RowResult } from '../../functions/src/contract/edit-request.ts';
import { type BlockWrite, findSystemColumns, planWriteBack, toLiteralText } from '../../functions/src/contract/write-back-plan.ts';

function ok(row: number, id: string | null = `MTG-${row}`): RowResult {
  return { row, id, status: 'OK', messages: [] };
}

function failed(row: number, status: string): RowResult {
  return { row, id: null, status, messages: [{ code: 'VALUE_REQUIRED', column: 'title', en: status, zh: status }] };
}

describe('findSystemColumns', () => {
  it.each([
    { header: ['ID', 'Status', 'Title'], expected: { id: 1, status: 2 } },
    { header: ['会议主题', '编号', '状态'], expected: { id: 2, status: 3 } },
    { header: ['Title', 'id ', 'Type', '校验状态'], expected: { id: 2, status: 4 } },
    { header: ['Title', 'Type'], expected: { id: undefined, status: undefined } },
  ])('$header', ({ header, expected }) => {
    expect(findSystemColumns('Meetings', header)).toEqual(expected);
  });
});

describe('planWriteBack', () => {
  const cases: ReadonlyArray<{ name: string; header: string[]; response: EditResponse; writes: BlockWrite[] }> = [
    {
      name: 'contiguous rows with adjacent ID and Status become one 2-column block',
      header: ['ID', 'Status', 'Title'],
      response: { results: [ok(2), ok(3), failed(4, 'Title is required')] },
      writes: [{ row: 2, column: 1, values: [["'MTG-2", "'OK"], ["'MTG-3", "'OK"], ['', "'Title is required"]] }],
    },
    {
      name: 'a gap in the rows starts a new block; results arrive out of order',
      header: ['ID', 'Status', 'Title'],
      response: { results: [ok(9), ok(2), ok(3), ok(10)] },
      writes: [
        { row: 2, column: 1, values: [["'MTG-2", "'OK"], ["'MTG-3", "'OK"]] },
        { row: 9, column: 1, values: [["'MTG-9", "'OK"], ["'MTG-10", "'OK"]] },
      ],
    },
    {
      name: 'Status left of ID is written in sheet order',
      header: ['Title', '状态', '编号'],
      response: { results: [ok(5)] },
      writes: [{ row: 5, column: 2, values: [["'OK", "'MTG-5"]] }],
    },
    {
      name: 'non-adjacent ID and Status: two 1-column writes per block',
      header: ['ID', 'Title', 'Status'],
      response: { results: [ok(2), ok(3), ok(7)] },
      writes: [
        { row: 2, column: 1, values: [["'MTG-2"], ["'MTG-3"]] },
        { row: 2, column: 3, values: [["'OK"], ["'OK"]] },
        { row: 7, column: 1, values: [["'MTG-7"]] },
        { row: 7, column: 3, values: [["'OK"]] },
      ],
    },
    {
      name: 'columns named by the server win over the local header match',
      header: ['ID', 'Status', 'Title', 'Extra'],
      response: { results: [ok(2)], idColumn: 3, statusColumn: 4 },
      writes: [{ row: 2, column: 3, values: [["'MTG-2", "'OK"]] }],
    },
    {
      name: 'a server column outside the header falls back to the local match',
      header: ['ID', 'Status'],
      response: { results: [ok(2)], idColumn: 40 },
      writes: [{ row: 2, column: 1, values: [["'MTG-2", "'OK"]] }],
    },
    {
      name: 'a duplicate answer for a row: the last one wins; the header row is never written',
      header: ['ID', 'Status'],
      response: { results: [failed(2, 'bad'), ok(2), { ...ok(1), row: 1 }] },
      writes: [{ row: 2, column: 1, values: [["'MTG-2", "'OK"]] }],
    },
    {
      name: 'only a Status column: Status alone is written',
      header: ['Status', 'Title'],
      response: { results: [ok(2), ok(3)] },
      writes: [{ row: 2, column: 1, values: [["'OK"], ["'OK"]] }],
    },
  ];

  it.each(cases)('$name', ({ header, response, writes }) => {
    expect(planWriteBack({ response, sheetName: 'Meetings', headerRow: header }).writes).toEqual(writes);
  });

  it('reports system columns the header lacks', () => {
    const plan = planWriteBack({ response: { results: [ok(2)] }, sheetName: 'Meetings', headerRow: ['Title'] });
    expect(plan.writes).toEqual([]);
    expect(plan.missingColumns).toEqual(['id', 'status']);
  });

  it.each([
    ['=HYPERLINK("http://evil")', `'=HYPERLINK("http://evil")`],
    ['+86 138 0000 0000 is not valid', "'+86 138 0000 0000 is not valid"],
    ['-1 is too small', "'-1 is too small"],
    ['@admin', "'@admin"],
    ["'quoted", "''quoted"],
    ['2026-11-28', "'2026-11-28"],
    ['OK', "'OK"],
    ['', ''],
  ])('status %j is written as literal text %j', (status, written) => {
    expect(toLiteralText(status)).toBe(written);
    const plan = planWriteBack({ response: { results: [{ row: 2, id: 'A1', status, messages: [] }] }, sheetName: 'Meetings', headerRow: ['ID', 'Status'] });
    expect(plan.writes[0]?.values[0]?.[1]).toBe(written);
  });
});

describe('planWriteBack: computed system columns', () => {
  it('writes a computed Attendance result where the header has it, one block per contiguous run', () => {
    const header = ['编号', '状态', '会议', '参会人', '签到时间', '出勤结果'];
    const computed = (row: number, result: string): RowResult => ({ ...ok(row, `AT-${row}`), computed: { result } });
    const plan = planWriteBack({
      sheetName: '签到',
      headerRow: header,
      response: { results: [computed(2, '准时 on time'), computed(3, '迟到 late'), ok(4, 'AT-4'), computed(5, '缺席 absent')] },
    });
    const resultWrites = plan.writes.filter((w) => w.column === 6);
    expect(resultWrites).toEqual([
      { row: 2, column: 6, values: [["'准时 on time"], ["'迟到 late"]] },
      { row: 5, column: 6, values: [["'缺席 absent"]] },
    ]);
  });

  it('writes only the computed columns when asked, leaving ID and Status as they are', () => {
    const header = ['编号', '状态', '会议', '参会人', '签到时间', '出勤结果'];
    const computed = (row: number, result: string): RowResult => ({ ...ok(row, `AT-${row}`), computed: { result } });
    const results = [computed(3, '缺席'), computed(2, '请假（代理人已出席）'), computed(7, '缺席')];
    const plan = planWriteBack({ sheetName: '签到', headerRow: header, response: { results }, columns: 'computed' });
    expect(plan.writes).toEqual([
      { row: 2, column: 6, values: [["'请假（代理人已出席）"], ["'缺席"]] },
      { row: 7, column: 6, values: [["'缺席"]] },
    ]);
    expect(plan).toMatchObject({ idColumn: 1, statusColumn: 2, missingColumns: [] });
    // The default, as the edit trigger uses it, still writes ID and Status first.
    const all = planWriteBack({ sheetName: '签到', headerRow: header, response: { results } });
    expect(all.writes).toEqual([
      { row: 2, column: 1, values: [["'AT-2", "'OK"], ["'AT-3", "'OK"]] },
      { row: 7, column: 1, values: [["'AT-7", "'OK"]] },
      ...plan.writes,
    ]);
  });

  it('skips a computed column the header does not have', () => {
    const plan = planWriteBack({ sheetName: 'Attendance', headerRow: ['ID', 'Status', 'Meeting', 'Person'], response: { results: [{ ...ok(2), computed: { result: 'on time' } }] } });
    expect(plan.writes).toEqual([{ row: 2, column: 1, values: [["'MTG-2", "'OK"]] }]);
  });
});
