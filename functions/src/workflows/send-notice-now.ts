// "Send notice now / 立即发送通知" from the sheet menu: the selected meeting's notice, with its invitation, goes
// to the roster at once (the notice period is for planning; an organiser who is ready need not wait), through
// the outbox like every message, then delivery runs at once instead of waiting for the next tick. Pressing it
// again sends nothing twice: outbox IDs are per version and recipient, so only people added since get mail,
// and the stored notified version keeps the tick from sending the same notice again later.
import { DateTime } from 'luxon';
import type { FirestoreDueItems } from '../adapters/firestore-due-items.ts';
import type { SendNoticeRequest, SendNoticeResponse } from '../domain/edit-request.ts';
import type { ErrorCode } from '../domain/errors.ts';
import type { MessageParams } from '../domain/messages.ts';
import { describeNoticeNow } from '../domain/notice-now-answer.ts';
import { type NotificationSettings, parseNotificationSettings } from '../domain/notification-settings.ts';
import { outboxMessageId } from '../domain/outbox-message.ts';
import { type DeliveryDeps, deliverDueMessages } from './deliver-outbox.ts';
import { type MeetingNoticeDeps, noticeMeeting } from './meeting-notices.ts';

export interface SendNoticeDeps extends MeetingNoticeDeps {
  workbooks: FirestoreDueItems;
  /** Absent when no sender mailbox is configured. */
  delivery?: DeliveryDeps;
  /** Rewrites the Outbox tab, so the sheet shows the notices at once; absent without Sheets access. */
  refreshOutboxTab?: (workbookId: string, settings: NotificationSettings) => Promise<void>;
  defaultTimeZone: string;
  now: () => DateTime;
}

export type SendNoticeOutcome = { ok: true; response: SendNoticeResponse } | { ok: false; status: 404 | 409 | 503; code: ErrorCode; params: MessageParams };

async function workbookSettings(workbookId: string, deps: SendNoticeDeps): Promise<NotificationSettings> {
  const workbook = await deps.workbooks.workbook(workbookId);
  const data = workbook?.data ?? {};
  return parseNotificationSettings({ timeZone: (data.timeZone as string | undefined) ?? deps.defaultTimeZone, ...(data.notifications as object | undefined) });
}

export async function sendNoticeNow(request: SendNoticeRequest, deps: SendNoticeDeps): Promise<SendNoticeOutcome> {
  if (!deps.delivery) return { ok: false, status: 503, code: 'MAIL_NOT_CONFIGURED', params: {} };
  const now = deps.now();
  const workbookId = request.spreadsheetId;
  const meetingId = request.meetingId.trim();
  const work = await deps.meetings.noticeWork(workbookId, meetingId);
  if (!work || work.meeting.cancelled) return { ok: false, status: 404, code: 'NOTICE_MEETING_UNKNOWN', params: { meetingId } };
  const settings = await workbookSettings(workbookId, deps);
  const start = DateTime.fromISO(work.meeting.start, { zone: settings.timeZone });
  if (!start.isValid || now >= start) return { ok: false, status: 409, code: 'NOTICE_MEETING_STARTED', params: { start: start.isValid ? start.toFormat('yyyy-MM-dd HH:mm') : work.meeting.start } };
  const recipients = work.roster.filter((m) => m.active !== false).length;
  if (recipients === 0) return { ok: false, status: 409, code: 'NOTICE_NO_RECIPIENTS', params: {} };

  const { messages, enqueued } = await noticeMeeting(workbookId, work, settings, deps, now, { noticeNow: true });
  if (messages.length === 0) return { ok: false, status: 409, code: 'NOTICE_TOO_LATE', params: { start: start.toFormat('yyyy-MM-dd HH:mm') } };
  await deliverDueMessages(workbookId, deps.delivery, Math.max(10, messages.length + 5));
  if (deps.refreshOutboxTab) {
    try {
      await deps.refreshOutboxTab(workbookId, settings);
    } catch {
      // The mail went out; the next tick rewrites the Outbox tab anyway, so the answer does not fail for it.
    }
  }
  // Sent by this request: those delivered now that were not sent before it (their records say when).
  let sent = 0;
  for (const message of messages) {
    const record = await deps.outbox.get(workbookId, outboxMessageId(message.kind, message.subjectRecord, message.recipient, message.dueSlot));
    if (record?.state === 'sent' && record.sentAt && record.sentAt.toMillis() >= now.toMillis()) sent += 1;
  }
  // Quiet hours hold every message back alike; the notices of one request share their send time.
  const sendsAt = messages.map((m) => DateTime.fromISO(m.notBefore)).find((at) => at > now);
  const answer = { recipients: messages.length, queued: enqueued, sent, ...(sendsAt ? { sendsAt: sendsAt.setZone(settings.timeZone).toISO()! } : {}) };
  return { ok: true, response: { ok: true, ...answer, message: describeNoticeNow({ ...answer, title: work.meeting.title, zone: settings.timeZone }) } };
}
