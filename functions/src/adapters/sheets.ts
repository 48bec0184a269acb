// Google Sheets API v4 adapter. The same code talks to Google and to the local Workspace emulator: only
// `rootUrl` differs. Everything we write is RAW, so a cell value starting with = + - @ stays text.
import { auth as googleAuth, sheets, type sheets_v4 } from '@googleapis/sheets';

export type SheetsClient = sheets_v4.Sheets;
export type CellValue = string | number | boolean;

export interface SheetsClientOptions {
  /** e.g. the local emulator's `http://127.0.0.1:PORT/`; omit for Google. */
  rootUrl?: string;
  /** Omit to use Application Default Credentials (against Google) or no credentials (against rootUrl). */
  auth?: sheets_v4.Options['auth'];
}

export const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';

export function createSheetsClient(options: SheetsClientOptions = {}): SheetsClient {
  const { rootUrl } = options;
  // The local emulator accepts any caller, and asking ADC for a token there would fail on a machine
  // with no Google credentials.
  const auth = options.auth ?? (rootUrl ? undefined : new googleAuth.GoogleAuth({ scopes: [SHEETS_SCOPE] }));
  return sheets({ version: 'v4', ...(rootUrl ? { rootUrl } : {}), ...(auth ? { auth } : {}) });
}

/** `'My tab'!A1:C3` with the title quoted (and `'` doubled) so any tab name is a valid range. */
export function a1Range(title: string, cells?: string): string {
  const quoted = `'${title.replaceAll("'", "''")}'`;
  return cells ? `${quoted}!${cells}` : quoted;
}

/** A RAW cell for updateCells: text stays text (a leading = is not a formula); '' leaves the cell empty. */
function cellData(value: CellValue): sheets_v4.Schema$CellData {
  if (typeof value === 'number') return { userEnteredValue: { numberValue: value } };
  if (typeof value === 'boolean') return { userEnteredValue: { boolValue: value } };
  return value === '' ? {} : { userEnteredValue: { stringValue: value } };
}

export interface WriteResult {
  updatedRange?: string;
  updatedCells: number;
}

export class SheetsAdapter {
  constructor(private readonly client: SheetsClient) {}

  /** Every row of a tab as typed values (numbers stay numbers, dates are serial numbers); trailing blanks trimmed. */
  async readTab(spreadsheetId: string, title: string): Promise<CellValue[][]> {
    const response = await this.client.spreadsheets.values.get({
      spreadsheetId,
      range: a1Range(title),
      valueRenderOption: 'UNFORMATTED_VALUE',
      dateTimeRenderOption: 'SERIAL_NUMBER',
      majorDimension: 'ROWS',
    });
    return (response.data.values ?? []) as CellValue[][];
  }

  /** Several ranges in one request (values.batchGet), each as rows of typed values like readTab. */
  async readRanges(spreadsheetId: string, ranges: readonly string[]): Promise<CellValue[][][]> {
    const response = await this.client.spreadsheets.values.batchGet({
      spreadsheetId,
      ranges: [...ranges],
      valueRenderOption: 'UNFORMATTED_VALUE',
      dateTimeRenderOption: 'SERIAL_NUMBER',
      majorDimension: 'ROWS',
    });
    return (response.data.valueRanges ?? []).map((range) => (range.values ?? []) as CellValue[][]);
  }

  async writeValues(spreadsheetId: string, range: string, values: CellValue[][]): Promise<WriteResult> {
    const response = await this.client.spreadsheets.values.update({
      spreadsheetId,
      range,
      valueInputOption: 'RAW',
      requestBody: { majorDimension: 'ROWS', values },
    });
    const result: WriteResult = { updatedCells: response.data.updatedCells ?? 0 };
    if (response.data.updatedRange) result.updatedRange = response.data.updatedRange;
    return result;
  }

  /** Several ranges in one request (values.batchUpdate, RAW); the cell count written. */
  async writeRanges(
    spreadsheetId: string,
    data: ReadonlyArray<{ range: string; values: CellValue[][] }>,
  ): Promise<number> {
    if (data.length === 0) return 0;
    const response = await this.client.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: {
        valueInputOption: 'RAW',
        data: data.map((d) => ({ range: d.range, majorDimension: 'ROWS', values: d.values })),
      },
    });
    return response.data.totalUpdatedCells ?? 0;
  }

  /**
   * Inserts `values` as new rows at `atRow` (1-based; normally the row after the last one the caller read),
   * column A on, RAW, and returns `atRow`. One spreadsheets.batchUpdate does it, which Sheets applies all or
   * nothing: blank rows are inserted there (a row someone typed meanwhile moves down, never overwritten) and the
   * values are written into exactly those rows. values.append is not used: it writes after the "table" it finds
   * near the range, and which rows and first column that is depends on what is typed around it (a row typed
   * meanwhile in column B alone could shift every value one column). Past the grid's last row, rows are added
   * at the end instead. New rows take the formatting of the data row above, never of the header.
   */
  async appendRows(spreadsheetId: string, title: string, values: CellValue[][], atRow: number): Promise<number> {
    if (values.length === 0) return atRow;
    const response = await this.client.spreadsheets.get({
      spreadsheetId,
      fields: 'sheets.properties(sheetId,title,gridProperties.rowCount)',
    });
    const sheet = response.data.sheets?.find((s) => s.properties?.title === title)?.properties;
    if (sheet?.sheetId === undefined || sheet.sheetId === null)
      throw new Error(`no tab named "${title}" in ${spreadsheetId}`);
    const sheetId = sheet.sheetId;
    const rowCount = sheet.gridProperties?.rowCount ?? 0;
    const index = Math.max(1, atRow - 1);
    const grow: sheets_v4.Schema$Request =
      index < rowCount
        ? {
            insertDimension: {
              range: { sheetId, dimension: 'ROWS', startIndex: index, endIndex: index + values.length },
              inheritFromBefore: index > 1,
            },
          }
        : { appendDimension: { sheetId, dimension: 'ROWS', length: index + values.length - rowCount } };
    const rows = values.map((row) => ({ values: row.map(cellData) }));
    await this.batchUpdate(spreadsheetId, [
      grow,
      { updateCells: { start: { sheetId, rowIndex: index, columnIndex: 0 }, rows, fields: 'userEnteredValue' } },
    ]);
    return index + 1;
  }

  async clearValues(spreadsheetId: string, range: string): Promise<void> {
    await this.client.spreadsheets.values.clear({ spreadsheetId, range, requestBody: {} });
  }

  async batchUpdate(spreadsheetId: string, requests: sheets_v4.Schema$Request[]): Promise<sheets_v4.Schema$Response[]> {
    const response = await this.client.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } });
    return response.data.replies ?? [];
  }

  async getSpreadsheet(
    spreadsheetId: string,
    options: { ranges?: string[]; includeGridData?: boolean } = {},
  ): Promise<sheets_v4.Schema$Spreadsheet> {
    const response = await this.client.spreadsheets.get({
      spreadsheetId,
      ...(options.ranges ? { ranges: options.ranges } : {}),
      includeGridData: options.includeGridData ?? false,
    });
    return response.data;
  }
}
