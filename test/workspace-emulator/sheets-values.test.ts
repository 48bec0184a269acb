// spreadsheets.values.* through the genuine googleapis client over HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { sheets_v4 } from '@googleapis/sheets';
import { type EmulatedSheets, createSpreadsheet, googleErrorOf, startEmulatedSheets } from './emulated-sheets.ts';

let harness: EmulatedSheets;
let api: sheets_v4.Sheets;
let spreadsheetId: string;

beforeAll(async () => {
  harness = await startEmulatedSheets();
  api = harness.api;
});

afterAll(async () => {
  await harness.emulator.stop();
});

beforeEach(async () => {
  spreadsheetId = await createSpreadsheet(api);
  await api.spreadsheets.batchUpdate({
    spreadsheetId,
    requestBody: { requests: [{ addSheet: { properties: { title: 'Sheet 1' } } }] },
  });
});

async function read(range: string, params: Partial<sheets_v4.Params$Resource$Spreadsheets$Values$Get> = {}) {
  return (await api.spreadsheets.values.get({ spreadsheetId, range, ...params })).data;
}

describe('values.update and values.get', () => {
  it('writes a table at a single cell and reads it back with the normalised range', async () => {
    const update = await api.spreadsheets.values.update({
      spreadsheetId,
      range: "'Sheet 1'!B2",
      valueInputOption: 'RAW',
      requestBody: { values: [['name', 'age'], ['Li Wei', 42], ['Wang Fang']] },
    });
    expect(update.data).toEqual({
      spreadsheetId,
      updatedRange: "'Sheet 1'!B2:C4",
      updatedRows: 3,
      updatedColumns: 2,
      updatedCells: 5,
    });

    const got = await read("'Sheet 1'!A1:D5");
    expect(got).toEqual({
      range: "'Sheet 1'!A1:D5",
      majorDimension: 'ROWS',
      values: [[], ['', 'name', 'age'], ['', 'Li Wei', '42'], ['', 'Wang Fang']],
    });
  });

  it('reads whole columns, whole rows, open-ended ranges and a sheet name clipped to the grid', async () => {
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: "'Sheet 1'!A1:C3",
      valueInputOption: 'RAW',
      requestBody: {
        values: [
          ['a1', 'b1', 'c1'],
          ['a2', 'b2', 'c2'],
          ['a3', 'b3', 'c3'],
        ],
      },
    });
    expect(await read("'Sheet 1'!B:C")).toMatchObject({
      range: "'Sheet 1'!B1:C1000",
      values: [
        ['b1', 'c1'],
        ['b2', 'c2'],
        ['b3', 'c3'],
      ],
    });
    expect(await read("'Sheet 1'!2:3")).toMatchObject({
      range: "'Sheet 1'!A2:Z3",
      values: [
        ['a2', 'b2', 'c2'],
        ['a3', 'b3', 'c3'],
      ],
    });
    expect(await read("'Sheet 1'!A2:B")).toMatchObject({
      range: "'Sheet 1'!A2:B1000",
      values: [
        ['a2', 'b2'],
        ['a3', 'b3'],
      ],
    });
    expect(await read("'Sheet 1'")).toMatchObject({ range: "'Sheet 1'!A1:Z1000" });
    expect(await read("'Sheet 1'!C3")).toEqual({ range: "'Sheet 1'!C3", majorDimension: 'ROWS', values: [['c3']] });
  });

  it('a range without a sheet name means the first sheet', async () => {
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: 'A1',
      valueInputOption: 'RAW',
      requestBody: { values: [['first']] },
    });
    expect(await read('Sheet1!A1')).toMatchObject({ values: [['first']] });
  });

  it('returns no values key for an empty range, and trims trailing empty rows and cells', async () => {
    expect(await read("'Sheet 1'!A1:C3")).toEqual({ range: "'Sheet 1'!A1:C3", majorDimension: 'ROWS' });
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: "'Sheet 1'!A1",
      valueInputOption: 'RAW',
      requestBody: {
        values: [
          ['x', '', ''],
          ['', '', ''],
          ['', 'y', ''],
        ],
      },
    });
    expect((await read("'Sheet 1'!A1:E9")).values).toEqual([['x'], [], ['', 'y']]);
  });

  it('writes and reads by columns with majorDimension COLUMNS', async () => {
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: "'Sheet 1'!A1:B3",
      valueInputOption: 'RAW',
      requestBody: {
        majorDimension: 'COLUMNS',
        values: [
          ['a1', 'a2', 'a3'],
          ['b1', 'b2'],
        ],
      },
    });
    expect((await read("'Sheet 1'!A1:B3")).values).toEqual([['a1', 'b1'], ['a2', 'b2'], ['a3']]);
    expect((await read("'Sheet 1'!A1:B3", { majorDimension: 'COLUMNS' })).values).toEqual([
      ['a1', 'a2', 'a3'],
      ['b1', 'b2'],
    ]);
  });

  it('null leaves a cell unchanged while an empty string clears it', async () => {
    const range = "'Sheet 1'!A1";
    await api.spreadsheets.values.update({
      spreadsheetId,
      range,
      valueInputOption: 'RAW',
      requestBody: { values: [['keep', 'drop']] },
    });
    await api.spreadsheets.values.update({
      spreadsheetId,
      range,
      valueInputOption: 'RAW',
      requestBody: { values: [[null, '']] },
    });
    expect((await read("'Sheet 1'!A1:B1")).values).toEqual([['keep']]);
  });

  it('refuses data larger than a multi-cell range', async () => {
    const failure = await googleErrorOf(
      api.spreadsheets.values.update({
        spreadsheetId,
        range: "'Sheet 1'!A1:B1",
        valueInputOption: 'RAW',
        requestBody: { values: [['a', 'b', 'c']] },
      }),
    );
    expect(failure.status).toBe(400);
    expect(failure.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
  });

  it('grows the grid when a write goes past its edge', async () => {
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: "'Sheet 1'!AB1005",
      valueInputOption: 'RAW',
      requestBody: { values: [['far']] },
    });
    const sheet = (await api.spreadsheets.get({ spreadsheetId })).data.sheets?.find(
      (s) => s.properties?.title === 'Sheet 1',
    );
    expect(sheet?.properties?.gridProperties).toMatchObject({ rowCount: 1005, columnCount: 28 });
    expect((await read("'Sheet 1'!AB1005")).values).toEqual([['far']]);
  });

  it('returns the written values when includeValuesInResponse is set', async () => {
    const update = await api.spreadsheets.values.update({
      spreadsheetId,
      range: "'Sheet 1'!A1",
      valueInputOption: 'USER_ENTERED',
      includeValuesInResponse: true,
      responseValueRenderOption: 'UNFORMATTED_VALUE',
      requestBody: { values: [['7', 'seven']] },
    });
    expect(update.data.updatedData).toEqual({
      range: "'Sheet 1'!A1:B1",
      majorDimension: 'ROWS',
      values: [[7, 'seven']],
    });
  });
});

