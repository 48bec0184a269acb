// Plans how to bring a spreadsheet up to the workbook declaration: which tabs to add, which header cells to
// append, and which frozen rows, dropdowns and protected ranges to set. Pure: it gets what the spreadsheet
// looks like now and returns Sheets API requests as plain objects, so the same plan can be tested without any
// SDK and sent unchanged by the adapter.
//
// The plan only ever adds. A user's header text, column order, extra columns and data are the user's: a
// column the system needs is appended after the last header, never inserted, and nothing is renamed or
// deleted. The only things it replaces are its own: protected ranges whose description it wrote, and the
// dropdown rule of an enum column. Applying the plan and planning again yields no requests at all, which is
// what makes `workbook:init` safe to run on every deploy.
import { describeHeaderProblem, findTab, matchHeaders, normalizeHeader } from './header-matching.ts';
import type { HeaderProblemCode } from './header-matching.ts';
import type { Lang } from '../messages.ts';
import { WORKBOOK_TABS, listHeaders } from './workbook-schema.ts';
import type { ColumnSpec, TabSpec } from './workbook-schema.ts';

// ---- the subset of the Sheets v4 shapes the plan reads and writes (structurally a sheets_v4 Schema$…) ----

export interface GridRange {
  sheetId?: number | null;
  startRowIndex?: number | null;
  endRowIndex?: number | null;
  startColumnIndex?: number | null;
  endColumnIndex?: number | null;
}

export interface DataValidationRule {
  condition?: { type?: string | null; values?: Array<{ userEnteredValue?: string | null }> };
  inputMessage?: string | null;
  strict?: boolean | null;
  showCustomUi?: boolean | null;
}

export interface CurrentProtectedRange {
  protectedRangeId: number;
  range: GridRange;
  description?: string | null;
  warningOnly?: boolean | null;
}

export interface CurrentSheet {
  sheetId: number;
  title: string;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
  /** Row 1 as the user sees it; trailing empty cells trimmed. */
  headerRow: string[];
  protectedRanges: CurrentProtectedRange[];
  /**
   * Column index → the validation rule of that column's data rows, or null when there is none. The adapter
   * samples the first and the last data row; when they disagree the column counts as not validated.
   */
  dataValidations: Array<DataValidationRule | null>;
}

export interface CurrentWorkbook {
  sheets: CurrentSheet[];
}

export type SheetRequest =
  | {
      addSheet: {
        properties: {
          sheetId: number;
          title: string;
          gridProperties: { rowCount: number; columnCount: number; frozenRowCount: number };
        };
      };
    }
  | { appendDimension: { sheetId: number; dimension: 'COLUMNS'; length: number } }
  | {
      updateSheetProperties: {
        properties: { sheetId: number; gridProperties: { frozenRowCount: number } };
        fields: 'gridProperties.frozenRowCount';
      };
    }
  | { setDataValidation: { range: GridRange; rule: DataValidationRule } }
  | { addProtectedRange: { protectedRange: { range: GridRange; description: string; warningOnly: true } } }
  | {
      updateProtectedRange: {
        protectedRange: { protectedRangeId: number; range: GridRange; warningOnly: true };
        fields: 'range,warningOnly';
      };
    }
  | { deleteProtectedRange: { protectedRangeId: number } };

/** Header cells to write in row 1, starting at a 0-based column; always plain text (never a formula). */
export interface HeaderWrite {
  title: string;
  sheetId: number;
  startColumnIndex: number;
  /** One row: row 1. */
  values: string[][];
}

export interface TabChange {
  tabKey: string;
  title: string;
  created: boolean;
  addedColumns: string[];
  frozeHeaderRow: boolean;
  /** Headers of the enum columns whose dropdown was (re)set. */
  dropdownColumns: string[];
  /** Descriptions of protected ranges added or corrected. */
  protectedRanges: string[];
  /** Protected ranges of ours that no longer matched a column and were removed. */
  removedProtectedRanges: number;
}

