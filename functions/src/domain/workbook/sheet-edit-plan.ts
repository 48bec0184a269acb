// Turns an edit request from the sheet into a plan: which tab, and for each row either a validated record
// or the messages that keep it from becoming one. Pure; the handler persists the plan and answers with
// `buildRowResults`, which also says which cells to write. An invalid row is never promoted, and its text stays
// in the sheet as typed.
import type { CellWrite, EditRequest, RowResult } from '../../contract/edit-request.ts';
import { type HeaderMatch, describeHeaderProblem, findTab, matchHeaders } from './header-matching.ts';
import { type MessageParams, type WorkbookLanguage, formatMessage } from '../messages.ts';
import { keepMissingColumns, missingColumnNotes, missingInputColumns } from './missing-columns.ts';
import { type RowIdentity, shownRecordId } from './record-ownership.ts';
import { idTypedAlone } from './request-rows.ts';
import { keepNewerStoredColumns, readBeforeStored } from './stale-columns.ts';
import { type DueFields, deriveDueFields, deriveStartAt } from './record-due-fields.ts';
import { planRowCells } from './row-cells.ts';
import { type SettingKey, normalizeSettingValue } from './workbook-settings.ts';
import { type RowMessage, formatRowStatus, validateRow } from './row-schemas.ts';
import { type ColumnSpec, WORKBOOK_TABS, type TabKey, type TabSpec, listInputColumns } from './workbook-schema.ts';

export interface WorkbookSettings {
  timeZone: string;
  language: WorkbookLanguage;
  /** Region phone numbers without a country code are read in (Settings tab); CN when absent. */
  phoneRegion?: string;
}

export interface PlannedRow {
  row: number;
  /** The ID the sheet shows for this row ('' and null mean none yet). */
  sheetId: string | null;
  /** The validated record, or undefined when the row is invalid. */
  data?: Record<string, unknown>;
  /**
   * An invalid row's cells that did parse: the cross-record rules still check them, so the Status lists every
   * problem of the row at once. Never saved.
   */
  partial?: Record<string, unknown>;
  /** When a valid record falls due and for whom (for the tick's indexed queries). */
  due?: DueFields;
  /** A meeting's start (ISO), kept on the record after the row is deleted; undefined for other tabs. */
  startAt?: string | null;
  /** Problems that do not stop the row being saved (over budget), shown after "OK". */
  warnings?: RowMessage[];
  /** System columns computed for the row (Attendance result), by column key, in the workbook's language. */
  computed?: Record<string, string>;
  /** Columns missing from the sheet whose stored values the record keeps, shown after "OK". */
  kept?: RowMessage[];
  /**
   * Set when the row was refused for the ID it shows (record-ownership.ts): what its ID cell is to show. Such
   * a row is matched to no record, so nothing is written through it.
   */
  answerId?: string | null;
  /**
   * Set when a change was refused for the editor's rights (permission-edit-checks.ts): column key → the stored
   * value as cell text, which the answer writes back over what was typed.
   */
  restore?: Record<string, string>;
  messages: RowMessage[];
}

export interface SheetEditPlan {
  tab: TabSpec & { key: TabKey };
  rows: PlannedRow[];
  /** Notes that do not block saving (an unrecognised extra column), shown after "OK". */
  notes: RowMessage[];
  /** The workbook's time zone the rows were read in. */
  timeZone: string;
  /** 1-based ID and Status columns of the header as matched, for the write-back. */
  idColumn?: number;
  statusColumn?: number;
  /** Column key → 0-based index of every column the header matched, so the answer names the cells to write. */
  columns?: ReadonlyMap<string, number>;
  /** Input columns the header does not show (missing-columns.ts). */
  missing?: readonly ColumnSpec[];
}

export type PlanOutcome =
  | { ok: true; plan: SheetEditPlan }
  | { ok: false; code: 'TAB_UNKNOWN' | 'TAB_READ_ONLY'; params: Record<string, string> };

function headerMessage(tab: TabSpec, problem: Parameters<typeof describeHeaderProblem>[1]): RowMessage {
  const described = describeHeaderProblem(tab, problem);
  return { code: described.code, column: problem.columnKey ?? '', en: described.en, zh: described.zh };
}

function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

