// Edits in Firestore: the `edits` inbox (every accepted event, written before it is applied), the canonical
// records the edits save (paths and lookups from firestore-records.ts), and the `audit` log. Every write goes
// through a transaction, so concurrent edits of one row never lose an update. What a deletion does to a
// record, and which records a resync finds deleted, are domain rules (domain/workbook/record-deletion.ts).
// "Send notice now" requests share the inbox and the audit log (FirestoreNoticeRequests below).
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  FieldValue,
  Timestamp,
  type CollectionReference,
  type DocumentReference,
  type DocumentSnapshot,
  type Transaction,
} from '@google-cloud/firestore';
import { type EditRequest, FIRST_DATA_ROW_NUMBER, type SendNoticeRequest } from '../contract/edit-request.ts';
import type { DeletionCandidate } from '../domain/workbook/deletion-edit-checks.ts';
import {
  deletionFields,
  recordsDeletedInResync,
  resyncComplete,
  resyncMayDelete,
  resyncPresentIds,
} from '../domain/workbook/record-deletion.ts';
import type { WorkbookLanguage } from '../domain/messages.ts';
import { actionSyncMark } from '../domain/minutes/action-lines.ts';
import { formatRecordId, looksLikeRecordId } from '../domain/workbook/record-ids.ts';
import {
  type RowIdClaim,
  type StoredRecord,
  type StoredRows,
  rowsToLocate,
  shownRecordId,
} from '../domain/workbook/record-ownership.ts';
import type { RowMessage } from '../domain/workbook/row-schemas.ts';
import type { PlannedRow, SheetEditPlan, WorkbookSettings } from '../domain/workbook/sheet-edit-plan.ts';
import {
  type SettingKey,
  buildNotificationSettings,
  readWorkbookPhoneRegion,
} from '../domain/workbook/workbook-settings.ts';
import type {
  AppliedEdit,
  DeletionOutcome,
  EditOutcome,
  PlannedFrom,
  ResyncDeletions,
  SheetEditStore,
} from '../ports/edit-ports.ts';
import type { NoticeAudit, NoticeRequests, SendNoticeOutcome } from '../ports/meeting-ports.ts';
import { type FirestoreRecords, IN_FILTER_LIMIT, chunk, isLive, recordData } from './firestore-records.ts';

/**
 * Rows per transaction: each row is at most two writes (record + audit), and an Attendance row at most two more
 * (the meeting it names and the one it leaves): at most 400, inside the 500 a commit takes.
 */
const ROWS_PER_TRANSACTION = 100;
/** The inbox keeps the typed values; a larger event keeps only row numbers (the sheet still has the text). */
const MAX_INBOX_ROWS_BYTES = 800_000;

interface RecordDoc {
  id: string;
  sheetRow: number | null;
  data: Record<string, unknown>;
  deleted: boolean;
  deletedAt?: string;
  updatedAt?: string;
}

/**
 * A document's version: its update time, which Firestore changes with every write (to the microsecond), unlike
 * `updatedAt`, which two writes in one millisecond (or under a pinned clock) share.
 */
function versionOf(snap: DocumentSnapshot): string | null {
  return snap.updateTime ? snap.updateTime.valueOf() : null;
}

