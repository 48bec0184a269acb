// workbook:init against the local Workspace emulator over HTTP, with the genuine googleapis client.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { sheets_v4 } from '@googleapis/sheets';
import { SheetsAdapter, a1Range, createSheetsClient } from '../../functions/src/adapters/sheets.ts';
import type { SheetsClient } from '../../functions/src/adapters/sheets.ts';
import { createWorkbook, setUpWorkbook } from '../../functions/src/adapters/workbook-setup.ts';
import { UsageError, parseWorkbookInitArgs, runWorkbookInit } from '../../functions/src/cli/workbook-init.ts';
import { WORKBOOK_TABS, listHeaders, getTab } from '../../functions/src/domain/workbook/workbook-schema.ts';
import { type WorkspaceEmulator, startWorkspaceEmulator } from '../../local/workspace-emulator/index.ts';

let emulator: WorkspaceEmulator;
let client: SheetsClient;
let adapter: SheetsAdapter;
let spreadsheetId: string;

beforeAll(async () => {
  emulator = await startWorkspaceEmulator({ port: 0 });
  client = createSheetsClient({ rootUrl: emulator.rootUrl });
  adapter = new SheetsAdapter(client);
});

afterAll(async () => {
  await emulator.stop();
});

beforeEach(async () => {
  const created = await client.spreadsheets.create({ requestBody: { properties: { title: 'Team workbook' } } });
  spreadsheetId = created.data.spreadsheetId ?? '';
});

async function fullSpreadsheet(id = spreadsheetId): Promise<sheets_v4.Schema$Spreadsheet> {
  return adapter.getSpreadsheet(id, { includeGridData: true });
}

function sheetTitled(spreadsheet: sheets_v4.Schema$Spreadsheet, title: string): sheets_v4.Schema$Sheet {
  const found = spreadsheet.sheets?.find((sheet) => sheet.properties?.title === title);
  if (!found) throw new Error(`no sheet ${title}`);
  return found;
}

function validationAt(
  sheet: sheets_v4.Schema$Sheet,
  row: number,
  column: number,
): sheets_v4.Schema$DataValidationRule | undefined {
  return sheet.data?.[0]?.rowData?.[row]?.values?.[column]?.dataValidation;
}

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runWorkbookInit(argv, {}, { log: (line) => out.push(line), error: (line) => err.push(line) });
  return { code, out, err };
}