export type SetupWarningCode = Extract<HeaderProblemCode, 'HEADER_UNKNOWN' | 'HEADER_DUPLICATE'> | 'TAB_DUPLICATE';

export interface SetupWarning {
  code: SetupWarningCode;
  tabKey: string;
  title: string;
  en: string;
  zh: string;
}

export interface WorkbookSetupReport {
  /** Sheet titles, in workbook declaration order. */
  created: string[];
  upgraded: string[];
  unchanged: string[];
  changes: TabChange[];
  /** Things the plan deliberately leaves to a person: unknown or duplicated headers, a tab present twice. */
  warnings: SetupWarning[];
  /** Sheets that are none of the workbook's tabs (notes, pivots): left alone. */
  otherSheets: string[];
}

export interface WorkbookSetupPlan {
  requests: SheetRequest[];
  headerWrites: HeaderWrite[];
  report: WorkbookSetupReport;
}

export interface WorkbookSetupOptions {
  language: Lang;
}

// ---- decisions that the next run must recognise ----

/** New tabs get the Sheets default grid, widened when the declaration has more columns. */
export const NEW_TAB_ROW_COUNT = 1000;
const NEW_TAB_MIN_COLUMNS = 26;
const PROTECTION_PREFIX = 'system:';

/** The description that marks a protected range as ours: `system:<tab>` (whole tab) or `system:<tab>:<column>`. */
export function protectionDescription(tabKey: string, columnKey?: string): string {
  return columnKey === undefined ? `${PROTECTION_PREFIX}${tabKey}` : `${PROTECTION_PREFIX}${tabKey}:${columnKey}`;
}

/**
 * A tab is titled in the workbook's language only ("会议" or "Meetings"): findTab matches either language
 * and the aliases, so the sheet-edit handler recognises it. A bilingual title ("Meetings 会议") reads well
 * but is not a label findTab knows, so we never create one; we do recognise one a person made, so that such a
 * tab is upgraded instead of getting a twin.
 */
export function tabTitle(tab: TabSpec, language: Lang): string {
  return tab[language];
}

export function matchTabTitle(title: string): TabSpec | undefined {
  const found = findTab(title);
  if (found) return found;
  const normalized = normalizeHeader(title);
  return WORKBOOK_TABS.find(
    (tab) =>
      normalizeHeader(`${tab.en} ${tab.zh}`) === normalized || normalizeHeader(`${tab.zh} ${tab.en}`) === normalized,
  );
}

/**
 * The dropdown of an enum column lists the labels of the workbook's language. It is not strict: a label typed
 * in the other language or an alias is still accepted by the server's own validation, and Sheets only marks
 * it, rather than rejecting what the person typed.
 */
export function enumDropdownRule(column: ColumnSpec, language: Lang): DataValidationRule | undefined {
  if (column.type.kind !== 'enum') return undefined;
  return {
    condition: {
      type: 'ONE_OF_LIST',
      values: column.type.options.map((option) => ({ userEnteredValue: option[language] })),
    },
    showCustomUi: true,
    strict: false,
  };
}

/**
 * Dropdowns go on the columns people type in. System columns (Attendance result, Outbox delivery) are written
 * by the server and protected; a dropdown there would invite the edits the protection warns against.
 */
function dropdownColumns(tab: TabSpec): ColumnSpec[] {
  return tab.systemOnly ? [] : tab.columns.filter((column) => column.type.kind === 'enum' && !column.system);
}

/** Data tabs protect each system column; system-only tabs (Summary, Outbox) are protected as a whole. */
function protectedColumns(tab: TabSpec): ColumnSpec[] {
  return tab.systemOnly ? [] : tab.columns.filter((column) => column.system === true);
}

// ---- comparisons that tolerate how Google echoes defaults (0 and false are often omitted) ----