function storedRecord(snap: DocumentSnapshot): StoredRecord {
  const doc = snap.data() as RecordDoc;
  return {
    id: doc.id,
    sheetRow: doc.sheetRow ?? null,
    deleted: doc.deleted === true,
    data: doc.data ?? {},
    deletedAt: doc.deletedAt ?? null,
    updatedAt: doc.updatedAt ?? null,
    version: versionOf(snap),
  };
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Whether the record a row is about to be saved over is the one its plan was made from (no `plannedFrom`: yes). */
function stillAsPlanned(
  plannedFrom: PlannedFrom | undefined,
  row: number,
  existing: RecordDoc | undefined,
  versions: ReadonlyMap<string, string | null>,
): boolean {
  if (!plannedFrom?.has(row)) return true;
  const planned = plannedFrom.get(row);
  if (!planned) return existing === undefined;
  return existing?.id === planned.id && versions.get(existing.id) === planned.version;
}

export class FirestoreSheetEditStore implements SheetEditStore {
  constructor(
    private readonly records: FirestoreRecords,
    private readonly defaults: WorkbookSettings,
    private readonly newId: (tab: SheetEditPlan['tab']['key']) => string = (tab) => formatRecordId(tab, randomBytes(8)),
  ) {}

  private get db() {
    return this.records.db;
  }

  private workbook(spreadsheetId: string): DocumentReference {
    return this.records.workbook(spreadsheetId);
  }

  async workbookSettings(spreadsheetId: string, requestTimeZone: string | undefined): Promise<WorkbookSettings> {
    const ref = this.workbook(spreadsheetId);
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const stored = snap.data() as Partial<WorkbookSettings> | undefined;
      const phoneRegion = readWorkbookPhoneRegion(snap.data()); // issue 13: Settings tab's default phone region
      if (stored?.timeZone && stored.language)
        return { timeZone: stored.timeZone, language: stored.language, phoneRegion };
      const settings: WorkbookSettings = {
        timeZone: requestTimeZone ?? this.defaults.timeZone,
        language: this.defaults.language,
      };
      tx.set(ref, { ...settings, createdAt: FieldValue.serverTimestamp() }, { merge: true });
      return settings;
    });
  }

  async recordEdit(request: EditRequest, receivedAt: string): Promise<'stored' | 'replayed'> {
    const rowsJson = JSON.stringify(request.rows);
    const rows =
      Buffer.byteLength(rowsJson) <= MAX_INBOX_ROWS_BYTES
        ? request.rows
        : request.rows.map((r) => ({ row: r.row, values: [] }));
    try {
      await this.workbook(request.spreadsheetId)
        .collection('edits')
        .doc(request.eventId)
        .create({
          eventId: request.eventId,
          kind: request.kind,
          sheetName: request.sheetName,
          editor: request.editor,
          headerRow: request.headerRow,
          rows,
          rowsTruncated: rows !== request.rows,
          batchId: request.batch?.id ?? null,
          batchIndex: request.batch?.index ?? null,
          batchCount: request.batch?.count ?? null,
          sentAt: request.sentAt,
          receivedAt,
          state: 'received',
        });
      return 'stored';
    } catch (error) {
      if ((error as { code?: number }).code === 6) return 'replayed';
      throw error;
    }
  }

  async markEdit(spreadsheetId: string, eventId: string, outcome: EditOutcome): Promise<void> {
    await this.workbook(spreadsheetId)
      .collection('edits')
      .doc(eventId)
      .update({ state: outcome.state, ...outcome.detail });
  }

  async storedRows(spreadsheetId: string, collection: string, rows: readonly RowIdClaim[]): Promise<StoredRows> {
    const records = this.records.collection(spreadsheetId, collection);
    const byId = new Map<string, StoredRecord>();
    const ids = [...new Set(rows.map((row) => shownRecordId(row.sheetId)).filter((id): id is string => !!id))];
    for (const group of chunk(ids, 500)) {
      const snaps = await this.db.getAll(...group.map((id) => records.doc(id)));
      for (const snap of snaps) if (snap.exists) byId.set(snap.id, storedRecord(snap));
    }
    const atRow = new Map<number, StoredRecord>();
    for (const group of chunk(rowsToLocate(rows, byId), IN_FILTER_LIMIT)) {
      const snap = await records.where('sheetRow', 'in', group).get();
      for (const doc of snap.docs) {
        const record = doc.data() as RecordDoc;
        if (!record.deleted && record.sheetRow !== null) atRow.set(record.sheetRow, storedRecord(doc));
      }
    }
    // IDs no record has yet: issued by the server to a row it wrote (recordIssuedIds)?
    const issued = new Set<string>();
    const unknown = ids.filter((id) => !byId.has(id));
    for (const group of chunk(unknown, 500)) {
      const snaps = await this.db.getAll(...group.map((id) => this.issuedIds(spreadsheetId).doc(id)));
      for (const snap of snaps) if (snap.exists && snap.get('collection') === collection) issued.add(snap.id);
    }
    return { byId, atRow, issued };
  }

  async idsShownInBatch(request: EditRequest, rows: readonly RowIdClaim[]): Promise<Map<string, number[]>> {
    const shown = new Map<string, number[]>();
    if (!request.batch) return shown;
    const edits = this.workbook(request.spreadsheetId).collection('edits');
    const mine = rows.flatMap((r) => {
      const id = shownRecordId(r.sheetId);
      return id ? [{ row: r.row, id }] : [];
    });
    await edits.doc(request.eventId).update({ shownIds: mine });
    const parts = await edits.where('batchId', '==', request.batch.id).get();
    for (const part of parts.docs) {
      if (part.id === request.eventId) continue;
      for (const { row, id } of (part.get('shownIds') as Array<{ row: number; id: string }> | undefined) ?? [])
        shown.set(id, [...(shown.get(id) ?? []), row]);
    }
    return shown;
  }

  /** workbooks/{id}/issuedIds/{recordId}: IDs the server wrote into rows before any record had them. */
  private issuedIds(spreadsheetId: string): CollectionReference {
    return this.workbook(spreadsheetId).collection('issuedIds');
  }

  async recordIssuedIds(spreadsheetId: string, collection: string, ids: readonly string[], at: string): Promise<void> {
    for (const group of chunk(ids, 400)) {
      const batch = this.db.batch();
      for (const id of group) batch.set(this.issuedIds(spreadsheetId).doc(id), { collection, issuedAt: at });
      await batch.commit();
    }
  }

  async applyEdit(
    request: EditRequest,
    plan: SheetEditPlan,
    appliedAt: string,
    plannedFrom?: PlannedFrom,
    shownElsewhere: ReadonlySet<string> = new Set(),
  ): Promise<AppliedEdit | 'replan'> {
    const records = this.workbook(request.spreadsheetId).collection(plan.tab.collection!);
    const ids = new Map<number, string | null>();
    // A record another row shows is that row's: a row without an ID is never matched to it by position.
    const shown = new Set(shownElsewhere);
    for (const row of plan.rows) {
      const id = shownRecordId(row.sheetId);
      if (id) shown.add(id);
    }
    let saved = 0;
    for (const rows of chunk(plan.rows, ROWS_PER_TRANSACTION)) {
      const outcome = await this.db.runTransaction(async (tx) => {
        const found = await this.findRecords(
          tx,
          records,
          rows.filter((row) => row.answerId === undefined),
          shown,
        );
        const chunkIds = new Map<number, string | null>();
        const saves: Array<{
          row: PlannedRow;
          data: Record<string, unknown>;
          id: string;
          existing: RecordDoc | undefined;
        }> = [];
        for (const row of rows) {
          // Refused for the ID it shows (record-ownership.ts): matched to no record, its ID cell as decided.
          if (row.answerId !== undefined) {
            chunkIds.set(row.row, row.answerId);
            continue;
          }
          const existing = found.records.get(row.row);
          if (!row.data || request.kind === 'change') {
            chunkIds.set(row.row, existing?.id ?? (row.sheetId && looksLikeRecordId(row.sheetId) ? row.sheetId : null));
            continue;
          }
          const id =
            existing?.id ?? (row.sheetId && looksLikeRecordId(row.sheetId) ? row.sheetId : this.newId(plan.tab.key));
          chunkIds.set(row.row, id);
          // Records written before due fields (or a meeting's startAt) existed are rewritten once, so the tick's
          // queries can see them.
          const fieldsCurrent =
            !!existing && 'dueAt' in existing && (row.startAt === undefined || 'startAt' in existing);
          if (
            existing &&
            !existing.deleted &&
            existing.sheetRow === row.row &&
            fieldsCurrent &&
            stableJson(existing.data) === stableJson(row.data)
          )
            continue;
          saves.push({ row, data: row.data, id, existing });
        }
        // Planned from a version of a record that is no longer stored (another edit committed in between): the
        // plan's stale-column merge and checks saw other values, so nothing is written and the edit is planned again.
        if (saves.some(({ row, existing }) => !stillAsPlanned(plannedFrom, row.row, existing, found.versions)))
          return 'replan' as const;
        // Read before any write (a transaction's reads come first): the meetings whose attendance these saves change.
        const reopened =
          plan.tab.key === 'attendance'
            ? await this.attendanceMeetings(
                tx,
                request.spreadsheetId,
                saves.flatMap((s) => [s.data.meeting, s.existing?.data?.meeting]),
              )
            : [];
        for (const { row, data, id, existing } of saves) {
          const ref = records.doc(id);
          const record = {
            id,
            sheetRow: row.row,
            data,
            dueAt: row.due?.dueAt ? Timestamp.fromMillis(DateTime.fromISO(row.due.dueAt).toMillis()) : null,
            dueFor: row.due?.dueFor ?? [],
            dueTitle: row.due?.dueTitle ?? null,
            dueAllDay: row.due?.dueAllDay ?? false,
            // A meeting's start, which a deletion keeps (it clears dueAt): the series query counts deleted weeks by it.
            ...(row.startAt === undefined
              ? {}
              : { startAt: row.startAt ? Timestamp.fromMillis(DateTime.fromISO(row.startAt).toMillis()) : null }),
            deleted: false,
            // A minutes action line saved: the tick writes its Actions row (workflows/sync-action-lines.ts).
            ...actionSyncMark(plan.tab.key, existing?.data, data),
            // A saved row is the editor's again: an earlier refused deletion no longer holds it
            // (deletion-edit-checks.ts).
            deletionRefused: FieldValue.delete(),
            updatedAt: appliedAt,
            updatedBy: request.editor,
            lastEventId: request.eventId,
            ...(existing ? {} : { createdAt: appliedAt, createdBy: request.editor }),
          };
          // mergeFields, not merge: `data` is replaced as a whole, so a cell cleared in the sheet (a check-in taken
          // back) leaves the record too; fields others keep on the record (notified, finalisation marks) stay.
          tx.set(ref, record, { mergeFields: Object.keys(record) });
          this.audit(
            tx,
            request,
            appliedAt,
            existing && !existing.deleted ? 'update' : 'create',
            plan.tab.collection!,
            id,
          );
        }
        this.reopenAttendance(tx, reopened);
        return { chunkIds, chunkSaved: saves.length };
      });
      if (outcome === 'replan') return 'replan';
      for (const [row, id] of outcome.chunkIds) ids.set(row, id);
      saved += outcome.chunkSaved;
    }
    if (plan.tab.key === 'settings' && saved > 0)
      await this.refreshNotificationSettings(request.spreadsheetId, plan.timeZone);
    return { ids, saved };
  }

  /**
   * The meetings whose attendance a save or deletion changes (the rows' meeting, and the one a moved row
   * leaves), read inside the edit's transaction. IDs come from the rows' `meeting` values, which the
   * Attendance rules checked against existing meetings; anything that cannot name a document is skipped.
   */
  private async attendanceMeetings(
    tx: Transaction,
    spreadsheetId: string,
    named: readonly unknown[],
  ): Promise<DocumentReference[]> {
    const ids = [
      ...new Set(named.filter((m): m is string => typeof m === 'string' && m.trim() !== '' && !m.includes('/'))),
    ];
    if (ids.length === 0) return [];
    const meetings = this.records.collection(spreadsheetId, 'meetings');
    const snaps = await tx.getAll(...ids.map((id) => meetings.doc(id)));
    return snaps.filter((snap) => snap.exists).map((snap) => snap.ref);
  }

  /**
   * An attendance row saved or deleted can change other rows' results (a substitute's check-in covers a leave,
   * even one typed the next morning): in the same transaction as the records, the meeting's attendance revision
   * goes up and its finalisation mark goes. The tick finalises a meeting only if the revision it read with the
   * meeting is still there (firestore-attendance-results.ts markFinalized), so an edit saved while the tick is
   * settling that meeting — before or after its mark — always leaves it open for the next tick, which judges it
   * with the new row.
   */
  private reopenAttendance(tx: Transaction, meetings: readonly DocumentReference[]): void {
    for (const ref of meetings)
      tx.update(ref, { attendanceRevision: FieldValue.increment(1), attendanceFinalizedFor: FieldValue.delete() });
  }

  /** Rebuilds the workbook's reminder settings from every live Settings row (a small tab, read whole). */
  private async refreshNotificationSettings(spreadsheetId: string, timeZone: string): Promise<void> {
    const rows = await this.workbook(spreadsheetId).collection('settings').where('deleted', '==', false).get();
    const language = (await this.workbook(spreadsheetId).get()).get('language') as WorkbookLanguage | undefined;
    const records = rows.docs.map((doc) => ({
      ...(doc.get('data') as { setting: SettingKey; value: string }),
      sheetRow: doc.get('sheetRow') as number | null,
    }));
    // mergeFields replaces the map whole: with `merge: true` a nested entry of a deleted row (one type's notice
    // days) would stay in force. The workbook's other fields (time zone, language, marks) are kept.
    await this.workbook(spreadsheetId).set(
      { notifications: buildNotificationSettings(records, timeZone, language) },
      { mergeFields: ['notifications'] },
    );
  }

  /** Who changed which record, by which edit event: kept for as long as the workbook. */
  private audit(
    tx: Transaction,
    request: EditRequest,
    at: string,
    action: 'create' | 'update' | 'delete' | 'deleteRefused',
    collection: string,
    recordId: string,
  ): void {
    tx.create(this.workbook(request.spreadsheetId).collection('audit').doc(), {
      at,
      actor: request.editor,
      action,
      collection,
      recordId,
      eventId: request.eventId,
    });
  }

  /**
   * Existing records for the rows: by the ID the sheet shows, or (for a row without one) by its sheet row, unless
   * another row shows that record's ID (`shown`).
   */
  private async findRecords(
    tx: Transaction,
    records: CollectionReference,
    rows: PlannedRow[],
    shown: ReadonlySet<string>,
  ): Promise<{ records: Map<number, RecordDoc>; versions: Map<string, string | null> }> {
    const found = new Map<number, RecordDoc>();
    const versions = new Map<string, string | null>();
    const withId = rows.filter((r) => r.sheetId && looksLikeRecordId(r.sheetId));
    if (withId.length > 0) {
      const snaps = await tx.getAll(...withId.map((r) => records.doc(r.sheetId!)));
      snaps.forEach((snap, i) => {
        if (!snap.exists) return;
        found.set(withId[i]!.row, snap.data() as RecordDoc);
        versions.set(snap.id, versionOf(snap));
      });
    }
    // A row that lost its ID (the write-back never arrived) is matched by its position, so sending the
    // same new row twice gives one record, not two.
    const withoutId = rows.filter((r) => !found.has(r.row) && !(r.sheetId && looksLikeRecordId(r.sheetId)));
    for (const group of chunk(
      withoutId.map((r) => r.row),
      IN_FILTER_LIMIT,
    )) {
      const snap = await tx.get(records.where('sheetRow', 'in', group));
      for (const doc of snap.docs) {
        const record = doc.data() as RecordDoc;
        if (!record.deleted && record.sheetRow !== null && !shown.has(record.id)) {
          found.set(record.sheetRow, record);
          versions.set(doc.id, versionOf(doc));
        }
      }
    }
    return { records: found, versions };
  }

  /**
   * A resync carries every data row of the sheet: a live record whose ID is not among them was deleted in
   * the sheet. A split resync counts only when all of its parts have been applied.
   */
  async resyncDeletions(
    request: EditRequest,
    plan: SheetEditPlan,
    ids: ReadonlyMap<number, string | null>,
  ): Promise<ResyncDeletions | undefined> {
    if (request.kind !== 'resync' || !resyncMayDelete(plan.idColumn)) return undefined;
    const edits = this.workbook(request.spreadsheetId).collection('edits');
    const present = resyncPresentIds(
      ids.values(),
      plan.rows.map((row) => row.sheetId),
    );
    let lastRow = Math.max(FIRST_DATA_ROW_NUMBER - 1, ...request.rows.map((row) => row.row));
    await edits.doc(request.eventId).update({ resyncIds: [...present], resyncLastRow: lastRow });
    if (request.batch) {
      const parts = await edits.where('batchId', '==', request.batch.id).get();
      const applied = parts.docs.filter((d) => Array.isArray(d.get('resyncIds')));
      if (!resyncComplete(applied.length, request.batch.count)) return undefined;
      for (const part of applied) {
        for (const id of part.get('resyncIds') as string[]) present.add(id);
        lastRow = Math.max(lastRow, Number(part.get('resyncLastRow') ?? 0));
      }
    }
    const records = this.records.collection(request.spreadsheetId, plan.tab.collection!);
    const live = await records.where('deleted', '==', false).select('id', 'updatedAt').get();
    // A record written after the rows were read (sentAt: a row typed while a resync or reconcile was running)
    // is one the read could not show, not one deleted from the sheet: it is left alone.
    const readAt = Date.parse(request.sentAt);
    const shownAtRead = live.docs.filter((d) => !(Date.parse(String(d.get('updatedAt'))) > readAt));
    const gone = recordsDeletedInResync(
      shownAtRead.map((d) => d.id),
      present,
    );
    const candidates: DeletionCandidate[] = [];
    for (const group of chunk(gone, 500)) {
      for (const snap of (await this.db.getAll(...group.map((id) => records.doc(id)))).filter(isLive)) {
        const refused = snap.get('deletionRefused') as RowMessage | undefined;
        candidates.push({
          id: snap.id,
          data: (snap.get('data') ?? {}) as Record<string, unknown>,
          ...(refused ? { refused } : {}),
        });
      }
    }
    return { candidates, lastRow };
  }

  async applyDeletions(
    request: EditRequest,
    plan: SheetEditPlan,
    outcome: DeletionOutcome,
    appliedAt: string,
  ): Promise<number> {
    const records = this.records.collection(request.spreadsheetId, plan.tab.collection!);
    const deletion = { at: appliedAt, by: request.editor, eventId: request.eventId };
    let deleted = 0;
    for (const group of chunk(outcome.deleted, ROWS_PER_TRANSACTION)) {
      deleted += await this.db.runTransaction(async (tx) => {
        const snaps = (await tx.getAll(...group.map((id) => records.doc(id)))).filter(isLive);
        const meetingsNamed = snaps.map((snap) => snap.get('data.meeting'));
        const reopened =
          plan.tab.key === 'attendance' ? await this.attendanceMeetings(tx, request.spreadsheetId, meetingsNamed) : [];
        this.reopenAttendance(tx, reopened);
        for (const snap of snaps) {
          const notified = snap.get('notified') as { cancelled?: boolean } | undefined;
          tx.update(snap.ref, {
            ...deletionFields(plan.tab.key, notified, deletion),
            // A deleted action line cancels its action (domain/minutes/action-lines.ts).
            ...actionSyncMark(plan.tab.key, recordData(snap), undefined),
          });
          this.audit(tx, request, appliedAt, 'delete', plan.tab.collection!, snap.id);
        }
        return snaps.length;
      });
    }
    // A refused deletion changes none of the record's values: it is at its new row now, and remembers the refusal
    // (and its wording) until it is saved again, so a reconcile that finds the row missing puts it back again.
    for (const group of chunk(outcome.restored, ROWS_PER_TRANSACTION)) {
      await this.db.runTransaction(async (tx) => {
        const snaps = await tx.getAll(...group.map((r) => records.doc(r.id)));
        group.forEach(({ row, refusal }, i) => {
          const snap = snaps[i]!;
          if (!isLive(snap)) return;
          tx.update(snap.ref, { sheetRow: row, deletionRefused: { ...refusal, at: appliedAt, by: request.editor } });
          this.audit(tx, request, appliedAt, 'deleteRefused', plan.tab.collection!, snap.id);
        });
      });
    }
    if (plan.tab.key === 'settings' && deleted > 0)
      await this.refreshNotificationSettings(request.spreadsheetId, plan.timeZone);
    return deleted;
  }
}

