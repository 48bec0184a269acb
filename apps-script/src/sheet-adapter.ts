/// <reference types="google-apps-script" />
// The only file that talks to Apps Script services. Everything it decides is delegated to the pure modules;
// what remains is reading cells, posting, writing answers back and telling the user when something failed.
// The services arrive as a parameter (real ones from getAppsScriptServices(), fakes in tests), typed by the
// subset of methods used, so the compiler checks that the real services fit and the fakes stay small.
import {
  EDIT_REQUEST_VERSION,
  FIRST_DATA_ROW_NUMBER,
  HEADER_ROW_NUMBER,
} from '../../functions/src/contract/edit-request.ts';
import type {
  EditRequest,
  EditResponse,
  ReconcileRequest,
  SetupCheckRequest,
} from '../../functions/src/contract/edit-request.ts';
import { isSyncedTab } from '../../functions/src/contract/synced-tabs.ts';
import { planBlockWrites } from '../../functions/src/contract/write-back-plan.ts';
import { shortenWallClock, toLiteralText } from './cell-values.ts';
import { buildEditRequests, planChange, planEdit } from './edit-mapping.ts';
import type { ReadPlan } from './edit-mapping.ts';
import { parseEditResponse, parseErrorResponse } from './edit-response.ts';
import { buildMenu } from './menu.ts';
import { ID_TOKEN_HEADER, ID_TOKEN_SCHEME } from '../../functions/src/contract/request-signature.ts';
import { signatureHeaders } from './request-signing.ts';
import { planSendNotice, readSendNoticeAnswer } from './send-notice.ts';
import { SCRIPT_TITLE, formatScriptMessage } from './script-messages.ts';

export interface RangeLike {
  getValues(): unknown[][];
  setValues(values: string[][]): unknown;
}

export interface SheetLike {
  getName(): string;
  /** The selection; null when nothing is selected. */
  getActiveRange(): { getRow(): number } | null;
  getLastRow(): number;
  getLastColumn(): number;
  getMaxRows(): number;
  insertRowsAfter(afterPosition: number, howMany: number): unknown;
  getRange(row: number, column: number, numRows: number, numColumns: number): RangeLike;
}

export interface SpreadsheetLike {
  getId(): string;
  getSpreadsheetTimeZone(): string;
  getActiveSheet(): SheetLike;
  toast(msg: string, title: string, timeoutSeconds: number): unknown;
}

export interface MenuLike {
  addItem(caption: string, functionName: string): MenuLike;
  addToUi(): void;
}

export interface UiLike {
  createMenu(caption: string): MenuLike;
  alert(prompt: string): unknown;
}

export interface FetchOptions {
  method: 'post';
  contentType: string;
  payload: string;
  headers: Record<string, string>;
  muteHttpExceptions: boolean;
}

export interface HttpResponseLike {
  getResponseCode(): number;
  getContentText(): string;
}

export interface TriggerLike {
  getHandlerFunction(): string;
}

export interface TriggerBuilderLike {
  forSpreadsheet(spreadsheet: SpreadsheetLike): {
    onEdit(): { create(): unknown };
    onChange(): { create(): unknown };
  };
}

export interface LockLike {
  tryLock(timeoutInMillis: number): boolean;
  releaseLock(): void;
}

export interface AppsScriptServices {
  SpreadsheetApp: { getActive(): SpreadsheetLike; getUi(): UiLike };
  UrlFetchApp: { fetch(url: string, params: FetchOptions): HttpResponseLike };
  PropertiesService: { getScriptProperties(): { getProperty(key: string): string | null } };
  Utilities: {
    computeHmacSha256Signature(value: string, key: string, charset: GoogleAppsScript.Utilities.Charset): number[];
    getUuid(): string;
    formatDate(date: Date, timeZone: string, format: string): string;
    Charset: { UTF_8: GoogleAppsScript.Utilities.Charset };
  };
  Session: { getActiveUser(): { getEmail(): string } };
  ScriptApp: {
    /** The signed-in account's Google ID token; null until the "openid" scope is granted. */
    getIdentityToken(): string | null;
    getProjectTriggers(): TriggerLike[];
    deleteTrigger(trigger: TriggerLike): void;
    newTrigger(functionName: string): TriggerBuilderLike;
  };
  LockService: { getDocumentLock(): LockLike | null };
  /** Milliseconds since the epoch; a parameter so tests can pin the signature timestamp. */
  clock(): number;
}