function sameRule(current: DataValidationRule | null | undefined, wanted: DataValidationRule): boolean {
  if (!current) return false;
  const currentValues = (current.condition?.values ?? []).map((value) => value.userEnteredValue ?? '');
  const wantedValues = (wanted.condition?.values ?? []).map((value) => value.userEnteredValue ?? '');
  return (
    (current.condition?.type ?? '') === wanted.condition?.type &&
    currentValues.length === wantedValues.length &&
    currentValues.every((value, index) => value === wantedValues[index]) &&
    (current.strict ?? false) === (wanted.strict ?? false) &&
    (current.showCustomUi ?? false) === (wanted.showCustomUi ?? false) &&
    (current.inputMessage ?? '') === (wanted.inputMessage ?? '')
  );
}

function sameRange(current: GridRange, wanted: GridRange): boolean {
  return (
    (current.sheetId ?? 0) === (wanted.sheetId ?? 0) &&
    (current.startRowIndex ?? 0) === (wanted.startRowIndex ?? 0) &&
    (current.endRowIndex ?? null) === (wanted.endRowIndex ?? null) &&
    (current.startColumnIndex ?? 0) === (wanted.startColumnIndex ?? 0) &&
    (current.endColumnIndex ?? null) === (wanted.endColumnIndex ?? null)
  );
}

function trimHeaderRow(row: readonly string[]): string[] {
  const trimmed = row.map((cell) => cell ?? '');
  while (trimmed.length > 0 && (trimmed[trimmed.length - 1] ?? '').trim() === '') trimmed.pop();
  return trimmed;
}

// ---- the plan ----

interface TabPlan {
  requests: SheetRequest[];
  headerWrite?: HeaderWrite;
  change: TabChange;
  warnings: SetupWarning[];
}

export function planWorkbookSetup(current: CurrentWorkbook, options: WorkbookSetupOptions): WorkbookSetupPlan {
  const { language } = options;
  const sheetsByTab = new Map<string, CurrentSheet[]>();
  const otherSheets: string[] = [];
  for (const sheet of current.sheets) {
    const tab = matchTabTitle(sheet.title);
    if (!tab) {
      otherSheets.push(sheet.title);
      continue;
    }
    sheetsByTab.set(tab.key, [...(sheetsByTab.get(tab.key) ?? []), sheet]);
  }

  const usedSheetIds = new Set(current.sheets.map((sheet) => sheet.sheetId));
  // Assigning the ids of new sheets ourselves lets the dropdowns and protections of a new tab ride in the same
  // batch as its addSheet; the numbers are deterministic so a plan is reproducible in tests.
  const nextSheetId = (preferred: number): number => {
    let id = preferred;
    while (usedSheetIds.has(id)) id += WORKBOOK_TABS.length;
    usedSheetIds.add(id);
    return id;
  };

  const addRequests: SheetRequest[] = [];
  const otherRequests: SheetRequest[] = [];
  const headerWrites: HeaderWrite[] = [];
  const report: WorkbookSetupReport = {
    created: [],
    upgraded: [],
    unchanged: [],
    changes: [],
    warnings: [],
    otherSheets,
  };

  WORKBOOK_TABS.forEach((tab: TabSpec, tabIndex) => {
    const [sheet, ...twins] = sheetsByTab.get(tab.key) ?? [];
    const plan = sheet
      ? planExistingTab(tab, sheet, language)
      : planNewTab(tab, nextSheetId(1001 + tabIndex), language);
    for (const twin of twins) plan.warnings.push(tabDuplicateWarning(tab, twin.title, sheet?.title ?? ''));

    for (const request of plan.requests) ('addSheet' in request ? addRequests : otherRequests).push(request);
    if (plan.headerWrite) headerWrites.push(plan.headerWrite);
    report.warnings.push(...plan.warnings);
    const { change } = plan;
    if (change.created) report.created.push(change.title);
    else if (plan.requests.length > 0 || plan.headerWrite) report.upgraded.push(change.title);
    else report.unchanged.push(change.title);
    if (plan.requests.length > 0 || plan.headerWrite) report.changes.push(change);
  });

  // addSheet first: every later request may refer to a new sheet's id.
  return { requests: [...addRequests, ...otherRequests], headerWrites, report };
}

