// What the meeting workflows need: the notice work of meetings (record, agenda, roster), the claims of a
// series' occurrences, the "Send notice now" requests in the inbox, and the facts its permission rule reads.
// Types only.
import type { DateTime } from 'luxon';
import type { SendNoticeRequest, SendNoticeResponse } from '../contract/edit-request.ts';
import type { ErrorCode } from '../domain/errors.ts';
import type { MessageParams } from '../domain/messages.ts';
import type {
  MeetingForNotices,
  NoticeAgendaItem,
  NotifiedVersion,
  RosterMember,
} from '../domain/meetings/meeting-notices.ts';
import type { PlannedOccurrence } from '../domain/meetings/meeting-series.ts';
import type { NoticePermissionFacts, NoticeSenderRole } from '../domain/meetings/notice-permission.ts';
import type { MeetingRecordView, TemplateRosterMember } from '../domain/meetings/series-rows.ts';

export interface MeetingNoticeWork {
  meeting: MeetingForNotices;
  agenda: NoticeAgendaItem[];
  roster: RosterMember[];
  previous?: NotifiedVersion;
  /** The record is deleted and its cancellation has not been planned yet. */
  cancelPending: boolean;
}

export interface MeetingNotices {
  /** Meetings starting in [from, to] and deleted meetings with a cancellation pending, with agenda and roster. */
  meetingsForNotices(workbookId: string, from: DateTime, to: DateTime): Promise<MeetingNoticeWork[]>;
  /** One meeting's notice work; undefined when no such record exists. */
  noticeWork(workbookId: string, meetingId: string): Promise<MeetingNoticeWork | undefined>;
  /** Records the version attendees were notified of; a cancellation also clears the pending flag. */
  storeNotified(
    workbookId: string,
    meetingId: string,
    version: NotifiedVersion | undefined,
    options: { clearCancelPending: boolean },
  ): Promise<void>;
}

/** The states in which a claim still has work: its rows, or (its meeting refused) its review item and roster. */
export type OpenClaimState = 'pending' | 'awaitingMeeting';

/** The states a claim can be leased in: the open ones, and "written" while its roster is extended. */
export type LeasableClaimState = OpenClaimState | 'written';

export interface OccurrenceClaim {
  id: string;
  templateId: string;
  occurrence: PlannedOccurrence;
  /** The state the claim was read (and leased) in. */
  state: LeasableClaimState;
  /** Lower-case e-mails whose roster rows the series wrote for this occurrence (absent on older claims). */
  rosterOffered?: string[];
}

export type ClaimOutcome =
  /** `rosterOffered`: people whose roster rows were written now, added to the claim's memory. */
  | { state: 'written'; detail: Record<string, unknown>; rosterOffered?: readonly string[] }
  | { state: 'skipped'; detail: Record<string, unknown> }
  /** The meeting row was refused: the claim waits, unleased, for the user's fix. */
  | { state: 'awaitingMeeting'; detail: Record<string, unknown> };

/** A meeting record as the waiting claims need it. */
export interface MeetingRecordState {
  deleted: boolean;
  data: Record<string, unknown>;
}

export interface SeriesClaims {
  /** Live meetings whose Recurrence cell is filled. */
  templates(workbookId: string): Promise<MeetingRecordView[]>;
  /** Starts (ISO) the series already has from `from` on: its meetings (deleted ones too) and its claims. */
  existingStarts(workbookId: string, seriesKey: string, from: DateTime): Promise<string[]>;
  /** True when this call created the claim; false when the occurrence was claimed before. */
  claim(workbookId: string, templateId: string, occurrence: PlannedOccurrence, now: DateTime): Promise<boolean>;
  claimsIn(workbookId: string, state: OpenClaimState): Promise<OccurrenceClaim[]>;
  /** Pending claims this caller now holds a lease on. */
  leasePending(workbookId: string, now: DateTime, owner: string): Promise<OccurrenceClaim[]>;
  /** Of `claims`, those this caller now holds a lease on. */
  lease(
    workbookId: string,
    claims: readonly OccurrenceClaim[],
    now: DateTime,
    owner: string,
  ): Promise<OccurrenceClaim[]>;
  /** The IDs of `claims` whose lease `owner` still holds, each extended from `now`. */
  holdLeases(
    workbookId: string,
    claims: readonly OccurrenceClaim[],
    owner: string,
    now: DateTime,
  ): Promise<Set<string>>;
  /** The meeting records with these IDs (absent: never saved). */
  meetingRecords(workbookId: string, ids: readonly string[]): Promise<Map<string, MeetingRecordState>>;
  /** The series' written claims whose occurrence starts after `from` (their weeks may still gain roster rows). */
  writtenClaimsFrom(workbookId: string, seriesKey: string, from: DateTime): Promise<OccurrenceClaim[]>;
  /** The people on the live Attendance rows naming the template by its ID, with their People status. */
  templateRoster(workbookId: string, templateId: string): Promise<TemplateRosterMember[]>;
  /** Per meeting ID, the Attendance records naming it (deleted ones too): their IDs and people. */
  weekRosters(
    workbookId: string,
    meetingIds: readonly string[],
  ): Promise<Map<string, { ids: string[]; people: string[] }>>;
  /** Records the claim's outcome if `owner` still holds its lease. */
  settle(
    workbookId: string,
    claim: OccurrenceClaim,
    owner: string,
    outcome: ClaimOutcome,
    now: DateTime,
  ): Promise<boolean>;
}

export type SendNoticeOutcome =
  | { ok: true; response: SendNoticeResponse }
  | { ok: false; status: 403 | 404 | 409 | 503; code: ErrorCode; params: MessageParams };

/** The audit entry of a press: why the editor was allowed, and the answer's counts. */
export type NoticeAudit = { as: NoticeSenderRole } & Pick<
  SendNoticeResponse,
  'recipients' | 'queued' | 'sent' | 'later' | 'retrying' | 'failed'
>;

/** "Send notice now" requests in the edits inbox, with their answers and audit entries. */
export interface NoticeRequests {
  /** Stores the request under its event ID, once; for an ID seen before, the answer recorded then (if any yet). */
  receive(
    request: SendNoticeRequest,
    receivedAt: DateTime,
  ): Promise<{ replayed: false } | { replayed: true; answer?: SendNoticeOutcome }>;
  /** Records the answer on the inbox entry, with the audit entry when mail was queued or sent. */
  finish(request: SendNoticeRequest, answer: SendNoticeOutcome, at: DateTime, audit?: NoticeAudit): Promise<void>;
}

export interface NoticePermissions {
  /** The meeting's organisers and the editor's People rows; undefined when there is no live meeting with the ID. */
  factsFor(workbookId: string, meetingId: string, editor: string): Promise<NoticePermissionFacts | undefined>;
}
