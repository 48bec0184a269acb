// A due item is one thing one person has to do or attend by a given time: a meeting they host, material they
// present, an action they own, a customer visit. Rules read them to decide what to mail. Whether something is
// overdue, due today or coming up is decided by calendar day in the workbook zone, not by hours: an item due
// at 00:30 is "tomorrow" to someone reading the digest at 23:30, although it is only an hour away.
import { DateTime } from 'luxon';
import type { Lang, Localized } from '../messages.ts';

export type DueItemKind = 'meeting' | 'material' | 'action' | 'visit' | 'minutesConfirmation' | (string & {});

export interface DueItem {
  kind: DueItemKind;
  /** 'collection/id' of the canonical record, e.g. 'meetings/M-0001'. */
  recordId: string;
  /** One e-mail address; an item for two people is two due items. */
  recipient: string;
  /** A Localized pair for system-made titles; a plain string is what a user typed and is shown as is. */
  title: Localized | string;
  /** ISO instant with offset. */
  dueAt: string;
  /**
   * True when only a date was given (an action due 2026-11-28): the whole day counts, so the item is never
   * "due in 2 hours" at 22:00 the night before; the digest covers it.
   */
  allDay?: boolean;
  detail?: Localized;
  /** https link to the record (sheet row, document). */
  link?: string;
  /**
   * The meeting record ('meetings/M-…') the item is owed to, as a presenter's material is: it is reminded of
   * only until that meeting starts (owed-before-meeting.ts).
   */
  meeting?: string;
}

/**
 * Kinds that happen at their time rather than being finished by it: a meeting that has started is not
 * "overdue", it is over. Such items are reminded of only before they start.
 */
const EVENT_KINDS: ReadonlySet<string> = new Set(['meeting']);

export function isEventKind(kind: string): boolean {
  return EVENT_KINDS.has(kind);
}

export type DueClass = 'overdue' | 'today' | 'upcoming' | 'later';

/** The instant an item is due, in the workbook zone; undefined when dueAt is not a valid ISO instant. */
export function dueTimeOf(item: Pick<DueItem, 'dueAt'>, zone: string): DateTime | undefined {
  // An offset in the text is honoured; a text without one is read as workbook wall-clock time, never as the
  // server's own zone.
  const at = DateTime.fromISO(item.dueAt, { zone });
  return at.isValid ? at : undefined;
}

/** The calendar day an item is due on in the workbook zone, as an ISO date. */
export function dueDateOf(item: Pick<DueItem, 'dueAt'>, zone: string): string | undefined {
  return dueTimeOf(item, zone)?.toISODate() ?? undefined;
}

/** Whole calendar days between two ISO dates; counted in UTC so a daylight-saving day still counts as one. */
export function calendarDaysBetween(fromIsoDate: string, toIsoDate: string): number {
  const from = DateTime.fromISO(fromIsoDate, { zone: 'UTC' });
  const to = DateTime.fromISO(toIsoDate, { zone: 'UTC' });
  return Math.round(to.diff(from, 'days').days);
}

/** Days from `now`'s calendar day to the item's: negative when overdue, 0 when due today. */
export function dueDayOffset(item: Pick<DueItem, 'dueAt'>, now: DateTime, zone: string): number | undefined {
  const due = dueDateOf(item, zone);
  const today = now.setZone(zone).toISODate();
  if (due === undefined || today === null) return undefined;
  return calendarDaysBetween(today, due);
}

/**
 * Overdue (an earlier day), today, upcoming (within `lookaheadDays` days after today) or later; undefined
 * when the item's dueAt cannot be read.
 */
export function classifyDueItem(
  item: Pick<DueItem, 'dueAt'>,
  now: DateTime,
  zone: string,
  lookaheadDays: number,
): DueClass | undefined {
  const offset = dueDayOffset(item, now, zone);
  if (offset === undefined) return undefined;
  if (offset < 0) return 'overdue';
  if (offset === 0) return 'today';
  return offset <= lookaheadDays ? 'upcoming' : 'later';
}

/** The title in the reader's language; a typed title has only one. */
export function titleIn(item: Pick<DueItem, 'title'>, language: Lang): string {
  return typeof item.title === 'string' ? item.title : item.title[language];
}

/** Earliest first; ties by title and record so the order never depends on the order the store returned. */
export function compareDueItems(a: DueItem, b: DueItem): number {
  // dueAt carries an offset; UTC only decides how a text without one is read, so the order never depends
  // on the server's zone.
  const at = DateTime.fromISO(a.dueAt, { zone: 'UTC' }).toMillis();
  const bt = DateTime.fromISO(b.dueAt, { zone: 'UTC' }).toMillis();
  if (at !== bt) return at - bt;
  return compareText(titleIn(a, 'en'), titleIn(b, 'en')) || compareText(a.recordId, b.recordId);
}

// Code-point order, not localeCompare: the result must not depend on the server's ICU locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The items without the meetings their recipient is excused from: `onLeave` maps a meeting's record ID
 * (`meetings/M-…`) to the addresses whose leave from it is approved (roster.ts). A host or recorder on
 * approved leave is not reminded of the meeting in digests; their substitute attends and gets the notice.
 */
export function withoutApprovedLeave(
  items: readonly DueItem[],
  onLeave: ReadonlyMap<string, ReadonlySet<string>>,
): DueItem[] {
  return items.filter(
    (item) => item.kind !== 'meeting' || !onLeave.get(item.recordId)?.has(item.recipient.trim().toLowerCase()),
  );
}
