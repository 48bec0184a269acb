// Google Sheets API v4 REST surface: the paths, query parameters and bodies the googleapis client sends.
import type { sheets_v4 } from '@googleapis/sheets';
import { invalidArgument, notFound } from './api-error.ts';
import type { RouteRequest, Router } from './router.ts';
import { applyBatchUpdate } from './sheets-batch-update.ts';
import type { DateTimeRenderOption, ValueInputOption, ValueRenderOption } from './sheets-cell-values.ts';
import {
  type StoredSpreadsheet,
  type SpreadsheetView,
  assertWithinGrid,
  clipToGrid,
  createSpreadsheet,
  resolveA1Range,
  spreadsheetToApi,
} from './sheets-model.ts';
import {
  type ReadOptions,
  type WriteOptions,
  appendValues,
  clearValues,
  getValues,
  parseMajorDimension,
  updateValues,
} from './sheets-values.ts';
import type { WorkspaceStore } from './workspace-store.ts';

export interface SheetsRouteContext {
  store: WorkspaceStore;
  /** The emulator's own root URL, known only once the server listens. */
  rootUrl: () => string;
}

const ID = '([^/:]+)';
const RANGE = '([^/]+?)';

export function registerSheetsRoutes(router: Router, context: SheetsRouteContext): void {
  const { store } = context;

  const load = (id: string | undefined): StoredSpreadsheet => {
    const spreadsheet = id === undefined ? undefined : store.spreadsheets.get(id);
    if (!spreadsheet) throw notFound();
    return spreadsheet;
  };

  // Every write runs on a copy that replaces the stored workbook only if the whole call succeeds.
  const mutate = <T>(id: string | undefined, change: (copy: StoredSpreadsheet) => T): T => {
    const copy = structuredClone(load(id));
    const result = change(copy);
    store.spreadsheets.set(copy.spreadsheetId, copy);
    return result;
  };

  const view = (spreadsheet: StoredSpreadsheet, includeGridData: boolean, ranges: string[]): SpreadsheetView => {
    const spreadsheetUrl = new URL(`spreadsheets/d/${spreadsheet.spreadsheetId}/edit`, context.rootUrl()).href;
    if (ranges.length === 0) return { spreadsheetUrl, includeGridData };
    const blocks = ranges.map((text) => {
      const { sheet, range } = resolveA1Range(spreadsheet, text);
      const block = clipToGrid(sheet, range);
      assertWithinGrid(sheet, block, text);
      return { sheet, block };
    });
    return { spreadsheetUrl, includeGridData, blocks };
  };

  router
    .add('POST', /^\/v4\/spreadsheets\/?$/, ({ body }) => {
      const spreadsheet = createSpreadsheet(body as sheets_v4.Schema$Spreadsheet | undefined);
      store.spreadsheets.set(spreadsheet.spreadsheetId, spreadsheet);
      return spreadsheetToApi(spreadsheet, view(spreadsheet, false, []));
    })
    .add('GET', new RegExp(`^/v4/spreadsheets/${ID}$`), ({ params, query }) => {
      const spreadsheet = load(params[0]);
      return spreadsheetToApi(
        spreadsheet,
        view(spreadsheet, booleanParam(query.get('includeGridData')), query.getAll('ranges')),
      );
    })
    .add('POST', new RegExp(`^/v4/spreadsheets/${ID}:batchUpdate$`), ({ params, body }) => {
      const request = (body ?? {}) as sheets_v4.Schema$BatchUpdateSpreadsheetRequest;
      return mutate(params[0], (spreadsheet) => {
        const replies = applyBatchUpdate(spreadsheet, request.requests ?? []);
        const response: sheets_v4.Schema$BatchUpdateSpreadsheetResponse = {
          spreadsheetId: spreadsheet.spreadsheetId,
          replies,
        };
        if (request.includeSpreadsheetInResponse) {
          response.updatedSpreadsheet = spreadsheetToApi(
            spreadsheet,
            view(spreadsheet, request.responseIncludeGridData ?? false, request.responseRanges ?? []),
          );
        }
        return response;
      });
    })
    .add('GET', new RegExp(`^/v4/spreadsheets/${ID}/values:batchGet$`), ({ params, query }) => {
      const spreadsheet = load(params[0]);
      const options = readOptions(query);
      return {
        spreadsheetId: spreadsheet.spreadsheetId,
        valueRanges: query.getAll('ranges').map((range) => getValues(spreadsheet, range, options)),
      } satisfies sheets_v4.Schema$BatchGetValuesResponse;
    })
    .add('POST', new RegExp(`^/v4/spreadsheets/${ID}/values:batchUpdate$`), ({ params, body }) => {
      const request = (body ?? {}) as sheets_v4.Schema$BatchUpdateValuesRequest;
      const options = writeOptions({
        valueInputOption: request.valueInputOption,
        includeValuesInResponse: request.includeValuesInResponse,
        responseValueRenderOption: request.responseValueRenderOption,
        responseDateTimeRenderOption: request.responseDateTimeRenderOption,
      });
      return mutate(params[0], (spreadsheet) => {
        const responses = (request.data ?? []).map((valueRange) => {
          if (!valueRange.range) throw invalidArgument('Invalid data[].range: a range is required.');
          return updateValues(spreadsheet, valueRange.range, valueRange, options);
        });
        const sheetsTouched = new Set(
          responses.map((response) => response.updatedRange?.replace(/![^!]*$/, '')).filter(Boolean),
        );
        const response: sheets_v4.Schema$BatchUpdateValuesResponse = { spreadsheetId: spreadsheet.spreadsheetId };
        const sum = (key: 'updatedRows' | 'updatedColumns' | 'updatedCells'): number =>
          responses.reduce((total, entry) => total + (entry[key] ?? 0), 0);
        if (responses.some((entry) => entry.updatedCells)) {
          response.totalUpdatedRows = sum('updatedRows');
          response.totalUpdatedColumns = sum('updatedColumns');
          response.totalUpdatedCells = sum('updatedCells');
          response.totalUpdatedSheets = sheetsTouched.size;
        }
        response.responses = responses;
        return response;
      });
    })
    .add('POST', new RegExp(`^/v4/spreadsheets/${ID}/values:batchClear$`), ({ params, body }) => {
      const ranges = ((body ?? {}) as sheets_v4.Schema$BatchClearValuesRequest).ranges ?? [];
      return mutate(params[0], (spreadsheet) => ({
        spreadsheetId: spreadsheet.spreadsheetId,
        clearedRanges: ranges.map((range) => clearValues(spreadsheet, range)),
      }));
    })
    .add('POST', new RegExp(`^/v4/spreadsheets/${ID}/values/${RANGE}:append$`), ({ params, query, body }) => {
      const options = {
        ...writeOptionsFromQuery(query),
        insertDataOption: insertDataOption(query.get('insertDataOption')),
      };
      return mutate(params[0], (spreadsheet) =>
        appendValues(spreadsheet, params[1] ?? '', body as sheets_v4.Schema$ValueRange | undefined, options),
      );
    })
    .add('POST', new RegExp(`^/v4/spreadsheets/${ID}/values/${RANGE}:clear$`), ({ params }) =>
      mutate(params[0], (spreadsheet) => ({
        spreadsheetId: spreadsheet.spreadsheetId,
        clearedRange: clearValues(spreadsheet, params[1] ?? ''),
      })),
    )
    .add('GET', new RegExp(`^/v4/spreadsheets/${ID}/values/([^/]+)$`), ({ params, query }) =>
      getValues(load(params[0]), params[1] ?? '', readOptions(query)),
    )
    .add('PUT', new RegExp(`^/v4/spreadsheets/${ID}/values/([^/]+)$`), ({ params, query, body }: RouteRequest) => {
      const options = writeOptionsFromQuery(query);
      return mutate(params[0], (spreadsheet) =>
        updateValues(spreadsheet, params[1] ?? '', body as sheets_v4.Schema$ValueRange | undefined, options),
      );
    });
}

