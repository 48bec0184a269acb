// The tick's attendance pass: for each meeting that started within the lookback and is not yet finalised for
// its times, recompute every Attendance row at `now` (attendance-results.ts), save the results that changed
// (each only if its record is unchanged since it was read), show them in the Attendance tab, and once the
// meeting has ended mark it finalised so later ticks read nothing more for it. Before the end a changed result
// (the substitute just checked in) is saved and shown at once; at the end every row's cell is checked against
// its record, which also repairs a cell an earlier failed write left behind.
//
// Edits race the pass; what keeps it right:
// - A result is saved only where its record is unchanged since it was read (the edit's result stands).
// - A meeting is marked finalised only if its attendance revision is the one read with it: any attendance save
//   or deletion for it (a new row, an unchanged row edited) raises the revision in the edit's own transaction,
//   so an edit landing anywhere between the pass's read and its mark leaves the meeting open for the next tick,
//   and one landing after the mark opens it again.
// - A Result cell is written only if its record still holds the result judged here, re-read after the tab was
//   read and just before the write, so a newer edit's own cell is not overwritten with a stale label. What
//   remains is the time between that re-read and the write landing (one Firestore read and one Sheets request):
//   an edit saved in it whose write-back also lands before ours loses its cell to our label. That edit raised
//   the revision, so the meeting is not finalised, and the next tick after the meeting's end checks every cell
//   against its record and rewrites it; the record itself is never wrong. Sheets has no conditional write to
//   close it fully.
import type { DateTime } from 'luxon';
import {
  attendanceFinalizationKey,
  peopleOnLeave,
  recomputeMeetingAttendance,
} from '../domain/attendance/attendance-results.ts';
import type { AttendancePolicy } from '../domain/attendance/attendance-rules.ts';
import type { WorkbookLanguage } from '../domain/messages.ts';
import type { AttendanceResultSheet, AttendanceResults, StartedMeeting } from '../ports/attendance-ports.ts';

/** Meetings longer ago than this are left as they are (the tick runs every 15 minutes; a week covers outages). */
export const ATTENDANCE_LOOKBACK_DAYS = 7;

export interface FinalizeAttendanceDeps {
  store: AttendanceResults;
  /** Absent when no Sheets access is configured: the records are still kept up to date. */
  sheet?: AttendanceResultSheet;
}

export interface AttendanceResultsReport {
  /** Meetings recomputed (started within the lookback, not finalised for their times). */
  meetings: number;
  /** Records whose result changed and was saved. */
  updated: number;
  /**
   * Results not saved because the record changed meanwhile, and ended meetings not marked finalised because an
   * attendance row of theirs was saved meanwhile (the next tick judges them again).
   */
  conflicts: number;
  cellsWritten: number;
  finalized: number;
}

export const NO_ATTENDANCE_RESULTS: AttendanceResultsReport = {
  meetings: 0,
  updated: 0,
  conflicts: 0,
  cellsWritten: 0,
  finalized: 0,
};

export async function finalizeAttendance(
  workbookId: string,
  settings: { timeZone: string; language: WorkbookLanguage; policy?: AttendancePolicy },
  deps: FinalizeAttendanceDeps,
  now: DateTime,
): Promise<AttendanceResultsReport> {
  const started = await deps.store.startedBetween(workbookId, now.minus({ days: ATTENDANCE_LOOKBACK_DAYS }), now);
  const open = started.filter((m) => m.finalizedFor !== attendanceFinalizationKey(m));
  if (open.length === 0) return NO_ATTENDANCE_RESULTS;
  const attendance = await deps.store.attendanceOf(
    workbookId,
    open.map((m) => m.id),
  );
  const managers = await deps.store.managersOf(workbookId, peopleOnLeave([...attendance.values()].flat()));

  const report = { ...NO_ATTENDANCE_RESULTS, meetings: open.length };
  const labels = new Map<string, string>();
  /** The result each labelled row was judged to have: its cell is written only while the record still holds it. */
  const judged = new Map<string, string>();
  const finalizing: StartedMeeting[] = [];
  for (const meeting of open) {
    const records = attendance.get(meeting.id) ?? [];
    const outcome = recomputeMeetingAttendance(meeting, records, managers, { now, ...settings });
    const byId = new Map(records.map((r) => [r.id, r]));
    const saved = await deps.store.saveResults(
      workbookId,
      outcome.changed.map((row) => ({ record: byId.get(row.id)!, previous: row.previous, result: row.result })),
      now,
    );
    report.updated += saved.saved.length;
    report.conflicts += saved.conflicts.length;
    // A record that changed meanwhile was just saved by an edit, whose answer writes its own cell.
    const conflicts = new Set(saved.conflicts);
    // Cells are checked where something changed and, once, at the end; otherwise the tab is not read at all.
    if (outcome.ended || saved.saved.length > 0) {
      for (const row of outcome.rows) {
        if (conflicts.has(row.id)) continue;
        labels.set(row.id, row.label);
        judged.set(row.id, row.result);
      }
    }
    if (outcome.ended && conflicts.size === 0) finalizing.push(meeting);
  }
  // A failed sheet write throws before anything is marked, so the end-of-meeting check runs again next tick.
  if (deps.sheet && labels.size > 0) {
    const stillCurrent = async (ids: readonly string[]) => {
      const current = await deps.store.currentResults(workbookId, ids);
      return new Set(ids.filter((id) => current.has(id) && current.get(id) === judged.get(id)));
    };
    report.cellsWritten = await deps.sheet.writeResults(workbookId, labels, stillCurrent);
  }
  // Last, after the cells: an edit saved at any point of this pass raised the revision and keeps the meeting open.
  for (const meeting of finalizing) {
    if (await deps.store.markFinalized(workbookId, meeting.id, attendanceFinalizationKey(meeting), meeting.revision))
      report.finalized++;
    else report.conflicts++;
  }
  return report;
}
