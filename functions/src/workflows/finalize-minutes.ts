// "生成会议纪要 / Finalize minutes" (sheet menu, web UI button; and the tick, N hours after a meeting ended):
// assemble the minutes → write the Google Doc (the same document on every regeneration: its ID is kept on the
// minutes state record) → export the PDF and keep it in the meeting's archive folder → share the document with
// exactly the attendees as commenters → mail each attendee the link, the PDF and their own confirm/object links.
//
// Guarantees, and how:
// - Pressing twice mails nobody twice: outbox IDs are per (version, recipient), and a version whose lines did
//   not change and that has no open objection is not issued again (minutes-confirmation-rules.ts).
// - One finalize at a time per meeting (a lease on the state record): two presses, or a press racing the tick,
//   cannot make two documents or two versions.
// - The PDF is not put in the outbox document (Firestore's 1 MiB limit; a PDF with its embedded CJK font subset
//   can approach it): each version's PDF is saved once in the archive folder and the mail names that file, which
//   the sender reads at send time; the file is never rewritten, so a retry sends the same bytes.
// - The state is saved after the document, the PDF and the sharing, before the mail: a failure before it leaves
//   the version unissued (the next press issues it, writing the same document: a new document's ID is remembered
//   as soon as it exists), a failure after it leaves the mails for the next press (same outbox IDs) or the tick.
import { DateTime } from 'luxon';
import type { FinalizeMinutesResponse, SendNoticeRequest } from '../contract/edit-request.ts';
import type { ErrorCode } from '../domain/errors.ts';
import type { Lang, MessageParams, WorkbookLanguage } from '../domain/messages.ts';
import { formatMessage } from '../domain/messages.ts';
import { outboxMessageId } from '../domain/mail/outbox-message.ts';
import {
  type MinutesState,
  issueVersion,
  minutesStatusLabel,
  planFinalize,
  reopen,
  snapshotLines,
} from '../domain/minutes/minutes-confirmation-rules.ts';
import { assembleMinutesDocument, oneLine } from '../domain/minutes/minutes-document.ts';
import { planMinutesMails } from '../domain/minutes/minutes-mail.ts';
import { decideMinutesPermission } from '../domain/minutes/minutes-permission.ts';
import { minutesFactsFrom } from '../domain/minutes/minutes-sources.ts';
import { signResponseToken } from '../domain/minutes/response-link.ts';
import { type StoredWorkbookSettings, readWorkbookSettings } from '../domain/workbook/workbook-settings.ts';
import type { DocumentArchive, DocumentWriter } from '../ports/document-ports.ts';
import type { Outbox } from '../ports/mail-ports.ts';
import type { FinalizeRequests, MinutesPermissions, MinutesStatusSheet, MinutesStore } from '../ports/minutes-ports.ts';
import type { Workbooks } from '../ports/tick-ports.ts';
import { type DeliveryDeps, deliverMessagesNow } from './deliver-outbox.ts';
import { withIdentity } from './with-identity.ts';
import { type FinalizeAttendanceDeps, finalizeAttendance } from './finalize-attendance.ts';

/** Mails a press delivers itself at most (the rest go with the next tick), and for at most this long. */
export const MINUTES_NOW_MAX_SENDS = 25;
export const MINUTES_NOW_BUDGET_MS = 20_000;
/** Longer than any finalize takes (a document, a PDF, a share); a crashed one frees the meeting after this. */
const FINALIZE_LEASE_MINUTES = 5;

export interface MinutesLinks {
  /** HMAC secret of the response links. */
  secret: string;
  /** The response page (the minutesResponse function), e.g. https://…/minutesResponse. */
  baseUrl: string;
}

export interface FinalizeMinutesDeps {
  store: MinutesStore;
  permissions: MinutesPermissions;
  /** Absent when no Docs/Drive access is configured: finalize is refused with a clear message. */
  documents?: { writer: DocumentWriter; archive: DocumentArchive };
  workbooks: Workbooks;
  outbox: Outbox;
  /** Absent when no sender mailbox is configured: the mails wait in the outbox for the tick. */
  delivery?: DeliveryDeps;
  statusSheet?: MinutesStatusSheet;
  /**
   * The tick's attendance pass, run before the document is assembled: pressed in the minutes after a meeting's
   * end, before the tick settled it, the attendance table would otherwise show no results (absent, late...).
   */
  attendance?: FinalizeAttendanceDeps;
  links: MinutesLinks;
  messageIdDomain: string;
  defaultTimeZone: string;
  defaultLanguage: WorkbookLanguage;
  /** Identifies this process's finalize leases. */
  owner: string;
  now: () => DateTime;
  bounds?: { maxSends: number; budgetMs: number };
}

