// The local web UI's view of a mailbox: messages read for people with mailparser (addresses, text, html,
// attachments). Parsed messages are cached by id, since a stored copy never changes.
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import type { StoredGmailMessage } from './gmail-model.ts';

export interface MailboxAddress {
  address: string;
  name: string;
}

export interface MailboxAttachment {
  filename: string;
  contentType: string;
  size: number;
  /** Position for GET /emulator/v1/gmail/messages/{id}/attachments/{index}. */
  index: number;
}

export interface MailboxMessage {
  id: string;
  threadId: string;
  /** RFC 822 Message-ID without angle brackets. */
  messageId: string;
  labelIds: string[];
  from: MailboxAddress | null;
  to: MailboxAddress[];
  cc: MailboxAddress[];
  subject: string;
  /** ISO 8601 from the Date header (the time Gmail stored it when there is none). */
  date: string;
  text: string;
  html: string | null;
  attachments: MailboxAttachment[];
}

export class MailboxReader {
  readonly #parsed = new Map<string, Promise<ParsedMail>>();

  parse(message: StoredGmailMessage): Promise<ParsedMail> {
    let parsed = this.#parsed.get(message.id);
    if (!parsed) {
      parsed = simpleParser(Buffer.from(message.raw, 'base64url'), { skipTextToHtml: true, skipImageLinks: true });
      this.#parsed.set(message.id, parsed);
    }
    return parsed;
  }

  async view(message: StoredGmailMessage): Promise<MailboxMessage> {
    const mail = await this.parse(message);
    return {
      id: message.id,
      threadId: message.threadId,
      messageId: message.messageId,
      labelIds: [...message.labelIds],
      from: addressList(mail.from)[0] ?? null,
      to: addressList(mail.to),
      cc: addressList(mail.cc),
      subject: mail.subject ?? '',
      date: (mail.date ?? new Date(Number(message.internalDate))).toISOString(),
      text: mail.text ?? '',
      html: typeof mail.html === 'string' ? mail.html : null,
      attachments: mail.attachments.map((attachment, index) => ({
        filename: attachment.filename ?? `attachment-${index + 1}`,
        contentType: attachment.contentType,
        size: attachment.size,
        index,
      })),
    };
  }

  async attachment(
    message: StoredGmailMessage,
    index: number,
  ): Promise<{ filename: string; contentType: string; content: Buffer } | undefined> {
    const attachment = (await this.parse(message)).attachments[index];
    if (!attachment) return undefined;
    return {
      filename: attachment.filename ?? `attachment-${index + 1}`,
      contentType: attachment.contentType,
      content: attachment.content,
    };
  }
}

function addressList(field: AddressObject | AddressObject[] | undefined): MailboxAddress[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((object) =>
    object.value.flatMap((entry) =>
      (entry.group ?? [entry]).map((member) => ({ address: member.address ?? '', name: member.name })),
    ),
  );
}
