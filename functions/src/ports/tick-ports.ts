// What the tick needs to find its work: the workbooks and their stored settings, the items falling due in a
// window, and the people those items are for. Types only.
import type { DateTime } from 'luxon';
import type { DueItem } from '../domain/mail/due-items.ts';
import type { MeetingProgress } from '../domain/mail/owed-before-meeting.ts';

export interface WorkbookEntry {
  id: string;
  /** The workbook document as stored (time zone, language, notifications, marks); read with readWorkbookSettings. */
  data: Record<string, unknown>;
}

export interface Workbooks {
  all(): Promise<WorkbookEntry[]>;
  get(id: string): Promise<WorkbookEntry | undefined>;
  /** Remembers the day whose digest was planned, so the next tick of that day plans none. */
  markDigestPlanned(id: string, date: string): Promise<void>;
}

/** A live People record, looked up by e-mail (lower case). */
export interface PersonEntry {
  email: string;
  name: string;
  language?: 'zh' | 'en';
  active: boolean;
  manager?: string;
  role?: string;
}

export interface DueWork {
  /** Live records due in [from, to], one item per recipient (indexed range queries, never whole tabs). */
  dueBetween(workbookId: string, from: DateTime, to: DateTime): Promise<DueItem[]>;
  /**
   * Of these meetings (`meetings/M-…` with their titles), the addresses on approved leave from each, keyed by
   * the record ID; meetings nobody is on leave from are absent.
   */
  approvedLeaves(
    workbookId: string,
    meetings: ReadonlyArray<{ recordId: string; title: string }>,
  ): Promise<Map<string, Set<string>>>;
  /**
   * Of these meetings (`meetings/M-…`), the start and whether the row was deleted, keyed by the record ID (one
   * batched read by ID); meetings with no record are absent.
   */
  meetingProgress(workbookId: string, meetings: readonly string[]): Promise<Map<string, MeetingProgress>>;
  /** The live People rows for these addresses; deleted rows are never found. */
  peopleByEmail(workbookId: string, emails: readonly string[]): Promise<PersonEntry[]>;
}
