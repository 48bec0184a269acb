// Gmail v1 messages as the emulator keeps them: one stored document per copy in one mailbox (the sender's
// SENT copy and one INBOX copy per recipient), the search-query subset we use, and the API views of a message.
import { randomBytes } from 'node:crypto';
import type { gmail_v1 } from '@googleapis/gmail';
import { simpleParser, type AddressObject } from 'mailparser';
import { invalidArgument } from './api-error.ts';
import {
  type MimePart,
  decodeBase64Url,
  encodeBase64Url,
  headerValue,
  parseHeaderLines,
  parseMimeTree,
  prependHeaders,
  removeHeader,
  splitMessage,
} from './gmail-mime.ts';

/** The headers both a stored copy and a send being composed are indexed by. */
export interface MessageEnvelope {
  /** The RFC 822 Message-ID without angle brackets. */
  messageId: string;
  /** Message-IDs this one replies to (In-Reply-To + References), for threading. */
  references: string[];
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  snippet: string;
}

export interface StoredGmailMessage extends MessageEnvelope {
  id: string;
  threadId: string;
  /** Lower-case address of the mailbox holding this copy. */
  owner: string;
  labelIds: string[];
  /** base64url of the RFC 822 bytes as this mailbox holds them (recipients' copies have no Bcc). */
  raw: string;
  /** Epoch milliseconds, as Gmail's `internalDate` (a string). */
  internalDate: string;
  historyId: string;
  /** Insertion order, to sort copies stored in the same millisecond. */
  sequence: number;
  /** Id of the SENT copy of the send that produced this copy. */
  sendId: string;
}

export interface ComposedSend extends MessageEnvelope {
  /** The message bytes (with any header Gmail would add). */
  raw: Buffer;
}

export function newGmailId(): string {
  return randomBytes(8).toString('hex');
}

export function stripAngleBrackets(messageId: string): string {
  return messageId.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const addresses: string[] = [];
  for (const object of objects) {
    for (const entry of object.value) {
      // A group (`team: a@x, b@x;`) lists its members in `group`.
      for (const member of entry.group ?? [entry]) if (member.address) addresses.push(member.address.toLowerCase());
    }
  }
  return addresses;
}

/** Reads a raw message the way Gmail's send does; a 400 for what Gmail would refuse. */
export async function composeSend(rawText: string, fallbackSender: string | undefined): Promise<ComposedSend> {
  if (rawText.trim() === '') {
    throw invalidArgument("'raw' RFC822 payload message string or uploading message via /upload/* URL required");
  }
  const bytes = decodeBase64Url(rawText);
  if (!bytes || bytes.length === 0) throw invalidArgument('Invalid value for ByteString: raw is not base64url.');
  return composeSendFromBytes(bytes, fallbackSender);
}

