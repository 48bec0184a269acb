// spreadsheets.create / get / batchUpdate through the genuine googleapis client over HTTP.
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
});

async function batch(requests: sheets_v4.Schema$Request[]): Promise<sheets_v4.Schema$BatchUpdateSpreadsheetResponse> {
  return (await api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } })).data;
}

async function sheetTitled(title: string): Promise<sheets_v4.Schema$Sheet | undefined> {
  const spreadsheet = (await api.spreadsheets.get({ spreadsheetId })).data;
  return spreadsheet.sheets?.find((sheet) => sheet.properties?.title === title);
}

async function addSheet(title: string): Promise<number> {
  const reply = await batch([{ addSheet: { properties: { title } } }]);
  const sheetId = reply.replies?.[0]?.addSheet?.properties?.sheetId;
  if (sheetId == null) throw new Error('addSheet returned no sheetId');
  return sheetId;
}

describe('spreadsheets.create and get', () => {
  it('creates a workbook with one default sheet, sheetId 0, 1000 x 26', async () => {
    const created = await api.spreadsheets.create({
      requestBody: { properties: { title: '会议 Meetings', timeZone: 'Asia/Shanghai' } },
    });
    expect(created.data.spreadsheetId).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(created.data.properties).toMatchObject({
      title: '会议 Meetings',
      timeZone: 'Asia/Shanghai',
      locale: 'en_US',
    });
    expect(created.data.sheets).toEqual([
      {
        properties: {
          sheetId: 0,
          title: 'Sheet1',
          index: 0,
          sheetType: 'GRID',
          gridProperties: { rowCount: 1000, columnCount: 26 },
        },
      },
    ]);
    expect(created.data.spreadsheetUrl).toContain(`/spreadsheets/d/${created.data.spreadsheetId}/edit`);
  });

  it('creates the requested sheets with their data', async () => {
    const created = await api.spreadsheets.create({
      requestBody: {
        sheets: [
          { properties: { title: 'People', gridProperties: { rowCount: 10, columnCount: 5, frozenRowCount: 1 } } },
          {
            properties: { title: 'Meetings' },
            data: [
              { startRow: 0, startColumn: 0, rowData: [{ values: [{ userEnteredValue: { stringValue: 'Title' } }] }] },
            ],
          },
        ],
      },
    });
    const id = created.data.spreadsheetId ?? '';
    expect(created.data.sheets?.map((sheet) => sheet.properties?.title)).toEqual(['People', 'Meetings']);
    expect(created.data.sheets?.[0]?.properties?.gridProperties).toEqual({
      rowCount: 10,
      columnCount: 5,
      frozenRowCount: 1,
    });
    const values = await api.spreadsheets.values.get({ spreadsheetId: id, range: 'Meetings!A1' });
    expect(values.data.values).toEqual([['Title']]);
  });

  it('get with ranges and includeGridData returns only those sheets and their cells', async () => {
    await addSheet('Other');
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: 'Other!B2',
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [['5', 'five']] },
    });
    const got = await api.spreadsheets.get({
      spreadsheetId,
      ranges: ['Other!B2:C2'],
      includeGridData: true,
      fields: 'sheets(properties,data)',
    });
    expect(got.data.sheets).toHaveLength(1);
    const data = got.data.sheets?.[0]?.data?.[0];
    expect(data).toMatchObject({ startRow: 1, startColumn: 1 });
    expect(data?.rowData?.[0]?.values?.[0]).toMatchObject({
      userEnteredValue: { numberValue: 5 },
      effectiveValue: { numberValue: 5 },
      formattedValue: '5',
    });
    expect(data?.rowData?.[0]?.values?.[1]).toMatchObject({
      userEnteredValue: { stringValue: 'five' },
      formattedValue: 'five',
    });
  });

  it('404 NOT_FOUND for an unknown spreadsheet', async () => {
    const failure = await googleErrorOf(api.spreadsheets.get({ spreadsheetId: 'missing' }));
    expect(failure.status).toBe(404);
    expect(failure.code).toBe(404);
    expect(failure.error).toEqual({ code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' });
  });
});

