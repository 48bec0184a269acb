import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  digestTimeOn,
  isQuietTime,
  isWorkingDay,
  nextAllowedSendTime,
  nextWorkingDay,
  parseNotificationSettings,
} from '../../../functions/src/domain/mail/notification-settings.ts';

const SHANGHAI = parseNotificationSettings({});
const NEW_YORK = parseNotificationSettings({ timeZone: 'America/New_York' });
// 2026 National Day: 1–7 October off, Sunday 27 September and Saturday 10 October are make-up working days.
const NATIONAL_DAY = parseNotificationSettings({
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  extraWorkingDays: ['2026-09-27', '2026-10-10'],
});

const sh = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' });
const ny = (iso: string) => DateTime.fromISO(iso, { zone: 'America/New_York' });

describe('parseNotificationSettings', () => {
  it('fills in the defaults', () => {
    expect(DEFAULT_NOTIFICATION_SETTINGS).toEqual({
      timeZone: 'Asia/Shanghai',
      defaultLanguage: 'zh',
      appendOtherLanguage: false,
      digestTime: '08:00',
      quietHours: { start: '22:00', end: '07:00' },
      workingDays: [1, 2, 3, 4, 5],
      holidays: [],
      extraWorkingDays: [],
      urgentSeparately: true,
      digestLookaheadDays: 3,
      lateGraceMinutes: 5,
      earlyLeaveGraceMinutes: 5,
      noticeDaysBefore: {},
      phoneRegion: 'CN',
      escalateAfterDays: 3,
    });
    expect(parseNotificationSettings(undefined)).toEqual(DEFAULT_NOTIFICATION_SETTINGS);
  });

  it('accepts disabled quiet hours, a one-digit hour, and unsorted repeated working days', () => {
    const settings = parseNotificationSettings({ quietHours: null, digestTime: '7:30', workingDays: [6, 1, 1, 2] });
    expect(settings.quietHours).toBeNull();
    expect(settings.digestTime).toBe('07:30');
    expect(settings.workingDays).toEqual([1, 2, 6]);
  });

  const invalid = [
    { name: 'an unknown time zone', input: { timeZone: 'Asia/Beijing' } },
    { name: 'a digest time past 23:59', input: { digestTime: '24:00' } },
    { name: 'a digest time without minutes', input: { digestTime: '8' } },
    { name: 'quiet hours that start and end at once', input: { quietHours: { start: '22:00', end: '22:00' } } },
    { name: 'weekday 0', input: { workingDays: [0, 1] } },
    { name: 'no working days', input: { workingDays: [] } },
    { name: 'a holiday that is not an ISO date', input: { holidays: ['2026/10/01'] } },
    { name: 'a holiday that does not exist', input: { holidays: ['2026-02-30'] } },
    { name: 'a language other than zh/en', input: { defaultLanguage: 'fr' } },
    { name: 'a negative lookahead', input: { digestLookaheadDays: -1 } },
  ];
  it.each(invalid)('refuses $name', ({ input }) => {
    expect(() => parseNotificationSettings(input)).toThrow();
  });
});

describe('isWorkingDay: weekday pattern, holidays and make-up working days (调休)', () => {
  const cases = [
    { name: 'a Friday is a working day', date: '2026-11-27', settings: SHANGHAI, expected: true },
    { name: 'a Saturday is not', date: '2026-11-28', settings: SHANGHAI, expected: false },
    { name: 'a Sunday is not', date: '2026-11-29', settings: SHANGHAI, expected: false },
    { name: 'a Thursday on the holiday list is not', date: '2026-10-01', settings: NATIONAL_DAY, expected: false },
    { name: 'a make-up Saturday is', date: '2026-10-10', settings: NATIONAL_DAY, expected: true },
    { name: 'a make-up Sunday is', date: '2026-09-27', settings: NATIONAL_DAY, expected: true },
    {
      name: 'an ordinary Saturday in the same calendar is not',
      date: '2026-10-17',
      settings: NATIONAL_DAY,
      expected: false,
    },
  ];
  it.each(cases)('$name', ({ date, settings, expected }) => {
    expect(isWorkingDay(date, settings)).toBe(expected);
    expect(isWorkingDay(sh(`${date}T12:00`), settings)).toBe(expected);
  });

  it('judges an instant by its calendar day in the workbook zone, not in UTC', () => {
    // Friday 16:30 UTC is already Saturday 00:30 in Shanghai.
    expect(isWorkingDay(DateTime.fromISO('2026-11-27T16:30:00Z', { zone: 'UTC' }), SHANGHAI)).toBe(false);
  });

  it('finds the next working day after a holiday week', () => {
    expect(nextWorkingDay('2026-09-30', NATIONAL_DAY)).toBe('2026-10-08');
    expect(nextWorkingDay('2026-11-27', SHANGHAI)).toBe('2026-11-30');
  });
});

