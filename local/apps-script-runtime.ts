// The local stand-in for the Apps Script trigger. It runs the same pure modules as the real script
// (planEdit → buildEditRequests → signatureHeaders → the answer's cells) against the emulated workbook through
// the Sheets API, and posts real signed HTTP requests to the local sheetEdit function. Apps Script is
// synchronous and this is not, which is why the adapter file itself cannot be reused here.
import { createHmac, randomUUID } from 'node:crypto';
import { buildEditRequests, planChange, planEdit } from '../apps-script/src/edit-mapping.ts';
import { signatureHeaders } from '../apps-script/src/request-signing.ts';
import { writeRowCells } from '../functions/src/adapters/sheet-row-writer.ts';
import { a1Range, type SheetsAdapter } from '../functions/src/adapters/sheets.ts';
import { toColumnLetter } from '../functions/src/domain/workbook/header-matching.ts';
import {
  EDIT_REQUEST_VERSION,
  FIRST_DATA_ROW_NUMBER,
  HEADER_ROW_NUMBER,
} from '../functions/src/contract/edit-request.ts';
import type {
  EditErrorResponse,
  EditRequest,
  EditResponse,
  ReconcileRequest,
  ReconcileResponse,
  RowResult,
  FinalizeMinutesResponse,
  SendNoticeResponse,
  SendNoticeRowRequest,
} from '../functions/src/contract/edit-request.ts';
import { isSyncedTab } from '../functions/src/contract/synced-tabs.ts';
import { scriptMessages } from '../apps-script/src/script-messages.ts';
import { planSendNotice } from '../apps-script/src/send-notice.ts';

/** Utilities.computeHmacSha256Signature's result (signed bytes) from node:crypto, for the script's own signing. */
function hmacSha256(message: string, secret: string): number[] {
  return [...createHmac('sha256', secret).update(message, 'utf8').digest()].map((byte) =>
    byte > 127 ? byte - 256 : byte,
  );
}

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

export type ReconcileOutcome =
  | { ok: true; answer: ReconcileResponse }
  | { ok: false; status: number; error: EditErrorResponse['error'] };

export type FinalizeMinutesOutcome =
  | { ok: true; answer: FinalizeMinutesResponse }
  | { ok: false; status: number; error: EditErrorResponse['error'] };

export type SendNoticeOutcome =
  | { ok: true; answer: SendNoticeResponse }
  | { ok: false; status: number; error: EditErrorResponse['error'] };

/** What the sheet's typed text becomes when read back: numbers and booleans stay typed, as getValues() gives. */
type Cell = string | number | boolean;

export class LocalAppsScript {
  constructor(
    private readonly sheets: SheetsAdapter,
    private readonly spreadsheetId: string,
    private readonly settings: ScriptSettings,
  ) {}

  /** The tail of the document lock's queue (see withDocumentLock). */
  private lockQueue: Promise<unknown> = Promise.resolve();

  private clock(): number {
    return this.settings.now ? this.settings.now() : Date.now();
  }

