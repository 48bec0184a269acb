import { describe, expect, it } from 'vitest';
import type { EditRequest } from '../../../functions/src/contract/edit-request.ts';
import { keepMissingColumns } from '../../../functions/src/domain/workbook/missing-columns.ts';
import type { RowIdentity } from '../../../functions/src/domain/workbook/record-ownership.ts';
import { validateRow } from '../../../functions/src/domain/workbook/row-schemas.ts';
import { buildRowResults, planSheetEdit } from '../../../functions/src/domain/workbook/sheet-edit-plan.ts';
import {
  type TabKey,
  getTab,
  labelOf,
  listInputColumns,
} from '../../../functions/src/domain/workbook/workbook-schema.ts';

const OPTIONS = { zone: 'Asia/Shanghai', lang: 'en' } as const;

/** One row per tab with every input column filled, as a user types it. */
const TYPED: Partial<Record<TabKey, Record<string, string | number | boolean>>> = {
  people: {
    email: 'Li.Wei@Example.com',
    name: '李伟',
    team: '华东一组',
    role: '销售代表',
    region: '上海',
    manager: 'zhang.min@example.com',
    active: '是',
    joined: '2026/3/1',
    capacity: '40',
    language: 'zh',
  },
  meetings: {
    type: '销售商会议',
    title: '华东销售商会议',
    series: 'east-dealers',
    recurrence: '',
    start: '2027/03/19 10:00',
    end: '2027-03-19 17:00',
    venue: '上海国际会议中心',
    host: 'li.na@demo.example',
    recorder: 'chen.jing@demo.example',
    lodging: '酒店',
    budget: '¥30,000',
    actualCost: 1200.5,
  },
  attendance: {
    meeting: 'M-7K2Q9P4D',
    person: 'li.na@demo.example',
    role: 'attendee',
    leaveRequested: true,
    leaveApproved: false,
    substitute: 'chen.jing@demo.example',
    checkIn: '2027-03-19 09:55',
    checkOut: '2027-03-19 17:02:30',
  },
  customers: {
    name: '王芳',
    phone: '138 0013 8000',
    region: '杭州',
    collectedBy: 'li.na@demo.example',
    event: '春季会',
    eventDate: '2027年3月1日',
    purchased: '否',
    archivedOn: '2027-03-02',
  },
  visits: {
    customer: 'C-7K2Q9P4D',
    visitor: 'li.na@demo.example',
    due: '2027-03-04',
    doneOn: '2027-03-05',
    method: 'phone',
    notes: '回访',
  },
  targets: { person: 'li.na@demo.example', team: '华东', month: '2027-03', target: '100', actual: '80' },
};

describe('a stored value fills a column missing from the sheet', () => {
  // The stored record is canonical (ISO dates, enum keys, numbers); read back as cells it must give the same
  // record, or a missing column would change (or refuse) rows nobody touched.
  const cases = Object.entries(TYPED).flatMap(([tab, typed]) =>
    listInputColumns(getTab(tab as TabKey))
      .filter((column) => typed[column.key] !== undefined && typed[column.key] !== '')
      .map((column) => [tab as TabKey, column.key] as const),
  );

  it.each(cases)('%s: %s is kept as stored', (tab, key) => {
    const typed = validateRow(tab, TYPED[tab]!, OPTIONS);
    expect(typed.ok, JSON.stringify(typed.ok ? '' : typed.messages)).toBe(true);
    const record = (typed as { record: Record<string, unknown> }).record;
    const cells: Record<string, string | number | boolean | null> = { ...TYPED[tab]! };
    delete cells[key];
    const column = listInputColumns(getTab(tab)).find((c) => c.key === key)!;
    const kept = keepMissingColumns(cells, [column], record);
    expect(kept.map((m) => m.code)).toEqual(['COLUMN_MISSING_KEPT']);
    expect(kept[0]!.zh).toContain(labelOf(column).zh);
    expect(kept[0]!.en).toContain(labelOf(column).en);
    const again = validateRow(tab, cells, OPTIONS);
    expect(again.ok && again.record).toEqual(record);
  });

  it('keeps nothing for a new row (there is no stored value)', () => {
    const cells = {};
    expect(keepMissingColumns(cells, listInputColumns(getTab('meetings')), undefined)).toEqual([]);
    expect(cells).toEqual({});
  });
});