/** A person pressed it (their e-mail, '' when the sheet could not tell), or the tick did. */
export interface FinalizeMinutesRequest {
  workbookId: string;
  meetingId: string;
  by: { editor: string } | { system: 'autoFinalize' };
}

export type FinalizeMinutesOutcome =
  | { ok: true; response: FinalizeMinutesResponse }
  | { ok: false; status: 403 | 404 | 409 | 503; code: ErrorCode; params: MessageParams };

const refuse = (
  status: 403 | 404 | 409 | 503,
  code: ErrorCode,
  params: MessageParams = {},
): FinalizeMinutesOutcome => ({ ok: false, status, code, params });

const both = (code: ErrorCode, params: MessageParams) => ({
  en: formatMessage(code, params, 'en'),
  zh: formatMessage(code, params, 'zh'),
});

async function settingsOf(workbookId: string, deps: FinalizeMinutesDeps): Promise<StoredWorkbookSettings> {
  const workbook = await deps.workbooks.get(workbookId);
  return readWorkbookSettings(workbook?.data ?? {}, {
    timeZone: deps.defaultTimeZone,
    language: deps.defaultLanguage,
  });
}

export async function finalizeMinutes(
  request: FinalizeMinutesRequest,
  deps: FinalizeMinutesDeps,
): Promise<FinalizeMinutesOutcome> {
  const { workbookId } = request;
  const meetingId = request.meetingId.trim();
  if ('editor' in request.by) {
    const facts = await deps.permissions.factsFor(workbookId, meetingId, request.by.editor);
    if (!facts && request.by.editor.trim() !== '') return refuse(404, 'MINUTES_MEETING_UNKNOWN', { meetingId });
    const permission = decideMinutesPermission(facts ?? { editor: '', editorRows: [] });
    if (!permission.ok)
      return permission.code === 'MINUTES_NOT_ALLOWED'
        ? refuse(403, permission.code, permission.params)
        : refuse(403, permission.code);
  }
  if (!deps.documents) return refuse(503, 'MINUTES_DOCS_NOT_CONFIGURED');
  const now = deps.now();
  if (!(await deps.store.lease(workbookId, meetingId, deps.owner, now, now.plus({ minutes: FINALIZE_LEASE_MINUTES }))))
    return refuse(409, 'MINUTES_BUSY');
  try {
    return await finalizeLeased(workbookId, meetingId, deps.documents, deps, now);
  } finally {
    await deps.store.release(workbookId, meetingId, deps.owner);
  }
}

/**
 * The menu's press, as its signed request names it: acted on once per event ID. The request is stored in the inbox
 * before anything is done; the same event ID again (a retried request, or a captured one replayed inside the
 * signature window after the lines changed) gets the first answer back, marked replayed, and issues nothing.
 */
export async function finalizeMinutesPressed(
  request: SendNoticeRequest,
  deps: FinalizeMinutesDeps & { requests: FinalizeRequests<FinalizeMinutesOutcome> },
): Promise<FinalizeMinutesOutcome> {
  const received = await deps.requests.receive(request, deps.now());
  if (received.replayed) {
    if (!received.answer) return refuse(409, 'MINUTES_ALREADY_RECEIVED', { eventId: request.eventId });
    return received.answer.ok
      ? { ok: true, response: { ...received.answer.response, replayed: true } }
      : received.answer;
  }
  const outcome = await finalizeMinutes(
    { workbookId: request.spreadsheetId, meetingId: request.meetingId, by: { editor: request.editor } },
    deps,
  );
  await deps.requests.finish(request, outcome, deps.now());
  return outcome;
}

