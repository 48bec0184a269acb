import fc from 'fast-check';
import { DateTime, FixedOffsetZone, Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  parseSheetDate,
  parseSheetDateTime,
  parseSheetMonth,
} from '../../../functions/src/domain/workbook/date-parsing.ts';
import type { DateParseResult } from '../../../functions/src/domain/workbook/date-parsing.ts';

const SHANGHAI = 'Asia/Shanghai';
const NEW_YORK = 'America/New_York';

function iso(result: DateParseResult): string {
  return result.ok ? (result.value.toISO() ?? 'invalid') : result.code;
}

describe('parseSheetDateTime accepts the forms people type', () => {
  it.each([
    ['ISO without offset is workbook wall-clock time', '2026-11-28T14:00', '2026-11-28T14:00:00.000+08:00'],
    ['ISO with seconds', '2026-11-28T14:00:30', '2026-11-28T14:00:30.000+08:00'],
    ['ISO with milliseconds', '2026-11-28T14:00:30.250', '2026-11-28T14:00:30.250+08:00'],
    ['ISO with the workbook offset', '2026-11-28T14:00:00+08:00', '2026-11-28T14:00:00.000+08:00'],
    ['ISO in UTC is converted to the workbook zone', '2026-11-28T06:00:00Z', '2026-11-28T14:00:00.000+08:00'],
    ['ISO with another offset is converted', '2026-11-28T01:00:00-05:00', '2026-11-28T14:00:00.000+08:00'],
    ['ISO with a compact offset', '2026-11-28T14:00+0800', '2026-11-28T14:00:00.000+08:00'],
    ['slashes and time', '2026/11/28 14:00', '2026-11-28T14:00:00.000+08:00'],
    ['dashes and time', '2026-11-28 14:00', '2026-11-28T14:00:00.000+08:00'],
    ['dots and time', '2026.11.28 14:00', '2026-11-28T14:00:00.000+08:00'],
    ['single-digit month, day and hour', '2026/1/5 9:05', '2026-01-05T09:05:00.000+08:00'],
    ['a date alone means midnight', '2026/11/28', '2026-11-28T00:00:00.000+08:00'],
    ['a 12-hour time with pm', '2026-11-28 2:05 PM', '2026-11-28T14:05:00.000+08:00'],
    ['12 am is midnight', '2026-11-28 12:00 am', '2026-11-28T00:00:00.000+08:00'],
    ['Chinese date', '2026年11月28日', '2026-11-28T00:00:00.000+08:00'],
    ['Chinese date with colon time', '2026年11月28日 14:00', '2026-11-28T14:00:00.000+08:00'],
    ['Chinese date with 时 and 分', '2026年11月28日 14时30分', '2026-11-28T14:30:00.000+08:00'],
    ['Chinese date with 点, no space', '2026年11月28日14点', '2026-11-28T14:00:00.000+08:00'],
    ['Chinese 下午 and 点半', '2026年11月28日 下午2点半', '2026-11-28T14:30:00.000+08:00'],
    ['Chinese 上午', '2026年11月28日上午9点15分', '2026-11-28T09:15:00.000+08:00'],
    ['Chinese with seconds', '2026年11月28日 14时30分15秒', '2026-11-28T14:30:15.000+08:00'],
    ['full-width digits and punctuation', '２０２６／１１／２８　１４：００', '2026-11-28T14:00:00.000+08:00'],
    ['full-width digits in a Chinese date', '２０２６年１１月２８日　１４：３０', '2026-11-28T14:30:00.000+08:00'],
    ['surrounding spaces', '  2026-11-28 14:00  ', '2026-11-28T14:00:00.000+08:00'],
    ['English month name', 'Nov 28, 2026', '2026-11-28T00:00:00.000+08:00'],
    ['English month name and time', '28 November 2026 14:00', '2026-11-28T14:00:00.000+08:00'],
  ])('%s: %j', (_case, input, expected) => {
    expect(iso(parseSheetDateTime(input, SHANGHAI))).toBe(expected);
  });
});

