// Gmail API v1 adapter: builds RFC 822 messages (nodemailer's MIME composer), sends them as the configured
// sender mailbox, tells the outbox what a failed attempt means, and finds an earlier attempt in the Sent
// mailbox by its Message-ID. The same code talks to Google and to the local Workspace emulator (`rootUrl`).
//
// Production auth: a service account with domain-wide delegation. In the Google Workspace Admin console
// (Security → API controls → Domain-wide delegation) authorise the service account's client ID for
// GMAIL_SCOPES (gmail.send to send; gmail.readonly because findSent searches with `q`, which the narrower
// gmail.metadata scope refuses), then build the client with
// `createGmailClient({ auth: delegatedGmailAuth({ senderMailbox: 'notices@example.com', keyJson }) })`.
import { auth as googleAuth, gmail, type gmail_v1 } from '@googleapis/gmail';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Mailer, OutgoingMail, SendOutcome } from '../ports/mail-ports.ts';

export type GmailClient = gmail_v1.Gmail;

export const GMAIL_SEND_SCOPE = 'https://www.googleapis.com/auth/gmail.send';
export const GMAIL_READONLY_SCOPE = 'https://www.googleapis.com/auth/gmail.readonly';
export const GMAIL_SCOPES = [GMAIL_SEND_SCOPE, GMAIL_READONLY_SCOPE];

export interface GmailClientOptions {
  /** e.g. the local emulator's `http://127.0.0.1:PORT/`; omit for Google. */
  rootUrl?: string;
  /** For Google: `delegatedGmailAuth(…)`. Omit against the emulator (it accepts any caller). */
  auth?: gmail_v1.Options['auth'];
}

export function createGmailClient(options: GmailClientOptions = {}): GmailClient {
  const { rootUrl, auth } = options;
  // Against Google there is no sensible default: Application Default Credentials of a Cloud Function are the
  // service account itself, which has no mailbox to send from.
  if (!rootUrl && !auth)
    throw new Error(
      'createGmailClient: pass auth (delegatedGmailAuth) to reach Google, or rootUrl for the local emulator',
    );
  return gmail({ version: 'v1', ...(rootUrl ? { rootUrl } : {}), ...(auth ? { auth } : {}) });
}

export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
}

export interface DelegatedGmailAuthOptions {
  /** The Workspace mailbox the service account acts as (the From of every message). */
  senderMailbox: string;
  /** The service account's JSON key (as text or parsed), e.g. from Secret Manager. Without it, Application
   * Default Credentials are used, which can only delegate when they are themselves a service-account key
   * file (GOOGLE_APPLICATION_CREDENTIALS); a Cloud Functions runtime identity cannot set a `subject`. */
  keyJson?: string | ServiceAccountKey;
  scopes?: string[];
}

// google-auth-library's JWT and GoogleAuth as the Gmail client re-exports them: the client is typed against
// its own copy of the library, and a top-level `google-auth-library` import is a different copy whose
// classes TypeScript will not accept (private members). At runtime they are the same classes.
export type DelegatedGmailAuth = InstanceType<typeof googleAuth.JWT> | InstanceType<typeof googleAuth.GoogleAuth>;

/** Credentials that act as `senderMailbox` through domain-wide delegation (the JWT `sub` claim). */
export function delegatedGmailAuth(options: DelegatedGmailAuthOptions): DelegatedGmailAuth {
  const scopes = options.scopes ?? GMAIL_SCOPES;
  if (options.keyJson === undefined) {
    return new googleAuth.GoogleAuth({ scopes, clientOptions: { subject: options.senderMailbox } });
  }
  const key: ServiceAccountKey =
    typeof options.keyJson === 'string' ? (JSON.parse(options.keyJson) as ServiceAccountKey) : options.keyJson;
  if (!key.client_email || !key.private_key)
    throw new Error('delegatedGmailAuth: keyJson needs client_email and private_key');
  return new googleAuth.JWT({ email: key.client_email, key: key.private_key, scopes, subject: options.senderMailbox });
}

// ------------------------------------------------------------------------------------------ composing

