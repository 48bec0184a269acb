import { describe, expect, it } from 'vitest';
import { matchHeaders } from '../../../functions/src/domain/workbook/header-matching.ts';
import {
  NEW_TAB_ROW_COUNT,
  enumDropdownRule,
  planWorkbookSetup,
  protectionDescription,
} from '../../../functions/src/domain/workbook/workbook-layout.ts';
import type {
  CurrentProtectedRange,
  CurrentSheet,
  CurrentWorkbook,
  SheetRequest,
  WorkbookSetupPlan,
} from '../../../functions/src/domain/workbook/workbook-layout.ts';
import {
  WORKBOOK_TABS,
  getColumn,
  getTab,
  listHeaders,
} from '../../../functions/src/domain/workbook/workbook-schema.ts';
import type { Lang } from '../../../functions/src/domain/messages.ts';

const ALL_ZH = WORKBOOK_TABS.map((tab) => tab.zh);
const ALL_EN = WORKBOOK_TABS.map((tab) => tab.en);
const MEETINGS_ZH = listHeaders(getTab('meetings'), 'zh');

function sheet(title: string, overrides: Partial<CurrentSheet> = {}): CurrentSheet {
  return {
    sheetId: 0,
    title,
    rowCount: 1000,
    columnCount: 26,
    frozenRowCount: 0,
    headerRow: [],
    protectedRanges: [],
    dataValidations: [],
    ...overrides,
  };
}

/** What Sheets would hold after the plan ran: the same bookkeeping the API does, so a second plan can be checked. */
function applyPlan(current: CurrentWorkbook, plan: WorkbookSetupPlan): CurrentWorkbook {
  const sheets = structuredClone(current.sheets);
  let nextRangeId = 1 + Math.max(0, ...sheets.flatMap((s) => s.protectedRanges.map((r) => r.protectedRangeId)));
  const byId = (sheetId: number | null | undefined): CurrentSheet => {
    const found = sheets.find((s) => s.sheetId === (sheetId ?? 0));
    if (!found) throw new Error(`no sheet ${sheetId}`);
    return found;
  };
  for (const request of plan.requests) {
    if ('addSheet' in request) {
      const { sheetId, title, gridProperties } = request.addSheet.properties;
      sheets.push(sheet(title, { sheetId, ...gridProperties }));
    } else if ('appendDimension' in request) {
      byId(request.appendDimension.sheetId).columnCount += request.appendDimension.length;
    } else if ('updateSheetProperties' in request) {
      const { sheetId, gridProperties } = request.updateSheetProperties.properties;
      byId(sheetId).frozenRowCount = gridProperties.frozenRowCount;
    } else if ('setDataValidation' in request) {
      const { range, rule } = request.setDataValidation;
      const target = byId(range.sheetId);
      for (let c = range.startColumnIndex ?? 0; c < (range.endColumnIndex ?? target.columnCount); c += 1) {
        while (target.dataValidations.length <= c) target.dataValidations.push(null);
        if (target.rowCount > 1) target.dataValidations[c] = structuredClone(rule);
      }
    } else if ('addProtectedRange' in request) {
      const { range, description, warningOnly } = request.addProtectedRange.protectedRange;
      byId(range.sheetId).protectedRanges.push({
        protectedRangeId: nextRangeId++,
        range: structuredClone(range),
        description,
        warningOnly,
      });
    } else if ('updateProtectedRange' in request) {
      const { protectedRangeId, range, warningOnly } = request.updateProtectedRange.protectedRange;
      const found = sheets.flatMap((s) => s.protectedRanges).find((r) => r.protectedRangeId === protectedRangeId);
      if (!found) throw new Error(`no protected range ${protectedRangeId}`);
      found.range = structuredClone(range);
      found.warningOnly = warningOnly;
    } else if ('deleteProtectedRange' in request) {
      for (const s of sheets)
        s.protectedRanges = s.protectedRanges.filter(
          (r) => r.protectedRangeId !== request.deleteProtectedRange.protectedRangeId,
        );
    }
  }
  for (const write of plan.headerWrites) {
    const target = byId(write.sheetId);
    const row = write.values[0] ?? [];
    if (write.startColumnIndex + row.length > target.columnCount)
      throw new Error(`header write beyond the grid of ${target.title}`);
    while (target.headerRow.length < write.startColumnIndex) target.headerRow.push('');
    target.headerRow.splice(write.startColumnIndex, row.length, ...row);
  }
  return { sheets };
}

