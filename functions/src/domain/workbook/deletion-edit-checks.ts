// A resync's deletions checked against the editor's rights (edit-permissions.ts decideRowDeletion). A resync carries
// every row of a tab, so a saved record none of its rows shows was deleted in the sheet; whether that deletion
// stands depends on who made it. A refused deletion changes no record: the row is put back into the sheet from the
// record, below the last row, with a Status saying why (restoredRowResults), and the record remembers the refusal,
// so the nightly reconcile, which runs as the system and cannot tell who deleted a row, puts it back again rather
// than completing the deletion if the row is still missing (its write-back lost, say). The refusal is forgotten when
// the record is next saved. Pure; the workflow loads the candidates and the editor's facts.
import type { RowResult } from '../../contract/edit-request.ts';
import { formatMessage, type MessageParams, type WorkbookLanguage } from '../messages.ts';
import { canonicalCellText } from './canonical-cells.ts';
import { decideRowDeletion } from './edit-permissions.ts';
import type { PermissionContext } from './permission-edit-checks.ts';
import { planRowCells } from './row-cells.ts';
import { formatRowStatus, type RowMessage } from './row-schemas.ts';
import type { SheetEditPlan } from './sheet-edit-plan.ts';

/** A live record a complete resync did not show. */
export interface DeletionCandidate {
  readonly id: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** Why an earlier deletion of this row was refused, while the record has not been saved since. */
  readonly refused?: RowMessage;
}

export interface DeletionChecks {
  /** Records whose deletion stands. */
  readonly deleted: readonly string[];
  /** Records whose rows are to be put back, each with the reason shown in its Status. */
  readonly restored: ReadonlyArray<{ readonly candidate: DeletionCandidate; readonly message: RowMessage }>;
}

function message(code: RowMessage['code'], params: MessageParams): RowMessage {
  return { code, column: '', en: formatMessage(code, params, 'en'), zh: formatMessage(code, params, 'zh') };
}

/**
 * Judges each candidate. `context` undefined: the system's own run (reconcile), which has no author to judge, so
 * only a refusal already on the record keeps a row. `locked` refuses whatever the author, for a record whose state
 * forbids the deletion (a line of confirmed minutes): its reason comes first.
 */
export function checkDeletions(
  plan: SheetEditPlan,
  candidates: readonly DeletionCandidate[],
  context: PermissionContext | undefined,
  locked: (candidate: DeletionCandidate) => RowMessage | undefined = () => undefined,
): DeletionChecks {
  const deleted: string[] = [];
  const restored: Array<{ candidate: DeletionCandidate; message: RowMessage }> = [];
  for (const candidate of candidates) {
    const refusal = locked(candidate) ?? (context ? judge(plan, candidate, context) : candidate.refused);
    if (refusal) restored.push({ candidate, message: refusal });
    else deleted.push(candidate.id);
  }
  return { deleted, restored };
}

function judge(plan: SheetEditPlan, candidate: DeletionCandidate, context: PermissionContext): RowMessage | undefined {
  // A new workbook is being set up until People has an admin: every edit is allowed, deletions too.
  if (!context.workbookHasAdmin) return undefined;
  if (context.editor === '') return message('DELETE_EDITOR_UNKNOWN', {});
  if (!context.editorKnown) return message('DELETE_EDITOR_NOT_ON_PEOPLE', { editor: context.editor });
  const decision = decideRowDeletion(plan.tab, candidate.data, context);
  return decision.ok ? undefined : message(decision.code, decision.params);
}

/**
 * The answers that put refused deletions back: one row each, from `firstRow` on (below the last row the resync
 * read), naming its ID, its Status and every input cell the header shows, as the canonical record reads.
 */
export function restoredRowResults(
  plan: SheetEditPlan,
  restored: DeletionChecks['restored'],
  firstRow: number,
  language: WorkbookLanguage,
): RowResult[] {
  const columns = plan.columns ?? new Map<string, number>();
  return restored.map(({ candidate, message: refusal }, index) => {
    const row = firstRow + index;
    const result: RowResult = {
      row,
      id: candidate.id,
      status: formatRowStatus([refusal], language),
      messages: [{ code: refusal.code, en: refusal.en, zh: refusal.zh }],
    };
    const cells = planRowCells(columns, result);
    for (const column of plan.tab.columns) {
      const index = columns.get(column.key);
      if (column.system || index === undefined) continue;
      cells.push({
        column: index + 1,
        value: canonicalCellText(column, candidate.data[column.key], language, plan.timeZone),
      });
    }
    return { ...result, cells: cells.sort((a, b) => a.column - b.column) };
  });
}