function emptyChange(tab: TabSpec, title: string, created: boolean): TabChange {
  return {
    tabKey: tab.key,
    title,
    created,
    addedColumns: [],
    frozeHeaderRow: false,
    dropdownColumns: [],
    protectedRanges: [],
    removedProtectedRanges: 0,
  };
}

function planNewTab(tab: TabSpec, sheetId: number, language: Lang): TabPlan {
  const title = tabTitle(tab, language);
  const headers = listHeaders(tab, language);
  const change = emptyChange(tab, title, true);
  const requests: SheetRequest[] = [
    {
      addSheet: {
        properties: {
          sheetId,
          title,
          gridProperties: {
            rowCount: NEW_TAB_ROW_COUNT,
            columnCount: Math.max(NEW_TAB_MIN_COLUMNS, headers.length),
            frozenRowCount: 1,
          },
        },
      },
    },
  ];
  change.addedColumns = headers;
  change.frozeHeaderRow = true;
  const columnIndex = new Map(tab.columns.map((column, index) => [column.key, index]));
  requests.push(...dropdownRequests(tab, sheetId, columnIndex, () => null, language, change));
  requests.push(...protectionRequests(tab, sheetId, columnIndex, new Set(), [], change));
  return { requests, headerWrite: { title, sheetId, startColumnIndex: 0, values: [headers] }, change, warnings: [] };
}

function planExistingTab(tab: TabSpec, sheet: CurrentSheet, language: Lang): TabPlan {
  const change = emptyChange(tab, sheet.title, false);
  const headerRow = trimHeaderRow(sheet.headerRow);
  const match = matchHeaders(tab, headerRow);
  const warnings: SetupWarning[] = [];
  const duplicated = new Set<string>();
  for (const problem of match.problems) {
    if (problem.code === 'HEADER_DUPLICATE' && problem.columnKey) duplicated.add(problem.columnKey);
    if (problem.code === 'HEADER_UNKNOWN' || problem.code === 'HEADER_DUPLICATE') {
      const text = describeHeaderProblem(tab, problem);
      warnings.push({ code: problem.code, tabKey: tab.key, title: sheet.title, en: text.en, zh: text.zh });
    }
  }

  // A duplicated column is present (twice): appending a third copy would not help, the person must choose.
  const missing = tab.columns.filter((column) => !match.columns.has(column.key) && !duplicated.has(column.key));
  const columnIndex = new Map(match.columns);
  for (const [offset, column] of missing.entries()) columnIndex.set(column.key, headerRow.length + offset);

  const requests: SheetRequest[] = [];
  let headerWrite: HeaderWrite | undefined;
  if (missing.length > 0) {
    const width = headerRow.length + missing.length;
    if (width > sheet.columnCount) {
      requests.push({
        appendDimension: { sheetId: sheet.sheetId, dimension: 'COLUMNS', length: width - sheet.columnCount },
      });
    }
    const values = missing.map((column) => column[language]);
    headerWrite = { title: sheet.title, sheetId: sheet.sheetId, startColumnIndex: headerRow.length, values: [values] };
    change.addedColumns = values;
  }

  if (sheet.frozenRowCount < 1) {
    requests.push({
      updateSheetProperties: {
        properties: { sheetId: sheet.sheetId, gridProperties: { frozenRowCount: 1 } },
        fields: 'gridProperties.frozenRowCount',
      },
    });
    change.frozeHeaderRow = true;
  }

  // A tab with no row below the header has no cells to validate; the next run, after rows exist, adds them.
  if (sheet.rowCount > 1) {
    const existing = (index: number): DataValidationRule | null => sheet.dataValidations[index] ?? null;
    requests.push(...dropdownRequests(tab, sheet.sheetId, columnIndex, existing, language, change));
  }
  requests.push(...protectionRequests(tab, sheet.sheetId, columnIndex, duplicated, sheet.protectedRanges, change));
  return headerWrite ? { requests, headerWrite, change, warnings } : { requests, change, warnings };
}