/** The requests that concern one sheet (the other tabs of a test workbook are being created alongside). */
function onSheet(requests: readonly SheetRequest[], sheetId: number): SheetRequest[] {
  return requests.filter(
    (request) =>
      JSON.stringify(request).includes(`"sheetId":${sheetId},`) ||
      JSON.stringify(request).includes(`"sheetId":${sheetId}}`),
  );
}

function requestsOf<K extends string>(
  plan: WorkbookSetupPlan,
  kind: K,
): Array<Extract<SheetRequest, Record<K, unknown>>> {
  return plan.requests.filter((request): request is Extract<SheetRequest, Record<K, unknown>> => kind in request);
}

describe('planWorkbookSetup on an empty workbook', () => {
  it.each<[Lang, string[]]>([
    ['zh', ALL_ZH],
    ['en', ALL_EN],
  ])('creates every tab, titled and headed in %s', (language, titles) => {
    const plan = planWorkbookSetup({ sheets: [] }, { language });
    expect(plan.report.created).toEqual(titles);
    expect(plan.report.upgraded).toEqual([]);
    expect(plan.report.unchanged).toEqual([]);
    const added = requestsOf(plan, 'addSheet').map((request) => request.addSheet.properties);
    expect(added.map((properties) => properties.title)).toEqual(titles);
    expect(added.every((properties) => properties.gridProperties.frozenRowCount === 1)).toBe(true);
    expect(added.every((properties) => properties.gridProperties.rowCount === NEW_TAB_ROW_COUNT)).toBe(true);
    expect(new Set(added.map((properties) => properties.sheetId)).size).toBe(WORKBOOK_TABS.length);
    expect(plan.headerWrites.map((write) => write.values[0])).toEqual(
      WORKBOOK_TABS.map((tab) => listHeaders(tab, language)),
    );
    expect(plan.headerWrites.every((write) => write.startColumnIndex === 0)).toBe(true);
  });

  it('puts every addSheet before the requests that refer to the new sheet ids', () => {
    const plan = planWorkbookSetup({ sheets: [] }, { language: 'zh' });
    const lastAdd = plan.requests.map((request) => 'addSheet' in request).lastIndexOf(true);
    expect(lastAdd).toBe(WORKBOOK_TABS.length - 1);
  });

  it('the headers it writes are matched by matchHeaders with no problem', () => {
    const plan = planWorkbookSetup({ sheets: [] }, { language: 'zh' });
    WORKBOOK_TABS.forEach((tab, index) => {
      expect(matchHeaders(tab, plan.headerWrites[index]?.values[0] ?? []).problems).toEqual([]);
    });
  });

  it('gives new sheets ids that no existing sheet uses', () => {
    const existing = [sheet('Notes', { sheetId: 1001 }), sheet('Sheet1', { sheetId: 0 })];
    const plan = planWorkbookSetup({ sheets: existing }, { language: 'en' });
    const ids = requestsOf(plan, 'addSheet').map((request) => request.addSheet.properties.sheetId);
    expect(ids).not.toContain(1001);
    expect(ids).not.toContain(0);
    expect(plan.report.otherSheets).toEqual(['Notes', 'Sheet1']);
  });

  it('adds dropdowns on the enum columns people type in, in the chosen language, not strict', () => {
    const plan = planWorkbookSetup({ sheets: [] }, { language: 'zh' });
    const meetings = requestsOf(plan, 'addSheet').find((request) => request.addSheet.properties.title === '会议');
    const sheetId = meetings?.addSheet.properties.sheetId;
    const dropdowns = requestsOf(plan, 'setDataValidation').filter(
      (request) => request.setDataValidation.range.sheetId === sheetId,
    );
    expect(dropdowns).toEqual([
      {
        setDataValidation: {
          range: { sheetId, startRowIndex: 1, startColumnIndex: 2, endColumnIndex: 3 },
          rule: {
            condition: {
              type: 'ONE_OF_LIST',
              values: ['周例会', '月度总结会', '专题会', '临时会议', '销售商会议', '客服专题会'].map((v) => ({
                userEnteredValue: v,
              })),
            },
            showCustomUi: true,
            strict: false,
          },
        },
      },
    ]);
  });

  it.each([
    ['meetings', ['meetings:id', 'meetings:status', 'meetings:minutesStatus']],
    ['attendance', ['attendance:id', 'attendance:status', 'attendance:result']],
    ['actions', ['actions:id', 'actions:status', 'actions:overdueDays']],
    ['customers', ['customers:id', 'customers:status']],
    ['summary', ['summary']],
    ['outbox', ['outbox']],
  ] as const)('protects the system columns of %s (warning only)', (tabKey, descriptions) => {
    const plan = planWorkbookSetup({ sheets: [] }, { language: 'en' });
    const sheetId = requestsOf(plan, 'addSheet').find(
      (request) => request.addSheet.properties.title === getTab(tabKey).en,
    )?.addSheet.properties.sheetId;
    const ranges = requestsOf(plan, 'addProtectedRange')
      .map((request) => request.addProtectedRange.protectedRange)
      .filter((range) => range.range.sheetId === sheetId);
    expect(ranges.map((range) => range.description)).toEqual(descriptions.map((d) => `system:${d}`));
    expect(ranges.every((range) => range.warningOnly)).toBe(true);
    if (getTab(tabKey).systemOnly) expect(ranges[0]?.range).toEqual({ sheetId });
  });
});

