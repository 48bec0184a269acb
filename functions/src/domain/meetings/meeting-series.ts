// Recurring meetings (seed 002: the S&OP weekly meeting 周例会, the monthly review 月度总结会). A series row
// carries a Recurrence text such as `weekly Mon 09:00` or `每月最后一个周五 14:00`; the tick asks which
// occurrences of the next few weeks still have to be created as meeting rows.
//
// Decisions:
// - A recurrence is wall-clock time in the workbook zone: `weekly Mon 09:00` stays at 09:00 across a
//   daylight-saving change, so the UTC instant moves. The end is start + durationMinutes as elapsed time.
// - Idempotent without a memory of its own: an occurrence is not proposed when a meeting of the series
//   already starts at the same instant or on the same local day (someone moved this week's meeting from
//   09:00 to 11:00; proposing 09:00 again would create a duplicate the user would have to delete).
// - Holidays are skipped, not moved: seed 002 says the regular meeting simply does not take place; a
//   make-up meeting is an ad-hoc row.
// - `every 2 weeks` counts weeks from the series anchor (the first meeting's start), so which weeks are
//   meeting weeks does not depend on when the tick happens to run.
// - A time the clocks skip (02:30 on a spring-forward night) is moved forward by luxon, like notification times.
import { DateTime } from 'luxon';
import type { MessageParams } from '../messages.ts';

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
/** 1–4 = first … fourth such weekday of the month, -1 = the last one. */
export type MonthlyOrdinal = 1 | 2 | 3 | 4 | -1;

export type RecurrenceRule =
  | { kind: 'weekly'; intervalWeeks: number; weekday: Weekday; time: string; endTime?: string }
  | { kind: 'monthly'; ordinal: MonthlyOrdinal; weekday: Weekday; time: string; endTime?: string };

export type RecurrenceParseResult =
  | { ok: true; rule: RecurrenceRule }
  | { ok: false; code: 'RECURRENCE_INVALID'; params: MessageParams };

/**
 * The first agenda item of every series occurrence: seed 002 opens each meeting by reviewing the last one's
 * decisions.
 */
export const REVIEW_PREVIOUS_DECISIONS_TOPIC = 'Review of previous decisions / 上次决议跟踪';

const RECURRENCE_COLUMN = { en: 'Recurrence', zh: '重复规则' };

const EN_WEEKDAYS: ReadonlyArray<readonly [RegExp, Weekday]> = [
  [/^mon(day)?$/u, 1],
  [/^tue(s|sday)?$/u, 2],
  [/^wed(nesday)?$/u, 3],
  [/^thu(r|rs|rsday)?$/u, 4],
  [/^fri(day)?$/u, 5],
  [/^sat(urday)?$/u, 6],
  [/^sun(day)?$/u, 7],
];

const ZH_WEEKDAYS: Readonly<Record<string, Weekday>> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  日: 7,
  天: 7,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
  '6': 6,
  '7': 7,
};
const ZH_NUMBERS: Readonly<Record<string, number>> = { 一: 1, 两: 2, 二: 2, 三: 3, 四: 4 };

const EN_ORDINALS: Readonly<Record<string, MonthlyOrdinal>> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  last: -1,
};
const ZH_ORDINALS: Readonly<Record<string, MonthlyOrdinal>> = {
  第一个: 1,
  第1个: 1,
  第二个: 2,
  第2个: 2,
  第三个: 3,
  第3个: 3,
  第四个: 4,
  第4个: 4,
  最后一个: -1,
  最后: -1,
};

// Time, optionally with an end: 09:00, 9:00, 14:30-16:00, 14:30–16:00, 14:30~16:00, 14:30至16:00.
const TIME_PART = String.raw`(\d{1,2}:\d{2})(?:\s*(?:-|–|—|~|～|至|到|to)\s*(\d{1,2}:\d{2}))?`;
const EN_WEEKDAY_WORD = '([a-z]+)';
const ZH_WEEKDAY = '(?:周|星期|礼拜)([一二三四五六日天1-7])';

