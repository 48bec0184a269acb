// sheetEdit: signed edit events from the sheet → inbox → validated canonical records → per-row answer, which
// names every cell the script writes back (the script knows no columns of its own).
import type { DateTime } from 'luxon';
import type {
  ReconcileResponse,
  SendNoticeRequest,
  SetupCheckRequest,
  SetupCheckResponse,
} from '../contract/edit-request.ts';
import { describeReconcile } from '../domain/workbook/reconcile-answer.ts';
import { matchRequestHeader, nameSelectedMeeting, readEditRequest } from '../domain/workbook/request-rows.ts';
import type { ReconcileReport } from '../workflows/reconcile-workbook.ts';
import type { SendNoticeOutcome } from '../workflows/send-notice-now.ts';
import type { FinalizeMinutesOutcome } from '../workflows/finalize-minutes.ts';
import { type ApplySheetEditDeps, applySheetEdit } from '../workflows/apply-sheet-edit.ts';
import type { SetupCheckMailRequest, SetupCheckMailResult } from '../workflows/setup-check-mail.ts';
import type { IdTokenVerifier } from '../ports/identity-ports.ts';
import type { SigningSecrets } from './hmac-signature.ts';
import { type HttpInput, type HttpOutput, errorResponse } from './http-types.ts';
import { checkRequestIdentity } from './request-identity.ts';
import { requestBytes, requestTooLarge } from './request-size.ts';
import { readSignedRequest } from './signed-request.ts';

export interface SheetEditDeps extends ApplySheetEditDeps {
  /** The HMAC secret, and during a rotation the previous one with the end of its window. */
  secrets: SigningSecrets;
  windowSeconds: number;
  /** MAX_REQUEST_BYTES: larger bodies get 413 before anything reads them. */
  maxRequestBytes: number;
  /** Set when SHEET_EDIT_ID_TOKEN_AUDIENCE is: every request must then carry the script's Google ID token. */
  idTokens?: IdTokenVerifier | undefined;
  now: () => DateTime;
  /** "Send notice now" from the sheet menu (answers MAIL_NOT_CONFIGURED itself when there is no mailbox). */
  sendNotice: (request: SendNoticeRequest) => Promise<SendNoticeOutcome>;
  /** Absent when no sender mailbox is configured. */
  sendSetupCheckMail?: (request: SetupCheckMailRequest) => Promise<SetupCheckMailResult>;
  /** "Finalize minutes" (menu, web UI): the selected meeting's minutes (finalize-minutes.ts), by the editor. */
  finalizeMinutes?: (request: SendNoticeRequest) => Promise<FinalizeMinutesOutcome>;
  /** The menu's "Reconcile now": reconciles the workbook (reconcile-workbook.ts) and answers what it fixed. */
  reconcile: (workbookId: string) => Promise<ReconcileReport>;
}

export async function handleSheetEdit(input: HttpInput, deps: SheetEditDeps): Promise<HttpOutput> {
  if (input.method !== 'POST')
    return { status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED', en: 'Use POST.', zh: '请使用 POST。' } } };
  const bytes = requestBytes(input);
  if (bytes > deps.maxRequestBytes) {
    deps.logs.requestTooLarge(bytes, deps.maxRequestBytes);
    return requestTooLarge(deps.maxRequestBytes);
  }
  const now = deps.now();
  const gate = readSignedRequest(input, {
    secrets: deps.secrets,
    windowSeconds: deps.windowSeconds,
    now,
    logs: deps.logs,
  });
  if (!gate.ok) return gate.output;
  if (gate.secret === 'previous') deps.logs.previousSecretAccepted(gate.body.eventId, gate.body.spreadsheetId);
  const identity = await checkRequestIdentity(input, gate.body, { verifier: deps.idTokens, now, logs: deps.logs });
  if (!identity.ok) return identity.output;
  const request = identity.body;
  if (request.kind === 'setupCheck') return { status: 200, body: await answerSetupCheck(request, deps) };
  if (request.kind === 'sendNotice') {
    const named = 'selection' in request ? nameSelectedMeeting(request) : { ok: true as const, request };
    if (!named.ok) return errorResponse(400, named.code);
    const notice = named.request;
    if (notice.action === 'finalizeMinutes') {
      if (!deps.finalizeMinutes) return errorResponse(503, 'MINUTES_DOCS_NOT_CONFIGURED');
      const finalized = await deps.finalizeMinutes(notice);
      deps.logs.minutesFinalizeRequested(
        notice.spreadsheetId,
        notice.eventId,
        notice.meetingId,
        finalized.ok ? finalized.response.state : finalized.code,
      );
      return finalized.ok
        ? { status: 200, body: finalized.response }
        : errorResponse(finalized.status, finalized.code, finalized.params);
    }
    const outcome = await deps.sendNotice(notice);
    const logged = outcome.ok ? (outcome.response.replayed ? 'replayed' : 'ok') : outcome.code;
    deps.logs.noticeRequested(notice.spreadsheetId, notice.eventId, notice.meetingId, logged);
    return outcome.ok
      ? { status: 200, body: outcome.response }
      : errorResponse(outcome.status, outcome.code, outcome.params);
  }

  if (request.kind === 'reconcile') {
    // Any editor may ask: reconciling applies the sheet as it is, through the same checks as a resync.
    const report = await deps.reconcile(request.spreadsheetId);
    const tabs = report.state === 'done' ? report.tabs : [];
    const answer: ReconcileResponse = {
      ok: true,
      state: report.state,
      tabs,
      message: describeReconcile({ ...report, tabs }),
    };
    return { status: 200, body: answer };
  }

  // One header match serves reading the rows and the whole edit.
  const header = matchRequestHeader(request);
  const outcome = await applySheetEdit(readEditRequest(request, header), now, deps, { header });
  return outcome.ok
    ? { status: 200, body: outcome.response }
    : errorResponse(outcome.status, outcome.code, outcome.params);
}

/** The URL and secret are right (the request got here); optionally prove the mail path with a test mail. */
async function answerSetupCheck(request: SetupCheckRequest, deps: SheetEditDeps): Promise<SetupCheckResponse> {
  if (!request.sendTestMailTo) return { ok: true };
  if (!deps.sendSetupCheckMail) return { ok: true, mail: 'notConfigured' };
  const mail = await deps.sendSetupCheckMail({
    spreadsheetId: request.spreadsheetId,
    recipient: request.sendTestMailTo,
    requestId: request.eventId,
  });
  deps.logs.setupMailQueued(request.spreadsheetId, request.eventId);
  return { ok: true, mail };
}