describe('planWorkbookSetup on an existing tab', () => {
  const reordered = ['会议主题', '会议类型', '我的备注', '开始时间', '编号'];

  it(
    'appends only the missing columns after the last header, in the chosen language, and keeps order and extra ' +
      'columns',
    () => {
      const current = { sheets: [sheet('会议', { sheetId: 7, headerRow: reordered, frozenRowCount: 1 })] };
      const plan = planWorkbookSetup(current, { language: 'zh' });
      const write = plan.headerWrites.find((entry) => entry.sheetId === 7);
      expect(write?.startColumnIndex).toBe(reordered.length);
      expect(write?.values).toEqual([
        [
          '状态',
          '系列',
          '重复规则',
          '结束时间',
          '地点',
          '主持人',
          '记录人',
          '食宿安排',
          '预算',
          '实际费用',
          '纪要状态',
        ],
      ]);
      expect(plan.report.upgraded).toContain('会议');
      expect(plan.report.changes.find((change) => change.title === '会议')?.addedColumns).toHaveLength(11);
      const after = applyPlan(current, plan).sheets.find((s) => s.sheetId === 7);
      expect(after?.headerRow.slice(0, reordered.length)).toEqual(reordered);
    },
  );

  it('reports an unknown header without touching it', () => {
    const plan = planWorkbookSetup({ sheets: [sheet('会议', { headerRow: reordered })] }, { language: 'zh' });
    const warnings = plan.report.warnings.filter((warning) => warning.title === '会议');
    expect(warnings.map((warning) => warning.code)).toEqual(['HEADER_UNKNOWN']);
    expect(warnings[0]?.zh).toContain('我的备注');
    expect(warnings[0]?.en).toContain('column C');
  });

  it('keeps Chinese headers when set up in English: only the missing ones are added, in English', () => {
    const current = { sheets: [sheet('会议', { headerRow: MEETINGS_ZH.slice(0, 6), frozenRowCount: 1 })] };
    const plan = planWorkbookSetup(current, { language: 'en' });
    const write = plan.headerWrites.find((entry) => entry.title === '会议');
    expect(write?.startColumnIndex).toBe(6);
    expect(write?.values).toEqual([
      ['Start', 'End', 'Venue', 'Host', 'Recorder', 'Lodging note', 'Budget', 'Actual cost', 'Minutes status'],
    ]);
    expect(requestsOf(plan, 'addSheet').map((request) => request.addSheet.properties.title)).not.toContain('Meetings');
  });

  it('writes no header at all for a tab whose columns are all there, in any language mix and order', () => {
    const headers = [...getTab('meetings').columns]
      .reverse()
      .map((column, index) => (index % 2 ? column.en : column.zh));
    const plan = planWorkbookSetup({ sheets: [sheet('Meetings', { headerRow: headers })] }, { language: 'zh' });
    expect(plan.headerWrites.filter((write) => write.title === 'Meetings')).toEqual([]);
  });

  it('widens the grid when the appended headers would not fit', () => {
    const plan = planWorkbookSetup(
      { sheets: [sheet('会议', { sheetId: 3, columnCount: 4, headerRow: reordered })] },
      { language: 'zh' },
    );
    expect(requestsOf(plan, 'appendDimension')).toEqual([
      { appendDimension: { sheetId: 3, dimension: 'COLUMNS', length: 12 } },
    ]);
  });

  it.each([
    ['lower case', 'meetings'],
    ['an alias', '会议安排'],
    ['a bilingual title', 'Meetings 会议'],
    ['full-width letters and spaces', 'Ｍｅｅｔｉｎｇｓ\u3000'],
  ])('recognises an existing tab titled with %s instead of adding a twin', (_case, title) => {
    const plan = planWorkbookSetup({ sheets: [sheet(title, { headerRow: MEETINGS_ZH })] }, { language: 'zh' });
    expect(requestsOf(plan, 'addSheet').map((request) => request.addSheet.properties.title)).not.toContain('会议');
    expect(plan.report.created).not.toContain('会议');
    expect([...plan.report.upgraded, ...plan.report.unchanged]).toContain(title);
  });

  it('sets up the first of two sheets for the same tab and warns about the second', () => {
    const plan = planWorkbookSetup(
      { sheets: [sheet('Meetings', { sheetId: 1 }), sheet('会议', { sheetId: 2 })] },
      { language: 'zh' },
    );
    expect(plan.report.warnings.map((warning) => [warning.code, warning.title])).toContainEqual([
      'TAB_DUPLICATE',
      '会议',
    ]);
    expect(plan.headerWrites.map((write) => write.sheetId)).toContain(1);
    expect(plan.headerWrites.map((write) => write.sheetId)).not.toContain(2);
  });

  it.each([
    [0, true],
    [1, false],
    [2, false],
  ])('frozenRowCount %i → freeze the header row: %s', (frozenRowCount, freezes) => {
    const plan = planWorkbookSetup(
      { sheets: [sheet('会议', { headerRow: MEETINGS_ZH, frozenRowCount })] },
      { language: 'zh' },
    );
    expect(onSheet(requestsOf(plan, 'updateSheetProperties'), 0).length > 0).toBe(freezes);
  });

  const zhTypeRule = enumDropdownRule(getColumn(getTab('meetings'), 'type')!, 'zh')!;
  const enTypeRule = enumDropdownRule(getColumn(getTab('meetings'), 'type')!, 'en')!;
  it.each([
    ['no validation', null, true],
    ['the same rule', zhTypeRule, false],
    [
      'the same rule as Google echoes it (strict false omitted)',
      { condition: zhTypeRule.condition!, showCustomUi: true },
      false,
    ],
    ['the rule in the other language', enTypeRule, true],
    ['a strict rule', { ...zhTypeRule, strict: true }, true],
    ['a user-made list', { condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: 'x' }] } }, true],
  ])('an enum column with %s gets a dropdown: %s', (_case, rule, expected) => {
    const dataValidations = MEETINGS_ZH.map((_, index) => (index === 2 ? rule : null));
    const plan = planWorkbookSetup(
      { sheets: [sheet('会议', { headerRow: MEETINGS_ZH, frozenRowCount: 1, dataValidations })] },
      { language: 'zh' },
    );
    expect(onSheet(requestsOf(plan, 'setDataValidation'), 0).length > 0).toBe(expected);
  });

  it('puts no dropdown on a tab without data rows (nothing to validate yet)', () => {
    const plan = planWorkbookSetup(
      { sheets: [sheet('会议', { headerRow: MEETINGS_ZH, rowCount: 1 })] },
      { language: 'zh' },
    );
    expect(onSheet(requestsOf(plan, 'setDataValidation'), 0)).toEqual([]);
  });
});