describe('planning with a column missing from the sheet', () => {
  const header = ['编号', '状态', '会议类型', '会议主题', '开始时间', '结束时间', '开会地方', '主持人', '预算'];
  const request = (values: Array<string | null>): EditRequest => ({
    version: 2,
    eventId: 'e1',
    spreadsheetId: 's1',
    sheetName: '会议',
    editor: 'admin@demo.example',
    kind: 'edit',
    headerRow: header,
    rows: [{ row: 2, values }],
    sentAt: '2027-03-09T01:00:00Z',
  });
  const row = ['M-AAAAAAAA', 'OK', '销售商会议', 'Dealers', '2027-03-19 10:00', '2027-03-19 17:00', 'x', '', '3000'];
  const settings = { timeZone: 'Asia/Shanghai', language: 'mixed' } as const;
  const held = (venue: string | undefined): Map<number, RowIdentity> =>
    new Map([
      [
        2,
        {
          ok: true,
          record: { id: 'M-AAAAAAAA', sheetRow: 2, deleted: false, data: venue ? { venue, lodging: '酒店' } : {} },
        },
      ],
    ]);

  it('saves a dealer conference with its stored venue and says the Venue column is missing', () => {
    const outcome = planSheetEdit(request(row), settings, held('上海国际会议中心'));
    if (!outcome.ok) throw new Error(outcome.code);
    const [planned] = outcome.plan.rows;
    expect(planned!.data).toMatchObject({ venue: '上海国际会议中心', lodging: '酒店', title: 'Dealers' });
    expect(planned!.kept?.map((m) => m.column).sort()).toEqual(['lodging', 'venue']);
  });

  it('says the Venue column is missing when a rule refuses a row for want of a venue', () => {
    const outcome = planSheetEdit(request(row), settings, held(undefined));
    if (!outcome.ok) throw new Error(outcome.code);
    // As the meeting rules refuse a dealer conference without a venue (meeting-rules.ts).
    const venueRequired = { code: 'VALUE_REQUIRED_WHEN' as const, column: 'venue', en: 'Venue required', zh: '地点' };
    const plan = { ...outcome.plan, rows: [{ row: 2, sheetId: 'M-AAAAAAAA', messages: [venueRequired] }] };
    const [result] = buildRowResults(plan, new Map([[2, 'M-AAAAAAAA']]), 'mixed');
    expect(result!.messages.map((m) => `${m.code}:${m.column}`)).toEqual([
      'VALUE_REQUIRED_WHEN:venue',
      'COLUMN_MISSING:venue',
    ]);
    expect(result!.status).toContain('此表没有“地点”列');
  });

  it('refuses a row whose ID was refused, writing nothing, and answers the ID cell as decided', () => {
    const refused = new Map<number, RowIdentity>([
      [2, { ok: false, code: 'ID_UNKNOWN', params: { id: 'M-AAAAAAAA' }, answerId: null }],
    ]);
    const outcome = planSheetEdit(request(row), settings, refused);
    if (!outcome.ok) throw new Error(outcome.code);
    const [planned] = outcome.plan.rows;
    expect(planned!.data).toBeUndefined();
    expect(planned!.answerId).toBeNull();
    expect(planned!.messages.map((m) => m.code)).toEqual(['ID_UNKNOWN']);
    expect(planned!.messages[0]!.zh).toContain('M-AAAAAAAA');
    expect(planned!.messages[0]!.en).toContain('M-AAAAAAAA');
  });
});
