// Hand-written stand-ins for the Apps Script services the adapter uses: just the methods it calls, backed by
// plain arrays, recording what was done so tests can assert on sheet writes, requests, toasts and alerts.
import { createHmac } from 'node:crypto';
import type { EditRequest, EditResponse } from '../../../functions/src/contract/edit-request.ts';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER } from '../../../functions/src/contract/request-signature.ts';
import { editRequestSchema } from '../../../functions/src/domain/workbook/edit-request-schema.ts';
import { readEditRequest } from '../../../functions/src/domain/workbook/request-rows.ts';
import { verifyRequestSignature } from '../../../functions/src/handlers/hmac-signature.ts';
import type {
  AppsScriptServices,
  FetchOptions,
  HttpResponseLike,
  LockLike,
  MenuLike,
  RangeLike,
  SheetLike,
  SpreadsheetLike,
  TriggerLike,
} from '../../../apps-script/src/sheet-adapter.ts';

export const SECRET = 'shared-secret';
export const URL = 'https://example.test/sheetEdit';
export const NOW_MS = Date.parse('2026-11-28T06:00:00Z');

export class FakeRange implements RangeLike {
  constructor(
    private readonly sheet: FakeSheet,
    readonly row: number,
    readonly column: number,
    readonly numRows: number,
    readonly numColumns: number,
  ) {}

  getValues(): unknown[][] {
    return Array.from({ length: this.numRows }, (_, r) =>
      Array.from(
        { length: this.numColumns },
        (_, c) => this.sheet.cells[this.row - 1 + r]?.[this.column - 1 + c] ?? '',
      ),
    );
  }

  setValues(values: string[][]): FakeRange {
    if (values.length !== this.numRows || values.some((row) => row.length !== this.numColumns)) {
      throw new Error('The number of rows or columns in the data does not match the range');
    }
    this.sheet.setValuesCalls.push({ row: this.row, column: this.column, values });
    for (const [r, cells] of values.entries()) {
      for (const [c, value] of cells.entries()) {
        const rowIndex = this.row - 1 + r;
        this.sheet.cells[rowIndex] ??= [];
        // Sheets drops the apostrophe that forces text; the fake does the same so tests read what users see.
        (this.sheet.cells[rowIndex] as unknown[])[this.column - 1 + c] = value.startsWith("'") ? value.slice(1) : value;
      }
    }
    return this;
  }
}

export class FakeSheet implements SheetLike {
  readonly setValuesCalls: { row: number; column: number; values: string[][] }[] = [];
  getRangeCalls = 0;
  /** The selected row (1-based); 0 means nothing is selected. */
  activeRow = 0;
  /** Rows of the grid (Sheets starts a tab with 1,000); writing past them fails, as in Apps Script. */
  maxRows: number;
  readonly insertRowsAfterCalls: { afterPosition: number; howMany: number }[] = [];

  constructor(
    private readonly name: string,
    readonly cells: unknown[][],
    maxRows = Math.max(1000, cells.length),
  ) {
    this.maxRows = maxRows;
  }

  getMaxRows(): number {
    return this.maxRows;
  }

  insertRowsAfter(afterPosition: number, howMany: number): void {
    this.insertRowsAfterCalls.push({ afterPosition, howMany });
    this.maxRows += howMany;
  }

  getName(): string {
    return this.name;
  }

  getLastRow(): number {
    let last = 0;
    this.cells.forEach((row, index) => {
      if (row.some((cell) => cell !== '' && cell !== null && cell !== undefined)) last = index + 1;
    });
    return last;
  }

  getLastColumn(): number {
    return Math.max(0, ...this.cells.map((row) => row.length));
  }

  getActiveRange(): { getRow(): number } | null {
    return this.activeRow > 0 ? { getRow: () => this.activeRow } : null;
  }

  getRange(row: number, column: number, numRows: number, numColumns: number): FakeRange {
    this.getRangeCalls += 1;
    if (row + numRows - 1 > this.maxRows) throw new Error('The coordinates of the range are outside the dimensions');
    return new FakeRange(this, row, column, numRows, numColumns);
  }
}

export class FakeSpreadsheet implements SpreadsheetLike {
  readonly toasts: string[] = [];

  constructor(public activeSheet: FakeSheet) {}

  getId(): string {
    return 'spreadsheet-1';
  }

  getSpreadsheetTimeZone(): string {
    return 'Asia/Shanghai';
  }

  getActiveSheet(): FakeSheet {
    return this.activeSheet;
  }

  toast(msg: string): void {
    this.toasts.push(msg);
  }
}

export interface RecordedFetch {
  readonly url: string;
  readonly params: FetchOptions;
}

export type FakeServer = (request: { body: string; headers: Record<string, string> }) => { code: number; text: string };

/**
 * A server that checks the signature and the schema like sheetEdit must, and answers OK for every row, naming the
 * ID and Status cells as sheetEdit does (here simply the columns headed 'ID' and 'Status').
 */
