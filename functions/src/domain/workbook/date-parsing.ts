// Dates as people type them into a Chinese/English workbook, and as Sheets hands them over (serial numbers).
// Times without an offset are wall-clock times in the workbook's zone. Everything goes through luxon; there is
// no JavaScript Date arithmetic, so results do not depend on the server's own time zone.
//
// Decisions:
// - Year-first forms only. "11/28/2026" and "28/11/2026" (and two-digit years such as "26/11/28") are refused
//   with DATE_AMBIGUOUS even when one reading is impossible: a rule that accepts 11/28 but refuses 11/12
//   would look random to users, and a wrong guess silently moves a meeting by months.
// - A text cell holding a bare number ("46354") is refused: a serial number only means a date when Sheets
//   sends it as a number.
// - A wall-clock time skipped by a daylight-saving jump (02:30 on a spring-forward night) is refused with
//   TIME_SKIPPED_BY_DST instead of being shifted. A repeated time (fall-back night) is read as its second
//   occurrence, in standard time; meetings at 01:30 on that night are rare enough. Both are decided from the
//   zone's offsets around that wall time, never from today's offset (luxon's own guess), so the reading does
//   not depend on the date it runs.
// - Serial numbers count days from 1899-12-30 (Sheets' epoch); the fraction is the time of day, rounded to the
//   second because Sheets stores 14:00 as 0.58333… and the float never lands exactly.
// - Years outside 1900–2199 are refused as typos (0226, 2926 …); the bounds are options for callers that differ.
import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';

export type DateParseErrorCode =
  | 'VALUE_REQUIRED'
  | 'DATE_INVALID'
  | 'DATETIME_INVALID'
  | 'MONTH_INVALID'
  | 'DATE_AMBIGUOUS'
  | 'DATE_NONEXISTENT'
  | 'TIME_INVALID'
  | 'TIME_SKIPPED_BY_DST'
  | 'DATE_OUT_OF_RANGE'
  | 'TIME_ZONE_INVALID';

export type DateParseResult =
  | { readonly ok: true; readonly value: DateTime; readonly hasTime: boolean }
  | { readonly ok: false; readonly code: DateParseErrorCode };

export interface DateParseOptions {
  readonly minYear?: number;
  readonly maxYear?: number;
}

export type SheetDateInput = string | number | null | undefined;

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

/** What the text said before any time zone is applied. */
type ReadResult =
  | { readonly ok: true; readonly wall: WallClock; readonly hasTime: boolean; readonly offsetMinutes?: number }
  | { readonly ok: false; readonly code: DateParseErrorCode };

const SHEETS_EPOCH = DateTime.fromObject({ year: 1899, month: 12, day: 30 }, { zone: 'UTC' });
const SECONDS_PER_DAY = 86_400;
const DEFAULT_MIN_YEAR = 1900;
const DEFAULT_MAX_YEAR = 2199;

const TIME_PART = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?: ?(am|pm|a\.m\.|p\.m\.))?`;
const OFFSET_PART = String.raw`(z|[+-]\d{2}(?::?\d{2})?)`;
const NUMERIC_DATE = new RegExp(
  String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:t| )${TIME_PART})?(?: ?${OFFSET_PART})?$`,
);
const CHINESE_TIME_PART =
  String.raw`(上午|早上|下午|晚上)? ?(\d{1,2})` +
  String.raw`(?::(\d{2})(?::(\d{2}))?|[时点](?:(\d{1,2})分?|(半))?(?:(\d{1,2})秒)?)`;
const CHINESE_DATE = new RegExp(String.raw`^(\d{4})年(\d{1,2})月(\d{1,2})[日号](?: ?${CHINESE_TIME_PART})?$`);
const YEAR_LAST_DATE = /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}(?:[ t].*)?$/;
const MONTH_ONLY = /^(\d{4})(?:[-/.](\d{1,2})|年(\d{1,2})月(?:份)?)$/;

// Month-name forms are unambiguous ("Nov 28, 2026"), so they are accepted in English.
const MONTH_NAME_FORMATS = ['d LLL yyyy', 'd LLLL yyyy', 'LLL d, yyyy', 'LLLL d, yyyy', 'LLL d yyyy', 'LLLL d yyyy'];
const MONTH_NAME_TIME_FORMATS = ['H:mm', 'H:mm:ss', 'h:mm a', 'h:mm:ss a', 'h a'];

