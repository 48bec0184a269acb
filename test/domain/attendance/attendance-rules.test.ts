import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ATTENDANCE_POLICY,
  classifyAttendance,
  settleLeaveResult,
  summarizeAttendance,
  validateLeaveRequest,
} from '../../../functions/src/domain/attendance/attendance-rules.ts';
import type {
  AttendanceClassification,
  AttendanceInput,
  AttendanceResult,
} from '../../../functions/src/domain/attendance/attendance-rules.ts';

const SHANGHAI = 'Asia/Shanghai';
const NEW_YORK = 'America/New_York';
const policy = DEFAULT_ATTENDANCE_POLICY;

// A Shanghai afternoon meeting, 14:00–16:00.
const afternoon = { start: '2026-11-28T14:00:00+08:00', end: '2026-11-28T16:00:00+08:00' };

function outcome(classification: AttendanceClassification): unknown {
  if (!classification.ok) return { problems: classification.problems.map((p) => [p.code, p.column]) };
  const { ok: _ok, ...rest } = classification;
  return rest;
}

describe('classifyAttendance: punctuality against a 5-minute grace', () => {
  it.each([
    ['arriving early is on time', '2026-11-28 13:40', undefined, { result: 'onTime' }],
    ['arriving at the start is on time', '2026-11-28 14:00', undefined, { result: 'onTime' }],
    ['exactly 5 minutes late is still on time', '2026-11-28 14:05', undefined, { result: 'onTime' }],
    [
      'one second past the grace is late, counted in started minutes',
      '2026-11-28 14:05:01',
      undefined,
      { result: 'late', lateMinutes: 6 },
    ],
    ['6 minutes late is late', '2026-11-28 14:06', undefined, { result: 'late', lateMinutes: 6 }],
    ['leaving exactly 5 minutes before the end is fine', '2026-11-28 14:00', '2026-11-28 15:55', { result: 'onTime' }],
    [
      'leaving 6 minutes before the end is early',
      '2026-11-28 14:00',
      '2026-11-28 15:54',
      { result: 'leftEarly', earlyMinutes: 6 },
    ],
    ['leaving after the end is fine', '2026-11-28 14:00', '2026-11-28 16:30', { result: 'onTime' }],
    [
      'late and early at once is its own result with both counts',
      '2026-11-28 14:20',
      '2026-11-28 15:30',
      { result: 'lateAndLeftEarly', lateMinutes: 20, earlyMinutes: 30 },
    ],
    ['no check-out is not early leave', '2026-11-28 14:03', undefined, { result: 'onTime' }],
    ['arriving at the end was not being there', '2026-11-28 16:00', undefined, { result: 'absent' }],
    ['leaving at the start was not being there', '2026-11-28 13:30', '2026-11-28 14:00', { result: 'absent' }],
    [
      'check-in as ISO with the workbook offset',
      '2026-11-28T14:10:00+08:00',
      undefined,
      { result: 'late', lateMinutes: 10 },
    ],
    ['check-in as ISO in UTC', '2026-11-28T06:02:00Z', undefined, { result: 'onTime' }],
    ['check-in as a Chinese date', '2026年11月28日 14点10分', undefined, { result: 'late', lateMinutes: 10 }],
  ] as const)('%s', (_name, checkIn, checkOut, expected) => {
    expect(outcome(classifyAttendance({ meeting: afternoon, checkIn, checkOut }, policy, SHANGHAI))).toEqual(expected);
  });

  it.each([
    [
      { lateGraceMinutes: 0, earlyLeaveGraceMinutes: 0 },
      '2026-11-28 14:01',
      '2026-11-28 15:59',
      { result: 'lateAndLeftEarly', lateMinutes: 1, earlyMinutes: 1 },
    ],
    [
      { lateGraceMinutes: 15, earlyLeaveGraceMinutes: 10 },
      '2026-11-28 14:15',
      '2026-11-28 15:50',
      { result: 'onTime' },
    ],
    [
      { lateGraceMinutes: 15, earlyLeaveGraceMinutes: 10 },
      '2026-11-28 14:16',
      '2026-11-28 15:49',
      { result: 'lateAndLeftEarly', lateMinutes: 16, earlyMinutes: 11 },
    ],
    // A broken setting reads as no grace rather than as "everyone is late" or "no one is".
    [
      { lateGraceMinutes: -5, earlyLeaveGraceMinutes: Number.NaN },
      '2026-11-28 14:01',
      '2026-11-28 15:59',
      { result: 'lateAndLeftEarly', lateMinutes: 1, earlyMinutes: 1 },
    ],
  ] as const)('policy %j: in %s, out %s', (custom, checkIn, checkOut, expected) => {
    expect(outcome(classifyAttendance({ meeting: afternoon, checkIn, checkOut }, custom, SHANGHAI))).toEqual(expected);
  });
});