describe('protected ranges on an existing tab', () => {
  const ours = (
    id: number,
    column: string,
    startColumnIndex: number,
    extra: Partial<CurrentProtectedRange> = {},
  ): CurrentProtectedRange => ({
    protectedRangeId: id,
    range: { sheetId: 5, startColumnIndex, endColumnIndex: startColumnIndex + 1 },
    description: protectionDescription('meetings', column),
    warningOnly: true,
    ...extra,
  });
  const setUp = (protectedRanges: CurrentProtectedRange[]) =>
    planWorkbookSetup(
      {
        sheets: [
          sheet('会议', {
            sheetId: 5,
            headerRow: MEETINGS_ZH,
            frozenRowCount: 1,
            protectedRanges,
            dataValidations: MEETINGS_ZH.map((_, i) =>
              i === 2 ? enumDropdownRule(getColumn(getTab('meetings'), 'type')!, 'zh')! : null,
            ),
          }),
        ],
      },
      { language: 'zh' },
    );
  const forMeetings = (plan: WorkbookSetupPlan) =>
    plan.requests.filter(
      (request) =>
        JSON.stringify(request).includes('"sheetId":5') ||
        'deleteProtectedRange' in request ||
        'updateProtectedRange' in request,
    );

  it('leaves correct ranges alone', () => {
    expect(forMeetings(setUp([ours(1, 'id', 0), ours(2, 'status', 1), ours(5, 'minutesStatus', 14)]))).toEqual([]);
  });

  it('moves a range of ours to where its column now is, and makes it warning-only', () => {
    const plan = setUp([ours(1, 'id', 4), ours(2, 'status', 1, { warningOnly: false }), ours(5, 'minutesStatus', 14)]);
    expect(forMeetings(plan)).toEqual([
      {
        updateProtectedRange: {
          protectedRange: {
            protectedRangeId: 1,
            range: { sheetId: 5, startColumnIndex: 0, endColumnIndex: 1 },
            warningOnly: true,
          },
          fields: 'range,warningOnly',
        },
      },
      {
        updateProtectedRange: {
          protectedRange: {
            protectedRangeId: 2,
            range: { sheetId: 5, startColumnIndex: 1, endColumnIndex: 2 },
            warningOnly: true,
          },
          fields: 'range,warningOnly',
        },
      },
    ]);
  });

  it('removes a second copy of one of our ranges and one that names no system column', () => {
    const plan = setUp([
      ours(1, 'id', 0),
      ours(2, 'status', 1),
      ours(5, 'minutesStatus', 14),
      ours(3, 'id', 0),
      ours(4, 'title', 3),
    ]);
    expect(forMeetings(plan)).toEqual([
      { deleteProtectedRange: { protectedRangeId: 3 } },
      { deleteProtectedRange: { protectedRangeId: 4 } },
    ]);
  });

  it("never touches a person's own protected range", () => {
    const theirs = {
      protectedRangeId: 9,
      range: { sheetId: 5, startColumnIndex: 3, endColumnIndex: 4 },
      description: 'budget: finance only',
      warningOnly: false,
    };
    expect(forMeetings(setUp([ours(1, 'id', 0), ours(2, 'status', 1), ours(5, 'minutesStatus', 14), theirs]))).toEqual(
      [],
    );
  });

  it('leaves the range of a duplicated system column as it is, and appends no third copy', () => {
    const headerRow = [...MEETINGS_ZH, '编号'];
    const plan = planWorkbookSetup(
      {
        sheets: [
          sheet('会议', {
            sheetId: 5,
            headerRow,
            frozenRowCount: 1,
            protectedRanges: [ours(1, 'id', 0), ours(2, 'status', 1)],
          }),
        ],
      },
      { language: 'zh' },
    );
    expect(plan.headerWrites.filter((write) => write.sheetId === 5)).toEqual([]);
    expect(requestsOf(plan, 'deleteProtectedRange')).toEqual([]);
    expect(requestsOf(plan, 'updateProtectedRange')).toEqual([]);
    expect(plan.report.warnings.map((warning) => warning.code)).toContain('HEADER_DUPLICATE');
  });
});