const PATTERNS: ReadonlyArray<{ re: RegExp; read: (m: RegExpExecArray) => RecurrenceRule | undefined }> = [
  {
    // weekly Mon 09:00 · every week Mon 09:00 · every Monday 09:00
    re: new RegExp(
      String.raw`^(?:weekly|every\s+week|every)\s+(?:on\s+)?${EN_WEEKDAY_WORD}\s+(?:at\s+)?${TIME_PART}$`,
      'u',
    ),
    read: (m) => weekly(1, enWeekday(m[1]!), m[2]!, m[3]),
  },
  {
    // every 2 weeks Tue 10:00 · biweekly Tue 10:00 · fortnightly Tue 10:00
    re: new RegExp(
      String.raw`^(?:every\s+(\d{1,2})\s+weeks?|biweekly|bi-weekly|fortnightly)` +
        String.raw`\s+(?:on\s+)?${EN_WEEKDAY_WORD}\s+(?:at\s+)?${TIME_PART}$`,
      'u',
    ),
    read: (m) => weekly(m[1] === undefined ? 2 : Number(m[1]), enWeekday(m[2]!), m[3]!, m[4]),
  },
  {
    // monthly last Friday 14:00 · monthly on the first Mon 09:00
    re: new RegExp(
      String.raw`^monthly\s+(?:on\s+)?(?:the\s+)?([a-z0-9]+)\s+${EN_WEEKDAY_WORD}\s+(?:at\s+)?${TIME_PART}$`,
      'u',
    ),
    read: (m) => monthly(EN_ORDINALS[m[1]!], enWeekday(m[2]!), m[3]!, m[4]),
  },
  {
    // 每周一 09:00 · 每周 周一 09:00 · 每星期五 14:30-16:00
    re: new RegExp(String.raw`^每(?:周|星期|礼拜)\s*(?:${ZH_WEEKDAY}|([一二三四五六日天]))\s*${TIME_PART}$`, 'u'),
    read: (m) => weekly(1, ZH_WEEKDAYS[(m[1] ?? m[2])!], m[3]!, m[4]),
  },
  {
    // 每两周周二 10:00 · 每2周周二 10:00 · 隔周周二 10:00 · 隔周二 10:00 · 双周周二 10:00
    re: new RegExp(
      String.raw`^(?:每([两二三四2-4])周|隔周|双周)\s*(?:${ZH_WEEKDAY}|([一二三四五六日天]))\s*${TIME_PART}$`,
      'u',
    ),
    read: (m) =>
      weekly(m[1] === undefined ? 2 : (ZH_NUMBERS[m[1]] ?? Number(m[1])), ZH_WEEKDAYS[(m[2] ?? m[3])!], m[4]!, m[5]),
  },
  {
    // 每月最后一个周五 14:00 · 每月第一个周一 09:00
    re: new RegExp(String.raw`^每月\s*(第[一二三四1-4]个|最后一个|最后)\s*${ZH_WEEKDAY}\s*${TIME_PART}$`, 'u'),
    read: (m) => monthly(ZH_ORDINALS[m[1]!], ZH_WEEKDAYS[m[2]!], m[3]!, m[4]),
  },
];

function enWeekday(word: string): Weekday | undefined {
  return EN_WEEKDAYS.find(([re]) => re.test(word))?.[1];
}

