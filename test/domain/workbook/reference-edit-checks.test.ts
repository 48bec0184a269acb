// The checks every tab shares (issue 13), on plans made from requests as the sheet sends them.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { EDIT_REQUEST_VERSION, type CellValue } from '../../../functions/src/contract/edit-request.ts';
import {
  type ReferenceContext,
  applyReferenceChecks,
  naturalKeyOf,
  referenceNeeds,
} from '../../../functions/src/domain/workbook/reference-edit-checks.ts';
import { type SheetEditPlan, planSheetEdit } from '../../../functions/src/domain/workbook/sheet-edit-plan.ts';
import { getTab } from '../../../functions/src/domain/workbook/workbook-schema.ts';

const ZONE = 'Asia/Shanghai';
const NOW = DateTime.fromISO('2027-03-09T09:00', { zone: ZONE });

function plan(sheetName: string, headerRow: string[], rows: CellValue[][], firstRow = 2): SheetEditPlan {
  const outcome = planSheetEdit(
    {
      version: EDIT_REQUEST_VERSION,
      eventId: 'e',
      spreadsheetId: 's',
      sheetName,
      editor: '',
      kind: 'edit',
      headerRow,
      rows: rows.map((values, index) => ({ row: firstRow + index, values })),
      sentAt: NOW.toISO()!,
    },
    { timeZone: ZONE, language: 'en' },
  );
  if (!outcome.ok) throw new Error(outcome.code);
  return outcome.plan;
}

function context(overrides: Partial<ReferenceContext> = {}): ReferenceContext {
  return {
    people: new Map([
      ['ann@example.com', { active: true }],
      ['gone@example.com', { active: false }],
    ]),
    meetings: new Set(['M-00000001']),
    agendaItems: new Set(['AG-00000001']),
    customers: new Set(['C-00000001']),
    keyHolders: [],
    ...overrides,
  };
}

const codes = (checked: SheetEditPlan) => checked.rows.map((r) => r.messages.map((m) => `${m.column}:${m.code}`));

describe('references on every tab', () => {
  it.each([
    [
      'Attendance',
      ['ID', 'Status', 'Meeting', 'Person', 'Substitute'],
      ['', '', 'M-00000001', 'x@example.com'],
      'person',
    ],
    [
      'Attendance',
      ['ID', 'Status', 'Meeting', 'Person', 'Substitute'],
      ['', '', 'M-00000001', 'ann@example.com', 'x@y.cn'],
      'substitute',
    ],
    [
      'Agenda',
      ['ID', 'Status', 'Meeting', 'Order', 'Topic', 'Presenter'],
      ['', '', 'M-00000001', 1, 'T', 'x@y.cn'],
      'presenter',
    ],
    [
      'Minutes',
      ['ID', 'Status', 'Meeting', 'Kind', 'Text', 'Owner', 'Due'],
      ['', '', 'M-00000001', 'action', 'T', 'x@y.cn', '2027-04-01'],
      'owner',
    ],
    ['Actions', ['ID', 'Status', 'Action', 'Owner', 'Due'], ['', '', 'T', 'x@y.cn', '2027-04-01'], 'owner'],
    ['Customers', ['ID', 'Status', 'Name', 'Collected by'], ['', '', 'A', 'x@y.cn'], 'collectedBy'],
    [
      'Visits',
      ['ID', 'Status', 'Customer', 'Visitor', 'Due'],
      ['', '', 'C-00000001', 'x@y.cn', '2027-04-01'],
      'visitor',
    ],
    ['Feedback', ['ID', 'Status', 'Meeting', 'Person', 'Satisfaction'], ['', '', 'M-00000001', 'x@y.cn', 5], 'person'],
    ['Targets', ['ID', 'Status', 'Person', 'Month', 'Target'], ['', '', 'x@y.cn', '2027-04', 10], 'person'],
    [
      'People',
      ['ID', 'Status', 'Email', 'Name', 'Role', 'Manager'],
      ['', '', 'b@y.cn', 'B', 'staff', 'x@y.cn'],
      'manager',
    ],
    [
      'Meetings',
      ['ID', 'Status', 'Type', 'Title', 'Start', 'End', 'Recorder'],
      ['', '', 'ad-hoc', 'T', '2027-04-01 09:00', '2027-04-01 10:00', 'x@y.cn'],
      'recorder',
    ],
  ])('%s refuses an unknown person in %j', (tab, header, row, column) => {
    expect(codes(applyReferenceChecks(plan(tab, header, [row]), context(), NOW))).toEqual([[`${column}:REF_UNKNOWN`]]);
  });

  it.each([
    ['Minutes', ['ID', 'Status', 'Meeting', 'Kind', 'Text'], ['', '', 'M-99999999', 'discussion', 'T'], 'meeting'],
    ['Feedback', ['ID', 'Status', 'Meeting', 'Satisfaction'], ['', '', 'M-99999999', 4], 'meeting'],
    [
      'Actions',
      ['ID', 'Status', 'Source meeting', 'Action', 'Owner', 'Due'],
      ['', '', 'M-99999999', 'T', 'ann@example.com', '2027-04-01'],
      'sourceMeeting',
    ],
    [
      'Minutes',
      ['ID', 'Status', 'Meeting', 'Agenda item', 'Kind', 'Text'],
      ['', '', 'M-00000001', 'AG-99999999', 'discussion', 'T'],
      'agendaItem',
    ],
    ['Visits', ['ID', 'Status', 'Customer', 'Due'], ['', '', 'C-99999999', '2027-04-01'], 'customer'],
  ])('%s refuses an unknown record in %j', (tab, header, row, column) => {
    expect(codes(applyReferenceChecks(plan(tab, header, [row]), context(), NOW))).toEqual([[`${column}:REF_UNKNOWN`]]);
  });

  it('refuses an inactive person and accepts an active one', () => {
    const checked = applyReferenceChecks(
      plan(
        'Customers',
        ['ID', 'Status', 'Name', 'Collected by'],
        [
          ['', '', 'A', 'gone@example.com'],
          ['', '', 'B', 'ANN@example.com'],
        ],
      ),
      context(),
      NOW,
    );
    expect(codes(checked)).toEqual([['collectedBy:PERSON_INACTIVE'], []]);
    expect(checked.rows[1]!.data).toBeDefined();
  });

  it('counts people typed in the same People paste, with what the paste says about them', () => {
    const checked = applyReferenceChecks(
      plan(
        'People',
        ['ID', 'Status', 'Email', 'Name', 'Role', 'Manager', 'Active'],
        [
          ['', '', 'a@y.cn', 'A', 'staff', 'boss@y.cn', 'yes'],
          ['', '', 'boss@y.cn', 'Boss', 'manager', '', 'yes'],
          ['', '', 'c@y.cn', 'C', 'staff', 'left@y.cn', 'yes'],
          ['', '', 'left@y.cn', 'Left', 'manager', '', 'no'],
        ],
      ),
      context(),
      NOW,
    );
    expect(codes(checked)).toEqual([[], [], ['manager:PERSON_INACTIVE'], []]);
  });

  it('asks for each referenced record once, whatever the number of rows naming it', () => {
    const needs = referenceNeeds(
      plan(
        'Attendance',
        ['ID', 'Status', 'Meeting', 'Person', 'Substitute'],
        [
          ['', '', 'M-00000001', 'Ann@example.com', 'b@y.cn'],
          ['', '', 'M-00000001', 'ann@example.com'],
          ['', '', 'M-00000002', 'b@y.cn', 'c@y.cn'],
        ],
      ),
    );
    expect(needs).toEqual({
      people: ['ann@example.com', 'b@y.cn', 'c@y.cn'],
      meetings: ['M-00000001', 'M-00000002'],
      agendaItems: [],
      customers: [],
    });
  });
});