/** Called lazily by the entry points: the globals exist only inside Apps Script. */
export function getAppsScriptServices(): AppsScriptServices {
  return {
    SpreadsheetApp,
    UrlFetchApp,
    PropertiesService,
    Utilities,
    Session,
    ScriptApp,
    LockService,
    clock: () => Date.now(),
  };
}

export interface EditEventLike {
  range: {
    getRow(): number;
    getLastRow(): number;
    getColumn(): number;
    getLastColumn(): number;
    getSheet(): SheetLike;
  };
  oldValue?: string;
  user?: { getEmail(): string };
}

export interface ChangeEventLike {
  changeType: string;
  user?: { getEmail(): string };
}

// sendIdToken: "true" when the server checks Google ID tokens (SHEET_EDIT_ID_TOKEN_AUDIENCE); each request then
// carries one. (Comments inside the object would be kept in the bundle, whose size is budgeted.)
export const SETTING_KEYS = {
  url: 'SHEET_EDIT_URL',
  secret: 'SHEET_EDIT_SECRET',
  sendIdToken: 'SHEET_EDIT_SEND_ID_TOKEN',
} as const;
export const EDIT_TRIGGER_FUNCTION = 'onEditInstalled';
export const CHANGE_TRIGGER_FUNCTION = 'onChangeInstalled';
/** A trigger that waits longer than this for another one is better off telling the user. */
const LOCK_WAIT_MS = 30_000;
const TOAST_SECONDS = 15;

interface Settings {
  readonly url: string;
  readonly secret: string;
  readonly sendIdToken: boolean;
}

type SettingsResult =
  | { readonly ok: true; readonly settings: Settings }
  | { readonly ok: false; readonly missing: string[] };

function readSettings(services: AppsScriptServices): SettingsResult {
  const properties = services.PropertiesService.getScriptProperties();
  const url = properties.getProperty(SETTING_KEYS.url)?.trim() ?? '';
  const secret = properties.getProperty(SETTING_KEYS.secret) ?? '';
  const missing = [url === '' ? SETTING_KEYS.url : '', secret === '' ? SETTING_KEYS.secret : ''].filter(
    (key) => key !== '',
  );
  const sendIdToken = properties.getProperty(SETTING_KEYS.sendIdToken)?.trim() === 'true';
  return missing.length > 0 ? { ok: false, missing } : { ok: true, settings: { url, secret, sendIdToken } };
}

function toast(spreadsheet: SpreadsheetLike, text: string): void {
  spreadsheet.toast(text, SCRIPT_TITLE, TOAST_SECONDS);
}

// The schema accepts a real address or ''; Apps Script sometimes hands over neither (e.g. a bare user id).
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

function editorEmail(services: AppsScriptServices, user: { getEmail(): string } | undefined): string {
  const email = (user?.getEmail() || services.Session.getActiveUser().getEmail() || '').trim();
  return EMAIL_SHAPE.test(email) ? email : '';
}

type PostOutcome =
  | { readonly ok: true; readonly status: number; readonly text: string }
  | {
      readonly ok: false;
      readonly message: string;
      readonly status?: number;
      readonly serverText?: { en: string; zh: string };
    };