/** Headers the composer writes from OutgoingMail's own fields; setting them through `headers` would make a
 * message whose Message-ID no longer identifies it. */
const RESERVED_HEADERS = new Set([
  'message-id',
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'date',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);

/** `<id@host>` → `id@host`: Gmail's rfc822msgid search and our outbox both use the bare form. */
export function bareMessageId(messageId: string): string {
  return messageId.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
}

/** The RFC 822 bytes of a message: UTF-8 subject as encoded-words, text (+ html alternative), attachments,
 * our own Message-ID and Date, extra headers such as Auto-Submitted and X-Outbox-Id. */
export async function buildMimeMessage(mail: OutgoingMail, options: { date?: Date } = {}): Promise<Buffer> {
  const messageId = bareMessageId(mail.messageId);
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(messageId)) throw new Error(`Invalid Message-ID: ${mail.messageId}`);
  if (mail.to.length + (mail.cc?.length ?? 0) === 0) throw new Error('A message needs at least one recipient');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(mail.headers ?? {})) {
    if (RESERVED_HEADERS.has(name.toLowerCase()))
      throw new Error(`Header ${name} is set from the message fields, not headers`);
    // A line break in a value would let text from a record inject headers.
    if (/[\r\n]/.test(value) || !/^[!-9;-~]+$/.test(name)) throw new Error(`Invalid header ${name}`);
    headers[name] = value;
  }
  const composer = new MailComposer({
    messageId: `<${messageId}>`,
    date: options.date ?? new Date(),
    from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
    to: mail.to,
    ...(mail.cc?.length ? { cc: mail.cc } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    attachments: (mail.attachments ?? []).map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: attachment.content,
    })),
    headers,
  });
  return composer.compile().build();
}

// ------------------------------------------------------------------------------------------ rate limit

export interface MailerClock {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: MailerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** At most `perMinute` sends in any 60-second window (a sliding log, so no burst ever exceeds the quota).
 * Callers wait their turn in arrival order; nothing is dropped. */
export class SendRateLimiter {
  readonly #starts: number[] = [];
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perMinute: number,
    private readonly clock: MailerClock = systemClock,
    private readonly windowMs = 60_000,
  ) {
    if (!(perMinute >= 1)) throw new Error('SendRateLimiter: perMinute must be at least 1');
  }

