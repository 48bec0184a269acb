// What the handlers need from the outside world, named for the need. Adapters implement these; tests
// use the real adapters against the emulators.
import type { EditRequest } from './contract/edit-request.ts';
import type { SheetEditPlan, WorkbookSettings } from './domain/workbook/sheet-edit-plan.ts';

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

export interface MailAttachment { filename: string; contentType: string; content: Buffer }

export interface OutgoingMail { messageId: string; from: { address: string; name?: string }; to: string[]; cc?: string[]; replyTo?: string; subject: string; text: string; html?: string; attachments?: MailAttachment[]; headers?: Record<string, string> }

/** `unknown`: the request may have been carried out; check the Sent mailbox (findSent) before sending again. */
export type SendOutcome = { status: 'sent'; gmailId: string } | { status: 'retryable'; reason: string; httpStatus?: number; retryAfterMs?: number } | { status: 'permanent'; reason: string; httpStatus?: number } | { status: 'unknown'; reason: string };

export interface Mailer { send(mail: OutgoingMail): Promise<SendOutcome>; findSent(messageId: string): Promise<boolean> }
