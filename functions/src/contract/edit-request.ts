// The contract between the Apps Script trigger and the sheetEdit function. Both sides compile against these
// types; the Apps Script bundle imports them with `import type` only, so zod never ships to Apps Script.
import { z } from 'zod';

export const EDIT_REQUEST_VERSION = 1;

/** Refuse oversized requests by schema, so a giant paste gets a clear 400 instead of a timeout or an OOM. */
export const MAX_ROWS_PER_REQUEST = 5_000;
/** Google Sheets itself caps a cell at 50,000 characters; anything longer was not read from a sheet. */
export const MAX_CELL_TEXT_LENGTH = 50_000;
/** Our tabs have about 15 columns; 200 leaves room for users' own note columns without inviting abuse. */
export const MAX_COLUMNS = 200;
/**
 * For the HTTP layer's body-size limit (checked before JSON parsing). The script splits its requests at
 * ≈1,000,000 characters of cell text, i.e. at most ≈3 MB of UTF-8, so 10 MB is never reached by a real sheet.
 */
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;
/** Sheets caps a spreadsheet at 10 million cells, so no real row number is larger. */
const MAX_ROW_NUMBER = 10_000_000;

/** The header is always the sheet's first row, so data rows start at row 2. */
export const HEADER_ROW_NUMBER = 1;
export const FIRST_DATA_ROW_NUMBER = 2;

export const EDIT_KINDS = ['edit', 'change', 'resync'] as const;
/**
 * - `edit`: the user changed input cells of these rows (onEdit).
 * - `change`: the rows are re-sent without any input cell changing (e.g. someone typed into a protected ID or
 *   Status cell); the server re-answers so the write-back restores ID and Status. Not an authored change.
 * - `resync`: the complete set of data rows of the sheet (after row deletions/insertions, a header edit or the
 *   menu's "Resync this sheet"); a record whose ID is absent from the complete set was deleted from the sheet.
 *   A large sheet is sent in several parts that share `batch.id`; the set is complete only once all
 *   `batch.count` parts have arrived.
 */
export type EditKind = (typeof EDIT_KINDS)[number];

const cellText = z.string().max(MAX_CELL_TEXT_LENGTH);

/**
 * A cell as read with getValues(): text, a finite number, a checkbox, or empty (null). Date cells arrive as text
 * in the workbook's local wall-clock time (request.timeZone): "2026-11-28", "14:05", "2026-11-28 14:05" or with
 * seconds ("2026-11-28 14:05:30").
 */
export const cellValueSchema = z.union([cellText, z.number(), z.boolean(), z.null()]);
export type CellValue = z.infer<typeof cellValueSchema>;

export const editRowSchema = z.object({
  /** 1-based sheet row number, where the answer for this row is written back. */
  row: z.number().int().min(FIRST_DATA_ROW_NUMBER).max(MAX_ROW_NUMBER),
  /**
   * Aligned with headerRow (same length). System columns other than ID are always null: they are output,
   * never input. The ID column holds the ID as read from the sheet (or the ID the cell had before the user
   * overwrote it), which is how the server matches the row to its record; '' or null means a new row.
   */
  values: z.array(cellValueSchema).max(MAX_COLUMNS),
});
export type EditRow = z.infer<typeof editRowSchema>;

export const editBatchSchema = z
  .object({
    /** Shared by every part of one logical event (one paste, one resync). */
    id: z.uuid(),
    /** 0-based position of this part. */
    index: z.number().int().min(0),
    count: z.number().int().min(2).max(10_000),
  })
  .refine((batch) => batch.index < batch.count, { message: 'batch.index must be less than batch.count', path: ['index'] });
export type EditBatch = z.infer<typeof editBatchSchema>;

export const editRequestSchema = z
  .object({
    version: z.literal(EDIT_REQUEST_VERSION),
    /** Unique per request (each part of a batch has its own); the server refuses a reused one. */
    eventId: z.uuid(),
    spreadsheetId: z.string().min(1).max(200).regex(/^[A-Za-z0-9_-]+$/u),
    sheetName: z.string().min(1).max(100),
    /** '' when Apps Script cannot tell who edited (consumer accounts, users outside the domain). */
    editor: z.union([z.literal(''), z.email().max(320)]),
    kind: z.enum(EDIT_KINDS),
    /** Row 1 of the sheet as text, trailing empty header cells removed. */
    headerRow: z.array(cellText).max(MAX_COLUMNS),
    rows: z.array(editRowSchema).max(MAX_ROWS_PER_REQUEST),
    /** Present only when one logical event was split into several requests. */
    batch: editBatchSchema.optional(),
    /** The spreadsheet's time zone (IANA name), in which date cells were formatted. */
    timeZone: z.string().min(1).max(100).optional(),
    sentAt: z.iso.datetime({ offset: true }),
  })
  .superRefine((request, ctx) => {
    if (request.kind !== 'resync' && request.rows.length === 0) {
      // An empty resync legitimately says "every row was deleted"; an empty edit is a client bug.
      ctx.addIssue({ code: 'custom', message: `a "${request.kind}" request needs at least one row`, path: ['rows'] });
    }
    const seen = new Set<number>();
    request.rows.forEach((row, index) => {
      if (row.values.length > request.headerRow.length) {
        ctx.addIssue({ code: 'custom', message: 'a row has more values than the header row has cells', path: ['rows', index, 'values'] });
      }
      if (seen.has(row.row)) {
        ctx.addIssue({ code: 'custom', message: `row ${row.row} appears twice`, path: ['rows', index, 'row'] });
      }
      seen.add(row.row);
    });
  });
export type EditRequest = z.infer<typeof editRequestSchema>;

