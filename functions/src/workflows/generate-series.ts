// The series rule of the tick: for every meeting series, claim the occurrences of the next weeks that do not
// exist yet, then write the claimed ones into the workbook as rows (Meetings, then the agenda's review item
// and the roster on Attendance) and save them through the same edit workflow a typed row goes through, so
// they are validated, get records and audit entries, and show their ID and Status like any other row.
//
// Crash safety: a claim is created before any row; a claim stays pending (leased for a few minutes to one
// tick) until its rows are written. A tick that finds a pending claim whose meeting row is already in the
// sheet (a crash after the append) saves that row instead of appending it again: generated IDs are derived
// from the occurrence, so the row is found by its ID.
//
// A tick that stalls past its lease (a slow Sheets call) may have lost claims to a later tick, which writes
// their rows itself. So right before each append the tick checks in a transaction that it still owns each
// claim's lease (extending it from the current time) and drops the rows of claims it lost; it settles only
// claims it still owns. The remaining window is an append that itself outlasts the extended lease.
//
// A refused meeting row (its host has left) gets no review item or roster, which need the meeting record: its
// claim waits ("awaitingMeeting"). Each tick reads the records of the waiting claims (no Sheets call); once
// the user's fix has saved the meeting, the review item and roster are written and the claim is settled. The
// tick never sends the user's meeting row again. A deleted meeting, or one that has started, ends the wait.
//
// A roster typed on the template after its weeks were generated (or a person joining it later) reaches the
// generated weeks that have not started: each tick compares the template's Attendance records with each such
// week's (Firestore reads only) and, when a week lacks someone, leases its claim again, appends the missing
// rows and records on the claim whom it offered, so nobody is added twice or put back after being taken off
// a week by hand (series-rows.ts rosterAdditions says who is added). Notices then reach the new members: the
// notice rule replans the current version for the whole roster, and only the new members get new messages.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { CellValue } from '../contract/edit-request.ts';
import { findTab, matchHeaders } from '../domain/workbook/header-matching.ts';
import { planSeriesOccurrences } from '../domain/meetings/meeting-series.ts';
import type { NotificationSettings } from '../domain/mail/notification-settings.ts';
import {
  type SeriesTemplate,
  meetingOccurrenceRow,
  occurrenceIds,
  reviewItemRow,
  rosterAdditions,
  rosterRows,
  seriesTemplates,
  waitingOccurrenceStep,
} from '../domain/meetings/series-rows.ts';
import type { TabKey } from '../domain/workbook/workbook-schema.ts';
import type { ClaimOutcome, OccurrenceClaim, SeriesClaims } from '../ports/meeting-ports.ts';
import type { SheetCell, WorkbookSheets } from '../ports/sheet-ports.ts';
import { type ApplySheetEditDeps, applySheetEdit } from './apply-sheet-edit.ts';
import { serverEditRequest } from './server-edit-request.ts';

/** How far ahead occurrences are created: enough for every notice period, few enough to keep the tab short. */
export const SERIES_HORIZON_WEEKS = 4;

export interface SeriesDeps extends ApplySheetEditDeps {
  series: SeriesClaims;
  sheets: WorkbookSheets;
  /** Who the audit names as the editor of generated rows (the system mailbox), or '' when unknown. */
  editor: string;
  /**
   * The current time, read again when leases are re-checked (a stalled tick extends them from now, not from
   * when it started); defaults to the tick's `now`.
   */
  clock?: () => DateTime;
}

export interface SeriesReport {
  claimed: number;
  /** Occurrences whose meeting row is now in the sheet (saved, or refused and waiting). */
  meetingsWritten: number;
  skipped: number;
  /** Of those, the ones whose meeting row was refused: their review item and roster wait for the user's fix. */
  awaiting: number;
  /** Waiting occurrences whose meeting the user has since saved: review item and roster written now. */
  resumed: number;
  /** Roster rows saved into generated weeks because their template's roster grew after they were written. */
  rostersExtended: number;
}

/** A waiting claim whose meeting is now saved, with the presenter of its review item (the meeting's host). */
interface ResumedClaim {
  claim: OccurrenceClaim;
  presenter: string | null;
}