describe('isQuietTime and nextAllowedSendTime', () => {
  const lunch = parseNotificationSettings({ quietHours: { start: '12:00', end: '13:30' } });
  const none = parseNotificationSettings({ quietHours: null });
  const cases = [
    {
      name: '21:59 is before quiet hours',
      at: sh('2026-11-27T21:59'),
      settings: SHANGHAI,
      quiet: false,
      next: '2026-11-27T21:59:00.000+08:00',
    },
    {
      name: '22:00 starts them',
      at: sh('2026-11-27T22:00'),
      settings: SHANGHAI,
      quiet: true,
      next: '2026-11-28T07:00:00.000+08:00',
    },
    {
      name: '23:30 waits for tomorrow 07:00',
      at: sh('2026-11-27T23:30'),
      settings: SHANGHAI,
      quiet: true,
      next: '2026-11-28T07:00:00.000+08:00',
    },
    {
      name: '03:00 after midnight waits for 07:00 the same day',
      at: sh('2026-11-28T03:00'),
      settings: SHANGHAI,
      quiet: true,
      next: '2026-11-28T07:00:00.000+08:00',
    },
    {
      name: '07:00 ends them',
      at: sh('2026-11-28T07:00'),
      settings: SHANGHAI,
      quiet: false,
      next: '2026-11-28T07:00:00.000+08:00',
    },
    {
      name: 'non-wrapping quiet hours hold 12:15 until 13:30',
      at: sh('2026-11-27T12:15'),
      settings: lunch,
      quiet: true,
      next: '2026-11-27T13:30:00.000+08:00',
    },
    {
      name: 'non-wrapping quiet hours leave 23:00 alone',
      at: sh('2026-11-27T23:00'),
      settings: lunch,
      quiet: false,
      next: '2026-11-27T23:00:00.000+08:00',
    },
    {
      name: 'disabled quiet hours hold nothing',
      at: sh('2026-11-27T03:00'),
      settings: none,
      quiet: false,
      next: '2026-11-27T03:00:00.000+08:00',
    },
    {
      name: 'New York, night before spring-forward: 07:00 EDT is 11:00 UTC',
      at: ny('2026-03-07T23:00'),
      settings: NEW_YORK,
      quiet: true,
      next: '2026-03-08T07:00:00.000-04:00',
    },
    {
      name: 'New York, night before fall-back: 07:00 EST is 12:00 UTC',
      at: ny('2026-10-31T23:00'),
      settings: NEW_YORK,
      quiet: true,
      next: '2026-11-01T07:00:00.000-05:00',
    },
  ];
  it.each(cases)('$name', ({ at, settings, quiet, next }) => {
    expect(isQuietTime(at, settings)).toBe(quiet);
    expect(nextAllowedSendTime(at, settings).toISO()).toBe(next);
  });

  it('reads the wall clock in the workbook zone whatever zone the instant comes in', () => {
    // 15:00 UTC is 23:00 in Shanghai.
    expect(isQuietTime(DateTime.fromISO('2026-11-27T15:00:00Z', { zone: 'UTC' }), SHANGHAI)).toBe(true);
  });
});

describe('digestTimeOn', () => {
  const cases = [
    { name: 'Shanghai 08:00 is 00:00 UTC', date: '2026-11-28', settings: SHANGHAI, utc: '2026-11-28T00:00:00.000Z' },
    {
      name: 'New York 08:00 in winter (EST) is 13:00 UTC',
      date: '2026-03-07',
      settings: NEW_YORK,
      utc: '2026-03-07T13:00:00.000Z',
    },
    {
      name: 'New York 08:00 on the spring-forward day (EDT) is 12:00 UTC',
      date: '2026-03-08',
      settings: NEW_YORK,
      utc: '2026-03-08T12:00:00.000Z',
    },
  ];
  it.each(cases)('$name', ({ date, settings, utc }) => {
    expect(digestTimeOn(date, settings).toUTC().toISO()).toBe(utc);
  });

  it('takes the calendar day of an instant in the workbook zone', () => {
    expect(digestTimeOn(DateTime.fromISO('2026-11-27T17:00:00Z', { zone: 'UTC' }), SHANGHAI).toISO()).toBe(
      '2026-11-28T08:00:00.000+08:00',
    );
  });
});