function postSigned(services: AppsScriptServices, settings: Settings, body: string): PostOutcome {
  const timestamp = Math.floor(services.clock() / 1000);
  const hmac = (message: string, secret: string): number[] =>
    services.Utilities.computeHmacSha256Signature(message, secret, services.Utilities.Charset.UTF_8);
  let response: HttpResponseLike;
  try {
    const headers = signatureHeaders(hmac, settings.secret, timestamp, body);
    // The account this run signs in as: the person at a menu item, the installer in a trigger. Without the
    // "openid" scope granted it is null, and the server's refusal (ID_TOKEN_MISSING) says how to fix that.
    const idToken = settings.sendIdToken && services.ScriptApp.getIdentityToken();
    if (idToken) headers[ID_TOKEN_HEADER] = `${ID_TOKEN_SCHEME} ${idToken}`;
    response = services.UrlFetchApp.fetch(settings.url, {
      method: 'post',
      contentType: 'application/json; charset=utf-8',
      payload: body,
      headers,
      // Without it a 4xx/5xx throws and the user sees a raw stack trace instead of our message.
      muteHttpExceptions: true,
    });
  } catch (error) {
    return {
      ok: false,
      message: formatScriptMessage('UNREACHABLE', { reason: error instanceof Error ? error.message : String(error) }),
    };
  }
  const status = response.getResponseCode();
  const text = response.getContentText();
  if (status >= 200 && status < 300) return { ok: true, status, text };
  const serverText = parseErrorResponse(text);
  // Our server answers 401 and 403 with its reason (an outdated secret, a missing ID token, someone else's
  // meeting); without one, it is Google's front end refusing the call, or an older server.
  if ((status === 401 || status === 403) && !serverText)
    return { ok: false, status, message: formatScriptMessage('SIGNATURE_REFUSED') };
  if (serverText)
    return { ok: false, status, serverText, message: `HTTP ${status}: ${serverText.zh} / ${serverText.en}` };
  if (status >= 400 && status < 500)
    return { ok: false, status, message: formatScriptMessage('REQUEST_REFUSED', { status }) };
  return { ok: false, status, message: formatScriptMessage('SERVER_ERROR', { status }) };
}

function postEditRequest(
  services: AppsScriptServices,
  settings: Settings,
  request: EditRequest,
): { ok: true; response: EditResponse } | { ok: false; message: string } {
  const outcome = postSigned(services, settings, JSON.stringify(request));
  if (!outcome.ok) return outcome;
  const response = parseEditResponse(outcome.text);
  return response ? { ok: true, response } : { ok: false, message: formatScriptMessage('BAD_ANSWER') };
}

function withDocumentLock(services: AppsScriptServices, spreadsheet: SpreadsheetLike, work: () => void): void {
  // Serialised per document so two quick edits cannot write their answers back in the wrong order.
  const lock = services.LockService.getDocumentLock();
  if (lock && !lock.tryLock(LOCK_WAIT_MS)) {
    toast(spreadsheet, formatScriptMessage('BUSY'));
    return;
  }
  try {
    work();
  } finally {
    lock?.releaseLock();
  }
}

function readRowValues(sheet: SheetLike, row: number, numRows: number): unknown[][] {
  const width = Math.max(sheet.getLastColumn(), 1);
  return numRows > 0 ? sheet.getRange(row, 1, numRows, width).getValues() : [];
}

function readHeaderRow(sheet: SheetLike): unknown[] {
  return readRowValues(sheet, HEADER_ROW_NUMBER, 1)[0] ?? [];
}

export interface SyncSummary {
  readonly requests: number;
  readonly rows: number;
  readonly rowsWithErrors: number;
  readonly failed: boolean;
}

