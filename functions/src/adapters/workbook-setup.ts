// Creates or upgrades the workbook's tabs through the Sheets API: read what is there (two reads), plan in the
// domain, apply everything in ONE atomic spreadsheets.batchUpdate. A second run reads, plans nothing and
// writes nothing.
import type { sheets_v4 } from '@googleapis/sheets';
import type { Lang } from '../domain/messages.ts';
import { planWorkbookSetup } from '../domain/workbook/workbook-layout.ts';
import type {
  CurrentSheet,
  CurrentWorkbook,
  DataValidationRule,
  HeaderWrite,
  WorkbookSetupPlan,
  WorkbookSetupReport,
} from '../domain/workbook/workbook-layout.ts';
import { SheetsAdapter, a1Range } from './sheets.ts';
import type { SheetsClient } from './sheets.ts';

export interface WorkbookSetupOptions {
  language: Lang;
}

/** What the plan needs to know about each grid sheet: properties, protected ranges, row 1, and validation samples. */
export async function readWorkbookState(adapter: SheetsAdapter, spreadsheetId: string): Promise<CurrentWorkbook> {
  const spreadsheet = await adapter.getSpreadsheet(spreadsheetId);
  // Chart sheets (OBJECT) have no cells; there is nothing to set up on them.
  const grids = (spreadsheet.sheets ?? []).filter((sheet) => (sheet.properties?.sheetType ?? 'GRID') === 'GRID');
  if (grids.length === 0) return { sheets: [] };

  // Row 1 holds the headers; row 2 and the last row are enough to tell whether a column's dropdown is already
  // ours, without downloading every cell of every tab.
  const ranges = grids.flatMap((sheet) => {
    const title = sheet.properties?.title ?? '';
    const rows = sheet.properties?.gridProperties?.rowCount ?? 1;
    const top = a1Range(title, `1:${Math.min(2, rows)}`);
    return rows > 2 ? [top, a1Range(title, `${rows}:${rows}`)] : [top];
  });
  const withCells = await adapter.getSpreadsheet(spreadsheetId, { ranges, includeGridData: true });
  const dataById = new Map((withCells.sheets ?? []).map((sheet) => [sheet.properties?.sheetId ?? 0, sheet.data ?? []]));

  return { sheets: grids.map((sheet) => toCurrentSheet(sheet, dataById.get(sheet.properties?.sheetId ?? 0) ?? [])) };
}

function toCurrentSheet(sheet: sheets_v4.Schema$Sheet, data: sheets_v4.Schema$GridData[]): CurrentSheet {
  const properties = sheet.properties ?? {};
  const grid = properties.gridProperties ?? {};
  const rowCount = grid.rowCount ?? 0;
  const rowAt = (row: number): sheets_v4.Schema$CellData[] | undefined => {
    for (const block of data) {
      const offset = row - (block.startRow ?? 0);
      const cells = block.rowData?.[offset]?.values;
      if (offset >= 0 && cells) return cells;
    }
    return undefined;
  };
  const headerRow = (rowAt(0) ?? []).map((cell) => cell.formattedValue ?? cell.userEnteredValue?.stringValue ?? '');
  const firstData = rowAt(1) ?? [];
  const lastData = rowCount > 2 ? (rowAt(rowCount - 1) ?? []) : firstData;
  const width = Math.max(firstData.length, lastData.length);
  const dataValidations: Array<DataValidationRule | null> = Array.from({ length: width }, (_, column) => {
    const first = firstData[column]?.dataValidation ?? null;
    const last = lastData[column]?.dataValidation ?? null;
    return first && last && JSON.stringify(first) === JSON.stringify(last) ? first : null;
  });
  return {
    sheetId: properties.sheetId ?? 0,
    title: properties.title ?? '',
    rowCount,
    columnCount: grid.columnCount ?? 0,
    frozenRowCount: grid.frozenRowCount ?? 0,
    headerRow,
    protectedRanges: (sheet.protectedRanges ?? []).map((range) => ({
      protectedRangeId: range.protectedRangeId ?? 0,
      range: range.range ?? {},
      description: range.description ?? null,
      warningOnly: range.warningOnly ?? false,
    })),
    dataValidations,
  };
}

/**
 * Header cells ride in the same batchUpdate as the tabs they belong to, as updateCells with stringValue: that
 * is what RAW means (the text is never parsed, so a header can't turn into a formula), and it keeps the
 * whole setup one atomic call, so a failure never leaves a new tab without its headers.
 */
