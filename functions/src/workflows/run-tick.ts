// One scheduler tick for every workbook: return expired leases, ask each reminder rule what is due up to
// now, enqueue what it plans (idempotently), deliver due messages, and refresh the Outbox tab when
// anything changed; then recompute the Attendance results of meetings that have started (finalize-attendance.ts).
import type { DateTime } from 'luxon';
import { planDailyDigests, planUrgentReminders } from '../domain/mail/daily-digest.ts';
import { digestDueDate, dueWindowEnd } from '../domain/mail/digest-due.ts';
import { titleIn, withoutApprovedLeave } from '../domain/mail/due-items.ts';
import { withoutStartedMeetings } from '../domain/mail/owed-before-meeting.ts';
import type { WorkbookLanguage } from '../domain/messages.ts';
import type { PlannedMessage } from '../domain/mail/outbox-message.ts';
import { type StoredWorkbookSettings, readWorkbookSettings } from '../domain/workbook/workbook-settings.ts';
import type { Outbox } from '../ports/mail-ports.ts';
import type { MeetingNotices } from '../ports/meeting-ports.ts';
import type { OutboxTab } from '../ports/sheet-ports.ts';
import type { DueWork, WorkbookEntry, Workbooks } from '../ports/tick-ports.ts';
import { type DeliveryDeps, type DeliveryReport, deliverDueMessages } from './deliver-outbox.ts';
import { type SeriesDeps, type SeriesReport, runSeriesGeneration } from './generate-series.ts';
import {
  type AttendanceResultsReport,
  type FinalizeAttendanceDeps,
  NO_ATTENDANCE_RESULTS,
  finalizeAttendance,
} from './finalize-attendance.ts';
import { type MeetingNoticeDeps, runMeetingNotices } from './queue-meeting-notices.ts';
import { type MinutesTickReport, runMinutesPass } from './confirm-minutes.ts';
import type { FinalizeMinutesDeps } from './finalize-minutes.ts';
import { withIdentity } from './with-identity.ts';
import { type ActionLineDeps, type ActionLineReport, NO_ACTION_LINES, syncActionLines } from './sync-action-lines.ts';
import {
  type ActionColumnsReport,
  type ActionTrackingDeps,
  readActionEscalations,
  refreshActionColumns,
} from './track-actions.ts';

export interface TickDeps {
  workbooks: Workbooks;
  dueWork: DueWork;
  outbox: Outbox;
  /** Meeting notices, updates, cancellations and reminders; absent: that rule is off (and so are meeting urgents). */
  meetings?: MeetingNotices;
  /** Creates the next occurrences of meeting series as rows; absent: that rule is off. */
  series?: SeriesDeps;
  /** The domain of invitation UIDs (defaults to messageIdDomain). */
  calendarDomain?: string;
  delivery: DeliveryDeps;
  /** The Outbox tab of each workbook; absent when no Sheets access is configured. */
  outboxTab?: OutboxTab;
  messageIdDomain: string;
  /** Attendance results of meetings that have started; absent: that pass is off. */
  attendance?: FinalizeAttendanceDeps & { defaultLanguage: WorkbookLanguage };
  /** Minutes: confirm when the window closes, finalize N hours after a meeting ended; absent: that pass is off. */
  minutes?: FinalizeMinutesDeps;
  /** The language of a workbook that has none stored yet (DEFAULT_LANGUAGE); absent: mixed (中文 / English). */
  defaultLanguage?: WorkbookLanguage;
  /** Minutes action lines to Actions rows, overdue days, escalation and carry-over (issue 14); absent: off. */
  actions?: { lines: ActionLineDeps; tracking: ActionTrackingDeps };
  now: () => DateTime;
}

export interface WorkbookTickReport {
  workbookId: string;
  swept: number;
  planned: number;
  enqueued: number;
  delivery: DeliveryReport;
  series?: SeriesReport;
  attendance: AttendanceResultsReport;
  minutes?: MinutesTickReport;
  actions?: { lines: ActionLineReport; columns: ActionColumnsReport };
  error?: string;
}

/** How far back overdue items keep showing in digests and urgent reminders. */
const OVERDUE_LOOKBACK_DAYS = 30;

export { withIdentity };

