// One edit event, from inbox to canonical records: store the event (refusing a replayed ID), plan it against
// the workbook schema, apply the rules that need other records, save, and answer per row. The sheetEdit
// handler runs it for signed requests from the sheet; server-side writers (the rows a meeting series creates)
// run it for the rows they append, so every row goes through the same checks and leaves the same audit trail.
import { randomUUID } from 'node:crypto';
import type { DateTime } from 'luxon';
import type { EditRequest, EditResponse, RowResult } from '../contract/edit-request.ts';
import { minutesDeletionLock } from '../domain/minutes/minutes-edit-checks.ts';
import { type DeletionCandidate, checkDeletions, restoredRowResults } from '../domain/workbook/deletion-edit-checks.ts';
import type { ErrorCode } from '../domain/errors.ts';
import type { MessageParams, WorkbookLanguage } from '../domain/messages.ts';
import { applyPermissionChecks, permissionChanges } from '../domain/workbook/permission-edit-checks.ts';
import type { RowMessage } from '../domain/workbook/row-schemas.ts';
import {
  type RowIdentity,
  decideRowIdentities,
  idsShownElsewhere,
  shownRecordId,
} from '../domain/workbook/record-ownership.ts';
import {
  type MatchedHeader,
  matchRequestHeader,
  readRowIdClaims,
  readTabIdClaims,
} from '../domain/workbook/request-rows.ts';
import {
  type PlanOutcome,
  type SheetEditPlan,
  type WorkbookSettings,
  buildRowResults,
  planSheetEdit,
} from '../domain/workbook/sheet-edit-plan.ts';
import type { Logs } from '../logs.ts';
import type { AppliedEdit, RuleContext, SheetEditStore } from '../ports/edit-ports.ts';
import { applyCrossRecordRules } from './cross-record-rules.ts';

export interface ApplySheetEditDeps {
  store: SheetEditStore;
  logs: Logs;
  /** The other tabs' records the cross-tab rules read (People, attendance lists, a meeting's agenda). */
  rules: RuleContext;
}

export type ApplySheetEditOutcome =
  /**
   * `savedRows`: the sheet rows whose values are now a canonical record (the others were refused). `changed`:
   * the records this edit wrote or deleted (a row already stored as it is counts for nothing).
   */
  | { ok: true; response: EditResponse; savedRows: number[]; changed: { saved: number; deleted: number } }
  | { ok: false; status: 400 | 401 | 500 | 503; code: ErrorCode; params: MessageParams };

export interface ApplySheetEditOptions {
  /**
   * The rows were written by the server under IDs it derived itself before saving them (a series' rows), so
   * their IDs are taken as they are. Requests from the sheet never set it: there, the server owns every ID.
   */
  serverIssuedIds?: boolean;
  /**
   * The rows are the system's own writes, not a person's edit, so edit-permissions.ts does not judge them (a
   * series' rows imply it). Requests from the sheet never set it.
   */
  systemEdit?: boolean;
  /** The request's header as the caller already matched it (request-rows.ts); matched here when absent. */
  header?: MatchedHeader;
}

/** Sheet row → the data of the stored record the row holds (rows holding none are absent). */
function storedData(identities: ReadonlyMap<number, RowIdentity> | undefined): Map<number, Record<string, unknown>> {
  const stored = new Map<number, Record<string, unknown>>();
  for (const [row, identity] of identities ?? [])
    if (identity.ok && identity.record) stored.set(row, identity.record.data);
  return stored;
}

/** The plan with every change the editor may not make refused (permission-edit-checks.ts). */
async function checkPermissions(
  rules: RuleContext,
  request: EditRequest,
  plan: SheetEditPlan,
  stored: ReadonlyMap<number, Record<string, unknown>>,
  language: WorkbookLanguage,
): Promise<SheetEditPlan> {
  const changes = permissionChanges(plan, stored);
  if (changes.length === 0) return plan;
  const context = await rules.permissionContext(request.spreadsheetId, request.editor, plan.tab.key, changes);
  return applyPermissionChecks(plan, stored, context, language);
}

/** Rounds of plan-and-commit before an edit gives up to concurrent writers of the same records (EDIT_CONFLICT). */
export const PLAN_ATTEMPTS = 5;

interface Planned {
  ok: true;
  plan: SheetEditPlan;
  applied: AppliedEdit;
}