function headerRequest(write: HeaderWrite): sheets_v4.Schema$Request {
  return {
    updateCells: {
      start: { sheetId: write.sheetId, rowIndex: 0, columnIndex: write.startColumnIndex },
      rows: write.values.map((row) => ({ values: row.map((text) => ({ userEnteredValue: { stringValue: text } })) })),
      fields: 'userEnteredValue',
    },
  };
}

export function toBatchRequests(plan: WorkbookSetupPlan): sheets_v4.Schema$Request[] {
  return [...plan.requests, ...plan.headerWrites.map(headerRequest)];
}

export async function setUpWorkbook(
  adapter: SheetsAdapter,
  spreadsheetId: string,
  options: WorkbookSetupOptions,
): Promise<WorkbookSetupReport> {
  const current = await readWorkbookState(adapter, spreadsheetId);
  const plan = planWorkbookSetup(current, { language: options.language });
  const requests = toBatchRequests(plan);
  if (requests.length > 0) await adapter.batchUpdate(spreadsheetId, requests);
  return plan.report;
}

export interface CreatedWorkbook {
  spreadsheetId: string;
  spreadsheetUrl: string;
  report: WorkbookSetupReport;
}

export interface CreateWorkbookOptions {
  /** IANA zone of the spreadsheet (what dates typed in it mean); the design's default is Asia/Shanghai. */
  timeZone?: string;
}

const LOCALE: Readonly<Record<Lang, string>> = { zh: 'zh_CN', en: 'en_US' };

// SheetsAdapter's calls all take an existing spreadsheet id, so it has no create. Callers (the local stack) hold
// an adapter; rather than make them build a second client, use the one the adapter wraps.
function clientOf(sheets: SheetsAdapter | SheetsClient): SheetsClient {
  if (!(sheets instanceof SheetsAdapter)) return sheets;
  const client = Reflect.get(sheets, 'client') as SheetsClient | undefined;
  if (!client?.spreadsheets)
    throw new Error('SheetsAdapter no longer exposes its client; pass a SheetsClient to createWorkbook');
  return client;
}

/** Creates a spreadsheet holding exactly the workbook's tabs, set up; returns its id, URL and the setup report. */
export async function createAndSetUpWorkbook(
  sheets: SheetsAdapter | SheetsClient,
  title: string,
  language: Lang,
  options: CreateWorkbookOptions = {},
): Promise<CreatedWorkbook> {
  const client = clientOf(sheets);
  const adapter = sheets instanceof SheetsAdapter ? sheets : new SheetsAdapter(client);
  const created = await client.spreadsheets.create({
    requestBody: { properties: { title, locale: LOCALE[language], timeZone: options.timeZone ?? 'Asia/Shanghai' } },
  });
  const spreadsheetId = created.data.spreadsheetId;
  if (!spreadsheetId) throw new Error('spreadsheets.create returned no spreadsheetId');
  const report = await setUpWorkbook(adapter, spreadsheetId, { language });
  // The new spreadsheet came with an empty "Sheet1" that is none of our tabs; a fresh workbook should not
  // start with a stray sheet. (Only here: in an existing workbook other sheets are the user's.)
  const strays = (created.data.sheets ?? [])
    .map((sheet) => sheet.properties ?? {})
    .filter((properties) => report.otherSheets.includes(properties.title ?? ''));
  if (strays.length > 0) {
    await adapter.batchUpdate(
      spreadsheetId,
      strays.map((properties) => ({ deleteSheet: { sheetId: properties.sheetId ?? 0 } })),
    );
  }
  const strayTitles = new Set(strays.map((properties) => properties.title));
  return {
    spreadsheetId,
    spreadsheetUrl: created.data.spreadsheetUrl ?? `https://docs.google.com/spreadsheets/d/${spreadsheetId}/edit`,
    report: { ...report, otherSheets: report.otherSheets.filter((name) => !strayTitles.has(name)) },
  };
}

/** Creates and sets up a new workbook; returns its spreadsheet id (used by the local demo seeding). */
export async function createWorkbook(
  sheets: SheetsAdapter | SheetsClient,
  title: string,
  language: Lang,
  options: CreateWorkbookOptions = {},
): Promise<string> {
  return (await createAndSetUpWorkbook(sheets, title, language, options)).spreadsheetId;
}
