// The production Sheets adapter against the local Workspace emulator (genuine googleapis client, rootUrl only).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auth as googleAuth } from '@googleapis/sheets';
import { SheetsAdapter, a1Range, createSheetsClient } from '../../functions/src/adapters/sheets.ts';
import { type WorkspaceEmulator, startWorkspaceEmulator } from '../../local/workspace-emulator/index.ts';

let emulator: WorkspaceEmulator;
let adapter: SheetsAdapter;
let spreadsheetId: string;
const tab = "People's 人员";

beforeAll(async () => {
  emulator = await startWorkspaceEmulator({ port: 0 });
  adapter = new SheetsAdapter(createSheetsClient({ rootUrl: emulator.rootUrl }));
});

afterAll(async () => {
  await emulator.stop();
});

beforeEach(async () => {
  const client = createSheetsClient({ rootUrl: emulator.rootUrl });
  const created = await client.spreadsheets.create({ requestBody: { sheets: [{ properties: { title: tab } }] } });
  spreadsheetId = created.data.spreadsheetId ?? '';
});

describe('SheetsAdapter', () => {
  it('a1Range quotes any tab title', () => {
    expect(a1Range(tab, 'A1:B2')).toBe("'People''s 人员'!A1:B2");
    expect(a1Range('Sheet1')).toBe("'Sheet1'");
  });

  it('writeValues stores formula-looking and phone-number text as plain text (RAW)', async () => {
    const result = await adapter.writeValues(spreadsheetId, a1Range(tab, 'A1'), [
      ['email', 'phone', 'note'],
      ['li@example.com', '+86 138 0013 8000', '=IMPORTXML("http://x")'],
      ['wang@example.com', '-1', '@here'],
    ]);
    expect(result).toEqual({ updatedRange: "'People''s 人员'!A1:C3", updatedCells: 9 });
    expect(await adapter.readTab(spreadsheetId, tab)).toEqual([
      ['email', 'phone', 'note'],
      ['li@example.com', '+86 138 0013 8000', '=IMPORTXML("http://x")'],
      ['wang@example.com', '-1', '@here'],
    ]);
  });

  it('readTab returns typed values, trimmed, and [] for an empty tab', async () => {
    expect(await adapter.readTab(spreadsheetId, tab)).toEqual([]);
    await adapter.writeValues(spreadsheetId, a1Range(tab, 'A1'), [
      ['n', 'flag'],
      [45352, true],
      ['', ''],
    ]);
    expect(await adapter.readTab(spreadsheetId, tab)).toEqual([
      ['n', 'flag'],
      [45352, true],
    ]);
  });

  it('batchUpdate passes requests through and returns the replies', async () => {
    const replies = await adapter.batchUpdate(spreadsheetId, [
      { addSheet: { properties: { title: 'Summary 评估汇总' } } },
      {
        updateSheetProperties: {
          properties: { sheetId: 0, gridProperties: { frozenRowCount: 1 } },
          fields: 'gridProperties.frozenRowCount',
        },
      },
    ]);
    expect(replies[0]?.addSheet?.properties?.title).toBe('Summary 评估汇总');
    expect(replies[1]).toEqual({});
    const spreadsheet = await adapter.getSpreadsheet(spreadsheetId);
    expect(spreadsheet.sheets?.map((sheet) => sheet.properties?.title)).toEqual([tab, 'Summary 评估汇总']);
    expect(spreadsheet.sheets?.[0]?.properties?.gridProperties?.frozenRowCount).toBe(1);
  });

  it('getSpreadsheet with ranges and grid data returns the cells', async () => {
    await adapter.writeValues(spreadsheetId, a1Range(tab, 'B2'), [['x']]);
    const spreadsheet = await adapter.getSpreadsheet(spreadsheetId, {
      ranges: [a1Range(tab, 'B2')],
      includeGridData: true,
    });
    expect(spreadsheet.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values?.[0]?.formattedValue).toBe('x');
  });

  it(
    'appendRows writes below the last row even with a ' + 'blank row in the middle, and returns the first row',
    async () => {
      await adapter.writeValues(spreadsheetId, a1Range(tab, 'A1'), [
        ['ID', 'Title'],
        ['M-1', 'one'],
        ['', ''],
        ['M-3', 'three'],
      ]);
      const rows = await adapter.readTab(spreadsheetId, tab);
      const first = await adapter.appendRows(
        spreadsheetId,
        tab,
        [
          ['M-4', 'four'],
          ['M-5', 'five'],
        ],
        rows.length + 1,
      );
      expect(first).toBe(5);
      expect(await adapter.readTab(spreadsheetId, tab)).toEqual([
        ['ID', 'Title'],
        ['M-1', 'one'],
        [],
        ['M-3', 'three'],
        ['M-4', 'four'],
        ['M-5', 'five'],
      ]);
    },
  );

  it(
    'appendRows inserts at the row it is given: a row someone typed there meanwhile moves down, whatever its ' +
      'columns',
    async () => {
      await adapter.writeValues(spreadsheetId, a1Range(tab, 'A1'), [
        ['ID', 'Title', 'Note'],
        ['M-1', 'one', 'x'],
      ]);
      const atRow = (await adapter.readTab(spreadsheetId, tab)).length + 1;
      // Typed meanwhile, in column B alone: a "table" found there would start at B and shift the new values.
      await adapter.writeValues(spreadsheetId, a1Range(tab, `B${atRow}`), [['typed meanwhile']]);
      const first = await adapter.appendRows(
        spreadsheetId,
        tab,
        [
          ['M-2', 'generated', '=1+1'],
          ['M-3', '', 7],
        ],
        atRow,
      );
      expect(first).toBe(3);
      expect(await adapter.readTab(spreadsheetId, tab)).toEqual([
        ['ID', 'Title', 'Note'],
        ['M-1', 'one', 'x'],
        ['M-2', 'generated', '=1+1'],
        ['M-3', '', 7],
        ['', 'typed meanwhile'],
      ]);
    },
  );

  it('appendRows puts its rows exactly at the row given, even where a whole row was typed meanwhile', async () => {
    await adapter.writeValues(spreadsheetId, a1Range(tab, 'A1'), [
      ['ID', 'Title'],
      ['M-1', 'one'],
    ]);
    await adapter.writeValues(spreadsheetId, a1Range(tab, 'A3'), [
      ['typed', 'typed in A and B'],
      ['x', 'below it'],
    ]);
    expect(await adapter.appendRows(spreadsheetId, tab, [['M-2', 'generated']], 3)).toBe(3);
    expect(await adapter.readTab(spreadsheetId, tab)).toEqual([
      ['ID', 'Title'],
      ['M-1', 'one'],
      ['M-2', 'generated'],
      ['typed', 'typed in A and B'],
      ['x', 'below it'],
    ]);
  });

  it('appendRows past the last row of a full grid adds rows at the end', async () => {
    const client = createSheetsClient({ rootUrl: emulator.rootUrl });
    const small = await client.spreadsheets.create({
      requestBody: { sheets: [{ properties: { title: 'Small', gridProperties: { rowCount: 3, columnCount: 3 } } }] },
    });
    const id = small.data.spreadsheetId!;
    await adapter.writeValues(id, a1Range('Small', 'A1'), [
      ['ID', 'Title'],
      ['M-1', 'one'],
      ['M-2', 'two'],
    ]);
    expect(
      await adapter.appendRows(
        id,
        'Small',
        [
          ['M-3', 'three'],
          ['M-4', 'four'],
        ],
        4,
      ),
    ).toBe(4);
    expect(await adapter.readTab(id, 'Small')).toEqual([
      ['ID', 'Title'],
      ['M-1', 'one'],
      ['M-2', 'two'],
      ['M-3', 'three'],
      ['M-4', 'four'],
    ]);
    const grid = (await adapter.getSpreadsheet(id)).sheets?.[0]?.properties?.gridProperties;
    expect(grid?.rowCount).toBe(5);
  });

  it('writeRanges writes several ranges in one request', async () => {
    expect(
      await adapter.writeRanges(spreadsheetId, [
        { range: a1Range(tab, 'A1'), values: [['a']] },
        { range: a1Range(tab, 'C2:D2'), values: [['c', 'd']] },
      ]),
    ).toBe(3);
    expect(await adapter.readTab(spreadsheetId, tab)).toEqual([['a'], ['', '', 'c', 'd']]);
    expect(await adapter.writeRanges(spreadsheetId, [])).toBe(0);
  });

  it('the emulator accepts a client that sends OAuth credentials, as production does', async () => {
    const oauth = new googleAuth.OAuth2();
    // A token that never expires, whatever the machine's date, so the client sends it without trying a refresh.
    oauth.setCredentials({ access_token: 'not-a-real-token', expiry_date: Date.UTC(2999, 0, 1) });
    const authorised = new SheetsAdapter(createSheetsClient({ rootUrl: emulator.rootUrl, auth: oauth }));
    await authorised.writeValues(spreadsheetId, a1Range(tab, 'A1'), [['ok']]);
    expect(await authorised.readTab(spreadsheetId, tab)).toEqual([['ok']]);
  });

  it('errors surface as the client error with the Google status', async () => {
    await expect(adapter.readTab(spreadsheetId, 'No such tab')).rejects.toMatchObject({ status: 400 });
    await expect(adapter.getSpreadsheet('missing')).rejects.toMatchObject({ status: 404 });
  });
});