/**
 * One round: which record each row holds, the plan, the permission and cross-record checks, and the commit, which
 * the store refuses ('replan') when a record the plan read has been written since.
 */
async function planAndApply(
  request: EditRequest,
  settings: WorkbookSettings,
  edit: { now: DateTime; editor: string; language: WorkbookLanguage },
  deps: ApplySheetEditDeps,
  options: ApplySheetEditOptions,
): Promise<Planned | Extract<PlanOutcome, { ok: false }> | 'replan'> {
  const now = edit.now;
  // Which record each row holds is decided before planning: a refused ID writes nothing, and a held record
  // fills the columns the sheet does not show.
  // The header is matched once for the whole edit: the ID claims and the plan read the same columns.
  const header = options.header ?? matchRequestHeader(request);
  const claims = readRowIdClaims(request, header);
  if (claims && options.serverIssuedIds) {
    const issued = claims.rows.map((row) => shownRecordId(row.sheetId)).filter((id): id is string => !!id);
    await deps.store.recordIssuedIds(request.spreadsheetId, claims.collection, issued, now.toISO()!);
  }
  // A resync in parts: the whole tab's ID column it carries puts every row in view; without it, the IDs its
  // earlier parts showed count too, so a copy in a later part is caught (record-ownership.ts).
  const inParts = claims !== undefined && request.kind === 'resync' && request.batch !== undefined;
  const wholeTab = inParts ? readTabIdClaims(request, header) : undefined;
  const shownBefore =
    claims && inParts && !wholeTab ? await deps.store.idsShownInBatch(request, claims.rows) : undefined;
  const ownership = {
    trusted: options.serverIssuedIds === true,
    ...(wholeTab ? { wholeTab } : shownBefore ? { shownBefore } : {}),
  };
  const identities = claims
    ? decideRowIdentities(
        request.kind,
        claims.rows,
        await deps.store.storedRows(request.spreadsheetId, claims.collection, claims.rows),
        ownership,
      )
    : undefined;
  const outcome = planSheetEdit(request, settings, identities, header?.match);
  if (!outcome.ok) return outcome;
  // Who may change what (edit-permissions.ts): judged before the other rules, on the values as typed. The
  // system's own rows (a series) are not authored edits. A re-sent row (`change`) is judged like any other:
  // only values that differ from the stored record count, so an unchanged row refuses nothing, and a row the
  // client calls unchanged cannot carry a change past the check.
  const stored = storedData(identities);
  const permitted =
    options.systemEdit || options.serverIssuedIds
      ? outcome.plan
      : await checkPermissions(deps.rules, request, outcome.plan, stored, settings.language);
  const plan = await applyCrossRecordRules(deps.rules, request.spreadsheetId, permitted, { ...edit, stored });
  const plannedFrom = new Map<number, { id: string; version: string | null } | null>();
  for (const [row, identity] of identities ?? [])
    if (identity.ok)
      plannedFrom.set(
        row,
        identity.record ? { id: identity.record.id, version: identity.record.version ?? null } : null,
      );
  const shownElsewhere = claims ? idsShownElsewhere(claims.rows, ownership) : undefined;
  const applied = await deps.store.applyEdit(request, plan, now.toISO()!, plannedFrom, shownElsewhere);
  return applied === 'replan' ? 'replan' : { ok: true, plan, applied };
}

/**
 * A complete resync's deletions, judged like changes (deletion-edit-checks.ts): the ones the editor may make are
 * applied; the others are answered with the rows put back below the last row. The system's own runs (reconcile,
 * a series) have no author to judge: they delete what is gone, except a row whose deletion was refused before.
 */
async function settleDeletions(
  request: EditRequest,
  plan: SheetEditPlan,
  applied: AppliedEdit,
  edit: { now: DateTime; language: WorkbookLanguage },
  deps: ApplySheetEditDeps,
  options: ApplySheetEditOptions,
): Promise<{ deleted: number; restored: RowResult[] }> {
  const found = await deps.store.resyncDeletions(request, plan, applied.ids);
  if (!found || found.candidates.length === 0) return { deleted: 0, restored: [] };
  const byEditor = !(options.systemEdit || options.serverIssuedIds);
  const rows = found.candidates.map((candidate) => ({ after: candidate.data }));
  const context = byEditor
    ? await deps.rules.permissionContext(request.spreadsheetId, request.editor, plan.tab.key, rows)
    : undefined;
  const checks = checkDeletions(plan, found.candidates, context, await deletionLock(request, plan, found, deps));
  const firstRow = found.lastRow + 1;
  const restored = checks.restored.map(({ candidate, message }, i) => ({
    id: candidate.id,
    row: firstRow + i,
    refusal: message,
  }));
  const deleted = await deps.store.applyDeletions(
    request,
    plan,
    { deleted: checks.deleted, restored },
    edit.now.toISO()!,
  );
  return { deleted, restored: restoredRowResults(plan, checks.restored, firstRow, edit.language) };
}