describe('parseSheetDateTime reads Google Sheets serial numbers as wall-clock time in the workbook zone', () => {
  it.each([
    ['a whole day number is midnight', 46354, SHANGHAI, '2026-11-28T00:00:00.000+08:00'],
    ['the fraction is the time of day', 46354.5, SHANGHAI, '2026-11-28T12:00:00.000+08:00'],
    ['14:00 is stored inexactly and rounds to the second', 46354 + 14 / 24, SHANGHAI, '2026-11-28T14:00:00.000+08:00'],
    ['a float just below a minute still lands on it', 46354.60416666666, SHANGHAI, '2026-11-28T14:30:00.000+08:00'],
    [
      'the same number is New York wall-clock time in a New York workbook',
      46354 + 14 / 24,
      NEW_YORK,
      '2026-11-28T14:00:00.000-05:00',
    ],
    ['day 1 is 31 December 1899, refused as out of range', 1, SHANGHAI, 'DATE_OUT_OF_RANGE'],
    ['day 2 is 1 January 1900', 2, 'UTC', '1900-01-01T00:00:00.000Z'],
    ['summer time applies in July in New York', 46204.375, NEW_YORK, '2026-07-01T09:00:00.000-04:00'],
  ])('%s', (_case, serial, zone, expected) => {
    expect(iso(parseSheetDateTime(serial, zone))).toBe(expected);
  });

  it('refuses a serial number that arrives as text, since only Sheets’ own numbers are dates', () => {
    expect(iso(parseSheetDateTime('46354.5', SHANGHAI))).toBe('DATETIME_INVALID');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('refuses %s', (serial) => {
    expect(parseSheetDateTime(serial, SHANGHAI).ok).toBe(false);
  });
});

describe('parseSheetDateTime across time zones and daylight saving', () => {
  it.each([
    ['New York in winter is UTC-5', '2026-01-15 09:00', NEW_YORK, '2026-01-15T09:00:00.000-05:00'],
    ['New York in summer is UTC-4', '2026-07-15 09:00', NEW_YORK, '2026-07-15T09:00:00.000-04:00'],
    ['the morning after spring-forward is UTC-4', '2026-03-08 09:00', NEW_YORK, '2026-03-08T09:00:00.000-04:00'],
    ['just before the jump is still UTC-5', '2026-03-08 01:59', NEW_YORK, '2026-03-08T01:59:00.000-05:00'],
    [
      'a time repeated on fall-back night is read in standard time',
      '2026-11-01 01:30',
      NEW_YORK,
      '2026-11-01T01:30:00.000-05:00',
    ],
    [
      'an explicit offset picks the first 01:30 of fall-back night',
      '2026-11-01T01:30-04:00',
      NEW_YORK,
      '2026-11-01T01:30:00.000-04:00',
    ],
    ['Shanghai has no daylight saving', '2026-07-15 09:00', SHANGHAI, '2026-07-15T09:00:00.000+08:00'],
  ])('%s', (_case, input, zone, expected) => {
    expect(iso(parseSheetDateTime(input, zone))).toBe(expected);
  });

  it('refuses a wall-clock time skipped by spring-forward instead of moving it', () => {
    expect(iso(parseSheetDateTime('2026-03-08 02:30', NEW_YORK))).toBe('TIME_SKIPPED_BY_DST');
  });

  // luxon places a wall time by guessing with the zone's offset *today*: the reading of fall-back night once
  // depended on the season the code ran in. Pin luxon's clock to a summer and a winter day; nothing may change.
  it.each([
    ['in New York summer', '2027-07-15T09:00:00-04:00'],
    ['in New York winter', '2027-01-12T09:00:00-05:00'],
    ['on the night Europe changes its clocks', '2027-03-28T01:30:00Z'],
  ])('reads fall-back night and spring-forward the same whatever the date is (luxon clock %s)', (_when, today) => {
    const real = Settings.now;
    const pinned = DateTime.fromISO(today).toMillis();
    Settings.now = () => pinned;
    try {
      expect(iso(parseSheetDateTime('2026-11-01 01:30', NEW_YORK))).toBe('2026-11-01T01:30:00.000-05:00');
      expect(iso(parseSheetDateTime('2026-10-25 02:30', 'Europe/Berlin'))).toBe('2026-10-25T02:30:00.000+01:00');
      expect(iso(parseSheetDateTime('2026-03-08 02:30', NEW_YORK))).toBe('TIME_SKIPPED_BY_DST');
      expect(iso(parseSheetDateTime('2027-03-28 02:30', 'Europe/Berlin'))).toBe('TIME_SKIPPED_BY_DST');
      expect(iso(parseSheetDateTime('2026-07-01 09:00', NEW_YORK))).toBe('2026-07-01T09:00:00.000-04:00');
      expect(iso(parseSheetDateTime('2026-02-30 09:00', NEW_YORK))).toBe('DATE_NONEXISTENT');
    } finally {
      Settings.now = real;
    }
  });

  it('keeps the date of a skipped time when only the date is wanted', () => {
    expect(iso(parseSheetDate('2026-03-08 02:30', NEW_YORK))).toBe('2026-03-08T00:00:00.000-05:00');
  });

  it('refuses a zone that does not exist', () => {
    expect(iso(parseSheetDateTime('2026-11-28 14:00', 'Asia/Beijing'))).toBe('TIME_ZONE_INVALID');
  });
});

describe('parseSheetDateTime refuses what it cannot read without guessing', () => {
  it.each([
    ['30 February', '2026/02/30', 'DATE_NONEXISTENT'],
    ['29 February in a common year', '2026-02-29', 'DATE_NONEXISTENT'],
    ['month 13', '2026-13-01', 'DATE_NONEXISTENT'],
    ['day 0', '2026-11-00', 'DATE_NONEXISTENT'],
    ['Chinese 31 November', '2026年11月31日', 'DATE_NONEXISTENT'],
    ['hour 25', '2026-11-28 25:00', 'TIME_INVALID'],
    ['minute 60', '2026-11-28 14:60', 'TIME_INVALID'],
    ['24:00', '2026-11-28 24:00', 'TIME_INVALID'],
    ['13 pm', '2026-11-28 13:00 pm', 'TIME_INVALID'],
    ['US order, month first', '11/28/2026', 'DATE_AMBIGUOUS'],
    ['European order, day first', '28/11/2026', 'DATE_AMBIGUOUS'],
    ['either order would be a real date', '03/04/2026', 'DATE_AMBIGUOUS'],
    ['two-digit year', '26/11/28', 'DATE_AMBIGUOUS'],
    ['year last with time', '11/28/2026 14:00', 'DATE_AMBIGUOUS'],
    ['mixed separators', '2026-11/28', 'DATETIME_INVALID'],
    ['a compact date', '20261128', 'DATETIME_INVALID'],
    ['words', 'next Tuesday', 'DATETIME_INVALID'],
    ['an offset without a time', '2026-11-28+08:00', 'DATETIME_INVALID'],
    ['an impossible offset', '2026-11-28T14:00+25:00', 'DATETIME_INVALID'],
    ['a year out of range', '0226-11-28', 'DATE_OUT_OF_RANGE'],
    ['blank text', '   ', 'VALUE_REQUIRED'],
  ])('%s: %j → %s', (_case, input, code) => {
    expect(iso(parseSheetDateTime(input, SHANGHAI))).toBe(code);
  });

  it('reports an empty cell as required', () => {
    expect(iso(parseSheetDateTime(null, SHANGHAI))).toBe('VALUE_REQUIRED');
  });
});

describe('parseSheetDate', () => {
  it.each([
    ['a plain date', '2026-11-28', SHANGHAI, '2026-11-28T00:00:00.000+08:00'],
    ['a Chinese date', '2026年11月28日', SHANGHAI, '2026-11-28T00:00:00.000+08:00'],
    ['a serial number', 46354, SHANGHAI, '2026-11-28T00:00:00.000+08:00'],
    ['a serial number with a time keeps its day', 46354.99, SHANGHAI, '2026-11-28T00:00:00.000+08:00'],
    ['a typed time is dropped', '2026/11/28 14:00', SHANGHAI, '2026-11-28T00:00:00.000+08:00'],
    ['an instant is placed in the zone first', '2026-11-28T23:00:00Z', SHANGHAI, '2026-11-29T00:00:00.000+08:00'],
    [
      'the same instant is still the 28th in New York',
      '2026-11-28T23:00:00Z',
      NEW_YORK,
      '2026-11-28T00:00:00.000-05:00',
    ],
  ])('%s', (_case, input, zone, expected) => {
    expect(iso(parseSheetDate(input, zone))).toBe(expected);
  });

  it.each([
    ['2026/02/30', 'DATE_NONEXISTENT'],
    ['28.11.2026', 'DATE_AMBIGUOUS'],
    ['tomorrow', 'DATE_INVALID'],
  ])('refuses %j with %s', (input, code) => {
    expect(iso(parseSheetDate(input, SHANGHAI))).toBe(code);
  });
});

describe('parseSheetMonth', () => {
  it.each([
    ['2026-11', '2026-11-01T00:00:00.000+08:00'],
    ['2026/3', '2026-03-01T00:00:00.000+08:00'],
    ['2026年11月', '2026-11-01T00:00:00.000+08:00'],
    ['2026年11月份', '2026-11-01T00:00:00.000+08:00'],
    ['２０２６年１１月', '2026-11-01T00:00:00.000+08:00'],
    ['2026-11-28', '2026-11-01T00:00:00.000+08:00'],
    [46354, '2026-11-01T00:00:00.000+08:00'],
    ['2026-13', 'MONTH_INVALID'],
    ['November', 'MONTH_INVALID'],
    ['11/2026', 'MONTH_INVALID'],
  ])('%j → %s', (input, expected) => {
    expect(iso(parseSheetMonth(input, SHANGHAI))).toBe(expected);
  });
});

// ---- properties: whatever we print in an accepted form, we read back ----

const SHEETS_EPOCH = DateTime.fromObject({ year: 1899, month: 12, day: 30 }, { zone: 'UTC' });

function toSerial(value: DateTime): number {
  const day = DateTime.fromObject({ year: value.year, month: value.month, day: value.day }, { zone: 'UTC' });
  return day.diff(SHEETS_EPOCH, 'days').days + (value.hour * 3600 + value.minute * 60) / 86_400;
}

function toFullWidthDigits(text: string): string {
  return text.replace(/[0-9/:\- ]/gu, (ch) => (ch === ' ' ? '\u3000' : String.fromCharCode(ch.charCodeAt(0) + 0xfee0)));
}

const FORMATTERS: ReadonlyArray<readonly [string, (value: DateTime) => string | number]> = [
  ['yyyy-MM-dd HH:mm', (v) => v.toFormat('yyyy-MM-dd HH:mm')],
  ['yyyy/MM/dd HH:mm', (v) => v.toFormat('yyyy/MM/dd HH:mm')],
  ['yyyy/M/d H:mm', (v) => v.toFormat('yyyy/M/d H:mm')],
  ['ISO without offset', (v) => v.toFormat("yyyy-MM-dd'T'HH:mm:ss")],
  ['yyyy年M月d日 HH:mm', (v) => v.toFormat("yyyy'年'M'月'd'日' HH:mm")],
  ['yyyy年M月d日 H时m分', (v) => v.toFormat("yyyy'年'M'月'd'日' H'时'm'分'")],
  ['12-hour clock', (v) => v.toFormat('yyyy-MM-dd h:mm a', { locale: 'en-US' })],
  ['full-width digits', (v) => toFullWidthDigits(v.toFormat('yyyy/MM/dd HH:mm'))],
  ['Sheets serial number', toSerial],
];

/** Minute-precision instants between 1950 and 2150, the precision people type. */
const instants = fc
  .integer({ min: DateTime.utc(1950).toMillis() / 60_000, max: DateTime.utc(2150).toMillis() / 60_000 })
  .map((minutes) => DateTime.fromMillis(minutes * 60_000, { zone: 'UTC' }));

describe('date parsing properties', () => {
  it.each(FORMATTERS)('a Shanghai time printed as %s parses back to the same instant', (_name, format) => {
    fc.assert(
      fc.property(instants, (instant) => {
        const local = instant.setZone(SHANGHAI);
        const result = parseSheetDateTime(format(local), SHANGHAI);
        expect(result.ok && result.value.toMillis()).toBe(local.toMillis());
      }),
    );
  });

  it.each(FORMATTERS)('a New York time printed as %s parses back to the same wall-clock time', (_name, format) => {
    // Without an offset the repeated hour of fall-back night is ambiguous, so the wall clock is what must survive.
    fc.assert(
      fc.property(instants, (instant) => {
        const local = instant.setZone(NEW_YORK);
        const result = parseSheetDateTime(format(local), NEW_YORK);
        expect(result.ok && result.value.toFormat('yyyy-MM-dd HH:mm')).toBe(local.toFormat('yyyy-MM-dd HH:mm'));
      }),
    );
  });

  it.each([SHANGHAI, NEW_YORK, 'UTC', 'Asia/Kolkata'])(
    'ISO with any offset parses back to the same instant in %s',
    (zone) => {
      fc.assert(
        fc.property(instants, fc.integer({ min: -12 * 4, max: 14 * 4 }), (instant, quarterHours) => {
          const text = instant.setZone(FixedOffsetZone.instance(quarterHours * 15)).toISO() ?? '';
          const result = parseSheetDateTime(text, zone);
          expect(result.ok && result.value.toMillis()).toBe(instant.toMillis());
          expect(result.ok && result.value.zoneName).toBe(zone);
        }),
      );
    },
  );

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double(), fc.constant(null)), (input) => {
        const result = parseSheetDateTime(input, SHANGHAI);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});