/** The claims this tick leased, checked again in Firestore before every append and at settling. */
interface LeaseGuard {
  /** The claims of `claims` this tick still owns (a claim lost once stays lost). */
  recheck(claims: readonly OccurrenceClaim[]): Promise<Set<string>>;
  holds(claim: OccurrenceClaim): boolean;
  settle(claim: OccurrenceClaim, outcome: ClaimOutcome): Promise<boolean>;
}

function leaseGuard(workbookId: string, owner: string, deps: SeriesDeps, now: DateTime): LeaseGuard {
  const lost = new Set<string>();
  const clock = deps.clock ?? (() => now);
  return {
    async recheck(claims) {
      const asked = claims.filter((c) => !lost.has(c.id));
      const held = await deps.series.holdLeases(workbookId, asked, owner, clock());
      for (const claim of asked) if (!held.has(claim.id)) lost.add(claim.id);
      return held;
    },
    holds: (claim) => !lost.has(claim.id),
    async settle(claim, outcome) {
      if (lost.has(claim.id)) return false;
      const settled = await deps.series.settle(workbookId, claim, owner, outcome, now);
      if (!settled) lost.add(claim.id);
      return settled;
    },
  };
}

interface ClaimRow {
  claim: OccurrenceClaim;
  id: string;
  values: CellValue[];
}