describe('planning again after applying the plan', () => {
  const partial: CurrentWorkbook = {
    sheets: [
      sheet('Sheet1', { sheetId: 0, headerRow: ['anything'] }),
      sheet('会议', {
        sheetId: 1001,
        headerRow: ['会议主题', '会议类型', '我的备注', '开始时间', '编号'],
        columnCount: 8,
      }),
      sheet('People', { sheetId: 1002, headerRow: listHeaders(getTab('people'), 'en'), frozenRowCount: 2 }),
      sheet('评估汇总', {
        sheetId: 1003,
        rowCount: 1,
        protectedRanges: [
          {
            protectedRangeId: 1,
            range: { sheetId: 1003, startColumnIndex: 0, endColumnIndex: 1 },
            description: 'system:summary:id',
            warningOnly: true,
          },
        ],
      }),
    ],
  };

  it.each<[string, CurrentWorkbook, Lang]>([
    ['an empty workbook, zh', { sheets: [] }, 'zh'],
    ['an empty workbook, en', { sheets: [] }, 'en'],
    ['a partly set-up workbook, zh', partial, 'zh'],
    ['a partly set-up workbook, en', partial, 'en'],
  ])('%s: yields zero requests and zero header writes', (_case, current, language) => {
    const first = planWorkbookSetup(current, { language });
    expect(first.requests.length + first.headerWrites.length).toBeGreaterThan(0);
    const second = planWorkbookSetup(applyPlan(current, first), { language });
    expect(second.requests).toEqual([]);
    expect(second.headerWrites).toEqual([]);
    expect(second.report.created).toEqual([]);
    expect(second.report.upgraded).toEqual([]);
    expect(second.report.unchanged).toHaveLength(WORKBOOK_TABS.length);
  });
});
