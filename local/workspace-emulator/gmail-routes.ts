// Gmail API v1 REST surface (messages.send/list/get, attachments.get, getProfile) plus the emulator's own
// endpoints for tests and the local Mailbox page. `messages.send` and attachment downloads are served
// before the JSON router: send must accept the upload forms (raw RFC 822 / multipart/related bodies) and
// answer injected faults with Retry-After headers or a dropped connection; downloads answer bytes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, invalidArgument, notFound } from './api-error.ts';
import type { GmailFaults, SendFault } from './gmail-faults.ts';
import { MailboxReader } from './gmail-mailbox.ts';
import { parseMimeTree } from './gmail-mime.ts';
import {
  type StoredGmailMessage,
  composeSend,
  composeSendFromBytes,
  findAttachment,
  messageToApi,
  newestFirst,
  parseFormat,
  parseGmailQuery,
  planCopies,
  recipientsOf,
  stripAngleBrackets,
} from './gmail-model.ts';
import { ALLOW_ANY_ORIGIN, decodePageToken, decodePathPart, parseJson, respond, sendJson } from './http-json.ts';
import { type Router, readRequestBody } from './router.ts';
import type { WorkspaceStore } from './workspace-store.ts';

export interface GmailRouteContext {
  store: WorkspaceStore;
  faults: GmailFaults;
}

export interface GmailService {
  /** Serves the request when it is a send or an attachment download; false leaves it to the router. */
  handleRaw(req: IncomingMessage, res: ServerResponse): boolean;
  /** How many times a message with this RFC 822 Message-ID was sent (its SENT copies). */
  sentCount(rfc822msgid: string): number;
}

const USER = '([^/]+)';

export function countSentMessages(messages: Iterable<StoredGmailMessage>, rfc822msgid: string): number {
  const wanted = stripAngleBrackets(rfc822msgid).toLowerCase();
  let count = 0;
  for (const message of messages)
    if (message.labelIds.includes('SENT') && message.messageId.toLowerCase() === wanted) count++;
  return count;
}

