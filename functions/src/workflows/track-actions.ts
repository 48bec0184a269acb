// The tick's follow-up of open actions (issue 14, seed 002 决议跟踪), over indexed reads only:
// - once a day (and in a tick whose action-line pass wrote rows): the Actions tab's Overdue days of every open
//   overdue action (`dueAt` before today; a closed action has no `dueAt`), and on the Agenda tab the open actions
//   carried over to the review item of each upcoming series meeting (meetings by `startAt`, open actions by
//   `dueAt`). One Sheets write per tab at most, the way the attendance pass writes its results; edits compute
//   the same cells at edit time, so the sheet is never more than a day behind.
// - on digest days: the escalations (action-escalation.ts) of the open overdue actions, for managers and hosts.
import type { DateTime } from 'luxon';
import { type ActionEscalations, planActionEscalations } from '../domain/mail/action-escalation.ts';
import type { WorkbookLanguage } from '../domain/messages.ts';
import { overdueDaysCell } from '../domain/minutes/action-rules.ts';
import { carriedOverCells } from '../domain/minutes/carry-over.ts';
import type { ActionTracking, ComputedColumnSheet } from '../ports/action-ports.ts';
import type { PersonEntry } from '../ports/tick-ports.ts';

export interface ActionTrackingDeps {
  tracking: ActionTracking;
  /** The Actions and Agenda tabs; absent when no Sheets access is configured (escalations still work). */
  sheet?: ComputedColumnSheet;
}

export interface ActionColumnsReport {
  refreshed: boolean;
  overdueCells: number;
  carriedOverCells: number;
}

/** Upcoming meetings whose review item lists carried-over actions: the series horizon and a little more. */
const CARRY_OVER_HORIZON_DAYS = 35;

export async function refreshActionColumns(
  workbookId: string,
  settings: { timeZone: string; language: WorkbookLanguage },
  deps: ActionTrackingDeps,
  now: DateTime,
  force: boolean,
): Promise<ActionColumnsReport> {
  const today = now.setZone(settings.timeZone).startOf('day');
  const date = today.toISODate()!;
  if (!deps.sheet || (!force && (await deps.tracking.lastRefreshDate(workbookId)) === date))
    return { refreshed: false, overdueCells: 0, carriedOverCells: 0 };
  const overdue = await deps.tracking.openActionsDueBefore(workbookId, today);
  const overdueValues = new Map(overdue.map((a) => [a.id, overdueDaysCell(a, now, settings.timeZone)]));
  const overdueCells = await deps.sheet.writeColumn(workbookId, 'actions', 'overdueDays', overdueValues);

  const upcoming = await deps.tracking.seriesMeetingsStarting(
    workbookId,
    today,
    today.plus({ days: CARRY_OVER_HORIZON_DAYS }),
  );
  let carried = 0;
  if (upcoming.length > 0) {
    const open = await deps.tracking.openActions(workbookId);
    const sources = await deps.tracking.meetingsByIds(workbookId, [
      ...new Set(open.flatMap((a) => (a.sourceMeeting ? [a.sourceMeeting] : []))),
    ]);
    const agenda = await deps.tracking.agendaOf(
      workbookId,
      upcoming.map((m) => m.id),
    );
    const cells = carriedOverCells(upcoming, sources, open, agenda, settings.language);
    carried = await deps.sheet.writeColumn(workbookId, 'agenda', 'carriedOver', cells);
  }
  await deps.tracking.markRefreshed(workbookId, date);
  return { refreshed: true, overdueCells, carriedOverCells: carried };
}

/**
 * The escalation items of the day's digest, and the people they reach (owners' People rows name the managers;
 * meetings name the hosts). `people` looks up People rows by e-mail.
 */
export async function readActionEscalations(
  workbookId: string,
  settings: { timeZone: string; escalateAfterDays: number },
  tracking: ActionTracking,
  people: (emails: readonly string[]) => Promise<PersonEntry[]>,
  now: DateTime,
): Promise<{ escalations: ActionEscalations; people: PersonEntry[] }> {
  const today = now.setZone(settings.timeZone).startOf('day');
  const overdue = await tracking.openActionsDueBefore(workbookId, today);
  if (overdue.length === 0) return { escalations: { team: [], hosted: [] }, people: [] };
  const owners = await people([...new Set(overdue.map((a) => a.owner))]);
  const managers = new Map(
    owners.flatMap((p) => (p.manager ? [[p.email, p.manager.trim().toLowerCase()] as const] : [])),
  );
  const meetings = await tracking.meetingsByIds(workbookId, [
    ...new Set(overdue.flatMap((a) => (a.sourceMeeting ? [a.sourceMeeting] : []))),
  ]);
  const hosts = new Map(meetings.flatMap((m) => (m.host ? [[m.id, m.host] as const] : [])));
  const names = new Map(owners.map((p) => [p.email, p.name]));
  const escalations = planActionEscalations(overdue, { managers, hosts, names }, settings, now);
  const readers = await people([...new Set([...escalations.team, ...escalations.hosted].map((i) => i.recipient))]);
  return { escalations, people: readers };
}
