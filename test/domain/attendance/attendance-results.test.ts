import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  type MeetingTimes,
  type SavedAttendance,
  attendanceFinalizationKey,
  peopleOnLeave,
  planResultCells,
  recomputeMeetingAttendance,
} from '../../../functions/src/domain/attendance/attendance-results.ts';
import type { WorkbookLanguage } from '../../../functions/src/domain/messages.ts';

const SHANGHAI = 'Asia/Shanghai';
const NEW_YORK = 'America/New_York';
const HOST = 'host@example.com';
const BOSS = 'boss@example.com';

// A Shanghai afternoon meeting, 14:00–16:00.
const afternoon: MeetingTimes = {
  id: 'M-AFTERNOON',
  start: '2026-11-28T14:00:00+08:00',
  end: '2026-11-28T16:00:00+08:00',
  host: HOST,
};
const dayBefore = '2026-11-27T18:00:00+08:00';

function row(
  id: string,
  person: string,
  fields: Record<string, unknown> = {},
  meeting: MeetingTimes = afternoon,
): SavedAttendance {
  return { id, data: { meeting: meeting.id, person, ...fields } };
}

function leave(substitute: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    leaveRequested: true,
    leaveApproved: true,
    substitute,
    leaveRequestedAt: dayBefore,
    leaveApprovedBy: HOST,
    ...extra,
  };
}

const roster: SavedAttendance[] = [
  row('AT-ONTIME', 'a@example.com', { checkIn: '2026-11-28T14:02:00+08:00', result: 'onTime' }),
  row('AT-UNTOUCHED', 'b@example.com'),
  row('AT-COVERED', 'c@example.com', { ...leave('d@example.com'), result: 'onLeave' }),
  row('AT-SUB', 'D@example.com', { checkIn: '2026-11-28T14:20:00+08:00', result: 'late' }),
  row('AT-UNCOVERED', 'e@example.com', { ...leave('f@example.com'), result: 'onLeave' }),
  row('AT-SUB-ABSENT', 'f@example.com'),
  // Approved by the person's manager (from People), not by the host.
  row('AT-BY-MANAGER', 'g@example.com', { ...leave('a@example.com', { leaveApprovedBy: BOSS }), result: 'onLeave' }),
  // Saved before the rules kept the request time: judged now, the request is after the start, so refused.
  row('AT-NO-REQUEST-TIME', 'h@example.com', {
    leaveRequested: true,
    leaveApproved: true,
    substitute: 'a@example.com',
    result: 'onLeave',
  }),
  // An approver who is no longer host or manager: refused, left as it is.
  row('AT-WRONG-APPROVER', 'i@example.com', {
    ...leave('a@example.com', { leaveApprovedBy: 'someone@example.com' }),
    result: 'onLeave',
  }),
];
const managers = new Map([['g@example.com', BOSS]]);

function recompute(
  meeting: MeetingTimes,
  records: SavedAttendance[],
  at: string,
  zone: string,
  language: WorkbookLanguage = 'en',
) {
  return recomputeMeetingAttendance(meeting, records, managers, {
    now: DateTime.fromISO(at, { zone }),
    timeZone: zone,
    language,
  });
}

