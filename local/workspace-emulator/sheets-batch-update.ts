// spreadsheets.batchUpdate: structural and cell-level requests. Like the real API the batch is atomic: the
// requests run against a copy, and the copy replaces the workbook only when every request succeeded.
import { randomInt } from 'node:crypto';
import type { sheets_v4 } from '@googleapis/sheets';
import { ApiError, invalidArgument } from './api-error.ts';
import { applyFieldMask, parseFieldMask } from './field-mask.ts';
import {
  type CellBlock,
  type Dimension,
  type StoredCell,
  type StoredSheet,
  type StoredSpreadsheet,
  WRITABLE_CELL_FIELDS,
  addSheet,
  blockFromGridRange,
  deleteDimension,
  findSheetByTitle,
  getCell,
  growToFit,
  insertDimension,
  reindexSheets,
  requireSheetById,
  setCell,
} from './sheets-model.ts';

type Reply = sheets_v4.Schema$Response;
type RequestHandler = (spreadsheet: StoredSpreadsheet, request: never) => Reply;

const SHEET_PROPERTY_FIELDS = [
  'title',
  'index',
  'gridProperties',
  'hidden',
  'tabColor',
  'tabColorStyle',
  'rightToLeft',
];
const SPREADSHEET_PROPERTY_FIELDS = [
  'title',
  'locale',
  'autoRecalc',
  'timeZone',
  'defaultFormat',
  'iterativeCalculationSettings',
  'spreadsheetTheme',
];
const PROTECTED_RANGE_FIELDS = ['range', 'namedRangeId', 'description', 'warningOnly', 'editors', 'unprotectedRanges'];

// Requests that only change how the grid looks; accepted so that formatting code runs locally unchanged.
const COSMETIC_REQUESTS = new Set([
  'updateDimensionProperties',
  'autoResizeDimensions',
  'updateBorders',
  'mergeCells',
  'unmergeCells',
  'addConditionalFormatRule',
  'setBasicFilter',
  'clearBasicFilter',
]);