export async function composeSendFromBytes(bytes: Buffer, fallbackSender: string | undefined): Promise<ComposedSend> {
  const headers = parseHeaderLines(splitMessage(bytes).headerText);
  if (headers.length === 0) throw invalidArgument('Invalid RFC 822 message: no header section.');
  const parsed = await simpleParser(bytes, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
  const from = addressesOf(parsed.from)[0] ?? fallbackSender;
  if (!from) throw invalidArgument('Invalid From header');
  const to = addressesOf(parsed.to);
  const cc = addressesOf(parsed.cc);
  const bcc = addressesOf(parsed.bcc);
  if (to.length + cc.length + bcc.length === 0) throw invalidArgument('Recipient address required');

  // Gmail gives a message without a Message-ID (or Date) one of its own.
  const added: string[] = [];
  let messageId = stripAngleBrackets(headerValue(headers, 'message-id') ?? '');
  if (messageId === '') {
    messageId = `${newGmailId()}@mail.gmail.com`;
    added.push(`Message-ID: <${messageId}>`);
  }
  if (headerValue(headers, 'date') === undefined)
    added.push(`Date: ${new Date().toUTCString().replace('GMT', '+0000')}`);

  const references = [headerValue(headers, 'in-reply-to') ?? '', headerValue(headers, 'references') ?? '']
    .join(' ')
    .split(/\s+/)
    .map(stripAngleBrackets)
    .filter((id) => id !== '');
  const text = parsed.text ?? '';
  return {
    raw: prependHeaders(bytes, added),
    messageId,
    references,
    from: from.toLowerCase(),
    to,
    cc,
    bcc,
    subject: parsed.subject ?? '',
    snippet: text.replace(/\s+/g, ' ').trim().slice(0, 200),
  };
}

/** Every distinct recipient, in header order. */
export function recipientsOf(send: ComposedSend): string[] {
  return [...new Set([...send.to, ...send.cc, ...send.bcc])];
}

/** Sender's copy, then one copy per recipient mailbox (Bcc hidden from them); the sender's copy is also in
 * its own INBOX when it wrote to itself, as Gmail does. */
export function planCopies(
  send: ComposedSend,
  options: {
    requestedThreadId?: string;
    now: number;
    nextSequence: () => number;
    nextHistoryId: () => string;
    threadOf: (owner: string, references: string[]) => string | undefined;
  },
): StoredGmailMessage[] {
  const sentId = newGmailId();
  const recipients = recipientsOf(send);
  const recipientRaw = encodeBase64Url(removeHeader(send.raw, 'bcc'));
  const base = {
    internalDate: String(options.now),
    messageId: send.messageId,
    references: send.references,
    from: send.from,
    to: send.to,
    cc: send.cc,
    subject: send.subject,
    snippet: send.snippet,
    sendId: sentId,
  };
  const sentThread = options.requestedThreadId ?? options.threadOf(send.from, send.references) ?? sentId;
  const copies: StoredGmailMessage[] = [
    {
      ...base,
      id: sentId,
      threadId: sentThread,
      owner: send.from,
      labelIds: recipients.includes(send.from) ? ['SENT', 'INBOX', 'UNREAD'] : ['SENT'],
      raw: encodeBase64Url(send.raw),
      historyId: options.nextHistoryId(),
      sequence: options.nextSequence(),
      bcc: send.bcc,
    },
  ];
  for (const recipient of recipients) {
    if (recipient === send.from) continue;
    const id = newGmailId();
    copies.push({
      ...base,
      id,
      threadId: options.threadOf(recipient, send.references) ?? id,
      owner: recipient,
      labelIds: ['INBOX', 'UNREAD'],
      raw: recipientRaw,
      historyId: options.nextHistoryId(),
      sequence: options.nextSequence(),
      bcc: [],
    });
  }
  return copies;
}

export function newestFirst(a: StoredGmailMessage, b: StoredGmailMessage): number {
  return Number(b.internalDate) - Number(a.internalDate) || b.sequence - a.sequence;
}

// ---------------------------------------------------------------------------------------------- search

type Predicate = (message: StoredGmailMessage) => boolean;

const LABEL_ALIASES: Record<string, string> = {
  sent: 'SENT',
  inbox: 'INBOX',
  unread: 'UNREAD',
  trash: 'TRASH',
  spam: 'SPAM',
  draft: 'DRAFT',
  starred: 'STARRED',
  important: 'IMPORTANT',
};

/** The Gmail search operators the product and tests use; any other operator is a 400 so a gap is noticed. */
export function parseGmailQuery(q: string): Predicate {
  const predicates: Predicate[] = [];
  for (const token of tokenizeQuery(q)) {
    const negated = token.startsWith('-') && token.length > 1;
    const term = negated ? token.slice(1) : token;
    const predicate = termPredicate(term);
    predicates.push(negated ? (message) => !predicate(message) : predicate);
  }
  return (message) => predicates.every((predicate) => predicate(message));
}

function termPredicate(term: string): Predicate {
  const colon = term.indexOf(':');
  if (colon <= 0) return textPredicate(unquote(term));
  const operator = term.slice(0, colon).toLowerCase();
  const value = unquote(term.slice(colon + 1));
  const needle = value.toLowerCase();
  switch (operator) {
    case 'rfc822msgid': {
      const wanted = stripAngleBrackets(value).toLowerCase();
      return (message) => message.messageId.toLowerCase() === wanted;
    }
    case 'from':
      return (message) => message.from.includes(needle);
    case 'to':
      return (message) => message.to.some((address) => address.includes(needle));
    case 'cc':
      return (message) => message.cc.some((address) => address.includes(needle));
    case 'bcc':
      return (message) => message.bcc.some((address) => address.includes(needle));
    case 'subject':
      return (message) => message.subject.toLowerCase().includes(needle);
    case 'in':
    case 'label': {
      if (needle === 'anywhere') return () => true;
      const label = LABEL_ALIASES[needle] ?? value.toUpperCase();
      return (message) => message.labelIds.includes(label);
    }
    case 'is': {
      const label = LABEL_ALIASES[needle] ?? needle.toUpperCase();
      return (message) => message.labelIds.includes(label);
    }
    default:
      // A URL or an address typed as a word also contains a colon; only known-looking operators are refused.
      if (/^[a-z_]+$/.test(operator) && !value.startsWith('//')) {
        throw invalidArgument(`Search operator "${operator}:" is not supported by the local Gmail emulator.`);
      }
      return textPredicate(term);
  }
}

function textPredicate(word: string): Predicate {
  const needle = word.toLowerCase();
  return (message) =>
    message.subject.toLowerCase().includes(needle) ||
    message.snippet.toLowerCase().includes(needle) ||
    message.from.includes(needle) ||
    message.to.some((address) => address.includes(needle));
}

function tokenizeQuery(q: string): string[] {
  return [...q.matchAll(/(?:[^\s"]+|"[^"]*")+/g)].map((match) => match[0]);
}

function unquote(value: string): string {
  return value.replace(/"/g, '').replace(/^\((.*)\)$/, '$1');
}

// ---------------------------------------------------------------------------------------------- views

export type MessageFormat = 'full' | 'metadata' | 'minimal' | 'raw';

export function parseFormat(value: string | null): MessageFormat {
  const format = (value ?? 'full').toLowerCase();
  if (format === 'full' || format === 'metadata' || format === 'minimal' || format === 'raw') return format;
  throw invalidArgument(
    `Invalid value at 'format' (type.googleapis.com/google.apps.gmail.v1.Message.Format), "${value}"`,
  );
}

export function messageToApi(
  message: StoredGmailMessage,
  format: MessageFormat,
  metadataHeaders: string[] = [],
): gmail_v1.Schema$Message {
  const bytes = Buffer.from(message.raw, 'base64url');
  const view: gmail_v1.Schema$Message = {
    id: message.id,
    threadId: message.threadId,
    labelIds: [...message.labelIds],
    snippet: message.snippet,
    sizeEstimate: bytes.length,
    historyId: message.historyId,
    internalDate: message.internalDate,
  };
  if (format === 'raw') view.raw = message.raw;
  if (format === 'metadata') {
    const tree = parseMimeTree(bytes);
    const wanted = metadataHeaders.map((name) => name.toLowerCase());
    view.payload = {
      mimeType: tree.mimeType,
      headers: tree.headers.filter((header) => wanted.length === 0 || wanted.includes(header.name.toLowerCase())),
    };
  }
  if (format === 'full') view.payload = partToApi(parseMimeTree(bytes), '');
  return view;
}

function partToApi(part: MimePart, partId: string): gmail_v1.Schema$MessagePart {
  const payload: gmail_v1.Schema$MessagePart = {
    partId,
    mimeType: part.mimeType,
    filename: part.filename,
    headers: part.headers,
  };
  if (part.mimeType.startsWith('multipart/')) {
    payload.body = { size: 0 };
    payload.parts = part.parts.map((child, index) =>
      partToApi(child, partId === '' ? String(index) : `${partId}.${index}`),
    );
  } else if (part.filename !== '') {
    // Like Gmail, attachment bytes are fetched separately (users.messages.attachments.get).
    payload.body = { size: part.body.length, attachmentId: attachmentIdOf(partId) };
  } else {
    payload.body = { size: part.body.length, data: part.body.toString('base64url') };
  }
  return payload;
}

function attachmentIdOf(partId: string): string {
  return `part-${partId === '' ? 'root' : partId.replaceAll('.', '_')}`;
}

/** The decoded bytes of the part an attachmentId names, or undefined. */
export function findAttachment(message: StoredGmailMessage, attachmentId: string): Buffer | undefined {
  const visit = (part: MimePart, partId: string): Buffer | undefined => {
    if (part.parts.length === 0) return attachmentIdOf(partId) === attachmentId ? part.body : undefined;
    for (const [index, child] of part.parts.entries()) {
      const found = visit(child, partId === '' ? String(index) : `${partId}.${index}`);
      if (found) return found;
    }
    return undefined;
  };
  return visit(parseMimeTree(Buffer.from(message.raw, 'base64url')), '');
}