  /** Resolves true when one more send fits in the window (and counts it). With `notAfter` (epoch ms), resolves
   * false instead of waiting past it, counting nothing. */
  acquire(options: { notAfter?: number } = {}): Promise<boolean> {
    const turn = this.#queue.then(() => this.#waitForSlot(options.notAfter));
    this.#queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  async #waitForSlot(notAfter: number | undefined): Promise<boolean> {
    for (;;) {
      const now = this.clock.now();
      this.#forgetOutside(now);
      if (this.#starts.length < this.perMinute) {
        this.#starts.push(now);
        return true;
      }
      const freeAt = (this.#starts[0] ?? now) + this.windowMs;
      if (notAfter !== undefined && freeAt > notAfter) return false;
      await this.clock.sleep(freeAt - now);
    }
  }

  /**
   * Forgets starts that left the window, and starts later than now: the clock was set back (the local stack's
   * "Reset clock"), so they say nothing about the last minute and would hold every send back until the clock
   * caught up with them again.
   */
  #forgetOutside(now: number): void {
    while (this.#starts.length > 0 && (this.#starts[0] ?? 0) <= now - this.windowMs) this.#starts.shift();
    while (this.#starts.length > 0 && (this.#starts[this.#starts.length - 1] ?? 0) > now) this.#starts.pop();
  }

  /** Epoch ms at which the next slot frees up (now when one is free). */
  nextFreeAt(): number {
    const now = this.clock.now();
    const live = this.#starts.filter((start) => start > now - this.windowMs && start <= now);
    return live.length < this.perMinute ? now : (live[live.length - this.perMinute] ?? now) + this.windowMs;
  }
}

// ------------------------------------------------------------------------------------------ outcomes

/** Errors raised while a connection was being set up: the request never left, so it cannot have been sent. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** Gmail answers some rate limits with 403 instead of 429. */
const RATE_LIMIT_REASONS = new Set([
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'dailyLimitExceeded',
  'quotaExceeded',
]);

export interface ClassifyOptions {
  /** A 5xx on send is ambiguous (Gmail may have sent before failing). 'retryable' (default) resends at once;
   * 'unknown' makes the outbox check the Sent mailbox first. */
  serverErrorOutcome?: 'retryable' | 'unknown';
  /** The request path that identifies the send call (anything else that failed, e.g. fetching a token, never sent). */
  sendPath?: string;
}

/** What a failed `users.messages.send` means for the outbox. */
export function classifySendError(error: unknown, options: ClassifyOptions = {}): SendOutcome {
  const failure = describeFailure(error);
  const sendPath = options.sendPath ?? '/messages/send';
  if (failure.url !== undefined && !failure.url.includes(sendPath)) {
    // The failing request was not the send (e.g. the OAuth token exchange), so nothing was sent.
    return {
      status: 'retryable',
      reason: `Credentials or setup failed before sending: ${failure.message}`,
      ...(failure.status ? { httpStatus: failure.status } : {}),
    };
  }
  const status = failure.status;
  if (status !== undefined) {
    const retryAfterMs = failure.retryAfterMs;
    const retryable = (): SendOutcome => ({
      status: 'retryable',
      reason: failure.message,
      httpStatus: status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
    if (status === 429 || status === 408) return retryable();
    if (status === 403 && failure.reasons.some((reason) => RATE_LIMIT_REASONS.has(reason))) return retryable();
    // An expired or revoked token says nothing about the message; the next attempt refreshes it.
    if (status === 401) return retryable();
    if (status >= 500)
      return options.serverErrorOutcome === 'unknown'
        ? { status: 'unknown', reason: `HTTP ${status}: ${failure.message}` }
        : retryable();
    if (status >= 400) return { status: 'permanent', reason: failure.message, httpStatus: status };
    return { status: 'unknown', reason: `Unexpected HTTP ${status}: ${failure.message}` };
  }
  if (failure.codes.some((code) => NOT_SENT_CODES.has(code))) {
    return {
      status: 'retryable',
      reason: `Could not connect to Gmail (${failure.codes.join(', ')}): ${failure.message}`,
    };
  }
  // A reset, a timeout, or anything else after the request may have been written: only the Sent mailbox knows.
  return {
    status: 'unknown',
    reason: `No answer from Gmail${failure.codes.length ? ` (${failure.codes.join(', ')})` : ''}: ${failure.message}`,
  };
}

interface FailureDescription {
  status?: number;
  message: string;
  reasons: string[];
  retryAfterMs?: number;
  codes: string[];
  url?: string;
}

/** Reads gaxios' GaxiosError structurally (gaxios is not our direct dependency) and walks `cause` chains. */
function describeFailure(error: unknown): FailureDescription {
  const gaxios = error as {
    message?: string;
    status?: number;
    config?: { url?: string | URL };
    response?: {
      status?: number;
      headers?: unknown;
      data?: { error?: { message?: string; errors?: { reason?: string }[] } | string };
    };
  } | null;
  const description: FailureDescription = {
    message: error instanceof Error ? error.message : String(error),
    reasons: [],
    codes: [],
  };
  if (!gaxios || typeof gaxios !== 'object') return description;
  const status = gaxios.response?.status ?? gaxios.status;
  if (typeof status === 'number') description.status = status;
  const data = gaxios.response?.data?.error;
  if (typeof data === 'object' && data) {
    if (data.message) description.message = data.message;
    description.reasons = (data.errors ?? []).map((item) => item.reason ?? '').filter((reason) => reason !== '');
  }
  const retryAfter = headerOf(gaxios.response?.headers, 'retry-after');
  if (retryAfter !== undefined) {
    const parsed = parseRetryAfter(retryAfter);
    if (parsed !== undefined) description.retryAfterMs = parsed;
  }
  if (gaxios.config?.url !== undefined) description.url = String(gaxios.config.url);
  let cause: unknown = error;
  for (let depth = 0; depth < 6 && cause && typeof cause === 'object'; depth++) {
    const { code, name } = cause as { code?: unknown; name?: unknown };
    if (typeof code === 'string') description.codes.push(code);
    if (typeof name === 'string' && (name === 'TimeoutError' || name === 'AbortError')) description.codes.push(name);
    cause = (cause as { cause?: unknown }).cause;
  }
  description.codes = [...new Set(description.codes)];
  return description;
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Retry-After is delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string, now = Date.now()): number | undefined {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// ------------------------------------------------------------------------------------------ mailer

export interface GmailMailerOptions {
  /** Mailbox to send as and search; 'me' is the delegated sender. */
  userId?: string;
  /** Sending quota; sends wait (never drop) to stay within it. Default 60. */
  messagesPerMinute?: number;
  clock?: MailerClock;
  /** The longest one `send()` may take, waiting for the quota included (default 120 s). A send that cannot
   * get a quota slot early enough is not started (`retryable`); a request still unanswered at the deadline
   * is aborted (`unknown`). So no request ever starts after a caller using the same timeout gave up on it. */
  requestTimeoutMs?: number;
  serverErrorOutcome?: ClassifyOptions['serverErrorOutcome'];
}

export class GmailMailer implements Mailer {
  readonly #userId: string;
  readonly #limiter: SendRateLimiter;
  readonly #clock: MailerClock;
  readonly #timeoutMs: number;
  readonly #perMinute: number;
  readonly #classify: ClassifyOptions;

  constructor(
    private readonly client: GmailClient,
    options: GmailMailerOptions = {},
  ) {
    this.#userId = options.userId ?? 'me';
    this.#clock = options.clock ?? systemClock;
    this.#perMinute = options.messagesPerMinute ?? 60;
    this.#limiter = new SendRateLimiter(this.#perMinute, this.#clock);
    this.#timeoutMs = options.requestTimeoutMs ?? 120_000;
    this.#classify = options.serverErrorOutcome ? { serverErrorOutcome: options.serverErrorOutcome } : {};
  }

  async send(mail: OutgoingMail): Promise<SendOutcome> {
    const startedAt = this.#clock.now();
    let raw: Buffer;
    try {
      raw = await buildMimeMessage(mail, { date: new Date(this.#clock.now()) });
    } catch (error) {
      // The message itself is malformed: no attempt will ever succeed.
      return {
        status: 'permanent',
        reason: `Cannot build the message: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    // Leave the request itself a fair share of the budget rather than starting it with no time to answer.
    const deadline = startedAt + this.#timeoutMs;
    const minimumRequestMs = Math.min(10_000, this.#timeoutMs / 2);
    if (!(await this.#limiter.acquire({ notAfter: deadline - minimumRequestMs }))) {
      return {
        status: 'retryable',
        reason: `Sending quota of ${this.#perMinute} messages per minute reached; not sent`,
        retryAfterMs: Math.max(0, this.#limiter.nextFreeAt() - this.#clock.now()),
      };
    }
    try {
      const response = await this.client.users.messages.send(
        { userId: this.#userId, requestBody: { raw: raw.toString('base64url') } },
        // Never let the client resend on its own: a resend is the outbox's decision, after findSent.
        { retry: false, timeout: Math.max(1, deadline - this.#clock.now()) },
      );
      const gmailId = response.data.id;
      if (!gmailId) return { status: 'unknown', reason: 'Gmail answered without a message id' };
      return { status: 'sent', gmailId };
    } catch (error) {
      return classifySendError(error, this.#classify);
    }
  }

  /** True when the Sent mailbox holds a message with this Message-ID. Throws when Gmail cannot be asked:
   * guessing "not sent" could send a message twice. */
  async findSent(messageId: string): Promise<boolean> {
    const response = await this.client.users.messages.list({
      userId: this.#userId,
      q: `rfc822msgid:${bareMessageId(messageId)}`,
      maxResults: 1,
      // A sent copy someone moved to the bin still means the message went out.
      includeSpamTrash: true,
    });
    return (response.data.messages?.length ?? 0) > 0;
  }
}