describe('valueInputOption and valueRenderOption', () => {
  const tricky = ['=SUM(A1)', '+86 138 0013 8000', '-5 days', '@mention', '42', 'TRUE', '2024-03-01'];

  async function writeTricky(valueInputOption: 'RAW' | 'USER_ENTERED'): Promise<void> {
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: "'Sheet 1'!A1",
      valueInputOption,
      requestBody: { values: [tricky] },
    });
  }

  it('RAW stores every string as typed text, never as a formula or number', async () => {
    await writeTricky('RAW');
    for (const valueRenderOption of ['FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA']) {
      expect((await read("'Sheet 1'!A1:G1", { valueRenderOption })).values).toEqual([tricky]);
    }
    const grid = await api.spreadsheets.get({ spreadsheetId, ranges: ["'Sheet 1'!A1:B1"], includeGridData: true });
    const cells = grid.data.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values;
    expect(cells?.[0]?.userEnteredValue).toEqual({ stringValue: '=SUM(A1)' });
    expect(cells?.[1]?.userEnteredValue).toEqual({ stringValue: '+86 138 0013 8000' });
  });

  it('USER_ENTERED parses numbers, booleans and dates and turns = + - into formulas', async () => {
    await writeTricky('USER_ENTERED');
    expect((await read("'Sheet 1'!A1:G1", { valueRenderOption: 'FORMULA' })).values).toEqual([
      ['=SUM(A1)', '=+86 138 0013 8000', '=-5 days', '@mention', 42, true, 45352],
    ]);
    const unformatted = (await read("'Sheet 1'!A1:G1", { valueRenderOption: 'UNFORMATTED_VALUE' })).values;
    expect(unformatted?.[0]?.slice(3)).toEqual(['@mention', 42, true, 45352]);
    const formatted = (await read("'Sheet 1'!A1:G1")).values;
    expect(formatted?.[0]?.slice(3)).toEqual(['@mention', '42', 'TRUE', '2024-03-01']);
    const dates = await read("'Sheet 1'!G1", {
      valueRenderOption: 'UNFORMATTED_VALUE',
      dateTimeRenderOption: 'FORMATTED_STRING',
    });
    expect(dates.values).toEqual([['2024-03-01']]);
  });

  it.each([
    ['1,234.5', 1234.5, '1234.5'],
    ['12.5%', 0.125, '12.50%'],
    ['50%', 0.5, '50%'],
    ['2024-03-01 08:30', 45352.354166666664, '2024-03-01 08:30'],
    ['13800138000', 13800138000, '13800138000'],
    ['false', false, 'FALSE'],
  ])('USER_ENTERED %j is stored as %j and shown as %j', async (typed, unformatted, formatted) => {
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: "'Sheet 1'!A1",
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [[typed]] },
    });
    expect((await read("'Sheet 1'!A1", { valueRenderOption: 'UNFORMATTED_VALUE' })).values).toEqual([[unformatted]]);
    expect((await read("'Sheet 1'!A1")).values).toEqual([[formatted]]);
  });

  it('formulas are stored but not evaluated: their value reads as #ERROR!', async () => {
    await writeTricky('USER_ENTERED');
    expect((await read("'Sheet 1'!A1")).values).toEqual([['#ERROR!']]);
  });

  it('USER_ENTERED keeps a leading apostrophe as a text marker', async () => {
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: "'Sheet 1'!A1",
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [["'0012", "'=not a formula"]] },
    });
    expect((await read("'Sheet 1'!A1:B1", { valueRenderOption: 'FORMULA' })).values).toEqual([
      ['0012', '=not a formula'],
    ]);
  });

  it('numbers and booleans sent as JSON keep their type under either option', async () => {
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: "'Sheet 1'!A1",
      valueInputOption: 'RAW',
      requestBody: { values: [[3.5, false, 1234567.891]] },
    });
    expect((await read("'Sheet 1'!A1:C1", { valueRenderOption: 'UNFORMATTED_VALUE' })).values).toEqual([
      [3.5, false, 1234567.891],
    ]);
    expect((await read("'Sheet 1'!A1:C1")).values).toEqual([['3.5', 'FALSE', '1234567.891']]);
  });

  it('valueInputOption is required', async () => {
    const failure = await googleErrorOf(
      api.spreadsheets.values.update({ spreadsheetId, range: "'Sheet 1'!A1", requestBody: { values: [['x']] } }),
    );
    expect(failure.status).toBe(400);
    expect(failure.error).toMatchObject({ message: "'valueInputOption' is required but not specified" });
  });
});

