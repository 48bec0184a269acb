// A workbook's reminder settings: when digests go out, when nobody may be mailed, and which days are working
// days. Chinese calendars move working days around public holidays (调休): a Saturday can be a make-up working
// day and a Wednesday a holiday, so working days are the weekday pattern corrected by two explicit date lists.
//
// Decisions:
// - Times are wall-clock 'HH:mm' in the workbook zone. On a daylight-saving day a wall time that does not exist
//   (02:30 on a spring-forward night) is moved forward by luxon; sending a little later is harmless.
// - Quiet hours are [start, end): 22:00–07:00 wraps midnight. `null` disables them. start = end is refused
//   because it could mean "never quiet" or "always quiet".
// - An invalid setting makes parsing throw: falling back to defaults could mail people at 3 a.m. because of a
//   typo, and the tick reports the error per workbook instead.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { isValidTimeZone } from '../workbook/date-parsing.ts';

const TIME_OF_DAY = /^(\d{1,2}):(\d{2})$/u;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/u;
/** How far ahead the next working day is searched; a year covers any holiday calendar. */
const MAX_DAYS_TO_NEXT_WORKING_DAY = 366;

const timeOfDaySchema = z
  .string()
  .trim()
  .refine((text) => {
    const match = TIME_OF_DAY.exec(text);
    return match !== null && Number(match[1]) <= 23 && Number(match[2]) <= 59;
  }, 'expected a 24-hour time HH:mm, e.g. 08:00')
  .transform((text) => {
    const [hour, minute] = text.split(':');
    return `${hour!.padStart(2, '0')}:${minute}`;
  });

const isoDateSchema = z
  .string()
  .trim()
  .refine(
    (text) => ISO_DATE.test(text) && DateTime.fromISO(text, { zone: 'UTC' }).isValid,
    'expected a date yyyy-MM-dd',
  );

const quietHoursSchema = z
  .object({ start: timeOfDaySchema, end: timeOfDaySchema })
  .refine((q) => q.start !== q.end, 'quiet hours need different start and end times; use null to disable them');

export const notificationSettingsSchema = z.object({
  timeZone: z
    .string()
    .trim()
    .refine(isValidTimeZone, 'expected an IANA time zone, e.g. Asia/Shanghai')
    .default('Asia/Shanghai'),
  defaultLanguage: z.enum(['zh', 'en']).default('zh'),
  /** Mixed teams: people without a language of their own also get the other language below a divider. */
  appendOtherLanguage: z.boolean().default(false),
  digestTime: timeOfDaySchema.default('08:00'),
  quietHours: quietHoursSchema.nullable().default({ start: '22:00', end: '07:00' }),
  workingDays: z
    .array(z.number().int().min(1).max(7))
    .min(1)
    .transform((days) => [...new Set(days)].sort((a, b) => a - b))
    .default([1, 2, 3, 4, 5]),
  holidays: z.array(isoDateSchema).default([]),
  extraWorkingDays: z.array(isoDateSchema).default([]),
  urgentSeparately: z.boolean().default(true),
  digestLookaheadDays: z.number().int().min(0).max(31).default(3),
  /** Attendance: minutes after the start that still count as on time, and before the end as not leaving early. */
  lateGraceMinutes: z.number().int().min(0).max(120).default(5),
  earlyLeaveGraceMinutes: z.number().int().min(0).max(120).default(5),
  /** Days of notice per meeting type key, overriding DEFAULT_NOTICE_DAYS_BEFORE for the types it names. */
  noticeDaysBefore: z.record(z.string(), z.number().int().min(0).max(60)).default({}),
  /**
   * Not about mail: the region phone numbers without a country code are read in. Kept with the other settings
   * built from the Settings tab because the workbook document stores them as one object.
   */
  phoneRegion: z
    .string()
    .regex(/^[A-Z]{2}$/u)
    .default('CN'),
  /** Seed 002 escalation: an open action this many days overdue reaches the owner's manager's digest. */
  escalateAfterDays: z.number().int().min(1).max(90).default(3),
});

export type NotificationSettings = z.output<typeof notificationSettingsSchema>;
export type NotificationSettingsInput = z.input<typeof notificationSettingsSchema>;

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = notificationSettingsSchema.parse({});

/** Validated settings with defaults filled in; throws a ZodError naming the bad field. */
export function parseNotificationSettings(input: unknown): NotificationSettings {
  return notificationSettingsSchema.parse(input ?? {});
}

/** A date (or instant) as its calendar day in the workbook zone, as an ISO date. */
function localDate(date: DateTime | string, settings: NotificationSettings): string {
  if (typeof date === 'string') return date;
  return date.setZone(settings.timeZone).toISODate() ?? '';
}

function dayStart(isoDate: string, settings: NotificationSettings): DateTime {
  return DateTime.fromISO(isoDate, { zone: settings.timeZone }).startOf('day');
}

/** Make-up working days win over holidays, holidays over the weekday pattern. */
export function isWorkingDay(date: DateTime | string, settings: NotificationSettings): boolean {
  const iso = localDate(date, settings);
  if (settings.extraWorkingDays.includes(iso)) return true;
  if (settings.holidays.includes(iso)) return false;
  const weekday = DateTime.fromISO(iso, { zone: 'UTC' }).weekday;
  return settings.workingDays.includes(weekday);
}

/** The first working day after `date`, or undefined when none comes within a year. */
export function nextWorkingDay(date: DateTime | string, settings: NotificationSettings): string | undefined {
  let day = DateTime.fromISO(localDate(date, settings), { zone: 'UTC' });
  for (let i = 0; i < MAX_DAYS_TO_NEXT_WORKING_DAY; i += 1) {
    day = day.plus({ days: 1 });
    const iso = day.toISODate()!;
    if (isWorkingDay(iso, settings)) return iso;
  }
  return undefined;
}

function minutesOf(time: string): number {
  const [hour, minute] = time.split(':').map(Number);
  return hour! * 60 + minute!;
}

function atTime(day: DateTime, time: string): DateTime {
  const [hour, minute] = time.split(':').map(Number);
  return day.set({ hour: hour!, minute: minute!, second: 0, millisecond: 0 });
}

/** Whether `instant` falls inside quiet hours, judged by the wall clock in the workbook zone. */
export function isQuietTime(instant: DateTime, settings: NotificationSettings): boolean {
  const quiet = settings.quietHours;
  if (quiet === null) return false;
  const local = instant.setZone(settings.timeZone);
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** `instant` itself when mail may go out then, otherwise the end of the quiet hours it falls in. */
export function nextAllowedSendTime(instant: DateTime, settings: NotificationSettings): DateTime {
  const local = instant.setZone(settings.timeZone);
  const quiet = settings.quietHours;
  if (quiet === null || !isQuietTime(local, settings)) return local;
  const minute = local.hour * 60 + local.minute;
  // Inside wrapping quiet hours before midnight, the quiet period ends tomorrow morning.
  const endsTomorrow = minutesOf(quiet.start) > minutesOf(quiet.end) && minute >= minutesOf(quiet.start);
  const day = local.startOf('day').plus({ days: endsTomorrow ? 1 : 0 });
  return atTime(day, quiet.end);
}

/** The moment the digest is due on the calendar day of `date` in the workbook zone. */
export function digestTimeOn(date: DateTime | string, settings: NotificationSettings): DateTime {
  return atTime(dayStart(localDate(date, settings), settings), settings.digestTime);
}
