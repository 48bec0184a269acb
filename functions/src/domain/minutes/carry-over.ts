// Carry-over (seed 002, 决议跟踪): an action decided at a meeting of a series stays on the agenda of every later
// meeting of that series, under "上次决议跟踪 / Review of previous decisions", until it is done or cancelled.
// One rule serves the Agenda tab, the notice mail and the minutes document, so all three list the same actions.
import { DateTime } from 'luxon';

export interface CarryOverMeeting {
  id: string;
  /** The series key (Meetings "Series" column); a meeting outside a series carries nothing over. */
  series?: string;
  /** ISO start with offset. */
  start: string;
}

export interface CarryOverAction {
  id: string;
  /** The meeting whose minutes decided it (a meeting ID). */
  sourceMeeting?: string;
  /** Action state key (open, inProgress, blocked, done, cancelled); blank counts as open. */
  state?: string;
  /** ISO date. */
  due?: string;
}

/** States that end an action: it leaves reviews, digests and reminders. */
export const CLOSED_ACTION_STATES: ReadonlySet<string> = new Set(['done', 'cancelled']);

export function isActionOpen(action: Pick<CarryOverAction, 'state'>): boolean {
  return !CLOSED_ACTION_STATES.has(action.state ?? '');
}

function startOf(meeting: CarryOverMeeting): number {
  return DateTime.fromISO(meeting.start, { setZone: true }).toMillis();
}

/**
 * The open actions decided at earlier meetings of `meeting`'s series, oldest due date first (undated last),
 * then by ID. `meetings` may hold any meetings; only the same series' earlier ones count.
 */
export function carriedOverActions<A extends CarryOverAction>(
  meeting: CarryOverMeeting,
  meetings: readonly CarryOverMeeting[],
  actions: readonly A[],
): A[] {
  const series = meeting.series?.trim();
  if (!series) return [];
  const at = startOf(meeting);
  if (Number.isNaN(at)) return [];
  const earlier = new Set(
    meetings
      .filter((other) => other.id !== meeting.id && other.series?.trim() === series && startOf(other) < at)
      .map((other) => other.id),
  );
  return actions
    .filter((action) => action.sourceMeeting !== undefined && earlier.has(action.sourceMeeting))
    .filter(isActionOpen)
    .sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.id.localeCompare(b.id));
}