export function registerGmailRoutes(router: Router, context: GmailRouteContext): GmailService {
  const { store, faults } = context;
  const reader = new MailboxReader();
  const existing = store.messages.values();
  let sequence = Math.max(0, ...existing.map((message) => message.sequence));
  let historyId = Math.max(1000, ...existing.map((message) => Number(message.historyId) || 0));

  // 'me' is whoever the caller authenticated as; the emulator accepts any caller, so 'me' sees every mailbox.
  const mailboxOf = (userId: string | undefined): StoredGmailMessage[] => {
    const owner = (userId ?? 'me').toLowerCase();
    const all = store.messages.values();
    return (owner === 'me' ? all : all.filter((message) => message.owner === owner)).sort(newestFirst);
  };

  const load = (userId: string | undefined, id: string | undefined): StoredGmailMessage => {
    const message = id === undefined ? undefined : store.messages.get(id);
    const owner = (userId ?? 'me').toLowerCase();
    if (!message || (owner !== 'me' && message.owner !== owner)) throw notFound('Requested entity was not found.');
    return message;
  };

  const threadOf = (owner: string, references: string[]): string | undefined => {
    if (references.length === 0) return undefined;
    const wanted = new Set(references.map((id) => id.toLowerCase()));
    return store.messages
      .values()
      .find((message) => message.owner === owner && wanted.has(message.messageId.toLowerCase()))?.threadId;
  };

  router
    .add('GET', new RegExp(`^/gmail/v1/users/${USER}/profile$`), ({ params }) => {
      const mailbox = mailboxOf(params[0]);
      return {
        emailAddress: params[0],
        messagesTotal: mailbox.length,
        threadsTotal: new Set(mailbox.map((message) => message.threadId)).size,
        historyId: String(historyId),
      };
    })
    .add('GET', new RegExp(`^/gmail/v1/users/${USER}/messages/?$`), ({ params, query }) => {
      const matches = parseGmailQuery(query.get('q') ?? '');
      const labels = query.getAll('labelIds');
      const found = mailboxOf(params[0]).filter(
        (message) => labels.every((label) => message.labelIds.includes(label)) && matches(message),
      );
      const maxResults = Math.min(500, Math.max(1, Number(query.get('maxResults') ?? 100) || 100));
      const offset = decodePageToken(query.get('pageToken'));
      const page = found.slice(offset, offset + maxResults);
      const response: {
        messages?: { id: string; threadId: string }[];
        nextPageToken?: string;
        resultSizeEstimate: number;
      } = {
        resultSizeEstimate: found.length,
      };
      // Like Gmail, an empty result has no `messages` key at all.
      if (page.length > 0) response.messages = page.map((message) => ({ id: message.id, threadId: message.threadId }));
      if (offset + maxResults < found.length)
        response.nextPageToken = Buffer.from(String(offset + maxResults)).toString('base64url');
      return response;
    })
    .add('GET', new RegExp(`^/gmail/v1/users/${USER}/messages/([^/]+)$`), ({ params, query }) =>
      messageToApi(load(params[0], params[1]), parseFormat(query.get('format')), query.getAll('metadataHeaders')),
    )
    .add('GET', new RegExp(`^/gmail/v1/users/${USER}/messages/([^/]+)/attachments/([^/]+)$`), ({ params }) => {
      const bytes = findAttachment(load(params[0], params[1]), params[2] ?? '');
      if (!bytes) throw notFound();
      return { size: bytes.length, data: bytes.toString('base64url') };
    })
    .add('GET', /^\/emulator\/v1\/gmail\/faults$/, () => faults.get())
    .add('POST', /^\/emulator\/v1\/gmail\/faults$/, ({ body }) => {
      try {
        return faults.set((body ?? {}) as Parameters<GmailFaults['set']>[0]);
      } catch (error) {
        throw invalidArgument(`Invalid fault settings: ${error instanceof Error ? error.message : String(error)}`);
      }
    })
    .add('DELETE', /^\/emulator\/v1\/gmail\/faults$/, () => {
      faults.clear();
      return faults.get();
    })
    .add('GET', /^\/emulator\/v1\/gmail\/addresses$/, () => ({
      addresses: [...new Set(store.messages.values().map((message) => message.owner))].sort(),
    }))
    .add('GET', /^\/emulator\/v1\/gmail\/mailbox$/, async ({ query }) => {
      const address = query.get('address')?.trim().toLowerCase();
      if (!address) throw invalidArgument('address is required, e.g. ?address=li@example.com');
      const messages = mailboxOf(address);
      return { address, messages: await Promise.all(messages.map((message) => reader.view(message))) };
    })
    .add('GET', /^\/emulator\/v1\/gmail\/count$/, ({ query }) => {
      const rfc822msgid = query.get('rfc822msgid');
      if (!rfc822msgid) throw invalidArgument('rfc822msgid is required');
      return {
        rfc822msgid: stripAngleBrackets(rfc822msgid),
        sent: countSentMessages(store.messages.values(), rfc822msgid),
      };
    });

  async function send(
    userId: string,
    request: { raw?: Buffer | string; threadId?: string },
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const fallbackSender = userId.includes('@') ? userId : undefined;
    const composed =
      typeof request.raw === 'string' || request.raw === undefined
        ? await composeSend(request.raw ?? '', fallbackSender)
        : await composeSendFromBytes(request.raw, fallbackSender);
    const fault = faults.decide(recipientsOf(composed));
    if (fault?.kind === 'permanent')
      throw new GmailError(fault.status, fault.message, 'INVALID_ARGUMENT', fault.reason);
    const deliver = (): StoredGmailMessage => {
      const copies = planCopies(composed, {
        ...(request.threadId ? { requestedThreadId: request.threadId } : {}),
        now: Date.now(),
        nextSequence: () => ++sequence,
        nextHistoryId: () => String(++historyId),
        threadOf,
      });
      for (const copy of copies) store.messages.set(copy.id, copy);
      return copies[0] as StoredGmailMessage;
    };
    if (fault) {
      if (fault.afterSend) deliver();
      if (fault.resetConnection) {
        // No answer at all: the caller cannot tell whether the message went out.
        req.socket.resetAndDestroy();
        return;
      }
      throw transientError(fault);
    }
    const sent = deliver();
    sendJson(res, 200, { id: sent.id, threadId: sent.threadId, labelIds: ['SENT'] });
  }

  async function downloadAttachment(id: string, index: number, res: ServerResponse): Promise<void> {
    const message = store.messages.get(id);
    const attachment = message ? await reader.attachment(message, index) : undefined;
    if (!attachment) throw notFound('No such attachment.');
    res.writeHead(200, {
      ...ALLOW_ANY_ORIGIN,
      'content-type': attachment.contentType,
      'content-length': attachment.content.length,
      'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
    });
    res.end(attachment.content);
  }

  return {
    sentCount: (rfc822msgid) => countSentMessages(store.messages.values(), rfc822msgid),
    handleRaw(req, res) {
      const url = new URL(req.url ?? '/', 'http://emulator.invalid');
      const method = (req.method ?? 'GET').toUpperCase();
      const sendMatch = /^\/(upload\/)?gmail\/v1\/users\/([^/]+)\/messages\/send$/.exec(url.pathname);
      const downloadMatch = /^\/emulator\/v1\/gmail\/messages\/([^/]+)\/attachments\/(\d+)$/.exec(url.pathname);
      if (method === 'POST' && sendMatch) {
        void respond(res, async () =>
          send(
            decodePathPart(sendMatch[2] ?? 'me'),
            parseSendBody(await readRequestBody(req), req.headers['content-type'], url),
            req,
            res,
          ),
        );
        return true;
      }
      if (method === 'GET' && downloadMatch) {
        void respond(res, () =>
          downloadAttachment(decodePathPart(downloadMatch[1] ?? ''), Number(downloadMatch[2]), res),
        );
        return true;
      }
      return false;
    },
  };
}

