// The Settings 设置 tab: one setting per row (holidays and make-up working days may take many rows). Each
// value is checked against its setting's type when typed; the workbook's reminder settings are then
// rebuilt from all valid rows, with defaults for what is not set.
import { parseSheetDate } from './date-parsing.ts';
import { DEFAULT_PHONE_REGION, readPhoneRegion } from './phone-numbers.ts';
import { type WorkbookLanguage, formatMessage } from '../messages.ts';
import { type AttendancePolicy, DEFAULT_ATTENDANCE_POLICY } from '../attendance/attendance-rules.ts';
import type { RowMessage } from './row-schemas.ts';
import { normalizeLabel } from './label-normalization.ts';
import { MEETING_TYPE_OPTIONS, SETTING_OPTIONS } from './workbook-schema.ts';
import { type NotificationSettings, parseNotificationSettings } from '../mail/notification-settings.ts';

export type SettingKey = (typeof SETTING_OPTIONS)[number]['key'];

export interface SettingRecord {
  setting: SettingKey;
  value: string;
  sheetRow: number | null;
}

const TIME_OF_DAY = /^([01]?\d|2[0-3])[:：]([0-5]\d)$/u;
const YES = new Set(['yes', 'y', 'true', '是', '1', '✓']);
const NO = new Set(['no', 'n', 'false', '否', '0']);

const EXPECTED: Record<SettingKey, { en: string; zh: string }> = {
  digestTime: { en: 'a 24-hour time such as 08:00', zh: '24 小时制时间,例如 08:00' },
  quietHoursStart: { en: 'a 24-hour time such as 22:00', zh: '24 小时制时间,例如 22:00' },
  quietHoursEnd: { en: 'a 24-hour time such as 07:00', zh: '24 小时制时间,例如 07:00' },
  holiday: { en: 'a date such as 2027-01-01', zh: '日期,例如 2027-01-01' },
  makeUpWorkday: { en: 'a date such as 2027-02-07', zh: '日期,例如 2027-02-07' },
  defaultLanguage: { en: '中文 / Chinese or 英文 / English', zh: '中文 或 英文(Chinese / English)' },
  urgentSeparately: { en: 'yes or no', zh: '是 或 否' },
  digestLookaheadDays: { en: 'a whole number of days from 0 to 31', zh: '0 到 31 之间的整数天数' },
  lateGraceMinutes: { en: 'a whole number of minutes from 0 to 120', zh: '0 到 120 之间的整数分钟' },
  earlyLeaveGraceMinutes: { en: 'a whole number of minutes from 0 to 120', zh: '0 到 120 之间的整数分钟' },
  noticeDays: {
    en: 'a meeting type and a number of days from 0 to 60, such as "dealer conference 7" or "周例会 1"',
    zh: '会议类型加 0 到 60 之间的天数,例如“销售商会议 7”或“weekly S&OP 1”',
  },
  phoneRegion: { en: 'a two-letter region code such as CN, HK or US', zh: '两个字母的地区代码,例如 CN、HK 或 US' },
  minutesConfirmationHours: { en: 'a whole number of hours from 1 to 336', zh: '1 到 336 之间的整数小时' },
  minutesAutoFinalizeHours: {
    en: 'a whole number of hours from 0 (never) to 336',
    zh: '0(不自动生成)到 336 之间的整数小时',
  },
  escalateAfterDays: { en: 'a whole number of days from 1 to 90', zh: '1 到 90 之间的整数天数' },
};

const MEETING_TYPE_BY_LABEL: ReadonlyMap<string, string> = new Map(
  MEETING_TYPE_OPTIONS.flatMap((option) =>
    [option.key, option.en, option.zh, ...(option.aliases ?? [])].map(
      (label) => [normalizeLabel(label), option.key] as const,
    ),
  ),
);

/** "销售商会议 7", "dealer conference: 10", "周例会=1" → "dealerConference=7". */
function normalizeNoticeDays(text: string): string | undefined {
  const match = /^(.+?)\s*[:=]?\s*(\d{1,2})\s*(?:天|days?)?$/u.exec(text);
  if (!match) return undefined;
  const type = MEETING_TYPE_BY_LABEL.get(normalizeLabel(match[1]!));
  const days = Number(match[2]);
  return type !== undefined && days <= 60 ? `${type}=${days}` : undefined;
}

function wholeNumber(text: string, max: number): string | undefined {
  return /^\d{1,3}$/u.test(text) && Number(text) <= max ? String(Number(text)) : undefined;
}