describe('classifyAttendance: time zones, daylight saving and midnight', () => {
  // 23:30–00:30 in Shanghai, ending on the next calendar day.
  const lateNight = { start: '2026-11-28T23:30:00+08:00', end: '2026-11-29T00:30:00+08:00' };
  // 2026-03-08 in New York: clocks jump from 02:00 EST to 03:00 EDT, so 01:30–03:30 lasts one real hour.
  const springForward = { start: '2026-03-08T01:30:00-05:00', end: '2026-03-08T03:30:00-04:00' };
  // 2026-11-01 in New York: 01:00–02:00 happens twice; 00:30–02:00 EST lasts two and a half real hours.
  const fallBack = { start: '2026-11-01T00:30:00-04:00', end: '2026-11-01T02:00:00-05:00' };

  it.each([
    [
      'midnight meeting: full wall times on both days',
      lateNight,
      SHANGHAI,
      '2026-11-28 23:34',
      '2026-11-29 00:30',
      { result: 'onTime' },
    ],
    [
      'midnight meeting: a bare check-out time lands on the next day',
      lateNight,
      SHANGHAI,
      '23:40',
      '00:20',
      { result: 'lateAndLeftEarly', lateMinutes: 10, earlyMinutes: 10 },
    ],
    [
      'midnight meeting: a bare check-in before midnight stays on the first day',
      lateNight,
      SHANGHAI,
      '23:25',
      '00:31',
      { result: 'onTime' },
    ],
    [
      'midnight meeting: arriving after midnight is late across the date line',
      lateNight,
      SHANGHAI,
      '2026-11-29 00:05',
      undefined,
      { result: 'late', lateMinutes: 35 },
    ],
    [
      'Shanghai meeting, check-in typed with a New York offset',
      afternoon,
      SHANGHAI,
      '2026-11-28T01:04:00-05:00',
      undefined,
      { result: 'onTime' },
    ],
    [
      'Shanghai meeting judged from a New York workbook',
      afternoon,
      NEW_YORK,
      '2026-11-28T01:10:00-05:00',
      undefined,
      { result: 'late', lateMinutes: 10 },
    ],
    [
      'Shanghai meeting, wall time read in New York',
      afternoon,
      NEW_YORK,
      '2026-11-28 01:10',
      undefined,
      { result: 'late', lateMinutes: 10 },
    ],
    [
      'spring forward: 03:05 EDT is 35 real minutes after 01:30 EST',
      springForward,
      NEW_YORK,
      '2026-03-08 03:05',
      undefined,
      { result: 'late', lateMinutes: 35 },
    ],
    [
      'spring forward: leaving at 03:00 EDT is 30 minutes early, not 30 past a 2-hour wall span',
      springForward,
      NEW_YORK,
      '2026-03-08 01:30',
      '2026-03-08 03:00',
      { result: 'leftEarly', earlyMinutes: 30 },
    ],
    [
      'fall back: a repeated 01:50 typed as wall time is the second one (EST)',
      fallBack,
      NEW_YORK,
      '2026-11-01 00:30',
      '2026-11-01 01:50',
      { result: 'leftEarly', earlyMinutes: 10 },
    ],
    [
      'fall back: an offset picks the first 01:50 (EDT)',
      fallBack,
      NEW_YORK,
      '2026-11-01 00:30',
      '2026-11-01T01:50:00-04:00',
      { result: 'leftEarly', earlyMinutes: 70 },
    ],
  ] as const)('%s', (_name, meeting, zone, checkIn, checkOut, expected) => {
    expect(outcome(classifyAttendance({ meeting, checkIn, checkOut }, policy, zone))).toEqual(expected);
  });

  it('refuses a wall time skipped by daylight saving', () => {
    const springMeeting = { start: '2026-03-08T01:00:00-05:00', end: '2026-03-08T04:00:00-04:00' };
    expect(
      outcome(classifyAttendance({ meeting: springMeeting, checkIn: '2026-03-08 02:30' }, policy, NEW_YORK)),
    ).toEqual({
      problems: [['TIME_SKIPPED_BY_DST', 'checkIn']],
    });
  });
});

