// The other half of seed 002's confirmation: attendees answer through their signed link (confirm, or object
// with a reason), objections reach the recorder at once, and the tick marks minutes confirmed when the window
// closes with no open objection, and finalizes the minutes nobody finalized N hours after the meeting ended.
// Answers are applied to the state record in a transaction (two answers at once, or an answer racing the tick,
// both count); a refused answer (tampered or expired link, older version, already confirmed) changes nothing.
import { DateTime } from 'luxon';
import type { ErrorCode } from '../domain/errors.ts';
import type { Lang, MessageParams, WorkbookLanguage } from '../domain/messages.ts';
import { rosterEmail } from '../domain/meetings/roster.ts';
import {
  type MinutesState,
  type ResponseOutcome,
  autoFinalizeDue,
  minutesStatusLabel,
  recordResponse,
  settleConfirmation,
} from '../domain/minutes/minutes-confirmation-rules.ts';
import { planObjectionMail } from '../domain/minutes/minutes-mail.ts';
import { type ResponseLinkSecrets, verifyResponseToken } from '../domain/minutes/response-link.ts';
import { outboxMessageId } from '../domain/mail/outbox-message.ts';
import { type StoredWorkbookSettings, readWorkbookSettings } from '../domain/workbook/workbook-settings.ts';
import type { MinutesStatusSheet, MinutesStore } from '../ports/minutes-ports.ts';
import type { Outbox } from '../ports/mail-ports.ts';
import type { Workbooks } from '../ports/tick-ports.ts';
import { type DeliveryDeps, deliverMessagesNow } from './deliver-outbox.ts';
import { type FinalizeMinutesDeps, finalizeMinutes, showStatus } from './finalize-minutes.ts';
import { withIdentity } from './with-identity.ts';

export interface MinutesResponseDeps {
  store: MinutesStore;
  workbooks: Workbooks;
  outbox: Outbox;
  delivery?: DeliveryDeps;
  statusSheet?: MinutesStatusSheet;
  /** The secrets response links are checked with (the links are signed with the current one). */
  secrets: ResponseLinkSecrets;
  messageIdDomain: string;
  defaultTimeZone: string;
  defaultLanguage: WorkbookLanguage;
  now: () => DateTime;
}

/** What the response page shows: the question (GET), the outcome (POST), or why the link is refused. */
export type MinutesPageOutcome =
  | {
      ok: true;
      code: 'MINUTES_PAGE_QUESTION' | 'MINUTES_PAGE_CONFIRMED' | 'MINUTES_PAGE_OBJECTED';
      params: MessageParams;
      language: WorkbookLanguage;
    }
  | { ok: false; status: 400 | 403 | 404 | 409 | 410; code: ErrorCode; params: MessageParams };

const STATUS_OF: Partial<Record<ErrorCode, 400 | 403 | 404 | 409 | 410>> = {
  MINUTES_LINK_INVALID: 403,
  MINUTES_LINK_EXPIRED: 410,
  MINUTES_LINK_SUPERSEDED: 409,
  MINUTES_RESPONSE_CLOSED: 409,
  MINUTES_REASON_REQUIRED: 400,
};

async function settingsOf(
  workbookId: string,
  deps: Pick<MinutesResponseDeps, 'workbooks' | 'defaultTimeZone' | 'defaultLanguage'>,
): Promise<StoredWorkbookSettings> {
  const workbook = await deps.workbooks.get(workbookId);
  return readWorkbookSettings(workbook?.data ?? {}, { timeZone: deps.defaultTimeZone, language: deps.defaultLanguage });
}

const format = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toFormat('yyyy-MM-dd HH:mm');

