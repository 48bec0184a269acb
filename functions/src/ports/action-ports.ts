// What the tick's action passes need (issue 14): the minutes action lines waiting to reach the Actions tab, the
// open actions and meetings the overdue, escalation and carry-over rules read (indexed queries only, never whole
// collections), and one computed column of a tab to rewrite. Types only.
import type { DateTime } from 'luxon';
import type { CarryOverMeeting, CarriedActionView } from '../domain/minutes/carry-over.ts';
import type { ActionLinePlan, MinutesLine } from '../domain/minutes/action-lines.ts';
import type { TabKey } from '../domain/workbook/workbook-schema.ts';

export interface PendingActionLine extends MinutesLine {
  /** Opaque version of the record as read; settling leaves a line pending when it has changed since. */
  version: string;
}

/** A leased line with what the pass did with its action, remembered on the line when it is settled. */
export interface SettledActionLine extends PendingActionLine {
  planned: ActionLinePlan['kind'];
}

export interface ActionLines {
  /** Minutes records marked by an edit as moving an action, leased to `owner` for a few minutes. */
  leasePending(workbookId: string, now: DateTime, owner: string): Promise<PendingActionLine[]>;
  /** Clears the mark of each line still at the version read (a line edited meanwhile stays pending). */
  settle(workbookId: string, lines: readonly SettledActionLine[], owner: string): Promise<number>;
}

/** A live, open action record as the rules read it. */
export interface OpenAction extends CarriedActionView {
  text: string;
  owner: string;
  due: string;
}

export interface TrackedMeeting extends CarryOverMeeting {
  host?: string;
}

export interface ActionTracking {
  /** Live open actions due before `before` (the indexed `dueAt`; closed actions carry none). */
  openActionsDueBefore(workbookId: string, before: DateTime): Promise<OpenAction[]>;
  /** Every live open action (all carry a `dueAt`): the carry-over reads them. */
  openActions(workbookId: string): Promise<OpenAction[]>;
  /** Live meetings with these IDs. */
  meetingsByIds(workbookId: string, ids: readonly string[]): Promise<TrackedMeeting[]>;
  /** Live meetings of a series starting in [from, to] (the indexed `startAt`). */
  seriesMeetingsStarting(workbookId: string, from: DateTime, to: DateTime): Promise<TrackedMeeting[]>;
  /** Live agenda items of these meetings with their topic. */
  agendaOf(
    workbookId: string,
    meetingIds: readonly string[],
  ): Promise<Array<{ id: string; meeting: string; topic: string }>>;
  /** The workbook date the Actions and Agenda columns were last refreshed on. */
  lastRefreshDate(workbookId: string): Promise<string | undefined>;
  markRefreshed(workbookId: string, date: string): Promise<void>;
}

export interface ComputedColumnSheet {
  /**
   * Writes `values` (record ID → cell text) into `column` of the tab, in the rows showing those IDs, where the cell
   * shows something else; one read of the column and at most one write. Cells written (0 when the workbook has no
   * such tab or column).
   */
  writeColumn(workbookId: string, tab: TabKey, column: string, values: ReadonlyMap<string, string>): Promise<number>;
}