describe('classifyAttendance: absence and leave', () => {
  const requestedBefore = '2026-11-27T18:00:00+08:00';

  it.each<[string, Omit<AttendanceInput, 'meeting'>, unknown]>([
    ['no check-in and no leave is absent', {}, { result: 'absent' }],
    ['blank cells count as missing', { checkIn: '  ', checkOut: '' }, { result: 'absent' }],
    [
      'approved leave whose substitute attended',
      {
        leave: {
          requestedAt: requestedBefore,
          approved: true,
          substitute: 'li.si@example.com',
          substituteAttended: true,
        },
      },
      { result: 'onLeave', substituteAttended: true },
    ],
    [
      'approved leave stays leave when the substitute did not come, and says so',
      {
        leave: {
          requestedAt: requestedBefore,
          approved: true,
          substitute: 'li.si@example.com',
          substituteAttended: false,
        },
      },
      { result: 'onLeave', substituteAttended: false },
    ],
    [
      'approved leave without a request time is judged by the approval',
      { leave: { approved: true } },
      { result: 'onLeave' },
    ],
    [
      'unapproved leave is absent',
      { leave: { requestedAt: requestedBefore, approved: false, substitute: 'li.si@example.com' } },
      { result: 'absent' },
    ],
    [
      'leave asked at the start does not count even if ticked approved',
      { leave: { requestedAt: '2026-11-28 14:00', approved: true } },
      { result: 'absent' },
    ],
    [
      'leave excuses absence, not lateness',
      { checkIn: '2026-11-28 14:30', leave: { requestedAt: requestedBefore, approved: true } },
      { result: 'late', lateMinutes: 30 },
    ],
  ])('%s', (_name, row, expected) => {
    expect(outcome(classifyAttendance({ meeting: afternoon, ...row }, policy, SHANGHAI))).toEqual(expected);
  });
});

describe('settleLeaveResult: an approved leave follows its substitute', () => {
  it.each<[string, Parameters<typeof settleLeaveResult>[0], boolean, AttendanceResult]>([
    [
      'substitute checked in, meeting still running',
      { result: 'onLeave', substituteAttended: true },
      false,
      'onLeaveCovered',
    ],
    ['substitute checked in, meeting over', { result: 'onLeave', substituteAttended: true }, true, 'onLeaveCovered'],
    [
      'substitute not in yet, meeting still running: not known yet',
      { result: 'onLeave', substituteAttended: false },
      false,
      'onLeave',
    ],
    ['substitute never came, meeting over', { result: 'onLeave', substituteAttended: false }, true, 'onLeaveUncovered'],
    ['no substitute known', { result: 'onLeave' }, true, 'onLeave'],
    [
      'someone on leave who came anyway is judged by their times',
      { result: 'late', substituteAttended: false },
      true,
      'late',
    ],
    ['absence is not leave', { result: 'absent', substituteAttended: true }, true, 'absent'],
  ])('%s', (_name, outcome, ended, expected) => {
    expect(settleLeaveResult(outcome, ended)).toBe(expected);
  });
});

