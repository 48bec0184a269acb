// The series rule of the tick: for every meeting series, claim the occurrences of the next weeks that do not
// exist yet, then write the claimed ones into the workbook as rows (Meetings, then the agenda's review item
// and the roster on Attendance) and save them through the same edit workflow a typed row goes through, so
// they are validated, get records and audit entries, and show their ID and Status like any other row.
//
// Crash safety: a claim is created before any row; a claim stays pending (leased for a few minutes to one
// tick) until its rows are written. A tick that finds a pending claim whose meeting row is already in the
// sheet (a crash after the append) saves that row instead of appending it again: generated IDs are derived
// from the occurrence, so the row is found by its ID.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { FirestoreSeries, OccurrenceClaim } from '../adapters/firestore-series.ts';
import { writeRowResults } from '../adapters/sheet-row-writer.ts';
import type { CellValue as SheetCell, SheetsAdapter } from '../adapters/sheets.ts';
import { EDIT_REQUEST_VERSION, type CellValue, type EditRequest } from '../domain/edit-request.ts';
import { findTab, matchHeaders } from '../domain/header-matching.ts';
import { planSeriesOccurrences } from '../domain/meeting-series.ts';
import type { NotificationSettings } from '../domain/notification-settings.ts';
import { meetingOccurrenceRow, occurrenceIds, reviewItemRow, rosterRows, seriesTemplates } from '../domain/series-rows.ts';
import type { TabKey } from '../domain/workbook-schema.ts';
import { type ApplySheetEditDeps, applySheetEdit } from './apply-sheet-edit.ts';

/** How far ahead occurrences are created: enough for every notice period, few enough to keep the tab short. */
export const SERIES_HORIZON_WEEKS = 4;

export interface SeriesDeps extends ApplySheetEditDeps {
  series: FirestoreSeries;
  sheets: SheetsAdapter;
  /** Who the audit names as the editor of generated rows (the system mailbox), or '' when unknown. */
  editor: string;
}

export interface SeriesReport {
  claimed: number;
  meetingsWritten: number;
  skipped: number;
}

interface TabRows {
  title: string;
  header: CellValue[];
  rows: CellValue[][];
  /** Record ID → 1-based sheet row. */
  rowById: Map<string, number>;
}

function asCells(rows: SheetCell[][]): CellValue[][] {
  return rows.map((row) => row.map((cell) => (cell === undefined ? null : cell)));
}

async function readTabRows(sheets: SheetsAdapter, spreadsheetId: string, title: string, tab: TabKey): Promise<TabRows> {
  const [header = [], ...rows] = asCells(await sheets.readTab(spreadsheetId, title));
  const idIndex = matchHeaders(tab, header).columns.get('id');
  const rowById = new Map<string, number>();
  rows.forEach((row, i) => {
    const id = idIndex === undefined ? undefined : row[idIndex];
    if (typeof id === 'string' && id.trim() !== '') rowById.set(id.trim(), i + 2);
  });
  return { title, header, rows, rowById };
}

/** Claims the missing occurrences of every series; returns how many were claimed now. */
async function claimOccurrences(workbookId: string, settings: NotificationSettings, deps: SeriesDeps, now: DateTime): Promise<number> {
  let claimed = 0;
  for (const template of seriesTemplates(await deps.series.templates(workbookId), settings.timeZone)) {
    const existing = await deps.series.existingStarts(workbookId, template.series.key, now.minus({ days: 1 }));
    const planned = planSeriesOccurrences(template.series, [template.series.anchor, ...existing], now, SERIES_HORIZON_WEEKS, settings.timeZone, settings.holidays);
    for (const occurrence of planned) if (await deps.series.claim(workbookId, template.templateId, occurrence, now)) claimed += 1;
  }
  return claimed;
}

/** Appends the rows whose ID the tab does not show yet, saves all of them, and writes their ID and Status back. */
async function writeRows(
  workbookId: string,
  tab: TabRows,
  rows: ReadonlyArray<{ id: string; values: CellValue[] }>,
  deps: SeriesDeps,
  settings: NotificationSettings,
  now: DateTime,
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const idIndex = matchHeaders(findTab(tab.title)!, tab.header).columns.get('id')!;
  const missing = rows.filter((r) => !tab.rowById.has(r.id));
  if (missing.length > 0) {
    const first = await deps.sheets.appendRows(workbookId, tab.title, missing.map((r) => r.values.map((v) => v ?? '')), tab.rows.length + 2);
    missing.forEach((r, i) => tab.rowById.set(r.id, first + i));
  }
  // A row already in the sheet (appended before a crash) is saved as the sheet has it now.
  const editRows = rows.map((r) => {
    const row = tab.rowById.get(r.id)!;
    const inSheet = missing.includes(r) ? undefined : tab.rows[row - 2];
    // Read rows are trimmed of trailing blanks: pad to the header, as the script sends them.
    const source = inSheet ?? r.values;
    const values = tab.header.map((_, i) => (i === idIndex ? r.id : (source[i] ?? null)));
    return { row, values };
  });
  const request: EditRequest = {
    version: EDIT_REQUEST_VERSION,
    eventId: randomUUID(),
    spreadsheetId: workbookId,
    sheetName: tab.title,
    editor: deps.editor,
    kind: 'edit',
    headerRow: tab.header.map((h) => (h === null ? '' : String(h))),
    rows: editRows,
    timeZone: settings.timeZone,
    sentAt: now.toISO()!,
  };
  const outcome = await applySheetEdit(request, now, deps);
  if (!outcome.ok) throw new Error(`series rows for ${tab.title} were refused: ${outcome.code}`);
  await writeRowResults(deps.sheets, workbookId, tab.title, tab.header, outcome.response.results);
  const saved = new Set(outcome.savedRows);
  return new Set(editRows.filter((r) => saved.has(r.row)).map((r) => r.values[idIndex] as string));
}

