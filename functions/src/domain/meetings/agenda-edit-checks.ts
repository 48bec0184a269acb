// The Agenda rules that need the meeting and its other agenda items, applied to a planned edit: an unknown
// meeting, a duplicate order number or material due after the meeting starts keep the row from being
// saved; an agenda that overruns the meeting is saved with a warning on the edited rows.
import { checkAgendaTiming, type AgendaTimingItem } from './agenda-timing.ts';
import type { ErrorCode } from '../errors.ts';
import { formatMessage, type MessageParams } from '../messages.ts';
import type { RowMessage } from '../workbook/row-schemas.ts';
import type { PlannedRow, SheetEditPlan } from '../workbook/sheet-edit-plan.ts';

export interface AgendaContext {
  /** Meeting ID → its times, for the meetings the edited rows name. */
  meetings: ReadonlyMap<string, { start: string; end: string }>;
  /** Meeting ID → its saved agenda items (record ID and timing fields). */
  savedItems: ReadonlyMap<string, ReadonlyArray<AgendaTimingItem & { id: string }>>;
}

function toMessage(problem: { code: ErrorCode; column: string; params: MessageParams }): RowMessage {
  return {
    code: problem.code,
    column: problem.column,
    en: formatMessage(problem.code, problem.params, 'en'),
    zh: formatMessage(problem.code, problem.params, 'zh'),
  };
}

function unknownMeeting(value: string): RowMessage {
  return toMessage({
    code: 'REF_UNKNOWN',
    column: 'meeting',
    params: { column: { en: 'Meeting', zh: '会议' }, value, targetTab: { en: 'Meetings', zh: '会议' } },
  });
}

/** Meeting IDs the valid Agenda rows name (for loading the context). */
export function agendaMeetingIds(plan: SheetEditPlan): string[] {
  if (plan.tab.key !== 'agenda') return [];
  return [
    ...new Set(plan.rows.map((r) => r.data?.meeting).filter((v): v is string => typeof v === 'string' && v !== '')),
  ];
}

function timingItem(row: PlannedRow): AgendaTimingItem {
  const data = row.data as { order: number; topic: string; minutesAllotted?: number; materialDue?: string };
  return {
    order: data.order,
    topic: data.topic,
    ...(data.minutesAllotted !== undefined ? { minutesAllotted: data.minutesAllotted } : {}),
    ...(data.materialDue ? { materialDue: data.materialDue } : {}),
  };
}

export function applyAgendaRules(plan: SheetEditPlan, context: AgendaContext): SheetEditPlan {
  if (plan.tab.key !== 'agenda') return plan;
  const byMeeting = new Map<string, PlannedRow[]>();
  const rows = plan.rows.map((row): PlannedRow => {
    if (!row.data) return row;
    const meetingId = String(row.data.meeting);
    if (!context.meetings.has(meetingId))
      return { row: row.row, sheetId: row.sheetId, messages: [unknownMeeting(meetingId)] };
    byMeeting.set(meetingId, [...(byMeeting.get(meetingId) ?? []), row]);
    return row;
  });
  const verdicts = new Map<number, { errors: RowMessage[]; warnings: RowMessage[] }>();
  for (const [meetingId, edited] of byMeeting) {
    const editedIds = new Set(edited.map((r) => r.sheetId).filter(Boolean));
    const saved = (context.savedItems.get(meetingId) ?? []).filter((item) => !editedIds.has(item.id));
    const problems = checkAgendaTiming(context.meetings.get(meetingId)!, [...saved, ...edited.map(timingItem)]);
    for (const row of edited) {
      const order = timingItem(row).order;
      const errors = problems.filter((p) => p.code !== 'AGENDA_OVER_TIME' && p.order === order).map(toMessage);
      const warnings = problems.filter((p) => p.code === 'AGENDA_OVER_TIME').map(toMessage);
      verdicts.set(row.row, { errors, warnings });
    }
  }
  return {
    ...plan,
    rows: rows.map((row) => {
      const verdict = verdicts.get(row.row);
      if (!verdict || !row.data) return row;
      if (verdict.errors.length > 0) return { row: row.row, sheetId: row.sheetId, messages: verdict.errors };
      return verdict.warnings.length > 0 ? { ...row, warnings: [...(row.warnings ?? []), ...verdict.warnings] } : row;
    }),
  };
}