describe('classifyAttendance: rows it refuses to judge', () => {
  it.each<[string, AttendanceInput, string, [string, string][]]>([
    [
      'check-out before check-in',
      { meeting: afternoon, checkIn: '2026-11-28 15:00', checkOut: '2026-11-28 14:30' },
      SHANGHAI,
      [['END_NOT_AFTER_START', 'checkOut']],
    ],
    [
      'check-out equal to check-in',
      { meeting: afternoon, checkIn: '2026-11-28 15:00', checkOut: '2026-11-28 15:00' },
      SHANGHAI,
      [['END_NOT_AFTER_START', 'checkOut']],
    ],
    [
      'check-out without check-in',
      { meeting: afternoon, checkOut: '2026-11-28 16:00' },
      SHANGHAI,
      [['CHECK_IN_MISSING', 'checkIn']],
    ],
    [
      'a date without a time says nothing about punctuality',
      { meeting: afternoon, checkIn: '2026-11-28' },
      SHANGHAI,
      [['DATETIME_INVALID', 'checkIn']],
    ],
    [
      'unreadable check-in and check-out both reported',
      { meeting: afternoon, checkIn: 'soon', checkOut: '25:00' },
      SHANGHAI,
      [
        ['DATETIME_INVALID', 'checkIn'],
        ['TIME_INVALID', 'checkOut'],
      ],
    ],
    [
      'a meeting that ends before it starts',
      { meeting: { start: afternoon.end, end: afternoon.start }, checkIn: '2026-11-28 14:00' },
      SHANGHAI,
      [['END_NOT_AFTER_START', 'meeting']],
    ],
    [
      'an unknown zone',
      { meeting: afternoon, checkIn: '2026-11-28 14:00' },
      'Mars/Base',
      [['TIME_ZONE_INVALID', 'status']],
    ],
  ])('%s', (_name, input, zone, expected) => {
    expect(outcome(classifyAttendance(input, policy, zone))).toEqual({ problems: expected });
  });

  it('says which times are wrong in both languages', () => {
    const result = classifyAttendance(
      { meeting: afternoon, checkIn: '2026-11-28 15:00', checkOut: '2026-11-28 14:30' },
      policy,
      SHANGHAI,
    );
    expect(result.ok ? [] : result.problems.map((p) => [p.en, p.zh])).toEqual([
      [
        '"Check-out" (2026-11-28 14:30) must be later than "Check-in" (2026-11-28 15:00); correct one of them.',
        '“签退时间”(2026-11-28 14:30)必须晚于“签到时间”(2026-11-28 15:00),请修改其中一项。',
      ],
    ]);
  });
});

