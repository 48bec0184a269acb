// The Attendance results of one meeting recomputed at `now` with the rules an edit runs (applyAttendanceRules),
// for the tick: nobody edits the row of someone who simply did not come, so without this pass "absent" would
// never appear; and an approved leave must follow its substitute, who checks in on their own row. Pure: the
// saved records, the people's managers and `now` come in; what the rows now read goes out.
//
// Decisions:
// - Each record is judged as if its saved values had just been sent again: the saved leave request time and
//   approver stand (the rules take them from the record itself), and nobody new approves anything.
// - A row the rules now refuse (its meeting moved after the leave was asked, the approver is no longer the
//   host or manager) keeps its record and its cell as they are: only an edit can show the user why.
// - A meeting is finalised for its times (`start/end`, an ISO 8601 interval): moving the meeting reopens it.
import { DateTime } from 'luxon';
import { type AttendanceContext, applyAttendanceRules, attendanceResultLabel } from './attendance-edit-checks.ts';
import type { AttendancePolicy } from './attendance-rules.ts';
import type { AttendanceResult } from './attendance-rules.ts';
import type { RowResult } from '../../contract/edit-request.ts';
import type { WorkbookLanguage } from '../messages.ts';
import type { SheetEditPlan } from '../workbook/sheet-edit-plan.ts';
import { type TabKey, type TabSpec, getTab } from '../workbook/workbook-schema.ts';

export interface MeetingTimes {
  readonly id: string;
  /** ISO with offset, as the meeting record stores them. */
  readonly start: string;
  readonly end: string;
  readonly host?: string;
}

export interface SavedAttendance {
  readonly id: string;
  /** The record's `data`: the row's values plus what the rules saved (result, leave request time, approver). */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface RecomputedRow {
  readonly id: string;
  /** The result key the record holds now ('' for none yet). */
  readonly previous: string;
  readonly result: AttendanceResult | '';
  /** The Result cell's text in the workbook's language. */
  readonly label: string;
}

export interface MeetingRecomputation {
  /** Every row the rules still accept, changed or not. */
  readonly rows: readonly RecomputedRow[];
  /** The rows whose result differs from the record's. */
  readonly changed: readonly RecomputedRow[];
  /** IDs of rows the rules now refuse (left as they are). */
  readonly refused: readonly string[];
  /** now ≥ the meeting's end: nothing but an edit can change a result any more. */
  readonly ended: boolean;
}

const ATTENDANCE_TAB = getTab('attendance') as TabSpec & { key: TabKey };

/** What a meeting is finalised for: its times, so a moved meeting is judged again. */
export function attendanceFinalizationKey(meeting: Pick<MeetingTimes, 'start' | 'end'>): string {
  return `${meeting.start}/${meeting.end}`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Lower-case e-mails of the people who asked for leave (whose manager may approve it). */
export function peopleOnLeave(records: readonly SavedAttendance[]): string[] {
  const emails = records
    .filter((r) => r.data.leaveRequested === true)
    .map((r) => text(r.data.person)?.trim().toLowerCase());
  return [...new Set(emails.filter((e): e is string => e !== undefined))];
}

export function recomputeMeetingAttendance(
  meeting: MeetingTimes,
  records: readonly SavedAttendance[],
  managers: ReadonlyMap<string, string | undefined>,
  options: { now: DateTime; timeZone: string; language: WorkbookLanguage; policy?: AttendancePolicy },
): MeetingRecomputation {
  const judged = records.filter((r) => text(r.data.person) !== undefined && r.data.meeting === meeting.id);
  const checkedIn = new Set(
    judged.filter((r) => text(r.data.checkIn) !== undefined).map((r) => String(r.data.person).toLowerCase()),
  );
  const context: AttendanceContext = {
    meetings: new Map([
      [meeting.id, { start: meeting.start, end: meeting.end, ...(meeting.host ? { host: meeting.host } : {}) }],
    ]),
    managers,
    saved: new Map(
      judged.map((r) => [
        r.id,
        {
          ...(text(r.data.leaveRequestedAt) ? { leaveRequestedAt: String(r.data.leaveRequestedAt) } : {}),
          ...(typeof r.data.leaveApproved === 'boolean' ? { leaveApproved: r.data.leaveApproved } : {}),
          ...(text(r.data.leaveApprovedBy) ? { leaveApprovedBy: String(r.data.leaveApprovedBy) } : {}),
        },
      ]),
    ),
    checkedIn: new Map([[meeting.id, checkedIn]]),
    ...(options.policy ? { policy: options.policy } : {}),
  };
  // Row numbers only tell the plan's rows apart here; where a row sits in the sheet is looked up by its ID.
  const plan: SheetEditPlan = {
    tab: ATTENDANCE_TAB,
    rows: judged.map((r, index) => ({ row: index + 2, sheetId: r.id, data: { ...r.data }, messages: [] })),
    notes: [],
    timeZone: options.timeZone,
  };
  // No editor: an approval the record does not already hold is not made by the tick.
  const checked = applyAttendanceRules(plan, context, { now: options.now, editor: '', language: options.language });
  const rows: RecomputedRow[] = [];
  const refused: string[] = [];
  checked.rows.forEach((row, index) => {
    const record = judged[index]!;
    if (!row.data) {
      refused.push(record.id);
      return;
    }
    const result = (row.data.result as AttendanceResult | '' | undefined) ?? '';
    rows.push({
      id: record.id,
      previous: text(record.data.result) ?? '',
      result,
      label: attendanceResultLabel(result, options.language),
    });
  });
  return {
    rows,
    changed: rows.filter((r) => r.result !== r.previous),
    refused,
    ended: options.now >= DateTime.fromISO(meeting.end, { setZone: true }),
  };
}

/** One data row of the Attendance tab as read: its sheet row, the ID cell and the Result cell. */
export interface ResultCell {
  readonly row: number;
  readonly id: unknown;
  readonly result: unknown;
}

/**
 * The Result cells to write: every row whose ID has a label and whose cell shows something else. Rows are found
 * by the ID the sheet shows, never by a stored row number (rows move when others are inserted or sorted); a
 * row copied with its ID gets the label too, since it shows the same record.
 */
export function planResultCells(cells: readonly ResultCell[], labels: ReadonlyMap<string, string>): RowResult[] {
  const writes: RowResult[] = [];
  for (const cell of cells) {
    const id = typeof cell.id === 'string' ? cell.id.trim() : '';
    const label = labels.get(id);
    if (label === undefined) continue;
    const shown = cell.result === null || cell.result === undefined ? '' : String(cell.result).trim();
    if (shown === label) continue;
    // Only the computed column is written (planWriteBack's 'computed'), so ID and Status here are never used.
    writes.push({ row: cell.row, id, status: '', messages: [], computed: { result: label } });
  }
  return writes;
}
