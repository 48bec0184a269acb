import { describe, expect, it } from 'vitest';
import { EDIT_REQUEST_VERSION } from '../../../functions/src/contract/edit-request.ts';
import { MAX_TAB_IDS } from '../../../functions/src/contract/tab-ids.ts';
import type { EditRequest, SendNoticeRowRequest } from '../../../functions/src/contract/edit-request.ts';
import {
  editRequestSchema,
  sendNoticeRowRequestSchema,
  sheetEditBodySchema,
} from '../../../functions/src/domain/workbook/edit-request-schema.ts';

const base: EditRequest = {
  version: EDIT_REQUEST_VERSION,
  eventId: '00000000-0000-4000-8000-000000000001',
  spreadsheetId: 'sheet_ABC-123',
  sheetName: 'Meetings',
  editor: 'rep@example.com',
  kind: 'edit',
  headerRow: ['ID', 'Status', 'Type', 'Title', 'Start', 'End'],
  rows: [{ row: 2, values: ['', null, 'weekly', 'Week 2', '2026-11-28 14:00', '2026-11-28 15:00'] }],
  timeZone: 'Asia/Shanghai',
  edited: { first: 4, last: 4 },
  overwritten: { row: 2, column: 4, value: 'Week 1' },
  sentAt: '2026-11-28T06:00:00.000Z',
};

describe('editRequestSchema: the contract types as the server checks them', () => {
  it('keeps every field of a complete request (a field the schema forgot would be silently dropped)', () => {
    const batched: EditRequest = { ...base, batch: { id: '00000000-0000-4000-8000-000000000009', index: 1, count: 2 } };
    expect(editRequestSchema.parse(batched)).toEqual(batched);
  });

  it('refuses a paste of more than 5,000 rows and over-long cells', () => {
    const tooMany = {
      ...base,
      rows: Array.from({ length: 5001 }, (_, i) => ({ row: i + 2, values: ['', null, 'weekly', 'x', '', ''] })),
    };
    const tooLong = { ...base, rows: [{ row: 2, values: ['', null, 'weekly', 'x'.repeat(50_001), '', ''] }] };
    expect(editRequestSchema.safeParse(tooMany).success).toBe(false);
    expect(editRequestSchema.safeParse(tooLong).success).toBe(false);
  });

  it('refuses an empty edit, a duplicated row and the header row', () => {
    const row = base.rows[0]!;
    expect(editRequestSchema.safeParse({ ...base, rows: [] }).success).toBe(false);
    expect(editRequestSchema.safeParse({ ...base, rows: [row, row] }).success).toBe(false);
    expect(editRequestSchema.safeParse({ ...base, rows: [{ ...row, row: 1 }] }).success).toBe(false);
  });

  it('refuses edited columns in the wrong order and another version', () => {
    expect(editRequestSchema.safeParse({ ...base, edited: { first: 5, last: 4 } }).success).toBe(false);
    expect(editRequestSchema.safeParse({ ...base, version: 1 }).success).toBe(false);
  });
});

describe("editRequestSchema: the whole tab's ID column on a part of a resync (tabIds)", () => {
  const { edited: _edited, overwritten: _overwritten, ...fields } = base;
  const part: EditRequest = {
    ...fields,
    kind: 'resync',
    batch: { id: '00000000-0000-4000-8000-000000000009', index: 0, count: 2 },
    tabIds: {
      column: 1,
      rows: [
        [2, 'M-7K2Q9P4D'],
        [900, 'M-00000000'],
      ],
    },
  };
  const parses = (request: object) => editRequestSchema.safeParse(request).success;

  it('is kept whole, and is optional (a part without it is served as before)', () => {
    expect(editRequestSchema.parse(part)).toEqual(part);
    const { tabIds: _tabIds, ...without } = part;
    expect(parses(without)).toBe(true);
  });

  it.each<[string, object]>([
    ['on an edit', { kind: 'edit' }],
    ['on a resync of one part', { batch: undefined }],
    ['from a column beyond the header', { tabIds: { column: 7, rows: [] } }],
    [
      'with a row twice',
      {
        tabIds: {
          column: 1,
          rows: [
            [2, 'M-7K2Q9P4D'],
            [2, 'M-00000000'],
          ],
        },
      },
    ],
    ['with the header row', { tabIds: { column: 1, rows: [[1, 'M-7K2Q9P4D']] } }],
    ['with text that is not an ID', { tabIds: { column: 1, rows: [[2, 'MTG-9']] } }],
    ['with an over-long text', { tabIds: { column: 1, rows: [[2, `M-${'0'.repeat(50_000)}`]] } }],
    [
      'with more than MAX_TAB_IDS rows',
      { tabIds: { column: 1, rows: Array.from({ length: MAX_TAB_IDS + 1 }, (_, i) => [i + 2, 'M-00000000']) } },
    ],
  ])('is refused %s', (_name, change) => {
    expect(parses({ ...part, ...change })).toBe(false);
  });
});

describe('sendNotice requests', () => {
  const selected: SendNoticeRowRequest = {
    version: EDIT_REQUEST_VERSION,
    kind: 'sendNotice',
    eventId: '00000000-0000-4000-8000-000000000002',
    spreadsheetId: 'sheet_ABC-123',
    editor: 'host@example.com',
    selection: { sheetName: 'Meetings', headerRow: ['ID', 'Title'], row: 3, values: ['M-1', 'Weekly'] },
    sentAt: '2026-11-28T06:00:00.000Z',
  };

  it('the script form (the selected row) is accepted whole', () => {
    expect(sendNoticeRowRequestSchema.parse(selected)).toEqual(selected);
    expect(sheetEditBodySchema.parse(selected)).toEqual(selected);
  });

  it('the form naming the meeting by its ID is accepted too', () => {
    const { selection: _selection, ...fields } = selected;
    expect(sheetEditBodySchema.parse({ ...fields, meetingId: 'M-1' })).toEqual({ ...fields, meetingId: 'M-1' });
  });
});
