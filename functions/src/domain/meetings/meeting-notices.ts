// What meeting mail should have been sent by `now` (seed 000 二.6 发放会议通知, seed 002 materials before the
// meeting): the notice N days ahead with an .ics invitation, an updated notice when the time or venue changes,
// a cancellation, material-deadline reminders to presenters, and a short reminder on the day. Like the
// digest rules it answers the same question on every tick; outbox IDs make the answers enqueue once.
//
// Decisions:
// - The notice goes out at digestTime on the working day N calendar days before the meeting, moved back to
//   the previous working day when that is a day off (a Monday meeting's 1-day notice arrives on Friday, not
//   on Sunday). N = 0 (ad-hoc) means at once. A meeting typed in after its notice time is noticed at once.
// - The due slot of a notice is `seq-<SEQUENCE>`: a changed meeting is a new message, an unchanged one is
//   not. Re-planning the current SEQUENCE on every tick is harmless for those who already got it (same ID) and
//   invites people added to the roster later.
// - The caller keeps the last notified version (start, end, venue, sequence) with the meeting and stores
//   `notifiedVersionAfter(...)` once the messages are enqueued; a crash in between replans the same slot.
// - A cancellation is sent only to a meeting whose notice went out; nothing is sent about a meeting that has
//   started. Cancelled meetings get no material or day reminders.
// - Recipients are the active members of the meeting's roster (Attendance tab); the host is the ORGANIZER
//   of the invitation and gets mail when on the roster. Presenters are reminded only when on the roster.
// - A member on approved leave (roster.ts) gets no mail about attending: no notice, update or cancellation,
//   no invitation and no reminder on the day; their substitute is on the roster in their place. Their
//   material reminder as a presenter still comes: the material is owed whoever presents it.
// - Quiet hours delay every message; one that quiet hours would hold past the meeting start (or past the
//   material deadline) is not sent at all.
// - One "starts soon" mail per attendee: the tick leaves meetings out of the generic urgent reminders, and the
//   day reminder here is skipped when the notice of the current version goes out on the meeting's own day,
//   in this very plan or in an earlier tick (`previous.noticeDate`): a late notice that morning (an ad-hoc
//   meeting typed in an hour before, an update to its time) already says the meeting is today, with its
//   invitation.
import { DateTime } from 'luxon';
import { chooseMailLanguages } from '../mail/mail-templates.ts';
import type { Lang } from '../messages.ts';
import { type MeetingInvite, meetingInviteAttachment } from './meeting-invite.ts';
import {
  type NoticeAgendaItem,
  type NoticeChanges,
  type NoticeMeeting,
  type NoticeVariant,
  agendaLine,
  renderMaterialReminderMail,
  renderMeetingDayReminderMail,
  renderMeetingNoticeMail,
  sortAgenda,
} from '../mail/meeting-notice-mail.ts';
import { type NotificationSettings, isWorkingDay, nextAllowedSendTime } from '../mail/notification-settings.ts';
import type { PlannedMessage } from '../mail/outbox-message.ts';

export type { NoticeAgendaItem, NoticeMeeting } from '../mail/meeting-notice-mail.ts';

export const MEETING_MESSAGE_KINDS = {
  meetingNotice: 'meetingNotice',
  materialReminder: 'materialReminder',
  meetingDayReminder: 'meetingDayReminder',
} as const;

/** Days of notice per meeting type key (MEETING_TYPE_OPTIONS); unknown types get the ad-hoc rule. */
export const DEFAULT_NOTICE_DAYS_BEFORE: Readonly<Record<string, number>> = {
  weeklySop: 1,
  monthlyReview: 3,
  taskForce: 2,
  adHoc: 0,
  dealerConference: 7,
  customerService: 2,
};

export const MATERIAL_REMINDER_DAYS_BEFORE_DUE = 1;
export const DAY_REMINDER_HOURS_BEFORE = 2;
/** How far back a notice day that is a day off moves to find a working day (a long holiday and its weekends). */
export const MAX_DAYS_BACK_TO_WORKING_DAY = 14;