function idMessage(identity: Extract<RowIdentity, { ok: false }>): RowMessage {
  const params: MessageParams = identity.params;
  return {
    code: identity.code,
    column: 'id',
    en: formatMessage(identity.code, params, 'en'),
    zh: formatMessage(identity.code, params, 'zh'),
  };
}

/**
 * `identities`: the record each row holds, or why its ID is refused (record-ownership.ts); without them (the
 * tick's own checks) every row is read as it stands. `header`: the request's header as already matched for this
 * edit (request-rows.ts matchRequestHeader), so it is not matched again.
 */
export function planSheetEdit(
  request: EditRequest,
  settings: WorkbookSettings,
  identities?: ReadonlyMap<number, RowIdentity>,
  header?: HeaderMatch,
): PlanOutcome {
  const tab = findTab(request.sheetName) as (TabSpec & { key: TabKey }) | undefined;
  if (!tab) {
    const expected = (WORKBOOK_TABS as readonly TabSpec[])
      .filter((t) => !t.systemOnly)
      .map((t) => `${t.zh} ${t.en}`)
      .join(', ');
    return { ok: false, code: 'TAB_UNKNOWN', params: { sheet: request.sheetName, expected } };
  }
  if (tab.systemOnly || !tab.collection)
    return { ok: false, code: 'TAB_READ_ONLY', params: { tab: `${tab.zh} ${tab.en}` } };

  const match = header ?? matchHeaders(tab, request.headerRow);
  const blocking = match.problems.filter((p) => p.code !== 'HEADER_UNKNOWN').map((p) => headerMessage(tab, p));
  const notes = match.problems.filter((p) => p.code === 'HEADER_UNKNOWN').map((p) => headerMessage(tab, p));
  const idIndex = match.columns.get('id');
  // A duplicated column is there twice, not missing: HEADER_DUPLICATE already says what to fix.
  const duplicated = new Set(match.problems.flatMap((p) => (p.code === 'HEADER_DUPLICATE' ? [p.columnKey] : [])));
  const missing = missingInputColumns(tab, match.columns).filter((column) => !duplicated.has(column.key));
  const inputKeys = new Set(listInputColumns(tab).map((column) => column.key));

  const rows = request.rows.map((row): PlannedRow => {
    const shown = idIndex === undefined ? null : cellText(row.values[idIndex]);
    // Whatever record the ID names, an empty row is not it: clear the cell and say why (no record is touched).
    if (idTypedAlone(request, row, idIndex)) {
      const params = { id: shown ?? '' };
      const en = formatMessage('ID_ALONE', params, 'en');
      const zh = formatMessage('ID_ALONE', params, 'zh');
      return { row: row.row, sheetId: null, answerId: null, messages: [{ code: 'ID_ALONE', column: 'id', en, zh }] };
    }
    const identity = identities?.get(row.row);
    // A row that lost its ID (its write-back never arrived: a crash mid-paste, or a cleared cell) holds the record
    // stored at its position (record-ownership.ts). Naming that record here lets every later check see the row as
    // that record: otherwise the natural-key check finds the row's own record and calls the row its duplicate.
    const heldId = identity?.ok ? identity.record?.id : undefined;
    const sheetId = heldId !== undefined && !shownRecordId(shown) ? heldId : shown;
    if (identity && !identity.ok)
      return { row: row.row, sheetId, answerId: identity.answerId, messages: [...blocking, idMessage(identity)] };
    if (blocking.length > 0) return { row: row.row, sheetId, messages: blocking };
    const cells: Record<string, string | number | boolean | null> = {};
    for (const [key, index] of match.columns) cells[key] = row.values[index] ?? null;
    // Another edit of this row was stored after this row was read: only the edited columns are this request's.
    const held = identity?.record;
    if (request.kind === 'edit' && request.edited && held && readBeforeStored(request.sentAt, held.updatedAt))
      keepNewerStoredColumns(cells, match.columns, inputKeys, request.edited, held.data);
    const kept = keepMissingColumns(cells, missing, identity?.record?.data);
    const context = {
      zone: settings.timeZone,
      lang: settings.language,
      ...(settings.phoneRegion ? { phoneRegion: settings.phoneRegion } : {}),
    };
    const validated = validateRow(tab.key, cells, context);
    const result = checkSettingValue(tab.key, validated, settings.timeZone);
    if (!result.ok) {
      const partial = validated.ok ? undefined : (validated.partial as Record<string, unknown>);
      return { row: row.row, sheetId, messages: [...result.messages], ...(partial ? { partial } : {}) };
    }
    const data = result.record as Record<string, unknown>;
    const startAt = deriveStartAt(tab.key, data);
    const notes = validated.ok ? validated.notes : [];
    return {
      row: row.row,
      sheetId,
      data,
      ...(notes.length > 0 ? { warnings: [...notes] } : {}),
      due: deriveDueFields(tab.key, data, settings.timeZone),
      ...(startAt === undefined ? {} : { startAt }),
      ...(kept.length > 0 ? { kept } : {}),
      messages: [],
    };
  });
  const statusIndex = match.columns.get('status');
  return {
    ok: true,
    plan: {
      tab,
      rows,
      notes,
      timeZone: settings.timeZone,
      ...(idIndex === undefined ? {} : { idColumn: idIndex + 1 }),
      ...(statusIndex === undefined ? {} : { statusColumn: statusIndex + 1 }),
      columns: match.columns,
      missing,
    },
  };
}