/** The template's Attendance rows in the sheet (those naming it by its ID), as typed. */
function templateRosterRows(tab: TabRows, templateId: string): CellValue[][] {
  const meetingIndex = matchHeaders('attendance', tab.header).columns.get('meeting');
  return meetingIndex === undefined ? [] : tab.rows.filter((r) => r[meetingIndex] === templateId);
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

async function readTabRows(
  sheets: WorkbookSheets,
  spreadsheetId: string,
  title: string,
  tab: TabKey,
): Promise<TabRows> {
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
async function claimOccurrences(
  workbookId: string,
  templates: readonly SeriesTemplate[],
  settings: NotificationSettings,
  deps: SeriesDeps,
  now: DateTime,
): Promise<number> {
  let claimed = 0;
  for (const template of templates) {
    const existing = await deps.series.existingStarts(workbookId, template.series.key, now.minus({ days: 1 }));
    const planned = planSeriesOccurrences(
      template.series,
      [template.series.anchor, ...existing],
      now,
      SERIES_HORIZON_WEEKS,
      settings.timeZone,
      settings.holidays,
    );
    for (const occurrence of planned)
      if (await deps.series.claim(workbookId, template.templateId, occurrence, now)) claimed += 1;
  }
  return claimed;
}

/**
 * Appends the rows whose ID the tab does not show yet, saves all of them, and writes their ID and Status back.
 * Rows of claims this tick no longer owns are left to the tick that owns them now. Answers the saved IDs.
 */
async function writeRows(
  workbookId: string,
  tab: TabRows,
  claimRows: readonly ClaimRow[],
  deps: SeriesDeps,
  settings: NotificationSettings,
  now: DateTime,
  guard: LeaseGuard,
): Promise<Set<string>> {
  if (claimRows.length === 0) return new Set();
  const held = await guard.recheck([...new Set(claimRows.map((r) => r.claim))]);
  const rows = claimRows.filter((r) => held.has(r.claim.id));
  if (rows.length === 0) return new Set();
  const idIndex = matchHeaders(findTab(tab.title)!, tab.header).columns.get('id')!;
  const missing = rows.filter((r) => !tab.rowById.has(r.id));
  if (missing.length > 0) {
    const first = await deps.sheets.appendRows(
      workbookId,
      tab.title,
      missing.map((r) => r.values.map((v) => v ?? '')),
      tab.rows.length + 2,
    );
    for (const [i, r] of missing.entries()) tab.rowById.set(r.id, first + i);
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
  const request = serverEditRequest({
    spreadsheetId: workbookId,
    sheetName: tab.title,
    editor: deps.editor,
    kind: 'edit',
    headerRow: tab.header,
    rows: editRows,
    timeZone: settings.timeZone,
    sentAt: now.toISO()!,
  });
  // The rows show the IDs this series derived for its occurrences (series-rows.ts occurrenceIds).
  const outcome = await applySheetEdit(request, now, deps, { serverIssuedIds: true });
  if (!outcome.ok) throw new Error(`series rows for ${tab.title} were refused: ${outcome.code}`);
  await deps.sheets.writeRowResults(workbookId, tab.title, tab.header, outcome.response.results);
  const saved = new Set(outcome.savedRows);
  return new Set(editRows.filter((r) => saved.has(r.row)).map((r) => r.values[idIndex] as string));
}

interface WriteReport {
  meetingsWritten: number;
  skipped: number;
  awaiting: number;
  resumed: number;
}

/**
 * Writes the meeting rows of the pending claims, then the review item and roster of every occurrence whose
 * meeting is saved: those just written, and the resumed ones (waiting claims whose meeting the user fixed).
 */
async function writeClaims(
  workbookId: string,
  claims: readonly OccurrenceClaim[],
  resumed: readonly ResumedClaim[],
  settings: NotificationSettings,
  deps: SeriesDeps,
  now: DateTime,
  guard: LeaseGuard,
): Promise<WriteReport> {
  const report: WriteReport = { meetingsWritten: 0, skipped: 0, awaiting: 0, resumed: 0 };
  const titles = new Map<TabKey, string>();
  for (const title of await deps.sheets.tabTitles(workbookId)) {
    const key = findTab(title)?.key;
    if (key && !titles.has(key as TabKey)) titles.set(key as TabKey, title);
  }
  const read = (title: string, tab: TabKey) => readTabRows(deps.sheets, workbookId, title, tab);
  const zone = settings.timeZone;
  const idsOf = (claim: OccurrenceClaim) => occurrenceIds(workbookId, claim.occurrence.occurrenceKey);

  // The occurrences that get their review item and roster in this tick, and those whose meeting was refused.
  const withMeeting: ResumedClaim[] = [...resumed];
  const refused: OccurrenceClaim[] = [];
  const meetingsTitle = titles.get('meetings');
  if (claims.length > 0 && !meetingsTitle) {
    for (const claim of claims)
      if (await guard.settle(claim, { state: 'skipped', detail: { reason: 'NO_MEETINGS_TAB' } })) report.skipped += 1;
  } else if (claims.length > 0) {
    const meetingsTab = await read(meetingsTitle!, 'meetings');
    const meetingRows: ClaimRow[] = [];
    for (const claim of claims) {
      const templateRow = meetingsTab.rowById.get(claim.templateId);
      const ids = idsOf(claim);
      if (templateRow === undefined && !meetingsTab.rowById.has(ids.meeting)) {
        // The template's row is gone from the sheet: nothing to copy, and the series has ended anyway.
        if (await guard.settle(claim, { state: 'skipped', detail: { reason: 'TEMPLATE_ROW_MISSING' } }))
          report.skipped += 1;
        continue;
      }
      const template = templateRow === undefined ? [] : meetingsTab.rows[templateRow - 2]!;
      meetingRows.push({ claim, ...meetingOccurrenceRow(meetingsTab.header, template, claim.occurrence, ids, zone) });
    }
    const savedMeetings = await writeRows(workbookId, meetingsTab, meetingRows, deps, settings, now, guard);
    for (const { claim } of meetingRows) {
      if (!guard.holds(claim)) continue;
      if (savedMeetings.has(idsOf(claim).meeting))
        withMeeting.push({ claim, presenter: claim.occurrence.agenda[0]?.presenter ?? null });
      else refused.push(claim);
    }
  }

  // The agenda's review item and the roster need the meeting record: only for meetings that are saved.
  withMeeting.sort(
    (a, b) =>
      DateTime.fromISO(a.claim.occurrence.start).toMillis() - DateTime.fromISO(b.claim.occurrence.start).toMillis(),
  );
  const agendaTitle = titles.get('agenda');
  if (agendaTitle && withMeeting.length > 0) {
    const agendaTab = await read(agendaTitle, 'agenda');
    const rows = withMeeting.map(({ claim, presenter }) => ({
      claim,
      ...reviewItemRow(agendaTab.header, claim.occurrence, idsOf(claim), presenter),
    }));
    await writeRows(workbookId, agendaTab, rows, deps, settings, now, guard);
  }
  const attendanceTitle = titles.get('attendance');
  const offered = new Map<string, string[]>();
  if (attendanceTitle && withMeeting.length > 0) {
    const attendanceTab = await read(attendanceTitle, 'attendance');
    const rows = withMeeting.flatMap(({ claim }) =>
      rosterRows(attendanceTab.header, templateRosterRows(attendanceTab, claim.templateId), idsOf(claim)).map(
        (row) => ({ claim, ...row }),
      ),
    );
    await writeRows(workbookId, attendanceTab, rows, deps, settings, now, guard);
    for (const row of rows) offered.set(row.claim.id, [...(offered.get(row.claim.id) ?? []), row.person]);
  }
  for (const { claim } of withMeeting) {
    const outcome = {
      state: 'written',
      detail: { meetingId: idsOf(claim).meeting, saved: true },
      rosterOffered: offered.get(claim.id) ?? [],
    } as const;
    if (!(await guard.settle(claim, outcome))) continue;
    if (claim.state === 'awaitingMeeting') report.resumed += 1;
    else report.meetingsWritten += 1;
  }
  for (const claim of refused) {
    if (
      !(await guard.settle(claim, {
        state: 'awaitingMeeting',
        detail: { meetingId: idsOf(claim).meeting, reason: 'MEETING_REFUSED' },
      }))
    )
      continue;
    report.meetingsWritten += 1;
    report.awaiting += 1;
  }
  return report;
}

/**
 * The waiting claims this tick acts on: those whose meeting is now saved (leased, to be written), and those
 * whose meeting was deleted or has started (settled as skipped here). The others keep waiting, untouched.
 */
async function leaseWaitingClaims(
  workbookId: string,
  deps: SeriesDeps,
  now: DateTime,
  owner: string,
  guard: LeaseGuard,
): Promise<{ resumed: ResumedClaim[]; skipped: number }> {
  const waiting = await deps.series.claimsIn(workbookId, 'awaitingMeeting');
  if (waiting.length === 0) return { resumed: [], skipped: 0 };
  const meetingId = (claim: OccurrenceClaim) => occurrenceIds(workbookId, claim.occurrence.occurrenceKey).meeting;
  const records = await deps.series.meetingRecords(workbookId, waiting.map(meetingId));
  const steps = new Map(
    waiting.map((claim) => [claim.id, waitingOccurrenceStep(claim.occurrence, records.get(meetingId(claim)), now)]),
  );
  const leased = await deps.series.lease(
    workbookId,
    waiting.filter((c) => steps.get(c.id)!.step !== 'wait'),
    now,
    owner,
  );
  const resumed: ResumedClaim[] = [];
  let skipped = 0;
  for (const claim of leased) {
    const step = steps.get(claim.id)!;
    if (step.step === 'write') resumed.push({ claim, presenter: step.presenter });
    else if (
      step.step === 'skip' &&
      (await guard.settle(claim, { state: 'skipped', detail: { meetingId: meetingId(claim), reason: step.reason } }))
    )
      skipped += 1;
  }
  return { resumed, skipped };
}

/** A generated week that lacks some of its template's roster, and who. */
interface RosterGap {
  claim: OccurrenceClaim;
  templateId: string;
  additions: string[];
}

/** The written, not yet started weeks of each series that lack someone on their template's roster now. */
async function rosterGaps(
  workbookId: string,
  templates: readonly SeriesTemplate[],
  deps: SeriesDeps,
  now: DateTime,
): Promise<RosterGap[]> {
  const gaps: RosterGap[] = [];
  const meetingId = (claim: OccurrenceClaim) => occurrenceIds(workbookId, claim.occurrence.occurrenceKey).meeting;
  for (const { templateId, series } of templates) {
    const members = await deps.series.templateRoster(workbookId, templateId);
    if (members.length === 0) continue;
    const claims = await deps.series.writtenClaimsFrom(workbookId, series.key, now);
    if (claims.length === 0) continue;
    const meetings = await deps.series.meetingRecords(workbookId, claims.map(meetingId));
    // Only weeks whose meeting is saved, live and not started (the user may have moved or deleted it).
    const open = claims.filter(
      (c) => waitingOccurrenceStep(c.occurrence, meetings.get(meetingId(c)), now).step === 'write',
    );
    const rosters = await deps.series.weekRosters(workbookId, open.map(meetingId));
    for (const claim of open) {
      const week = rosters.get(meetingId(claim)) ?? { ids: [], people: [] };
      const additions = rosterAdditions(members, occurrenceIds(workbookId, claim.occurrence.occurrenceKey), {
        ids: new Set(week.ids),
        people: new Set(week.people),
        offered: new Set(claim.rosterOffered ?? []),
      });
      if (additions.length > 0) gaps.push({ claim, templateId, additions });
    }
  }
  return gaps;
}

/**
 * Adds the template's new roster members to the generated weeks that have not started; answers how many rows
 * were saved. Costs no Sheets call unless some week lacks someone.
 */
async function extendRosters(
  workbookId: string,
  templates: readonly SeriesTemplate[],
  settings: NotificationSettings,
  deps: SeriesDeps,
  now: DateTime,
  owner: string,
  guard: LeaseGuard,
): Promise<number> {
  const gaps = await rosterGaps(workbookId, templates, deps, now);
  if (gaps.length === 0) return 0;
  const leased = new Set(
    (
      await deps.series.lease(
        workbookId,
        gaps.map((g) => g.claim),
        now,
        owner,
      )
    ).map((c) => c.id),
  );
  const mine = gaps.filter((g) => leased.has(g.claim.id));
  if (mine.length === 0) return 0;
  const title = (await deps.sheets.tabTitles(workbookId)).find((t) => findTab(t)?.key === 'attendance');
  const idsOf = (claim: OccurrenceClaim) => occurrenceIds(workbookId, claim.occurrence.occurrenceKey);
  let rows: Array<ClaimRow & { person: string }> = [];
  let saved = new Set<string>();
  if (title) {
    const tab = await readTabRows(deps.sheets, workbookId, title, 'attendance');
    rows = mine.flatMap(({ claim, templateId, additions }) =>
      rosterRows(tab.header, templateRosterRows(tab, templateId), idsOf(claim))
        .filter((row) => additions.includes(row.person))
        .map((row) => ({ claim, ...row })),
    );
    saved = await writeRows(workbookId, tab, rows, deps, settings, now, guard);
  }
  let extended = 0;
  for (const { claim } of mine) {
    const own = rows.filter((r) => r.claim === claim);
    const outcome = {
      state: 'written',
      detail: { meetingId: idsOf(claim).meeting, saved: true },
      rosterOffered: own.map((r) => r.person),
    } as const;
    if (await guard.settle(claim, outcome)) extended += own.filter((r) => saved.has(r.id)).length;
  }
  return extended;
}

export async function runSeriesGeneration(
  workbookId: string,
  settings: NotificationSettings,
  deps: SeriesDeps,
  now: DateTime,
): Promise<SeriesReport> {
  const templates = seriesTemplates(await deps.series.templates(workbookId), settings.timeZone);
  const claimed = await claimOccurrences(workbookId, templates, settings, deps, now);
  const owner = `series-${randomUUID()}`;
  const guard = leaseGuard(workbookId, owner, deps, now);
  const leased = await deps.series.leasePending(workbookId, now, owner);
  const waiting = await leaseWaitingClaims(workbookId, deps, now, owner, guard);
  if (leased.length === 0 && waiting.resumed.length === 0) {
    const rostersExtended = await extendRosters(workbookId, templates, settings, deps, now, owner, guard);
    return { claimed, meetingsWritten: 0, skipped: waiting.skipped, awaiting: 0, resumed: 0, rostersExtended };
  }
  // Claims come back in document-ID order; rows go into the sheet in date order.
  const byStart = <T>(items: readonly T[], claimOf: (item: T) => OccurrenceClaim) =>
    [...items].sort(
      (a, b) =>
        DateTime.fromISO(claimOf(a).occurrence.start).toMillis() -
        DateTime.fromISO(claimOf(b).occurrence.start).toMillis(),
    );
  const report = await writeClaims(
    workbookId,
    byStart(leased, (c) => c),
    byStart(waiting.resumed, (r) => r.claim),
    settings,
    deps,
    now,
    guard,
  );
  const rostersExtended = await extendRosters(workbookId, templates, settings, deps, now, owner, guard);
  return { claimed, ...report, skipped: report.skipped + waiting.skipped, rostersExtended };
}
