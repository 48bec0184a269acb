// Attendance discipline (seed 000: 不迟到、不早退) and leave (seed 002: ask the host before the meeting, send
// someone in your place). Pure: times arrive as text, the workbook zone and `now` are parameters.
//
// Decisions:
// - Late means strictly more than the grace after the start: with 5 minutes' grace, arriving at 14:05:00 is on
//   time and 14:05:01 is late. Early leave mirrors it against the end. Arriving before the start is on time;
//   leaving after the end is fine.
// - Minutes late/early are counted in started minutes (rounded up), so a late result always shows more minutes
//   than the grace: 5 min 1 s late reads "6", never a confusing "5".
// - Late and left early is its own result, `lateAndLeftEarly`, carrying both minute counts; the Result column
//   offers it as 迟到且早退. Folding it into `late` would hide the early leave from the Summary.
// - No check-out is not early leave: many meetings do not sign people out, and a missing record is no evidence.
//   A check-out without a check-in is refused (CHECK_IN_MISSING) rather than guessed either way.
// - Someone whose presence does not overlap the meeting (arrived at or after the end, left at or before the
//   start) was not in the meeting: absent.
// - Approved leave excuses absence, not lateness: whoever checks in is classified by their times even with
//   leave. A leave asked at or after the start does not count (LEAVE_TOO_LATE), whatever the approval box says.
// - classifyAttendance keeps an approved leave `onLeave` and reports `substituteAttended`; whether the
//   substitute came is the caller's lookup (their own row). settleLeaveResult turns it into `onLeaveCovered`
//   (the substitute checked in) or, once the meeting has ended without them, `onLeaveUncovered`.
// - Times are read like every datetime cell (ISO with an offset is an instant; text without one is wall time in
//   the workbook zone). A bare time of day ("00:20") is placed on the day that puts it nearest the meeting, so
//   a 23:30–00:30 meeting signed out at "00:20" ends the next day, as meant.
import type { DateTime } from 'luxon';
import { isValidTimeZone, parseSheetDateTime } from '../workbook/date-parsing.ts';
import type { ErrorCode } from '../errors.ts';
import { formatMessage } from '../messages.ts';
import type { Localized, MessageParams } from '../messages.ts';
import type { RowMessage } from '../workbook/row-schemas.ts';
import { type ATTENDANCE_RESULT_OPTIONS, getColumn, getTab, labelOf } from '../workbook/workbook-schema.ts';

export type AttendanceResult = (typeof ATTENDANCE_RESULT_OPTIONS)[number]['key'];

export interface AttendancePolicy {
  /** Minutes after the start that still count as on time. */
  readonly lateGraceMinutes: number;
  /** Minutes before the end one may leave without it counting as early leave. */
  readonly earlyLeaveGraceMinutes: number;
}

export const DEFAULT_ATTENDANCE_POLICY: AttendancePolicy = { lateGraceMinutes: 5, earlyLeaveGraceMinutes: 5 };

export interface LeaveInput {
  /** When the leave was asked for; without it the leave is judged by its approval alone. */
  readonly requestedAt?: string;
  /** True only when validateLeaveRequest found nothing wrong with the approval. */
  readonly approved: boolean;
  readonly substitute?: string;
  readonly substituteAttended?: boolean;
}

export interface AttendanceInput {
  /** The canonical meeting's times (ISO with offset). */
  readonly meeting: { readonly start: string; readonly end: string };
  readonly checkIn?: string;
  readonly checkOut?: string;
  readonly leave?: LeaveInput;
}

export interface AttendanceOutcome {
  readonly result: AttendanceResult;
  /** Present for `late` and `lateAndLeftEarly`. */
  readonly lateMinutes?: number;
  /** Present for `leftEarly` and `lateAndLeftEarly`. */
  readonly earlyMinutes?: number;
  /** Present when a leave names a substitute and the caller knows whether they came. */
  readonly substituteAttended?: boolean;
}

export type AttendanceClassification =
  | ({ readonly ok: true } & AttendanceOutcome)
  | { readonly ok: false; readonly problems: readonly RowMessage[] };

const ATTENDANCE_TAB = getTab('attendance');
const MEETINGS_TAB = getTab('meetings');

function columnLabel(tabKey: 'attendance' | 'meetings', key: string): Localized {
  const column = getColumn(tabKey === 'attendance' ? ATTENDANCE_TAB : MEETINGS_TAB, key);
  return column ? labelOf(column) : { en: key, zh: key };
}