/** 'H:mm' or 'HH:mm' within a day, normalised to 'HH:mm'; undefined for 24:00 or 9:75. */
function normalizeTime(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const [hour, minute] = text.split(':').map(Number);
  if (hour === undefined || minute === undefined || hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function minutesOf(time: string): number {
  const [hour, minute] = time.split(':').map(Number);
  return hour! * 60 + minute!;
}

/** The time part with an optional end, or undefined when a time is invalid or the end is not after the start. */
function readTimes(startText: string, endText: string | undefined): { time: string; endTime?: string } | undefined {
  const time = normalizeTime(startText);
  if (time === undefined) return undefined;
  if (endText === undefined) return { time };
  const endTime = normalizeTime(endText);
  if (endTime === undefined || minutesOf(endTime) <= minutesOf(time)) return undefined;
  return { time, endTime };
}

function weekly(
  intervalWeeks: number,
  weekday: Weekday | undefined,
  start: string,
  end: string | undefined,
): RecurrenceRule | undefined {
  const times = readTimes(start, end);
  // More than 8 weeks apart is no longer a "regular" meeting; such rows are planned one by one.
  if (
    weekday === undefined ||
    times === undefined ||
    !Number.isInteger(intervalWeeks) ||
    intervalWeeks < 1 ||
    intervalWeeks > 8
  )
    return undefined;
  return { kind: 'weekly', intervalWeeks, weekday, ...times };
}

function monthly(
  ordinal: MonthlyOrdinal | undefined,
  weekday: Weekday | undefined,
  start: string,
  end: string | undefined,
): RecurrenceRule | undefined {
  const times = readTimes(start, end);
  if (ordinal === undefined || weekday === undefined || times === undefined) return undefined;
  return { kind: 'monthly', ordinal, weekday, ...times };
}

/** Sheet text is typed by hand: full-width colons and digits, stray spaces and capitals are all common. */
function normalizeRecurrenceText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').replace(/,/gu, ' ').replace(/ +/gu, ' ').trim();
}

/** Reads a Recurrence cell (English or Chinese); the error names the accepted forms in both languages. */
export function parseRecurrence(text: string): RecurrenceParseResult {
  const normalized = normalizeRecurrenceText(text);
  for (const pattern of PATTERNS) {
    const match = pattern.re.exec(normalized);
    if (!match) continue;
    const rule = pattern.read(match);
    if (rule) return { ok: true, rule };
  }
  return { ok: false, code: 'RECURRENCE_INVALID', params: { column: RECURRENCE_COLUMN, value: text } };
}

/** The rule's length in minutes when it names an end time ('每周五 14:30-16:00' → 90). */
export function ruleDurationMinutes(rule: RecurrenceRule): number | undefined {
  return rule.endTime === undefined ? undefined : minutesOf(rule.endTime) - minutesOf(rule.time);
}

// ---------------------------------------------------------------------------------------------------------
// Planning occurrences

export interface MeetingSeries {
  /** The Series column value; every occurrence carries it. */
  key: string;
  rule: RecurrenceRule;
  durationMinutes: number;
  /** ISO instant of the series' first meeting: no occurrence before it, and `every 2 weeks` counts from it. */
  anchor: string;
  /** Copied onto every occurrence (template fields of the series row). */
  type: string;
  title: string;
  venue?: string;
  host?: string;
  recorder?: string;
}

export interface PlannedAgendaItem {
  order: number;
  topic: string;
  presenter?: string;
}

export interface PlannedOccurrence {
  seriesKey: string;
  /** `${seriesKey}@${local date}`: a stable name for the occurrence, e.g. for a record ID. */
  occurrenceKey: string;
  /** ISO instants with the workbook zone's offset. */
  start: string;
  end: string;
  type: string;
  title: string;
  venue?: string;
  host?: string;
  recorder?: string;
  agenda: PlannedAgendaItem[];
}

/** Candidate local dates of the rule from `from` to `to` (inclusive, ISO dates in the zone). */
function candidateDates(rule: RecurrenceRule, from: DateTime, to: DateTime, anchorDate: DateTime): DateTime[] {
  const dates: DateTime[] = [];
  if (rule.kind === 'weekly') {
    // Calendar arithmetic in UTC, where every day has 24 hours; the wall time is applied afterwards.
    const anchorWeek = anchorDate.startOf('week');
    let day = from.startOf('week').plus({ days: rule.weekday - 1 });
    for (; day <= to; day = day.plus({ weeks: 1 })) {
      if (day < from) continue;
      const weeksFromAnchor = Math.round(day.startOf('week').diff(anchorWeek, 'weeks').weeks);
      if (weeksFromAnchor % rule.intervalWeeks === 0) dates.push(day);
    }
    return dates;
  }
  for (let month = from.startOf('month'); month <= to; month = month.plus({ months: 1 })) {
    const day = nthWeekdayOfMonth(month, rule.ordinal, rule.weekday);
    if (day !== undefined && day >= from && day <= to) dates.push(day);
  }
  return dates;
}

function nthWeekdayOfMonth(monthStart: DateTime, ordinal: MonthlyOrdinal, weekday: Weekday): DateTime | undefined {
  if (ordinal === -1) {
    const last = monthStart.endOf('month').startOf('day');
    return last.minus({ days: (last.weekday - weekday + 7) % 7 });
  }
  const first = monthStart.plus({ days: (weekday - monthStart.weekday + 7) % 7 });
  const day = first.plus({ weeks: ordinal - 1 });
  return day.month === monthStart.month ? day : undefined;
}

/**
 * The occurrences of `series` that start from `now` up to `horizonWeeks` weeks ahead and do not exist yet.
 * `existingStarts` are the starts (ISO) of the series' meetings already in the workbook; `holidays` are local
 * ISO dates on which no occurrence is planned.
 */
export function planSeriesOccurrences(
  series: MeetingSeries,
  existingStarts: readonly string[],
  now: DateTime,
  horizonWeeks = 4,
  zone = 'Asia/Shanghai',
  holidays: readonly string[] = [],
): PlannedOccurrence[] {
  const local = now.setZone(zone);
  const anchor = DateTime.fromISO(series.anchor, { zone });
  if (!anchor.isValid || !local.isValid || series.durationMinutes <= 0) return [];
  const windowEnd = local.plus({ weeks: horizonWeeks });
  const utcDate = (t: DateTime) => DateTime.fromISO(t.toISODate()!, { zone: 'UTC' });

  const existingInstants = new Set<number>();
  const existingDates = new Set<string>();
  for (const text of existingStarts) {
    const start = DateTime.fromISO(text, { zone });
    if (!start.isValid) continue;
    existingInstants.add(start.toMillis());
    existingDates.add(start.setZone(zone).toISODate()!);
  }
  const holidaySet = new Set(holidays);
  const [hour, minute] = series.rule.time.split(':').map(Number);
  const from = utcDate(local > anchor ? local : anchor);

  const occurrences: PlannedOccurrence[] = [];
  for (const day of candidateDates(series.rule, from, utcDate(windowEnd), utcDate(anchor))) {
    const date = day.toISODate()!;
    const start = DateTime.fromObject(
      { year: day.year, month: day.month, day: day.day, hour: hour!, minute: minute! },
      { zone },
    );
    if (start < local || start < anchor || start >= windowEnd) continue;
    if (holidaySet.has(date) || existingDates.has(date) || existingInstants.has(start.toMillis())) continue;
    const end = start.plus({ minutes: series.durationMinutes });
    occurrences.push({
      seriesKey: series.key,
      occurrenceKey: `${series.key}@${date}`,
      start: start.toISO({ suppressMilliseconds: true })!,
      end: end.toISO({ suppressMilliseconds: true })!,
      type: series.type,
      title: series.title,
      ...(series.venue !== undefined ? { venue: series.venue } : {}),
      ...(series.host !== undefined ? { host: series.host } : {}),
      ...(series.recorder !== undefined ? { recorder: series.recorder } : {}),
      // The host opens by reviewing the last meeting's decisions (seed 002, 会议开场).
      agenda: [
        {
          order: 1,
          topic: REVIEW_PREVIOUS_DECISIONS_TOPIC,
          ...(series.host !== undefined ? { presenter: series.host } : {}),
        },
      ],
    });
  }
  return occurrences;
}
