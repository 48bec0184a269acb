// What the tick's attendance pass needs: the canonical records it reads and writes, and the Attendance tab
// it shows results in. Types only.
import type { DateTime } from 'luxon';
import type { MeetingTimes, SavedAttendance } from '../domain/attendance/attendance-results.ts';
import type { AttendanceResult } from '../domain/attendance/attendance-rules.ts';

export interface StartedMeeting extends MeetingTimes {
  /** The times the meeting was last finalised for (attendanceFinalizationKey), if ever. */
  readonly finalizedFor?: string;
  /** Its attendance revision as read (raised by every attendance save or deletion for it). */
  readonly revision: number;
}

export interface StoredAttendance extends SavedAttendance {
  /** Opaque version of the record as read (its update time); a save is refused when the record has moved on. */
  readonly version: string;
}

export interface ResultChange {
  readonly record: StoredAttendance;
  readonly previous: string;
  readonly result: AttendanceResult | '';
}

export interface AttendanceResults {
  /** Live meetings whose start (`dueAt`) is in [from, to]. */
  startedBetween(workbookId: string, from: DateTime, to: DateTime): Promise<StartedMeeting[]>;
  /** Live attendance records of these meetings, by meeting ID. */
  attendanceOf(workbookId: string, meetingIds: readonly string[]): Promise<Map<string, StoredAttendance[]>>;
  /** Lower-case e-mail → manager, for these people (live People rows only, as at edit time). */
  managersOf(workbookId: string, emails: readonly string[]): Promise<Map<string, string | undefined>>;
  /** Saves each result (with an audit entry) unless its record changed since it was read; returns the IDs saved. */
  saveResults(
    workbookId: string,
    changes: readonly ResultChange[],
    at: DateTime,
  ): Promise<{ saved: string[]; conflicts: string[] }>;
  /** Each live record's result key now ('' for none), by ID; deleted or missing records are left out. */
  currentResults(workbookId: string, ids: readonly string[]): Promise<Map<string, string>>;
  /** Marks the meeting finalised for `key` unless its attendance revision is no longer `revision`; whether marked. */
  markFinalized(workbookId: string, meetingId: string, key: string, revision: number): Promise<boolean>;
}

export interface AttendanceResultSheet {
  /**
   * Writes each record's Result label where the row showing that ID shows something else, but only for the IDs
   * `stillCurrent` returns when asked, after the tab was read, about those it would write; cells written.
   */
  writeResults(
    workbookId: string,
    labels: ReadonlyMap<string, string>,
    stillCurrent: (ids: readonly string[]) => Promise<ReadonlySet<string>>,
  ): Promise<number>;
}
