// What applying an edit needs: the store of canonical records (inbox, records, audit) and the other tabs'
// records the cross-tab rules read. Types only.
import type { MinutesLockContext } from '../domain/minutes/minutes-edit-checks.ts';
import type { EditRequest } from '../contract/edit-request.ts';
import type { AttendanceContext } from '../domain/attendance/attendance-edit-checks.ts';
import type { AgendaContext } from '../domain/meetings/agenda-edit-checks.ts';
import type { MeetingContext } from '../domain/meetings/meeting-edit-checks.ts';
import type { DeletionCandidate } from '../domain/workbook/deletion-edit-checks.ts';
import type { RowChange } from '../domain/workbook/edit-permissions.ts';
import type { PermissionContext } from '../domain/workbook/permission-edit-checks.ts';
import type { RowIdClaim, StoredRows } from '../domain/workbook/record-ownership.ts';
import type { ReferenceContext } from '../domain/workbook/reference-edit-checks.ts';
import type { RowMessage } from '../domain/workbook/row-schemas.ts';
import type { SheetEditPlan, WorkbookSettings } from '../domain/workbook/sheet-edit-plan.ts';

export interface AppliedEdit {
  /** Sheet row → the record ID the row now shows (null: none yet). */
  ids: Map<number, string | null>;
  saved: number;
}

/** What a complete resync found deleted from the sheet, for the workflow to judge (deletion-edit-checks.ts). */
export interface ResyncDeletions {
  candidates: DeletionCandidate[];
  /** The last sheet row any part of the resync showed (the header row when it showed none). */
  lastRow: number;
}

/** The judged deletions: records to mark deleted, and records whose rows are put back at the given sheet rows. */
export interface DeletionOutcome {
  deleted: readonly string[];
  restored: ReadonlyArray<{ id: string; row: number; refusal: RowMessage }>;
}

/**
 * What a plan was made from, per sheet row: the record the row held when the plan read it (its ID and version), or
 * null when it held none. The store saves a row only if that is still so.
 */
export type PlannedFrom = ReadonlyMap<number, { readonly id: string; readonly version: string | null } | null>;

export type EditOutcome = { state: 'applied' | 'failed'; detail: Record<string, unknown> };

export interface SheetEditStore {
  /** Settings of the workbook, created with defaults on first contact. */
  workbookSettings(spreadsheetId: string, requestTimeZone: string | undefined): Promise<WorkbookSettings>;
  /** Puts the event in the inbox; 'replayed' when its ID was seen before (nothing is written then). */
  recordEdit(request: EditRequest, receivedAt: string): Promise<'stored' | 'replayed'>;
  /**
   * The records the rows' IDs name (deleted ones included), and the live record stored at each row that
   * record-ownership.ts needs located: what decides which record each row holds.
   */
  storedRows(spreadsheetId: string, collection: string, rows: readonly RowIdClaim[]): Promise<StoredRows>;
  /**
   * A part of a resync split into several requests sees only its own rows: records on its inbox entry which
   * IDs its rows show, and answers the IDs the batch's other parts (sent before it) showed, with their rows.
   */
  idsShownInBatch(request: EditRequest, rows: readonly RowIdClaim[]): Promise<Map<string, number[]>>;
  /** Remembers IDs the server wrote into rows itself (a series' rows), so a row refused now is saved under it later. */
  recordIssuedIds(spreadsheetId: string, collection: string, ids: readonly string[], at: string): Promise<void>;
  /**
   * Upserts valid rows as canonical records, transactionally (a resync's deletions are judged by the workflow and
   * applied with applyDeletions). With
   * `plannedFrom`, a row whose record was written since the plan read it (or that holds a record now and held none
   * then) writes nothing, and the answer is 'replan': the plan was made from values that are no longer there.
   * `shownElsewhere`: IDs that rows of the tab outside the request show (the other parts of a resync): like an ID
   * another row of the request shows, such a record is never matched to a row without an ID by its position.
   */
  applyEdit(
    request: EditRequest,
    plan: SheetEditPlan,
    appliedAt: string,
    plannedFrom?: PlannedFrom,
    shownElsewhere?: ReadonlySet<string>,
  ): Promise<AppliedEdit | 'replan'>;
  /**
   * For a resync whose every part has now been applied and whose header shows IDs: the live records none of its
   * rows show, written before its rows were read. Undefined when the resync cannot delete (yet).
   */
  resyncDeletions(
    request: EditRequest,
    plan: SheetEditPlan,
    ids: ReadonlyMap<number, string | null>,
  ): Promise<ResyncDeletions | undefined>;
  /** Marks the deleted records deleted, puts the restored ones at their new rows remembering why; the count deleted. */
  applyDeletions(
    request: EditRequest,
    plan: SheetEditPlan,
    outcome: DeletionOutcome,
    appliedAt: string,
  ): Promise<number>;
  markEdit(spreadsheetId: string, eventId: string, outcome: EditOutcome): Promise<void>;
}

/** The records beyond the edited rows that each tab's cross-tab rules read; loads grow with the edit, not the tabs. */
export interface RuleContext {
  /**
   * For every tab: the records the rows' reference columns name (people by email, meetings, agenda items and
   * customers by ID) and the live records sharing a natural key with a row; batched by what the rows name.
   */
  referenceContext(spreadsheetId: string, plan: SheetEditPlan): Promise<ReferenceContext>;
  meetingContext(spreadsheetId: string, plan: SheetEditPlan): Promise<MeetingContext>;
  agendaContext(spreadsheetId: string, plan: SheetEditPlan): Promise<AgendaContext>;
  attendanceContext(spreadsheetId: string, plan: SheetEditPlan): Promise<AttendanceContext>;
  /** Minutes: which meetings' minutes are confirmed (locked), and the stored lines the rows would change. */
  minutesLockContext?(spreadsheetId: string, plan: SheetEditPlan): Promise<MinutesLockContext>;
  /** Of these meetings, the ones whose minutes are confirmed (locked): meeting ID → the confirmed version. */
  lockedMinutes?(spreadsheetId: string, meetingIds: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /**
   * What edit-permissions.ts reads for the editor's changes: the editor's own People rows, the People "Manager"
   * of the people the rows name, the host and recorder of the meetings they name, and whether the workbook has an
   * active admin yet.
   */
  permissionContext(
    spreadsheetId: string,
    editor: string,
    tab: SheetEditPlan['tab']['key'],
    rows: readonly RowChange[],
  ): Promise<PermissionContext>;
}
