// The zod schemas the sheetEdit function checks incoming bodies with, one for each type of the wire contract
// (contract/edit-request.ts). They live on the server because the contract is bundled into Apps Script, which
// must not carry zod; the `satisfies` clauses and test/domain/workbook/edit-request-schema.test.ts keep both in step.
import { z } from 'zod';
import {
  EDIT_KINDS,
  EDIT_REQUEST_VERSION,
  FIRST_DATA_ROW_NUMBER,
  MAX_CELL_TEXT_LENGTH,
  MAX_COLUMNS,
  MAX_ROWS_PER_REQUEST,
  MAX_ROW_NUMBER,
} from '../../contract/edit-request.ts';
import { MAX_TAB_IDS, RECORD_ID_PATTERN } from '../../contract/tab-ids.ts';
import type {
  EditRequest,
  EditResponse,
  ReconcileRequest,
  SendNoticeRequest,
  SendNoticeResponse,
  SendNoticeRowRequest,
  SetupCheckRequest,
  SetupCheckResponse,
} from '../../contract/edit-request.ts';

const cellText = z.string().max(MAX_CELL_TEXT_LENGTH);
const spreadsheetId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/u);
const editor = z.union([z.literal(''), z.email().max(320)]);
const rowNumber = z.number().int().min(FIRST_DATA_ROW_NUMBER).max(MAX_ROW_NUMBER);
const columnNumber = z.number().int().min(1).max(MAX_COLUMNS);

export const cellValueSchema = z.union([cellText, z.number(), z.boolean(), z.null()]);

export const editRowSchema = z.object({ row: rowNumber, values: z.array(cellValueSchema).max(MAX_COLUMNS) });

export const editBatchSchema = z
  .object({ id: z.uuid(), index: z.number().int().min(0), count: z.number().int().min(2).max(10_000) })
  .refine((batch) => batch.index < batch.count, {
    message: 'batch.index must be less than batch.count',
    path: ['index'],
  });

/** The whole tab's ID column on a part of a resync (contract/tab-ids.ts); only ID-shaped cells are listed. */
export const tabIdsSchema = z.object({
  column: columnNumber,
  rows: z.array(z.tuple([rowNumber, z.string().regex(RECORD_ID_PATTERN)])).max(MAX_TAB_IDS),
});

/** The list is a resync's, one part of several, read from a column of the header, one ID per row. */
function checkTabIds(
  request: { kind: string; batch?: unknown; headerRow: readonly string[] },
  tabIds: z.infer<typeof tabIdsSchema>,
  ctx: z.RefinementCtx,
): void {
  if (request.kind !== 'resync' || !request.batch)
    ctx.addIssue({ code: 'custom', message: 'tabIds come only with a resync sent in parts', path: ['tabIds'] });
  if (tabIds.column > request.headerRow.length)
    ctx.addIssue({ code: 'custom', message: 'tabIds.column is beyond the header row', path: ['tabIds', 'column'] });
  const seen = new Set<number>();
  tabIds.rows.forEach(([row], index) => {
    if (seen.has(row))
      ctx.addIssue({ code: 'custom', message: `row ${row} appears twice`, path: ['tabIds', 'rows', index] });
    seen.add(row);
  });
}

export const editRequestSchema = z
  .object({
    version: z.literal(EDIT_REQUEST_VERSION),
    eventId: z.uuid(),
    spreadsheetId,
    sheetName: z.string().min(1).max(100),
    editor,
    kind: z.enum(EDIT_KINDS),
    headerRow: z.array(cellText).max(MAX_COLUMNS),
    rows: z.array(editRowSchema).max(MAX_ROWS_PER_REQUEST),
    batch: editBatchSchema.optional(),
    tabIds: tabIdsSchema.optional(),
    timeZone: z.string().min(1).max(100).optional(),
    edited: z
      .object({ first: columnNumber, last: columnNumber })
      .refine((edited) => edited.first <= edited.last, { message: 'edited.first must not be after edited.last' })
      .optional(),
    overwritten: z.object({ row: rowNumber, column: columnNumber, value: cellText }).optional(),
    sentAt: z.iso.datetime({ offset: true }),
  })
  .superRefine((request, ctx) => {
    if (request.kind !== 'resync' && request.rows.length === 0) {
      // An empty resync legitimately says "every row was deleted"; an empty edit is a client bug.
      ctx.addIssue({ code: 'custom', message: `a "${request.kind}" request needs at least one row`, path: ['rows'] });
    }
    if (request.tabIds) checkTabIds(request, request.tabIds, ctx);
    const seen = new Set<number>();
    request.rows.forEach((row, index) => {
      if (row.values.length > request.headerRow.length) {
        ctx.addIssue({
          code: 'custom',
          message: 'a row has more values than the header row has cells',
          path: ['rows', index, 'values'],
        });
      }
      if (seen.has(row.row)) {
        ctx.addIssue({ code: 'custom', message: `row ${row.row} appears twice`, path: ['rows', index, 'row'] });
      }
      seen.add(row.row);
    });
  }) satisfies z.ZodType<EditRequest>;

