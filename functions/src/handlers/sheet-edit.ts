// sheetEdit: signed edit events from the sheet → inbox → validated canonical records → per-row answer.
import { randomUUID } from 'node:crypto';
import type { DateTime } from 'luxon';
import type { EditResponse, SetupCheckRequest, SetupCheckResponse } from '../domain/edit-request.ts';
import { type SheetEditPlan, buildRowResults, planSheetEdit } from '../domain/sheet-edit-plan.ts';
import type { Logs } from '../logs.ts';
import type { SheetEditStore } from '../ports.ts';
import type { EditContext } from '../workflows/cross-record-rules.ts';
import type { SetupCheckMailRequest, SetupCheckMailResult } from '../workflows/setup-check-mail.ts';
import { type HttpInput, type HttpOutput, errorResponse } from './http-types.ts';
import { readSignedRequest } from './signed-request.ts';

export interface SheetEditDeps {
  store: SheetEditStore;
  secret: string;
  windowSeconds: number;
  now: () => DateTime;
  logs: Logs;
  /** Rules that need other records (People, attendance lists, a meeting's agenda); returns the checked plan. */
  applyCrossRecordRules: (spreadsheetId: string, plan: SheetEditPlan, edit: EditContext) => Promise<SheetEditPlan>;
  /** Absent when no sender mailbox is configured. */
  sendSetupCheckMail?: (request: SetupCheckMailRequest) => Promise<SetupCheckMailResult>;
}

export async function handleSheetEdit(input: HttpInput, deps: SheetEditDeps): Promise<HttpOutput> {
  if (input.method !== 'POST') return { status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED', en: 'Use POST.', zh: '请使用 POST。' } } };
  const now = deps.now();
  const gate = readSignedRequest(input, { secret: deps.secret, windowSeconds: deps.windowSeconds, now, logs: deps.logs });
  if (!gate.ok) return gate.output;
  const request = gate.body;
  if (request.kind === 'setupCheck') return { status: 200, body: await answerSetupCheck(request, deps) };

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
    const plan = await deps.applyCrossRecordRules(request.spreadsheetId, outcome.plan, { now, editor: request.editor, language: settings.language });
    const applied = await deps.store.applyEdit(request, plan, now.toISO()!);
    const results = buildRowResults(plan, applied.ids, settings.language);
    const invalid = plan.rows.filter((r) => !r.data).length;
    await deps.store.markEdit(request.spreadsheetId, request.eventId, { state: 'applied', detail: { saved: applied.saved, invalid, deleted: applied.deleted } });
    deps.logs.editApplied(request.eventId, applied.saved, invalid, applied.deleted);
    const body: EditResponse = { results, idColumn: plan.idColumn, statusColumn: plan.statusColumn };
    return { status: 200, body };
  } catch (error) {
    // The event stays in the inbox (state 'received'), so reconcile can apply it later: nothing is lost.
    const reference = randomUUID().slice(0, 8);
    deps.logs.editFailed(request.eventId, reference, error);
    return errorResponse(500, 'INTERNAL_ERROR', { reference });
  }
}

/** The URL and secret are right (the request got here); optionally prove the mail path with a test mail. */
async function answerSetupCheck(request: SetupCheckRequest, deps: SheetEditDeps): Promise<SetupCheckResponse> {
  if (!request.sendTestMailTo) return { ok: true };
  if (!deps.sendSetupCheckMail) return { ok: true, mail: 'notConfigured' };
  const mail = await deps.sendSetupCheckMail({ spreadsheetId: request.spreadsheetId, recipient: request.sendTestMailTo, requestId: request.eventId });
  deps.logs.setupMailQueued(request.spreadsheetId, request.sendTestMailTo);
  return { ok: true, mail };
}