function invalid(setting: SettingKey, value: string): { ok: false; message: RowMessage } {
  const option = SETTING_OPTIONS.find((o) => o.key === setting)!;
  const params = { value, setting: { en: option.en, zh: option.zh }, expected: EXPECTED[setting] };
  return {
    ok: false,
    message: {
      code: 'SETTING_VALUE_INVALID',
      column: 'value',
      en: formatMessage('SETTING_VALUE_INVALID', params, 'en'),
      zh: formatMessage('SETTING_VALUE_INVALID', params, 'zh'),
    },
  };
}

/** The canonical text of a setting's value ('08:00', '2027-01-01', 'zh', 'true', '3'), or why it is wrong. */
export function normalizeSettingValue(
  setting: SettingKey,
  raw: string,
  zone: string,
): { ok: true; value: string } | { ok: false; message: RowMessage } {
  const text = raw.normalize('NFKC').trim();
  switch (setting) {
    case 'digestTime':
    case 'quietHoursStart':
    case 'quietHoursEnd': {
      const match = TIME_OF_DAY.exec(text);
      return match ? { ok: true, value: `${match[1]!.padStart(2, '0')}:${match[2]}` } : invalid(setting, raw);
    }
    case 'holiday':
    case 'makeUpWorkday': {
      const parsed = parseSheetDate(text, zone);
      return parsed.ok ? { ok: true, value: parsed.value.toISODate()! } : invalid(setting, raw);
    }
    case 'defaultLanguage': {
      const lower = text.toLowerCase();
      if (['zh', 'zh-cn', '中文', 'chinese', '简体中文'].includes(lower)) return { ok: true, value: 'zh' };
      if (['en', 'english', '英文', '英语'].includes(lower)) return { ok: true, value: 'en' };
      return invalid(setting, raw);
    }
    case 'urgentSeparately': {
      const lower = text.toLowerCase();
      if (YES.has(lower)) return { ok: true, value: 'true' };
      if (NO.has(lower)) return { ok: true, value: 'false' };
      return invalid(setting, raw);
    }
    case 'digestLookaheadDays':
      return /^\d{1,2}$/u.test(text) && Number(text) <= 31
        ? { ok: true, value: String(Number(text)) }
        : invalid(setting, raw);
    case 'lateGraceMinutes':
    case 'earlyLeaveGraceMinutes': {
      const value = wholeNumber(text.replace(/\s*(?:分钟|min(?:utes?)?)$/u, ''), 120);
      return value === undefined ? invalid(setting, raw) : { ok: true, value };
    }
    case 'noticeDays': {
      const value = normalizeNoticeDays(text);
      return value === undefined ? invalid(setting, raw) : { ok: true, value };
    }
    case 'phoneRegion': {
      const value = readPhoneRegion(text);
      return value === undefined ? invalid(setting, raw) : { ok: true, value };
    }
    case 'minutesConfirmationHours':
    case 'minutesAutoFinalizeHours': {
      const value = wholeNumber(text.replace(/\s*(?:小时|h(?:ours?)?)$/u, ''), 336);
      const min = setting === 'minutesConfirmationHours' ? 1 : 0;
      return value === undefined || Number(value) < min ? invalid(setting, raw) : { ok: true, value };
    }
    case 'escalateAfterDays': {
      // 0 would escalate an action on its due day, before it is overdue at all.
      const value = wholeNumber(text.replace(/\s*(?:天|days?)$/u, ''), 90);
      return value === undefined || value === '0' ? invalid(setting, raw) : { ok: true, value };
    }
  }
}

/**
 * The reminder settings the rows describe. A single-valued setting typed on several rows takes the lowest
 * row's value (the last one a reader sees), so the sheet reads top to bottom like a list of changes. Without a
 * mail language row, an English workbook mails in English and the others in Chinese.
 */