export const rowMessageSchema = z.object({
  code: z.string().min(1).max(100),
  column: z.string().max(100).optional(),
  en: z.string().max(MAX_CELL_TEXT_LENGTH),
  zh: z.string().max(MAX_CELL_TEXT_LENGTH),
});

export const cellWriteSchema = z.object({ column: columnNumber, value: z.string().max(MAX_CELL_TEXT_LENGTH) });

export const rowResultSchema = z.object({
  row: rowNumber,
  id: z.string().max(200).nullable(),
  status: z.string().max(MAX_CELL_TEXT_LENGTH),
  messages: z.array(rowMessageSchema).max(100),
  computed: z.record(z.string().max(100), z.string().max(1000)).optional(),
  cells: z.array(cellWriteSchema).max(MAX_COLUMNS).optional(),
});

/** The answer's shape: the server never parses it, tests check every answer against it. */
export const editResponseSchema = z.object({
  results: z.array(rowResultSchema).max(MAX_ROWS_PER_REQUEST),
  idColumn: z.number().int().min(1).optional(),
  statusColumn: z.number().int().min(1).optional(),
}) satisfies z.ZodType<EditResponse>;

export const editErrorResponseSchema = z.object({
  error: z.object({ code: z.string().min(1).max(100), en: z.string().max(2_000), zh: z.string().max(2_000) }),
});

export const setupCheckRequestSchema = z.object({
  version: z.literal(EDIT_REQUEST_VERSION),
  kind: z.literal('setupCheck'),
  eventId: z.uuid(),
  spreadsheetId,
  sentAt: z.iso.datetime({ offset: true }),
  sendTestMailTo: z.email().max(320).optional(),
}) satisfies z.ZodType<SetupCheckRequest>;

export const setupCheckResponseSchema = z.object({
  ok: z.literal(true),
  mail: z.enum(['sent', 'queued', 'notConfigured']).optional(),
}) satisfies z.ZodType<SetupCheckResponse>;

const sendNoticeFields = {
  version: z.literal(EDIT_REQUEST_VERSION),
  kind: z.literal('sendNotice'),
  eventId: z.uuid(),
  spreadsheetId,
  editor,
  sentAt: z.iso.datetime({ offset: true }),
  action: z.literal('finalizeMinutes').optional(),
};

export const sendNoticeRequestSchema = z.object({
  ...sendNoticeFields,
  meetingId: z.string().trim().min(1).max(200),
}) satisfies z.ZodType<SendNoticeRequest>;

export const sendNoticeRowRequestSchema = z.object({
  ...sendNoticeFields,
  selection: z.object({
    sheetName: z.string().min(1).max(100),
    headerRow: z.array(cellText).max(MAX_COLUMNS),
    row: rowNumber,
    values: z.array(cellValueSchema).max(MAX_COLUMNS),
  }),
}) satisfies z.ZodType<SendNoticeRowRequest>;

export const sendNoticeResponseSchema = z.object({
  ok: z.literal(true),
  recipients: z.number().int().min(0),
  queued: z.number().int().min(0),
  sent: z.number().int().min(0),
  later: z.number().int().min(0),
  retrying: z.number().int().min(0),
  failed: z.number().int().min(0),
  sendsAt: z.string().optional(),
  replayed: z.literal(true).optional(),
  message: z.object({ en: z.string(), zh: z.string() }),
}) satisfies z.ZodType<SendNoticeResponse>;

export const reconcileRequestSchema = z.object({
  version: z.literal(EDIT_REQUEST_VERSION),
  kind: z.literal('reconcile'),
  eventId: z.uuid(),
  spreadsheetId,
  editor,
  sentAt: z.iso.datetime({ offset: true }),
}) satisfies z.ZodType<ReconcileRequest>;

/** Everything the sheetEdit endpoint accepts, told apart by `kind` (and, for sendNotice, by its fields). */
export const sheetEditBodySchema = z.union([
  editRequestSchema,
  setupCheckRequestSchema,
  sendNoticeRequestSchema,
  sendNoticeRowRequestSchema,
  reconcileRequestSchema,
]);
