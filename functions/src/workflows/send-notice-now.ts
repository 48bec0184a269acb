// "Send notice now / 立即发送通知" from the sheet menu: the selected meeting's notice, with its invitation, goes
// to the roster at once (the notice period is for planning; an organiser who is ready need not wait), through
// the outbox like every message. Pressing it again sends nothing twice: outbox IDs are per version and
// recipient, so only people added since get mail, and the stored notified version keeps the tick from sending
// the same notice again later.
//
// - Only the meeting's host, recorder, the host's manager or an admin may press it
//   (domain/meetings/notice-permission.ts).
// - The request is recorded in the edits inbox under its event ID before anything else; the same ID again gets
//   the recorded answer back and nothing is done twice. Mail queued or sent leaves an audit entry.
// - Apps Script waits for the answer (UrlFetch has a deadline), so the request itself delivers only its own
//   notices, at most NOTICE_NOW_MAX_SENDS of them and none started after NOTICE_NOW_BUDGET_MS; the rest stay
//   queued for the scheduler's next run, and the answer says how many went now and how many follow.
import { DateTime } from 'luxon';
import type { SendNoticeRequest, SendNoticeResponse } from '../contract/edit-request.ts';
import type { ErrorCode } from '../domain/errors.ts';
import type { MessageParams } from '../domain/messages.ts';
import { describeNoticeNow } from '../domain/meetings/notice-now-answer.ts';
import { decideNoticePermission, isEditorUnknown } from '../domain/meetings/notice-permission.ts';
import { tallyNotices } from '../domain/meetings/notice-tally.ts';
import type { NotificationSettings } from '../domain/mail/notification-settings.ts';
import { outboxMessageId } from '../domain/mail/outbox-message.ts';
import { readWorkbookSettings } from '../domain/workbook/workbook-settings.ts';
import type { NoticeAudit, NoticePermissions, NoticeRequests, SendNoticeOutcome } from '../ports/meeting-ports.ts';
import type { OutboxTab } from '../ports/sheet-ports.ts';
import type { Workbooks } from '../ports/tick-ports.ts';
import { type DeliveryDeps, deliverMessagesNow } from './deliver-outbox.ts';
import { type MeetingNoticeDeps, noticeMeeting } from './queue-meeting-notices.ts';

/** Notices sent inside one request at most; a big roster (a dealer conference) gets the rest from the tick. */
export const NOTICE_NOW_MAX_SENDS = 25;
/**
 * No send starts later than this after the request arrived, so the answer reaches Apps Script well inside
 * UrlFetch's deadline even when Gmail is slow (a send already started may take up to the policy's send timeout).
 */
export const NOTICE_NOW_BUDGET_MS = 20_000;

export type { NoticeAudit, SendNoticeOutcome };

export interface SendNoticeDeps extends MeetingNoticeDeps {
  workbooks: Workbooks;
  /** The edits inbox and the audit log as this workflow uses them. */
  requests: NoticeRequests;
  /** The meeting's organisers and the editor's People rows. */
  permissions: NoticePermissions;
  /** Absent when no sender mailbox is configured. */
  delivery?: DeliveryDeps;
  /** The Outbox tab, rewritten so the sheet shows the notices at once; absent without Sheets access. */
  outboxTab?: OutboxTab;
  defaultTimeZone: string;
  now: () => DateTime;
  /** NOTICE_NOW_MAX_SENDS and NOTICE_NOW_BUDGET_MS unless set (tests make them small). */
  bounds?: { maxSends: number; budgetMs: number };
}

const refuse = (
  status: 403 | 404 | 409 | 503,
  code: ErrorCode,
  params: MessageParams = {},
): { outcome: SendNoticeOutcome } => ({ outcome: { ok: false, status, code, params } });

async function workbookSettings(workbookId: string, deps: SendNoticeDeps): Promise<NotificationSettings> {
  const workbook = await deps.workbooks.get(workbookId);
  // The language is not used here: the notice's languages are each recipient's.
  return readWorkbookSettings(workbook?.data ?? {}, { timeZone: deps.defaultTimeZone, language: 'mixed' })
    .notifications;
}