describe('setUpWorkbook', () => {
  it('creates every tab with headers, a frozen header row, dropdowns and warning-only protections', async () => {
    const report = await setUpWorkbook(adapter, spreadsheetId, { language: 'zh' });
    expect(report.created).toEqual(WORKBOOK_TABS.map((tab) => tab.zh));
    expect(report.otherSheets).toEqual(['Sheet1']);

    const spreadsheet = await fullSpreadsheet();
    for (const tab of WORKBOOK_TABS) {
      expect(await adapter.readTab(spreadsheetId, tab.zh)).toEqual([listHeaders(tab, 'zh')]);
      expect(sheetTitled(spreadsheet, tab.zh).properties?.gridProperties?.frozenRowCount).toBe(1);
    }

    const meetings = sheetTitled(spreadsheet, '会议');
    const typeRule = {
      condition: {
        type: 'ONE_OF_LIST',
        values: ['周例会', '月度总结会', '专题会', '临时会议', '销售商会议', '客服专题会'].map((userEnteredValue) => ({
          userEnteredValue,
        })),
      },
      showCustomUi: true,
      strict: false,
    };
    expect(validationAt(meetings, 1, 2)).toEqual(typeRule);
    expect(validationAt(meetings, 999, 2)).toEqual(typeRule);
    expect(validationAt(meetings, 0, 2)).toBeUndefined(); // not on the header
    expect(validationAt(meetings, 1, 3)).toBeUndefined();

    expect(
      meetings.protectedRanges?.map((range) => [
        range.description,
        range.warningOnly,
        range.range?.startColumnIndex,
        range.range?.endColumnIndex,
      ]),
    ).toEqual([
      ['system:meetings:id', true, 0, 1],
      ['system:meetings:status', true, 1, 2],
      ['system:meetings:minutesStatus', true, 14, 15],
    ]);
    const summary = sheetTitled(spreadsheet, '评估汇总');
    expect(summary.protectedRanges?.map((range) => [range.description, range.warningOnly, range.range])).toEqual([
      ['system:summary', true, { sheetId: summary.properties?.sheetId }],
    ]);
  });

  it('run twice: the second run sends nothing and reports every tab unchanged', async () => {
    await setUpWorkbook(adapter, spreadsheetId, { language: 'zh' });
    const before = await fullSpreadsheet();
    const report = await setUpWorkbook(adapter, spreadsheetId, { language: 'zh' });
    expect(await fullSpreadsheet()).toEqual(before);
    expect(report.created).toEqual([]);
    expect(report.upgraded).toEqual([]);
    expect(report.unchanged).toEqual(WORKBOOK_TABS.map((tab) => tab.zh));
    expect(report.changes).toEqual([]);
  });

  it(
    "upgrades an existing tab around the user's data: extra column, order and values kept, missing columns " +
      'appended',
    async () => {
      await client.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: {
          requests: [
            { addSheet: { properties: { title: 'Meetings', gridProperties: { rowCount: 5, columnCount: 6 } } } },
          ],
        },
      });
      const typed = [
        ['Title', 'My notes', 'Type', 'Start', 'ID'],
        ['Weekly S&OP', 'bring laptop', '周例会', '2025/03/03 09:00', 'mtg-1'],
        ['=1+1', '', 'monthly review', '2025/03/31 14:00', 'mtg-2'],
      ];
      await adapter.writeValues(spreadsheetId, a1Range('Meetings', 'A1'), typed);

      const report = await setUpWorkbook(adapter, spreadsheetId, { language: 'en' });
      expect(report.upgraded).toEqual(['Meetings']);
      expect(report.created).not.toContain('Meetings');
      expect(report.warnings.map((warning) => [warning.code, warning.title])).toEqual([['HEADER_UNKNOWN', 'Meetings']]);
      const change = report.changes.find((entry) => entry.title === 'Meetings');
      expect(change?.addedColumns).toEqual([
        'Status',
        'Series',
        'Recurrence',
        'End',
        'Venue',
        'Host',
        'Recorder',
        'Lodging note',
        'Budget',
        'Actual cost',
        'Minutes status',
      ]);

      const rows = await adapter.readTab(spreadsheetId, 'Meetings');
      expect(rows[0]).toEqual([...(typed[0] ?? []), ...(change?.addedColumns ?? [])]);
      expect(rows.slice(1)).toEqual(typed.slice(1));

      const meetings = sheetTitled(await fullSpreadsheet(), 'Meetings');
      expect(meetings.properties?.gridProperties?.columnCount).toBe(16);
      expect(meetings.protectedRanges?.map((range) => [range.description, range.range?.startColumnIndex])).toEqual([
        ['system:meetings:id', 4],
        ['system:meetings:status', 5],
        ['system:meetings:minutesStatus', 15],
      ]);
      expect(validationAt(meetings, 1, 2)?.condition?.values?.[0]?.userEnteredValue).toBe('weekly S&OP');
      expect(validationAt(meetings, 4, 2)?.condition?.values?.[0]?.userEnteredValue).toBe('weekly S&OP');

      const before = await fullSpreadsheet();
      const again = await setUpWorkbook(adapter, spreadsheetId, { language: 'en' });
      expect(await fullSpreadsheet()).toEqual(before);
      expect(again.unchanged).toContain('Meetings');
    },
  );

  it('keeps Chinese headers when run in English, and recognises the Chinese tab titles', async () => {
    await setUpWorkbook(adapter, spreadsheetId, { language: 'zh' });
    const report = await setUpWorkbook(adapter, spreadsheetId, { language: 'en' });
    expect(report.created).toEqual([]);
    expect(report.changes.every((change) => change.addedColumns.length === 0)).toBe(true);
    expect(await adapter.readTab(spreadsheetId, '人员')).toEqual([listHeaders(getTab('people'), 'zh')]);
    // Only the dropdown labels follow the language asked for.
    expect(report.changes.map((change) => change.dropdownColumns)).toContainEqual(['Role', 'Mail language']);
  });
});

describe('createWorkbook', () => {
  it('creates a spreadsheet holding exactly the workbook tabs, already set up', async () => {
    const id = await createWorkbook(adapter, 'Demo 演示', 'zh');
    const spreadsheet = await adapter.getSpreadsheet(id);
    expect(spreadsheet.properties?.title).toBe('Demo 演示');
    expect(spreadsheet.properties?.timeZone).toBe('Asia/Shanghai');
    expect(spreadsheet.sheets?.map((sheet) => sheet.properties?.title)).toEqual(WORKBOOK_TABS.map((tab) => tab.zh));
    const report = await setUpWorkbook(adapter, id, { language: 'zh' });
    expect(report.unchanged).toHaveLength(WORKBOOK_TABS.length);
  });

  it('accepts a bare client as well', async () => {
    const id = await createWorkbook(client, 'Demo', 'en');
    expect((await adapter.getSpreadsheet(id)).sheets?.map((sheet) => sheet.properties?.title)).toEqual(
      WORKBOOK_TABS.map((tab) => tab.en),
    );
  });
});