/** The page a link opens: checks the link and says what is being asked; nothing is recorded. */
export async function describeMinutesResponse(token: string, deps: MinutesResponseDeps): Promise<MinutesPageOutcome> {
  const now = deps.now();
  const checked = verifyResponseToken(token, deps.secrets, now);
  if (!checked.ok) {
    if (checked.code === 'MINUTES_LINK_INVALID') return { ok: false, status: 403, code: checked.code, params: {} };
    // An old link is more usefully answered with "a newer version was sent" than with "expired".
    const { claims } = checked;
    const current = await deps.store.state(claims.workbookId, claims.meetingId);
    if (current && current.version > claims.version)
      return {
        ok: false,
        status: 409,
        code: 'MINUTES_LINK_SUPERSEDED',
        params: { version: claims.version, current: current.version },
      };
    const until = format(isoOf(claims.expires), deps.defaultTimeZone);
    return { ok: false, status: 410, code: checked.code, params: { until } };
  }
  const { workbookId, meetingId, version } = checked.claims;
  const [state, records, settings] = await Promise.all([
    deps.store.state(workbookId, meetingId),
    deps.store.records(workbookId, meetingId),
    settingsOf(workbookId, deps),
  ]);
  if (!state || !records) return { ok: false, status: 404, code: 'MINUTES_LINK_INVALID', params: {} };
  const title = titleOf(records.meeting.data, meetingId);
  if (version < state.version)
    return { ok: false, status: 409, code: 'MINUTES_LINK_SUPERSEDED', params: { version, current: state.version } };
  if (state.phase !== 'distributed')
    return { ok: false, status: 409, code: 'MINUTES_RESPONSE_CLOSED', params: { version: state.version } };
  const until = format(state.windowEndsAt, settings.notifications.timeZone);
  return { ok: true, code: 'MINUTES_PAGE_QUESTION', params: { title, version, until }, language: settings.language };
}

/** Records a confirm or an objection from the link's recipient; an objection is mailed to the recorder at once. */
export async function respondToMinutes(
  token: string,
  answer: { answer: 'confirm' | 'object'; reason?: string },
  deps: MinutesResponseDeps,
): Promise<MinutesPageOutcome> {
  const now = deps.now();
  const checked = verifyResponseToken(token, deps.secrets, now);
  if (!checked.ok) return describeMinutesResponse(token, deps);
  const { workbookId, meetingId, version, recipient } = checked.claims;
  const outcome = await deps.store.updateState<ResponseOutcome>(workbookId, meetingId, (current) => {
    if (!current) return { result: { ok: false, code: 'MINUTES_LINK_INVALID' } };
    const recorded = recordResponse(current, { recipient, version, ...answer }, now);
    return recorded.ok ? { state: recorded.state, result: recorded } : { result: recorded };
  });
  const [records, settings] = await Promise.all([
    deps.store.records(workbookId, meetingId),
    settingsOf(workbookId, deps),
  ]);
  const title = records ? titleOf(records.meeting.data, meetingId) : meetingId;
  if (!outcome.ok) {
    const current = await deps.store.state(workbookId, meetingId);
    const params = {
      version: outcome.code === 'MINUTES_RESPONSE_CLOSED' ? (current?.version ?? version) : version,
      current: current?.version ?? version,
      until: current ? format(current.windowEndsAt, settings.notifications.timeZone) : '',
    };
    return { ok: false, status: STATUS_OF[outcome.code] ?? 400, code: outcome.code, params };
  }
  await showStatus(workbookId, outcome.state, settings, deps);
  if (outcome.objection && records) {
    const recorder = rosterEmail(records.meeting.data.recorder) ?? rosterEmail(records.meeting.data.host);
    if (recorder) await mailObjection(workbookId, { meetingId, title, version }, outcome.objection, recorder, deps);
  }
  return {
    ok: true,
    // By the answer, not by a new objection: an objection repeated is still an objection on record.
    code: answer.answer === 'object' ? 'MINUTES_PAGE_OBJECTED' : 'MINUTES_PAGE_CONFIRMED',
    params: { title, version },
    language: settings.language,
  };
}

