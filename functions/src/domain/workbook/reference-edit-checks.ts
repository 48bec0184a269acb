// The checks every tab shares that need other records, driven by the schema rather than by tab (issue 13):
// - every reference column names a live record of its tab: a person column (any `personRef`: hosts, recorders,
//   presenters, attendees, substitutes, owners, collectors, visitors, managers …) an active person on People,
//   a meeting, agenda item or customer column a live row of that tab;
// - a tab's natural key (TabSpec.naturalKey: a person's email; a customer's name and phone) belongs to one
//   record: a second row with the same key is refused, naming the first (its ID and row, or its row in the paste);
// - a column that records the past (ColumnSpec.notInFuture) holds no date after today, no time after now.
// They run on invalid rows too (on the cells that parsed), so a row shows every problem at once.
//
// Decisions:
// - An inactive person is refused in every person column, as the meeting rules already did for hosts: the
//   People tab is the list of current staff. Only references a row changes are judged (every one of a new
//   row): a leaver's old rows stay saved and can still be edited in their other columns; naming a leaver anew
//   is refused.
// - People typed in the same People paste count as on People (a manager typed below their team), with what
//   the paste says about them.
// - Times are allowed TIME_GRACE_MINUTES ahead of the edit: a check-in typed at 08:58 as "09:00" is rounding,
//   not a typo, and sheet and server clocks differ a little.
import { DateTime } from 'luxon';
import { type Localized, formatMessage, joinLocalized, type MessageParams } from '../messages.ts';
import type { ErrorCode } from '../errors.ts';
import { normalizeLabel } from './label-normalization.ts';
import { type RowMessage, sortByColumn } from './row-schemas.ts';
import type { PlannedRow, SheetEditPlan } from './sheet-edit-plan.ts';
import {
  type ColumnSpec,
  REF_TARGET_TAB,
  type RefKind,
  type TabSpec,
  getColumn,
  getTab,
  labelOf,
  listInputColumns,
} from './workbook-schema.ts';

export const TIME_GRACE_MINUTES = 15;

/** A live record that holds a natural key an edited row also holds. */
export interface KeyHolder {
  id: string;
  sheetRow?: number | null;
  data: Readonly<Record<string, unknown>>;
}

export interface ReferenceContext {
  /** Lower-case e-mail → whether the People tab has an active live row for it. */
  people: ReadonlyMap<string, { active: boolean }>;
  /** IDs of the live records the edited rows name, per referenced tab. */
  meetings: ReadonlySet<string>;
  agendaItems: ReadonlySet<string>;
  /** Agenda item ID → its meeting, so a Minutes line cannot name an item of another meeting (absent: not read). */
  agendaMeetings?: ReadonlyMap<string, string>;
  customers: ReadonlySet<string>;
  /** Live records of the edited tab sharing the natural-key lookup value of an edited row. */
  keyHolders: readonly KeyHolder[];
}

/** What to load for a plan: the references its rows name, and the natural-key values to look up. */
export interface ReferenceNeeds {
  people: string[];
  meetings: string[];
  agendaItems: string[];
  customers: string[];
  /** The edited tab's field (record data key) and the values of it the rows hold; undefined: no natural key. */
  keyLookup?: { collection: string; field: string; values: string[] };
}

const REF_KINDS: ReadonlySet<string> = new Set<RefKind>(['personRef', 'meetingRef', 'agendaRef', 'customerRef']);

/** The values a row's checks read: the record, or for an invalid row the cells that parsed. */
function valuesOf(row: PlannedRow): Readonly<Record<string, unknown>> | undefined {
  return row.data ?? row.partial;
}

function refColumns(tab: TabSpec): ColumnSpec[] {
  return listInputColumns(tab).filter((column) => REF_KINDS.has(column.type.kind));
}

/**
 * The column of the natural key queried to find records sharing it: an email or phone column when the key has
 * one (few records share one), else the first column.
 */
function lookupColumn(tab: TabSpec): string | undefined {
  const key = tab.naturalKey ?? [];
  const specific = key.find((k) => ['email', 'phone'].includes(getColumn(tab, k)?.type.kind ?? ''));
  return specific ?? key[0];
}

function personKey(text: string): string {
  return text.trim().toLowerCase();
}

