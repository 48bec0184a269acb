// Rules for a Meetings row that need more than the row itself: the People tab, the meeting's attendance
// list, and rules that depend on the meeting type. Column-level checks (types, required cells, end after
// start) already ran in row-schemas; this runs on the parsed record.
//
// Decisions:
// - Errors keep the row from becoming a canonical record; warnings (MEETING_OVER_BUDGET) are shown in Status
//   but the row is saved: seed 000 asks for budget control, yet the money has been spent and the record of
//   it must not be lost.
// - A dealer conference (销售商会议, seed 000) needs a venue and a budget: organisers book a site and control
//   its cost. Other types may be held online or cost nothing.
// - The recorder must be on the roster because the minutes workflow (confirmation, attendance) assumes the
//   recorder attended. The host is not required on the roster: a host is by definition there.
// - End after start is repeated here so callers that build records elsewhere (series occurrences) get it too.
import { DateTime } from 'luxon';
import type { ErrorCode } from '../errors.ts';
import type { Localized, MessageParams } from '../messages.ts';
import { parseRecurrence } from './meeting-series.ts';

export type ProblemSeverity = 'error' | 'warning';

export interface MeetingProblem {
  code: ErrorCode;
  severity: ProblemSeverity;
  /** Meetings column key the problem is shown next to. */
  column: string;
  params: MessageParams;
}

export interface MeetingForValidation {
  type: string;
  start: string;
  end: string;
  venue?: string;
  host?: string;
  recorder?: string;
  recurrence?: string;
  budget?: number;
  actualCost?: number;
}

/** What the People tab knows about an address; undefined when it is not there. */
export type PeopleLookup = (email: string) => { active?: boolean } | undefined;

export interface MeetingValidationContext {
  people: PeopleLookup;
  /** E-mail addresses on the meeting's Attendance list. */
  roster: readonly string[];
}

export interface MeetingValidationResult {
  errors: MeetingProblem[];
  warnings: MeetingProblem[];
}

const COLUMNS: Readonly<Record<string, Localized>> = {
  type: { en: 'Type', zh: '会议类型' },
  start: { en: 'Start', zh: '开始时间' },
  end: { en: 'End', zh: '结束时间' },
  venue: { en: 'Venue', zh: '地点' },
  host: { en: 'Host', zh: '主持人' },
  recorder: { en: 'Recorder', zh: '记录人' },
  recurrence: { en: 'Recurrence', zh: '重复规则' },
  budget: { en: 'Budget', zh: '预算' },
};

const PEOPLE_TAB: Localized = { en: 'People', zh: '人员' };
const DEALER_CONFERENCE: Localized = { en: 'dealer conference', zh: '销售商会议' };

/** Type-specific required columns, keyed by the meeting type key of MEETING_TYPE_OPTIONS. */
const REQUIRED_BY_TYPE: Readonly<
  Record<string, { label: Localized; columns: ReadonlyArray<keyof MeetingForValidation> }>
> = {
  dealerConference: { label: DEALER_CONFERENCE, columns: ['venue', 'budget'] },
};

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function display(iso: string): string {
  const at = DateTime.fromISO(iso, { setZone: true });
  return at.isValid ? at.toFormat('yyyy-MM-dd HH:mm') : iso;
}

function isBlank(value: unknown): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '');
}

function checkPerson(
  column: 'host' | 'recorder',
  email: string | undefined,
  people: PeopleLookup,
): MeetingProblem | undefined {
  if (isBlank(email)) return undefined;
  const person = people(normalizeEmail(email!));
  const params = { column: COLUMNS[column], value: email };
  if (!person) return { code: 'REF_UNKNOWN', severity: 'error', column, params: { ...params, targetTab: PEOPLE_TAB } };
  if (person.active === false) return { code: 'PERSON_INACTIVE', severity: 'error', column, params };
  return undefined;
}

export function validateMeeting(
  meeting: MeetingForValidation,
  context: MeetingValidationContext,
): MeetingValidationResult {
  const errors: MeetingProblem[] = [];
  const warnings: MeetingProblem[] = [];

  const start = DateTime.fromISO(meeting.start);
  const end = DateTime.fromISO(meeting.end);
  if (start.isValid && end.isValid && end.toMillis() <= start.toMillis()) {
    errors.push({
      code: 'END_NOT_AFTER_START',
      severity: 'error',
      column: 'end',
      params: {
        column: COLUMNS.end,
        value: display(meeting.end),
        otherColumn: COLUMNS.start,
        otherValue: display(meeting.start),
      },
    });
  }

  for (const column of ['host', 'recorder'] as const) {
    const problem = checkPerson(column, meeting[column], context.people);
    if (problem) errors.push(problem);
  }
  // A new meeting has no attendance list yet (its rows need the meeting's ID); the check waits for one.
  if (!isBlank(meeting.recorder) && context.roster.length > 0) {
    const roster = new Set(context.roster.map(normalizeEmail));
    if (!roster.has(normalizeEmail(meeting.recorder!))) {
      errors.push({
        code: 'RECORDER_NOT_ON_ROSTER',
        severity: 'error',
        column: 'recorder',
        params: { column: COLUMNS.recorder, value: meeting.recorder },
      });
    }
  }

  const required = REQUIRED_BY_TYPE[meeting.type];
  for (const column of required?.columns ?? []) {
    if (!isBlank(meeting[column])) continue;
    errors.push({
      code: 'VALUE_REQUIRED_WHEN',
      severity: 'error',
      column,
      params: { column: COLUMNS[column], otherColumn: COLUMNS.type, otherValue: required!.label },
    });
  }

  if (!isBlank(meeting.recurrence)) {
    const parsed = parseRecurrence(meeting.recurrence!);
    if (!parsed.ok) errors.push({ code: parsed.code, severity: 'error', column: 'recurrence', params: parsed.params });
  }

  if (meeting.budget !== undefined && meeting.actualCost !== undefined && meeting.actualCost > meeting.budget) {
    warnings.push({
      code: 'MEETING_OVER_BUDGET',
      severity: 'warning',
      column: 'actualCost',
      params: { actual: meeting.actualCost, budget: meeting.budget },
    });
  }
  return { errors, warnings };
}