function syncRows(
  services: AppsScriptServices,
  context: { spreadsheet: SpreadsheetLike; sheet: SheetLike; settings: Settings; editor: string },
  plan: Exclude<ReadPlan, { action: 'ignore' }>,
  headerRow: unknown[],
): SyncSummary {
  const { spreadsheet, sheet, settings } = context;
  const lastRow = sheet.getLastRow();
  // Whole-column edits report the sheet's maximum row; rows past the last one with content hold nothing.
  const firstRow = plan.action === 'readAll' ? FIRST_DATA_ROW_NUMBER : Math.max(plan.firstRow, FIRST_DATA_ROW_NUMBER);
  const endRow = plan.action === 'readAll' ? lastRow : Math.min(plan.lastRow, lastRow);
  const rows = readRowValues(sheet, firstRow, endRow - firstRow + 1);
  const timeZone = spreadsheet.getSpreadsheetTimeZone();
  const requests = buildEditRequests({
    kind: plan.kind,
    spreadsheetId: spreadsheet.getId(),
    sheetName: sheet.getName(),
    editor: context.editor,
    timeZone,
    headerRow,
    firstRow,
    rows,
    edited: plan.action === 'readRows' ? plan.edited : undefined,
    overwritten: plan.action === 'readRows' ? plan.overwritten : undefined,
    formatDate: (date) => shortenWallClock(services.Utilities.formatDate(date, timeZone, 'yyyy-MM-dd HH:mm:ss')),
    newEventId: () => services.Utilities.getUuid(),
    now: new Date(services.clock()),
  });

  let summary: SyncSummary = { requests: 0, rows: 0, rowsWithErrors: 0, failed: false };
  for (const request of requests) {
    const outcome = postEditRequest(services, settings, request);
    if (!outcome.ok) {
      // Later parts are not sent: the user is told to resync, which re-sends everything anyway.
      toast(spreadsheet, outcome.message);
      return { ...summary, failed: true };
    }
    const { response } = outcome;
    const missing = [
      response.idColumn === undefined ? 'ID 编号' : '',
      response.statusColumn === undefined ? 'Status 状态' : '',
    ];
    if (response.results.length > 0 && missing.some((name) => name !== '')) {
      toast(
        spreadsheet,
        formatScriptMessage('COLUMNS_MISSING', { columns: missing.filter((name) => name !== '').join(', ') }),
      );
    }
    // Exactly the cells the server named, nothing else: a cell a user typed in is never overwritten.
    const writes = planBlockWrites(response.results.map((result) => ({ row: result.row, cells: result.cells ?? [] })));
    // A row put back after a refused deletion goes below the last row, which can be past the end of the grid.
    const bottom = Math.max(0, ...writes.map((write) => write.row + write.values.length - 1));
    const grid = sheet.getMaxRows();
    if (bottom > grid) sheet.insertRowsAfter(grid, bottom - grid);
    for (const write of writes) {
      const values = write.values.map((cells) => cells.map(toLiteralText));
      sheet.getRange(write.row, write.column, values.length, (values[0] ?? []).length).setValues(values);
    }
    summary = {
      requests: summary.requests + 1,
      rows: summary.rows + outcome.response.results.length,
      rowsWithErrors:
        summary.rowsWithErrors + outcome.response.results.filter((result) => result.messages.length > 0).length,
      failed: false,
    };
  }
  return summary;
}

export function syncEditEvent(event: EditEventLike, services: AppsScriptServices): SyncSummary | undefined {
  const sheet = event.range.getSheet();
  // Checked before anything else so edits in other tabs cost one call and never wait for the lock.
  if (!isSyncedTab(sheet.getName())) return undefined;
  const spreadsheet = services.SpreadsheetApp.getActive();
  const settings = readSettings(services);
  if (!settings.ok) {
    toast(spreadsheet, formatScriptMessage('SETUP_MISSING', { keys: settings.missing.join(', ') }));
    return undefined;
  }
  let summary: SyncSummary | undefined;
  withDocumentLock(services, spreadsheet, () => {
    const headerRow = readHeaderRow(sheet);
    const plan = planEdit({
      sheetName: sheet.getName(),
      headerRow,
      range: {
        firstRow: event.range.getRow(),
        lastRow: event.range.getLastRow(),
        firstColumn: event.range.getColumn(),
        lastColumn: event.range.getLastColumn(),
      },
      oldValue: event.oldValue,
    });
    if (plan.action === 'ignore') return;
    const editor = editorEmail(services, event.user);
    summary = syncRows(services, { spreadsheet, sheet, settings: settings.settings, editor }, plan, headerRow);
  });
  return summary;
}