async function writeClaims(workbookId: string, claims: readonly OccurrenceClaim[], settings: NotificationSettings, deps: SeriesDeps, now: DateTime): Promise<{ written: number; skipped: number }> {
  const spreadsheet = await deps.sheets.getSpreadsheet(workbookId);
  const titles = new Map<TabKey, string>();
  for (const sheet of spreadsheet.sheets ?? []) {
    const title = sheet.properties?.title ?? '';
    const key = findTab(title)?.key;
    if (key && !titles.has(key as TabKey)) titles.set(key as TabKey, title);
  }
  const read = (title: string, tab: TabKey) => readTabRows(deps.sheets, workbookId, title, tab);
  const meetingsTitle = titles.get('meetings');
  if (!meetingsTitle) {
    for (const claim of claims) await deps.series.settle(workbookId, claim.id, { state: 'skipped', detail: { reason: 'NO_MEETINGS_TAB' } }, now);
    return { written: 0, skipped: claims.length };
  }
  const meetingsTab = await read(meetingsTitle, 'meetings');
  const zone = settings.timeZone;

  const ready: OccurrenceClaim[] = [];
  const meetingRows: { id: string; values: CellValue[] }[] = [];
  let skipped = 0;
  for (const claim of claims) {
    const templateRow = meetingsTab.rowById.get(claim.templateId);
    const ids = occurrenceIds(workbookId, claim.occurrence.occurrenceKey);
    if (templateRow === undefined && !meetingsTab.rowById.has(ids.meeting)) {
      // The template's row is gone from the sheet: nothing to copy, and the series has ended anyway.
      await deps.series.settle(workbookId, claim.id, { state: 'skipped', detail: { reason: 'TEMPLATE_ROW_MISSING' } }, now);
      skipped += 1;
      continue;
    }
    const template = templateRow === undefined ? [] : meetingsTab.rows[templateRow - 2]!;
    meetingRows.push(meetingOccurrenceRow(meetingsTab.header, template, claim.occurrence, ids, zone));
    ready.push(claim);
  }
  const savedMeetings = await writeRows(workbookId, meetingsTab, meetingRows, deps, settings, now);

  // The agenda's review item and the roster need the meeting record: only for meetings that were saved.
  const savedClaims = ready.filter((c) => savedMeetings.has(occurrenceIds(workbookId, c.occurrence.occurrenceKey).meeting));
  const agendaTitle = titles.get('agenda');
  if (agendaTitle && savedClaims.length > 0) {
    const agendaTab = await read(agendaTitle, 'agenda');
    const rows = savedClaims.map((c) => reviewItemRow(agendaTab.header, c.occurrence, occurrenceIds(workbookId, c.occurrence.occurrenceKey)));
    await writeRows(workbookId, agendaTab, rows, deps, settings, now);
  }
  const attendanceTitle = titles.get('attendance');
  if (attendanceTitle && savedClaims.length > 0) {
    const attendanceTab = await read(attendanceTitle, 'attendance');
    const meetingIndex = matchHeaders('attendance', attendanceTab.header).columns.get('meeting');
    const rows = savedClaims.flatMap((c) => {
      const ids = occurrenceIds(workbookId, c.occurrence.occurrenceKey);
      const roster = meetingIndex === undefined ? [] : attendanceTab.rows.filter((r) => r[meetingIndex] === c.templateId);
      return rosterRows(attendanceTab.header, roster, ids);
    });
    await writeRows(workbookId, attendanceTab, rows, deps, settings, now);
  }
  for (const claim of ready) {
    const id = occurrenceIds(workbookId, claim.occurrence.occurrenceKey).meeting;
    await deps.series.settle(workbookId, claim.id, { state: 'written', detail: { meetingId: id, saved: savedMeetings.has(id) } }, now);
  }
  return { written: ready.length, skipped };
}

export async function runSeriesGeneration(workbookId: string, settings: NotificationSettings, deps: SeriesDeps, now: DateTime): Promise<SeriesReport> {
  const claimed = await claimOccurrences(workbookId, settings, deps, now);
  const leased = await deps.series.leasePending(workbookId, now, `series-${randomUUID()}`);
  if (leased.length === 0) return { claimed, meetingsWritten: 0, skipped: 0 };
  // Claims come back in document-ID order; rows go into the sheet in date order.
  const byStart = [...leased].sort((a, b) => DateTime.fromISO(a.occurrence.start).toMillis() - DateTime.fromISO(b.occurrence.start).toMillis());
  const { written, skipped } = await writeClaims(workbookId, byStart, settings, deps, now);
  return { claimed, meetingsWritten: written, skipped };
}