export async function sendNoticeNow(request: SendNoticeRequest, deps: SendNoticeDeps): Promise<SendNoticeOutcome> {
  const now = deps.now();
  const received = await deps.requests.receive(request, now);
  if (received.replayed) {
    if (!received.answer)
      return { ok: false, status: 409, code: 'NOTICE_ALREADY_RECEIVED', params: { eventId: request.eventId } };
    return received.answer.ok
      ? { ok: true, response: { ...received.answer.response, replayed: true } }
      : received.answer;
  }
  const { outcome, audit } = await sendNotice(request, deps, now);
  await deps.requests.finish(request, outcome, deps.now(), audit);
  return outcome;
}

async function sendNotice(
  request: SendNoticeRequest,
  deps: SendNoticeDeps,
  now: DateTime,
): Promise<{ outcome: SendNoticeOutcome; audit?: NoticeAudit }> {
  const workbookId = request.spreadsheetId;
  const meetingId = request.meetingId.trim();
  if (isEditorUnknown(request.editor)) return refuse(403, 'NOTICE_EDITOR_UNKNOWN');
  const facts = await deps.permissions.factsFor(workbookId, meetingId, request.editor);
  if (!facts) return refuse(404, 'NOTICE_MEETING_UNKNOWN', { meetingId });
  const permission = decideNoticePermission(facts);
  if (!permission.ok)
    return permission.code === 'NOTICE_NOT_ALLOWED'
      ? refuse(403, permission.code, permission.params)
      : refuse(403, permission.code);
  if (!deps.delivery) return refuse(503, 'MAIL_NOT_CONFIGURED');

  const work = await deps.meetings.noticeWork(workbookId, meetingId);
  if (!work || work.meeting.cancelled) return refuse(404, 'NOTICE_MEETING_UNKNOWN', { meetingId });
  const settings = await workbookSettings(workbookId, deps);
  const start = DateTime.fromISO(work.meeting.start, { zone: settings.timeZone });
  if (!start.isValid || now >= start)
    return refuse(409, 'NOTICE_MEETING_STARTED', {
      start: start.isValid ? start.toFormat('yyyy-MM-dd HH:mm') : work.meeting.start,
    });
  const recipients = work.roster.filter((m) => m.active !== false && !m.onLeave).length;
  if (recipients === 0) return refuse(409, 'NOTICE_NO_RECIPIENTS');

  const { messages, enqueued } = await noticeMeeting(workbookId, work, settings, deps, now, { noticeNow: true });
  if (messages.length === 0) return refuse(409, 'NOTICE_TOO_LATE', { start: start.toFormat('yyyy-MM-dd HH:mm') });
  const ids = messages.map((m) => outboxMessageId(m.kind, m.subjectRecord, m.recipient, m.dueSlot));
  const bounds = deps.bounds ?? { maxSends: NOTICE_NOW_MAX_SENDS, budgetMs: NOTICE_NOW_BUDGET_MS };
  const delivery = await deliverMessagesNow(workbookId, ids, deps.delivery, {
    maxMessages: bounds.maxSends,
    until: now.plus({ milliseconds: bounds.budgetMs }),
  });
  if (deps.outboxTab) {
    try {
      await deps.outboxTab.refresh(workbookId, settings.timeZone);
    } catch {
      // The mail went out; the next tick rewrites the Outbox tab anyway, so the answer does not fail for it.
    }
  }

  // What the outbox holds now for this version's notices: sent since the request arrived (by it, or by a tick
  // running meanwhile), sent before, given up on, or still to go.
  const records = await deps.outbox.getMany(workbookId, ids);
  const { sent, alreadySent, failed, retrying, later } = tallyNotices(ids, records, now, delivery.retrying);
  // Quiet hours hold every message back alike; the notices of one request share their send time.
  const sendsAt = messages.map((m) => DateTime.fromISO(m.notBefore)).find((at) => at > now);
  const answer = {
    recipients: messages.length,
    queued: enqueued,
    sent,
    later,
    retrying,
    failed,
    ...(sendsAt ? { sendsAt: sendsAt.setZone(settings.timeZone).toISO()! } : {}),
  };
  const response: SendNoticeResponse = {
    ok: true,
    ...answer,
    message: describeNoticeNow({ ...answer, alreadySent, title: work.meeting.title, zone: settings.timeZone }),
  };
  const audit =
    enqueued > 0 || sent > 0
      ? { as: permission.as, recipients: messages.length, queued: enqueued, sent, later, retrying, failed }
      : undefined;
  return { outcome: { ok: true, response }, ...(audit ? { audit } : {}) };
}