function dropdownRequests(
  tab: TabSpec,
  sheetId: number,
  columnIndex: ReadonlyMap<string, number>,
  existing: (index: number) => DataValidationRule | null,
  language: Lang,
  change: TabChange,
): SheetRequest[] {
  const requests: SheetRequest[] = [];
  for (const column of dropdownColumns(tab)) {
    const index = columnIndex.get(column.key);
    const rule = enumDropdownRule(column, language);
    if (index === undefined || !rule || sameRule(existing(index), rule)) continue;
    // No end row: the rule covers every data row, including rows the grid gains later.
    requests.push({
      setDataValidation: {
        range: { sheetId, startRowIndex: 1, startColumnIndex: index, endColumnIndex: index + 1 },
        rule,
      },
    });
    change.dropdownColumns.push(column[language]);
  }
  return requests;
}

function protectionRequests(
  tab: TabSpec,
  sheetId: number,
  columnIndex: ReadonlyMap<string, number>,
  duplicated: ReadonlySet<string>,
  existingRanges: readonly CurrentProtectedRange[],
  change: TabChange,
): SheetRequest[] {
  const wanted = new Map<string, GridRange>();
  if (tab.systemOnly) wanted.set(protectionDescription(tab.key), { sheetId });
  for (const column of protectedColumns(tab)) {
    const index = columnIndex.get(column.key);
    if (index === undefined) continue;
    wanted.set(protectionDescription(tab.key, column.key), {
      sheetId,
      startColumnIndex: index,
      endColumnIndex: index + 1,
    });
  }
  // Where a system column is duplicated we cannot tell which copy is the real one, so its range stays as is.
  const leaveAlone = new Set([...duplicated].map((key) => protectionDescription(tab.key, key)));

  const requests: SheetRequest[] = [];
  const seen = new Set<string>();
  const whole = protectionDescription(tab.key);
  const ours = existingRanges.filter(
    (range) => range.description === whole || (range.description ?? '').startsWith(`${whole}:`),
  );
  for (const existing of ours) {
    const description = existing.description ?? '';
    const range = wanted.get(description);
    if (leaveAlone.has(description)) continue;
    if (!range || seen.has(description)) {
      requests.push({ deleteProtectedRange: { protectedRangeId: existing.protectedRangeId } });
      change.removedProtectedRanges += 1;
      continue;
    }
    seen.add(description);
    if (existing.warningOnly === true && sameRange(existing.range, range)) continue;
    requests.push({
      updateProtectedRange: {
        protectedRange: { protectedRangeId: existing.protectedRangeId, range, warningOnly: true },
        fields: 'range,warningOnly',
      },
    });
    change.protectedRanges.push(description);
  }
  for (const [description, range] of wanted) {
    if (seen.has(description)) continue;
    // warningOnly: the system's own writes (service account or owner) are never blocked, and a person who
    // edits an ID or Status cell by hand gets a warning first instead of silently breaking write-back.
    requests.push({ addProtectedRange: { protectedRange: { range, description, warningOnly: true } } });
    change.protectedRanges.push(description);
  }
  return requests;
}

// Not in the message table: it is only ever printed by the operator's CLI, never shown in a sheet.
function tabDuplicateWarning(tab: TabSpec, twinTitle: string, usedTitle: string): SetupWarning {
  return {
    code: 'TAB_DUPLICATE',
    tabKey: tab.key,
    title: twinTitle,
    en: `Sheet "${twinTitle}" is a second ${tab.en} tab; only "${usedTitle}" is set up. Rename or remove one of them.`,
    zh: `工作表“${twinTitle}”与“${usedTitle}”同为${tab.zh}表;只设置了“${usedTitle}”。请重命名或删除其中一个。`,
  };
}
