import { describe, expect, it } from 'vitest';
import {
  EDIT_REQUEST_VERSION,
  MAX_COLUMNS,
  MAX_REQUEST_BODY_BYTES,
  MAX_ROWS_PER_REQUEST,
  MAX_ROW_NUMBER,
  ROWS_PER_REQUEST,
  TEXT_PER_REQUEST,
} from '../../functions/src/contract/edit-request.ts';
import type { EditRequest, EditRow, TabIds } from '../../functions/src/contract/edit-request.ts';
import { MAX_TAB_IDS, readTabIds } from '../../functions/src/contract/tab-ids.ts';
import { editRequestSchema } from '../../functions/src/domain/workbook/edit-request-schema.ts';
import { shortenWallClock, toLiteralText, toRequestCell } from '../../apps-script/src/cell-values.ts';
import { buildEditRequests, planChange, planEdit } from '../../apps-script/src/edit-mapping.ts';
import type { BuildEditRequestsInput, ReadPlan, SheetRange } from '../../apps-script/src/edit-mapping.ts';

const MEETINGS_HEADER = ['ID', 'Status', 'Type', 'Title', 'Start', 'End', '', ''];
const MEETINGS_HEADER_ZH = ['编号', '状态', '会议类型', '会议主题', '开始时间', '结束时间'];
const NOW = new Date('2026-11-28T06:00:00.000Z');

function uuidSequence(): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  };
}

function meetingRow(n: number, id = ''): unknown[] {
  return [id, 'old status', 'weekly', `Week ${n}`, '2026-11-28 14:00', '2026-11-28 15:00', 'stray', ''];
}

function build(overrides: Partial<BuildEditRequestsInput>): EditRequest[] {
  return buildEditRequests({
    kind: 'edit',
    spreadsheetId: 'sheet_ABC-123',
    sheetName: 'Meetings',
    editor: 'rep@example.com',
    timeZone: 'Asia/Shanghai',
    headerRow: MEETINGS_HEADER,
    firstRow: 2,
    rows: [],
    newEventId: uuidSequence(),
    now: NOW,
    ...overrides,
  });
}

function range(firstRow: number, lastRow: number, firstColumn: number, lastColumn: number): SheetRange {
  return { firstRow, lastRow, firstColumn, lastColumn };
}

describe('planEdit: which rows an edit event needs read (no column of the tab is known here)', () => {
  const edit = (firstRow: number, lastRow: number, first: number, last: number) =>
    ({ action: 'readRows', kind: 'edit', firstRow, lastRow, edited: { first, last } }) as const;
  const cases: ReadonlyArray<{
    name: string;
    sheetName: string;
    header?: unknown[];
    range: SheetRange;
    oldValue?: string;
    expected: ReadPlan;
  }> = [
    {
      name: 'single cell in an input column, with what it held before',
      sheetName: 'Meetings',
      range: range(5, 5, 4, 4),
      expected: { ...edit(5, 5, 4, 4), overwritten: { row: 5, column: 4, value: '' } },
    },
    { name: 'multi-row range', sheetName: 'Meetings', range: range(3, 6, 3, 4), expected: edit(3, 6, 3, 4) },
    {
      name: 'tab named in Chinese',
      sheetName: '会议',
      header: MEETINGS_HEADER_ZH,
      range: range(2, 2, 3, 3),
      expected: { ...edit(2, 2, 3, 3), overwritten: { row: 2, column: 3, value: '' } },
    },
    {
      name: 'tab title typed full-width and in other case',
      sheetName: 'ＭＥＥＴＩＮＧＳ ',
      range: range(3, 4, 3, 3),
      expected: edit(3, 4, 3, 3),
    },
    {
      name: 'paste spanning system and input columns',
      sheetName: 'Meetings',
      range: range(2, 9, 1, 6),
      expected: edit(2, 9, 1, 6),
    },
    {
      name: 'typing in the Status column is sent with its columns (the server restores the cell)',
      sheetName: 'Meetings',
      range: range(4, 4, 2, 2),
      expected: { ...edit(4, 4, 2, 2), overwritten: { row: 4, column: 2, value: '' } },
    },
    {
      name: 'overwriting one ID cell sends the old ID along (the server keeps it as the row identity)',
      sheetName: 'Meetings',
      range: range(4, 4, 1, 1),
      oldValue: 'MTG-7',
      expected: { ...edit(4, 4, 1, 1), overwritten: { row: 4, column: 1, value: 'MTG-7' } },
    },
    {
      name: 'header cell edit resyncs the whole tab',
      sheetName: 'Meetings',
      range: range(1, 1, 4, 4),
      expected: { action: 'readAll', kind: 'resync' },
    },
    {
      name: 'paste that includes the header row resyncs',
      sheetName: 'Meetings',
      range: range(1, 40, 1, 6),
      expected: { action: 'readAll', kind: 'resync' },
    },
    {
      name: 'typing under an empty header is ignored',
      sheetName: 'Meetings',
      range: range(3, 3, 7, 8),
      expected: { action: 'ignore', reason: 'NO_KNOWN_COLUMNS' },
    },
    {
      name: 'a tab the system does not know is ignored',
      sheetName: 'Scratch 草稿',
      range: range(3, 3, 1, 1),
      expected: { action: 'ignore', reason: 'NOT_A_DATA_TAB' },
    },
    {
      name: 'the system-written Summary tab is ignored',
      sheetName: 'Summary',
      range: range(3, 3, 3, 3),
      expected: { action: 'ignore', reason: 'NOT_A_DATA_TAB' },
    },
    {
      name: 'the system-written Outbox tab is ignored',
      sheetName: '发送记录',
      range: range(3, 3, 3, 3),
      expected: { action: 'ignore', reason: 'NOT_A_DATA_TAB' },
    },
  ];

  it.each(cases)('$name', ({ sheetName, header, range: edited, oldValue, expected }) => {
    expect(planEdit({ sheetName, headerRow: header ?? MEETINGS_HEADER, range: edited, oldValue })).toEqual(expected);
  });
});

