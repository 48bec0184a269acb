// What every reminder rule hands to the tick: a message fully rendered at planning time, plus the four facts
// that identify it (kind, subject record, recipient, due slot). The outbox document ID is a hash of exactly
// those four, so a second tick, a retried tick or two overlapping ticks planning the same message produce the
// same ID and Firestore's create() refuses the duplicate. Nothing else (content, notBefore) enters the ID:
// re-rendering a message with new wording must not make it a new message.
//
// node:crypto is used only for sha256, a pure function; it is the one Node API in the domain.
import { createHash } from 'node:crypto';
import type { Lang } from '../messages.ts';

/** The kinds this issue plans; later rules add their own (meeting notices, material reminders …). */
export const MESSAGE_KINDS = {
  setupCheck: 'setupCheck',
  digest: 'digest',
  urgent: 'urgent',
} as const;

export type MessageKind = (typeof MESSAGE_KINDS)[keyof typeof MESSAGE_KINDS] | (string & {});

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface PlannedMessage {
  kind: MessageKind;
  /** The record the message is about, e.g. 'digest', 'meetings/M-0001'. */
  subjectRecord: string;
  /** One e-mail address. */
  recipient: string;
  /** Which occurrence this is: the local date of a digest ('2026-11-28'), the due minute of a reminder. */
  dueSlot: string;
  /** ISO instant with offset; the sender must not deliver earlier (digest time, end of quiet hours). */
  notBefore: string;
  language: Lang;
  content: MailContent;
  /** Record IDs of the due items the message covers. */
  items?: string[];
  /** Files sent with the message, e.g. a meeting's `.ics` invitation; rendered at planning time like content. */
  attachments?: Array<{ filename: string; contentType: string; contentBase64: string }>;
  /**
   * Files too large to keep in the outbox document (Firestore caps a document at 1 MiB; a minutes PDF with its
   * embedded font can come near it), named by a stored file the sender reads at send time: the minutes PDF of
   * one version, saved once in the meeting's archive folder and never rewritten, so a retry sends the same bytes.
   */
  attachmentFiles?: Array<{ filename: string; contentType: string; fileId: string }>;
}

// Firestore IDs may not contain '/', be '.' or '..', or look like '__name__'; the prefix only helps a human
// reading the console, so anything unusual in a kind is flattened rather than rejected.
const KIND_PREFIX_MAX = 40;

function kindPrefix(kind: string): string {
  const flat = kind
    .replace(/[^A-Za-z0-9]+/gu, '_')
    .replace(/^_+|_+$/gu, '')
    .slice(0, KIND_PREFIX_MAX);
  return flat === '' ? 'message' : flat;
}

/**
 * The outbox document ID: `${kind}-${first 32 hex digits of sha256}`. E-mail addresses are compared without
 * case, so 'Li@Example.com' and 'li@example.com' are one recipient and one message. The four parts are
 * hashed as a JSON array so that no choice of separator can make two different tuples collide.
 */
export function outboxMessageId(kind: string, subjectRecord: string, recipient: string, dueSlot: string): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([kind, subjectRecord, recipient.trim().toLowerCase(), dueSlot]))
    .digest('hex');
  return `${kindPrefix(kind)}-${digest.slice(0, 32)}`;
}

/**
 * The RFC 822 Message-ID header for an outbox message. Derived from the outbox ID so that a send whose
 * outcome is unknown can be looked up in the Sent mailbox before anything is resent.
 */
export function rfc822MessageId(outboxId: string, domain: string): string {
  return `<${outboxId}@${domain}>`;
}