export function buildNotificationSettings(
  records: readonly SettingRecord[],
  timeZone: string,
  workbookLanguage: WorkbookLanguage = 'zh',
): NotificationSettings {
  const ordered = [...records].sort((a, b) => (a.sheetRow ?? 0) - (b.sheetRow ?? 0));
  const last = (key: SettingKey) => ordered.filter((r) => r.setting === key).at(-1)?.value;
  const all = (key: SettingKey) => [...new Set(ordered.filter((r) => r.setting === key).map((r) => r.value))].sort();
  const start = last('quietHoursStart');
  const end = last('quietHoursEnd');
  const lookahead = last('digestLookaheadDays');
  const urgent = last('urgentSeparately');
  const lateGrace = last('lateGraceMinutes');
  const earlyGrace = last('earlyLeaveGraceMinutes');
  const phoneRegion = last('phoneRegion');
  const confirmationHours = last('minutesConfirmationHours');
  const autoFinalizeHours = last('minutesAutoFinalizeHours');
  const escalateAfter = last('escalateAfterDays');
  // One row per type; a type typed on several rows takes the lowest row, like single-valued settings.
  const noticeDaysBefore: Record<string, number> = {};
  for (const record of ordered.filter((r) => r.setting === 'noticeDays')) {
    const [type, days] = record.value.split('=');
    if (type && days !== undefined) noticeDaysBefore[type] = Number(days);
  }
  return parseNotificationSettings({
    timeZone,
    ...(last('digestTime') ? { digestTime: last('digestTime') } : {}),
    ...(start || end ? { quietHours: start === end ? null : { start: start ?? '22:00', end: end ?? '07:00' } } : {}),
    holidays: all('holiday'),
    extraWorkingDays: all('makeUpWorkday'),
    defaultLanguage: last('defaultLanguage') ?? (workbookLanguage === 'en' ? 'en' : 'zh'),
    ...(urgent ? { urgentSeparately: urgent === 'true' } : {}),
    ...(lookahead ? { digestLookaheadDays: Number(lookahead) } : {}),
    ...(lateGrace ? { lateGraceMinutes: Number(lateGrace) } : {}),
    ...(earlyGrace ? { earlyLeaveGraceMinutes: Number(earlyGrace) } : {}),
    ...(phoneRegion ? { phoneRegion } : {}),
    ...(confirmationHours ? { minutesConfirmationHours: Number(confirmationHours) } : {}),
    ...(autoFinalizeHours ? { minutesAutoFinalizeHours: Number(autoFinalizeHours) } : {}),
    ...(escalateAfter ? { escalateAfterDays: Number(escalateAfter) } : {}),
    noticeDaysBefore,
  });
}

/** A workbook's settings as the workflows use them, read from its stored document. */
export interface StoredWorkbookSettings {
  notifications: NotificationSettings;
  language: WorkbookLanguage;
  /** The workbook date whose digest was last planned. */
  lastDigestDate?: string;
}

function isLanguage(value: unknown): value is WorkbookLanguage {
  return value === 'zh' || value === 'en' || value === 'mixed';
}

/**
 * The one reader of a stored workbook document (time zone, language, reminder settings built from the Settings
 * tab). A missing time zone or language takes the fallback given (a workbook that has seen no edit yet). Invalid
 * reminder settings throw, as parseNotificationSettings does: guessing could mail people at night.
 */
export function readWorkbookSettings(
  data: Readonly<Record<string, unknown>>,
  fallback: { timeZone?: string; language: WorkbookLanguage },
): StoredWorkbookSettings {
  const timeZone = typeof data.timeZone === 'string' ? data.timeZone : fallback.timeZone;
  const language = isLanguage(data.language) ? data.language : fallback.language;
  // An English workbook mails in English (digests, notices, escalations) unless its Settings tab names a mail
  // language: the mail default is Chinese only for Chinese and bilingual workbooks.
  const notifications = parseNotificationSettings({
    timeZone,
    ...(language === 'en' ? { defaultLanguage: 'en' } : {}),
    ...(data.notifications as object | undefined),
  });
  const lastDigestDate = typeof data.lastDigestDate === 'string' ? data.lastDigestDate : undefined;
  return {
    notifications,
    language,
    ...(lastDigestDate ? { lastDigestDate } : {}),
  };
}

/**
 * The lateness grace an edit is judged with. Unlike readWorkbookSettings this never throws: a broken reminder
 * setting must not stop anyone's check-in from being saved, so a value that is not a number takes its default.
 */
export function readAttendancePolicy(data: Readonly<Record<string, unknown>>): AttendancePolicy {
  const notifications = (data.notifications ?? {}) as { lateGraceMinutes?: unknown; earlyLeaveGraceMinutes?: unknown };
  const minutes = (value: unknown, fallback: number) =>
    typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  const defaults = DEFAULT_ATTENDANCE_POLICY;
  return {
    lateGraceMinutes: minutes(notifications.lateGraceMinutes, defaults.lateGraceMinutes),
    earlyLeaveGraceMinutes: minutes(notifications.earlyLeaveGraceMinutes, defaults.earlyLeaveGraceMinutes),
  };
}

/**
 * The region phone numbers without a country code are read in, from a stored workbook document: the Settings
 * tab's "default phone region", CN when unset or unreadable (a broken setting must not refuse every phone).
 */
export function readWorkbookPhoneRegion(data: Readonly<Record<string, unknown>> | undefined): string {
  const notifications = (data?.notifications ?? {}) as { phoneRegion?: unknown };
  const region = typeof notifications.phoneRegion === 'string' ? readPhoneRegion(notifications.phoneRegion) : undefined;
  return region ?? DEFAULT_PHONE_REGION;
}
