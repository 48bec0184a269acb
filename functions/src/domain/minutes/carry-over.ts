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

/** What a carried-over action shows under the review item: its text, owner and due date. */
export interface CarriedActionView extends CarryOverAction {
  text: string;
  owner?: string;
}

/**
 * One line per carried-over action, as the Agenda tab's "Open actions carried over" cell and the notice mail
 * list them: "AC-… 发送价格表 (li@x.cn, 截止 2027-03-12)". The owner is shown by e-mail, which is what the
 * Actions tab shows; a reader finds the row by the ID.
 */
export function carriedOverLines(actions: readonly CarriedActionView[], lang: 'zh' | 'en'): string[] {
  return actions.map((action) => {
    const facts = [
      action.owner,
      action.due ? (lang === 'zh' ? `截止 ${action.due}` : `due ${action.due}`) : undefined,
    ].filter((part): part is string => !!part);
    const text = action.text.replace(/\s+/gu, ' ').trim();
    return `${action.id} ${text}${facts.length > 0 ? ` (${facts.join(lang === 'zh' ? ',' : ', ')})` : ''}`;
  });
}

/** The Agenda cell text in the workbook's language (a mixed workbook reads the Chinese form). */
export function carriedOverCell(actions: readonly CarriedActionView[], language: 'zh' | 'en' | 'mixed'): string {
  return carriedOverLines(actions, language === 'en' ? 'en' : 'zh').join('\n');
}

/**
 * Whether an agenda item is a meeting's review of previous decisions: the item series generation creates
 * (REVIEW_PREVIOUS_DECISIONS_TOPIC), or one typed by hand under either name.
 */
export function isReviewItem(topic: string): boolean {
  const normalized = topic.normalize('NFKC').toLowerCase();
  return normalized.includes('上次决议跟踪') || normalized.includes('review of previous decisions');
}

/**
 * The "Open actions carried over" cell of each review item of `upcoming` meetings (agenda item ID → text; an
 * empty text once nothing is open, so a finished list is cleared). `meetings` must hold the actions' source
 * meetings; only review items are filled.
 */
export function carriedOverCells(
  upcoming: readonly CarryOverMeeting[],
  meetings: readonly CarryOverMeeting[],
  actions: readonly CarriedActionView[],
  agenda: readonly { id: string; meeting: string; topic: string }[],
  language: 'zh' | 'en' | 'mixed',
): Map<string, string> {
  const cells = new Map<string, string>();
  const all = [...meetings, ...upcoming];
  for (const meeting of upcoming) {
    const reviews = agenda.filter((item) => item.meeting === meeting.id && isReviewItem(item.topic));
    if (reviews.length === 0) continue;
    const text = carriedOverCell(carriedOverActions(meeting, all, actions), language);
    for (const review of reviews) cells.set(review.id, text);
  }
  return cells;
}
