// The local stand-in for the Apps Script trigger. It runs the same pure modules as the real script
// (planEdit → buildEditRequests → HMAC signature → planWriteBack) against the emulated workbook through
// the Sheets API, and posts real signed HTTP requests to the local sheetEdit function. Apps Script is
// synchronous and this is not, which is why the adapter file itself cannot be reused here.
import { randomUUID } from 'node:crypto';
import { buildEditRequests, findDataTab, planEdit, HEADER_ROW, FIRST_DATA_ROW } from '../apps-script/src/edit-mapping.ts';
import { writeRowResults } from '../functions/src/adapters/sheet-row-writer.ts';
import { a1Range, type SheetsAdapter } from '../functions/src/adapters/sheets.ts';
import { toColumnLetter } from '../functions/src/domain/workbook/header-matching.ts';
import type { EditErrorResponse, EditRequest, EditResponse, RowResult, SendNoticeRequest, SendNoticeResponse } from '../functions/src/contract/edit-request.ts';
import { scriptMessages } from '../apps-script/src/script-messages.ts';
import { planSendNotice } from '../apps-script/src/send-notice.ts';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, signRequest } from '../functions/src/contract/request-signature.ts';

export interface ScriptSettings {
  /** SHEET_EDIT_URL: where the trigger posts (here, the local functions route). */
  url: string;
  /** SHEET_EDIT_SECRET, the Script Property shared with the function. */
  secret: string;
  timeZone: string;
  /** The stack's clock in ms: the script signs with the time its server believes, so a moved clock still verifies. */
  now?: () => number;
}

export type SyncOutcome =
  | { ok: true; results: RowResult[]; requests: number }
  | { ok: false; status: number; error: EditErrorResponse['error'] };

export type SendNoticeOutcome = { ok: true; answer: SendNoticeResponse } | { ok: false; status: number; error: EditErrorResponse['error'] };

/** What the sheet's typed text becomes when read back: numbers and booleans stay typed, as getValues() gives. */
type Cell = string | number | boolean;

export class LocalAppsScript {
  constructor(
    private readonly sheets: SheetsAdapter,
    private readonly spreadsheetId: string,
    private readonly settings: ScriptSettings,
  ) {}

  private clock(): number {
    return this.settings.now ? this.settings.now() : Date.now();
  }

  /** A user typed `values` (a block) with its top-left cell at (row, column): write them, then fire onEdit. */
  async typeCells(sheetName: string, row: number, column: number, values: string[][], editor: string): Promise<SyncOutcome> {
    const width = Math.max(...values.map((r) => r.length), 1);
    const range = a1Range(sheetName, `${toColumnLetter(column - 1)}${row}:${toColumnLetter(column + width - 2)}${row + values.length - 1}`);
    await this.sheets.writeValues(this.spreadsheetId, range, values);
    return this.onEdit(sheetName, { firstRow: row, lastRow: row + values.length - 1, firstColumn: column, lastColumn: column + width - 1 }, editor);
  }

  async onEdit(sheetName: string, range: { firstRow: number; lastRow: number; firstColumn: number; lastColumn: number }, editor: string): Promise<SyncOutcome> {
    if (!findDataTab(sheetName).ok) return { ok: true, results: [], requests: 0 };
    const all = await this.sheets.readTab(this.spreadsheetId, sheetName);
    const headerRow = all[HEADER_ROW - 1] ?? [];
    const plan = planEdit({ sheetName, headerRow, range });
    if (plan.action === 'ignore') return { ok: true, results: [], requests: 0 };
    if (plan.action === 'readAll') return this.sync(sheetName, editor, 'resync', all);
    return this.sync(sheetName, editor, plan.kind, all, plan.firstRow, plan.lastRow);
  }

  /** The menu's "Resync this sheet". */
  async resync(sheetName: string, editor: string): Promise<SyncOutcome> {
    if (!findDataTab(sheetName).ok) return { ok: true, results: [], requests: 0 };
    return this.sync(sheetName, editor, 'resync', await this.sheets.readTab(this.spreadsheetId, sheetName));
  }

  private async sync(sheetName: string, editor: string, kind: EditRequest['kind'], all: Cell[][], fromRow?: number, toRow?: number): Promise<SyncOutcome> {
    const headerRow = all[HEADER_ROW - 1] ?? [];
    const lastRow = all.length;
    const firstRow = Math.max(fromRow ?? FIRST_DATA_ROW, FIRST_DATA_ROW);
    const endRow = Math.min(toRow ?? lastRow, lastRow);
    const rows = all.slice(firstRow - 1, endRow);
    const requests = buildEditRequests({
      kind,
      spreadsheetId: this.spreadsheetId,
      sheetName,
      editor,
      timeZone: this.settings.timeZone,
      headerRow,
      firstRow,
      rows,
      newEventId: randomUUID,
      now: new Date(this.clock()),
    });
    const results: RowResult[] = [];
    for (const request of requests) {
      const outcome = await this.post(request);
      if (!outcome.ok) return outcome;
      await writeRowResults(this.sheets, this.spreadsheetId, sheetName, headerRow, outcome.response.results);
      results.push(...outcome.response.results);
    }
    return { ok: true, results, requests: requests.length };
  }

  /** The menu's "Send notice now" with `row` of `sheetName` selected; the answer (or refusal) in both languages. */
  async sendNotice(sheetName: string, row: number, editor: string): Promise<SendNoticeOutcome> {
    const all = await this.sheets.readTab(this.spreadsheetId, sheetName);
    const plan = planSendNotice({
      sheetName,
      headerRow: all[HEADER_ROW - 1] ?? [],
      row,
      rowValues: all[row - 1] ?? [],
      spreadsheetId: this.spreadsheetId,
      editor,
      eventId: randomUUID(),
      now: new Date(this.clock()),
    });
    if (!plan.ok) return { ok: false, status: 400, error: { code: plan.reason, en: scriptMessages[plan.reason].en(), zh: scriptMessages[plan.reason].zh() } };
    const outcome = await this.post<SendNoticeResponse>(plan.request);
    return outcome.ok ? { ok: true, answer: outcome.response } : outcome;
  }

  private async post<T = EditResponse>(request: EditRequest | SendNoticeRequest): Promise<{ ok: true; response: T } | { ok: false; status: number; error: EditErrorResponse['error'] }> {
    const body = JSON.stringify(request);
    const timestamp = Math.floor(this.clock() / 1000);
    const response = await fetch(this.settings.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        [SIGNATURE_TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signRequest(this.settings.secret, timestamp, body),
      },
      body,
    });
    const text = await response.text();
    if (!response.ok) {
      let error: EditErrorResponse['error'] = { code: `HTTP_${response.status}`, en: text.slice(0, 200), zh: text.slice(0, 200) };
      try {
        error = (JSON.parse(text) as EditErrorResponse).error ?? error;
      } catch {
        // keep the raw text
      }
      return { ok: false, status: response.status, error };
    }
    return { ok: true, response: JSON.parse(text) as T };
  }
}