describe('planChange: onChange events', () => {
  const cases: ReadonlyArray<{ changeType: string; sheetName?: string; expected: ReadPlan }> = [
    { changeType: 'REMOVE_ROW', expected: { action: 'readAll', kind: 'resync' } },
    { changeType: 'INSERT_ROW', expected: { action: 'readAll', kind: 'resync' } },
    { changeType: 'REMOVE_COLUMN', expected: { action: 'readAll', kind: 'resync' } },
    { changeType: 'INSERT_COLUMN', expected: { action: 'readAll', kind: 'resync' } },
    { changeType: 'EDIT', expected: { action: 'ignore', reason: 'CHANGE_NOT_STRUCTURAL' } },
    { changeType: 'FORMAT', expected: { action: 'ignore', reason: 'CHANGE_NOT_STRUCTURAL' } },
    // A sort fires OTHER (and no onEdit) and moves rows: the stored positions must follow.
    { changeType: 'OTHER', expected: { action: 'readAll', kind: 'resync' } },
    { changeType: 'REMOVE_ROW', sheetName: 'Notes', expected: { action: 'ignore', reason: 'NOT_A_DATA_TAB' } },
  ];

  it.each(cases)('$changeType on $sheetName', ({ changeType, sheetName, expected }) => {
    expect(planChange({ sheetName: sheetName ?? 'Meetings', changeType })).toEqual(expected);
  });
});

