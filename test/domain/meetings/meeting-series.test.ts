import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  type MeetingSeries,
  REVIEW_PREVIOUS_DECISIONS_TOPIC,
  parseRecurrence,
  planSeriesOccurrences,
  ruleDurationMinutes,
} from '../../../functions/src/domain/meetings/meeting-series.ts';
import { formatMessage } from '../../../functions/src/domain/messages.ts';

describe('parseRecurrence: accepted forms', () => {
  const cases = [
    { text: 'weekly Mon 09:00', rule: { kind: 'weekly', intervalWeeks: 1, weekday: 1, time: '09:00' } },
    { text: '  Weekly  monday 9:00 ', rule: { kind: 'weekly', intervalWeeks: 1, weekday: 1, time: '09:00' } },
    {
      text: 'weekly Fri 14:30-16:00',
      rule: { kind: 'weekly', intervalWeeks: 1, weekday: 5, time: '14:30', endTime: '16:00' },
    },
    { text: 'every Thursday at 10:00', rule: { kind: 'weekly', intervalWeeks: 1, weekday: 4, time: '10:00' } },
    { text: 'every 2 weeks Tue 10:00', rule: { kind: 'weekly', intervalWeeks: 2, weekday: 2, time: '10:00' } },
    { text: 'biweekly Wed 15:00', rule: { kind: 'weekly', intervalWeeks: 2, weekday: 3, time: '15:00' } },
    { text: 'monthly last Friday 14:00', rule: { kind: 'monthly', ordinal: -1, weekday: 5, time: '14:00' } },
    { text: 'monthly first Mon 09:00', rule: { kind: 'monthly', ordinal: 1, weekday: 1, time: '09:00' } },
    {
      text: 'monthly on the 2nd Tue 09:30-11:00',
      rule: { kind: 'monthly', ordinal: 2, weekday: 2, time: '09:30', endTime: '11:00' },
    },
    { text: '每周一 09:00', rule: { kind: 'weekly', intervalWeeks: 1, weekday: 1, time: '09:00' } },
    {
      text: '每周五 14:30-16:00',
      rule: { kind: 'weekly', intervalWeeks: 1, weekday: 5, time: '14:30', endTime: '16:00' },
    },
    { text: '每星期日 20:00', rule: { kind: 'weekly', intervalWeeks: 1, weekday: 7, time: '20:00' } },
    { text: '每周 周三 9：00', rule: { kind: 'weekly', intervalWeeks: 1, weekday: 3, time: '09:00' } },
    { text: '每两周周二 10:00', rule: { kind: 'weekly', intervalWeeks: 2, weekday: 2, time: '10:00' } },
    { text: '隔周四 10:00', rule: { kind: 'weekly', intervalWeeks: 2, weekday: 4, time: '10:00' } },
    { text: '每月最后一个周五 14:00', rule: { kind: 'monthly', ordinal: -1, weekday: 5, time: '14:00' } },
    {
      text: '每月第一个星期一 09:00至10:30',
      rule: { kind: 'monthly', ordinal: 1, weekday: 1, time: '09:00', endTime: '10:30' },
    },
  ] as const;
  it.each(cases)('reads "$text"', ({ text, rule }) => {
    expect(parseRecurrence(text)).toEqual({ ok: true, rule });
  });

  it('derives the length from an end time', () => {
    const parsed = parseRecurrence('每周五 14:30-16:00');
    expect(parsed.ok && ruleDurationMinutes(parsed.rule)).toBe(90);
  });
});

describe('parseRecurrence: properties', () => {
  const EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const ZH = ['一', '二', '三', '四', '五', '六', '日'];
  it('reads the same rule from the English and the Chinese form of any weekday and time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (day, hour, minute) => {
          const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const en = parseRecurrence(`weekly ${EN[day]} ${time}`);
          expect(en).toEqual({ ok: true, rule: { kind: 'weekly', intervalWeeks: 1, weekday: day + 1, time } });
          expect(parseRecurrence(`每周${ZH[day]} ${time}`)).toEqual(en);
        },
      ),
    );
  });

  it('never throws, whatever is typed', () => {
    fc.assert(fc.property(fc.string(), (text) => typeof parseRecurrence(text).ok === 'boolean'));
  });
});