const HANDLERS: Record<string, RequestHandler> = {
  addSheet: (spreadsheet, request: sheets_v4.Schema$AddSheetRequest) => {
    const sheet = addSheet(spreadsheet, request.properties ?? {});
    return { addSheet: { properties: structuredClone(sheet.properties) } };
  },
  deleteSheet: (spreadsheet, request: sheets_v4.Schema$DeleteSheetRequest) => {
    const sheet = requireSheetById(spreadsheet, request.sheetId);
    if (spreadsheet.sheets.length === 1) throw invalidArgument("You can't remove all the sheets in a document.");
    spreadsheet.sheets.splice(spreadsheet.sheets.indexOf(sheet), 1);
    reindexSheets(spreadsheet);
    return {};
  },
  updateSheetProperties: (spreadsheet, request: sheets_v4.Schema$UpdateSheetPropertiesRequest) => {
    const sheet = requireSheetById(spreadsheet, request.properties?.sheetId);
    const paths = parseFieldMask(request.fields, SHEET_PROPERTY_FIELDS);
    const properties = sheet.properties as unknown as Record<string, unknown>;
    const before = {
      title: sheet.properties.title,
      index: sheet.properties.index,
      rowCount: sheet.properties.gridProperties.rowCount,
      columnCount: sheet.properties.gridProperties.columnCount,
    };
    applyFieldMask(properties, request.properties as Record<string, unknown>, paths);
    const grid = sheet.properties.gridProperties ?? {};
    sheet.properties.gridProperties = {
      ...grid,
      rowCount: grid.rowCount ?? before.rowCount,
      columnCount: grid.columnCount ?? before.columnCount,
    };
    if (sheet.properties.title === undefined || sheet.properties.title === '') sheet.properties.title = before.title;
    const clash = findSheetByTitle(spreadsheet, sheet.properties.title);
    if (clash && clash !== sheet) {
      throw invalidArgument(
        `A sheet with the name "${sheet.properties.title}" already exists. Please enter another name.`,
      );
    }
    if (sheet.properties.index !== before.index) {
      spreadsheet.sheets.splice(spreadsheet.sheets.indexOf(sheet), 1);
      const target = Math.min(Math.max(sheet.properties.index ?? 0, 0), spreadsheet.sheets.length);
      spreadsheet.sheets.splice(target, 0, sheet);
    }
    reindexSheets(spreadsheet);
    const { rowCount, columnCount } = sheet.properties.gridProperties;
    if (rowCount < 1 || columnCount < 1) throw invalidArgument('The grid must keep at least one row and one column.');
    return {};
  },
  updateSpreadsheetProperties: (spreadsheet, request: sheets_v4.Schema$UpdateSpreadsheetPropertiesRequest) => {
    const paths = parseFieldMask(request.fields, SPREADSHEET_PROPERTY_FIELDS);
    applyFieldMask(
      spreadsheet.properties as Record<string, unknown>,
      request.properties as Record<string, unknown>,
      paths,
    );
    return {};
  },
  updateCells: (spreadsheet, request: sheets_v4.Schema$UpdateCellsRequest) => {
    const paths = parseFieldMask(request.fields, WRITABLE_CELL_FIELDS);
    const rows = request.rows ?? [];
    if (request.range) {
      const sheet = requireSheetById(spreadsheet, request.range.sheetId);
      const block = blockFromGridRange(sheet, request.range);
      // With a range, cells of the range that `rows` does not cover are cleared (for the masked fields).
      forEachCell(block, (r, c) => {
        const data = rows[r - block.startRow]?.values?.[c - block.startColumn];
        maskCell(sheet, r, c, data, paths);
      });
      return {};
    }
    const start = request.start;
    if (!start) throw invalidArgument('Either start or range must be set.');
    const sheet = requireSheetById(spreadsheet, start.sheetId);
    const startRow = start.rowIndex ?? 0;
    const startColumn = start.columnIndex ?? 0;
    rows.forEach((row, r) => {
      const values = row.values ?? [];
      growToFit(sheet, startRow + r + 1, startColumn + values.length);
      for (const [c, data] of values.entries()) maskCell(sheet, startRow + r, startColumn + c, data, paths);
    });
    return {};
  },
  repeatCell: (spreadsheet, request: sheets_v4.Schema$RepeatCellRequest) => {
    const sheet = requireSheetById(spreadsheet, request.range?.sheetId);
    const paths = parseFieldMask(request.fields, WRITABLE_CELL_FIELDS);
    const block = blockFromGridRange(sheet, request.range);
    forEachCell(block, (r, c) => maskCell(sheet, r, c, request.cell ?? {}, paths));
    return {};
  },
  setDataValidation: (spreadsheet, request: sheets_v4.Schema$SetDataValidationRequest) => {
    const sheet = requireSheetById(spreadsheet, request.range?.sheetId);
    const block = blockFromGridRange(sheet, request.range);
    forEachCell(block, (r, c) => maskCell(sheet, r, c, { dataValidation: request.rule }, [['dataValidation']]));
    return {};
  },
  addProtectedRange: (spreadsheet, request: sheets_v4.Schema$AddProtectedRangeRequest) => {
    const requested = request.protectedRange ?? {};
    if (requested.namedRangeId) throw invalidArgument('Named ranges are not supported by the local emulator.');
    const sheet = requireSheetById(spreadsheet, requested.range?.sheetId);
    const protectedRangeId = requested.protectedRangeId ?? newProtectedRangeId(spreadsheet);
    if (findProtectedRange(spreadsheet, protectedRangeId)) {
      throw invalidArgument(`A protected range with id ${protectedRangeId} already exists.`);
    }
    const protectedRange: sheets_v4.Schema$ProtectedRange = {
      ...structuredClone(requested),
      protectedRangeId,
      range: { ...structuredClone(requested.range ?? {}), sheetId: sheet.properties.sheetId },
      requestingUserCanEdit: true,
    };
    sheet.protectedRanges.push(protectedRange);
    return { addProtectedRange: { protectedRange: structuredClone(protectedRange) } };
  },
  updateProtectedRange: (spreadsheet, request: sheets_v4.Schema$UpdateProtectedRangeRequest) => {
    const id = request.protectedRange?.protectedRangeId;
    const found = id == null ? undefined : findProtectedRange(spreadsheet, id);
    if (!found) throw invalidArgument(`No protected range with id: ${id ?? 0}`);
    const paths = parseFieldMask(request.fields, PROTECTED_RANGE_FIELDS);
    applyFieldMask(
      found.protectedRange as Record<string, unknown>,
      request.protectedRange as Record<string, unknown>,
      paths,
    );
    const targetSheet = requireSheetById(spreadsheet, found.protectedRange.range?.sheetId);
    if (targetSheet !== found.sheet) {
      found.sheet.protectedRanges.splice(found.sheet.protectedRanges.indexOf(found.protectedRange), 1);
      targetSheet.protectedRanges.push(found.protectedRange);
    }
    return {};
  },
  deleteProtectedRange: (spreadsheet, request: sheets_v4.Schema$DeleteProtectedRangeRequest) => {
    const id = request.protectedRangeId;
    const found = id == null ? undefined : findProtectedRange(spreadsheet, id);
    if (!found) throw invalidArgument(`No protected range with id: ${id ?? 0}`);
    found.sheet.protectedRanges.splice(found.sheet.protectedRanges.indexOf(found.protectedRange), 1);
    return {};
  },
  insertDimension: (spreadsheet, request: sheets_v4.Schema$InsertDimensionRequest) => {
    const { sheet, dimension, start, end } = dimensionRange(spreadsheet, request.range);
    const limit =
      dimension === 'ROWS' ? sheet.properties.gridProperties.rowCount : sheet.properties.gridProperties.columnCount;
    if (start > limit) throw invalidArgument(`Cannot insert beyond the end of the grid (${limit}).`);
    insertDimension(sheet, dimension, start, end);
    return {};
  },
  deleteDimension: (spreadsheet, request: sheets_v4.Schema$DeleteDimensionRequest) => {
    const { sheet, dimension, start, end } = dimensionRange(spreadsheet, request.range);
    const limit =
      dimension === 'ROWS' ? sheet.properties.gridProperties.rowCount : sheet.properties.gridProperties.columnCount;
    deleteDimension(sheet, dimension, Math.min(start, limit), Math.min(end, limit));
    return {};
  },
  appendDimension: (spreadsheet, request: sheets_v4.Schema$AppendDimensionRequest) => {
    const sheet = requireSheetById(spreadsheet, request.sheetId);
    const dimension = parseDimension(request.dimension);
    const length = request.length ?? 0;
    if (length < 1) throw invalidArgument('length must be greater than 0.');
    const grid = sheet.properties.gridProperties;
    if (dimension === 'ROWS') grid.rowCount += length;
    else grid.columnCount += length;
    return {};
  },
};