describe('spreadsheets.batchUpdate', () => {
  it('answers replies in request order with the real reply shapes', async () => {
    const response = await batch([
      { addSheet: { properties: { title: 'Agenda 议程', index: 0 } } },
      { appendDimension: { sheetId: 0, dimension: 'ROWS', length: 10 } },
      { addSheet: { properties: { title: 'Minutes', sheetId: 77 } } },
    ]);
    expect(response.spreadsheetId).toBe(spreadsheetId);
    expect(response.replies).toHaveLength(3);
    expect(response.replies?.[0]?.addSheet?.properties).toMatchObject({
      title: 'Agenda 议程',
      index: 0,
      sheetType: 'GRID',
      gridProperties: { rowCount: 1000, columnCount: 26 },
    });
    expect(response.replies?.[1]).toEqual({});
    expect(response.replies?.[2]?.addSheet?.properties).toMatchObject({ sheetId: 77, index: 2 });
    const spreadsheet = (await api.spreadsheets.get({ spreadsheetId })).data;
    expect(spreadsheet.sheets?.map((sheet) => [sheet.properties?.title, sheet.properties?.index])).toEqual([
      ['Agenda 议程', 0],
      ['Sheet1', 1],
      ['Minutes', 2],
    ]);
    expect(spreadsheet.sheets?.[1]?.properties?.gridProperties?.rowCount).toBe(1010);
  });

  it('refuses a duplicate sheet title and applies nothing from the failed batch', async () => {
    const failure = await googleErrorOf(
      batch([{ addSheet: { properties: { title: 'Fresh' } } }, { addSheet: { properties: { title: 'sheet1' } } }]),
    );
    expect(failure.status).toBe(400);
    expect(failure.error).toMatchObject({
      status: 'INVALID_ARGUMENT',
      message: expect.stringContaining('requests[1].addSheet'),
    });
    expect(await sheetTitled('Fresh')).toBeUndefined();
  });

  it('updateSheetProperties honours the fields mask (frozen rows, title) and leaves the rest', async () => {
    const sheetId = await addSheet('People');
    await batch([
      {
        updateSheetProperties: {
          properties: { sheetId, title: 'People 人员', gridProperties: { frozenRowCount: 1, rowCount: 5 } },
          fields: 'title,gridProperties.frozenRowCount',
        },
      },
    ]);
    const sheet = await sheetTitled('People 人员');
    expect(sheet?.properties?.gridProperties).toEqual({ rowCount: 1000, columnCount: 26, frozenRowCount: 1 });

    await batch([
      {
        updateSheetProperties: {
          properties: { sheetId, gridProperties: { frozenColumnCount: 2 } },
          fields: 'gridProperties(frozenRowCount,frozenColumnCount)',
        },
      },
    ]);
    expect((await sheetTitled('People 人员'))?.properties?.gridProperties).toEqual({
      rowCount: 1000,
      columnCount: 26,
      frozenColumnCount: 2,
    });
  });

  it('deleteSheet removes a sheet, but never the last one', async () => {
    const sheetId = await addSheet('Temp');
    await batch([{ deleteSheet: { sheetId } }]);
    expect(await sheetTitled('Temp')).toBeUndefined();
    const failure = await googleErrorOf(batch([{ deleteSheet: { sheetId: 0 } }]));
    expect(failure.status).toBe(400);
    const unknown = await googleErrorOf(batch([{ deleteSheet: { sheetId: 999 } }]));
    expect(unknown.error).toMatchObject({ message: 'Invalid requests[0].deleteSheet: No grid with id: 999' });
  });

  it('addProtectedRange returns an id, is listed by get, and deleteProtectedRange removes it', async () => {
    const sheetId = await addSheet('Customers');
    const response = await batch([
      {
        addProtectedRange: {
          protectedRange: {
            range: { sheetId, startRowIndex: 0, startColumnIndex: 8, endColumnIndex: 10 },
            description: 'system columns',
            warningOnly: false,
            editors: { users: ['robot@example.com'] },
          },
        },
      },
    ]);
    const protectedRange = response.replies?.[0]?.addProtectedRange?.protectedRange;
    expect(protectedRange?.protectedRangeId).toEqual(expect.any(Number));
    expect(protectedRange).toMatchObject({ description: 'system columns', range: { sheetId, startColumnIndex: 8 } });

    const listed = (await sheetTitled('Customers'))?.protectedRanges;
    expect(listed).toEqual([protectedRange]);

    await batch([{ deleteProtectedRange: { protectedRangeId: protectedRange?.protectedRangeId } }]);
    expect((await sheetTitled('Customers'))?.protectedRanges).toBeUndefined();
  });

  it('setDataValidation stores the rule on each cell of the range without enforcing it', async () => {
    const sheetId = await addSheet('Visits');
    const rule: sheets_v4.Schema$DataValidationRule = {
      condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: 'phone' }, { userEnteredValue: 'home' }] },
      strict: true,
      showCustomUi: true,
    };
    await batch([
      {
        setDataValidation: {
          range: { sheetId, startRowIndex: 1, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 1 },
          rule,
        },
      },
    ]);
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: 'Visits!A2',
      valueInputOption: 'RAW',
      requestBody: { values: [['fax']] },
    });
    const got = await api.spreadsheets.get({ spreadsheetId, ranges: ['Visits!A1:A3'], includeGridData: true });
    const rows = got.data.sheets?.[0]?.data?.[0]?.rowData ?? [];
    expect(rows[0]?.values?.[0]?.dataValidation).toBeUndefined();
    expect(rows[1]?.values?.[0]).toMatchObject({ dataValidation: rule, formattedValue: 'fax' });
    expect(rows[2]?.values?.[0]?.dataValidation).toEqual(rule);
  });

  it('updateCells with start writes rows; with a range it clears what rows do not cover', async () => {
    await batch([
      {
        updateCells: {
          start: { sheetId: 0, rowIndex: 0, columnIndex: 0 },
          rows: [
            { values: [{ userEnteredValue: { stringValue: 'a' } }, { userEnteredValue: { numberValue: 2 } }] },
            { values: [{ userEnteredValue: { formulaValue: '=A1' } }] },
          ],
          fields: 'userEnteredValue',
        },
      },
    ]);
    const formula = await api.spreadsheets.values.get({
      spreadsheetId,
      range: 'Sheet1!A1:B2',
      valueRenderOption: 'FORMULA',
    });
    expect(formula.data.values).toEqual([['a', 2], ['=A1']]);

    await batch([
      {
        updateCells: {
          range: { sheetId: 0, startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2 },
          rows: [{ values: [{ userEnteredValue: { boolValue: true } }] }],
          fields: 'userEnteredValue',
        },
      },
    ]);
    const after = await api.spreadsheets.values.get({
      spreadsheetId,
      range: 'Sheet1!A1:B2',
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    expect(after.data.values).toEqual([[true]]);
  });

  it('repeatCell applies the masked fields to every cell in the range', async () => {
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: 'Sheet1!A1',
      valueInputOption: 'RAW',
      requestBody: { values: [[0.25, 0.5]] },
    });
    await batch([
      {
        repeatCell: {
          range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 2 },
          cell: { userEnteredFormat: { numberFormat: { type: 'PERCENT', pattern: '0.0%' } } },
          fields: 'userEnteredFormat.numberFormat',
        },
      },
    ]);
    const formatted = await api.spreadsheets.values.get({ spreadsheetId, range: 'Sheet1!A1:B1' });
    expect(formatted.data.values).toEqual([['25.0%', '50.0%']]);
    const raw = await api.spreadsheets.values.get({
      spreadsheetId,
      range: 'Sheet1!A1:B1',
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    expect(raw.data.values).toEqual([[0.25, 0.5]]);
  });

  it('insertDimension and deleteDimension move rows, the row count and protected ranges', async () => {
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: 'Sheet1!A1',
      valueInputOption: 'RAW',
      requestBody: { values: [['r1'], ['r2'], ['r3']] },
    });
    const added = await batch([
      { addProtectedRange: { protectedRange: { range: { sheetId: 0, startRowIndex: 2, endRowIndex: 3 } } } },
    ]);
    const protectedRangeId = added.replies?.[0]?.addProtectedRange?.protectedRange?.protectedRangeId;

    await batch([
      {
        insertDimension: {
          range: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 3 },
          inheritFromBefore: true,
        },
      },
    ]);
    let values = await api.spreadsheets.values.get({ spreadsheetId, range: 'Sheet1!A1:A6' });
    expect(values.data.values).toEqual([['r1'], [], [], ['r2'], ['r3']]);
    let sheet = await sheetTitled('Sheet1');
    expect(sheet?.properties?.gridProperties?.rowCount).toBe(1002);
    expect(sheet?.protectedRanges?.[0]).toMatchObject({
      protectedRangeId,
      range: { startRowIndex: 4, endRowIndex: 5 },
    });

    await batch([{ deleteDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 0, endIndex: 2 } } }]);
    values = await api.spreadsheets.values.get({ spreadsheetId, range: 'Sheet1!A1:A6' });
    expect(values.data.values).toEqual([[], ['r2'], ['r3']]);
    sheet = await sheetTitled('Sheet1');
    expect(sheet?.properties?.gridProperties?.rowCount).toBe(1000);
    expect(sheet?.protectedRanges?.[0]?.range).toMatchObject({ startRowIndex: 2, endRowIndex: 3 });
  });

  it('accepts formatting-only requests with an empty reply and rejects unsupported ones', async () => {
    const ok = await batch([
      { autoResizeDimensions: { dimensions: { sheetId: 0, dimension: 'COLUMNS', startIndex: 0, endIndex: 3 } } },
    ]);
    expect(ok.replies).toEqual([{}]);
    const failure = await googleErrorOf(batch([{ addChart: { chart: {} } }]));
    expect(failure.status).toBe(400);
    expect(failure.error).toMatchObject({ message: expect.stringContaining('requests[0].addChart') });
  });

  it('includeSpreadsheetInResponse returns the updated spreadsheet', async () => {
    const response = await api.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        includeSpreadsheetInResponse: true,
        requests: [{ updateSpreadsheetProperties: { properties: { title: 'Renamed' }, fields: 'title' } }],
      },
    });
    expect(response.data.updatedSpreadsheet?.properties?.title).toBe('Renamed');
  });
});
