// Confirmed minutes change only by issuing a new version (seed 002: confirmed minutes are what decisions are
// carried out by). A Minutes row of a meeting whose minutes are confirmed, and not reopened by "Finalize
// minutes", is not saved when it would change the record: a new line, or a changed kind, text, owner, due or
// agenda item. A row re-sent unchanged (a resync, a reconcile) passes, so nothing else stops working.
import { formatMessage } from '../messages.ts';
import type { RowMessage } from '../workbook/row-schemas.ts';
import type { PlannedRow, SheetEditPlan } from '../workbook/sheet-edit-plan.ts';

export interface MinutesLockContext {
  /** Meeting ID → the confirmed version, for the meetings (as typed or as stored) whose minutes are locked. */
  locked: ReadonlyMap<string, number>;
  /** Line ID → its stored values, for the edited rows that have a record. */
  saved: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

const LINE_FIELDS = ['meeting', 'agendaItem', 'kind', 'text', 'owner', 'due'] as const;

/** Meeting IDs the edited Minutes rows name (the row's own value; the stored one comes with `saved`). */
export function minutesLockMeetingIds(plan: SheetEditPlan): string[] {
  if (plan.tab.key !== 'minutes') return [];
  const named = plan.rows.map((r) => (r.data ?? r.partial)?.meeting);
  return [...new Set(named.filter((v): v is string => typeof v === 'string' && v !== ''))];
}

/** Line IDs of the edited rows that show one (their stored records are read for the comparison). */
export function minutesLockLineIds(plan: SheetEditPlan): string[] {
  if (plan.tab.key !== 'minutes') return [];
  return [...new Set(plan.rows.map((r) => r.sheetId?.trim() ?? '').filter((id) => id !== ''))];
}

function unchanged(row: PlannedRow, saved: Readonly<Record<string, unknown>> | undefined): boolean {
  if (!saved || !row.data) return false;
  return LINE_FIELDS.every((field) => (row.data![field] ?? '') === (saved[field] ?? ''));
}

/**
 * Why deleting a saved line is refused: its meeting's minutes are confirmed (a deletion changes them as much as an
 * edit does). Undefined when the deletion may stand. Applies to every deletion, the system's reconcile included:
 * the lock is about the minutes, not about who deleted the row.
 */
export function minutesDeletionLock(
  line: Readonly<Record<string, unknown>>,
  locked: ReadonlyMap<string, number>,
): RowMessage | undefined {
  const version = typeof line.meeting === 'string' ? locked.get(line.meeting) : undefined;
  if (version === undefined) return undefined;
  const params = { version };
  return {
    code: 'MINUTES_CONFIRMED_DELETE_LOCKED',
    column: '',
    en: formatMessage('MINUTES_CONFIRMED_DELETE_LOCKED', params, 'en'),
    zh: formatMessage('MINUTES_CONFIRMED_DELETE_LOCKED', params, 'zh'),
  };
}

export function applyMinutesLock(plan: SheetEditPlan, context: MinutesLockContext): SheetEditPlan {
  if (plan.tab.key !== 'minutes' || context.locked.size === 0) return plan;
  return {
    ...plan,
    rows: plan.rows.map((row): PlannedRow => {
      if (!row.data) return row;
      const saved = row.sheetId ? context.saved.get(row.sheetId.trim()) : undefined;
      const meetings = [row.data.meeting, saved?.meeting].filter((m): m is string => typeof m === 'string');
      const lockedBy = meetings.find((m) => context.locked.has(m));
      if (lockedBy === undefined || unchanged(row, saved)) return row;
      const params = { version: context.locked.get(lockedBy)! };
      const message: RowMessage = {
        code: 'MINUTES_CONFIRMED_LOCKED',
        column: 'text',
        en: formatMessage('MINUTES_CONFIRMED_LOCKED', params, 'en'),
        zh: formatMessage('MINUTES_CONFIRMED_LOCKED', params, 'zh'),
      };
      return { row: row.row, sheetId: row.sheetId, messages: [message] };
    }),
  };
}
