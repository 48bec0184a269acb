import { describe, expect, it } from 'vitest';
import {
  FIRST_DATA_ROW_NUMBER,
  HEADER_ROW_NUMBER,
  MAX_ROWS_PER_REQUEST,
  editRequestSchema,
} from '../../functions/src/contract/edit-request.ts';
import type { EditRequest } from '../../functions/src/contract/edit-request.ts';
import { shortenWallClock, toRequestCell } from '../../apps-script/src/cell-values.ts';
import {
  FIRST_DATA_ROW,
  HEADER_ROW,
  ROWS_PER_REQUEST,
  buildEditRequests,
  planChange,
  planEdit,
} from '../../apps-script/src/edit-mapping.ts';
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

describe('planEdit: which rows an edit event needs read', () => {
  const cases: ReadonlyArray<{ name: string; sheetName: string; header?: unknown[]; range: SheetRange; oldValue?: string; expected: ReadPlan }> = [
    { name: 'single cell in an input column', sheetName: 'Meetings', range: range(5, 5, 4, 4), expected: { action: 'readRows', kind: 'edit', firstRow: 5, lastRow: 5 } },
    { name: 'multi-row range', sheetName: 'Meetings', range: range(3, 6, 3, 4), expected: { action: 'readRows', kind: 'edit', firstRow: 3, lastRow: 6 } },
    { name: 'tab named in Chinese', sheetName: '会议', header: MEETINGS_HEADER_ZH, range: range(2, 2, 3, 3), expected: { action: 'readRows', kind: 'edit', firstRow: 2, lastRow: 2 } },
    { name: 'paste spanning system and input columns is an edit', sheetName: 'Meetings', range: range(2, 9, 1, 6), expected: { action: 'readRows', kind: 'edit', firstRow: 2, lastRow: 9 } },
    { name: 'typing in the Status column only re-sends the row as a change', sheetName: 'Meetings', range: range(4, 4, 2, 2), expected: { action: 'readRows', kind: 'change', firstRow: 4, lastRow: 4 } },
    {
      name: 'overwriting one ID cell keeps the old ID as the row identity',
      sheetName: 'Meetings',
      range: range(4, 4, 1, 1),
      oldValue: 'MTG-7',
      expected: { action: 'readRows', kind: 'change', firstRow: 4, lastRow: 4, overwrittenId: { row: 4, id: 'MTG-7' } },
    },
    {
      name: 'typing into an empty ID cell does not invent an identity',
      sheetName: 'Meetings',
      range: range(4, 4, 1, 1),
      expected: { action: 'readRows', kind: 'change', firstRow: 4, lastRow: 4, overwrittenId: { row: 4, id: '' } },
    },
    { name: 'header cell edit resyncs the whole tab', sheetName: 'Meetings', range: range(1, 1, 4, 4), expected: { action: 'readAll', kind: 'resync' } },
    { name: 'paste that includes the header row resyncs', sheetName: 'Meetings', range: range(1, 40, 1, 6), expected: { action: 'readAll', kind: 'resync' } },
    { name: 'typing under an empty header is ignored', sheetName: 'Meetings', range: range(3, 3, 7, 8), expected: { action: 'ignore', reason: 'NO_KNOWN_COLUMNS' } },
    { name: 'a tab the system does not know is ignored', sheetName: 'Scratch 草稿', range: range(3, 3, 1, 1), expected: { action: 'ignore', reason: 'NOT_A_DATA_TAB' } },
    { name: 'the system-written Summary tab is ignored', sheetName: 'Summary', range: range(3, 3, 3, 3), expected: { action: 'ignore', reason: 'SYSTEM_TAB' } },
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
    { changeType: 'OTHER', expected: { action: 'ignore', reason: 'CHANGE_NOT_STRUCTURAL' } },
    { changeType: 'REMOVE_ROW', sheetName: 'Notes', expected: { action: 'ignore', reason: 'NOT_A_DATA_TAB' } },
  ];

  it.each(cases)('$changeType on $sheetName', ({ changeType, sheetName, expected }) => {
    expect(planChange({ sheetName: sheetName ?? 'Meetings', changeType })).toEqual(expected);
  });
});