/**
 * "Send notice now" requests in the edits inbox, workbooks/{id}/edits/{eventId} with kind 'sendNotice': made
 * with create(), so one event ID is acted on once, and holding the answer that was given, so the same ID
 * arriving again (a fetch retried after its answer was lost, a captured request replayed within the signature
 * window) gets that answer back and nothing is sent again. A request that queued or sent mail also leaves an
 * audit entry, written in the same batch as its answer.
 */
export class FirestoreNoticeRequests implements NoticeRequests {
  constructor(private readonly records: FirestoreRecords) {}

  private workbook(workbookId: string): DocumentReference {
    return this.records.workbook(workbookId);
  }

  private edit(request: SendNoticeRequest): DocumentReference {
    return this.workbook(request.spreadsheetId).collection('edits').doc(request.eventId);
  }

  /** Also the inbox of "Finalize minutes" presses (FinalizeRequests), kept apart by kind: the menu's action. */
  async receive<Answer = SendNoticeOutcome>(
    request: SendNoticeRequest,
    receivedAt: DateTime,
  ): Promise<{ replayed: false } | { replayed: true; answer?: Answer }> {
    const ref = this.edit(request);
    const kind = request.action ?? 'sendNotice';
    try {
      await ref.create({
        eventId: request.eventId,
        kind,
        editor: request.editor,
        meetingId: request.meetingId,
        sentAt: request.sentAt,
        receivedAt: receivedAt.toISO(),
        state: 'received',
      });
      return { replayed: false };
    } catch (error) {
      if ((error as { code?: number }).code !== 6) throw error; // 6 = ALREADY_EXISTS: this ID came before
    }
    const stored = (await ref.get()).data();
    // No answer yet: the first request is still running (or stopped before it answered).
    const answer = stored?.kind === kind ? (stored.answer as Answer | undefined) : undefined;
    return { replayed: true, ...(answer ? { answer } : {}) };
  }

  async finish(
    request: SendNoticeRequest,
    answer: { ok: true } | { ok: false; code: string },
    at: DateTime,
    audit?: NoticeAudit,
  ): Promise<void> {
    const batch = this.records.db.batch();
    batch.update(this.edit(request), {
      state: answer.ok ? 'applied' : 'failed',
      ...(answer.ok ? {} : { error: answer.code }),
      // As JSON: the answer is plain data, and optional parts left undefined are dropped, not refused.
      answer: JSON.parse(JSON.stringify(answer)) as unknown,
      answeredAt: at.toISO(),
    });
    if (audit) {
      batch.create(this.workbook(request.spreadsheetId).collection('audit').doc(), {
        at: at.toISO(),
        actor: request.editor,
        action: 'sendNotice',
        collection: 'meetings',
        recordId: request.meetingId.trim(),
        eventId: request.eventId,
        detail: audit,
      });
    }
    await batch.commit();
  }
}
