// The confirmation of a meeting's minutes (seed 002 三(三)2–3: the recorder sends the minutes to the attendees
// for confirmation within a set time; whoever disagrees tells the recorder; confirmed minutes are what decisions
// are carried out by). One state record per meeting:
//
//   (none) ──finalize──▶ distributed vN ──window ends, no open objection──▶ confirmed vN
//                          │  ▲                                               │
//                 objection│  │finalize (lines changed or objection open)     │finalize, nothing changed
//                          ▼  │  → vN+1 with a change log                     ▼
//                    distributed vN (objection open)                      reopened (vN+1 open for edits)
//                                                                             │finalize → distributed vN+1
//
// - Finalizing again with nothing changed and no open objection issues nothing (same version, no mail): the
//   button is safe to press twice. An open objection is addressed by the next version, even an unchanged one
//   (the recorder may answer it by explaining rather than editing).
// - Confirmed minutes change only through a new version: their lines are locked (the Minutes tab refuses edits)
//   until finalize reopens them; the following finalize issues the next version with its change log.
// - Each attendee answers once per version; a later answer replaces the earlier (confirming withdraws one's own
//   objection). Answers to an older version, after the window, or once confirmed change nothing.
// Pure: `now` and the window come in; nothing here reads the clock.
import { DateTime } from 'luxon';
import type { WorkbookLanguage } from '../messages.ts';
import { MINUTES_KIND_OPTIONS } from '../workbook/workbook-schema.ts';
import { type MinutesLine, localize, minutesText } from './minutes-document.ts';

export type MinutesPhase = 'distributed' | 'confirmed' | 'reopened';

export interface MinutesResponse {
  recipient: string;
  answer: 'confirm' | 'object';
  reason?: string;
  /** ISO instant. */
  at: string;
}

export interface MinutesObjection {
  recipient: string;
  reason: string;
  version: number;
  at: string;
  /** Addressed by the next version; withdrawn when its author confirmed after all. */
  state: 'open' | 'addressed' | 'withdrawn';
}

export interface MinutesState {
  meetingId: string;
  /** The latest version issued (1, 2 …). */
  version: number;
  phase: MinutesPhase;
  documentId?: string;
  documentUrl?: string;
  folderId?: string;
  /** The PDF of `version` in the archive folder (Drive file ID), attached to its mails. */
  pdfFileId?: string;
  /** ISO instants. */
  distributedAt: string;
  windowEndsAt: string;
  confirmedAt?: string;
  /** Lower-case e-mails the version was sent to. */
  recipients: string[];
  /** Line ID → the line as issued in `version`, so the next version's change log says what changed. */
  lines: Record<string, string>;
  /** Answers to `version`. */
  responses: MinutesResponse[];
  objections: MinutesObjection[];
  history: Array<{ version: number; at: string; changes: string[] }>;
}

/** A minutes line as one comparable text: kind, text, owner and due (what the reader sees of it). */
export function snapshotLines(lines: readonly MinutesLine[], language: WorkbookLanguage): Record<string, string> {
  const snapshot: Record<string, string> = {};
  for (const line of lines) {
    const kind = MINUTES_KIND_OPTIONS.find((o) => o.key === line.kind);
    const extra = [line.owner?.name, line.due].filter((v): v is string => !!v);
    const tail = extra.length > 0 ? ` (${extra.join(', ')})` : '';
    snapshot[line.id] = `[${kind ? localize(kind, language) : line.kind}] ${line.text}${tail}`;
  }
  return snapshot;
}

/** What changed between two snapshots, as the lines of the change log (added, changed, removed; by ID). */
export function changeLog(
  previous: Readonly<Record<string, string>>,
  current: Readonly<Record<string, string>>,
  language: WorkbookLanguage,
): string[] {
  const log: string[] = [];
  const ids = [...new Set([...Object.keys(previous), ...Object.keys(current)])].sort();
  for (const id of ids) {
    const before = previous[id];
    const after = current[id];
    if (before === after) continue;
    if (before === undefined) log.push(minutesText('MINUTES_CHANGE_ADDED', { value: after! }, language));
    else if (after === undefined) log.push(minutesText('MINUTES_CHANGE_REMOVED', { value: before }, language));
    else log.push(minutesText('MINUTES_CHANGE_CHANGED', { previous: before, value: after }, language));
  }
  return log;
}