function resyncSheet(
  services: AppsScriptServices,
  spreadsheet: SpreadsheetLike,
  sheet: SheetLike,
  editor: string,
  plan: ReadPlan,
): SyncSummary | undefined {
  if (plan.action === 'ignore') return undefined;
  const settings = readSettings(services);
  if (!settings.ok) {
    toast(spreadsheet, formatScriptMessage('SETUP_MISSING', { keys: settings.missing.join(', ') }));
    return undefined;
  }
  let summary: SyncSummary | undefined;
  withDocumentLock(services, spreadsheet, () => {
    summary = syncRows(
      services,
      { spreadsheet, sheet, settings: settings.settings, editor },
      plan,
      readHeaderRow(sheet),
    );
  });
  return summary;
}

/**
 * onChange carries no range; the active sheet is the one changed (for row and column insertions and removals,
 * which need the user's hands on that sheet).
 */
export function syncChangeEvent(event: ChangeEventLike, services: AppsScriptServices): SyncSummary | undefined {
  const spreadsheet = services.SpreadsheetApp.getActive();
  const sheet = spreadsheet.getActiveSheet();
  const plan = planChange({ sheetName: sheet.getName(), changeType: event.changeType });
  return resyncSheet(services, spreadsheet, sheet, editorEmail(services, event.user), plan);
}

export function resyncActiveSheet(services: AppsScriptServices): SyncSummary | undefined {
  const spreadsheet = services.SpreadsheetApp.getActive();
  const sheet = spreadsheet.getActiveSheet();
  if (!isSyncedTab(sheet.getName())) {
    toast(spreadsheet, formatScriptMessage('NOT_A_DATA_TAB', { sheet: sheet.getName() }));
    return undefined;
  }
  const summary = resyncSheet(services, spreadsheet, sheet, editorEmail(services, undefined), {
    action: 'readAll',
    kind: 'resync',
  });
  if (summary && !summary.failed) {
    toast(spreadsheet, formatScriptMessage('RESYNC_DONE', { rows: summary.rows, errors: summary.rowsWithErrors }));
  }
  return summary;
}

function mailOutcome(text: string): 'sent' | 'queued' | 'notConfigured' | undefined {
  try {
    const mail = (JSON.parse(text) as { mail?: unknown }).mail;
    return mail === 'sent' || mail === 'queued' || mail === 'notConfigured' ? mail : undefined;
  } catch {
    return undefined;
  }
}

export function runSetupCheck(services: AppsScriptServices): string {
  const ui = services.SpreadsheetApp.getUi();
  const settings = readSettings(services);
  let message: string;
  if (!settings.ok) {
    message = formatScriptMessage('SETUP_MISSING', { keys: settings.missing.join(', ') });
  } else {
    // The check also sends a test mail to whoever runs it, through the outbox, proving the mail path.
    const me = editorEmail(services, undefined);
    const request: SetupCheckRequest = {
      version: EDIT_REQUEST_VERSION,
      kind: 'setupCheck',
      eventId: services.Utilities.getUuid(),
      spreadsheetId: services.SpreadsheetApp.getActive().getId(),
      sentAt: new Date(services.clock()).toISOString(),
      ...(me ? { sendTestMailTo: me } : {}),
    };
    const outcome = postSigned(services, settings.settings, JSON.stringify(request));
    const url = settings.settings.url;
    if (outcome.ok) {
      const mail = mailOutcome(outcome.text);
      message = formatScriptMessage('SETUP_OK', { url });
      if (mail && me) {
        const mailMessage = mail === 'notConfigured' ? 'TEST_MAIL_NOT_CONFIGURED' : 'TEST_MAIL_SENT';
        message += `\n${formatScriptMessage(mailMessage, { to: me })}`;
      }
    }
    // The signature is checked before the body, so a 400 still proves the URL and the secret are right.
    else if (outcome.status === 400) message = formatScriptMessage('SETUP_OK_OLD_SERVER', { url });
    else message = outcome.message;
  }
  ui.alert(message);
  return message;
}