function problem(code: ErrorCode, column: string, params: MessageParams): RowMessage {
  return { code, column, en: formatMessage(code, params, 'en'), zh: formatMessage(code, params, 'zh') };
}

function display(value: DateTime): string {
  return value.toFormat(value.second === 0 ? 'yyyy-MM-dd HH:mm' : 'yyyy-MM-dd HH:mm:ss');
}

function isBlank(text: string | undefined): text is undefined {
  return text === undefined || text.trim() === '';
}

type TimeRead = { readonly ok: true; readonly value: DateTime } | { readonly ok: false; readonly code: ErrorCode };

const TIME_OF_DAY = /^(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$/u;

/** An instant typed in a cell; a date without a time is refused because it says nothing about punctuality. */
function readInstant(text: string, zone: string): TimeRead {
  const parsed = parseSheetDateTime(text, zone);
  if (!parsed.ok) return parsed;
  return parsed.hasTime ? { ok: true, value: parsed.value } : { ok: false, code: 'DATETIME_INVALID' };
}

function distanceToWindow(value: DateTime, start: DateTime, end: DateTime): number {
  if (value < start) return start.diff(value).as('milliseconds');
  if (value > end) return value.diff(end).as('milliseconds');
  return 0;
}

/** A check-in/out cell: a full date and time, or a bare time of day placed on the day nearest the meeting. */
function readAttendanceTime(text: string, zone: string, start: DateTime, end: DateTime): TimeRead {
  const trimmed = text.normalize('NFKC').trim();
  if (!TIME_OF_DAY.test(trimmed)) return readInstant(trimmed, zone);
  const meetingDay = start.setZone(zone).startOf('day');
  let best: DateTime | undefined;
  let firstFailure: ErrorCode = 'TIME_INVALID';
  // The day before matters too: a meeting starting 00:10 may be joined at "23:58" the evening before.
  for (const days of [0, -1, 1]) {
    const candidate = readInstant(`${meetingDay.plus({ days }).toISODate()} ${trimmed}`, zone);
    if (!candidate.ok) {
      if (days === 0) firstFailure = candidate.code;
      continue;
    }
    if (best === undefined || distanceToWindow(candidate.value, start, end) < distanceToWindow(best, start, end))
      best = candidate.value;
  }
  return best ? { ok: true, value: best } : { ok: false, code: firstFailure };
}

function graceMinutes(value: number): number {
  // A misconfigured negative or NaN grace must not make everyone late or no one late; zero is the strict reading.
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** Whole started minutes between two instants (b after a). */
function startedMinutes(from: DateTime, to: DateTime): number {
  return Math.ceil(to.diff(from).as('minutes'));
}

function readMeeting(
  input: AttendanceInput,
  zone: string,
): { ok: true; start: DateTime; end: DateTime } | { ok: false; problems: RowMessage[] } {
  const problems: RowMessage[] = [];
  const times: Partial<Record<'start' | 'end', DateTime>> = {};
  for (const key of ['start', 'end'] as const) {
    const read = readInstant(input.meeting[key], zone);
    if (read.ok) times[key] = read.value;
    else
      problems.push(
        problem(read.code, 'meeting', { column: columnLabel('meetings', key), value: input.meeting[key], zone }),
      );
  }
  const { start, end } = times;
  if (start === undefined || end === undefined) return { ok: false, problems };
  if (end <= start) {
    return {
      ok: false,
      problems: [
        problem('END_NOT_AFTER_START', 'meeting', {
          column: columnLabel('meetings', 'end'),
          value: display(end),
          otherColumn: columnLabel('meetings', 'start'),
          otherValue: display(start),
        }),
      ],
    };
  }
  return { ok: true, start, end };
}

/**
 * The result of one Attendance row: on time, late, left early, both, absent or on leave — or the problems that
 * keep the row from being judged (unreadable times, check-out not after check-in, check-out without check-in).
 */
export function classifyAttendance(
  input: AttendanceInput,
  policy: AttendancePolicy,
  zone: string,
): AttendanceClassification {
  if (!isValidTimeZone(zone)) return { ok: false, problems: [problem('TIME_ZONE_INVALID', 'status', { zone })] };
  const meeting = readMeeting(input, zone);
  if (!meeting.ok) return { ok: false, problems: meeting.problems };
  const { start, end } = meeting;

  const problems: RowMessage[] = [];
  const readCell = (key: 'checkIn' | 'checkOut', text: string | undefined): DateTime | undefined => {
    if (isBlank(text)) return undefined;
    const read = readAttendanceTime(text, zone, start, end);
    if (read.ok) return read.value;
    problems.push(problem(read.code, key, { column: columnLabel('attendance', key), value: text.trim(), zone }));
    return undefined;
  };
  const checkIn = readCell('checkIn', input.checkIn);
  const checkOut = readCell('checkOut', input.checkOut);
  const leave = input.leave;
  let leaveRequestedAt: DateTime | undefined;
  if (leave && !isBlank(leave.requestedAt)) {
    const read = readInstant(leave.requestedAt, zone);
    if (read.ok) leaveRequestedAt = read.value;
    else
      problems.push(
        problem(read.code, 'leaveRequested', {
          column: columnLabel('attendance', 'leaveRequested'),
          value: leave.requestedAt,
          zone,
        }),
      );
  }
  if (problems.length > 0) return { ok: false, problems };

  if (checkOut && !checkIn) {
    return {
      ok: false,
      problems: [
        problem('CHECK_IN_MISSING', 'checkIn', {
          column: columnLabel('attendance', 'checkIn'),
          otherColumn: columnLabel('attendance', 'checkOut'),
        }),
      ],
    };
  }
  if (checkIn && checkOut && checkOut <= checkIn) {
    return {
      ok: false,
      problems: [
        problem('END_NOT_AFTER_START', 'checkOut', {
          column: columnLabel('attendance', 'checkOut'),
          value: display(checkOut.setZone(zone)),
          otherColumn: columnLabel('attendance', 'checkIn'),
          otherValue: display(checkIn.setZone(zone)),
        }),
      ],
    };
  }

  const substitute =
    leave && !isBlank(leave.substitute) && leave.substituteAttended !== undefined
      ? { substituteAttended: leave.substituteAttended }
      : {};
  const leaveCounts = leave?.approved === true && (leaveRequestedAt === undefined || leaveRequestedAt < start);

  if (!checkIn) return { ok: true, result: leaveCounts ? 'onLeave' : 'absent', ...substitute };
  if (checkIn >= end || (checkOut !== undefined && checkOut <= start))
    return { ok: true, result: 'absent', ...substitute };

  const lateMinutes =
    checkIn.diff(start).as('minutes') > graceMinutes(policy.lateGraceMinutes)
      ? startedMinutes(start, checkIn)
      : undefined;
  const earlyMinutes =
    checkOut !== undefined && end.diff(checkOut).as('minutes') > graceMinutes(policy.earlyLeaveGraceMinutes)
      ? startedMinutes(checkOut, end)
      : undefined;
  if (lateMinutes !== undefined && earlyMinutes !== undefined)
    return { ok: true, result: 'lateAndLeftEarly', lateMinutes, earlyMinutes, ...substitute };
  if (lateMinutes !== undefined) return { ok: true, result: 'late', lateMinutes, ...substitute };
  if (earlyMinutes !== undefined) return { ok: true, result: 'leftEarly', earlyMinutes, ...substitute };
  return { ok: true, result: 'onTime', ...substitute };
}

/**
 * The Result of an approved leave once the substitute is known: covered as soon as they have checked in,
 * uncovered when the meeting has ended without them, plain `onLeave` until then (and when no substitute is
 * known). Every other result is returned as it is.
 */
export function settleLeaveResult(
  outcome: Pick<AttendanceOutcome, 'result' | 'substituteAttended'>,
  meetingEnded: boolean,
): AttendanceResult {
  if (outcome.result !== 'onLeave' || outcome.substituteAttended === undefined) return outcome.result;
  if (outcome.substituteAttended) return 'onLeaveCovered';
  return meetingEnded ? 'onLeaveUncovered' : 'onLeave';
}

// ---- leave requests ----

export interface LeaveRequestInput {
  readonly meeting: { readonly start: string; readonly hostEmail?: string };
  readonly person: { readonly email: string; readonly managerEmail?: string };
  /**
   * When the leave was asked for. The Attendance tab only has a "Leave requested" checkbox, so the pipeline
   * passes the time the tick arrived; without it `now` is that time.
   */
  readonly requestedAt?: string;
  readonly substitute?: string;
  /** Email of whoever ticked "Leave approved"; absent while the leave awaits approval. */
  readonly approvedBy?: string;
}

/** Emails (or IDs, as long as all sides use the same kind) compared the way people type them. */
function samePerson(a: string | undefined, b: string | undefined): boolean {
  if (isBlank(a) || isBlank(b)) return false;
  return a.normalize('NFKC').trim().toLowerCase() === b.normalize('NFKC').trim().toLowerCase();
}

/**
 * What is wrong with a leave request, as Status messages (empty when nothing is): asked at or after the start,
 * no substitute, the substitute is the person, approved by the person themselves or by anyone other than the
 * meeting host or the person's manager. `now` is in the workbook zone, which is also the zone for wall times.
 */
export function validateLeaveRequest(input: LeaveRequestInput, now: DateTime): RowMessage[] {
  const zone = now.zoneName ?? 'UTC';
  const problems: RowMessage[] = [];

  const start = readInstant(input.meeting.start, zone);
  const requested = isBlank(input.requestedAt)
    ? { ok: true as const, value: now }
    : readInstant(input.requestedAt, zone);
  if (!start.ok) {
    problems.push(
      problem(start.code, 'meeting', { column: columnLabel('meetings', 'start'), value: input.meeting.start, zone }),
    );
  } else if (!requested.ok) {
    problems.push(
      problem(requested.code, 'leaveRequested', {
        column: columnLabel('attendance', 'leaveRequested'),
        value: input.requestedAt,
        zone,
      }),
    );
  } else if (requested.value >= start.value) {
    problems.push(
      problem('LEAVE_TOO_LATE', 'leaveRequested', {
        requestedAt: display(requested.value.setZone(zone)),
        meetingStart: display(start.value.setZone(zone)),
      }),
    );
  }

  const substituteColumn = columnLabel('attendance', 'substitute');
  if (isBlank(input.substitute)) {
    problems.push(problem('LEAVE_NO_SUBSTITUTE', 'substitute', { column: substituteColumn }));
  } else if (samePerson(input.substitute, input.person.email)) {
    problems.push(
      problem('LEAVE_SUBSTITUTE_IS_SELF', 'substitute', { column: substituteColumn, value: input.substitute.trim() }),
    );
  }

  if (!isBlank(input.approvedBy)) {
    const approverParams = {
      approver: input.approvedBy.trim(),
      host: input.meeting.hostEmail?.trim() || undefined,
      manager: input.person.managerEmail?.trim() || undefined,
    };
    // Checked first: a host or manager asking for their own leave is still approving themselves.
    if (samePerson(input.approvedBy, input.person.email)) {
      problems.push(problem('LEAVE_SELF_APPROVED', 'leaveApproved', approverParams));
    } else if (
      !samePerson(input.approvedBy, input.meeting.hostEmail) &&
      !samePerson(input.approvedBy, input.person.managerEmail)
    ) {
      problems.push(problem('LEAVE_WRONG_APPROVER', 'leaveApproved', approverParams));
    }
  }
  return problems;
}

// ---- Summary ----

export interface AttendanceSummary {
  readonly total: number;
  readonly onTime: number;
  /** Everyone who arrived late, including those who also left early. */
  readonly late: number;
  /** Everyone who left early, including those who also arrived late. */
  readonly leftEarly: number;
  /** Both at once; counted in `late` and in `leftEarly` as well, since each is a breach of discipline. */
  readonly lateAndLeftEarly: number;
  readonly absent: number;
  /** Every approved leave, whether or not the substitute came. */
  readonly onLeave: number;
  /** Leaves whose substitute did not come (seats nobody filled); counted in `onLeave` as well. */
  readonly leaveUncovered: number;
  /**
   * People in the room (any result but absent and on leave) over everyone listed, 0–1; null for no rows.
   * Leave lowers the rate: it is the share of the seats filled by their own holders.
   */
  readonly attendanceRate: number | null;
}

export function summarizeAttendance(results: readonly Pick<AttendanceOutcome, 'result'>[]): AttendanceSummary {
  const count = (...wanted: AttendanceResult[]) => results.filter((r) => wanted.includes(r.result)).length;
  const total = results.length;
  const absent = count('absent');
  const onLeave = count('onLeave', 'onLeaveCovered', 'onLeaveUncovered');
  return {
    total,
    onTime: count('onTime'),
    late: count('late', 'lateAndLeftEarly'),
    leftEarly: count('leftEarly', 'lateAndLeftEarly'),
    lateAndLeftEarly: count('lateAndLeftEarly'),
    absent,
    onLeave,
    leaveUncovered: count('onLeaveUncovered'),
    attendanceRate: total === 0 ? null : (total - absent - onLeave) / total,
  };
}