describe('buildEditRequests', () => {
  it('single cell: one request with the whole row as read, aligned to the trimmed header', () => {
    const edited = { first: 4, last: 4 };
    const overwritten = { row: 5, column: 4, value: 'Week 4' };
    const [request, ...rest] = build({ firstRow: 5, rows: [meetingRow(5, 'MTG-5')], edited, overwritten });
    expect(rest).toEqual([]);
    expect(request).toEqual({
      version: EDIT_REQUEST_VERSION,
      eventId: '00000000-0000-4000-8000-000000000001',
      spreadsheetId: 'sheet_ABC-123',
      sheetName: 'Meetings',
      editor: 'rep@example.com',
      kind: 'edit',
      headerRow: ['ID', 'Status', 'Type', 'Title', 'Start', 'End'],
      rows: [{ row: 5, values: ['MTG-5', 'old status', 'weekly', 'Week 5', '2026-11-28 14:00', '2026-11-28 15:00'] }],
      timeZone: 'Asia/Shanghai',
      edited,
      overwritten,
      sentAt: '2026-11-28T06:00:00.000Z',
    });
  });

  it('multi-row: rows keep their sheet row numbers', () => {
    const requests = build({ firstRow: 3, rows: [meetingRow(3), meetingRow(4), meetingRow(5), meetingRow(6)] });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.rows.map((row) => row.row)).toEqual([3, 4, 5, 6]);
  });

  it('a pasted block of 1,200 rows goes out as 3 requests of 500, 500 and 200 rows sharing one batch id', () => {
    const rows = Array.from({ length: 1200 }, (_, i) => meetingRow(i + 2));
    const requests = build({ firstRow: 2, rows });
    expect(requests.map((request) => request.rows.length)).toEqual([500, 500, 200]);
    expect(requests.map((request) => request.batch)).toEqual([
      { id: '00000000-0000-4000-8000-000000000001', index: 0, count: 3 },
      { id: '00000000-0000-4000-8000-000000000001', index: 1, count: 3 },
      { id: '00000000-0000-4000-8000-000000000001', index: 2, count: 3 },
    ]);
    expect(new Set(requests.map((request) => request.eventId)).size).toBe(3);
    expect(requests[2]?.rows.at(-1)?.row).toBe(1201);
  });

  it('splits earlier when the text of the rows would make a request too large', () => {
    const longText = 'x'.repeat(400_000);
    const rows = [1, 2, 3].map((n) => ['', '', 'weekly', longText, `2026-11-2${n}`, '', '', '']);
    expect(build({ firstRow: 2, rows }).map((request) => request.rows.length)).toEqual([2, 1]);
  });

  it('skips rows with nothing under a named header (an unticked checkbox and spaces count as blank)', () => {
    const rows = [
      meetingRow(2),
      ['', '', false, '   ', null, '', 'only under an empty header', ''],
      ['MTG-9', 'OK', '', '', '', '', '', ''],
      meetingRow(5),
    ];
    const [request] = build({ firstRow: 2, rows });
    expect(request?.rows.map((row) => row.row)).toEqual([2, 4, 5]);
    expect(request?.rows[1]?.values).toEqual(['MTG-9', 'OK', null, null, null, null]);
  });

  it('a row holding only a stale Status is sent: only the server knows Status is output (it drops the row)', () => {
    const [request] = build({ firstRow: 3, rows: [['', 'stale status', '', '', '', '', '', '']] });
    expect(request?.rows.map((row) => row.row)).toEqual([3]);
  });

  it('only an edit carries the edited columns; a resync does not', () => {
    const [resync] = build({ kind: 'resync', rows: [meetingRow(2)], edited: { first: 1, last: 1 } });
    expect(resync).not.toHaveProperty('edited');
    expect(resync).not.toHaveProperty('overwritten');
  });

  it('a tab that does not sync yields no request', () => {
    expect(build({ sheetName: 'Notes', rows: [meetingRow(2)] })).toEqual([]);
  });

  it('an edit that leaves only blank rows sends nothing', () => {
    expect(build({ firstRow: 10, rows: [['', '', '', '', '', '', '', '']] })).toEqual([]);
  });

  it(
    'resync of a sheet without data rows still sends one ' +
      '(empty) request, because that means every row was deleted',
    () => {
      const requests = build({ kind: 'resync', firstRow: 2, rows: [] });
      expect(requests).toHaveLength(1);
      expect(requests[0]?.rows).toEqual([]);
      expect(requests[0]?.kind).toBe('resync');
    },
  );

  it('works with Chinese headers in another column order, sending the cells as they are', () => {
    const header = ['会议主题', '状态', '会议类型', '编号'];
    const [request] = build({
      sheetName: '会议',
      headerRow: header,
      firstRow: 2,
      rows: [['周会', '错误', '周例会', 'MTG-1']],
    });
    expect(request?.rows[0]?.values).toEqual(['周会', '错误', '周例会', 'MTG-1']);
  });

  it('formats Date cells with the formatter it is given', () => {
    const date = new Date('2026-11-28T06:00:00Z');
    const [request] = build({
      firstRow: 2,
      rows: [['', '', 'weekly', 'T', date, '', '', '']],
      formatDate: () => '2026-11-28 14:00',
    });
    expect(request?.rows[0]?.values[4]).toBe('2026-11-28 14:00');
  });

  it('every request it builds satisfies the server schema', () => {
    const rows = Array.from({ length: 1200 }, (_, i) => meetingRow(i + 2, i % 2 === 0 ? `MTG-${i}` : ''));
    for (const request of [...build({ firstRow: 2, rows }), ...build({ kind: 'resync', rows: [] })]) {
      expect(editRequestSchema.safeParse(request).success).toBe(true);
    }
  });
});