  /**
   * Apps Script's LockService.getDocumentLock(), as the real script takes it (apps-script/src/sheet-adapter.ts):
   * one trigger at a time reads its rows, posts them and writes the answer back, while people keep typing
   * cells. Without it, concurrent edits of one row here would race in ways the real script never does.
   */
  private withDocumentLock<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lockQueue.then(work, work);
    this.lockQueue = run.catch(() => undefined);
    return run;
  }

  /** A user typed `values` (a block) with its top-left cell at (row, column): write them, then fire onEdit. */
  async typeCells(
    sheetName: string,
    row: number,
    column: number,
    values: string[][],
    editor: string,
  ): Promise<SyncOutcome> {
    const width = Math.max(...values.map((r) => r.length), 1);
    const range = a1Range(
      sheetName,
      `${toColumnLetter(column - 1)}${row}:${toColumnLetter(column + width - 2)}${row + values.length - 1}`,
    );
    // Apps Script's e.oldValue: what a single edited cell held before (undefined when it was empty). The server
    // restores an ID cell from it, so an ID typed over another is put back exactly.
    const single = values.length === 1 && width === 1;
    const oldValue = single ? await this.readCell(sheetName, row, column) : undefined;
    await this.sheets.writeValues(this.spreadsheetId, range, values);
    return this.onEdit(
      sheetName,
      { firstRow: row, lastRow: row + values.length - 1, firstColumn: column, lastColumn: column + width - 1 },
      editor,
      oldValue,
    );
  }

  private async readCell(sheetName: string, row: number, column: number): Promise<string | undefined> {
    const cell = (await this.sheets.readTab(this.spreadsheetId, sheetName))[row - 1]?.[column - 1];
    return cell === undefined || cell === '' ? undefined : String(cell);
  }

  async onEdit(
    sheetName: string,
    range: { firstRow: number; lastRow: number; firstColumn: number; lastColumn: number },
    editor: string,
    oldValue?: string,
  ): Promise<SyncOutcome> {
    if (!isSyncedTab(sheetName)) return { ok: true, results: [], requests: 0 };
    return this.withDocumentLock(async () => {
      const all = await this.sheets.readTab(this.spreadsheetId, sheetName);
      const headerRow = all[HEADER_ROW_NUMBER - 1] ?? [];
      const plan = planEdit({ sheetName, headerRow, range, oldValue });
      if (plan.action === 'ignore') return { ok: true, results: [], requests: 0 };
      if (plan.action === 'readAll') return this.sync(sheetName, editor, 'resync', all);
      return this.sync(sheetName, editor, plan.kind, all, plan);
    });
  }

  /**
   * onChange, as the installable change trigger fires it: only the kind of change and the sheet. A structural
   * change (rows or columns inserted or removed, a sort: OTHER) resyncs the sheet, as the real script does.
   */
  async onChange(sheetName: string, changeType: string, editor: string): Promise<SyncOutcome> {
    const plan = planChange({ sheetName, changeType });
    if (plan.action === 'ignore') return { ok: true, results: [], requests: 0 };
    return this.resync(sheetName, editor);
  }

  /**
   * A user sorts the data rows (row 2 down) by `column` (1-based), as Data → Sort range does: the rows move
   * with all their cells, empty values last, and Sheets fires onChange with OTHER (no onEdit).
   */
  async sortRows(sheetName: string, column: number, descending: boolean, editor: string): Promise<SyncOutcome> {
    await this.withDocumentLock(async () => {
      const all = await this.sheets.readTab(this.spreadsheetId, sheetName);
      const width = Math.max(1, ...all.map((r) => r.length));
      const rows = all.slice(FIRST_DATA_ROW_NUMBER - 1).map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
      if (rows.length === 0) return;
      const key = (row: Cell[]) => String(row[column - 1] ?? '');
      const sorted = [...rows].sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        if (x === '' || y === '') return x === y ? 0 : x === '' ? 1 : -1;
        return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
      });
      const last = FIRST_DATA_ROW_NUMBER + sorted.length - 1;
      const range = a1Range(sheetName, `A${FIRST_DATA_ROW_NUMBER}:${toColumnLetter(width - 1)}${last}`);
      await this.sheets.writeValues(this.spreadsheetId, range, sorted);
    });
    return this.onChange(sheetName, 'OTHER', editor);
  }

  /** The menu's "Resync this sheet". */
  async resync(sheetName: string, editor: string): Promise<SyncOutcome> {
    if (!isSyncedTab(sheetName)) return { ok: true, results: [], requests: 0 };
    return this.withDocumentLock(async () =>
      this.sync(sheetName, editor, 'resync', await this.sheets.readTab(this.spreadsheetId, sheetName)),
    );
  }

  private async sync(
    sheetName: string,
    editor: string,
    kind: EditRequest['kind'],
    all: Cell[][],
    edit?: Extract<ReturnType<typeof planEdit>, { action: 'readRows' }>,
  ): Promise<SyncOutcome> {
    const headerRow = all[HEADER_ROW_NUMBER - 1] ?? [];
    const lastRow = all.length;
    const firstRow = Math.max(edit?.firstRow ?? FIRST_DATA_ROW_NUMBER, FIRST_DATA_ROW_NUMBER);
    const endRow = Math.min(edit?.lastRow ?? lastRow, lastRow);
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
      edited: edit?.edited,
      overwritten: edit?.overwritten,
      newEventId: randomUUID,
      now: new Date(this.clock()),
    });
    const results: RowResult[] = [];
    for (const request of requests) {
      const outcome = await this.post(request);
      if (!outcome.ok) return outcome;
      // Exactly the cells the answer names, grouped as the script groups them (contract/write-back-plan.ts).
      const cells = outcome.response.results.map((result) => ({ row: result.row, cells: result.cells ?? [] }));
      await writeRowCells(this.sheets, this.spreadsheetId, sheetName, cells);
      results.push(...outcome.response.results);
    }
    return { ok: true, results, requests: requests.length };
  }

  /** The menu's "Send notice now" with `row` of `sheetName` selected; the answer (or refusal) in both languages. */
  async sendNotice(sheetName: string, row: number, editor: string): Promise<SendNoticeOutcome> {
    return this.postSelectedRow<SendNoticeResponse>(sheetName, row, editor);
  }

  /** The menu's "Finalize minutes" with `row` of the Meetings tab selected; the answer or refusal, both languages. */
  async finalizeMinutes(sheetName: string, row: number, editor: string): Promise<FinalizeMinutesOutcome> {
    return this.postSelectedRow<FinalizeMinutesResponse>(sheetName, row, editor, 'finalizeMinutes');
  }

  private async postSelectedRow<T>(
    sheetName: string,
    row: number,
    editor: string,
    action?: 'finalizeMinutes',
  ): Promise<{ ok: true; answer: T } | { ok: false; status: number; error: EditErrorResponse['error'] }> {
    const all = await this.sheets.readTab(this.spreadsheetId, sheetName);
    const plan = planSendNotice({
      sheetName,
      headerRow: all[HEADER_ROW_NUMBER - 1] ?? [],
      row,
      rowValues: all[row - 1] ?? [],
      spreadsheetId: this.spreadsheetId,
      editor,
      eventId: randomUUID(),
      now: new Date(this.clock()),
      ...(action ? { action } : {}),
    });
    if (!plan.ok)
      return {
        ok: false,
        status: 400,
        error: { code: plan.reason, en: scriptMessages[plan.reason].en(), zh: scriptMessages[plan.reason].zh() },
      };
    const outcome = await this.post<T>(plan.request);
    return outcome.ok ? { ok: true, answer: outcome.response } : outcome;
  }

  /** The menu's "Reconcile now": the whole workbook; the answer (what was fixed, both languages) or the refusal. */
  async reconcile(editor: string): Promise<ReconcileOutcome> {
    const request: ReconcileRequest = {
      version: EDIT_REQUEST_VERSION,
      kind: 'reconcile',
      eventId: randomUUID(),
      spreadsheetId: this.spreadsheetId,
      editor,
      sentAt: new Date(this.clock()).toISOString(),
    };
    const outcome = await this.post<ReconcileResponse>(request);
    return outcome.ok ? { ok: true, answer: outcome.response } : outcome;
  }

  private async post<T = EditResponse>(
    request: EditRequest | SendNoticeRowRequest | ReconcileRequest,
  ): Promise<{ ok: true; response: T } | { ok: false; status: number; error: EditErrorResponse['error'] }> {
    const body = JSON.stringify(request);
    const timestamp = Math.floor(this.clock() / 1000);
    const response = await fetch(this.settings.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        ...signatureHeaders(hmacSha256, this.settings.secret, timestamp, body),
      },
      body,
    });
    const text = await response.text();
    if (!response.ok) {
      let error: EditErrorResponse['error'] = {
        code: `HTTP_${response.status}`,
        en: text.slice(0, 200),
        zh: text.slice(0, 200),
      };
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