describe('natural keys', () => {
  const PEOPLE = ['ID', 'Status', 'Email', 'Name', 'Role'];
  it('refuses an email another live record holds, naming its ID and row', () => {
    const checked = applyReferenceChecks(
      plan('People', PEOPLE, [['', '', 'Ann@Example.com', 'Ann 2', 'staff']], 9),
      context({ keyHolders: [{ id: 'P-00000001', sheetRow: 2, data: { email: 'ann@example.com' } }] }),
      NOW,
    );
    expect(codes(checked)).toEqual([['email:DUPLICATE_RECORD']]);
    expect(checked.rows[0]!.messages[0]!.en).toContain('P-00000001, row 2');
  });

  it('lets a record keep its own key, and lets rows of one paste swap keys', () => {
    const holders = [
      { id: 'P-00000001', sheetRow: 2, data: { email: 'a@y.cn' } },
      { id: 'P-00000002', sheetRow: 3, data: { email: 'b@y.cn' } },
    ];
    const checked = applyReferenceChecks(
      plan('People', PEOPLE, [
        ['P-00000001', 'OK', 'b@y.cn', 'A', 'staff'],
        ['P-00000002', 'OK', 'a@y.cn', 'B', 'staff'],
      ]),
      context({ keyHolders: holders }),
      NOW,
    );
    expect(codes(checked)).toEqual([[], []]);
  });

  it('refuses the second of two equal rows in one paste, naming the first row', () => {
    const checked = applyReferenceChecks(
      plan(
        'Customers',
        ['ID', 'Status', 'Name', 'Phone', 'Collected by'],
        [
          ['', '', '张 三', '13800138000', 'ann@example.com'],
          ['', '', '张  三 ', '+86 138 0013 8000', 'ann@example.com'],
          ['', '', '张三', '13800138000', 'ann@example.com'],
          ['', '', '张 三', '', 'ann@example.com'],
        ],
      ),
      context(),
      NOW,
    );
    expect(codes(checked)).toEqual([[], ['name:DUPLICATE_RECORD'], [], []]);
    expect(checked.rows[1]!.messages[0]!.en).toContain('row 2');
  });

  it('has no key when a key cell is empty', () => {
    expect(naturalKeyOf(getTab('customers'), { name: '张三' })).toBeUndefined();
    expect(naturalKeyOf(getTab('people'), { email: 'A@B.cn' })).toBe('a@b.cn');
  });
});

