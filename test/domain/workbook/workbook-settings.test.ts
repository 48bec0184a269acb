import { describe, expect, it } from 'vitest';
import {
  buildNotificationSettings,
  normalizeSettingValue,
  readAttendancePolicy,
  readWorkbookSettings,
  type SettingKey,
} from '../../../functions/src/domain/workbook/workbook-settings.ts';

const ZONE = 'Asia/Shanghai';

describe('normalizeSettingValue: each Settings row value against its setting', () => {
  const cases: Array<[SettingKey, string, string | null]> = [
    ['digestTime', '8:30', '08:30'],
    ['digestTime', '０８：００', '08:00'],
    ['digestTime', '25:00', null],
    ['quietHoursStart', '22:00', '22:00'],
    ['holiday', '2027年1月1日', '2027-01-01'],
    ['holiday', '2027/02/30', null],
    ['makeUpWorkday', '2027-02-07', '2027-02-07'],
    ['defaultLanguage', '英文', 'en'],
    ['defaultLanguage', 'Chinese', 'zh'],
    ['defaultLanguage', 'French', null],
    ['urgentSeparately', '否', 'false'],
    ['urgentSeparately', 'maybe', null],
    ['digestLookaheadDays', '5', '5'],
    ['digestLookaheadDays', '40', null],
    ['lateGraceMinutes', '10', '10'],
    ['lateGraceMinutes', '１０分钟', '10'],
    ['lateGraceMinutes', '0', '0'],
    ['lateGraceMinutes', '-5', null],
    ['earlyLeaveGraceMinutes', '15 min', '15'],
    ['earlyLeaveGraceMinutes', '121', null],
    ['noticeDays', '销售商会议 10', 'dealerConference=10'],
    ['noticeDays', 'dealer conference: 14', 'dealerConference=14'],
    ['noticeDays', '周例会=2', 'weeklySop=2'],
    ['noticeDays', '月度总结会 5天', 'monthlyReview=5'],
    ['noticeDays', 'Weekly S&OP 0', 'weeklySop=0'],
    ['noticeDays', '年会 3', null],
    ['noticeDays', '销售商会议', null],
    ['noticeDays', '销售商会议 61', null],
    // minutes (issue 14): confirmation window and auto-finalize delay, in hours
    ['minutesConfirmationHours', '48', '48'],
    ['minutesConfirmationHours', '３６小时', '36'],
    ['minutesConfirmationHours', '0', null],
    ['minutesAutoFinalizeHours', '0', '0'],
    ['minutesAutoFinalizeHours', '12 hours', '12'],
    ['minutesAutoFinalizeHours', '400', null],
    ['escalateAfterDays', '5', '5'],
    ['escalateAfterDays', '7天', '7'],
    ['escalateAfterDays', '0', null],
    ['escalateAfterDays', '91', null],
  ];
  for (const [setting, raw, expected] of cases) {
    it(`${setting} "${raw}" → ${expected ?? 'refused'}`, () => {
      const result = normalizeSettingValue(setting, raw, ZONE);
      if (expected === null) {
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.message.code).toBe('SETTING_VALUE_INVALID');
          expect(result.message.zh).toContain(raw);
          expect(result.message.en).toContain(raw);
        }
      } else {
        expect(result).toEqual({ ok: true, value: expected });
      }
    });
  }
});

describe('buildNotificationSettings: the workbook reminder settings from its rows', () => {
  it('mails in the workbook language (English for an English workbook) unless a row names one', () => {
    expect(buildNotificationSettings([], ZONE).defaultLanguage).toBe('zh');
    expect(buildNotificationSettings([], ZONE, 'mixed').defaultLanguage).toBe('zh');
    expect(buildNotificationSettings([], ZONE, 'en').defaultLanguage).toBe('en');
    const chinese = [{ setting: 'defaultLanguage' as const, value: 'zh', sheetRow: 2 }];
    expect(buildNotificationSettings(chinese, ZONE, 'en').defaultLanguage).toBe('zh');
  });

  it('escalates overdue actions after 3 days unless the Settings tab says otherwise', () => {
    expect(buildNotificationSettings([], ZONE).escalateAfterDays).toBe(3);
    const rows = [{ setting: 'escalateAfterDays' as const, value: '5', sheetRow: 2 }];
    expect(buildNotificationSettings(rows, ZONE).escalateAfterDays).toBe(5);
  });

  it('uses defaults when nothing is set', () => {
    const settings = buildNotificationSettings([], ZONE);
    expect(settings).toMatchObject({
      timeZone: ZONE,
      digestTime: '08:00',
      quietHours: { start: '22:00', end: '07:00' },
      holidays: [],
      urgentSeparately: true,
    });
  });

  it('collects every holiday and make-up day, and lets the lowest row win for single settings', () => {
    const settings = buildNotificationSettings(
      [
        { setting: 'digestTime', value: '08:00', sheetRow: 2 },
        { setting: 'holiday', value: '2027-01-01', sheetRow: 3 },
        { setting: 'holiday', value: '2027-02-11', sheetRow: 4 },
        { setting: 'makeUpWorkday', value: '2027-02-07', sheetRow: 5 },
        { setting: 'digestTime', value: '07:30', sheetRow: 6 },
        { setting: 'defaultLanguage', value: 'en', sheetRow: 7 },
      ],
      ZONE,
    );
    expect(settings.digestTime).toBe('07:30');
    expect(settings.holidays).toEqual(['2027-01-01', '2027-02-11']);
    expect(settings.extraWorkingDays).toEqual(['2027-02-07']);
    expect(settings.defaultLanguage).toBe('en');
  });

  it('turns quiet hours off when start and end are the same time', () => {
    const settings = buildNotificationSettings(
      [
        { setting: 'quietHoursStart', value: '00:00', sheetRow: 2 },
        { setting: 'quietHoursEnd', value: '00:00', sheetRow: 3 },
      ],
      ZONE,
    );
    expect(settings.quietHours).toBeNull();
  });
});