export function referenceNeeds(plan: SheetEditPlan): ReferenceNeeds {
  const wanted: Record<RefKind, Set<string>> = {
    personRef: new Set(),
    meetingRef: new Set(),
    agendaRef: new Set(),
    customerRef: new Set(),
  };
  const columns = refColumns(plan.tab);
  const field = lookupColumn(plan.tab);
  const keyValues = new Set<string>();
  for (const row of plan.rows) {
    const values = valuesOf(row);
    if (!values) continue;
    for (const column of columns) {
      const value = values[column.key];
      if (typeof value !== 'string' || value === '') continue;
      const kind = column.type.kind as RefKind;
      wanted[kind].add(kind === 'personRef' ? personKey(value) : value);
    }
    if (field && typeof values[field] === 'string') keyValues.add(values[field] as string);
  }
  const ids = (set: Set<string>) => [...set].filter((id) => !id.includes('/'));
  return {
    people: [...wanted.personRef],
    meetings: ids(wanted.meetingRef),
    agendaItems: ids(wanted.agendaRef),
    customers: ids(wanted.customerRef),
    ...(field && plan.tab.collection && keyValues.size > 0
      ? { keyLookup: { collection: plan.tab.collection, field, values: [...keyValues] } }
      : {}),
  };
}

/**
 * The natural key of a record as compared: names in NFKC, case-folded, with runs of spaces made one (so
 * "张三 " and "张三" are one customer); emails lower-case; phones are already E.164. Undefined when a key cell
 * is empty (no key, never a duplicate).
 */
export function naturalKeyOf(tab: TabSpec, values: Readonly<Record<string, unknown>>): string | undefined {
  if (!tab.naturalKey || tab.naturalKey.length === 0) return undefined;
  const parts: string[] = [];
  for (const key of tab.naturalKey) {
    const value = values[key];
    if (value === undefined || value === null || value === '') return undefined;
    parts.push(normalizeLabel(String(value)));
  }
  return parts.join('\u0000');
}

function message(code: ErrorCode, column: string, params: MessageParams): RowMessage {
  return { code, column, en: formatMessage(code, params, 'en'), zh: formatMessage(code, params, 'zh') };
}

function referenceProblem(
  column: ColumnSpec,
  value: string,
  context: ReferenceContext,
  pastedPeople: ReadonlyMap<string, { active: boolean }>,
): RowMessage | undefined {
  const kind = column.type.kind as RefKind;
  const params = { column: labelOf(column), value };
  const unknown = () =>
    message('REF_UNKNOWN', column.key, { ...params, targetTab: labelOf(getTab(REF_TARGET_TAB[kind])) });
  switch (kind) {
    case 'personRef': {
      const person = pastedPeople.get(personKey(value)) ?? context.people.get(personKey(value));
      if (!person) return unknown();
      return person.active ? undefined : message('PERSON_INACTIVE', column.key, params);
    }
    case 'meetingRef':
      return context.meetings.has(value) ? undefined : unknown();
    case 'agendaRef':
      return context.agendaItems.has(value) ? undefined : unknown();
    case 'customerRef':
      return context.customers.has(value) ? undefined : unknown();
  }
}

/**
 * An agenda item of another meeting than the row's own (a Minutes line whose discussion would be filed under an
 * item its meeting does not have). Judged when either the item or the meeting changed.
 */
function otherMeetingProblem(
  column: ColumnSpec,
  values: Readonly<Record<string, unknown>>,
  context: ReferenceContext,
  stored: Readonly<Record<string, unknown>> | undefined,
): RowMessage | undefined {
  if (column.type.kind !== 'agendaRef') return undefined;
  const item = values[column.key];
  const meeting = values.meeting;
  if (typeof item !== 'string' || typeof meeting !== 'string' || item === '' || meeting === '') return undefined;
  const itemMeeting = context.agendaMeetings?.get(item);
  if (itemMeeting === undefined || itemMeeting === meeting) return undefined;
  const unchanged =
    referenceUnchanged('agendaRef', item, stored, column.key) &&
    referenceUnchanged('meetingRef', meeting, stored, 'meeting');
  if (unchanged) return undefined;
  return message('AGENDA_ITEM_OTHER_MEETING', column.key, {
    column: labelOf(column),
    value: item,
    meetingId: itemMeeting,
  });
}

function futureProblem(column: ColumnSpec, value: unknown, now: DateTime, zone: string): RowMessage | undefined {
  if (!column.notInFuture || typeof value !== 'string') return undefined;
  const today = now.setZone(zone);
  if (column.type.kind === 'date') {
    const date = value.slice(0, 10);
    if (date <= today.toISODate()!) return undefined;
    return message('DATE_IN_FUTURE', column.key, { column: labelOf(column), value: date, today: today.toISODate()! });
  }
  const at = DateTime.fromISO(value, { setZone: true });
  if (!at.isValid || at <= today.plus({ minutes: TIME_GRACE_MINUTES })) return undefined;
  return message('DATE_IN_FUTURE', column.key, {
    column: labelOf(column),
    value: at.setZone(zone).toFormat('yyyy-MM-dd HH:mm'),
    today: today.toFormat('yyyy-MM-dd HH:mm'),
  });
}

