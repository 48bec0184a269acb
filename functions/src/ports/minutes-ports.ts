// What the minutes workflows need besides documents and mail: the records a meeting's minutes are made from,
// the minutes state record of each meeting (version, document, window, answers), the requests in the inbox,
// and the Meetings tab's "Minutes status" cells. Types only.
import type { DateTime } from 'luxon';
import type { SendNoticeRequest } from '../contract/edit-request.ts';
import type { MinutesState } from '../domain/minutes/minutes-confirmation-rules.ts';
import type { MinutesRecords } from '../domain/minutes/minutes-sources.ts';
import type { NoticePermissionFacts } from '../domain/meetings/notice-permission.ts';
import type { Lang } from '../domain/messages.ts';

export interface MinutesStore {
  /** Everything the meeting's minutes are made from; undefined when no live meeting has the ID. */
  records(workbookId: string, meetingId: string): Promise<MinutesRecords | undefined>;
  /** Mail language of these people (People tab), by lower-case e-mail; absent: the workbook's default. */
  languages(workbookId: string, emails: readonly string[]): Promise<Map<string, Lang>>;
  state(workbookId: string, meetingId: string): Promise<MinutesState | undefined>;
  /**
   * The document a first finalize wrote before its state was saved (it failed in between), so the retry writes
   * into it instead of making a second one; and remembering it as soon as it exists.
   */
  rememberedDocument(workbookId: string, meetingId: string): Promise<string | undefined>;
  rememberDocument(workbookId: string, meetingId: string, documentId: string): Promise<void>;
  /** Overwrites the meeting's state (the finalize workflow holds the meeting's finalize lease while it does). */
  saveState(workbookId: string, state: MinutesState): Promise<void>;
  /**
   * Reads the state and writes what `change` returns in one transaction (a response racing the tick's settling
   * or another response is applied to the state the other left). `change` may run more than once.
   */
  updateState<T>(
    workbookId: string,
    meetingId: string,
    change: (current: MinutesState | undefined) => { state?: MinutesState; result: T },
  ): Promise<T>;
  /** States of minutes sent and not yet confirmed (phase distributed). */
  awaitingConfirmation(workbookId: string): Promise<MinutesState[]>;
  /** Live meetings whose start is in [from, to], with their end and how many Minutes lines they have. */
  startedBetween(
    workbookId: string,
    from: DateTime,
    to: DateTime,
  ): Promise<Array<{ id: string; end: string; lines: number }>>;
  /** The states of these meetings (absent: never finalized). */
  statesOf(workbookId: string, meetingIds: readonly string[]): Promise<Map<string, MinutesState>>;
  /**
   * Takes the meeting's finalize lease until `until` for `owner` (one finalize at a time per meeting: two presses
   * at once must not make two documents); false when someone else holds it.
   */
  lease(workbookId: string, meetingId: string, owner: string, now: DateTime, until: DateTime): Promise<boolean>;
  release(workbookId: string, meetingId: string, owner: string): Promise<void>;
}

/** Who may finalize: the permission facts "Send notice now" reads (host, recorder, editor's People rows). */
export interface MinutesPermissions {
  factsFor(workbookId: string, meetingId: string, editor: string): Promise<NoticePermissionFacts | undefined>;
}

export interface MinutesStatusSheet {
  /** Writes each meeting's "Minutes status" cell where the Meetings row with that ID shows something else. */
  writeStatuses(workbookId: string, labels: ReadonlyMap<string, string>): Promise<number>;
}

/**
 * The inbox entry of a "Finalize minutes" press (`edits/{eventId}`, like "Send notice now"): stored once under its
 * event ID, so a request that arrives again (a retry, a captured copy replayed within the signature window) gets
 * the answer recorded the first time instead of issuing another version. `Answer` is the workflow's outcome.
 */
export interface FinalizeRequests<Answer> {
  receive(
    request: SendNoticeRequest,
    receivedAt: DateTime,
  ): Promise<{ replayed: false } | { replayed: true; answer?: Answer }>;
  finish(request: SendNoticeRequest, answer: Answer, at: DateTime): Promise<void>;
}