describe('values.append', () => {
  const header = [['ID', 'Name', 'Status']];

  it('appends below the table found in the range and reports tableRange', async () => {
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: "'Sheet 1'!A1",
      valueInputOption: 'RAW',
      requestBody: { values: [...header, ['1', 'Li', 'OK']] },
    });
    const appended = await api.spreadsheets.values.append({
      spreadsheetId,
      range: "'Sheet 1'!A:C",
      valueInputOption: 'RAW',
      requestBody: {
        values: [
          ['2', 'Wang', 'OK'],
          ['3', 'Zhao'],
        ],
      },
    });
    expect(appended.data).toEqual({
      spreadsheetId,
      tableRange: "'Sheet 1'!A1:C2",
      updates: { spreadsheetId, updatedRange: "'Sheet 1'!A3:C4", updatedRows: 2, updatedColumns: 3, updatedCells: 5 },
    });
    expect((await read("'Sheet 1'!A:C")).values).toEqual([
      ...header,
      ['1', 'Li', 'OK'],
      ['2', 'Wang', 'OK'],
      ['3', 'Zhao'],
    ]);
  });

  it('appends at the top of an empty range with no tableRange', async () => {
    const appended = await api.spreadsheets.values.append({
      spreadsheetId,
      range: "'Sheet 1'!B2:D",
      valueInputOption: 'RAW',
      requestBody: { values: header },
    });
    expect(appended.data.tableRange).toBeUndefined();
    expect(appended.data.updates?.updatedRange).toBe("'Sheet 1'!B2:D2");
  });

  it('INSERT_ROWS pushes the rows below the table down instead of overwriting them', async () => {
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: "'Sheet 1'!A1",
      valueInputOption: 'RAW',
      requestBody: { values: [['h1'], ['r1']] },
    });
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: "'Sheet 1'!C3",
      valueInputOption: 'RAW',
      requestBody: { values: [['below']] },
    });
    await api.spreadsheets.values.append({
      spreadsheetId,
      range: "'Sheet 1'!A1:A",
      valueInputOption: 'RAW',
      insertDataOption: 'INSERT_ROWS',
      requestBody: { values: [['r2']] },
    });
    expect((await read("'Sheet 1'!A1:C4")).values).toEqual([['h1'], ['r1'], ['r2'], ['', '', 'below']]);
    const sheet = (await api.spreadsheets.get({ spreadsheetId, ranges: ["'Sheet 1'"] })).data.sheets?.[0];
    expect(sheet?.properties?.gridProperties?.rowCount).toBe(1001);
  });

  it('RAW append keeps a leading = as text', async () => {
    await api.spreadsheets.values.append({
      spreadsheetId,
      range: "'Sheet 1'",
      valueInputOption: 'RAW',
      includeValuesInResponse: true,
      requestBody: { values: [['=HYPERLINK("http://evil")']] },
    });
    expect((await read("'Sheet 1'!A1", { valueRenderOption: 'FORMULA' })).values).toEqual([
      ['=HYPERLINK("http://evil")'],
    ]);
  });
});

