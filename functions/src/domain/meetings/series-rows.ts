// From a meeting series to the sheet rows of its next occurrences (seed 002: the weekly S&OP meeting and the
// monthly review are regular meetings with fixed participants). A "template" is a live meeting record whose
// Recurrence cell is filled; each occurrence becomes three kinds of rows, created exactly as if typed:
// a Meetings row copied from the template's row, the agenda's first item "Review of previous decisions /
// 上次决议跟踪" (presented by the host), and the template's roster on the Attendance tab.
//
// Decisions:
// - Record IDs of generated rows are derived from the workbook and the occurrence (`SOP-WEEKLY@2026-12-07`), so
//   a retried or concurrent tick writes the same IDs and can tell a row it already appended.
// - Only the template's own columns are copied (type, title, series, venue, host, recorder, lodging, budget);
//   actual cost, recurrence and users' own note columns describe one meeting and stay empty.
// - Several rows of one series with a Recurrence: the one starting last wins, so a changed rule ("from next month
//   we meet on Tuesdays") is typed on the newest row without editing old ones.
// - Times are written as wall-clock text in the workbook zone ("2026-12-07 09:00"), the form a person types.
// - A generated meeting row can be refused (its host has left): the review item and roster need a meeting
//   record, so the occurrence waits for the user to fix the row. The tick then only looks at the record, never
//   sends the row again (that could overwrite the user's newer edit); the review item is presented by the host
//   the user chose. No roster after the meeting has started: the tick would settle every member as absent.
// - The template's roster is copied again whenever it grows: a person added to the template's Attendance rows
//   (typed after the weeks were generated, or joining later) is added to every generated week that has not
//   started (rosterAdditions). Only additions travel: a week's own rows are never changed or deleted, so a
//   person taken off one week by hand stays off it (their deleted record, or the claim's memory of having
//   offered them, says so), and a person taken off the template stays on the weeks already generated (take
//   them off there too: those rows may carry a leave request or a check-in). Each person is offered once.
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { CellValue } from '../../contract/edit-request.ts';
import { matchHeaders } from '../workbook/header-matching.ts';
import { type MeetingSeries, type PlannedOccurrence, parseRecurrence, ruleDurationMinutes } from './meeting-series.ts';
import { formatRecordId } from '../workbook/record-ids.ts';
import type { TabKey } from '../workbook/workbook-schema.ts';

export interface MeetingRecordView {
  id: string;
  data: Record<string, unknown>;
}

export interface SeriesTemplate {
  /** The meeting record whose row the occurrences copy. */
  templateId: string;
  series: MeetingSeries;
}

const COPIED_MEETING_COLUMNS = ['type', 'title', 'series', 'venue', 'host', 'recorder', 'lodging', 'budget'] as const;
const COPIED_ATTENDANCE_COLUMNS = ['person', 'role'] as const;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The series the templates define, one per series key (a template without a Series cell is keyed by its ID). */
export function seriesTemplates(records: readonly MeetingRecordView[], zone: string): SeriesTemplate[] {
  const chosen = new Map<string, { record: MeetingRecordView; start: DateTime }>();
  for (const record of records) {
    const recurrence = text(record.data.recurrence);
    const start = DateTime.fromISO(text(record.data.start) ?? '', { zone });
    if (!recurrence || !start.isValid) continue;
    const key = text(record.data.series) ?? record.id;
    const current = chosen.get(key);
    if (!current || start > current.start || (start.equals(current.start) && record.id > current.record.id))
      chosen.set(key, { record, start });
  }
  const templates: SeriesTemplate[] = [];
  for (const [key, { record, start }] of chosen) {
    const parsed = parseRecurrence(text(record.data.recurrence)!);
    if (!parsed.ok) continue;
    const end = DateTime.fromISO(text(record.data.end) ?? '', { zone });
    const durationMinutes =
      ruleDurationMinutes(parsed.rule) ?? (end.isValid ? Math.round(end.diff(start, 'minutes').minutes) : 0);
    if (durationMinutes <= 0) continue;
    const optional = (field: 'venue' | 'host' | 'recorder') =>
      text(record.data[field]) !== undefined ? { [field]: text(record.data[field])! } : {};
    templates.push({
      templateId: record.id,
      series: {
        key,
        rule: parsed.rule,
        durationMinutes,
        anchor: start.toISO()!,
        type: text(record.data.type) ?? '',
        title: text(record.data.title) ?? key,
        ...optional('venue'),
        ...optional('host'),
        ...optional('recorder'),
      },
    });
  }
  return templates.sort((a, b) => (a.series.key < b.series.key ? -1 : a.series.key > b.series.key ? 1 : 0));
}

