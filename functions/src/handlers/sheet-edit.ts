// sheetEdit: signed edit events from the sheet → inbox → validated canonical records → per-row answer.
import { randomUUID } from 'node:crypto';
import type { DateTime } from 'luxon';
import { sheetEditBodySchema, type EditResponse, type SetupCheckResponse } from '../domain/edit-request.ts';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, verifyRequestSignature } from '../domain/request-signature.ts';
import { buildRowResults, planSheetEdit } from '../domain/sheet-edit-plan.ts';
import type { Logs } from '../logs.ts';
import type { SheetEditStore } from '../ports.ts';
import type { SetupCheckMailRequest, SetupCheckMailResult } from '../workflows/setup-check-mail.ts';
import { type HttpInput, type HttpOutput, errorResponse, headerValue } from './http-types.ts';

export interface SheetEditDeps {
  store: SheetEditStore;
  secret: string;
  windowSeconds: number;
  now: () => DateTime;
  logs: Logs;
  /** Absent when no sender mailbox is configured. */
  sendSetupCheckMail?: (request: SetupCheckMailRequest) => Promise<SetupCheckMailResult>;
}

const SIGNATURE_ERRORS = { MISSING: 'SIGNATURE_MISSING', BAD_TIMESTAMP: 'SIGNATURE_INVALID', BAD_SIGNATURE: 'SIGNATURE_INVALID', EXPIRED: 'SIGNATURE_EXPIRED' } as const;

export async function handleSheetEdit(input: HttpInput, deps: SheetEditDeps): Promise<HttpOutput> {
  if (input.method !== 'POST') return { status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED', en: 'Use POST.', zh: '请使用 POST。' } } };
  const now = deps.now();
  const timestampHeader = headerValue(input, SIGNATURE_TIMESTAMP_HEADER);
  const signature = verifyRequestSignature({
    secret: deps.secret,
    timestampHeader,
    signatureHeader: headerValue(input, SIGNATURE_HEADER),
    body: input.rawBody,
    nowSeconds: Math.floor(now.toSeconds()),
    windowSeconds: deps.windowSeconds,
  });
  if (!signature.ok) {
    deps.logs.editRefused(signature.reason);
    const skew = Math.abs(Math.floor(now.toSeconds()) - Number(timestampHeader));
    return errorResponse(401, SIGNATURE_ERRORS[signature.reason], { seconds: skew, window: deps.windowSeconds });
  }

  let parsed;
  try {
    parsed = sheetEditBodySchema.safeParse(JSON.parse(input.rawBody.toString('utf8')));
  } catch {
    return errorResponse(400, 'REQUEST_INVALID', { detail: 'the body is not JSON' });
  }
  if (!parsed.success) {
    const detail = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    deps.logs.editRefused('REQUEST_INVALID', { detail });
    return errorResponse(400, 'REQUEST_INVALID', { detail });
  }
  const request = parsed.data;
  if (request.kind === 'setupCheck') {
    if (!request.sendTestMailTo) return { status: 200, body: { ok: true } satisfies SetupCheckResponse };
    if (!deps.sendSetupCheckMail) return { status: 200, body: { ok: true, mail: 'notConfigured' } satisfies SetupCheckResponse };
    const mail = await deps.sendSetupCheckMail({ spreadsheetId: request.spreadsheetId, recipient: request.sendTestMailTo, requestId: request.eventId });
    deps.logs.setupMailQueued(request.spreadsheetId, request.sendTestMailTo);
    return { status: 200, body: { ok: true, mail } satisfies SetupCheckResponse };
  }

  const settings = await deps.store.workbookSettings(request.spreadsheetId, request.timeZone);
  if ((await deps.store.recordEdit(request, now.toISO()!)) === 'replayed') {
    deps.logs.editRefused('EVENT_REPLAYED', { eventId: request.eventId });
    return errorResponse(401, 'EVENT_REPLAYED', { eventId: request.eventId });
  }
  deps.logs.editStored(request.eventId, request.spreadsheetId, request.sheetName, request.rows.length);

  const outcome = planSheetEdit(request, settings);
  if (!outcome.ok) {
    await deps.store.markEdit(request.spreadsheetId, request.eventId, { state: 'failed', detail: { error: outcome.code } });
    return errorResponse(400, outcome.code, outcome.params);
  }
  try {
    const applied = await deps.store.applyEdit(request, outcome.plan, now.toISO()!);
    const results = buildRowResults(outcome.plan, applied.ids, settings.language);
    const invalid = outcome.plan.rows.filter((r) => !r.data).length;
    await deps.store.markEdit(request.spreadsheetId, request.eventId, { state: 'applied', detail: { saved: applied.saved, invalid, deleted: applied.deleted } });
    deps.logs.editApplied(request.eventId, applied.saved, invalid, applied.deleted);
    const body: EditResponse = { results, idColumn: outcome.plan.idColumn, statusColumn: outcome.plan.statusColumn };
    return { status: 200, body };
  } catch (error) {
    // The event stays in the inbox (state 'received'), so reconcile can apply it later: nothing is lost.
    const reference = randomUUID().slice(0, 8);
    deps.logs.editFailed(request.eventId, reference, error);
    return errorResponse(500, 'INTERNAL_ERROR', { reference });
  }
}