function booleanParam(value: string | null): boolean {
  return value === 'true' || value === '1';
}

function readOptions(query: URLSearchParams): ReadOptions {
  return {
    majorDimension: parseMajorDimension(query.get('majorDimension')),
    valueRenderOption: valueRenderOption(query.get('valueRenderOption'), 'value_render_option'),
    dateTimeRenderOption: dateTimeRenderOption(query.get('dateTimeRenderOption'), 'date_time_render_option'),
  };
}

function writeOptionsFromQuery(query: URLSearchParams): WriteOptions {
  return writeOptions({
    valueInputOption: query.get('valueInputOption'),
    includeValuesInResponse: booleanParam(query.get('includeValuesInResponse')),
    responseValueRenderOption: query.get('responseValueRenderOption'),
    responseDateTimeRenderOption: query.get('responseDateTimeRenderOption'),
  });
}

function writeOptions(raw: {
  valueInputOption: string | null | undefined;
  includeValuesInResponse: boolean | null | undefined;
  responseValueRenderOption: string | null | undefined;
  responseDateTimeRenderOption: string | null | undefined;
}): WriteOptions {
  return {
    valueInputOption: valueInputOption(raw.valueInputOption),
    includeValuesInResponse: raw.includeValuesInResponse ?? false,
    responseValueRenderOption: valueRenderOption(raw.responseValueRenderOption, 'response_value_render_option'),
    responseDateTimeRenderOption: dateTimeRenderOption(
      raw.responseDateTimeRenderOption,
      'response_date_time_render_option',
    ),
  };
}

function valueInputOption(value: string | null | undefined): ValueInputOption {
  if (value === 'RAW' || value === 'USER_ENTERED') return value;
  if (value == null || value === '' || value === 'INPUT_VALUE_OPTION_UNSPECIFIED') {
    throw invalidArgument("'valueInputOption' is required but not specified");
  }
  throw invalidArgument(
    `Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), "${value}"`,
  );
}

function valueRenderOption(value: string | null | undefined, field: string): ValueRenderOption {
  if (value == null || value === '') return 'FORMATTED_VALUE';
  if (value === 'FORMATTED_VALUE' || value === 'UNFORMATTED_VALUE' || value === 'FORMULA') return value;
  throw invalidArgument(
    `Invalid value at '${field}' (type.googleapis.com/google.apps.sheets.v4.ValueRenderOption), "${value}"`,
  );
}

function dateTimeRenderOption(value: string | null | undefined, field: string): DateTimeRenderOption {
  if (value == null || value === '') return 'SERIAL_NUMBER';
  if (value === 'SERIAL_NUMBER' || value === 'FORMATTED_STRING') return value;
  throw invalidArgument(
    `Invalid value at '${field}' (type.googleapis.com/google.apps.sheets.v4.DateTimeRenderOption), "${value}"`,
  );
}

function insertDataOption(value: string | null): 'OVERWRITE' | 'INSERT_ROWS' {
  if (value == null || value === '' || value === 'OVERWRITE') return 'OVERWRITE';
  if (value === 'INSERT_ROWS') return value;
  throw invalidArgument(
    `Invalid value at 'insert_data_option' (type.googleapis.com/google.apps.sheets.v4.InsertDataOption), "${value}"`,
  );
}
