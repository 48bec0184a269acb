// Which date of a record makes it "due" and for whom. Canonical records carry these as top-level fields
// (`dueAt` as a Firestore timestamp, `dueFor` as e-mail addresses), so the tick finds due work with one
// indexed range query per tab instead of reading whole collections. Done items (a visit with a done-on
// date, a finished action) are not due.
//
// A meeting also carries `startAt`, its start as a timestamp that, unlike `dueAt`, stays on the record when
// the row is deleted: a series asks which weeks it already has (a cancelled week included) with one indexed
// range query on it.
//
// A presenter's material is owed to its meeting: the due item names the meeting (`beforeMeeting`), and the tick
// drops it once that meeting has started (domain/mail/owed-before-meeting.ts). An action is not: it outlives the
// meeting that decided it.
//
// A minutes action line is not due itself: it becomes an Actions record (domain/minutes/action-lines.ts), and
// only that record reminds its owner, so closing the action on the Actions tab ends the reminders.
import { DateTime } from 'luxon';
import type { DueItemKind } from '../mail/due-items.ts';
import type { TabKey } from './workbook-schema.ts';

interface DueRule {
  due: string;
  people: readonly string[];
  title: string;
  /** The kind of due item the tick makes of it (which reminder and digest section). */
  kind: DueItemKind;
  /** The record is settled when this column has a value (or one of these values). */
  doneWhen?: { column: string; values?: readonly string[] };
  /**
   * The column naming the meeting the item is owed to: owed only until that meeting starts (material is for the
   * attendees to read before it), so the tick drops it once the meeting has started or was deleted.
   */
  beforeMeeting?: string;
}

const DUE_RULES: Partial<Record<TabKey, DueRule>> = {
  meetings: { due: 'start', people: ['host', 'recorder'], title: 'title', kind: 'meeting' },
  agenda: {
    due: 'materialDue',
    people: ['presenter'],
    title: 'topic',
    kind: 'material',
    doneWhen: { column: 'materialLink' },
    beforeMeeting: 'meeting',
  },
  actions: {
    due: 'due',
    people: ['owner'],
    title: 'text',
    kind: 'action',
    doneWhen: { column: 'state', values: ['done', 'cancelled'] },
  },
  visits: { due: 'due', people: ['visitor'], title: 'customer', kind: 'visit', doneWhen: { column: 'doneOn' } },
};

/**
 * The tabs whose records fall due, the kind of due item each makes and, for items owed to a meeting, the column
 * naming it: the tick queries exactly these.
 */
export const DUE_TABS: ReadonlyArray<{ tab: TabKey; kind: DueItemKind; meetingColumn?: string }> = Object.entries(
  DUE_RULES,
).map(([tab, rule]) => ({
  tab: tab as TabKey,
  kind: rule.kind,
  ...(rule.beforeMeeting ? { meetingColumn: rule.beforeMeeting } : {}),
}));

export interface DueFields {
  /** ISO instant; null when the record is not (or no longer) due. */
  dueAt: string | null;
  dueFor: string[];
  dueTitle: string | null;
  /** A plain date (an action's due day), not a moment: digests cover it; it is never "urgent" by the hour. */
  dueAllDay: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

export function deriveDueFields(tab: TabKey, data: Readonly<Record<string, unknown>>, zone: string): DueFields {
  const rule = DUE_RULES[tab];
  const none: DueFields = { dueAt: null, dueFor: [], dueTitle: null, dueAllDay: false };
  if (!rule) return none;
  const raw = data[rule.due];
  if (typeof raw !== 'string' || raw === '') return none;
  const done = rule.doneWhen ? data[rule.doneWhen.column] : undefined;
  if (
    rule.doneWhen &&
    done !== undefined &&
    done !== '' &&
    (!rule.doneWhen.values || rule.doneWhen.values.includes(String(done)))
  )
    return none;
  // Date-only values (a due date) are due at the start of that day in the workbook's zone.
  const allDay = raw.length === 10;
  const at = allDay ? DateTime.fromISO(raw, { zone }) : DateTime.fromISO(raw, { setZone: true });
  if (!at.isValid) return none;
  const people = [
    ...new Set(
      rule.people
        .map((key) => data[key])
        .filter((v): v is string => typeof v === 'string' && EMAIL.test(v))
        .map((v) => v.toLowerCase()),
    ),
  ];
  const title = data[rule.title];
  return { dueAt: at.toISO(), dueFor: people, dueTitle: typeof title === 'string' ? title : null, dueAllDay: allDay };
}

/**
 * A meeting's start (ISO instant) for the record's `startAt`; null when the start is missing or invalid, and
 * undefined for tabs that have no start (their records carry no `startAt`).
 */
export function deriveStartAt(tab: TabKey, data: Readonly<Record<string, unknown>>): string | null | undefined {
  if (tab !== 'meetings') return undefined;
  const raw = data.start;
  if (typeof raw !== 'string' || raw === '') return null;
  const at = DateTime.fromISO(raw, { setZone: true });
  return at.isValid ? at.toISO() : null;
}