export interface MeetingForNotices extends NoticeMeeting {
  cancelled?: boolean;
}

export interface RosterMember {
  email: string;
  name: string;
  language?: Lang;
  /** Absent means active. */
  active?: boolean;
  /** Approved leave: their substitute attends and gets the mail about attending; they keep their own duties. */
  onLeave?: boolean;
}

/** The version of the meeting attendees last received a notice (or cancellation) for. */
export interface NotifiedVersion {
  start: string;
  end: string;
  venue?: string;
  sequence: number;
  cancelled?: boolean;
  /** The local date (workbook zone) the notice of this sequence was due to go out; the caller stores it. */
  noticeDate?: string;
}

export interface MeetingNoticeOptions {
  /** The domain part of the invitation UID; must never change for a deployment. */
  calendarDomain: string;
  previous?: NotifiedVersion;
  noticeDaysBefore?: Readonly<Record<string, number>>;
  /** "Send notice now": the notice of the current version is due at once, whatever the type's notice period. */
  noticeNow?: boolean;
}

interface NoticePlan {
  variant: NoticeVariant;
  sequence: number;
  /** Undefined: due at once. */
  dueAt?: DateTime;
  changes?: NoticeChanges;
}

function isoInstant(time: DateTime): string {
  return time.toISO({ suppressMilliseconds: true }) ?? '';
}

/** The due minute in UTC: stable even if the workbook's time zone setting changes later. */
function minuteSlot(at: DateTime): string {
  return at.toUTC().toFormat("yyyy-MM-dd'T'HH:mm'Z'");
}

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function sameInstant(a: string, b: string): boolean {
  return DateTime.fromISO(a).toMillis() === DateTime.fromISO(b).toMillis();
}

function sameVenue(a: string | undefined, b: string | undefined): boolean {
  return (a ?? '').trim() === (b ?? '').trim();
}

/** The active roster, each address once, sorted so the plan (and the ATTENDEE order) is deterministic. */
function activeRoster(roster: readonly RosterMember[]): RosterMember[] {
  const byEmail = new Map<string, RosterMember>();
  for (const member of roster) {
    const email = normalizeEmail(member.email);
    if (email === '' || byEmail.has(email)) continue;
    byEmail.set(email, { ...member, email });
  }
  return [...byEmail.values()]
    .filter((m) => m.active !== false)
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}

/** digestTime on the working day `days` before the meeting's date (0 days: undefined, i.e. at once). */
export function noticeDueAt(meetingStart: string, days: number, settings: NotificationSettings): DateTime | undefined {
  if (days <= 0) return undefined;
  const start = DateTime.fromISO(meetingStart, { zone: settings.timeZone });
  // Calendar arithmetic on the date alone, in UTC where every day has 24 hours.
  let day = DateTime.fromISO(start.toISODate()!, { zone: 'UTC' }).minus({ days });
  for (let i = 0; i < MAX_DAYS_BACK_TO_WORKING_DAY && !isWorkingDay(day.toISODate()!, settings); i += 1)
    day = day.minus({ days: 1 });
  const [hour, minute] = settings.digestTime.split(':').map(Number);
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: hour!, minute: minute! },
    { zone: settings.timeZone },
  );
}