function normalizeDateText(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

function toNumber(digits: string | undefined, fallback = 0): number {
  return digits === undefined || digits === '' ? fallback : Number(digits);
}

/** 12-hour clock words → 24-hour hour; undefined when the hour cannot carry that word (e.g. "13 pm"). */
function applyPeriod(hour: number, period: string | undefined): number | undefined {
  if (period === undefined) return hour;
  if (hour < 1 || hour > 12) return undefined;
  const isPm = period.startsWith('p') || period === '下午' || period === '晚上';
  if (isPm) return hour === 12 ? 12 : hour + 12;
  return hour === 12 ? 0 : hour;
}

function parseOffset(text: string): number | undefined {
  if (text === 'z') return 0;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!match) return undefined;
  const hours = Number(match[2]);
  const minutes = toNumber(match[3]);
  if (hours > 14 || minutes > 59) return undefined;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function readNumericDate(match: RegExpExecArray): ReadResult {
  const [, year, , month, day, hour, minute, second, fraction, period, offset] = match;
  const hasTime = hour !== undefined;
  if (offset !== undefined && !hasTime) return { ok: false, code: 'DATETIME_INVALID' };
  const hour24 = hasTime ? applyPeriod(Number(hour), period) : 0;
  if (hour24 === undefined) return { ok: false, code: 'TIME_INVALID' };
  const offsetMinutes = offset === undefined ? undefined : parseOffset(offset);
  if (offset !== undefined && offsetMinutes === undefined) return { ok: false, code: 'DATETIME_INVALID' };
  const wall: WallClock = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: hour24,
    minute: toNumber(minute),
    second: toNumber(second),
    millisecond: fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000),
  };
  return offsetMinutes === undefined ? { ok: true, wall, hasTime } : { ok: true, wall, hasTime, offsetMinutes };
}

function readChineseDate(match: RegExpExecArray): ReadResult {
  const [, year, month, day, period, hour, colonMinute, colonSecond, wordMinute, half, wordSecond] = match;
  const hasTime = hour !== undefined;
  const hour24 = hasTime ? applyPeriod(Number(hour), period) : 0;
  if (hour24 === undefined) return { ok: false, code: 'TIME_INVALID' };
  const minute = half !== undefined ? 30 : toNumber(colonMinute ?? wordMinute);
  return {
    ok: true,
    hasTime,
    wall: {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: hour24,
      minute,
      second: toNumber(colonSecond ?? wordSecond),
      millisecond: 0,
    },
  };
}

function readMonthNameDate(text: string): ReadResult | undefined {
  for (const dateFormat of MONTH_NAME_FORMATS) {
    for (const timeFormat of [undefined, ...MONTH_NAME_TIME_FORMATS]) {
      const format = timeFormat === undefined ? dateFormat : `${dateFormat} ${timeFormat}`;
      // Parsed in UTC only to pull out the fields; the workbook zone is applied afterwards like for other forms.
      const parsed = DateTime.fromFormat(text, format, { zone: 'UTC', locale: 'en-US' });
      if (!parsed.isValid) continue;
      const { year, month, day, hour, minute, second } = parsed;
      return {
        ok: true,
        hasTime: timeFormat !== undefined,
        wall: { year, month, day, hour, minute, second, millisecond: 0 },
      };
    }
  }
  return undefined;
}

function readSerial(serial: number): ReadResult {
  if (!Number.isFinite(serial)) return { ok: false, code: 'DATETIME_INVALID' };
  const totalSeconds = Math.round(serial * SECONDS_PER_DAY);
  const days = Math.floor(totalSeconds / SECONDS_PER_DAY);
  const secondsOfDay = totalSeconds - days * SECONDS_PER_DAY;
  // Beyond this luxon itself gives up; such numbers are not dates anyone typed.
  if (Math.abs(days) > 1_000_000) return { ok: false, code: 'DATE_OUT_OF_RANGE' };
  const date = SHEETS_EPOCH.plus({ days });
  return {
    ok: true,
    hasTime: secondsOfDay !== 0,
    wall: {
      year: date.year,
      month: date.month,
      day: date.day,
      hour: Math.floor(secondsOfDay / 3600),
      minute: Math.floor((secondsOfDay % 3600) / 60),
      second: secondsOfDay % 60,
      millisecond: 0,
    },
  };
}

function readText(raw: string, unrecognised: DateParseErrorCode): ReadResult {
  const text = normalizeDateText(raw);
  if (text === '') return { ok: false, code: 'VALUE_REQUIRED' };
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric) return readNumericDate(numeric);
  const chinese = CHINESE_DATE.exec(text);
  if (chinese) return readChineseDate(chinese);
  if (YEAR_LAST_DATE.test(text)) return { ok: false, code: 'DATE_AMBIGUOUS' };
  return readMonthNameDate(text) ?? { ok: false, code: unrecognised };
}

function read(value: SheetDateInput, unrecognised: DateParseErrorCode): ReadResult {
  if (value === null || value === undefined) return { ok: false, code: 'VALUE_REQUIRED' };
  if (typeof value === 'number') return readSerial(value);
  if (typeof value === 'string') return readText(value, unrecognised);
  return { ok: false, code: unrecognised };
}