describe('workbook:init CLI', () => {
  it('reports the tabs it created, then "Nothing to change" on the second run', async () => {
    const first = await run(['--spreadsheet', spreadsheetId, '--root-url', emulator.rootUrl, '--language', 'zh']);
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.out).toEqual([
      `Workbook ${spreadsheetId} (zh)`,
      `Created tabs: ${WORKBOOK_TABS.map((tab) => tab.zh).join(', ')}`,
      'Other sheets, left alone: Sheet1',
    ]);
    const second = await run(['--spreadsheet', spreadsheetId, '--root-url', emulator.rootUrl, '--language', 'zh']);
    expect(second.out).toEqual([
      `Workbook ${spreadsheetId} (zh)`,
      `Nothing to change: all ${WORKBOOK_TABS.length} tabs are already set up.`,
      'Other sheets, left alone: Sheet1',
    ]);
  });

  it('names the added columns of an upgraded tab and warns about unknown headers', async () => {
    await client.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: { requests: [{ addSheet: { properties: { title: '会议' } } }] },
    });
    await adapter.writeValues(spreadsheetId, a1Range('会议', 'A1'), [
      ['编号', '状态', '会议类型', '会议主题', '开始时间', '结束时间', '我的备注'],
    ]);
    const { code, out, err } = await run(['--spreadsheet', spreadsheetId, '--root-url', emulator.rootUrl]);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toContain(
      'Upgraded: 会议 (added columns 系列, 重复规则, 地点, 主持人, 记录人, 食宿安排, 预算, 实际费用, 纪要状态; froze the header row; ' +
        'dropdowns on 会议类型; protected 编号, 状态, 纪要状态)',
    );
    expect(out.some((line) => line.startsWith('Warning: “会议”表第 G 列:表头“我的备注”无法识别'))).toBe(true);
  });

  it('--create makes a new workbook and prints its id', async () => {
    const { code, out, err } = await run(['--create', 'New team', '--root-url', emulator.rootUrl, '--language', 'en']);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^Created spreadsheet \S+ \(en\): http/);
    expect(out[1]).toBe(`Created tabs: ${WORKBOOK_TABS.map((tab) => tab.en).join(', ')}`);
  });

  it('exits 1 with a clear message for a spreadsheet that does not exist', async () => {
    const { code, err } = await run(['--spreadsheet', 'no-such-id', '--root-url', emulator.rootUrl]);
    expect(code).toBe(1);
    expect(err).toEqual([`Spreadsheet no-such-id not found in the local Workspace emulator at ${emulator.rootUrl}.`]);
  });

  it('exits 1 with a clear message when the emulator is not running', async () => {
    const { code, err } = await run(['--spreadsheet', 'x', '--root-url', 'http://127.0.0.1:9/']);
    expect(code).toBe(1);
    expect(err[0]).toMatch(/^Cannot reach the Sheets API at http:\/\/127\.0\.0\.1:9\/ \(ECONNREFUSED\)/);
  });

  it('exits 1 with usage for bad arguments', async () => {
    const { code, err } = await run(['--language', 'fr', '--spreadsheet', 'x']);
    expect(code).toBe(1);
    expect(err[0]).toContain('--language must be zh or en');
  });
});

describe('parseWorkbookInitArgs', () => {
  it.each([
    [
      'language from DEFAULT_LANGUAGE',
      ['--spreadsheet', 'abc'],
      { DEFAULT_LANGUAGE: 'en' },
      { spreadsheetId: 'abc', language: 'en', help: false },
    ],
    [
      'zh by default, also for a mixed workbook',
      ['--spreadsheet', 'abc'],
      { DEFAULT_LANGUAGE: 'mixed' },
      { spreadsheetId: 'abc', language: 'zh', help: false },
    ],
    [
      'root URL from WORKSPACE_ROOT_URL, with a trailing slash',
      ['--spreadsheet', 'abc'],
      { WORKSPACE_ROOT_URL: 'http://127.0.0.1:8085' },
      { spreadsheetId: 'abc', language: 'zh', rootUrl: 'http://127.0.0.1:8085/', help: false },
    ],
    [
      '--root-url over the env',
      ['--spreadsheet', 'abc', '--root-url', 'http://h:1/'],
      { WORKSPACE_ROOT_URL: 'http://x:2/' },
      { spreadsheetId: 'abc', language: 'zh', rootUrl: 'http://h:1/', help: false },
    ],
    [
      'an id that starts with a dash (base64url)',
      ['--spreadsheet', '-Xy_1', '--language', 'en'],
      {},
      { spreadsheetId: '-Xy_1', language: 'en', help: false },
    ],
    [
      '--create instead of --spreadsheet',
      ['--create', 'Team'],
      {},
      { createTitle: 'Team', language: 'zh', help: false },
    ],
  ])('%s', (_case, argv, env, expected) => {
    expect(parseWorkbookInitArgs(argv, env)).toEqual(expected);
  });

  it.each([
    ['neither --spreadsheet nor --create', []],
    ['both', ['--spreadsheet', 'a', '--create', 'b']],
    ['an unknown option', ['--spreadsheet', 'a', '--force']],
    ['a bad root URL', ['--spreadsheet', 'a', '--root-url', 'not a url']],
  ])('refuses %s', (_case, argv) => {
    expect(() => parseWorkbookInitArgs(argv, {})).toThrow(UsageError);
  });
});
