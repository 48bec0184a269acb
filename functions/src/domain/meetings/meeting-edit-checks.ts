// The Meetings rules that need other records (People, the meeting's attendance list) applied to a planned
// edit: errors keep a row from being saved, warnings (over budget) are saved and shown after "OK".
import { formatMessage } from '../messages.ts';
import { type MeetingForValidation, type MeetingProblem, validateMeeting } from './meeting-rules.ts';
import type { RowMessage } from '../workbook/row-schemas.ts';
import type { PlannedRow, SheetEditPlan } from '../workbook/sheet-edit-plan.ts';

export interface MeetingContext {
  /** Lower-case e-mail → what the People tab says. */
  people: ReadonlyMap<string, { active?: boolean }>;
  /** Meeting ID → e-mail addresses on its attendance list. */
  rosters: ReadonlyMap<string, readonly string[]>;
}

function toMessage(problem: MeetingProblem): RowMessage {
  return {
    code: problem.code,
    column: problem.column,
    en: formatMessage(problem.code, problem.params, 'en'),
    zh: formatMessage(problem.code, problem.params, 'zh'),
  };
}

/** The e-mail addresses the valid Meetings rows name as host or recorder (for loading the context). */
export function meetingPeopleEmails(plan: SheetEditPlan): string[] {
  if (plan.tab.key !== 'meetings') return [];
  const emails = plan.rows
    .flatMap((row) => [row.data?.host, row.data?.recorder])
    .filter((v): v is string => typeof v === 'string' && v.includes('@'));
  return [...new Set(emails.map((e) => e.trim().toLowerCase()))];
}

export function applyMeetingRules(plan: SheetEditPlan, context: MeetingContext): SheetEditPlan {
  if (plan.tab.key !== 'meetings') return plan;
  const rows = plan.rows.map((row): PlannedRow => {
    if (!row.data) return row;
    const result = validateMeeting(row.data as unknown as MeetingForValidation, {
      people: (email) => context.people.get(email.trim().toLowerCase()),
      roster: (row.sheetId && context.rosters.get(row.sheetId)) || [],
    });
    if (result.errors.length > 0) return { row: row.row, sheetId: row.sheetId, messages: result.errors.map(toMessage) };
    return result.warnings.length > 0 ? { ...row, warnings: result.warnings.map(toMessage) } : row;
  });
  return { ...plan, rows };
}
