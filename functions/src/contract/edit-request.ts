// The wire contract between the Apps Script trigger and the sheetEdit function: plain types and constants.
// apps-script/ bundles this folder and nothing else from functions/, so nothing here may import anything outside
// contract/ (no zod, no node: built-ins). The server checks incoming requests against these types with the zod
// schemas of domain/workbook/edit-request-schema.ts (a test keeps the two in step).

/**
 * Bumped whenever the request or the answer changes shape. Script and function are deployed together; a request
 * of another version is refused with SCRIPT_OUTDATED (426, both languages) telling the user to update the script.
 * 2: the script no longer knows the workbook schema; the answer carries the cells to write (RowResult.cells).
 * An optional field whose absence keeps the server's earlier behaviour is added without a bump (`tabIds`): a
 * script that does not send it is served as before, and a server that does not know it drops it unread.
 */
export const EDIT_REQUEST_VERSION = 2;

/** Refuse oversized requests by schema, so a giant paste gets a clear 400 instead of a timeout or an OOM. */
export const MAX_ROWS_PER_REQUEST = 5_000;
/** Google Sheets itself caps a cell at 50,000 characters; anything longer was not read from a sheet. */
export const MAX_CELL_TEXT_LENGTH = 50_000;
/** Our tabs have about 15 columns; 200 leaves room for users' own note columns without inviting abuse. */
export const MAX_COLUMNS = 200;
/**
 * For the HTTP layer's body-size limit (checked before JSON parsing). The script splits its requests at
 * TEXT_PER_REQUEST characters of cell text, i.e. at most ≈3 MB of UTF-8, so 10 MB is never reached by a real sheet.
 */
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;
/** Sheets caps a spreadsheet at 10 million cells, so no real row number is larger. */
export const MAX_ROW_NUMBER = 10_000_000;

/** The header is always the sheet's first row, so data rows start at row 2. */
export const HEADER_ROW_NUMBER = 1;
export const FIRST_DATA_ROW_NUMBER = 2;

/** Far below MAX_ROWS_PER_REQUEST: a request must be answered well inside one UrlFetch (≈60 s). */
export const ROWS_PER_REQUEST = 500;
/** Characters of cell text per request; ≈3 MB of UTF-8 at worst, far below MAX_REQUEST_BODY_BYTES. */
export const TEXT_PER_REQUEST = 1_000_000;

export const EDIT_KINDS = ['edit', 'change', 'resync'] as const;
/**
 * - `edit`: the user changed cells of these rows (onEdit). When every edited column is one only the system
 *   writes (ID, Status, a computed column), the server treats it as `change` (it knows which columns those are).
 * - `change`: the rows are re-sent without any input cell changing; the server re-answers so the write-back
 *   restores the system cells. Not an authored change.
 * - `resync`: the complete set of data rows of the sheet (after row deletions/insertions, a header edit or the
 *   menu's "Resync this sheet"); a record whose ID is absent from the complete set was deleted from the sheet.
 *   A large sheet is sent in several parts that share `batch.id`; the set is complete only once all
 *   `batch.count` parts have arrived.
 */
export type EditKind = (typeof EDIT_KINDS)[number];

/**
 * A cell as read with getValues(): text, a finite number, a checkbox, or empty (null). Date cells arrive as text
 * in the workbook's local wall-clock time (request.timeZone): "2026-11-28", "14:05", "2026-11-28 14:05" or with
 * seconds ("2026-11-28 14:05:30").
 */
export type CellValue = string | number | boolean | null;

export interface EditRow {
  /** 1-based sheet row number, where the answer for this row is written back. */
  row: number;
  /**
   * Aligned with headerRow (at most as long). Every cell as read, system columns included: the server knows
   * which columns are output and ignores them, except the ID, which is how it matches the row to its record
   * ('' or null means a new row).
   */
  values: CellValue[];
}

export interface EditBatch {
  /** Shared by every part of one logical event (one paste, one resync). */
  id: string;
  /** 0-based position of this part. */
  index: number;
  count: number;
}

/** The ID column of a whole tab (contract/tab-ids.ts). */
export interface TabIds {
  /** 1-based column the IDs were read from. */
  column: number;
  /** [sheet row, ID] for every data row whose ID cell shows an ID, in row order. */
  rows: Array<[number, string]>;
}

