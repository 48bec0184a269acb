// What mail delivery needs: a mailbox to send from, and the outbox that makes each message go out once.
// Types only; times are luxon DateTimes (the Firestore adapter converts its timestamps).
import type { DateTime } from 'luxon';
import type { PlannedMessage } from '../domain/mail/outbox-message.ts';
import type { OutboxState, OutboxTransition } from '../domain/mail/outbox-policy.ts';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingMail {
  messageId: string;
  from: { address: string; name?: string };
  to: string[];
  cc?: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
  headers?: Record<string, string>;
}

/** `unknown`: the request may have been carried out; check the Sent mailbox (findSent) before sending again. */
export type SendOutcome =
  | { status: 'sent'; gmailId: string }
  | { status: 'retryable'; reason: string; httpStatus?: number; retryAfterMs?: number }
  | { status: 'permanent'; reason: string; httpStatus?: number }
  | { status: 'unknown'; reason: string };

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendOutcome>;
  findSent(messageId: string): Promise<boolean>;
}

/** A planned message with its identity fixed: the outbox document ID and the RFC 822 Message-ID. */
export interface PlannedOutboxMessage extends PlannedMessage {
  outboxId: string;
  messageId: string;
  /** Small attachments only (calendar invites); kept with the message so a retry sends the same bytes. */
  attachments?: Array<{ filename: string; contentType: string; contentBase64: string }>;
}

export interface OutboxRecord extends PlannedOutboxMessage {
  id: string;
  workbookId: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: DateTime;
  leaseOwner: string | null;
  leaseExpiresAt: DateTime | null;
  outcomeUnknown: boolean;
  lastError: string | null;
  gmailId: string | null;
  createdAt: DateTime;
  updatedAt: DateTime;
  sentAt: DateTime | null;
}

/** One message per outbox ID, created once; claimed under a lease; completed only by the lease's owner. */
export interface Outbox {
  /** Enqueues each planned message once; returns how many were new. */
  enqueue(workbookId: string, messages: readonly PlannedOutboxMessage[], now: DateTime): Promise<number>;
  /** Claims up to `limit` due pending messages for `owner`, oldest first. */
  claimDue(workbookId: string, owner: string, now: DateTime, leaseMs: number, limit: number): Promise<OutboxRecord[]>;
  /** Claims these messages, in order, where still pending and due. */
  claimDueIds(
    workbookId: string,
    ids: readonly string[],
    owner: string,
    now: DateTime,
    leaseMs: number,
  ): Promise<OutboxRecord[]>;
  /** Records an attempt's result if `owner` still holds the lease; false when the lease was lost. */
  complete(
    workbookId: string,
    id: string,
    owner: string,
    transition: OutboxTransition & { gmailId?: string },
    now: DateTime,
  ): Promise<boolean>;
  /** Returns messages whose lease expired to pending, marked outcome-unknown; how many. */
  sweepExpiredLeases(workbookId: string, now: DateTime, limit?: number): Promise<number>;
  /** The most recently changed messages. */
  recent(workbookId: string, limit: number): Promise<OutboxRecord[]>;
  get(workbookId: string, id: string): Promise<OutboxRecord | undefined>;
  getMany(workbookId: string, ids: readonly string[]): Promise<Map<string, OutboxRecord>>;
}
