// What the handlers need from the outside world, named for the need. Adapters implement these; tests
// use the real adapters against the emulators.
import type { EditRequest } from './domain/edit-request.ts';
import type { SheetEditPlan, WorkbookSettings } from './domain/sheet-edit-plan.ts';

export interface AppliedEdit {
  /** Sheet row → the record ID the row now shows (null: none yet). */
  ids: Map<number, string | null>;
  saved: number;
  deleted: number;
}

export interface SheetEditStore {
  /** Settings of the workbook, created with defaults on first contact. */
  workbookSettings(spreadsheetId: string, requestTimeZone: string | undefined): Promise<WorkbookSettings>;
  /** Puts the event in the inbox; 'replayed' when its ID was seen before (nothing is written then). */
  recordEdit(request: EditRequest, receivedAt: string): Promise<'stored' | 'replayed'>;
  /** Upserts valid rows as canonical records (and deletions for a complete resync), transactionally. */
  applyEdit(request: EditRequest, plan: SheetEditPlan, appliedAt: string): Promise<AppliedEdit>;
  markEdit(spreadsheetId: string, eventId: string, outcome: { state: 'applied' | 'failed'; detail: Record<string, unknown> }): Promise<void>;
}