function derivedId(tab: TabKey, workbookId: string, name: string): string {
  return formatRecordId(tab, createHash('sha256').update(`${workbookId}\u0000${name}`).digest());
}

export interface OccurrenceIds {
  meeting: string;
  reviewItem: string;
  /** Attendance row ID for a roster member (by lower-case e-mail). */
  attendance: (email: string) => string;
}

export function occurrenceIds(workbookId: string, occurrenceKey: string): OccurrenceIds {
  return {
    meeting: derivedId('meetings', workbookId, occurrenceKey),
    reviewItem: derivedId('agenda', workbookId, `${occurrenceKey}\u0000review`),
    attendance: (email) => derivedId('attendance', workbookId, `${occurrenceKey}\u0000${email.trim().toLowerCase()}`),
  };
}

/** A stable document ID for the occurrence's claim (series keys may hold any character, `/` included). */
export function occurrenceClaimId(occurrenceKey: string): string {
  return createHash('sha256').update(occurrenceKey).digest('hex').slice(0, 32);
}

/** Wall-clock text in the workbook zone, as a person would type it. */
export function wallClockText(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { setZone: true }).setZone(zone).toFormat('yyyy-MM-dd HH:mm');
}

/** A row laid out under `header`: the given column values where the header has those columns, '' elsewhere. */
export function rowUnderHeader(
  tab: TabKey,
  header: readonly unknown[],
  values: Readonly<Record<string, CellValue | undefined>>,
): CellValue[] {
  const { columns } = matchHeaders(tab, header);
  const row: CellValue[] = new Array<CellValue>(header.length).fill('');
  for (const [key, value] of Object.entries(values)) {
    const index = columns.get(key);
    if (index !== undefined && value !== undefined && value !== null) row[index] = value;
  }
  return row;
}

/** The cells of `row` for the given column keys (what the template's row says, as typed). */
export function cellsOf(
  tab: TabKey,
  header: readonly unknown[],
  row: readonly CellValue[],
  keys: readonly string[],
): Record<string, CellValue> {
  const { columns } = matchHeaders(tab, header);
  const cells: Record<string, CellValue> = {};
  for (const key of keys) {
    const index = columns.get(key);
    const value = index === undefined ? undefined : row[index];
    if (value !== undefined && value !== null && value !== '') cells[key] = value;
  }
  return cells;
}

export function meetingOccurrenceRow(
  header: readonly unknown[],
  templateRow: readonly CellValue[],
  occurrence: PlannedOccurrence,
  ids: OccurrenceIds,
  zone: string,
): { id: string; values: CellValue[] } {
  return {
    id: ids.meeting,
    values: rowUnderHeader('meetings', header, {
      ...cellsOf('meetings', header, templateRow, COPIED_MEETING_COLUMNS),
      id: ids.meeting,
      series: occurrence.seriesKey,
      start: wallClockText(occurrence.start, zone),
      end: wallClockText(occurrence.end, zone),
    }),
  };
}

/**
 * The agenda's review item. `presenter` (the saved meeting's host, null when it has none) replaces the one
 * planned from the template.
 */
