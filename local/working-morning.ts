// "Next working morning" for the clock control in the web UI: a few minutes after the daily digest time on the
// next working day of the workbook's own calendar — its Settings tab's holidays (节假日) and make-up working days
// (调休上班日) included — judged by the same functions the tick uses to decide whether a digest is due. The page
// cannot know that calendar (it lives in Firestore), so the server answers it.
import type { Firestore } from '@google-cloud/firestore';
import type { DateTime } from 'luxon';
import {
  type NotificationSettings,
  digestTimeOn,
  isWorkingDay,
  nextWorkingDay,
  parseNotificationSettings,
} from '../functions/src/domain/mail/notification-settings.ts';

/** Lands just after the digest time, so the next tick is the first one that sends the digest. */
export const MINUTES_AFTER_DIGEST = 5;

/**
 * The first working day's digest time + `minutesAfter` strictly after `now` (today's when it is still ahead), or
 * undefined when the calendar has no working day within a year.
 */
export function nextWorkingMorning(
  now: DateTime,
  settings: NotificationSettings,
  minutesAfter = MINUTES_AFTER_DIGEST,
): DateTime | undefined {
  const today = now.setZone(settings.timeZone).toISODate()!;
  let day = isWorkingDay(today, settings) ? today : nextWorkingDay(today, settings);
  while (day !== undefined) {
    const target = digestTimeOn(day, settings).plus({ minutes: minutesAfter });
    if (target > now) return target;
    day = nextWorkingDay(day, settings);
  }
  return undefined;
}

/** The reminder settings the workbook's Settings tab saved (defaults until it has any), as the tick reads them. */
export async function workbookNotificationSettings(
  firestore: Firestore,
  spreadsheetId: string,
  defaultZone: string,
): Promise<NotificationSettings> {
  const data = (await firestore.collection('workbooks').doc(spreadsheetId).get()).data() ?? {};
  return parseNotificationSettings({
    timeZone: data.timeZone ?? defaultZone,
    ...(data.notifications as object | undefined),
  });
}