export const rowMessageSchema = z.object({
  /** A MessageCode from messages.ts; kept a string here so an older script never rejects a newer server. */
  code: z.string().min(1).max(100),
  /** Key of the column the message is about (workbook-schema column key, e.g. 'email'), as in row-schemas.ts. */
  column: z.string().max(100).optional(),
  en: z.string().max(MAX_CELL_TEXT_LENGTH),
  zh: z.string().max(MAX_CELL_TEXT_LENGTH),
});
export type RowMessage = z.infer<typeof rowMessageSchema>;

export const rowResultSchema = z.object({
  row: z.number().int().min(FIRST_DATA_ROW_NUMBER).max(MAX_ROW_NUMBER),
  /** The ID cell shows exactly this; null means the row has no record yet (the ID cell is cleared). */
  id: z.string().max(200).nullable(),
  /** Text for the Status cell, already in the workbook's language ("OK" or the errors). */
  status: z.string().max(MAX_CELL_TEXT_LENGTH),
  messages: z.array(rowMessageSchema).max(100),
  /**
   * System columns the server computed for this row (e.g. the Attendance result), by column key, already in
   * the workbook's language. The script writes each where the header has that column.
   */
  computed: z.record(z.string().max(100), z.string().max(1000)).optional(),
});
export type RowResult = z.infer<typeof rowResultSchema>;

export const editResponseSchema = z.object({
  results: z.array(rowResultSchema).max(MAX_ROWS_PER_REQUEST),
  /** 1-based columns of ID and Status as the server matched the header; the script finds them itself otherwise. */
  idColumn: z.number().int().min(1).optional(),
  statusColumn: z.number().int().min(1).optional(),
});
export type EditResponse = z.infer<typeof editResponseSchema>;

/** Body of any non-2xx answer, so the script can show the user a reason in both languages. */
export const editErrorResponseSchema = z.object({
  error: z.object({
    code: z.string().min(1).max(100),
    en: z.string().max(2_000),
    zh: z.string().max(2_000),
  }),
});
export type EditErrorResponse = z.infer<typeof editErrorResponseSchema>;

/**
 * The menu's "Check setup" sends this (signed like any request). The server answers 200 with
 * SetupCheckResponse without touching any record, proving the URL and the shared secret are right.
 */
export const setupCheckRequestSchema = z.object({
  version: z.literal(EDIT_REQUEST_VERSION),
  kind: z.literal('setupCheck'),
  eventId: z.uuid(),
  spreadsheetId: z.string().min(1).max(200).regex(/^[A-Za-z0-9_-]+$/u),
  sentAt: z.iso.datetime({ offset: true }),
  /** When set, a test mail goes to this address through the outbox, proving the mail path too. */
  sendTestMailTo: z.email().max(320).optional(),
});
export type SetupCheckRequest = z.infer<typeof setupCheckRequestSchema>;

export const setupCheckResponseSchema = z.object({
  ok: z.literal(true),
  /** What happened to the requested test mail; 'notConfigured' when the server has no sender mailbox. */
  mail: z.enum(['sent', 'queued', 'notConfigured']).optional(),
});
export type SetupCheckResponse = z.infer<typeof setupCheckResponseSchema>;

/**
 * The menu's "Send notice now / 立即发送通知" on a Meetings row: the meeting's notice (with its invitation)
 * goes to its roster at once instead of N days before. Idempotent: people who already have the current
 * notice get nothing new. Only the meeting's host, recorder, the host's manager or an admin may send it, so
 * `editor` must name one of them. `eventId` is one-time: the same ID again gets the first answer back.
 */
export const sendNoticeRequestSchema = z.object({
  version: z.literal(EDIT_REQUEST_VERSION),
  kind: z.literal('sendNotice'),
  eventId: z.uuid(),
  spreadsheetId: z.string().min(1).max(200).regex(/^[A-Za-z0-9_-]+$/u),
  editor: z.union([z.literal(''), z.email().max(320)]),
  /** The ID cell of the selected Meetings row. */
  meetingId: z.string().trim().min(1).max(200),
  sentAt: z.iso.datetime({ offset: true }),
});
export type SendNoticeRequest = z.infer<typeof sendNoticeRequestSchema>;

export const sendNoticeResponseSchema = z.object({
  ok: z.literal(true),
  /** Active people on the roster the notice is for. */
  recipients: z.number().int().min(0),
  /** Notices queued by this request (the others already had the current notice). */
  queued: z.number().int().min(0),
  /** Delivered by this request, before the answer (at most a bounded number: see send-notice-now.ts). */
  sent: z.number().int().min(0),
  /** Still to go out with the next scheduled run: beyond what one request sends, or held by quiet hours. */
  later: z.number().int().min(0),
  /** Tried by this request without success; the outbox retries them. */
  retrying: z.number().int().min(0),
  /** Given up on (the Outbox tab says why). */
  failed: z.number().int().min(0),
  /** When quiet hours hold the notices back: when they go out (ISO, workbook zone). */
  sendsAt: z.string().optional(),
  /** The same event ID arrived again: this is the answer recorded for it the first time; nothing was done again. */
  replayed: z.literal(true).optional(),
  /** What to tell the user, in both languages. */
  message: z.object({ en: z.string(), zh: z.string() }),
});
export type SendNoticeResponse = z.infer<typeof sendNoticeResponseSchema>;

/** Everything the sheetEdit endpoint accepts, told apart by `kind`. */
export const sheetEditBodySchema = z.union([editRequestSchema, setupCheckRequestSchema, sendNoticeRequestSchema]);
export type SheetEditBody = z.infer<typeof sheetEditBodySchema>;