/** Records whose state forbids deleting them whoever asks: the lines of confirmed minutes. */
async function deletionLock(
  request: EditRequest,
  plan: SheetEditPlan,
  found: { candidates: readonly DeletionCandidate[] },
  deps: ApplySheetEditDeps,
): Promise<(candidate: DeletionCandidate) => RowMessage | undefined> {
  if (plan.tab.key !== 'minutes' || !deps.rules.lockedMinutes) return () => undefined;
  const meetings = found.candidates.map((c) => c.data.meeting).filter((m): m is string => typeof m === 'string');
  const locked = await deps.rules.lockedMinutes(request.spreadsheetId, meetings);
  return (candidate) => minutesDeletionLock(candidate.data, locked);
}

export async function applySheetEdit(
  request: EditRequest,
  now: DateTime,
  deps: ApplySheetEditDeps,
  options: ApplySheetEditOptions = {},
): Promise<ApplySheetEditOutcome> {
  const settings = await deps.store.workbookSettings(request.spreadsheetId, request.timeZone);
  if ((await deps.store.recordEdit(request, now.toISO()!)) === 'replayed') {
    deps.logs.editRefused('EVENT_REPLAYED', { eventId: request.eventId });
    return { ok: false, status: 401, code: 'EVENT_REPLAYED', params: { eventId: request.eventId } };
  }
  deps.logs.editStored(request.eventId, request.spreadsheetId, request.sheetName, request.rows.length);

  try {
    const edit = { now, editor: request.editor, language: settings.language };
    // Planned from the records as read, committed only if they are still so (the store checks each row's record
    // version in its transaction); otherwise planned again from the records as they are now. Each round lost means
    // another edit of the same records committed, so a few rounds settle any burst a sheet can produce.
    let planned: Planned | undefined;
    for (let attempt = 1; attempt <= PLAN_ATTEMPTS && !planned; attempt++) {
      const outcome = await planAndApply(request, settings, edit, deps, options);
      if (outcome === 'replan') continue;
      if (!outcome.ok) {
        await deps.store.markEdit(request.spreadsheetId, request.eventId, {
          state: 'failed',
          detail: { error: outcome.code },
        });
        return { ok: false, status: 400, code: outcome.code, params: outcome.params };
      }
      planned = outcome;
    }
    if (!planned) {
      // The event stays in the inbox ('received'): the rows are still in the sheet, and a retry or a reconcile
      // applies them.
      deps.logs.editRefused('EDIT_CONFLICT', { eventId: request.eventId });
      return { ok: false, status: 503, code: 'EDIT_CONFLICT', params: { attempts: PLAN_ATTEMPTS } };
    }
    const { plan, applied } = planned;
    const deletions = await settleDeletions(request, plan, applied, edit, deps, options);
    const results = [...buildRowResults(plan, applied.ids, settings.language), ...deletions.restored];
    const invalid = plan.rows.filter((r) => !r.data).length;
    await deps.store.markEdit(request.spreadsheetId, request.eventId, {
      state: 'applied',
      detail: { saved: applied.saved, invalid, deleted: deletions.deleted, restored: deletions.restored.length },
    });
    deps.logs.editApplied(request.eventId, applied.saved, invalid, deletions.deleted);
    const savedRows = plan.rows.filter((r) => r.data).map((r) => r.row);
    const response = { results, idColumn: plan.idColumn, statusColumn: plan.statusColumn };
    return { ok: true, response, savedRows, changed: { saved: applied.saved, deleted: deletions.deleted } };
  } catch (error) {
    // The event stays in the inbox (state 'received'): reconcile applies its tab as the sheet shows it and marks
    // the event superseded (reconcile-workbook.ts), so nothing typed is lost.
    const reference = randomUUID().slice(0, 8);
    deps.logs.editFailed(request.eventId, reference, error);
    return { ok: false, status: 500, code: 'INTERNAL_ERROR', params: { reference } };
  }
}