describe('recomputeMeetingAttendance: a meeting roster at a given moment', () => {
  it.each<[string, string, Record<string, string>, boolean]>([
    [
      'during the meeting: nobody is absent yet; a leave is covered as soon as the substitute has checked in',
      '2026-11-28T15:00:00+08:00',
      {
        'AT-ONTIME': 'onTime',
        'AT-UNTOUCHED': '',
        'AT-COVERED': 'onLeaveCovered',
        'AT-SUB': 'late',
        'AT-UNCOVERED': 'onLeave',
        'AT-SUB-ABSENT': '',
        'AT-BY-MANAGER': 'onLeaveCovered',
      },
      false,
    ],
    [
      'one second before the end: still not known',
      '2026-11-28T15:59:59+08:00',
      {
        'AT-ONTIME': 'onTime',
        'AT-UNTOUCHED': '',
        'AT-COVERED': 'onLeaveCovered',
        'AT-SUB': 'late',
        'AT-UNCOVERED': 'onLeave',
        'AT-SUB-ABSENT': '',
        'AT-BY-MANAGER': 'onLeaveCovered',
      },
      false,
    ],
    [
      'at the end: the untouched rows are absent and the uncovered leave says so',
      '2026-11-28T16:00:00+08:00',
      {
        'AT-ONTIME': 'onTime',
        'AT-UNTOUCHED': 'absent',
        'AT-COVERED': 'onLeaveCovered',
        'AT-SUB': 'late',
        'AT-UNCOVERED': 'onLeaveUncovered',
        'AT-SUB-ABSENT': 'absent',
        'AT-BY-MANAGER': 'onLeaveCovered',
      },
      true,
    ],
  ])('%s', (_name, at, expected, ended) => {
    const outcome = recompute(afternoon, roster, at, SHANGHAI);
    expect(Object.fromEntries(outcome.rows.map((r) => [r.id, r.result]))).toEqual(expected);
    expect([...outcome.refused].sort()).toEqual(['AT-NO-REQUEST-TIME', 'AT-WRONG-APPROVER']);
    expect(outcome.ended).toBe(ended);
    const previous = new Map(roster.map((r) => [r.id, (r.data.result as string | undefined) ?? '']));
    expect(outcome.changed.map((r) => r.id).sort()).toEqual(
      Object.keys(expected)
        .filter((id) => expected[id] !== previous.get(id))
        .sort(),
    );
  });

  it('keeps the request time and approver saved on the record (it never re-stamps them with now)', () => {
    const outcome = recompute(afternoon, roster, '2026-11-28T16:30:00+08:00', SHANGHAI);
    expect(outcome.rows.find((r) => r.id === 'AT-COVERED')).toMatchObject({
      previous: 'onLeave',
      result: 'onLeaveCovered',
    });
  });

  it.each<[WorkbookLanguage, Record<string, string>]>([
    [
      'en',
      {
        'AT-UNTOUCHED': 'absent',
        'AT-COVERED': 'on leave, substitute attended',
        'AT-UNCOVERED': 'on leave, substitute absent',
      },
    ],
    ['zh', { 'AT-UNTOUCHED': '缺席', 'AT-COVERED': '请假（代理人已出席）', 'AT-UNCOVERED': '请假（代理人未出席）' }],
    [
      'mixed',
      {
        'AT-UNTOUCHED': '缺席 absent',
        'AT-COVERED': '请假（代理人已出席） on leave, substitute attended',
        'AT-UNCOVERED': '请假（代理人未出席） on leave, substitute absent',
      },
    ],
  ])('labels the Result cell in the workbook language (%s)', (language, expected) => {
    const outcome = recompute(afternoon, roster, '2026-11-28T17:00:00+08:00', SHANGHAI, language);
    const labels = Object.fromEntries(outcome.rows.map((r) => [r.id, r.label]));
    expect(labels).toMatchObject(expected);
    expect(labels['AT-SUB-ABSENT']).toBe(expected['AT-UNTOUCHED']);
  });

  it('shows no label while a result is not known yet', () => {
    const outcome = recompute(afternoon, roster, '2026-11-28T15:00:00+08:00', SHANGHAI, 'zh');
    expect(outcome.rows.find((r) => r.id === 'AT-UNTOUCHED')?.label).toBe('');
  });

  // New York, 23:30–00:30 across midnight (and a date change between start and end).
  const lateNight: MeetingTimes = {
    id: 'M-NIGHT',
    start: '2026-11-27T23:30:00-05:00',
    end: '2026-11-28T00:30:00-05:00',
    host: HOST,
  };
  const night = [
    row('AT-N-LATE', 'a@example.com', { checkIn: '2026-11-28T00:10:00-05:00' }, lateNight),
    row('AT-N-UNTOUCHED', 'b@example.com', {}, lateNight),
    row(
      'AT-N-LEAVE',
      'c@example.com',
      leave('b@example.com', { leaveRequestedAt: '2026-11-27T12:00:00-05:00' }),
      lateNight,
    ),
  ];
  it.each<[string, string, Record<string, string>, boolean]>([
    [
      'after midnight, before the end',
      '2026-11-28T00:20:00',
      { 'AT-N-LATE': 'late', 'AT-N-UNTOUCHED': '', 'AT-N-LEAVE': 'onLeave' },
      false,
    ],
    [
      'at the end, on the next calendar day',
      '2026-11-28T00:30:00',
      { 'AT-N-LATE': 'late', 'AT-N-UNTOUCHED': 'absent', 'AT-N-LEAVE': 'onLeaveUncovered' },
      true,
    ],
    [
      'the same instant seen from Shanghai time is still before the end',
      '2026-11-28T13:29:00+08:00',
      { 'AT-N-LATE': 'late', 'AT-N-UNTOUCHED': '', 'AT-N-LEAVE': 'onLeave' },
      false,
    ],
  ])('a midnight-spanning New York meeting: %s', (_name, at, expected, ended) => {
    const outcome = recompute(lateNight, night, at, NEW_YORK);
    expect(Object.fromEntries(outcome.rows.map((r) => [r.id, r.result]))).toEqual(expected);
    expect(outcome.refused).toEqual([]);
    expect(outcome.ended).toBe(ended);
  });

  it('ignores records of other meetings and records without a person', () => {
    const other = row('AT-OTHER', 'z@example.com', {}, { ...afternoon, id: 'M-OTHER' });
    const outcome = recompute(
      afternoon,
      [other, { id: 'AT-NOBODY', data: { meeting: afternoon.id } }, roster[1]!],
      '2026-11-28T17:00:00+08:00',
      SHANGHAI,
    );
    expect(outcome.rows.map((r) => r.id)).toEqual(['AT-UNTOUCHED']);
  });
});

