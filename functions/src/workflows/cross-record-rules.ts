// Rules that need records beyond the edited rows (People, a meeting's attendance list or agenda), applied
// to a planned edit before it is saved. Each tab loads only what its rules read.
import type { DateTime } from 'luxon';
import { applyAttendanceRules } from '../domain/attendance/attendance-edit-checks.ts';
import { applyAgendaRules } from '../domain/meetings/agenda-edit-checks.ts';
import { applyMeetingRules } from '../domain/meetings/meeting-edit-checks.ts';
import { applyMinutesLock } from '../domain/minutes/minutes-edit-checks.ts';
import type { WorkbookLanguage } from '../domain/messages.ts';
import { withOverdueDays } from '../domain/minutes/action-rules.ts';
import { applyReferenceChecks } from '../domain/workbook/reference-edit-checks.ts';
import type { SheetEditPlan } from '../domain/workbook/sheet-edit-plan.ts';
import type { RuleContext } from '../ports/edit-ports.ts';

export interface EditContext {
  now: DateTime;
  /** Who made the edit (e.g. the approver of a leave they ticked). */
  editor: string;
  language: WorkbookLanguage;
  /** Sheet row → the data of the stored record the row holds: references a row leaves unchanged are not judged. */
  stored?: ReadonlyMap<number, Readonly<Record<string, unknown>>>;
}

export async function applyCrossRecordRules(
  context: RuleContext,
  spreadsheetId: string,
  planned: SheetEditPlan,
  edit: EditContext,
): Promise<SheetEditPlan> {
  // Every tab first: references, natural keys and past-only dates, on invalid rows' parsed cells too, so the
  // Status lists every problem of a row at once. The tab's own rules then judge the rows still valid.
  const references = await context.referenceContext(spreadsheetId, planned);
  const plan = applyReferenceChecks(planned, references, edit.now, edit.stored);
  switch (plan.tab.key) {
    case 'attendance':
      return applyAttendanceRules(plan, await context.attendanceContext(spreadsheetId, plan), edit);
    case 'meetings':
      return applyMeetingRules(plan, await context.meetingContext(spreadsheetId, plan), edit.stored);
    case 'agenda':
      return applyAgendaRules(plan, await context.agendaContext(spreadsheetId, plan));
    case 'minutes':
      return context.minutesLockContext
        ? applyMinutesLock(plan, await context.minutesLockContext(spreadsheetId, plan))
        : plan;
    case 'actions':
      // Overdue days at the edit's time; the tick refreshes them once a day (refresh-actions.ts).
      return withOverdueDays(plan, edit.now);
    default:
      return plan;
  }
}
