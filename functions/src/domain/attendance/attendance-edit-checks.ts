// The Attendance rules applied to a planned edit: the row's meeting must exist; a leave request is checked
// (asked before the start, a substitute named, approved only by the meeting host or the person's manager —
// whoever ticked "Leave approved" is the approver); the Result column is computed from check-in/check-out
// times and leave. A refused leave or unreadable times keep the row from being saved, and its previous
// record stays as it was. Before the meeting has ended, a row with no check-in has no result yet; an approved
// leave reads "substitute attended" once the substitute has checked in, "substitute absent" once the meeting
// has ended without them. The tick runs the same rules over rows nobody edits (finalize-attendance.ts).
import { DateTime } from 'luxon';
import {
  type AttendancePolicy,
  DEFAULT_ATTENDANCE_POLICY,
  classifyAttendance,
  settleLeaveResult,
  validateLeaveRequest,
} from './attendance-rules.ts';
import { formatMessage, type WorkbookLanguage } from '../messages.ts';
import type { RowMessage } from '../workbook/row-schemas.ts';
import type { PlannedRow, SheetEditPlan } from '../workbook/sheet-edit-plan.ts';
import { ATTENDANCE_RESULT_OPTIONS } from '../workbook/workbook-schema.ts';

export interface AttendanceContext {
  /** Meeting ID → times and host, for the meetings the edited rows name. */
  meetings: ReadonlyMap<string, { start: string; end: string; host?: string }>;
  /** Lower-case e-mail → the person's manager (from the People tab). */
  managers: ReadonlyMap<string, string | undefined>;
  /** Saved attendance record ID → what the record already knows about its leave. */
  saved: ReadonlyMap<string, { leaveRequestedAt?: string; leaveApproved?: boolean; leaveApprovedBy?: string }>;
  /** Meeting ID → lower-case e-mails of people who checked in (to know whether a substitute came). */
  checkedIn: ReadonlyMap<string, ReadonlySet<string>>;
  /** Grace minutes from the Settings tab; the defaults (5 and 5) when absent. */
  policy?: AttendancePolicy;
}

interface AttendanceData {
  meeting: string;
  person: string;
  leaveRequested?: boolean;
  leaveApproved?: boolean;
  substitute?: string;
  checkIn?: string;
  checkOut?: string;
}

/** Meeting IDs and people the valid Attendance rows name (for loading the context). */
export function attendanceReferences(plan: SheetEditPlan): { meetings: string[]; people: string[] } {
  if (plan.tab.key !== 'attendance') return { meetings: [], people: [] };
  const rows = plan.rows.map((r) => r.data as AttendanceData | undefined).filter((d): d is AttendanceData => !!d);
  return {
    meetings: [...new Set(rows.map((d) => d.meeting))],
    people: [
      ...new Set(
        rows
          .flatMap((d) => [d.person, d.substitute])
          .filter((v): v is string => !!v)
          .map((v) => v.trim().toLowerCase()),
      ),
    ],
  };
}

/** The Result cell's text for a result key, in the workbook's language ('' for no result yet). */
export function attendanceResultLabel(key: string, language: WorkbookLanguage): string {
  if (key === '') return '';
  const option = ATTENDANCE_RESULT_OPTIONS.find((o) => o.key === key);
  if (!option) return key;
  return language === 'mixed' ? `${option.zh} ${option.en}` : option[language];
}

function unknownMeeting(value: string): RowMessage {
  const params = { column: { en: 'Meeting', zh: '会议' }, value, targetTab: { en: 'Meetings', zh: '会议' } };
  return {
    code: 'REF_UNKNOWN',
    column: 'meeting',
    en: formatMessage('REF_UNKNOWN', params, 'en'),
    zh: formatMessage('REF_UNKNOWN', params, 'zh'),
  };
}

function refuse(row: PlannedRow, messages: readonly RowMessage[]): PlannedRow {
  return { row: row.row, sheetId: row.sheetId, messages: [...messages] };
}

export function applyAttendanceRules(
  plan: SheetEditPlan,
  context: AttendanceContext,
  options: { now: DateTime; editor: string; language: WorkbookLanguage },
): SheetEditPlan {
  if (plan.tab.key !== 'attendance') return plan;
  const now = options.now.setZone(plan.timeZone);
  const rows = plan.rows.map((row): PlannedRow => {
    if (!row.data) return row;
    const data = row.data as unknown as AttendanceData;
    const meeting = context.meetings.get(data.meeting);
    if (!meeting) return refuse(row, [unknownMeeting(data.meeting)]);
    const saved = row.sheetId ? context.saved.get(row.sheetId) : undefined;
    const person = data.person.trim().toLowerCase();

    let leave: { requestedAt: string; approvedBy?: string } | undefined;
    if (data.leaveRequested) {
      // The sheet has no "requested at" column: the first save of the request is its time.
      const requestedAt = saved?.leaveRequestedAt ?? now.toISO()!;
      const approvedBy = data.leaveApproved
        ? saved?.leaveApproved
          ? saved.leaveApprovedBy
          : options.editor || undefined
        : undefined;
      const problems = validateLeaveRequest(
        {
          meeting: { start: meeting.start, ...(meeting.host ? { hostEmail: meeting.host } : {}) },
          person: {
            email: person,
            ...(context.managers.get(person) ? { managerEmail: context.managers.get(person)! } : {}),
          },
          requestedAt,
          ...(data.substitute ? { substitute: data.substitute } : {}),
          ...(approvedBy ? { approvedBy } : {}),
        },
        now,
      );
      if (problems.length > 0) return refuse(row, problems);
      leave = { requestedAt, ...(approvedBy ? { approvedBy } : {}) };
    }

    const substitute = data.substitute?.trim().toLowerCase();
    const classification = classifyAttendance(
      {
        meeting,
        ...(data.checkIn ? { checkIn: data.checkIn } : {}),
        ...(data.checkOut ? { checkOut: data.checkOut } : {}),
        ...(leave
          ? {
              leave: {
                requestedAt: leave.requestedAt,
                approved: !!data.leaveApproved,
                ...(substitute
                  ? { substitute, substituteAttended: context.checkedIn.get(data.meeting)?.has(substitute) ?? false }
                  : {}),
              },
            }
          : {}),
      },
      context.policy ?? DEFAULT_ATTENDANCE_POLICY,
      plan.timeZone,
    );
    if (!classification.ok) return refuse(row, classification.problems);
    const ended = now >= DateTime.fromISO(meeting.end, { setZone: true });
    const pending = !data.checkIn && classification.result === 'absent' && !ended;
    const result = pending ? '' : settleLeaveResult(classification, ended);
    const enriched = {
      ...row.data,
      result,
      ...(leave
        ? { leaveRequestedAt: leave.requestedAt, ...(leave.approvedBy ? { leaveApprovedBy: leave.approvedBy } : {}) }
        : {}),
    };
    return { ...row, data: enriched, computed: { result: attendanceResultLabel(result, options.language) } };
  });
  return { ...plan, rows };
}