describe('a resync sent in parts carries the whole tab’s ID column in every part', () => {
  const id = (n: number) => `M-${String(n).padStart(8, '0')}`;

  it('the same list in each part: [row, ID] of every row whose ID cell shows an ID, trimmed, in row order', () => {
    const rows = Array.from({ length: 1200 }, (_, i) => meetingRow(i + 2, i % 3 === 0 ? id(i) : ''));
    rows[1]![0] = ` ${id(1)} `;
    rows[2]![0] = 'MTG-9';
    rows[4]![0] = 12345;
    const requests = build({ kind: 'resync', firstRow: 2, rows });
    expect(requests).toHaveLength(3);
    const expected: Array<[number, string]> = [[3, id(1)]];
    for (let i = 0; i < 1200; i += 3) expected.push([i + 2, id(i)]);
    expected.sort((a, b) => a[0] - b[0]);
    for (const request of requests) {
      expect(request.tabIds).toEqual({ column: 1, rows: expected });
      expect(editRequestSchema.safeParse(request).success).toBe(true);
    }
  });

  it('finds the ID column by its header in either language, wherever it is', () => {
    const header = ['会议主题', '状态', '会议类型', ' 编号 '];
    const rows = Array.from({ length: 600 }, (_, i) => ['周会', '', '周例会', i === 599 ? id(7) : '']);
    const requests = build({ kind: 'resync', sheetName: '会议', headerRow: header, firstRow: 2, rows });
    expect(requests.map((request) => request.tabIds)).toEqual([
      { column: 4, rows: [[601, id(7)]] },
      { column: 4, rows: [[601, id(7)]] },
    ]);
  });

  it.each([
    ['a resync of one part (it carries every row itself)', 'resync', MEETINGS_HEADER, 400],
    ['an edit sent in parts (it decides nothing about the rows it does not carry)', 'edit', MEETINGS_HEADER, 1200],
    ['a header without an ID column', 'resync', ['Status', 'Type', 'Title', 'Start', 'End', '', '', ''], 1200],
    ['a header naming the ID column twice', 'resync', ['ID', 'Status', 'Type', 'Title', 'Start', 'id', '', ''], 1200],
  ] as const)('none on %s', (_name, kind, headerRow, count) => {
    const rows = Array.from({ length: count }, (_, i) => meetingRow(i + 2, id(i)));
    for (const request of build({ kind, headerRow: [...headerRow], firstRow: 2, rows }))
      expect(request).not.toHaveProperty('tabIds');
  });

  it('none when the tab shows more than MAX_TAB_IDS IDs: its parts then count those of the parts before them', () => {
    const rows = (count: number): EditRow[] =>
      Array.from({ length: count }, (_, i) => ({ row: i + 2, values: [id(i), 'OK'] }));
    expect(readTabIds(['ID', 'Status'], rows(MAX_TAB_IDS))?.rows).toHaveLength(MAX_TAB_IDS);
    expect(readTabIds(['ID', 'Status'], rows(MAX_TAB_IDS + 1))).toBeUndefined();
  });
});

describe('request limits agree with the server contract', () => {
  it("the client splits far below the server's row limit", () => {
    expect(ROWS_PER_REQUEST).toBeLessThanOrEqual(MAX_ROWS_PER_REQUEST);
  });

  it('a part with its rows at the text limit and the longest list of IDs stays below the body limit', () => {
    const longest: TabIds = {
      column: MAX_COLUMNS,
      rows: Array.from({ length: MAX_TAB_IDS }, () => [MAX_ROW_NUMBER, 'AC-ZZZZZZZZ']),
    };
    // Cell text counts up to 3 bytes a character in UTF-8.
    const bytes = 3 * TEXT_PER_REQUEST + Buffer.byteLength(JSON.stringify({ tabIds: longest }));
    expect(bytes).toBeLessThan(MAX_REQUEST_BODY_BYTES / 2);
  });
});

describe('cell values', () => {
  it.each([
    ['2026-11-28 00:00:00', '2026-11-28'],
    ['2026-11-28 14:05:00', '2026-11-28 14:05'],
    ['2026-11-28 14:05:30', '2026-11-28 14:05:30'],
    ['1899-12-30 09:05:00', '09:05'],
    ['not a date', 'not a date'],
  ])('wall clock %s is sent as %s', (formatted, expected) => {
    expect(shortenWallClock(formatted)).toBe(expected);
  });

  it.each([
    ['', null],
    [undefined, null],
    ['text', 'text'],
    [0, 0],
    [Number.NaN, null],
    [true, true],
    [new Date(Number.NaN), null],
  ] as const)('cell %s becomes %s', (value, expected) => {
    expect(toRequestCell(value, () => 'unused')).toBe(expected);
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
  ])('text %j is given to setValues as literal text %j', (text, written) => {
    expect(toLiteralText(text)).toBe(written);
  });
});