/**
 * The attendance pass of the tick (idempotent, safe beside edits); only ends meetings that have ended. A failure
 * (the Sheets write of the Result cells) does not stop the minutes: results saved before it are in the records
 * the document is made from, and the next tick finishes the pass, as it would have without the press.
 */
async function settleAttendance(
  workbookId: string,
  settings: StoredWorkbookSettings,
  attendance: FinalizeAttendanceDeps,
  now: DateTime,
): Promise<void> {
  const { notifications, language } = settings;
  const policy = {
    lateGraceMinutes: notifications.lateGraceMinutes,
    earlyLeaveGraceMinutes: notifications.earlyLeaveGraceMinutes,
  };
  try {
    await finalizeAttendance(workbookId, { timeZone: notifications.timeZone, language, policy }, attendance, now);
  } catch {
    // See above: the tick's own pass reports such failures.
  }
}

async function finalizeLeased(
  workbookId: string,
  meetingId: string,
  documents: NonNullable<FinalizeMinutesDeps['documents']>,
  deps: FinalizeMinutesDeps,
  now: DateTime,
): Promise<FinalizeMinutesOutcome> {
  const settings = await settingsOf(workbookId, deps);
  const zone = settings.notifications.timeZone;
  if (deps.attendance) await settleAttendance(workbookId, settings, deps.attendance, now);
  const records = await deps.store.records(workbookId, meetingId);
  if (!records) return refuse(404, 'MINUTES_MEETING_UNKNOWN', { meetingId });
  const { facts, recipients } = minutesFactsFrom(records);
  const start = DateTime.fromISO(facts.meeting.start, { zone });
  if (!start.isValid || now < start)
    return refuse(409, 'MINUTES_MEETING_NOT_STARTED', {
      start: start.isValid ? start.toFormat('yyyy-MM-dd HH:mm') : facts.meeting.start,
    });
  if (recipients.length === 0) return refuse(409, 'MINUTES_NO_RECIPIENTS');

  const language = settings.language;
  const state = await deps.store.state(workbookId, meetingId);
  const lines = snapshotLines(facts.lines, language);
  const plan = planFinalize(state, lines, language);
  const title = facts.meeting.title;
  if (plan.kind === 'reopen') {
    const reopened = reopen(state!);
    await deps.store.saveState(workbookId, reopened);
    await showStatus(workbookId, reopened, settings, deps);
    const params = { title, version: plan.version, next: plan.next };
    return ok('reopened', reopened, 0, both('MINUTES_REOPENED', params));
  }
  if (plan.kind === 'unchanged') {
    // Nothing new to write; the mails are planned again in case a crash stopped the first press before them
    // (their outbox IDs are the same, so nobody gets a second one).
    const queued = await mailVersion(workbookId, state!, title, settings, deps, now);
    return ok('unchanged', state!, queued, both('MINUTES_UNCHANGED', { title, version: plan.version }));
  }

  const model = assembleMinutesDocument(facts, { language, zone, version: plan.version, changes: plan.changes });
  const folderId = state?.folderId ?? (await documents.archive.ensureFolder(archiveFolderName(facts.meeting, zone)));
  // Issued before: its document. Never issued: the one a failed first attempt made, if any.
  const documentId = state?.documentId ?? (await deps.store.rememberedDocument(workbookId, meetingId));
  const written = await documents.writer.write(model, { folderId, ...(documentId ? { documentId } : {}) });
  if (!documentId) await deps.store.rememberDocument(workbookId, meetingId, written.documentId);
  const pdf = await documents.writer.exportPdf(written.documentId);
  const pdfFileId = await documents.archive.saveFile(folderId, `${model.title}.pdf`, 'application/pdf', pdf);
  // Drive cannot share with an address that has no Google account: those attendees get the PDF by mail only.
  const sharing = await documents.archive.shareExactly(written.documentId, recipients, 'commenter');
  const issued = issueVersion(
    state,
    {
      meetingId,
      version: plan.version,
      changes: plan.changes,
      lines,
      recipients,
      document: { documentId: written.documentId, documentUrl: written.url, folderId, pdfFileId },
    },
    now,
    settings.notifications.minutesConfirmationHours,
  );
  await deps.store.saveState(workbookId, issued);
  await showStatus(workbookId, issued, settings, deps);
  const queued = await mailVersion(workbookId, issued, title, settings, deps, now);
  const until = now.plus({ hours: settings.notifications.minutesConfirmationHours }).setZone(zone);
  const params = {
    title,
    version: issued.version,
    recipients: issued.recipients.length - sharing.unshareable.length,
    queued,
    until: until.toFormat('yyyy-MM-dd HH:mm'),
    mailOnly: sharing.unshareable.join(', '),
  };
  return ok('issued', issued, queued, both('MINUTES_FINALIZED', params));
}

