// A planned message's outbox ID (hash of kind, subject record, recipient and due slot) and RFC 822 Message-ID.
import { type PlannedMessage, outboxMessageId, rfc822MessageId } from '../domain/mail/outbox-message.ts';
import type { PlannedOutboxMessage } from '../ports/mail-ports.ts';

export function withIdentity(message: PlannedMessage, domain: string): PlannedOutboxMessage {
  const outboxId = outboxMessageId(message.kind, message.subjectRecord, message.recipient, message.dueSlot);
  return { ...message, outboxId, messageId: rfc822MessageId(outboxId, domain) };
}