describe('parseRecurrence: refused forms', () => {
  const cases = [
    { text: '', why: 'empty' },
    { text: 'weekly', why: 'no day or time' },
    { text: 'weekly Mon', why: 'no time' },
    { text: 'weekly Funday 09:00', why: 'no such weekday' },
    { text: 'weekly Mon 25:00', why: 'hour out of range' },
    { text: 'weekly Mon 16:00-14:00', why: 'end before start' },
    { text: 'every 0 weeks Mon 09:00', why: 'zero interval' },
    { text: 'monthly fifth Fri 14:00', why: 'fifth weekday does not exist every month' },
    { text: '每周八 09:00', why: 'no such weekday in Chinese' },
    { text: '每月最后一天 14:00', why: 'a day of the month, not a weekday' },
    { text: 'daily 09:00', why: 'not a meeting cadence we plan' },
  ];
  it.each(cases)('refuses "$text" ($why) with RECURRENCE_INVALID naming the accepted forms', ({ text }) => {
    const parsed = parseRecurrence(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.code).toBe('RECURRENCE_INVALID');
    expect(formatMessage(parsed.code, parsed.params, 'en')).toContain('weekly Mon 09:00');
    expect(formatMessage(parsed.code, parsed.params, 'zh')).toContain('每月最后一个周五 14:00');
  });
});

function series(recurrence: string, extra: Partial<MeetingSeries> = {}): MeetingSeries {
  const parsed = parseRecurrence(recurrence);
  if (!parsed.ok) throw new Error(`bad fixture ${recurrence}`);
  return {
    key: 'SOP-W',
    rule: parsed.rule,
    durationMinutes: 60,
    anchor: '2026-01-05T09:00:00+08:00',
    type: 'weeklySop',
    title: '销售与运营周例会',
    venue: '3F 会议室',
    host: 'li@example.com',
    recorder: 'wang@example.com',
    ...extra,
  };
}

const starts = (list: { start: string }[]) => list.map((o) => o.start);

