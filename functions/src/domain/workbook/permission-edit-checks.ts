// A planned edit checked against the editor's rights (edit-permissions.ts): each valid row the editor changes is
// judged on the columns it changes. A refused row is not saved; its Status says who may make the change, and the
// answer puts the stored values back into the refused cells of a saved row (a new row keeps its text: nothing is
// stored to put back). Pure; the workflow loads the context and the stored records.
import { formatMessage, type MessageParams, type WorkbookLanguage } from '../messages.ts';
import { canonicalCellText } from './canonical-cells.ts';
import { changedColumns, decideRowPermission, type PermissionFacts, type RowChange } from './edit-permissions.ts';
import type { RowMessage } from './row-schemas.ts';
import type { PlannedRow, SheetEditPlan } from './sheet-edit-plan.ts';

export interface PermissionContext extends PermissionFacts {
  /**
   * Some active People row has the role admin. Until one has, a new workbook is being set up and every edit is
   * allowed (someone must type the first People rows); the README says so.
   */
  readonly workbookHasAdmin: boolean;
}

type RefusalCode =
  | 'EDITOR_UNKNOWN'
  | 'EDITOR_NOT_ON_PEOPLE'
  | 'EDIT_NOT_ALLOWED'
  | 'EDIT_NEW_COLUMNS_NOT_ALLOWED'
  | 'EDIT_ROW_NOT_ALLOWED';

/** The rows the check judges: valid rows, with the record each holds (undefined for a new row). */
export function permissionChanges(
  plan: SheetEditPlan,
  stored: ReadonlyMap<number, Readonly<Record<string, unknown>> | undefined>,
): RowChange[] {
  return plan.rows
    .filter((row) => row.data)
    .map((row) => {
      const before = stored.get(row.row);
      return before ? { before, after: row.data! } : { after: row.data! };
    });
}

/** The input columns the sheet shows: a column missing from the sheet keeps its stored value, so it never changes. */
function shownColumns(plan: SheetEditPlan): ReadonlySet<string> | undefined {
  return plan.columns ? new Set(plan.columns.keys()) : undefined;
}

export function applyPermissionChecks(
  plan: SheetEditPlan,
  stored: ReadonlyMap<number, Readonly<Record<string, unknown>> | undefined>,
  context: PermissionContext,
  language: WorkbookLanguage,
): SheetEditPlan {
  if (!context.workbookHasAdmin) return plan;
  const shown = shownColumns(plan);
  const rows = plan.rows.map((row): PlannedRow => {
    if (!row.data) return row;
    const before = stored.get(row.row);
    const change: RowChange = before ? { before, after: row.data } : { after: row.data };
    const changed = changedColumns(plan.tab, change, shown);
    if (changed.length === 0) return row;
    if (context.editor === '') return refuse(plan, row, before, changed, 'EDITOR_UNKNOWN', {}, language);
    if (!context.editorKnown)
      return refuse(plan, row, before, changed, 'EDITOR_NOT_ON_PEOPLE', { editor: context.editor }, language);
    const decision = decideRowPermission(plan.tab, change, context, shown);
    if (decision.ok) return row;
    return refuse(plan, row, before, decision.columns, decision.code, decision.params, language);
  });
  return { ...plan, rows };
}

function refuse(
  plan: SheetEditPlan,
  row: PlannedRow,
  before: Readonly<Record<string, unknown>> | undefined,
  columns: readonly string[],
  code: RefusalCode,
  params: MessageParams,
  language: WorkbookLanguage,
): PlannedRow {
  const message: RowMessage = {
    code,
    column: columns[0] ?? '',
    en: formatMessage(code, params, 'en'),
    zh: formatMessage(code, params, 'zh'),
  };
  const restore: Record<string, string> = {};
  if (before) {
    for (const key of columns) {
      const column = plan.tab.columns.find((c) => c.key === key);
      if (column) restore[key] = canonicalCellText(column, before[key], language, plan.timeZone);
    }
  }
  const { data: _data, due: _due, warnings: _warnings, computed: _computed, kept: _kept, ...rest } = row;
  return { ...rest, messages: [message], ...(before ? { restore } : {}) };
}
