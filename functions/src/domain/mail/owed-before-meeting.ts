// Some due items are owed to a meeting: a presenter's material (seed 002 资料提交) is there for the attendees to
// read before the meeting. Once the meeting has started, or was cancelled (its row deleted), a missing link is
// no longer anything to remind anyone of, however long it has been overdue: the item leaves the digests and the
// urgent reminders. A meeting's own item is the same: it is for attending, so once the meeting has started
// there is nothing left to remind of (not even under "today" in a digest planned after the start).
//
// Which items are owed to which meeting is the due table's business (record-due-fields.ts: `beforeMeeting`);
// this rule only judges, with the meetings' start and deletion read by ID.
import { DateTime } from 'luxon';
import { type DueItem, isEventKind } from './due-items.ts';

/** What the rule needs of a meeting record: its start (ISO instant; null when unknown) and whether it is deleted. */
export interface MeetingProgress {
  startAt: string | null;
  deleted: boolean;
}

/** The meeting record ('meetings/M-…') an item is owed to: a meeting item its own, else the one it names. */
export function meetingOwed(item: Pick<DueItem, 'kind' | 'recordId' | 'meeting'>): string | undefined {
  if (isEventKind(item.kind)) return item.recordId;
  return item.meeting;
}

/**
 * The items without those owed to a meeting that has started or was deleted by `now`. `meetings` maps record
 * IDs ('meetings/M-…') to what is known of them; a meeting item needs no entry (its dueAt is its start). An item
 * naming a meeting that is not found (a row naming it by title) keeps its own due time: nothing says it is over.
 */
export function withoutStartedMeetings(
  items: readonly DueItem[],
  meetings: ReadonlyMap<string, MeetingProgress>,
  now: DateTime,
): DueItem[] {
  return items.filter((item) => !meetingIsOver(item, meetings, now));
}

function meetingIsOver(item: DueItem, meetings: ReadonlyMap<string, MeetingProgress>, now: DateTime): boolean {
  const owed = meetingOwed(item);
  if (owed === undefined) return false;
  const known = meetings.get(owed);
  if (known?.deleted) return true;
  // An item's own due time is its meeting's start when it is the meeting (deriveDueFields keys it on `start`).
  const startAt = known?.startAt ?? (owed === item.recordId ? item.dueAt : null);
  if (startAt === null) return false;
  const start = DateTime.fromISO(startAt, { setZone: true });
  return start.isValid && start <= now;
}