function planNotice(
  meeting: MeetingForNotices,
  previous: NotifiedVersion | undefined,
  days: number,
  settings: NotificationSettings,
): NoticePlan | undefined {
  if (meeting.cancelled) {
    if (!previous) return undefined;
    return { variant: 'cancel', sequence: previous.cancelled ? previous.sequence : previous.sequence + 1 };
  }
  if (!previous) {
    const dueAt = noticeDueAt(meeting.start, days, settings);
    return { variant: 'notice', sequence: 0, ...(dueAt ? { dueAt } : {}) };
  }
  const timeChanged = !sameInstant(meeting.start, previous.start) || !sameInstant(meeting.end, previous.end);
  const venueChanged = !sameVenue(meeting.venue, previous.venue);
  if (!timeChanged && !venueChanged && !previous.cancelled) return { variant: 'notice', sequence: previous.sequence };
  return {
    variant: 'update',
    sequence: previous.sequence + 1,
    changes: {
      ...(timeChanged ? { previousStart: previous.start, previousEnd: previous.end } : {}),
      ...(venueChanged ? { previousVenue: previous.venue ?? '' } : {}),
    },
  };
}

/** What the caller stores as the meeting's notified version after enqueuing `planned`; undefined: unchanged. */
export function notifiedVersionAfter(
  meeting: MeetingForNotices,
  planned: readonly PlannedMessage[],
): NotifiedVersion | undefined {
  const notice = planned.find(
    (m) => m.kind === MEETING_MESSAGE_KINDS.meetingNotice && m.subjectRecord === `meetings/${meeting.id}`,
  );
  if (!notice) return undefined;
  const sequence = Number(/(\d+)$/u.exec(notice.dueSlot)?.[1] ?? 0);
  return {
    start: meeting.start,
    end: meeting.end,
    ...(meeting.venue !== undefined ? { venue: meeting.venue } : {}),
    sequence,
    ...(meeting.cancelled ? { cancelled: true } : {}),
  };
}

function inviteFor(
  meeting: MeetingForNotices,
  agenda: readonly NoticeAgendaItem[],
  attendees: readonly RosterMember[],
  plan: NoticePlan,
  options: MeetingNoticeOptions,
  settings: NotificationSettings,
  now: DateTime,
): MeetingInvite {
  const lang = settings.defaultLanguage;
  return {
    method: plan.variant === 'cancel' ? 'CANCEL' : 'REQUEST',
    uid: `${meeting.id}@${options.calendarDomain}`,
    sequence: plan.sequence,
    start: meeting.start,
    end: meeting.end,
    zone: settings.timeZone,
    summary: meeting.title,
    ...(meeting.venue !== undefined ? { location: meeting.venue } : {}),
    description: sortAgenda(agenda)
      .map((item) => agendaLine(item, lang))
      .join('\n'),
    organizer: meeting.host,
    attendees: attendees.map((m) => ({ email: m.email, name: m.name })),
    stamp: now,
  };
}

function hasMaterial(item: NoticeAgendaItem): boolean {
  return item.materialLink !== undefined && /^https?:\/\/\S+$/iu.test(item.materialLink.trim());
}

