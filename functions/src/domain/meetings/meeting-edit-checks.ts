// The Meetings rules that need other records (People, the meeting's attendance list) applied to a planned
// edit: errors keep a row from being saved, warnings (over budget) are saved and shown after "OK".
import { formatMessage } from '../messages.ts';
import { type MeetingForValidation, type MeetingProblem, validateMeeting } from './meeting-rules.ts';
import { type RowMessage, sortByColumn } from '../workbook/row-schemas.ts';
import { referenceUnchanged } from '../workbook/reference-edit-checks.ts';
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

/** The e-mail addresses the Meetings rows name as host or recorder (for loading the context). */
export function meetingPeopleEmails(plan: SheetEditPlan): string[] {
  if (plan.tab.key !== 'meetings') return [];
  const emails = plan.rows
    .map((row) => row.data ?? row.partial)
    .flatMap((values) => [values?.host, values?.recorder])
    .filter((v): v is string => typeof v === 'string' && v.includes('@'));
  return [...new Set(emails.map((e) => e.trim().toLowerCase()))];
}

/** A host or recorder the row leaves as its stored record has it is not judged again (a leaver's old meeting). */
function changedPeopleProblems(
  errors: readonly MeetingProblem[],
  values: Readonly<Record<string, unknown>>,
  stored: Readonly<Record<string, unknown>> | undefined,
): MeetingProblem[] {
  return errors.filter(
    (e) =>
      !['PERSON_INACTIVE', 'REF_UNKNOWN'].includes(e.code) ||
      !referenceUnchanged('personRef', values[e.column], stored, e.column),
  );
}

export function applyMeetingRules(
  plan: SheetEditPlan,
  context: MeetingContext,
  stored: ReadonlyMap<number, Readonly<Record<string, unknown>>> = new Map(),
): SheetEditPlan {
  if (plan.tab.key !== 'meetings') return plan;
  const rows = plan.rows.map((row): PlannedRow => {
    // A row already refused is judged on the cells that parsed too, so its Status lists every problem at once.
    if (!row.data) return row.partial ? withPartialProblems(plan, row, context, stored.get(row.row)) : row;
    const result = validateMeeting(row.data as unknown as MeetingForValidation, {
      people: (email) => context.people.get(email.trim().toLowerCase()),
      roster: (row.sheetId && context.rosters.get(row.sheetId)) || [],
    });
    const errors = changedPeopleProblems(result.errors, row.data, stored.get(row.row));
    if (errors.length > 0) return { row: row.row, sheetId: row.sheetId, messages: errors.map(toMessage) };
    return result.warnings.length > 0 ? { ...row, warnings: result.warnings.map(toMessage) } : row;
  });
  return { ...plan, rows };
}

function withPartialProblems(
  plan: SheetEditPlan,
  row: PlannedRow,
  context: MeetingContext,
  stored: Readonly<Record<string, unknown>> | undefined,
): PlannedRow {
  const partial = row.partial as Partial<MeetingForValidation>;
  const meeting = { ...partial, type: partial.type ?? '', start: partial.start ?? '', end: partial.end ?? '' };
  const result = validateMeeting(meeting, {
    people: (email) => context.people.get(email.trim().toLowerCase()),
    roster: (row.sheetId && context.rosters.get(row.sheetId)) || [],
  });
  // The reference checks already reported unknown and inactive people of this row; keep one message per problem.
  const known = new Set(row.messages.map((m) => `${m.column}:${m.code}`));
  const added = changedPeopleProblems(result.errors, row.partial!, stored)
    .map(toMessage)
    .filter((m) => !known.has(`${m.column}:${m.code}`));
  return added.length === 0 ? row : { ...row, messages: sortByColumn(plan.tab, [...row.messages, ...added]) };
}
