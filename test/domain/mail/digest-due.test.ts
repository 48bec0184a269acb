import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { digestDueDate, dueWindowEnd } from '../../../functions/src/domain/mail/digest-due.ts';
import { parseNotificationSettings } from '../../../functions/src/domain/mail/notification-settings.ts';

const ZONE = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
// Digest at 08:00 Shanghai; New Year's Day 2027 (a Friday) a holiday; Sunday 2027-02-14 a make-up working day.
const SETTINGS = parseNotificationSettings({
  timeZone: ZONE,
  holidays: ['2027-01-01'],
  extraWorkingDays: ['2027-02-14'],
});

describe('digestDueDate: one digest per working day, at or after the digest time', () => {
  it.each([
    { case: 'a Tuesday at the digest time', now: '2027-03-09T08:00', last: undefined, due: '2027-03-09' },
    { case: 'a Tuesday a minute before it', now: '2027-03-09T07:59', last: undefined, due: undefined },
    { case: 'a Tuesday whose digest was planned', now: '2027-03-09T09:00', last: '2027-03-09', due: undefined },
    { case: "a Tuesday after yesterday's digest", now: '2027-03-09T09:00', last: '2027-03-08', due: '2027-03-09' },
    { case: 'a Saturday', now: '2027-03-13T09:00', last: '2027-03-12', due: undefined },
    { case: "a holiday (New Year's Day)", now: '2027-01-01T09:00', last: '2026-12-31', due: undefined },
    { case: 'a make-up working Sunday', now: '2027-02-14T09:00', last: '2027-02-12', due: '2027-02-14' },
    {
      case: 'late evening, judged in the workbook zone',
      now: '2027-03-09T23:30',
      last: '2027-03-08',
      due: '2027-03-09',
    },
  ])('$case → $due', ({ now, last, due }) => {
    expect(digestDueDate(at(now), SETTINGS, last)).toBe(due);
  });

  it("judges the day in the workbook zone, not the instant's own zone", () => {
    // 2027-03-09 00:30 UTC is 08:30 Tuesday in Shanghai.
    expect(digestDueDate(DateTime.fromISO('2027-03-09T00:30', { zone: 'UTC' }), SETTINGS, undefined)).toBe(
      '2027-03-09',
    );
  });
});

describe('dueWindowEnd: how far ahead the tick reads due items', () => {
  it.each([
    {
      case: 'between digests: the urgent window and an hour',
      now: '2027-03-09T10:00',
      digest: undefined,
      end: '2027-03-09T13:00',
    },
    {
      case: 'a Tuesday digest: to the end of its horizon (3 days)',
      now: '2027-03-09T08:00',
      digest: '2027-03-09',
      end: '2027-03-12T23:59:59.999',
    },
    {
      case: 'a Friday digest: over the weekend to Monday',
      now: '2027-03-12T08:00',
      digest: '2027-03-12',
      end: '2027-03-15T23:59:59.999',
    },
  ])('$case', ({ now, digest, end }) => {
    expect(dueWindowEnd(at(now), SETTINGS, digest).toMillis()).toBe(at(end).toMillis());
  });
});
