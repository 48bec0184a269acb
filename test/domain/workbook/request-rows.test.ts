import { describe, expect, it } from 'vitest';
import { EDIT_REQUEST_VERSION } from '../../../functions/src/contract/edit-request.ts';
import type { EditRequest, SendNoticeRowRequest } from '../../../functions/src/contract/edit-request.ts';
import {
  idTypedAlone,
  nameSelectedMeeting,
  readEditRequest,
  readTabIdClaims,
} from '../../../functions/src/domain/workbook/request-rows.ts';

const MEETINGS_HEADER = ['ID', 'Status', 'Type', 'Title', 'Start', 'End', ''];

function request(overrides: Partial<EditRequest>): EditRequest {
  return {
    version: EDIT_REQUEST_VERSION,
    eventId: '00000000-0000-4000-8000-000000000001',
    spreadsheetId: 'sheet_ABC-123',
    sheetName: 'Meetings',
    editor: 'rep@example.com',
    kind: 'edit',
    headerRow: MEETINGS_HEADER,
    rows: [],
    sentAt: '2026-11-28T06:00:00.000Z',
    ...overrides,
  };
}

const meetingRow = (row: number, id = ''): EditRequest['rows'][number] => ({
  row,
  values: [id, 'old status', 'weekly', `Week ${row}`, '2026-11-28 14:00', '2026-11-28 15:00', 'stray'],
});

describe('readEditRequest: what the rows the script sent as read mean', () => {
  it('system cells other than the ID are output: they are read as empty', () => {
    const read = readEditRequest(request({ rows: [meetingRow(5, 'MTG-5')] }));
    expect(read.rows).toEqual([
      { row: 5, values: ['MTG-5', null, 'weekly', 'Week 5', '2026-11-28 14:00', '2026-11-28 15:00', 'stray'] },
    ]);
  });

  it('drops rows with no input and no ID (a stale Status alone, blanks), keeps a cleared row with an ID', () => {
    const rows = [
      meetingRow(2),
      { row: 3, values: ['', 'stale status', '', '', '', '', ''] },
      { row: 4, values: ['', null, false, '   ', null, '', 'only under an empty header'] },
      { row: 5, values: ['MTG-9', 'OK', '', '', '', '', ''] },
      meetingRow(6),
    ];
    const read = readEditRequest(request({ rows }));
    expect(read.rows.map((row) => row.row)).toEqual([2, 5, 6]);
    expect(read.rows[1]?.values).toEqual(['MTG-9', null, '', '', '', '', '']);
  });

  it.each([
    {
      case: 'an ID typed into an empty row (old value empty) is kept, so the row is answered',
      row: { row: 7, values: ['M-00000000', '', '', '', '', '', ''] },
      old: '',
      kept: ['M-00000000', null, '', '', '', '', ''],
      alone: true,
    },
    {
      case: "an ID typed over a row's own ID counts with the old ID (not alone: the row has data)",
      row: meetingRow(7, 'M-TYPED000'),
      old: 'M-OWN00000',
      kept: ['M-OWN00000', null, 'weekly', 'Week 7', '2026-11-28 14:00', '2026-11-28 15:00', 'stray'],
      alone: false,
    },
    {
      case: 'an ID typed into an empty ID cell of a row with data is read as no ID',
      row: meetingRow(7, 'M-TYPED000'),
      old: '',
      kept: [null, null, 'weekly', 'Week 7', '2026-11-28 14:00', '2026-11-28 15:00', 'stray'],
      alone: false,
    },
  ])('$case', ({ row, old, kept, alone }) => {
    const typed = request({
      rows: [row],
      edited: { first: 1, last: 1 },
      overwritten: { row: 7, column: 1, value: old },
    });
    expect(readEditRequest(typed).rows).toEqual([{ row: 7, values: kept }]);
    expect(idTypedAlone(typed, row, 0)).toBe(alone);
  });

  it('works with Chinese headers in another column order', () => {
    const header = ['会议主题', '状态', '会议类型', '编号'];
    const read = readEditRequest(
      request({
        sheetName: '会议',
        headerRow: header,
        rows: [{ row: 2, values: ['周会', '错误', '周例会', 'MTG-1'] }],
      }),
    );
    expect(read.rows[0]?.values).toEqual(['周会', null, '周例会', 'MTG-1']);
  });

  it('an overwritten ID cell counts with the ID it had before', () => {
    const overwritten = { row: 4, column: 1, value: 'MTG-4' };
    const read = readEditRequest(
      request({ rows: [meetingRow(4, 'typed over')], edited: { first: 1, last: 1 }, overwritten }),
    );
    expect(read.rows[0]?.values[0]).toBe('MTG-4');
  });

  it('typing into an empty ID cell does not invent an identity', () => {
    const overwritten = { row: 4, column: 1, value: '' };
    const read = readEditRequest(
      request({ rows: [meetingRow(4, 'invented')], edited: { first: 1, last: 1 }, overwritten }),
    );
    expect(read.rows[0]?.values[0]).toBeNull();
  });

  it('a single overwritten input cell changes nothing (the row is read as it is now)', () => {
    const overwritten = { row: 4, column: 4, value: 'Week 3' };
    const read = readEditRequest(
      request({ rows: [meetingRow(4, 'MTG-4')], edited: { first: 4, last: 4 }, overwritten }),
    );
    expect(read.rows[0]?.values.slice(0, 4)).toEqual(['MTG-4', null, 'weekly', 'Week 4']);
  });

  it.each([
    { name: 'typing in the Status column only is a change', edited: { first: 2, last: 2 }, kind: 'change' },
    { name: 'overwriting an ID cell is a change', edited: { first: 1, last: 1 }, kind: 'change' },
    { name: 'ID, Status and an empty header together are a change', edited: { first: 1, last: 2 }, kind: 'change' },
    { name: 'an input cell is an edit', edited: { first: 4, last: 4 }, kind: 'edit' },
    { name: 'a paste spanning system and input columns is an edit', edited: { first: 1, last: 6 }, kind: 'edit' },
  ] as const)('$name', ({ edited, kind }) => {
    expect(readEditRequest(request({ rows: [meetingRow(4, 'MTG-4')], edited })).kind).toBe(kind);
  });

  it('an edit without edited columns (rows the server writes itself) stays an edit', () => {
    expect(readEditRequest(request({ rows: [meetingRow(4)] })).kind).toBe('edit');
  });

  it('a tab the schema does not know is left for planning to refuse', () => {
    const unknown = request({ sheetName: 'Scratch', rows: [meetingRow(2)] });
    expect(readEditRequest(unknown)).toBe(unknown);
  });
});