function checkWallClock(wall: WallClock, opts: DateParseOptions | undefined): DateParseErrorCode | undefined {
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) return 'TIME_INVALID';
  if (wall.month < 1 || wall.month > 12 || wall.day < 1) return 'DATE_NONEXISTENT';
  const daysInMonth = DateTime.fromObject({ year: wall.year, month: wall.month }, { zone: 'UTC' }).daysInMonth;
  if (daysInMonth === undefined || wall.day > daysInMonth) return 'DATE_NONEXISTENT';
  if (wall.year < (opts?.minYear ?? DEFAULT_MIN_YEAR) || wall.year > (opts?.maxYear ?? DEFAULT_MAX_YEAR)) {
    return 'DATE_OUT_OF_RANGE';
  }
  return undefined;
}

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

function toDateTime(result: ReadResult, zone: string, opts: DateParseOptions | undefined): DateParseResult {
  if (!result.ok) return result;
  const problem = checkWallClock(result.wall, opts);
  if (problem) return { ok: false, code: problem };
  if (result.offsetMinutes !== undefined) {
    const instant = DateTime.fromObject(result.wall, { zone: FixedOffsetZone.instance(result.offsetMinutes) });
    return { ok: true, value: instant.setZone(zone), hasTime: true };
  }
  const asUtc = DateTime.fromObject(result.wall, { zone: 'UTC' });
  if (!asUtc.isValid) return { ok: false, code: 'DATE_NONEXISTENT' };
  // luxon would move a skipped wall-clock time forward; a moved meeting start is worse than an error.
  const local = wallTimeInZone(asUtc.toMillis(), zone);
  if (!local) return { ok: false, code: 'TIME_SKIPPED_BY_DST' };
  return { ok: true, value: local, hasTime: result.hasTime };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The instant a wall-clock time (given as if it were UTC, in ms) names in `zone`: the later one when it occurs
 * twice, none when a jump skips it. Clock changes are far more than a day apart, so the offsets a day either
 * side are the only ones that can apply.
 */
function wallTimeInZone(wallMs: number, zone: string): DateTime | undefined {
  const tz = IANAZone.create(zone);
  const offsets = new Set([tz.offset(wallMs - DAY_MS), tz.offset(wallMs), tz.offset(wallMs + DAY_MS)]);
  const instants = [...offsets]
    .map((minutes) => wallMs - minutes * 60_000)
    .filter((ms) => tz.offset(ms) * 60_000 === wallMs - ms);
  return instants.length ? DateTime.fromMillis(Math.max(...instants), { zone }) : undefined;
}

/** A date and time as an instant, expressed in the workbook zone. A date without a time means midnight. */
export function parseSheetDateTime(value: SheetDateInput, zone: string, opts?: DateParseOptions): DateParseResult {
  if (!isValidTimeZone(zone)) return { ok: false, code: 'TIME_ZONE_INVALID' };
  return toDateTime(read(value, 'DATETIME_INVALID'), zone, opts);
}

/**
 * A calendar date, as the start of that day in the workbook zone. A time, if typed, is dropped after the value
 * is placed in the zone, so "2026-11-28T23:00Z" is 29 November in Shanghai.
 */
export function parseSheetDate(value: SheetDateInput, zone: string, opts?: DateParseOptions): DateParseResult {
  if (!isValidTimeZone(zone)) return { ok: false, code: 'TIME_ZONE_INVALID' };
  const result = read(value, 'DATE_INVALID');
  if (!result.ok) return result;
  if (result.offsetMinutes === undefined) {
    // Only the date matters here, so a time skipped by daylight saving is no reason to refuse it.
    const problem = checkWallClock(result.wall, opts);
    if (problem) return { ok: false, code: problem };
    const { year, month, day } = result.wall;
    const start = DateTime.fromObject({ year, month, day }, { zone }).startOf('day');
    return start.isValid ? { ok: true, value: start, hasTime: false } : { ok: false, code: 'DATE_NONEXISTENT' };
  }
  const instant = toDateTime(result, zone, opts);
  return instant.ok ? { ok: true, value: instant.value.startOf('day'), hasTime: false } : instant;
}

/** A calendar month ("2026-11", "2026年11月", or any date inside it), as the first day of that month. */
export function parseSheetMonth(value: SheetDateInput, zone: string, opts?: DateParseOptions): DateParseResult {
  if (!isValidTimeZone(zone)) return { ok: false, code: 'TIME_ZONE_INVALID' };
  if (typeof value === 'string') {
    const match = MONTH_ONLY.exec(normalizeDateText(value));
    if (match) {
      const year = Number(match[1]);
      const month = Number(match[2] ?? match[3]);
      if (month < 1 || month > 12) return { ok: false, code: 'MONTH_INVALID' };
      return parseSheetDate(`${year}-${month}-1`, zone, opts);
    }
  }
  const date = parseSheetDate(value, zone, opts);
  if (!date.ok) return { ok: false, code: date.code === 'DATE_INVALID' ? 'MONTH_INVALID' : date.code };
  return { ok: true, value: date.value.startOf('month'), hasTime: false };
}