function firstHolder(holder: KeyHolder): Localized {
  const row = holder.sheetRow;
  return row ? { en: `${holder.id}, row ${row}`, zh: `${holder.id},第 ${row} 行` } : { en: holder.id, zh: holder.id };
}

function duplicateMessage(tab: TabSpec, values: Readonly<Record<string, unknown>>, first: Localized): RowMessage {
  const keys = tab.naturalKey ?? [];
  const columns = keys.map((key) => getColumn(tab, key)).filter((c): c is ColumnSpec => !!c);
  return message('DUPLICATE_RECORD', keys[0] ?? '', {
    columns: joinLocalized(columns.map(labelOf), 'and'),
    value: keys.map((key) => String(values[key])).join(' / '),
    first,
  });
}

/** People a People paste itself names (its valid rows), with what the paste says about them. */
function pastedPeople(plan: SheetEditPlan): Map<string, { active: boolean }> {
  const people = new Map<string, { active: boolean }>();
  if (plan.tab.key !== 'people') return people;
  for (const row of plan.rows) {
    const email = row.data?.email;
    if (typeof email === 'string') people.set(personKey(email), { active: row.data?.active !== false });
  }
  return people;
}

/**
 * True when a row's reference cell names what its stored record already names (people compared ignoring
 * case). `stored` undefined: a new row, whose references are all judged.
 */
export function referenceUnchanged(
  kind: string,
  value: unknown,
  stored: Readonly<Record<string, unknown>> | undefined,
  key: string,
): boolean {
  const before = stored?.[key];
  if (typeof value !== 'string' || typeof before !== 'string') return false;
  return kind === 'personRef' ? personKey(value) === personKey(before) : value === before;
}

/** `stored`: sheet row → the data of the record the row holds; its unchanged references are not judged again. */
export function applyReferenceChecks(
  plan: SheetEditPlan,
  context: ReferenceContext,
  now: DateTime,
  stored: ReadonlyMap<number, Readonly<Record<string, unknown>>> = new Map(),
): SheetEditPlan {
  const tab = plan.tab;
  const columns = listInputColumns(tab);
  const pasted = pastedPeople(plan);
  // Records being rewritten by this very edit are judged by their new values (the paste), not their stored ones.
  const editedIds = new Set(plan.rows.map((row) => row.sheetId).filter((id): id is string => !!id));
  const storedKeys = new Map<string, KeyHolder>();
  for (const holder of context.keyHolders) {
    const key = naturalKeyOf(tab, holder.data);
    if (key !== undefined && !editedIds.has(holder.id) && !storedKeys.has(key)) storedKeys.set(key, holder);
  }
  const pastedKeys = new Map<string, number>();

  const rows = plan.rows.map((row): PlannedRow => {
    const values = valuesOf(row);
    if (!values) return row;
    const problems: RowMessage[] = [];
    for (const column of columns) {
      const value = values[column.key];
      // A column holding the value of the column it defaults from (a customer's Owner, its collector) names the
      // same person: the problem is reported once, next to the cell that was typed.
      const sameAsDefault = column.defaultFrom !== undefined && values[column.defaultFrom] === value;
      const judged = !sameAsDefault && !referenceUnchanged(column.type.kind, value, stored.get(row.row), column.key);
      if (REF_KINDS.has(column.type.kind) && typeof value === 'string' && value !== '' && judged) {
        const problem = referenceProblem(column, value, context, pasted);
        if (problem) problems.push(problem);
      }
      const other = otherMeetingProblem(column, values, context, stored.get(row.row));
      if (other) problems.push(other);
      const future = futureProblem(column, value, now, plan.timeZone);
      if (future) problems.push(future);
    }
    const key = naturalKeyOf(tab, values);
    if (key !== undefined) {
      const stored = storedKeys.get(key);
      const earlierRow = pastedKeys.get(key);
      if (stored) problems.push(duplicateMessage(tab, values, firstHolder(stored)));
      else if (earlierRow !== undefined)
        problems.push(duplicateMessage(tab, values, { en: `row ${earlierRow}`, zh: `第 ${earlierRow} 行` }));
      else if (row.data && problems.length === 0) pastedKeys.set(key, row.row);
    }
    if (problems.length === 0) return row;
    const messages = sortByColumn(tab, [...row.messages, ...problems]);
    return { row: row.row, sheetId: row.sheetId, messages, partial: { ...values } };
  });
  return { ...plan, rows };
}