export function reviewItemRow(
  header: readonly unknown[],
  occurrence: PlannedOccurrence,
  ids: OccurrenceIds,
  presenter?: string | null,
): { id: string; values: CellValue[] } {
  const item = occurrence.agenda[0]!;
  const shown = presenter === undefined ? item.presenter : (presenter ?? undefined);
  return {
    id: ids.reviewItem,
    values: rowUnderHeader('agenda', header, {
      id: ids.reviewItem,
      meeting: ids.meeting,
      order: item.order,
      topic: item.topic,
      presenter: shown,
    }),
  };
}

/** What a claim whose meeting row was refused does in a tick, given its meeting record now (undefined: none). */
export type WaitingOccurrenceStep =
  | { step: 'wait' }
  | { step: 'write'; presenter: string | null }
  | { step: 'skip'; reason: 'MEETING_DELETED' | 'OCCURRENCE_PASSED' };

export function waitingOccurrenceStep(
  occurrence: PlannedOccurrence,
  meeting: { deleted: boolean; data: Readonly<Record<string, unknown>> } | undefined,
  now: DateTime,
): WaitingOccurrenceStep {
  if (meeting?.deleted) return { step: 'skip', reason: 'MEETING_DELETED' };
  // The saved meeting's own start counts (the user may have moved it when fixing the row).
  const saved = meeting ? DateTime.fromISO(text(meeting.data.start) ?? '', { setZone: true }) : undefined;
  const start = saved?.isValid ? saved : DateTime.fromISO(occurrence.start, { setZone: true });
  if (start <= now) return { step: 'skip', reason: 'OCCURRENCE_PASSED' };
  if (!meeting) return { step: 'wait' };
  return { step: 'write', presenter: text(meeting.data.host) ?? null };
}

/**
 * The template's roster rows (person, role) copied for the occurrence, each with its person's lower-case
 * e-mail; rows without a person are skipped.
 */
export function rosterRows(
  header: readonly unknown[],
  templateRoster: readonly (readonly CellValue[])[],
  ids: OccurrenceIds,
): { id: string; person: string; values: CellValue[] }[] {
  const seen = new Set<string>();
  const rows: { id: string; person: string; values: CellValue[] }[] = [];
  for (const row of templateRoster) {
    const cells = cellsOf('attendance', header, row, COPIED_ATTENDANCE_COLUMNS);
    const person = typeof cells.person === 'string' ? cells.person.trim().toLowerCase() : '';
    if (person === '' || seen.has(person)) continue;
    seen.add(person);
    const id = ids.attendance(person);
    rows.push({ id, person, values: rowUnderHeader('attendance', header, { ...cells, id, meeting: ids.meeting }) });
  }
  return rows;
}

/** A person on the template's roster (its live Attendance rows), with whether People has them active. */
export interface TemplateRosterMember {
  email: string;
  active: boolean;
}

/** What a generated week's roster already has, or had. */
export interface WeekRoster {
  /** IDs of the Attendance records naming the week, deleted ones too. */
  ids: ReadonlySet<string>;
  /** Lower-case e-mails of the people on those records, deleted ones too (removed by hand: stays removed). */
  people: ReadonlySet<string>;
  /** Lower-case e-mails the series already offered to the week (their rows were written, saved or not). */
  offered: ReadonlySet<string>;
}

/**
 * The template's roster members (lower-case e-mails) a generated week lacks: active people the week never had
 * and was never offered. An inactive one is left out (their row would only be refused, tick after tick).
 */
export function rosterAdditions(
  template: readonly TemplateRosterMember[],
  ids: OccurrenceIds,
  week: WeekRoster,
): string[] {
  const additions: string[] = [];
  for (const member of template) {
    const email = member.email.trim().toLowerCase();
    if (email === '' || !member.active || additions.includes(email)) continue;
    if (week.offered.has(email) || week.people.has(email) || week.ids.has(ids.attendance(email))) continue;
    additions.push(email);
  }
  return additions;
}