function ok(
  state: FinalizeMinutesResponse['state'],
  minutes: MinutesState,
  queued: number,
  message: { en: string; zh: string },
): FinalizeMinutesOutcome {
  return {
    ok: true,
    response: {
      ok: true,
      state,
      version: minutes.version,
      recipients: minutes.recipients.length,
      queued,
      ...(minutes.documentUrl ? { documentUrl: minutes.documentUrl } : {}),
      message,
    },
  };
}

/** "2027-03-09 销售与运营周例会 (M-1)": sorts by date in Drive, and the ID keeps same-titled meetings apart. */
export function archiveFolderName(meeting: { id: string; title: string; start: string }, zone: string): string {
  const start = DateTime.fromISO(meeting.start, { zone });
  const date = start.isValid ? start.toISODate()! : '';
  return oneLine(`${date} ${meeting.title} (${meeting.id})`).replaceAll('/', '-');
}

/** Plans the version's mails (once per recipient), then delivers what fits in this request. */
async function mailVersion(
  workbookId: string,
  state: MinutesState,
  title: string,
  settings: StoredWorkbookSettings,
  deps: FinalizeMinutesDeps,
  now: DateTime,
): Promise<number> {
  if (!state.pdfFileId || !state.documentUrl) return 0;
  const languages = await deps.store.languages(workbookId, state.recipients);
  // An English workbook's default mail language is English unless its Settings tab says otherwise.
  const fallback: Lang = settings.notifications.defaultLanguage;
  const expires = Math.floor(DateTime.fromISO(state.windowEndsAt).toSeconds());
  const recipients = state.recipients.map((email) => {
    const token = signResponseToken(
      { workbookId, meetingId: state.meetingId, version: state.version, recipient: email, expires },
      deps.links.secret,
    );
    return {
      email,
      language: languages.get(email) ?? fallback,
      responseUrl: `${deps.links.baseUrl}?t=${encodeURIComponent(token)}`,
    };
  });
  const planned = planMinutesMails(
    {
      meetingId: state.meetingId,
      title,
      version: state.version,
      documentUrl: state.documentUrl,
      windowEndsAt: state.windowEndsAt,
      zone: settings.notifications.timeZone,
      pdf: { filename: `${oneLine(title)} v${state.version}.pdf`, fileId: state.pdfFileId },
    },
    recipients,
    now,
  );
  const queued = await deps.outbox.enqueue(
    workbookId,
    planned.map((m) => withIdentity(m, deps.messageIdDomain)),
    now,
  );
  if (deps.delivery) {
    const bounds = deps.bounds ?? { maxSends: MINUTES_NOW_MAX_SENDS, budgetMs: MINUTES_NOW_BUDGET_MS };
    const ids = planned.map((m) => outboxMessageId(m.kind, m.subjectRecord, m.recipient, m.dueSlot));
    // The budget counts from here, not from the press: writing the document and its PDF took their own time.
    await deliverMessagesNow(workbookId, ids, deps.delivery, {
      maxMessages: bounds.maxSends,
      until: deps.now().plus({ milliseconds: bounds.budgetMs }),
    });
  }
  return queued;
}

/** The Meetings row's "Minutes status" cell; a Sheets failure does not undo what was sent (the tick rewrites it). */
export async function showStatus(
  workbookId: string,
  state: MinutesState,
  settings: StoredWorkbookSettings,
  deps: { statusSheet?: MinutesStatusSheet },
): Promise<void> {
  if (!deps.statusSheet) return;
  try {
    await deps.statusSheet.writeStatuses(
      workbookId,
      new Map([[state.meetingId, minutesStatusLabel(state, settings.language, settings.notifications.timeZone)]]),
    );
  } catch {
    // Shown by the next tick.
  }
}