describe('dates that record the past', () => {
  it.each([
    [
      'Visits',
      ['ID', 'Status', 'Customer', 'Due', 'Done on'],
      ['', '', 'C-00000001', '2027-04-01', '2027-03-10'],
      'doneOn',
    ],
    [
      'Customers',
      ['ID', 'Status', 'Name', 'Collected by', 'Archive made on'],
      ['', '', 'A', 'ann@example.com', '2027-03-10'],
      'archivedOn',
    ],
    [
      'Customers',
      ['ID', 'Status', 'Name', 'Collected by', 'Event date'],
      ['', '', 'A', 'ann@example.com', '2028-01-01'],
      'eventDate',
    ],
    [
      'Attendance',
      ['ID', 'Status', 'Meeting', 'Person', 'Check-in'],
      ['', '', 'M-00000001', 'ann@example.com', '2027-03-09 09:16'],
      'checkIn',
    ],
    [
      'Attendance',
      ['ID', 'Status', 'Meeting', 'Person', 'Check-out'],
      ['', '', 'M-00000001', 'ann@example.com', '2027-03-10 09:00'],
      'checkOut',
    ],
  ])('%s refuses a future %s', (tab, header, row, column) => {
    expect(codes(applyReferenceChecks(plan(tab, header, [row]), context(), NOW))).toEqual([
      [`${column}:DATE_IN_FUTURE`],
    ]);
  });

  it.each([
    ['today', ['', '', 'C-00000001', '2027-04-01', '2027-03-09']],
    ['yesterday', ['', '', 'C-00000001', '2027-04-01', '2027-03-08']],
  ])('accepts a visit done %s', (_when, row) => {
    const header = ['ID', 'Status', 'Customer', 'Due', 'Done on'];
    expect(codes(applyReferenceChecks(plan('Visits', header, [row]), context(), NOW))).toEqual([[]]);
  });

  it('allows a check-in a few minutes ahead (rounding, clock skew)', () => {
    const header = ['ID', 'Status', 'Meeting', 'Person', 'Check-in'];
    const row = ['', '', 'M-00000001', 'ann@example.com', '2027-03-09 09:15'];
    expect(codes(applyReferenceChecks(plan('Attendance', header, [row]), context(), NOW))).toEqual([[]]);
  });

  it('never refuses a planned date in the future', () => {
    const header = ['ID', 'Status', 'Customer', 'Due'];
    expect(
      codes(applyReferenceChecks(plan('Visits', header, [['', '', 'C-00000001', '2030-01-01']]), context(), NOW)),
    ).toEqual([[]]);
  });
});

describe('every error of a row at once', () => {
  it('adds the reference problems to the cell problems, in column order', () => {
    const header = ['ID', 'Status', 'Customer', 'Visitor', 'Due', 'Done on', 'Method'];
    const checked = applyReferenceChecks(
      plan('Visits', header, [['', '', 'C-99999999', 'x@y.cn', 'soon', '2027-03-10', 'pigeon']]),
      context(),
      NOW,
    );
    expect(codes(checked)).toEqual([
      [
        'customer:REF_UNKNOWN',
        'visitor:REF_UNKNOWN',
        'due:DATE_INVALID',
        'doneOn:DATE_IN_FUTURE',
        'method:ENUM_INVALID',
      ],
    ]);
    expect(checked.rows[0]!.data).toBeUndefined();
  });
});

describe('only the references a row changes are judged (a new row: all of them)', () => {
  const header = ['ID', 'Status', 'Name', 'Phone', 'Collected by'];
  const row = (collector: string): CellValue[] => ['', '', '张三', '13800138000', collector];
  it.each([
    {
      case: 'a leaver the stored record already names: not judged',
      stored: 'gone@example.com',
      typed: 'gone@example.com',
      codes: [],
    },
    {
      case: 'the same leaver typed in other capitals: not judged',
      stored: 'gone@example.com',
      typed: 'Gone@Example.com',
      codes: [],
    },
    {
      case: 'changed to a leaver: judged',
      stored: 'ann@example.com',
      typed: 'gone@example.com',
      codes: ['collectedBy:PERSON_INACTIVE'],
    },
    {
      case: 'a new row naming a leaver: judged',
      stored: undefined,
      typed: 'gone@example.com',
      codes: ['collectedBy:PERSON_INACTIVE'],
    },
  ])('$case', ({ stored, typed, codes: expected }) => {
    const records = new Map(stored ? [[2, { name: '张三', collectedBy: stored }]] : []);
    const checked = applyReferenceChecks(plan('Customers', header, [row(typed)]), context(), NOW, records);
    expect(codes(checked)).toEqual([expected]);
  });
});