/** A Settings row is valid only when its value fits its setting (a time for the digest time, a date for a holiday). */
function checkSettingValue<R extends { ok: boolean }>(
  tab: TabKey,
  result: R,
  zone: string,
): R | { ok: false; messages: RowMessage[] } {
  if (tab !== 'settings' || !result.ok) return result;
  const record = (result as unknown as { record: { setting: SettingKey; value: string } }).record;
  const normalized = normalizeSettingValue(record.setting, record.value, zone);
  if (!normalized.ok) return { ok: false, messages: [normalized.message] };
  record.value = normalized.value;
  return result;
}

/** A plan made without a header (the tick's own checks) still knows where ID and Status are, if anywhere. */
function columnsOf(plan: SheetEditPlan): ReadonlyMap<string, number> {
  if (plan.columns) return plan.columns;
  const columns = new Map<string, number>();
  if (plan.idColumn !== undefined) columns.set('id', plan.idColumn - 1);
  if (plan.statusColumn !== undefined) columns.set('status', plan.statusColumn - 1);
  return columns;
}

/**
 * The answer for each row: the record's ID (or none yet), the Status text in the workbook's language, and the
 * cells to write them (and the computed columns) to, which also restore whatever was typed over them.
 */
export function buildRowResults(
  plan: SheetEditPlan,
  ids: ReadonlyMap<number, string | null>,
  language: WorkbookLanguage,
): RowResult[] {
  const columns = columnsOf(plan);
  return plan.rows.map((row) => {
    const notes = row.data ? [...(row.warnings ?? []), ...(row.kept ?? []), ...plan.notes] : [];
    // A refusal about a column the sheet lacks (a dealer conference's venue) says so: the user cannot fill it in.
    const messages = row.data ? notes : [...row.messages, ...missingColumnNotes(row.messages, plan.missing ?? [])];
    const status =
      row.data && notes.length > 0
        ? `${formatRowStatus([], language)}\n${formatRowStatus(notes, language)}`
        : formatRowStatus(messages, language);
    const result: RowResult = {
      row: row.row,
      // A row refused for its ID answers what its ID cell is to show, whatever the store matched it to.
      id: row.answerId !== undefined ? row.answerId : (ids.get(row.row) ?? null),
      status,
      messages: messages.map((m) => ({ code: m.code, column: m.column || undefined, en: m.en, zh: m.zh })),
      ...(row.data && row.computed ? { computed: row.computed } : {}),
    };
    return { ...result, cells: withRestoredCells(planRowCells(columns, result), columns, row.restore) };
  });
}

/** A refused change's cells put back to the stored values (the ID, Status and computed cells are never among them). */
function withRestoredCells(
  cells: CellWrite[],
  columns: ReadonlyMap<string, number>,
  restore: Readonly<Record<string, string>> | undefined,
): CellWrite[] {
  if (!restore) return cells;
  const named = new Set(cells.map((cell) => cell.column));
  const restored = Object.entries(restore)
    .map(([key, value]) => ({ index: columns.get(key), value }))
    .filter((c): c is { index: number; value: string } => c.index !== undefined && !named.has(c.index + 1))
    .map((c) => ({ column: c.index + 1, value: c.value }));
  return [...cells, ...restored].sort((a, b) => a.column - b.column);
}
