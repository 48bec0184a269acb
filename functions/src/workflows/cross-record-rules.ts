// Rules that need records beyond the edited rows (People, a meeting's attendance list or agenda), applied
// to a planned edit before it is saved. Each tab loads only what its rules read.
import type { Firestore } from '@google-cloud/firestore';
import type { DateTime } from 'luxon';
import { loadAgendaContext } from '../adapters/firestore-agenda-context.ts';
import { loadAttendanceContext } from '../adapters/firestore-attendance-context.ts';
import { applyAttendanceRules } from '../domain/attendance/attendance-edit-checks.ts';
import type { WorkbookLanguage } from '../domain/messages.ts';
import { loadMeetingContext } from '../adapters/firestore-meeting-context.ts';
import { applyAgendaRules } from '../domain/meetings/agenda-edit-checks.ts';
import { applyMeetingRules } from '../domain/meetings/meeting-edit-checks.ts';
import type { SheetEditPlan } from '../domain/workbook/sheet-edit-plan.ts';

export interface EditContext {
  now: DateTime;
  /** Who made the edit (e.g. the approver of a leave they ticked). */
  editor: string;
  language: WorkbookLanguage;
}

export async function applyCrossRecordRules(db: Firestore, spreadsheetId: string, plan: SheetEditPlan, edit: EditContext): Promise<SheetEditPlan> {
  switch (plan.tab.key) {
    case 'attendance':
      return applyAttendanceRules(plan, await loadAttendanceContext(db, spreadsheetId, plan), edit);
    case 'meetings':
      return applyMeetingRules(plan, await loadMeetingContext(db, spreadsheetId, plan));
    case 'agenda':
      return applyAgendaRules(plan, await loadAgendaContext(db, spreadsheetId, plan));
    default:
      return plan;
  }
}