/** The menu's "Send notice now": the selected Meetings row's notice goes out at once; the answer is shown. */
export function sendNoticeForActiveRow(services: AppsScriptServices, action?: 'finalizeMinutes'): string {
  const ui = services.SpreadsheetApp.getUi();
  const spreadsheet = services.SpreadsheetApp.getActive();
  const sheet = spreadsheet.getActiveSheet();
  const settings = readSettings(services);
  let message: string;
  if (!settings.ok) {
    message = formatScriptMessage('SETUP_MISSING', { keys: settings.missing.join(', ') });
  } else {
    const row = sheet.getActiveRange()?.getRow() ?? 0;
    const width = Math.max(sheet.getLastColumn(), 1);
    const headerRow = sheet.getRange(HEADER_ROW_NUMBER, 1, 1, width).getValues()[0] ?? [];
    const rowValues = row >= FIRST_DATA_ROW_NUMBER ? (sheet.getRange(row, 1, 1, width).getValues()[0] ?? []) : [];
    const plan = planSendNotice({
      sheetName: sheet.getName(),
      headerRow,
      row,
      rowValues,
      spreadsheetId: spreadsheet.getId(),
      editor: editorEmail(services, undefined),
      eventId: services.Utilities.getUuid(),
      now: new Date(services.clock()),
      ...(action ? { action } : {}),
    });
    if (!plan.ok) {
      message = formatScriptMessage(plan.reason);
    } else {
      const outcome = postSigned(services, settings.settings, JSON.stringify(plan.request));
      // The server's own refusal (not a Meetings row, no ID yet) reads as the script's would, without "HTTP 400".
      if (!outcome.ok)
        message =
          outcome.status === 400 && outcome.serverText
            ? `${outcome.serverText.zh} / ${outcome.serverText.en}`
            : outcome.message;
      else {
        const answer = readSendNoticeAnswer(outcome.text);
        message = answer ? `${answer.zh} / ${answer.en}` : formatScriptMessage('NOTICE_BAD_ANSWER');
      }
    }
  }
  ui.alert(message);
  return message;
}

/** The menu's "Reconcile now": the server fixes what the triggers missed, in every tab; its answer is shown. */
export function reconcileWorkbookNow(services: AppsScriptServices): string {
  const settings = readSettings(services);
  let message: string;
  if (!settings.ok) message = formatScriptMessage('SETUP_MISSING', { keys: settings.missing.join(', ') });
  else {
    const request: ReconcileRequest = {
      version: EDIT_REQUEST_VERSION,
      kind: 'reconcile',
      eventId: services.Utilities.getUuid(),
      spreadsheetId: services.SpreadsheetApp.getActive().getId(),
      editor: editorEmail(services, undefined),
      sentAt: new Date(services.clock()).toISOString(),
    };
    const outcome = postSigned(services, settings.settings, JSON.stringify(request));
    const answer = outcome.ok ? readSendNoticeAnswer(outcome.text) : undefined;
    if (!outcome.ok) message = outcome.message;
    else message = answer ? `${answer.zh} / ${answer.en}` : formatScriptMessage('RECONCILE_BAD_ANSWER');
  }
  services.SpreadsheetApp.getUi().alert(message);
  return message;
}

export function replaceTriggers(services: AppsScriptServices): number {
  const spreadsheet = services.SpreadsheetApp.getActive();
  const ours = new Set([EDIT_TRIGGER_FUNCTION, CHANGE_TRIGGER_FUNCTION]);
  // Installing twice would send every edit twice; replacing keeps exactly one of each.
  const old = services.ScriptApp.getProjectTriggers().filter((trigger) => ours.has(trigger.getHandlerFunction()));
  for (const trigger of old) services.ScriptApp.deleteTrigger(trigger);
  services.ScriptApp.newTrigger(EDIT_TRIGGER_FUNCTION).forSpreadsheet(spreadsheet).onEdit().create();
  services.ScriptApp.newTrigger(CHANGE_TRIGGER_FUNCTION).forSpreadsheet(spreadsheet).onChange().create();
  toast(spreadsheet, formatScriptMessage('TRIGGERS_INSTALLED', { removed: old.length }));
  return old.length;
}

export function showMenu(services: AppsScriptServices): void {
  const menu = buildMenu();
  const uiMenu = services.SpreadsheetApp.getUi().createMenu(menu.title);
  for (const item of menu.items) uiMenu.addItem(item.label, item.functionName);
  uiMenu.addToUi();
}