describe('buildNotificationSettings: attendance grace and notice days', () => {
  const row = (setting: SettingKey, value: string, sheetRow: number) => ({ setting, value, sheetRow });

  it('defaults to 5 minutes of grace, no notice-day overrides and 24-hour minutes windows', () => {
    expect(buildNotificationSettings([], ZONE)).toMatchObject({
      minutesConfirmationHours: 24,
      minutesAutoFinalizeHours: 24,
      lateGraceMinutes: 5,
      earlyLeaveGraceMinutes: 5,
      noticeDaysBefore: {},
    });
  });

  it('reads grace minutes and one notice period per type, the lowest row winning for a repeated type', () => {
    const settings = buildNotificationSettings(
      [
        row('lateGraceMinutes', '10', 2),
        row('earlyLeaveGraceMinutes', '0', 3),
        row('noticeDays', 'dealerConference=10', 4),
        row('noticeDays', 'weeklySop=2', 5),
        row('noticeDays', 'dealerConference=14', 6),
        row('minutesConfirmationHours', '48', 7),
        row('minutesAutoFinalizeHours', '0', 8),
      ],
      ZONE,
    );
    expect(settings).toMatchObject({
      minutesConfirmationHours: 48,
      minutesAutoFinalizeHours: 0,
      lateGraceMinutes: 10,
      earlyLeaveGraceMinutes: 0,
      noticeDaysBefore: { dealerConference: 14, weeklySop: 2 },
    });
  });
});

describe('readWorkbookSettings: the one reader of a stored workbook document', () => {
  const FALLBACK = { timeZone: 'Europe/Berlin', language: 'mixed' as const };
  it.each([
    {
      case: 'a full document',
      data: { timeZone: ZONE, language: 'en', lastDigestDate: '2027-03-08', notifications: { digestTime: '09:30' } },
      zone: ZONE,
      language: 'en',
      digestTime: '09:30',
      last: '2027-03-08',
    },
    {
      case: 'no time zone or language yet: the fallback',
      data: {},
      zone: 'Europe/Berlin',
      language: 'mixed',
      digestTime: '08:00',
      last: undefined,
    },
    {
      case: 'an unknown language: the fallback',
      data: { timeZone: ZONE, language: 'fr' },
      zone: ZONE,
      language: 'mixed',
      digestTime: '08:00',
      last: undefined,
    },
    {
      case: 'stored reminder settings carry their own zone (built with it), which wins',
      data: { timeZone: ZONE, notifications: { timeZone: 'UTC' } },
      zone: 'UTC',
      language: 'mixed',
      digestTime: '08:00',
      last: undefined,
    },
  ])('$case', ({ data, zone, language, digestTime, last }) => {
    const read = readWorkbookSettings(data, FALLBACK);
    expect(read.notifications.timeZone).toBe(zone);
    expect(read.notifications.digestTime).toBe(digestTime);
    expect(read.language).toBe(language);
    expect(read.lastDigestDate).toBe(last);
  });

  it.each([
    { language: 'en', setting: undefined, mail: 'en' },
    { language: 'en', setting: 'zh', mail: 'zh' },
    { language: 'zh', setting: undefined, mail: 'zh' },
    { language: 'mixed', setting: undefined, mail: 'zh' },
    { language: 'zh', setting: 'en', mail: 'en' },
  ] as const)(
    'a $language workbook with mail language $setting on Settings mails in $mail',
    ({ language, setting, mail }) => {
      const data = { timeZone: ZONE, language, notifications: setting ? { defaultLanguage: setting } : {} };
      expect(readWorkbookSettings(data, FALLBACK).notifications.defaultLanguage).toBe(mail);
      // A workbook that has seen no edit yet takes the fallback language, and the mail language follows it too.
      if (!setting) expect(readWorkbookSettings({}, { language }).notifications.defaultLanguage).toBe(mail);
    },
  );

  it("without a fallback zone the settings' default zone applies (the tick's reading)", () => {
    expect(readWorkbookSettings({}, { language: 'zh' }).notifications.timeZone).toBe('Asia/Shanghai');
  });

  it('invalid reminder settings throw rather than mail people at night', () => {
    expect(() => readWorkbookSettings({ timeZone: ZONE, notifications: { digestTime: '25:00' } }, FALLBACK)).toThrow();
  });
});

describe('readAttendancePolicy: the grace an edit is judged with never fails the edit', () => {
  it.each([
    { notifications: undefined, late: 5, early: 5 },
    { notifications: { lateGraceMinutes: 10, earlyLeaveGraceMinutes: 0 }, late: 10, early: 0 },
    { notifications: { lateGraceMinutes: 'ten', earlyLeaveGraceMinutes: Number.NaN }, late: 5, early: 5 },
  ])('$notifications → late $late, early $early', ({ notifications, late, early }) => {
    expect(readAttendancePolicy({ notifications })).toEqual({ lateGraceMinutes: late, earlyLeaveGraceMinutes: early });
  });
});