export function applyBatchUpdate(spreadsheet: StoredSpreadsheet, requests: sheets_v4.Schema$Request[]): Reply[] {
  return requests.map((request, index) => {
    const kinds = Object.keys(request).filter((key) => (request as Record<string, unknown>)[key] != null);
    const kind = kinds[0];
    if (kinds.length !== 1 || kind === undefined) {
      throw invalidArgument(
        `Invalid requests[${index}]: exactly one kind of request must be set, got ${kinds.length}.`,
      );
    }
    if (COSMETIC_REQUESTS.has(kind)) return {};
    const handler = HANDLERS[kind];
    if (!handler)
      throw new ApiError(400, `Invalid requests[${index}].${kind}: not supported by the local Workspace emulator.`);
    try {
      return handler(spreadsheet, (request as Record<string, unknown>)[kind] as never);
    } catch (error) {
      if (error instanceof ApiError)
        throw new ApiError(error.code, `Invalid requests[${index}].${kind}: ${error.message}`, error.status);
      throw error;
    }
  });
}

function forEachCell(block: CellBlock, visit: (row: number, column: number) => void): void {
  for (let r = block.startRow; r < block.endRow; r += 1) {
    for (let c = block.startColumn; c < block.endColumn; c += 1) visit(r, c);
  }
}

function maskCell(
  sheet: StoredSheet,
  row: number,
  column: number,
  data: sheets_v4.Schema$CellData | undefined,
  paths: string[][],
): void {
  const existing = getCell(sheet, row, column);
  // Skip cells that stay empty: a masked clear over a 1000-row range should not allocate 1000 rows.
  if (!existing && (!data || Object.keys(data).length === 0)) return;
  const cell = structuredClone(existing ?? {}) as Record<string, unknown>;
  applyFieldMask(cell, data as Record<string, unknown> | undefined, paths);
  setCell(sheet, row, column, cell as StoredCell);
}

function dimensionRange(
  spreadsheet: StoredSpreadsheet,
  range: sheets_v4.Schema$DimensionRange | undefined,
): { sheet: StoredSheet; dimension: Dimension; start: number; end: number } {
  const sheet = requireSheetById(spreadsheet, range?.sheetId);
  const dimension = parseDimension(range?.dimension);
  const start = range?.startIndex ?? 0;
  const end = range?.endIndex ?? start;
  if (end <= start || start < 0) throw invalidArgument('range.startIndex must be less than range.endIndex.');
  return { sheet, dimension, start, end };
}

function parseDimension(value: string | null | undefined): Dimension {
  if (value === 'ROWS' || value === 'COLUMNS') return value;
  throw invalidArgument(`dimension must be ROWS or COLUMNS, got ${value ?? 'nothing'}.`);
}

function newProtectedRangeId(spreadsheet: StoredSpreadsheet): number {
  for (;;) {
    const id = randomInt(1, 2 ** 31 - 1);
    if (!findProtectedRange(spreadsheet, id)) return id;
  }
}

function findProtectedRange(
  spreadsheet: StoredSpreadsheet,
  id: number,
): { sheet: StoredSheet; protectedRange: sheets_v4.Schema$ProtectedRange } | undefined {
  for (const sheet of spreadsheet.sheets) {
    const protectedRange = sheet.protectedRanges.find((candidate) => candidate.protectedRangeId === id);
    if (protectedRange) return { sheet, protectedRange };
  }
  return undefined;
}