export const createAcceptingServer =
  (nowSeconds: () => number): FakeServer =>
  ({ body, headers }) => {
    const verdict = verifyRequestSignature({
      secret: SECRET,
      timestampHeader: headers[SIGNATURE_TIMESTAMP_HEADER],
      signatureHeader: headers[SIGNATURE_HEADER],
      body,
      nowSeconds: nowSeconds(),
    });
    if (!verdict.ok)
      return { code: 401, text: JSON.stringify({ error: { code: verdict.reason, en: 'unsigned', zh: '未签名' } }) };
    const parsed = editRequestSchema.safeParse(JSON.parse(body));
    if (!parsed.success)
      return {
        code: 400,
        text: JSON.stringify({ error: { code: 'REQUEST_INVALID', en: parsed.error.message, zh: '请求无效' } }),
      };
    // Read as sheetEdit reads it (system cells blanked, an overwritten ID counting with its old value).
    const read = readEditRequest(parsed.data);
    const idIndex = read.headerRow.indexOf('ID');
    const statusIndex = read.headerRow.indexOf('Status');
    const response: EditResponse = {
      results: read.rows.map((row) => {
        const cell = row.values[idIndex];
        const id = typeof cell === 'string' && cell !== '' ? cell : `NEW-${row.row}`;
        const cells = [
          ...(idIndex >= 0 ? [{ column: idIndex + 1, value: id }] : []),
          ...(statusIndex >= 0 ? [{ column: statusIndex + 1, value: 'OK' }] : []),
        ];
        return { row: row.row, id, status: 'OK', messages: [], cells };
      }),
      ...(idIndex >= 0 ? { idColumn: idIndex + 1 } : {}),
      ...(statusIndex >= 0 ? { statusColumn: statusIndex + 1 } : {}),
    };
    return { code: 200, text: JSON.stringify(response) };
  };

export const acceptingServer = createAcceptingServer(() => NOW_MS / 1000);

export class FakeUi {
  readonly alerts: string[] = [];
  readonly menus: { title: string; items: [string, string][] }[] = [];

  createMenu(title: string): MenuLike {
    const menu = { title, items: [] as [string, string][] };
    const builder: MenuLike = {
      addItem: (caption, functionName) => {
        menu.items.push([caption, functionName]);
        return builder;
      },
      addToUi: () => {
        this.menus.push(menu);
      },
    };
    return builder;
  }

  alert(prompt: string): void {
    this.alerts.push(prompt);
  }
}

export interface FakeEnvironment {
  readonly services: AppsScriptServices;
  readonly spreadsheet: FakeSpreadsheet;
  readonly ui: FakeUi;
  readonly fetches: RecordedFetch[];
  readonly properties: Map<string, string>;
  readonly triggers: { handler: string; kind: string }[];
  lockAvailable: boolean;
  server: FakeServer | (() => never);
  /** What ScriptApp.getIdentityToken() returns (null: the "openid" scope is not granted). */
  identityToken: string | null;
}

export function createFakeEnvironment(sheet: FakeSheet, server: FakeServer = acceptingServer): FakeEnvironment {
  const spreadsheet = new FakeSpreadsheet(sheet);
  const ui = new FakeUi();
  const fetches: RecordedFetch[] = [];
  const properties = new Map([
    ['SHEET_EDIT_URL', URL],
    ['SHEET_EDIT_SECRET', SECRET],
  ]);
  const triggers: { handler: string; kind: string }[] = [];
  let uuid = 0;
  const env: FakeEnvironment = {
    spreadsheet,
    ui,
    fetches,
    properties,
    triggers,
    lockAvailable: true,
    server,
    identityToken: null,
    services: {
      SpreadsheetApp: { getActive: () => spreadsheet, getUi: () => ui },
      UrlFetchApp: {
        fetch: (url: string, params: FetchOptions): HttpResponseLike => {
          fetches.push({ url, params });
          const answer = env.server({ body: params.payload, headers: params.headers });
          return { getResponseCode: () => answer.code, getContentText: () => answer.text };
        },
      },
      PropertiesService: { getScriptProperties: () => ({ getProperty: (key: string) => properties.get(key) ?? null }) },
      Utilities: {
        computeHmacSha256Signature: (value: string, key: string) =>
          [...createHmac('sha256', key).update(value, 'utf8').digest()].map((byte) => (byte > 127 ? byte - 256 : byte)),
        getUuid: () => {
          uuid += 1;
          return `00000000-0000-4000-8000-${String(uuid).padStart(12, '0')}`;
        },
        formatDate: (date: Date, timeZone: string) =>
          new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' }).format(date),
        Charset: { UTF_8: 0 as unknown as GoogleAppsScript.Utilities.Charset },
      },
      Session: { getActiveUser: () => ({ getEmail: () => 'owner@example.com' }) },
      ScriptApp: {
        getIdentityToken: () => env.identityToken,
        getProjectTriggers: (): TriggerLike[] =>
          triggers.map((trigger) => ({ getHandlerFunction: () => trigger.handler })),
        deleteTrigger: (trigger: TriggerLike) => {
          const index = triggers.findIndex((t) => t.handler === trigger.getHandlerFunction());
          if (index >= 0) triggers.splice(index, 1);
        },
        newTrigger: (handler: string) => ({
          forSpreadsheet: () => ({
            onEdit: () => ({ create: () => triggers.push({ handler, kind: 'edit' }) }),
            onChange: () => ({ create: () => triggers.push({ handler, kind: 'change' }) }),
          }),
        }),
      },
      LockService: {
        getDocumentLock: (): LockLike => ({ tryLock: () => env.lockAvailable, releaseLock: () => undefined }),
      },
      clock: () => NOW_MS,
    },
  };
  return env;
}

export function editEvent(
  sheet: FakeSheet,
  firstRow: number,
  lastRow: number,
  firstColumn: number,
  lastColumn: number,
  oldValue?: string,
) {
  return {
    range: {
      getRow: () => firstRow,
      getLastRow: () => lastRow,
      getColumn: () => firstColumn,
      getLastColumn: () => lastColumn,
      getSheet: () => sheet,
    },
    ...(oldValue === undefined ? {} : { oldValue }),
    user: { getEmail: () => 'rep@example.com' },
  };
}

export function sentRequests(env: FakeEnvironment): EditRequest[] {
  return env.fetches.map((fetch) => JSON.parse(fetch.params.payload) as EditRequest);
}
