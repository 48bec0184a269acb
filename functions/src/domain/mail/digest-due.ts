// When the tick plans a digest, and how far ahead it reads due items. A digest goes out once per working day,
// at or after the workbook's digest time; between digests only urgent items matter, so the tick reads only the
// next few hours.
import { DateTime } from 'luxon';
import { URGENT_WINDOW_HOURS, digestHorizon } from './daily-digest.ts';
import { type NotificationSettings, digestTimeOn, isWorkingDay } from './notification-settings.ts';

/** The workbook date whose digest is due at `now` (none planned for it yet), or undefined when none is due. */
export function digestDueDate(
  now: DateTime,
  settings: NotificationSettings,
  lastDigestDate: string | undefined,
): string | undefined {
  const local = now.setZone(settings.timeZone);
  const today = local.toISODate()!;
  const due = isWorkingDay(local, settings) && now >= digestTimeOn(local, settings) && lastDigestDate !== today;
  return due ? today : undefined;
}

/**
 * The end of the window of due items the tick reads: a digest looks ahead to its horizon (past weekends and
 * holidays); otherwise the urgent window, plus an hour so a tick that runs a little late still sees them.
 */
export function dueWindowEnd(now: DateTime, settings: NotificationSettings, digestDate: string | undefined): DateTime {
  if (digestDate === undefined) return now.plus({ hours: URGENT_WINDOW_HOURS + 1 });
  return DateTime.fromISO(digestHorizon(digestDate, settings), { zone: settings.timeZone }).endOf('day');
}