describe("readTabIdClaims: the whole tab's ID column a part of a resync carries", () => {
  const part = (tabIds: EditRequest['tabIds'], headerRow = MEETINGS_HEADER) =>
    request({
      kind: 'resync',
      headerRow,
      batch: { id: '00000000-0000-4000-8000-000000000009', index: 0, count: 2 },
      ...(tabIds ? { tabIds } : {}),
    });
  const ids = { column: 1, rows: [[2, 'M-7K2Q9P4D'] as [number, string], [900, 'M-00000000'] as [number, string]] };

  it("are the ID claims of the tab's rows when read from the column the server matched as the ID", () => {
    expect(readTabIdClaims(part(ids))).toEqual([
      { row: 2, sheetId: 'M-7K2Q9P4D' },
      { row: 900, sheetId: 'M-00000000' },
    ]);
  });

  it('count for nothing when absent, or read from another column than the matched ID column', () => {
    expect(readTabIdClaims(part(undefined))).toBeUndefined();
    expect(readTabIdClaims(part({ ...ids, column: 2 }))).toBeUndefined();
    // The ID header twice: the server matches no ID column, so the list cannot be placed.
    expect(readTabIdClaims(part(ids, ['ID', 'Status', 'Type', 'Title', 'Start', 'End', 'ID']))).toBeUndefined();
  });
});

describe('nameSelectedMeeting: "Send notice now" on the selected row', () => {
  const press = (sheetName: string, headerRow: string[], values: (string | null)[]): SendNoticeRowRequest => ({
    version: EDIT_REQUEST_VERSION,
    kind: 'sendNotice',
    eventId: '00000000-0000-4000-8000-000000000002',
    spreadsheetId: 'sheet_ABC-123',
    editor: 'host@example.com',
    selection: { sheetName, headerRow, row: 3, values },
    sentAt: '2026-11-28T06:00:00.000Z',
  });

  it('names the meeting by the ID cell of a Meetings row, in either language', () => {
    const named = nameSelectedMeeting(press('会议', ['会议主题', '编号'], ['周会', ' M-7 ']));
    expect(named).toEqual({
      ok: true,
      request: {
        version: EDIT_REQUEST_VERSION,
        kind: 'sendNotice',
        eventId: '00000000-0000-4000-8000-000000000002',
        spreadsheetId: 'sheet_ABC-123',
        editor: 'host@example.com',
        meetingId: 'M-7',
        sentAt: '2026-11-28T06:00:00.000Z',
      },
    });
  });

  it.each([
    { name: 'another tab', sheetName: 'Agenda', values: ['M-7', 'x'], code: 'NOTICE_NOT_MEETINGS_TAB' },
    { name: 'a row without an ID', sheetName: 'Meetings', values: ['', 'x'], code: 'NOTICE_NO_MEETING_ROW' },
    { name: 'a row whose ID cell is empty', sheetName: 'Meetings', values: [null, 'x'], code: 'NOTICE_NO_MEETING_ROW' },
  ])('refuses $name', ({ sheetName, values, code }) => {
    expect(nameSelectedMeeting(press(sheetName, ['ID', 'Title'], values))).toEqual({ ok: false, code });
  });
});
