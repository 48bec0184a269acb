// The meeting-notice rule of the tick: for every meeting starting within the notice window (and every
// deleted meeting whose cancellation is pending) plan what should have been sent by now, enqueue it
// (outbox IDs make a replan enqueue nothing new), then record on the meeting the version attendees were
// notified of. A crash between the two replans the same messages on the next tick, so nothing is lost or
// doubled.
import { DateTime } from 'luxon';
import {
  DEFAULT_NOTICE_DAYS_BEFORE,
  MAX_DAYS_BACK_TO_WORKING_DAY,
  MEETING_MESSAGE_KINDS,
  type NotifiedVersion,
  notifiedVersionAfter,
  planMeetingNotices,
} from '../domain/meetings/meeting-notices.ts';
import type { NotificationSettings } from '../domain/mail/notification-settings.ts';
import type { PlannedMessage } from '../domain/mail/outbox-message.ts';
import type { Outbox } from '../ports/mail-ports.ts';
import type { MeetingNoticeWork, MeetingNotices } from '../ports/meeting-ports.ts';
import { withIdentity } from './with-identity.ts';

export interface MeetingNoticeDeps {
  meetings: MeetingNotices;
  outbox: Outbox;
  messageIdDomain: string;
  /** The domain part of invitation UIDs; must never change for a deployment. */
  calendarDomain: string;
}

/**
 * The longest notice period, plus the days a notice day that is a day off moves back to a working day, plus
 * a day: a meeting further out than this needs no mail yet. (A Monday meeting noticed 1 day before is noticed
 * on Friday, 3 days ahead; one after the Spring Festival holiday, up to two weeks ahead.)
 */
export function noticeWindowDays(
  noticeDaysBefore: Readonly<Record<string, number>> = DEFAULT_NOTICE_DAYS_BEFORE,
): number {
  return Math.max(0, ...Object.values(noticeDaysBefore)) + MAX_DAYS_BACK_TO_WORKING_DAY + 1;
}

function changed(previous: NotifiedVersion | undefined, next: NotifiedVersion): boolean {
  return !previous || previous.sequence !== next.sequence || !!previous.cancelled !== !!next.cancelled;
}

/** The notice periods in force: the workbook's Settings rows over the defaults. */
export function noticeDaysFor(settings: NotificationSettings): Record<string, number> {
  return { ...DEFAULT_NOTICE_DAYS_BEFORE, ...settings.noticeDaysBefore };
}

export interface NoticeOutcome {
  messages: PlannedMessage[];
  enqueued: number;
}

/**
 * Plans, enqueues and records one meeting's mail. `noticeNow` ("Send notice now") enqueues only the notice
 * of the current version, due at once; the tick enqueues everything due.
 */
export async function noticeMeeting(
  workbookId: string,
  work: MeetingNoticeWork,
  settings: NotificationSettings,
  deps: MeetingNoticeDeps,
  now: DateTime,
  options: { noticeNow?: boolean } = {},
): Promise<NoticeOutcome> {
  const planned = planMeetingNotices(work.meeting, work.agenda, work.roster, settings, now, {
    calendarDomain: deps.calendarDomain,
    noticeDaysBefore: noticeDaysFor(settings),
    ...(work.previous ? { previous: work.previous } : {}),
    ...(options.noticeNow ? { noticeNow: true } : {}),
  });
  const messages = options.noticeNow ? planned.filter((m) => m.kind === MEETING_MESSAGE_KINDS.meetingNotice) : planned;
  const enqueued =
    messages.length > 0
      ? await deps.outbox.enqueue(
          workbookId,
          messages.map((m) => withIdentity(m, deps.messageIdDomain)),
          now,
        )
      : 0;
  const version = notifiedVersionAfter(work.meeting, messages);
  const notice = messages.find((m) => m.kind === MEETING_MESSAGE_KINDS.meetingNotice);
  const store =
    version && changed(work.previous, version)
      ? {
          ...version,
          ...(notice
            ? { noticeDate: DateTime.fromISO(notice.notBefore, { zone: settings.timeZone }).toISODate()! }
            : {}),
        }
      : undefined;
  // A cancellation is planned at once or never (the meeting has started): either way it is settled now.
  await deps.meetings.storeNotified(workbookId, work.meeting.id, store, { clearCancelPending: work.cancelPending });
  return { messages, enqueued };
}

export async function runMeetingNotices(
  workbookId: string,
  settings: NotificationSettings,
  deps: MeetingNoticeDeps,
  now: DateTime,
): Promise<{ planned: number; enqueued: number }> {
  const works = await deps.meetings.meetingsForNotices(
    workbookId,
    now,
    now.plus({ days: noticeWindowDays(noticeDaysFor(settings)) }),
  );
  let planned = 0;
  let enqueued = 0;
  for (const work of works) {
    const outcome = await noticeMeeting(workbookId, work, settings, deps, now);
    planned += outcome.messages.length;
    enqueued += outcome.enqueued;
  }
  return { planned, enqueued };
}