export function openObjections(state: MinutesState): MinutesObjection[] {
  return state.objections.filter((o) => o.state === 'open' && o.version === state.version);
}

export type FinalizePlan =
  /** Issue `version` (1 for the first); `changes` is its change log against the previous one. */
  | { kind: 'issue'; version: number; changes: string[] }
  /** Already sent and nothing changed: rewrite nothing, mail nothing. */
  | { kind: 'unchanged'; version: number }
  /** Confirmed and unchanged: open version `next` for edits (the lines unlock). */
  | { kind: 'reopen'; version: number; next: number };

export function planFinalize(
  state: MinutesState | undefined,
  lines: Readonly<Record<string, string>>,
  language: WorkbookLanguage,
): FinalizePlan {
  if (!state) return { kind: 'issue', version: 1, changes: [] };
  const changes = changeLog(state.lines, lines, language);
  const next = state.version + 1;
  if (state.phase === 'reopened' || changes.length > 0) return { kind: 'issue', version: next, changes };
  if (state.phase === 'confirmed') return { kind: 'reopen', version: state.version, next };
  if (openObjections(state).length > 0) return { kind: 'issue', version: next, changes };
  return { kind: 'unchanged', version: state.version };
}

/** The state once `version` is sent: a new window, no answers yet, earlier objections addressed. */
export function issueVersion(
  previous: MinutesState | undefined,
  issued: {
    meetingId: string;
    version: number;
    changes: string[];
    lines: Record<string, string>;
    recipients: readonly string[];
    document: { documentId: string; documentUrl: string; folderId: string; pdfFileId: string };
  },
  now: DateTime,
  windowHours: number,
): MinutesState {
  const at = now.toISO()!;
  return {
    meetingId: issued.meetingId,
    version: issued.version,
    phase: 'distributed',
    ...issued.document,
    distributedAt: at,
    windowEndsAt: now.plus({ hours: windowHours }).toISO()!,
    recipients: [...new Set(issued.recipients.map((r) => r.trim().toLowerCase()))].sort(),
    lines: issued.lines,
    responses: [],
    objections: (previous?.objections ?? []).map((o) => (o.state === 'open' ? { ...o, state: 'addressed' } : o)),
    history: [...(previous?.history ?? []), { version: issued.version, at, changes: issued.changes }],
  };
}

export function reopen(state: MinutesState): MinutesState {
  return { ...state, phase: 'reopened' };
}

export type ResponseOutcome =
  | { ok: true; state: MinutesState; objection?: MinutesObjection }
  | {
      ok: false;
      code:
        | 'MINUTES_LINK_INVALID'
        | 'MINUTES_LINK_EXPIRED'
        | 'MINUTES_LINK_SUPERSEDED'
        | 'MINUTES_RESPONSE_CLOSED'
        | 'MINUTES_REASON_REQUIRED';
    };

const REASON_MAX = 2000;

/**
 * An objection's reason as kept and mailed: control characters other than line breaks and tabs removed (they
 * come from pasted text and break mail headers and documents), at most REASON_MAX characters counted as the
 * person sees them (code points: an emoji is never cut in half).
 */
export function objectionReason(typed: string | undefined): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: exactly the control characters removed.
  const clean = (typed ?? '').replace(/\r\n?/gu, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/gu, '');
  return Array.from(clean.trim()).slice(0, REASON_MAX).join('').trim();
}

