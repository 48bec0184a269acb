// One action's own rules (seed 002, 决议跟踪): how many days it is overdue, and the Overdue days cell the Actions
// tab shows. Open or closed is decided once, in carry-over.ts (isActionOpen), so the Agenda tab, the digests and
// this column never disagree about whether an action still counts.
//
// Decisions:
// - Overdue days are whole calendar days after the due date, counted in the workbook's zone: an action due
//   2027-03-08 is 1 day overdue all of 2027-03-09 there, whatever the server's zone. Days are counted on the
//   calendar (as due-items.ts counts them), so a daylight-saving night does not make a day of 23 hours count as
//   none, and holidays count like any day: the due date was a promise about a date, not about working days.
// - The cell is blank when the action is closed, not yet overdue or has no readable due date: a blank column
//   reads as "nothing overdue", and a closed action's old count would look like work still owed.
import type { DateTime } from 'luxon';
import { calendarDaysBetween } from '../mail/due-items.ts';
import type { SheetEditPlan } from '../workbook/sheet-edit-plan.ts';
import { isActionOpen } from './carry-over.ts';

export interface ActionDueFacts {
  /** ISO date (yyyy-MM-dd). */
  due?: unknown;
  state?: unknown;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/u;

/** Whole days `action` is overdue at `now` in `zone`; 0 when it is not (closed, not yet due, no due date). */
export function actionOverdueDays(action: ActionDueFacts, now: DateTime, zone: string): number {
  const state = typeof action.state === 'string' ? action.state : undefined;
  if (!isActionOpen({ ...(state ? { state } : {}) })) return 0;
  if (typeof action.due !== 'string' || !ISO_DATE.test(action.due)) return 0;
  const today = now.setZone(zone).toISODate();
  if (!today) return 0;
  const days = calendarDaysBetween(action.due, today);
  return Number.isFinite(days) && days > 0 ? days : 0;
}

/** The Overdue days cell: the count, or blank when the action owes nothing late. */
export function overdueDaysCell(action: ActionDueFacts, now: DateTime, zone: string): string {
  const days = actionOverdueDays(action, now, zone);
  return days > 0 ? String(days) : '';
}

/** The plan of an Actions edit with each saved row's Overdue days computed at the edit's time. */
export function withOverdueDays(plan: SheetEditPlan, now: DateTime): SheetEditPlan {
  if (plan.tab.key !== 'actions') return plan;
  return {
    ...plan,
    rows: plan.rows.map((row) =>
      row.data
        ? { ...row, computed: { ...row.computed, overdueDays: overdueDaysCell(row.data, now, plan.timeZone) } }
        : row,
    ),
  };
}