/** 1-based, inclusive columns of the edited range (onEdit's e.range), for the server to tell input from output. */
export interface EditedColumns {
  first: number;
  last: number;
}

/**
 * A single edited cell and the text it held before (Apps Script's e.oldValue; '' when it was empty). When that
 * cell is the ID, the old text is the row's real identity, and the answer writes it back.
 */
export interface OverwrittenCell {
  row: number;
  column: number;
  value: string;
}

export interface EditRequest {
  version: typeof EDIT_REQUEST_VERSION;
  /** Unique per request (each part of a batch has its own); the server refuses a reused one. */
  eventId: string;
  spreadsheetId: string;
  sheetName: string;
  /** '' when Apps Script cannot tell who edited (consumer accounts, users outside the domain). */
  editor: string;
  kind: EditKind;
  /** Row 1 of the sheet as text, trailing empty header cells removed. */
  headerRow: string[];
  rows: EditRow[];
  /** Present only when one logical event was split into several requests. */
  batch?: EditBatch;
  /**
   * Only on a resync sent in parts: the ID column of the whole tab, the same in every part (tab-ids.ts), so each
   * part decides which row keeps a repeated ID with every row in view. Absent (an older script, or a tab of more
   * than MAX_TAB_IDS IDs): each part counts the IDs of the parts sent before it.
   */
  tabIds?: TabIds;
  /** The spreadsheet's time zone (IANA name), in which date cells were formatted. */
  timeZone?: string;
  /** Only on `edit`: which columns the user changed. Absent: the whole row counts as authored. */
  edited?: EditedColumns;
  overwritten?: OverwrittenCell;
  sentAt: string;
}

export interface RowMessage {
  /** A MessageCode from messages.ts; kept a string here so an older script never rejects a newer server. */
  code: string;
  /** Key of the column the message is about (workbook-schema column key, e.g. 'email'), as in row-schemas.ts. */
  column?: string | undefined;
  en: string;
  zh: string;
}

/**
 * One cell to write: 1-based column of the row it belongs to, and its text exactly as it must show. Written RAW:
 * a leading `=`, `+` or a date-like text stays text (the Sheets API's RAW input; in Apps Script, setValues with a
 * leading apostrophe).
 */
export interface CellWrite {
  column: number;
  value: string;
}

export interface RowResult {
  row: number;
  /** The ID cell shows exactly this; null means the row has no record yet (the ID cell is cleared). */
  id: string | null;
  /** Text for the Status cell, already in the workbook's language ("OK" or the errors). */
  status: string;
  messages: RowMessage[];
  /**
   * System columns the server computed for this row (e.g. the Attendance result), by column key, already in
   * the workbook's language.
   */
  computed?: Record<string, string>;
  /**
   * Every cell of this row to write, and nothing else: ID, Status, computed columns, a system cell restored after
   * someone typed over it. Cells not named here are never touched, so nothing a user typed is overwritten.
   * Always present in sheetEdit's answers; results the server writes itself are planned from the header.
   */
  cells?: CellWrite[];
}

export interface EditResponse {
  results: RowResult[];
  /** 1-based columns of ID and Status as the server matched the header; absent when the header lacks one. */
  idColumn?: number | undefined;
  statusColumn?: number | undefined;
}

/** Body of any non-2xx answer, so the script can show the user a reason in both languages. */
export interface EditErrorResponse {
  error: { code: string; en: string; zh: string };
}

/**
 * The menu's "Check setup" sends this (signed like any request). The server answers 200 with
 * SetupCheckResponse without touching any record, proving the URL and the shared secret are right.
 */
export interface SetupCheckRequest {
  version: typeof EDIT_REQUEST_VERSION;
  kind: 'setupCheck';
  eventId: string;
  spreadsheetId: string;
  sentAt: string;
  /** When set, a test mail goes to this address through the outbox, proving the mail path too. */
  sendTestMailTo?: string;
}

export interface SetupCheckResponse {
  ok: true;
  /** What happened to the requested test mail; 'notConfigured' when the server has no sender mailbox. */
  mail?: 'sent' | 'queued' | 'notConfigured';
}