export function recordResponse(
  state: MinutesState,
  response: { recipient: string; version: number; answer: 'confirm' | 'object'; reason?: string },
  now: DateTime,
): ResponseOutcome {
  const recipient = response.recipient.trim().toLowerCase();
  if (!state.recipients.includes(recipient)) return { ok: false, code: 'MINUTES_LINK_INVALID' };
  if (response.version < state.version) return { ok: false, code: 'MINUTES_LINK_SUPERSEDED' };
  if (response.version > state.version) return { ok: false, code: 'MINUTES_LINK_INVALID' };
  if (state.phase !== 'distributed') return { ok: false, code: 'MINUTES_RESPONSE_CLOSED' };
  if (now >= DateTime.fromISO(state.windowEndsAt)) return { ok: false, code: 'MINUTES_LINK_EXPIRED' };
  const reason = objectionReason(response.reason);
  if (response.answer === 'object' && reason === '') return { ok: false, code: 'MINUTES_REASON_REQUIRED' };
  // The same objection again (a double submit, a replayed form) is the one already open: no second mail.
  const repeated = state.objections.some(
    (o) => o.recipient === recipient && o.version === state.version && o.state === 'open' && o.reason === reason,
  );
  if (response.answer === 'object' && repeated) return { ok: true, state };
  const at = now.toISO()!;
  const responses = [
    ...state.responses.filter((r) => r.recipient !== recipient),
    { recipient, answer: response.answer, ...(reason ? { reason } : {}), at },
  ];
  // One open objection per person and version: the latest answer is what they think now.
  const objections = state.objections.map((o) =>
    o.recipient === recipient && o.version === state.version && o.state === 'open'
      ? { ...o, state: 'withdrawn' as const }
      : o,
  );
  if (response.answer === 'confirm') return { ok: true, state: { ...state, responses, objections } };
  const objection: MinutesObjection = { recipient, reason, version: state.version, at, state: 'open' };
  return { ok: true, state: { ...state, responses, objections: [...objections, objection] }, objection };
}

/** Confirmed once the window has closed with no open objection; otherwise unchanged (undefined). */
export function settleConfirmation(state: MinutesState, now: DateTime): MinutesState | undefined {
  if (state.phase !== 'distributed') return undefined;
  if (now < DateTime.fromISO(state.windowEndsAt)) return undefined;
  if (openObjections(state).length > 0) return undefined;
  return { ...state, phase: 'confirmed', confirmedAt: now.toISO()! };
}

/** Whether the Minutes tab must refuse edits of this meeting's lines: confirmed, and no new version open. */
export function linesLocked(state: Pick<MinutesState, 'phase'> | undefined): boolean {
  return state?.phase === 'confirmed';
}

/** The text of the Meetings tab's "Minutes status" cell. */
export function minutesStatusLabel(state: MinutesState, language: WorkbookLanguage, zone: string): string {
  const version = state.version;
  if (state.phase === 'confirmed') return minutesText('MINUTES_STATUS_CONFIRMED', { version }, language);
  if (state.phase === 'reopened')
    return minutesText('MINUTES_STATUS_REOPENED', { version, next: version + 1 }, language);
  const open = openObjections(state).length;
  if (open > 0) return minutesText('MINUTES_STATUS_OBJECTED', { version, count: open }, language);
  const until = DateTime.fromISO(state.windowEndsAt, { zone }).toFormat('yyyy-MM-dd HH:mm');
  return minutesText('MINUTES_STATUS_DISTRIBUTED', { version, until }, language);
}

/**
 * Whether the tick finalizes a meeting's minutes itself: never finalized, the recorder wrote at least one line
 * (a meeting nobody took minutes of gets no empty document mailed to everyone), ended at least `hours` ago (0
 * turns auto-finalizing off), and not longer ago than the lookback (old meetings of a new workbook are left alone).
 */
export function autoFinalizeDue(
  meeting: { end: string; lines: number },
  state: MinutesState | undefined,
  hours: number,
  now: DateTime,
  lookbackDays = 7,
): boolean {
  if (state || hours <= 0 || meeting.lines === 0) return false;
  const end = DateTime.fromISO(meeting.end);
  if (!end.isValid) return false;
  const due = end.plus({ hours });
  return now >= due && now < due.plus({ days: lookbackDays });
}