async function planDue(
  workbookId: string,
  stored: StoredWorkbookSettings,
  deps: TickDeps,
  now: DateTime,
): Promise<{ messages: PlannedMessage[]; digestDate?: string }> {
  const settings = stored.notifications;
  const digestDate = digestDueDate(now, settings, stored.lastDigestDate);
  const digestDue = digestDate !== undefined;
  const until = dueWindowEnd(now, settings, digestDate);
  const due = await deps.dueWork.dueBetween(workbookId, now.minus({ days: OVERDUE_LOOKBACK_DAYS }), until);
  // A host or recorder on approved leave from a meeting is not reminded of it (the attendance rows say so).
  const meetings = new Map(due.filter((i) => i.kind === 'meeting').map((i) => [i.recordId, titleIn(i, 'en')] as const));
  const onLeave = await deps.dueWork.approvedLeaves(
    workbookId,
    [...meetings].map(([recordId, title]) => ({ recordId, title })),
  );
  // Material is owed to its meeting only until the meeting starts (or is cancelled): then it is no reminder.
  const owedTo = [...new Set(due.flatMap((i) => (i.meeting ? [i.meeting] : [])))];
  const meetingProgress = owedTo.length > 0 ? await deps.dueWork.meetingProgress(workbookId, owedTo) : new Map();
  const items = withoutStartedMeetings(withoutApprovedLeave(due, onLeave), meetingProgress, now);
  // Managers and hosts read overdue actions in their digest (seed 002 escalation), on digest days only.
  const escalated =
    digestDue && deps.actions
      ? await readActionEscalations(
          workbookId,
          settings,
          deps.actions.tracking.tracking,
          (emails) => deps.dueWork.peopleByEmail(workbookId, emails),
          now,
        )
      : undefined;
  const noEscalation = !escalated || escalated.escalations.team.length + escalated.escalations.hosted.length === 0;
  if (items.length === 0 && noEscalation) return digestDue ? { messages: [], digestDate } : { messages: [] };
  const people = [
    ...(await deps.dueWork.peopleByEmail(
      workbookId,
      items.map((i) => i.recipient),
    )),
    ...(escalated?.people ?? []),
  ];
  // Meetings get their "starts soon" mail from the meeting-notice rule (to the whole roster, once), so the
  // generic urgent reminder leaves them out when that rule runs: one reminder per attendee, not two.
  const urgentItems = deps.meetings ? items.filter((item) => item.kind !== 'meeting') : items;
  const messages = [...planUrgentReminders(urgentItems, people, settings, now)];
  if (digestDue) messages.push(...planDailyDigests(items, people, settings, now, escalated?.escalations));
  return digestDue ? { messages, digestDate } : { messages };
}