describe('classifyAttendance: properties', () => {
  const ZONES = [SHANGHAI, NEW_YORK, 'UTC', 'Asia/Kolkata', 'Europe/London', 'Australia/Lord_Howe', 'Pacific/Chatham'];
  // 2026 through 2027 in milliseconds, so DST transitions of every listed zone are covered.
  const instant = fc
    .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) })
    .map((ms) => DateTime.fromMillis(ms, { zone: 'UTC' }).startOf('minute'));
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const leave = maybe(
    fc.record({
      requestedAt: maybe(instant),
      approved: fc.boolean(),
      substitute: maybe(fc.constantFrom('li.si@example.com', '')),
      substituteAttended: maybe(fc.boolean()),
    }),
  );
  const row = fc.record({ a: instant, b: instant, checkIn: maybe(instant), checkOut: maybe(instant), leave });
  type RowValue = typeof row extends fc.Arbitrary<infer T> ? T : never;
  const graces = fc.record({
    lateGraceMinutes: fc.integer({ min: 0, max: 30 }),
    earlyLeaveGraceMinutes: fc.integer({ min: 0, max: 30 }),
  });

  function render(r: RowValue, zone: string): AttendanceInput {
    const at = (value: DateTime) => value.setZone(zone).toISO()!;
    return {
      meeting: { start: at(r.a), end: at(r.b) },
      ...(r.checkIn ? { checkIn: at(r.checkIn) } : {}),
      ...(r.checkOut ? { checkOut: at(r.checkOut) } : {}),
      ...(r.leave
        ? { leave: { ...r.leave, requestedAt: r.leave.requestedAt ? at(r.leave.requestedAt) : undefined } }
        : {}),
    };
  }

  it('never throws for any ordering of times, and a result is consistent with its minutes', () => {
    fc.assert(
      fc.property(row, graces, fc.constantFrom(...ZONES), (r, p, zone) => {
        const result = classifyAttendance(render(r, zone), p, zone);
        if (!result.ok) return;
        const late = result.result === 'late' || result.result === 'lateAndLeftEarly';
        const early = result.result === 'leftEarly' || result.result === 'lateAndLeftEarly';
        expect(result.lateMinutes !== undefined).toBe(late);
        expect(result.earlyMinutes !== undefined).toBe(early);
        if (late) expect(result.lateMinutes).toBeGreaterThan(p.lateGraceMinutes);
        if (early) expect(result.earlyMinutes).toBeGreaterThan(p.earlyLeaveGraceMinutes);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same answer when every instant is written in, and judged from, another zone', () => {
    fc.assert(
      fc.property(row, graces, fc.constantFrom(...ZONES), fc.constantFrom(...ZONES), (r, p, zoneA, zoneB) => {
        const a = classifyAttendance(render(r, zoneA), p, zoneA);
        const b = classifyAttendance(render(r, zoneB), p, zoneB);
        expect(a.ok).toBe(b.ok);
        if (a.ok && b.ok) expect(outcome(b)).toEqual(outcome(a));
        else if (!a.ok && !b.ok) expect(b.problems.map((x) => x.code)).toEqual(a.problems.map((x) => x.code));
      }),
      { numRuns: 500 },
    );
  });

  it('reads a check-in typed as wall time like the same instant with its offset', () => {
    fc.assert(
      fc.property(row, graces, fc.constantFrom(...ZONES), (r, p, zone) => {
        fc.pre(r.checkIn !== undefined);
        const local = r.checkIn!.setZone(zone);
        const wall = local.toFormat('yyyy-MM-dd HH:mm');
        // On a fall-back night a repeated wall time means its second occurrence; skip the first one.
        fc.pre(DateTime.fromFormat(wall, 'yyyy-MM-dd HH:mm', { zone }).toMillis() === local.toMillis());
        const withOffset = render(r, zone);
        expect(outcome(classifyAttendance({ ...withOffset, checkIn: wall }, p, zone))).toEqual(
          outcome(classifyAttendance(withOffset, p, zone)),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('validateLeaveRequest', () => {
  const now = DateTime.fromISO('2026-11-27T10:00:00', { zone: SHANGHAI });
  const base = {
    meeting: { start: afternoon.start, hostEmail: 'host@example.com' },
    person: { email: 'zhang.san@example.com', managerEmail: 'boss@example.com' },
    requestedAt: '2026-11-27 09:30',
    substitute: 'li.si@example.com',
  };
  const codes = (input: Parameters<typeof validateLeaveRequest>[0], at: DateTime = now) =>
    validateLeaveRequest(input, at).map((p) => [p.code, p.column]);

  it.each([
    ['a request the day before, with a substitute, pending approval', base],
    ['approved by the meeting host', { ...base, approvedBy: 'host@example.com' }],
    ['approved by the person’s manager, typed in another case', { ...base, approvedBy: ' Boss@Example.com ' }],
    ['requested one minute before the start', { ...base, requestedAt: '2026-11-28 13:59' }],
  ])('accepts %s', (_name, input) => {
    expect(codes(input)).toEqual([]);
  });

  it.each<[string, Parameters<typeof validateLeaveRequest>[0], DateTime, [string, string][]]>([
    [
      'requested exactly at the start',
      { ...base, requestedAt: '2026-11-28 14:00' },
      now,
      [['LEAVE_TOO_LATE', 'leaveRequested']],
    ],
    [
      'requested after the start, with an offset from another zone',
      { ...base, requestedAt: '2026-11-28T01:30:00-05:00' },
      now,
      [['LEAVE_TOO_LATE', 'leaveRequested']],
    ],
    [
      'no request time and the checkbox ticked after the start',
      { ...base, requestedAt: undefined },
      DateTime.fromISO('2026-11-28T14:20:00', { zone: SHANGHAI }),
      [['LEAVE_TOO_LATE', 'leaveRequested']],
    ],
    ['no substitute', { ...base, substitute: undefined }, now, [['LEAVE_NO_SUBSTITUTE', 'substitute']]],
    ['a blank substitute', { ...base, substitute: '  ' }, now, [['LEAVE_NO_SUBSTITUTE', 'substitute']]],
    [
      'the substitute is the person',
      { ...base, substitute: 'Zhang.San@example.com' },
      now,
      [['LEAVE_SUBSTITUTE_IS_SELF', 'substitute']],
    ],
    [
      'approved by a colleague',
      { ...base, approvedBy: 'li.si@example.com' },
      now,
      [['LEAVE_WRONG_APPROVER', 'leaveApproved']],
    ],
    [
      'approved by themselves',
      { ...base, approvedBy: 'zhang.san@example.com' },
      now,
      [['LEAVE_SELF_APPROVED', 'leaveApproved']],
    ],
    [
      'a host asking leave of their own meeting still cannot approve it',
      {
        ...base,
        person: { email: 'host@example.com', managerEmail: 'boss@example.com' },
        approvedBy: 'host@example.com',
      },
      now,
      [['LEAVE_SELF_APPROVED', 'leaveApproved']],
    ],
    [
      'everything wrong at once is reported at once',
      { ...base, requestedAt: '2026-11-28 15:00', substitute: undefined, approvedBy: 'li.si@example.com' },
      now,
      [
        ['LEAVE_TOO_LATE', 'leaveRequested'],
        ['LEAVE_NO_SUBSTITUTE', 'substitute'],
        ['LEAVE_WRONG_APPROVER', 'leaveApproved'],
      ],
    ],
    [
      'an unreadable request time',
      { ...base, requestedAt: 'yesterday' },
      now,
      [['DATETIME_INVALID', 'leaveRequested']],
    ],
  ])('refuses %s', (_name, input, at, expected) => {
    expect(codes(input, at)).toEqual(expected);
  });

  it('names who may approve, in both languages', () => {
    const [message] = validateLeaveRequest({ ...base, approvedBy: 'li.si@example.com' }, now);
    expect(message?.en).toBe(
      "li.si@example.com cannot approve this leave: only the meeting host (host@example.com) or the person's " +
        'manager (boss@example.com) may approve it.',
    );
    expect(message?.zh).toBe(
      'li.si@example.com 无权批准此请假:只有会议主持人(host@example.com)或请假人的上级(boss@example.com)可以批准。',
    );
  });

  it('tells where to set an approver when neither host nor manager is known', () => {
    const [message] = validateLeaveRequest(
      {
        ...base,
        meeting: { start: afternoon.start },
        person: { email: 'zhang.san@example.com' },
        approvedBy: 'li.si@example.com',
      },
      now,
    );
    expect(message?.en).toContain('fill in "Host" on the Meetings tab or "Manager" on the People tab');
    expect(message?.zh).toContain('请在“会议”表填写“主持人”或在“人员”表填写“上级”');
  });

  it('quotes the request and start times in the workbook zone', () => {
    const [message] = validateLeaveRequest({ ...base, requestedAt: '2026-11-28T01:30:00-05:00' }, now);
    expect(message?.en).toBe(
      'Leave was requested at 2026-11-28 14:30, but the meeting started at 2026-11-28 14:00: leave must be ' +
        'requested before the meeting starts, so this counts as an absence.',
    );
  });
});

describe('summarizeAttendance', () => {
  const rows = (...results: AttendanceResult[]) => results.map((result) => ({ result }));

  it.each([
    [
      'no rows',
      rows(),
      {
        total: 0,
        onTime: 0,
        late: 0,
        leftEarly: 0,
        lateAndLeftEarly: 0,
        absent: 0,
        onLeave: 0,
        leaveUncovered: 0,
        attendanceRate: null,
      },
    ],
    [
      'everyone on time',
      rows('onTime', 'onTime'),
      {
        total: 2,
        onTime: 2,
        late: 0,
        leftEarly: 0,
        lateAndLeftEarly: 0,
        absent: 0,
        onLeave: 0,
        leaveUncovered: 0,
        attendanceRate: 1,
      },
    ],
    [
      'late and early counted as both breaches; leave and absence not in the room',
      rows('onTime', 'late', 'leftEarly', 'lateAndLeftEarly', 'absent', 'onLeave', 'onTime', 'onTime'),
      {
        total: 8,
        onTime: 3,
        late: 2,
        leftEarly: 2,
        lateAndLeftEarly: 1,
        absent: 1,
        onLeave: 1,
        leaveUncovered: 0,
        attendanceRate: 0.75,
      },
    ],
    [
      'every leave counts as leave, whether or not the substitute came; uncovered ones are counted apart',
      rows('onTime', 'onLeave', 'onLeaveCovered', 'onLeaveUncovered'),
      {
        total: 4,
        onTime: 1,
        late: 0,
        leftEarly: 0,
        lateAndLeftEarly: 0,
        absent: 0,
        onLeave: 3,
        leaveUncovered: 1,
        attendanceRate: 0.25,
      },
    ],
  ])('%s', (_name, input, expected) => {
    expect(summarizeAttendance(input)).toEqual(expected);
  });

  it('accepts classification results directly', () => {
    const results = [
      classifyAttendance({ meeting: afternoon, checkIn: '2026-11-28 14:00' }, policy, SHANGHAI),
      classifyAttendance({ meeting: afternoon }, policy, SHANGHAI),
    ].flatMap((r) => (r.ok ? [r] : []));
    expect(summarizeAttendance(results)).toMatchObject({ total: 2, onTime: 1, absent: 1, attendanceRate: 0.5 });
  });
});
