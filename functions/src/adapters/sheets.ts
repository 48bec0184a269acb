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
  async writeRanges(spreadsheetId: string, data: ReadonlyArray<{ range: string; values: CellValue[][] }>): Promise<number> {
    if (data.length === 0) return 0;
    const response = await this.client.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: { valueInputOption: 'RAW', data: data.map((d) => ({ range: d.range, majorDimension: 'ROWS', values: d.values })) },
    });
    return response.data.totalUpdatedCells ?? 0;
  }

  /**
   * Inserts rows at `atRow` (1-based; the row after the last one the caller read) and writes them there (RAW);
   * returns the sheet row of the first one. Appending from the first empty row rather than from A1 matters:
   * Sheets appends after the first "table" of the searched range, so with A1 a blank row in the middle of a tab
   * would put the new rows there. New rows are inserted, so a row someone typed meanwhile is pushed down, never
   * overwritten.
   */
  async appendRows(spreadsheetId: string, title: string, values: CellValue[][], atRow: number): Promise<number> {
    const response = await this.client.spreadsheets.values.append({
      spreadsheetId,
      range: a1Range(title, `A${atRow}`),
      valueInputOption: 'RAW',
      insertDataOption: 'INSERT_ROWS',
      requestBody: { majorDimension: 'ROWS', values },
    });
    const range = response.data.updates?.updatedRange ?? '';
    const first = /!\$?[A-Z]+\$?(\d+)/u.exec(range)?.[1];
    if (first === undefined) throw new Error(`values.append answered without an updated range (${range || 'none'})`);
    return Number(first);
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