async function mailObjection(
  workbookId: string,
  facts: { meetingId: string; title: string; version: number },
  objection: { recipient: string; reason: string; at: string },
  recorder: string,
  deps: MinutesResponseDeps,
): Promise<void> {
  const now = deps.now();
  const languages = await deps.store.languages(workbookId, [recorder]);
  const settings = await settingsOf(workbookId, deps);
  // An English workbook's default mail language is English unless its Settings tab says otherwise.
  const fallback: Lang = settings.notifications.defaultLanguage;
  const language = languages.get(recorder) ?? fallback;
  const message = planObjectionMail(facts, objection, { email: recorder, language }, now);
  await deps.outbox.enqueue(workbookId, [withIdentity(message, deps.messageIdDomain)], now);
  if (deps.delivery) {
    const id = outboxMessageId(message.kind, message.subjectRecord, message.recipient, message.dueSlot);
    await deliverMessagesNow(workbookId, [id], deps.delivery, { maxMessages: 1, until: now.plus({ seconds: 20 }) });
  }
}

const isoOf = (epochSeconds: number) => DateTime.fromSeconds(epochSeconds).toISO()!;

function titleOf(data: Readonly<Record<string, unknown>>, fallback: string): string {
  return typeof data.title === 'string' && data.title.trim() !== '' ? data.title.trim() : fallback;
}

export interface MinutesTickReport {
  confirmed: number;
  autoFinalized: number;
  cellsWritten: number;
}

export const NO_MINUTES_WORK: MinutesTickReport = { confirmed: 0, autoFinalized: 0, cellsWritten: 0 };

/** How far back the tick looks for ended meetings to finalize by itself. */
const AUTO_FINALIZE_LOOKBACK_DAYS = 7;
/** Minutes one tick finalizes by itself at most, per workbook. */
const AUTO_FINALIZE_PER_TICK = 3;

/**
 * The tick's minutes pass: confirm minutes whose window closed with no open objection, finalize the minutes of
 * meetings that ended the configured hours ago and were never finalized, and show what changed in the Meetings
 * tab's "Minutes status" column.
 */
export async function runMinutesPass(
  workbookId: string,
  deps: FinalizeMinutesDeps,
  now: DateTime,
): Promise<MinutesTickReport> {
  const workbook = await deps.workbooks.get(workbookId);
  const settings = readWorkbookSettings(workbook?.data ?? {}, {
    timeZone: deps.defaultTimeZone,
    language: deps.defaultLanguage,
  });
  const report = { ...NO_MINUTES_WORK };
  const labels = new Map<string, string>();
  const show = (state: MinutesState) =>
    labels.set(state.meetingId, minutesStatusLabel(state, settings.language, settings.notifications.timeZone));

  for (const awaiting of await deps.store.awaitingConfirmation(workbookId)) {
    const settled = await deps.store.updateState(workbookId, awaiting.meetingId, (current) => {
      const next = current ? settleConfirmation(current, now) : undefined;
      return next ? { state: next, result: next } : { result: undefined };
    });
    if (settled) {
      report.confirmed++;
      show(settled);
    }
  }

  const hours = settings.notifications.minutesAutoFinalizeHours;
  if (hours > 0 && deps.documents) {
    const from = now.minus({ hours, days: AUTO_FINALIZE_LOOKBACK_DAYS + 1 });
    const started = await deps.store.startedBetween(workbookId, from, now);
    const states = await deps.store.statesOf(
      workbookId,
      started.map((m) => m.id),
    );
    let finalized = 0;
    for (const meeting of started.filter((m) => autoFinalizeDue(m, states.get(m.id), hours, now))) {
      // A document and its PDF take seconds each: a few per tick, the rest with the next ones.
      if (finalized >= AUTO_FINALIZE_PER_TICK) break;
      finalized++;
      const outcome = await finalizeMinutes(
        { workbookId, meetingId: meeting.id, by: { system: 'autoFinalize' } },
        { ...deps, statusSheet: undefined },
      );
      if (outcome.ok && outcome.response.state === 'issued') {
        report.autoFinalized++;
        const state = await deps.store.state(workbookId, meeting.id);
        if (state) show(state);
      }
    }
  }
  if (deps.statusSheet && labels.size > 0)
    report.cellsWritten = await deps.statusSheet.writeStatuses(workbookId, labels);
  return report;
}