/**
 * The menu's "Send notice now / 立即发送通知" on a Meetings row: the meeting's notice (with its invitation)
 * goes to its roster at once instead of N days before. Idempotent: people who already have the current
 * notice get nothing new. Only the meeting's host, recorder, the host's manager or an admin may send it, so
 * `editor` must name one of them. `eventId` is one-time: the same ID again gets the first answer back.
 * This is the request as the server acts on and records it, naming the meeting by its ID.
 */
export interface SendNoticeRequest {
  version: typeof EDIT_REQUEST_VERSION;
  kind: 'sendNotice';
  eventId: string;
  spreadsheetId: string;
  editor: string;
  /** The ID cell of the selected Meetings row. */
  meetingId: string;
  sentAt: string;
  /**
   * What to do for the selected meeting; absent: send its notice. 'finalizeMinutes' is the menu's "生成会议纪要 /
   * Finalize minutes" (issue 14), sent the same way so the script stays small: answered with FinalizeMinutesResponse.
   */
  action?: 'finalizeMinutes' | undefined;
}

/** The selected row as the script read it; the server finds the tab and the ID cell, as it does for edits. */
export interface SelectedRow {
  sheetName: string;
  headerRow: string[];
  row: number;
  values: CellValue[];
}

/** What the script sends: the selected row instead of the meeting ID, since the script knows no columns. */
export type SendNoticeRowRequest = Omit<SendNoticeRequest, 'meetingId'> & { selection: SelectedRow };

export interface SendNoticeResponse {
  ok: true;
  /** Active people on the roster the notice is for. */
  recipients: number;
  /** Notices queued by this request (the others already had the current notice). */
  queued: number;
  /** Delivered by this request, before the answer (at most a bounded number: see send-notice-now.ts). */
  sent: number;
  /** Still to go out with the next scheduled run: beyond what one request sends, or held by quiet hours. */
  later: number;
  /** Tried by this request without success; the outbox retries them. */
  retrying: number;
  /** Given up on (the Outbox tab says why). */
  failed: number;
  /** When quiet hours hold the notices back: when they go out (ISO, workbook zone). */
  sendsAt?: string | undefined;
  /** The same event ID arrived again: this is the answer recorded for it the first time; nothing was done again. */
  replayed?: true | undefined;
  /** What to tell the user, in both languages. */
  message: { en: string; zh: string };
}

/** The answer to "Finalize minutes": what happened to the meeting's minutes, and what to tell the user. */
export interface FinalizeMinutesResponse {
  ok: true;
  /** issued: version `version` was written and mailed; unchanged: nothing new to send; reopened: next version open. */
  state: 'issued' | 'unchanged' | 'reopened';
  version: number;
  /** People the version was shared with and mailed to. */
  recipients: number;
  /** Mails queued by this request. */
  queued: number;
  documentUrl?: string | undefined;
  /** The same event ID arrived again: this is the answer recorded for it the first time; nothing was done again. */
  replayed?: true | undefined;
  message: { en: string; zh: string };
}

/**
 * The menu's "Reconcile now / 立即核对": the server reads every synced tab and fixes what the triggers missed (rows
 * that never arrived, overwritten ID/Status cells), as the nightly run does, and answers what it fixed. Harmless
 * to repeat: a run with nothing to fix changes nothing, and a run while another holds the workbook waits for none.
 */
export interface ReconcileRequest {
  version: typeof EDIT_REQUEST_VERSION;
  kind: 'reconcile';
  eventId: string;
  spreadsheetId: string;
  editor: string;
  sentAt: string;
}

export interface ReconcileResponse {
  ok: true;
  /** 'busy': another run was reconciling the workbook, this one did nothing. */
  state: 'done' | 'busy';
  /** Per tab: rows applied, records deleted, cells restored, inbox events superseded. */
  tabs: Array<{
    tab: string;
    rowsApplied: number;
    recordsDeleted: number;
    cellsRestored: number;
    eventsSuperseded: number;
    refused?: string | undefined;
  }>;
  /** What to tell the user, in both languages. */
  message: { en: string; zh: string };
}

/** Everything the sheetEdit endpoint accepts, told apart by `kind`. */
export type SheetEditBody =
  | EditRequest
  | SetupCheckRequest
  | SendNoticeRequest
  | SendNoticeRowRequest
  | ReconcileRequest;