export async function tickWorkbook(workbook: WorkbookEntry, deps: TickDeps): Promise<WorkbookTickReport> {
  const now = deps.now();
  // No fallback zone: the settings' default applies.
  const stored = readWorkbookSettings(workbook.data, { language: deps.defaultLanguage ?? 'mixed' });
  const settings = stored.notifications;
  const swept = await deps.outbox.sweepExpiredLeases(workbook.id, now);
  // New occurrences first, so a meeting created now is noticed in this same tick when its notice is due.
  // A Sheets failure while writing series rows must not hold back the workbook's mail: it is reported, and the
  // pending claims are finished by a later tick.
  let series: SeriesReport | undefined;
  let seriesError: string | undefined;
  if (deps.series) {
    try {
      series = await runSeriesGeneration(workbook.id, settings, deps.series, now);
    } catch (error) {
      seriesError = `meeting series: ${String(error)}`;
    }
  }
  // Action lines before the due items, so an action decided at a meeting is in the same tick's digest.
  let actionLines: ActionLineReport | undefined;
  let actionLinesError: string | undefined;
  if (deps.actions) {
    try {
      actionLines = await syncActionLines(
        workbook.id,
        { timeZone: settings.timeZone, language: stored.language },
        deps.actions.lines,
        now,
      );
    } catch (error) {
      actionLinesError = `action lines: ${String(error)}`;
    }
  }
  const { messages, digestDate } = await planDue(workbook.id, stored, deps, now);
  let enqueued = await deps.outbox.enqueue(
    workbook.id,
    messages.map((m) => withIdentity(m, deps.messageIdDomain)),
    now,
  );
  let planned = messages.length;
  if (deps.meetings) {
    const noticeDeps: MeetingNoticeDeps = {
      meetings: deps.meetings,
      outbox: deps.outbox,
      messageIdDomain: deps.messageIdDomain,
      calendarDomain: deps.calendarDomain ?? deps.messageIdDomain,
    };
    const notices = await runMeetingNotices(workbook.id, settings, noticeDeps, now);
    planned += notices.planned;
    enqueued += notices.enqueued;
  }
  if (digestDate) await deps.workbooks.markDigestPlanned(workbook.id, digestDate);
  const delivery = await deliverDueMessages(workbook.id, deps.delivery);
  if (deps.outboxTab && (swept > 0 || enqueued > 0 || delivery.claimed > 0))
    await deps.outboxTab.refresh(workbook.id, settings.timeZone);
  const attendance = await runAttendancePass(workbook.id, stored, deps, now);
  const linesWritten = (actionLines?.appended ?? 0) + (actionLines?.updated ?? 0) > 0;
  const columns = await runActionColumns(workbook.id, stored, deps, now, linesWritten);
  // After the attendance and action passes, so auto-finalized minutes show the settled results and the Actions
  // records of their action lines; on its own like them.
  let minutes: MinutesTickReport | undefined;
  let minutesError: string | undefined;
  if (deps.minutes) {
    try {
      minutes = await runMinutesPass(workbook.id, deps.minutes, now);
    } catch (error) {
      minutesError = `minutes: ${String(error)}`;
    }
  }
  const errors = [seriesError, actionLinesError, attendance.error, columns.error, minutesError].filter(
    (e): e is string => e !== undefined,
  );
  return {
    workbookId: workbook.id,
    swept,
    planned,
    enqueued,
    delivery,
    ...(series ? { series } : {}),
    attendance: attendance.attendance,
    ...(minutes ? { minutes } : {}),
    ...(deps.actions
      ? { actions: { lines: actionLines ?? NO_ACTION_LINES, columns: columns.report ?? NO_ACTION_COLUMNS } }
      : {}),
    ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
  };
}

const NO_ACTION_COLUMNS: ActionColumnsReport = { refreshed: false, overdueCells: 0, carriedOverCells: 0 };

/** After the mail, and on its own like the attendance pass: a Sheets failure here costs no reminder. */
async function runActionColumns(
  workbookId: string,
  stored: StoredWorkbookSettings,
  deps: TickDeps,
  now: DateTime,
  force: boolean,
): Promise<{ report?: ActionColumnsReport; error?: string }> {
  if (!deps.actions) return {};
  try {
    const settings = { timeZone: stored.notifications.timeZone, language: stored.language };
    return { report: await refreshActionColumns(workbookId, settings, deps.actions.tracking, now, force) };
  } catch (error) {
    return { error: `action columns: ${String(error)}` };
  }
}

/** Last, and on its own: a Sheets failure here must not cost the mail above its report. */
async function runAttendancePass(
  workbookId: string,
  stored: StoredWorkbookSettings,
  deps: TickDeps,
  now: DateTime,
): Promise<{ attendance: AttendanceResultsReport; error?: string }> {
  if (!deps.attendance) return { attendance: NO_ATTENDANCE_RESULTS };
  const { notifications: settings, language } = stored;
  try {
    const policy = {
      lateGraceMinutes: settings.lateGraceMinutes,
      earlyLeaveGraceMinutes: settings.earlyLeaveGraceMinutes,
    };
    return {
      attendance: await finalizeAttendance(
        workbookId,
        { timeZone: settings.timeZone, language, policy },
        deps.attendance,
        now,
      ),
    };
  } catch (error) {
    return { attendance: NO_ATTENDANCE_RESULTS, error: `attendance results: ${String(error)}` };
  }
}

export async function runTick(deps: TickDeps): Promise<WorkbookTickReport[]> {
  const reports: WorkbookTickReport[] = [];
  for (const workbook of await deps.workbooks.all()) {
    try {
      reports.push(await tickWorkbook(workbook, deps));
    } catch (error) {
      // One broken workbook must not stop reminders for the others.
      reports.push({
        workbookId: workbook.id,
        swept: 0,
        planned: 0,
        enqueued: 0,
        delivery: { claimed: 0, sent: 0, retrying: 0, failed: 0, leaseLost: 0 },
        attendance: NO_ATTENDANCE_RESULTS,
        error: String(error),
      });
    }
  }
  return reports;
}