describe('planSeriesOccurrences', () => {
  const friday = DateTime.fromISO('2026-11-27T10:00', { zone: 'Asia/Shanghai' });

  it('plans the next four weeks of a weekly meeting with the template fields and a first review item', () => {
    const planned = planSeriesOccurrences(series('每周一 09:00'), [], friday);
    expect(starts(planned)).toEqual([
      '2026-11-30T09:00:00+08:00',
      '2026-12-07T09:00:00+08:00',
      '2026-12-14T09:00:00+08:00',
      '2026-12-21T09:00:00+08:00',
    ]);
    expect(planned[0]).toEqual({
      seriesKey: 'SOP-W',
      occurrenceKey: 'SOP-W@2026-11-30',
      start: '2026-11-30T09:00:00+08:00',
      end: '2026-11-30T10:00:00+08:00',
      type: 'weeklySop',
      title: '销售与运营周例会',
      venue: '3F 会议室',
      host: 'li@example.com',
      recorder: 'wang@example.com',
      agenda: [{ order: 1, topic: REVIEW_PREVIOUS_DECISIONS_TOPIC, presenter: 'li@example.com' }],
    });
    expect(REVIEW_PREVIOUS_DECISIONS_TOPIC).toBe('Review of previous decisions / 上次决议跟踪');
  });

  it('is idempotent: planning again with what it planned creates nothing', () => {
    const first = planSeriesOccurrences(series('weekly Mon 09:00'), [], friday);
    expect(planSeriesOccurrences(series('weekly Mon 09:00'), starts(first), friday)).toEqual([]);
  });

  it('recognises an existing start written with another offset as the same instant', () => {
    const planned = planSeriesOccurrences(series('weekly Mon 09:00'), ['2026-11-30T01:00:00Z'], friday);
    expect(starts(planned)[0]).toBe('2026-12-07T09:00:00+08:00');
  });

  it('does not re-create a week whose meeting was moved to another time that day', () => {
    const planned = planSeriesOccurrences(series('weekly Mon 09:00'), ['2026-11-30T14:00:00+08:00'], friday);
    expect(starts(planned)).not.toContain('2026-11-30T09:00:00+08:00');
    expect(planned).toHaveLength(3);
  });

  it('does not plan an occurrence that has already started today', () => {
    const mondayNoon = DateTime.fromISO('2026-11-30T12:00', { zone: 'Asia/Shanghai' });
    expect(starts(planSeriesOccurrences(series('weekly Mon 09:00'), [], mondayNoon))[0]).toBe(
      '2026-12-07T09:00:00+08:00',
    );
  });

  it('skips a holiday instead of moving the meeting', () => {
    const planned = planSeriesOccurrences(series('weekly Mon 09:00'), [], friday, 4, 'Asia/Shanghai', ['2026-12-07']);
    expect(starts(planned)).toEqual([
      '2026-11-30T09:00:00+08:00',
      '2026-12-14T09:00:00+08:00',
      '2026-12-21T09:00:00+08:00',
    ]);
  });

  it('keeps the wall-clock time across a DST change (America/New_York, 1 November 2026)', () => {
    const ny = DateTime.fromISO('2026-10-20T12:00', { zone: 'America/New_York' });
    const planned = planSeriesOccurrences(
      series('weekly Mon 09:00-10:30', { anchor: '2026-01-05T09:00:00-05:00', durationMinutes: 90 }),
      [],
      ny,
      3,
      'America/New_York',
    );
    expect(planned.map((o) => [o.start, o.end])).toEqual([
      ['2026-10-26T09:00:00-04:00', '2026-10-26T10:30:00-04:00'],
      ['2026-11-02T09:00:00-05:00', '2026-11-02T10:30:00-05:00'],
      ['2026-11-09T09:00:00-05:00', '2026-11-09T10:30:00-05:00'],
    ]);
  });

  it('keeps the elapsed duration for a meeting spanning the fall-back hour', () => {
    const ny = DateTime.fromISO('2026-10-25T12:00', { zone: 'America/New_York' });
    const planned = planSeriesOccurrences(
      series('weekly Sun 00:30', { anchor: '2026-01-04T00:30:00-05:00', durationMinutes: 120 }),
      [],
      ny,
      1,
      'America/New_York',
    );
    // 00:30 EDT + 2 h elapsed = 01:30 EST (the clock shows 01:30 after going back an hour).
    expect(planned.map((o) => [o.start, o.end])).toEqual([['2026-11-01T00:30:00-04:00', '2026-11-01T01:30:00-05:00']]);
  });

  it('moves a time the clocks skip to the first time that exists (02:30 on 14 March 2027 in New York)', () => {
    const ny = DateTime.fromISO('2027-03-10T12:00', { zone: 'America/New_York' });
    const planned = planSeriesOccurrences(
      series('weekly Sun 02:30', { anchor: '2027-01-03T02:30:00-05:00' }),
      [],
      ny,
      1,
      'America/New_York',
    );
    expect(starts(planned)).toEqual(['2027-03-14T03:30:00-04:00']);
  });

  it('every 2 weeks counts from the anchor, not from today', () => {
    const anchored = series('every 2 weeks Tue 10:00', { anchor: '2026-11-17T10:00:00+08:00' });
    expect(starts(planSeriesOccurrences(anchored, [], friday, 5))).toEqual([
      '2026-12-01T10:00:00+08:00',
      '2026-12-15T10:00:00+08:00',
      '2026-12-29T10:00:00+08:00',
    ]);
  });

  it('plans nothing before the anchor', () => {
    const later = series('weekly Mon 09:00', { anchor: '2026-12-14T09:00:00+08:00' });
    expect(starts(planSeriesOccurrences(later, [], friday))).toEqual([
      '2026-12-14T09:00:00+08:00',
      '2026-12-21T09:00:00+08:00',
    ]);
  });

  const monthlyCases = [
    {
      recurrence: 'monthly last Friday 14:00',
      expected: ['2026-11-27T14:00:00+08:00', '2026-12-25T14:00:00+08:00', '2027-01-29T14:00:00+08:00'],
    },
    {
      recurrence: '每月第一个周一 09:00',
      expected: ['2026-12-07T09:00:00+08:00', '2027-01-04T09:00:00+08:00', '2027-02-01T09:00:00+08:00'],
    },
  ];
  it.each(monthlyCases)('plans "$recurrence" in each month of the horizon', ({ recurrence, expected }) => {
    expect(starts(planSeriesOccurrences(series(recurrence), [], friday, 10))).toEqual(expected);
  });
});