/** An error in Gmail's full shape (with `errors[].reason`) and optional extra headers such as Retry-After. */
class GmailError extends ApiError {
  constructor(
    code: number,
    message: string,
    status: string,
    readonly reason: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message, status);
  }

  override toJSON(): { error: { code: number; message: string; status: string; errors?: unknown } } {
    const base = super.toJSON();
    return { error: { ...base.error, errors: [{ message: this.message, domain: 'global', reason: this.reason }] } };
  }
}

function transientError(fault: Extract<SendFault, { kind: 'transient' }>): GmailError {
  const retryAfter: Record<string, string> =
    fault.status === 429 || fault.status === 503 ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
  if (fault.status === 429) {
    const until = new Date(Date.now() + fault.retryAfterSeconds * 1000).toISOString();
    return new GmailError(
      429,
      `User-rate limit exceeded.  Retry after ${until}`,
      'RESOURCE_EXHAUSTED',
      'rateLimitExceeded',
      retryAfter,
    );
  }
  if (fault.status === 503)
    return new GmailError(503, 'The service is currently unavailable.', 'UNAVAILABLE', 'backendError', retryAfter);
  if (fault.status >= 500) return new GmailError(fault.status, 'Backend Error', 'INTERNAL', 'backendError');
  return new GmailError(
    fault.status,
    'Injected failure from the local Gmail emulator.',
    'FAILED_PRECONDITION',
    'failedPrecondition',
  );
}

/** The three ways a googleapis client can send a message: JSON `{ raw }`, `uploadType=media` with the raw
 * message as the body, and `uploadType=multipart` (JSON metadata part + message part). */
function parseSendBody(
  body: Buffer,
  contentType: string | undefined,
  url: URL,
): { raw?: Buffer | string; threadId?: string } {
  const type = (contentType ?? '').toLowerCase();
  const uploadType = url.searchParams.get('uploadType');
  if (url.pathname.startsWith('/upload/') && uploadType !== 'multipart' && !type.startsWith('multipart/')) {
    return { raw: body };
  }
  if (type.startsWith('multipart/')) {
    const tree = parseMimeTree(Buffer.concat([Buffer.from(`Content-Type: ${contentType}\r\n\r\n`), body]));
    const metadataPart = tree.parts.find((part) => part.mimeType === 'application/json');
    const messagePart = tree.parts.find((part) => part !== metadataPart);
    const metadata = metadataPart ? (parseJson(metadataPart.body) as { threadId?: string; raw?: string }) : {};
    const result: { raw?: Buffer | string; threadId?: string } = {};
    if (messagePart) result.raw = messagePart.body;
    else if (metadata.raw) result.raw = metadata.raw;
    if (metadata.threadId) result.threadId = metadata.threadId;
    return result;
  }
  if (body.length === 0) return {};
  const json = parseJson(body) as { raw?: unknown; threadId?: unknown } | null;
  const result: { raw?: string; threadId?: string } = {};
  if (typeof json?.raw === 'string') result.raw = json.raw;
  if (typeof json?.threadId === 'string') result.threadId = json.threadId;
  return result;
}