describe('attendanceFinalizationKey and peopleOnLeave', () => {
  it('keys a meeting by its times, so moving it reopens it', () => {
    expect(attendanceFinalizationKey(afternoon)).toBe('2026-11-28T14:00:00+08:00/2026-11-28T16:00:00+08:00');
    expect(attendanceFinalizationKey({ ...afternoon, end: '2026-11-28T17:00:00+08:00' })).not.toBe(
      attendanceFinalizationKey(afternoon),
    );
  });

  it('names only the people who asked for leave, once, in lower case', () => {
    expect(peopleOnLeave([...roster, row('AT-AGAIN', ' C@Example.com ', leave('d@example.com'))])).toEqual([
      'c@example.com',
      'e@example.com',
      'g@example.com',
      'h@example.com',
      'i@example.com',
    ]);
  });
});

describe('planResultCells: which Result cells to write', () => {
  const labels = new Map([
    ['AT-1', '缺席'],
    ['AT-2', '请假（代理人已出席）'],
    ['AT-3', ''],
  ]);
  it.each<[string, { row: number; id: unknown; result: unknown }[], [number, string][]]>([
    ['a row showing another result gets the label', [{ row: 2, id: 'AT-1', result: '' }], [[2, '缺席']]],
    [
      'a row already showing the label is left alone',
      [
        { row: 2, id: 'AT-1', result: '缺席' },
        { row: 3, id: 'AT-2', result: ' 请假（代理人已出席） ' },
      ],
      [],
    ],
    [
      'rows are found by ID wherever they moved',
      [
        { row: 9, id: 'AT-2', result: '请假' },
        { row: 4, id: 'AT-1', result: null },
      ],
      [
        [9, '请假（代理人已出席）'],
        [4, '缺席'],
      ],
    ],
    ['an ID typed with spaces still matches', [{ row: 5, id: ' AT-1 ', result: undefined }], [[5, '缺席']]],
    [
      'rows of other records, blank or numeric IDs are not touched',
      [
        { row: 2, id: 'AT-9', result: '' },
        { row: 3, id: undefined, result: '' },
        { row: 4, id: 42, result: 'x' },
      ],
      [],
    ],
    ['a result no longer known clears a stale cell', [{ row: 6, id: 'AT-3', result: '缺席' }], [[6, '']]],
    [
      'a row copied with its ID shows the same record',
      [
        { row: 2, id: 'AT-1', result: '' },
        { row: 7, id: 'AT-1', result: '准时' },
      ],
      [
        [2, '缺席'],
        [7, '缺席'],
      ],
    ],
  ])('%s', (_name, cells, expected) => {
    const writes = planResultCells(cells, labels);
    expect(writes.map((w) => [w.row, w.computed?.result])).toEqual(expected);
  });
});

describe('recomputeMeetingAttendance: grace minutes from the Settings tab', () => {
  const arrivedAt1412 = [row('AT-LATE?', 'a@example.com', { checkIn: '2026-11-28T14:12:00+08:00' })];
  it.each([
    { name: 'the default 5 minutes: late', policy: undefined, result: 'late' },
    {
      name: '15 minutes of grace: on time',
      policy: { lateGraceMinutes: 15, earlyLeaveGraceMinutes: 5 },
      result: 'onTime',
    },
    { name: 'no grace at all: late', policy: { lateGraceMinutes: 0, earlyLeaveGraceMinutes: 0 }, result: 'late' },
  ])('$name', ({ policy, result }) => {
    const outcome = recomputeMeetingAttendance(afternoon, arrivedAt1412, managers, {
      now: DateTime.fromISO('2026-11-28T17:00:00+08:00'),
      timeZone: SHANGHAI,
      language: 'en',
      ...(policy ? { policy } : {}),
    });
    expect(outcome.changed.map((r) => r.result)).toEqual([result]);
  });
});