describe('buildEditRequests', () => {
  it('single cell: one request with the whole row aligned to the trimmed header, system cells except ID nulled', () => {
    const [request, ...rest] = build({ firstRow: 5, rows: [meetingRow(5, 'MTG-5')] });
    expect(rest).toEqual([]);
    expect(request).toEqual({
      version: 1,
      eventId: '00000000-0000-4000-8000-000000000001',
      spreadsheetId: 'sheet_ABC-123',
      sheetName: 'Meetings',
      editor: 'rep@example.com',
      kind: 'edit',
      headerRow: ['ID', 'Status', 'Type', 'Title', 'Start', 'End'],
      rows: [{ row: 5, values: ['MTG-5', null, 'weekly', 'Week 5', '2026-11-28 14:00', '2026-11-28 15:00'] }],
      timeZone: 'Asia/Shanghai',
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

  it('skips blank rows (an unticked checkbox and spaces count as blank) but keeps a cleared row that still has an ID', () => {
    const rows = [
      meetingRow(2),
      ['', 'stale status', '', '', '', '', '', ''],
      ['', '', false, '   ', null, '', 'only under an empty header', ''],
      ['MTG-9', 'OK', '', '', '', '', '', ''],
      meetingRow(6),
    ];
    const [request] = build({ firstRow: 2, rows });
    expect(request?.rows.map((row) => row.row)).toEqual([2, 5, 6]);
    expect(request?.rows[1]?.values).toEqual(['MTG-9', null, null, null, null, null]);
  });

  it('an edit that leaves only blank rows sends nothing', () => {
    expect(build({ firstRow: 10, rows: [['', '', '', '', '', '', '', '']] })).toEqual([]);
  });

  it('resync of a sheet without data rows still sends one (empty) request, because that means every row was deleted', () => {
    const requests = build({ kind: 'resync', firstRow: 2, rows: [] });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.rows).toEqual([]);
    expect(requests[0]?.kind).toBe('resync');
  });

  it('an overwritten ID cell is sent with the ID it had before', () => {
    const [request] = build({ kind: 'change', firstRow: 4, rows: [meetingRow(4, 'typed over')], overwrittenId: { row: 4, id: 'MTG-4' } });
    expect(request?.rows[0]?.values[0]).toBe('MTG-4');
  });

  it('works with Chinese headers in another column order', () => {
    const header = ['会议主题', '状态', '会议类型', '编号'];
    const [request] = build({ sheetName: '会议', headerRow: header, firstRow: 2, rows: [['周会', '错误', '周例会', 'MTG-1']] });
    expect(request?.rows[0]?.values).toEqual(['周会', null, '周例会', 'MTG-1']);
  });

  it('formats Date cells with the formatter it is given', () => {
    const date = new Date('2026-11-28T06:00:00Z');
    const [request] = build({ firstRow: 2, rows: [['', '', 'weekly', 'T', date, '', '', '']], formatDate: () => '2026-11-28 14:00' });
    expect(request?.rows[0]?.values[4]).toBe('2026-11-28 14:00');
  });

  it('every request it builds satisfies the server schema', () => {
    const rows = Array.from({ length: 1200 }, (_, i) => meetingRow(i + 2, i % 2 === 0 ? `MTG-${i}` : ''));
    for (const request of [...build({ firstRow: 2, rows }), ...build({ kind: 'resync', rows: [] })]) {
      expect(editRequestSchema.safeParse(request).success).toBe(true);
    }
  });
});

describe('request limits agree with the server contract', () => {
  it('client constants mirror the contract and stay under its row limit', () => {
    expect([HEADER_ROW, FIRST_DATA_ROW]).toEqual([HEADER_ROW_NUMBER, FIRST_DATA_ROW_NUMBER]);
    expect(ROWS_PER_REQUEST).toBeLessThanOrEqual(MAX_ROWS_PER_REQUEST);
  });

  it('the server schema refuses a paste of more than 5,000 rows and over-long cells', () => {
    const base = build({ firstRow: 2, rows: [meetingRow(2)] })[0] as EditRequest;
    const tooMany = { ...base, rows: Array.from({ length: 5001 }, (_, i) => ({ row: i + 2, values: ['', null, 'weekly', 'x', '', ''] })) };
    const tooLong = { ...base, rows: [{ row: 2, values: ['', null, 'weekly', 'x'.repeat(50_001), '', ''] }] };
    expect(editRequestSchema.safeParse(tooMany).success).toBe(false);
    expect(editRequestSchema.safeParse(tooLong).success).toBe(false);
  });

  it('the server schema refuses an empty edit, a duplicated row and the header row', () => {
    const base = build({ firstRow: 2, rows: [meetingRow(2)] })[0] as EditRequest;
    const row = base.rows[0]!;
    expect(editRequestSchema.safeParse({ ...base, rows: [] }).success).toBe(false);
    expect(editRequestSchema.safeParse({ ...base, rows: [row, row] }).success).toBe(false);
    expect(editRequestSchema.safeParse({ ...base, rows: [{ ...row, row: 1 }] }).success).toBe(false);
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
});