describe('batchGet, batchUpdate, clear and batchClear', () => {
  it('batchUpdate writes several ranges and batchGet reads them back in order', async () => {
    const updated = await api.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: {
        valueInputOption: 'RAW',
        data: [
          { range: "'Sheet 1'!A1:B1", values: [['a', 'b']] },
          { range: 'Sheet1!C3', values: [['c']] },
        ],
      },
    });
    expect(updated.data).toMatchObject({
      spreadsheetId,
      totalUpdatedRows: 2,
      totalUpdatedColumns: 3,
      totalUpdatedCells: 3,
      totalUpdatedSheets: 2,
    });
    expect(updated.data.responses?.map((response) => response.updatedRange)).toEqual(["'Sheet 1'!A1:B1", 'Sheet1!C3']);

    const batch = await api.spreadsheets.values.batchGet({ spreadsheetId, ranges: ['Sheet1!C3', "'Sheet 1'!A1:B1"] });
    expect(batch.data).toEqual({
      spreadsheetId,
      valueRanges: [
        { range: 'Sheet1!C3', majorDimension: 'ROWS', values: [['c']] },
        { range: "'Sheet 1'!A1:B1", majorDimension: 'ROWS', values: [['a', 'b']] },
      ],
    });
  });

  it('a failing batchUpdate changes nothing', async () => {
    const failure = await googleErrorOf(
      api.spreadsheets.values.batchUpdate({
        spreadsheetId,
        requestBody: {
          valueInputOption: 'RAW',
          data: [
            { range: "'Sheet 1'!A1", values: [['written?']] },
            { range: 'Missing!A1', values: [['x']] },
          ],
        },
      }),
    );
    expect(failure.status).toBe(400);
    expect((await read("'Sheet 1'!A1")).values).toBeUndefined();
  });

  it('clear empties values and reports the cleared range; batchClear does several', async () => {
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: "'Sheet 1'!A1",
      valueInputOption: 'RAW',
      requestBody: {
        values: [
          ['a', 'b'],
          ['c', 'd'],
        ],
      },
    });
    const cleared = await api.spreadsheets.values.clear({ spreadsheetId, range: "'Sheet 1'!B:B", requestBody: {} });
    expect(cleared.data).toEqual({ spreadsheetId, clearedRange: "'Sheet 1'!B1:B1000" });
    expect((await read("'Sheet 1'!A1:B2")).values).toEqual([['a'], ['c']]);

    const batch = await api.spreadsheets.values.batchClear({
      spreadsheetId,
      requestBody: { ranges: ["'Sheet 1'!A1", "'Sheet 1'!A2"] },
    });
    expect(batch.data).toEqual({ spreadsheetId, clearedRanges: ["'Sheet 1'!A1", "'Sheet 1'!A2"] });
    expect((await read("'Sheet 1'")).values).toBeUndefined();
  });
});

describe('errors shaped like Google', () => {
  it.each(['Nope!A1', "'Sheet 1'!A1:B2:C3", 'Sheet1!A0'])(
    '400 INVALID_ARGUMENT "Unable to parse range" for %s',
    async (range) => {
      const failure = await googleErrorOf(read(range));
      expect(failure.status).toBe(400);
      expect(failure.code).toBe(400);
      expect(failure.error).toEqual({
        code: 400,
        message: `Unable to parse range: ${range}`,
        status: 'INVALID_ARGUMENT',
      });
    },
  );

  it('404 NOT_FOUND for an unknown spreadsheet', async () => {
    const failure = await googleErrorOf(
      api.spreadsheets.values.get({ spreadsheetId: 'no-such-spreadsheet', range: 'A1' }),
    );
    expect(failure.status).toBe(404);
    expect(failure.error).toEqual({ code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' });
  });

  it('400 when reading beyond the grid', async () => {
    const failure = await googleErrorOf(read("'Sheet 1'!A1001"));
    expect(failure.status).toBe(400);
    expect(failure.error).toMatchObject({ message: expect.stringContaining('exceeds grid limits') });
  });
});