export function planMeetingNotices(
  meeting: MeetingForNotices,
  agenda: readonly NoticeAgendaItem[],
  roster: readonly RosterMember[],
  settings: NotificationSettings,
  now: DateTime,
  options: MeetingNoticeOptions,
): PlannedMessage[] {
  const zone = settings.timeZone;
  const local = now.setZone(zone);
  const start = DateTime.fromISO(meeting.start, { zone });
  const end = DateTime.fromISO(meeting.end, { zone });
  if (!start.isValid || !end.isValid || local >= start) return [];
  const members = activeRoster(roster);
  const attending = members.filter((m) => !m.onLeave);
  const subjectRecord = `meetings/${meeting.id}`;
  const messages: PlannedMessage[] = [];

  const days = (options.noticeDaysBefore ?? DEFAULT_NOTICE_DAYS_BEFORE)[meeting.type] ?? 0;
  const planned = planNotice(meeting, options.previous, days, settings);
  const plan = planned && options.noticeNow ? { ...planned, dueAt: undefined } : planned;
  const previous = options.previous;
  // The notice already sent for this very version (the caller records its date once it is enqueued).
  const noticeDate =
    previous && plan && plan.variant !== 'cancel' && plan.sequence === previous.sequence && !previous.cancelled
      ? previous.noticeDate
      : undefined;
  if (plan && (plan.dueAt === undefined || local >= plan.dueAt)) {
    const notBefore = nextAllowedSendTime(plan.dueAt && plan.dueAt > local ? plan.dueAt : local, settings);
    if (notBefore < start) {
      const attachment = meetingInviteAttachment(inviteFor(meeting, agenda, attending, plan, options, settings, local));
      const dueSlot = plan.variant === 'cancel' ? `cancel-seq-${plan.sequence}` : `seq-${plan.sequence}`;
      for (const member of attending) {
        const languages = chooseMailLanguages(member.language, settings);
        messages.push({
          kind: MEETING_MESSAGE_KINDS.meetingNotice,
          subjectRecord,
          recipient: member.email,
          dueSlot,
          notBefore: isoInstant(notBefore),
          language: languages.primary,
          content: renderMeetingNoticeMail({
            variant: plan.variant,
            meeting,
            agenda,
            recipientName: member.name,
            zone,
            languages,
            ...(plan.changes ? { changes: plan.changes } : {}),
          }),
          items: [subjectRecord],
          attachments: [attachment],
        });
      }
    }
  }
  if (meeting.cancelled) return messages;

  const byEmail = new Map(members.map((m) => [m.email, m]));
  for (const item of sortAgenda(agenda)) {
    if (item.presenter === undefined || item.materialDue === undefined || hasMaterial(item)) continue;
    const presenter = byEmail.get(normalizeEmail(item.presenter));
    const due = DateTime.fromISO(item.materialDue, { zone });
    if (!presenter || !due.isValid || local >= due) continue;
    const remindAt = due.minus({ days: MATERIAL_REMINDER_DAYS_BEFORE_DUE });
    if (local < remindAt) continue;
    const notBefore = nextAllowedSendTime(local, settings);
    if (notBefore >= due) continue;
    const languages = chooseMailLanguages(presenter.language, settings);
    messages.push({
      kind: MEETING_MESSAGE_KINDS.materialReminder,
      subjectRecord: `agendaItems/${item.id}`,
      recipient: presenter.email,
      dueSlot: minuteSlot(due),
      notBefore: isoInstant(notBefore),
      language: languages.primary,
      content: renderMaterialReminderMail({
        meeting,
        item: { ...item, materialDue: item.materialDue },
        recipientName: presenter.name,
        zone,
        languages,
      }),
      items: [`agendaItems/${item.id}`],
    });
  }

  const dayReminderAt = start.minus({ hours: DAY_REMINDER_HOURS_BEFORE });
  // A notice (or update) going out on the meeting's own day already says it is today, with its invitation:
  // whether it went out in an earlier tick (noticeDate) or is planned in this one.
  const meetingDate = start.toISODate();
  // (A replan of the version already sent is not a new notice: its date is noticeDate.)
  const newVersion = !!plan && (!previous || plan.sequence !== previous.sequence || !!previous.cancelled);
  const noticedToday =
    noticeDate === meetingDate ||
    (newVersion &&
      messages.some(
        (m) =>
          m.kind === MEETING_MESSAGE_KINDS.meetingNotice &&
          DateTime.fromISO(m.notBefore, { zone }).toISODate() === meetingDate,
      ));
  if (local >= dayReminderAt && !noticedToday) {
    const notBefore = nextAllowedSendTime(local, settings);
    if (notBefore < start) {
      for (const member of attending) {
        const languages = chooseMailLanguages(member.language, settings);
        messages.push({
          kind: MEETING_MESSAGE_KINDS.meetingDayReminder,
          subjectRecord,
          recipient: member.email,
          dueSlot: minuteSlot(start),
          notBefore: isoInstant(notBefore),
          language: languages.primary,
          content: renderMeetingDayReminderMail({ meeting, agenda, recipientName: member.name, zone, languages }),
          items: [subjectRecord],
        });
      }
    }
  }
  return messages;
}
