// The production Gmail adapter against the local Workspace emulator (genuine @googleapis/gmail client,
// rootUrl only): the MIME it builds, what each failure means for the outbox, and the sending quota.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { auth as googleAuth } from '@googleapis/gmail';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  GMAIL_SCOPES,
  GmailMailer,
  type MailerClock,
  SendRateLimiter,
  buildMimeMessage,
  classifySendError,
  createGmailClient,
  delegatedGmailAuth,
  parseRetryAfter,
} from '../../functions/src/adapters/gmail.ts';
import type { OutgoingMail } from '../../functions/src/ports/mail-ports.ts';
import { type WorkspaceEmulator, startWorkspaceEmulator } from '../../local/workspace-emulator/index.ts';

let emulator: WorkspaceEmulator;
let counter = 0;

beforeAll(async () => {
  emulator = await startWorkspaceEmulator({ port: 0 });
});

afterAll(async () => {
  await emulator.stop();
});

beforeEach(() => {
  emulator.gmailFaults.clear();
});

const ics = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:meeting-1@example.com',
  'SUMMARY:销售周例会',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

function noticeMail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  counter++;
  return {
    messageId: `notice-${counter}-${randomUUID()}@outbox.example.com`,
    from: { address: 'notices@example.com', name: '会议系统 Meeting Desk' },
    to: ['li.lei@example.com'],
    cc: ['han.meimei@example.com'],
    replyTo: 'secretary@example.com',
    subject: '会议通知：销售周例会（3 月 4 日 09:00）',
    text: '请准时参加销售周例会。\n地点：3 楼会议室',
    html: '<p>请准时参加<strong>销售周例会</strong>。</p>',
    attachments: [
      {
        filename: 'invite.ics',
        contentType: 'text/calendar; method=REQUEST; charset=UTF-8',
        content: Buffer.from(ics),
      },
    ],
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Outbox-Id': `outbox-${counter}` },
    ...overrides,
  };
}

function mailerFor(options: ConstructorParameters<typeof GmailMailer>[1] = {}): GmailMailer {
  return new GmailMailer(createGmailClient({ rootUrl: emulator.rootUrl }), options);
}

function fakeClock(start = Date.UTC(2025, 2, 4, 1, 0, 0)): MailerClock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('buildMimeMessage', () => {
  it(
    'writes a UTF-8 subject, our Message-ID and Date, ' + 'text/html alternatives, an .ics invite and extra headers',
    async () => {
      const mail = noticeMail({ messageId: '<fixed-1@outbox.example.com>' });
      const raw = await buildMimeMessage(mail, { date: new Date('2025-03-03T08:00:00Z') });
      const head = raw.toString('utf8').split(/\r?\n\r?\n/)[0] ?? '';
      expect(head).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m); // encoded-word, not raw UTF-8
      expect(head).toMatch(/^Message-ID: <fixed-1@outbox\.example\.com>$/m);

      const parsed = await simpleParser(raw);
      expect(parsed.subject).toBe('会议通知：销售周例会（3 月 4 日 09:00）');
      expect(parsed.messageId).toBe('<fixed-1@outbox.example.com>');
      expect(parsed.date?.toISOString()).toBe('2025-03-03T08:00:00.000Z');
      expect(parsed.from?.value).toEqual([{ address: 'notices@example.com', name: '会议系统 Meeting Desk' }]);
      expect(parsed.replyTo?.value[0]?.address).toBe('secretary@example.com');
      expect(parsed.text?.trim()).toBe('请准时参加销售周例会。\n地点：3 楼会议室');
      expect(parsed.html).toBe('<p>请准时参加<strong>销售周例会</strong>。</p>');
      expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
      expect(parsed.headers.get('x-outbox-id')).toBe(`outbox-${counter}`);
      expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/mixed' });

      expect(parsed.attachments).toHaveLength(1);
      const invite = parsed.attachments[0];
      expect(invite?.filename).toBe('invite.ics');
      expect(invite?.contentType).toBe('text/calendar');
      expect(invite?.content.toString('utf8')).toBe(ics);
      // The method parameter is what makes mail clients offer Accept/Decline.
      expect(raw.toString('utf8')).toMatch(/Content-Type: text\/calendar; method=REQUEST; charset=UTF-8/);
      // text and html are alternatives of each other inside the mixed message.
      expect(raw.toString('utf8')).toMatch(/Content-Type: multipart\/alternative;/);
    },
  );

  it('a text-only message with no cc is a single text/plain part', async () => {
    const { cc: _cc, html: _html, attachments: _attachments, ...plain } = noticeMail();
    const parsed = await simpleParser(await buildMimeMessage(plain));
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'text/plain' });
    expect(parsed.cc).toBeUndefined();
    expect(parsed.html).toBe(false);
  });

  it('refuses header injection, reserved headers, a malformed Message-ID and no recipients', async () => {
    await expect(
      buildMimeMessage(noticeMail({ headers: { 'X-Outbox-Id': 'a\r\nBcc: victim@example.com' } })),
    ).rejects.toThrow(/Invalid header/);
    await expect(buildMimeMessage(noticeMail({ headers: { 'Message-ID': '<other@x>' } }))).rejects.toThrow(
      /message fields/,
    );
    await expect(buildMimeMessage(noticeMail({ messageId: 'no-at-sign' }))).rejects.toThrow(/Message-ID/);
    await expect(buildMimeMessage(noticeMail({ to: [], cc: [] }))).rejects.toThrow(/recipient/);
  });
});

describe('GmailMailer against the emulator', () => {
  it('sends as the configured mailbox and finds the message in Sent by its Message-ID', async () => {
    const mailer = mailerFor();
    const mail = noticeMail();
    const outcome = await mailer.send(mail);
    expect(outcome).toEqual({ status: 'sent', gmailId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(await mailer.findSent(mail.messageId)).toBe(true);
    expect(await mailer.findSent(`<${mail.messageId}>`)).toBe(true);
    expect(await mailer.findSent(`never-${mail.messageId}`)).toBe(false);
    expect(emulator.gmailSentCount(mail.messageId)).toBe(1);
  });

  it('500 → retryable with the HTTP status; nothing was sent', async () => {
    emulator.gmailFaults.set({ sendFailureRate: 1, status: 500 });
    const mail = noticeMail();
    expect(await mailerFor().send(mail)).toEqual({ status: 'retryable', reason: 'Backend Error', httpStatus: 500 });
    expect(await mailerFor().findSent(mail.messageId)).toBe(false);
  });

  it('429 with Retry-After → retryable with retryAfterMs', async () => {
    emulator.gmailFaults.set({ sendFailureRate: 1, status: 429, retryAfterSeconds: 7 });
    expect(await mailerFor().send(noticeMail())).toMatchObject({
      status: 'retryable',
      httpStatus: 429,
      retryAfterMs: 7000,
      reason: expect.stringMatching(/^User-rate limit exceeded/),
    });
  });

  it("400 for a refused recipient → permanent with Google's message", async () => {
    emulator.gmailFaults.set({ permanentFailureFor: ['li.lei@example.com'] });
    expect(await mailerFor().send(noticeMail())).toEqual({
      status: 'permanent',
      reason: 'Invalid To header',
      httpStatus: 400,
    });
  });

  it('a send that went out although the answer was 500 is found by findSent before any resend', async () => {
    emulator.gmailFaults.set({ sendFailureRate: 1, status: 500, failAfterSend: true });
    const mailer = mailerFor();
    const mail = noticeMail();
    const outcome = await mailer.send(mail);
    expect(['retryable', 'unknown']).toContain(outcome.status);
    emulator.gmailFaults.clear();
    expect(await mailer.findSent(mail.messageId)).toBe(true);
    expect(emulator.gmailSentCount(mail.messageId)).toBe(1);
  });

  it('serverErrorOutcome "unknown" makes every 5xx an unknown outcome', async () => {
    emulator.gmailFaults.set({ sendFailureRate: 1, status: 503 });
    expect(await mailerFor({ serverErrorOutcome: 'unknown' }).send(noticeMail())).toMatchObject({ status: 'unknown' });
  });

  it('a connection reset after the request was written → unknown; the Sent mailbox then has it', async () => {
    emulator.gmailFaults.set({ sendFailureRate: 1, failAfterSend: true, resetConnection: true });
    const mailer = mailerFor();
    const mail = noticeMail();
    expect(await mailer.send(mail)).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/ECONNRESET/) });
    emulator.gmailFaults.clear();
    expect(await mailer.findSent(mail.messageId)).toBe(true);
  });

  it('a malformed message is permanent without calling Gmail', async () => {
    const mail = noticeMail({ messageId: 'not a message id' });
    expect(await mailerFor().send(mail)).toMatchObject({
      status: 'permanent',
      reason: expect.stringMatching(/Message-ID/),
    });
  });
});

describe('GmailMailer without an answer from Gmail', () => {
  const servers: Server[] = [];

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a refused connection → retryable (the request never left)', async () => {
    const rootUrl = await listen(() => undefined);
    const server = servers.pop();
    await new Promise((resolve) => server?.close(resolve));
    const mailer = new GmailMailer(createGmailClient({ rootUrl }));
    expect(await mailer.send(noticeMail())).toMatchObject({
      status: 'retryable',
      reason: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it('a timeout while waiting for the answer → unknown', async () => {
    const rootUrl = await listen((req) => {
      req.resume(); // read the request, never answer
    });
    const mailer = new GmailMailer(createGmailClient({ rootUrl }), { requestTimeoutMs: 200 });
    expect(await mailer.send(noticeMail())).toMatchObject({ status: 'unknown' });
  });

  it('findSent throws rather than guessing when Gmail cannot be asked', async () => {
    const rootUrl = await listen((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { code: 403, message: "Metadata scope does not support 'q' parameter", status: 'PERMISSION_DENIED' },
        }),
      );
    });
    await expect(new GmailMailer(createGmailClient({ rootUrl })).findSent('x@y')).rejects.toThrow(/Metadata scope/);
  });
});

describe('classifySendError', () => {
  const sendUrl = 'https://gmail.googleapis.com/gmail/v1/users/me/messages/send';
  const httpError = (status: number, body: unknown, headers: Record<string, string> = {}, url = sendUrl): unknown =>
    Object.assign(new Error(`Request failed with status code ${status}`), {
      config: { url },
      response: { status, headers: new Headers(headers), data: body },
    });

  it.each([
    [
      '403 userRateLimitExceeded',
      httpError(403, { error: { message: 'User Rate Limit Exceeded', errors: [{ reason: 'userRateLimitExceeded' }] } }),
      'retryable',
    ],
    [
      '403 delegation denied',
      httpError(403, {
        error: { message: 'Delegation denied for notices@example.com', errors: [{ reason: 'forbidden' }] },
      }),
      'permanent',
    ],
    ['401 expired token', httpError(401, { error: { message: 'Invalid Credentials' } }), 'retryable'],
    ['503', httpError(503, { error: { message: 'unavailable' } }, { 'retry-after': '3' }), 'retryable'],
    [
      'a token exchange failure (not the send request)',
      httpError(400, { error: 'unauthorized_client' }, {}, 'https://oauth2.googleapis.com/token'),
      'retryable',
    ],
    ['ENOTFOUND', Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), 'retryable'],
    ['socket hang up', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'unknown'],
    ['an error nobody recognises', new Error('boom'), 'unknown'],
  ])('%s → %s', (_name, error, status) => {
    expect(classifySendError(error).status).toBe(status);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(classifySendError(httpError(503, {}, { 'retry-after': '3' }))).toMatchObject({ retryAfterMs: 3000 });
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('2015-10-21T07:28:00Z'))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('sending quota', () => {
  it('61 sends at 60/min: the first 60 go at once, the 61st waits a minute of (fake) time', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const mailer = mailerFor({ messagesPerMinute: 60, clock });
    const sentAt: number[] = [];
    for (let index = 0; index < 61; index++) {
      expect((await mailer.send(noticeMail())).status).toBe('sent');
      sentAt.push(clock.now() - start);
    }
    expect(sentAt.slice(0, 60).every((offset) => offset === 0)).toBe(true);
    expect(sentAt[60]).toBe(60_000);
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('a send that could not start within requestTimeoutMs is not sent: retryable, with when to try again', async () => {
    const clock = fakeClock();
    const mailer = mailerFor({ messagesPerMinute: 2, clock, requestTimeoutMs: 30_000 });
    expect((await mailer.send(noticeMail())).status).toBe('sent');
    expect((await mailer.send(noticeMail())).status).toBe('sent');
    const third = noticeMail();
    // The next slot frees in 60 s, later than the 30 s this send may take: waiting would outlive the caller.
    expect(await mailer.send(third)).toEqual({
      status: 'retryable',
      reason: 'Sending quota of 2 messages per minute reached; not sent',
      retryAfterMs: 60_000,
    });
    expect(clock.sleeps).toEqual([]);
    expect(emulator.gmailSentCount(third.messageId)).toBe(0);
  });

  it('acquire with notAfter gives up without counting, so later sends are not delayed by it', async () => {
    const clock = fakeClock(0);
    const limiter = new SendRateLimiter(1, clock);
    expect(await limiter.acquire()).toBe(true);
    expect(await limiter.acquire({ notAfter: 59_999 })).toBe(false);
    expect(limiter.nextFreeAt()).toBe(60_000);
    expect(await limiter.acquire({ notAfter: 60_000 })).toBe(true);
    expect(clock.now()).toBe(60_000);
  });

  it(
    "a clock set back (the local stack's Reset clock)" + ' does not hold sends back until it catches up again',
    async () => {
      let now = 2 * 24 * 3_600_000;
      const clock = {
        now: () => now,
        sleep: async (ms: number) => {
          now += ms;
        },
      };
      const limiter = new SendRateLimiter(2, clock);
      expect(await limiter.acquire()).toBe(true);
      expect(await limiter.acquire()).toBe(true);
      now = 0;
      expect(limiter.nextFreeAt()).toBe(0);
      expect(await limiter.acquire({ notAfter: 0 })).toBe(true);
      expect(await limiter.acquire({ notAfter: 0 })).toBe(true);
      // The quota still holds from there on.
      expect(await limiter.acquire({ notAfter: 59_999 })).toBe(false);
    },
  );

  it('the window slides: concurrent callers queue in order and never exceed the quota in any minute', async () => {
    const clock = fakeClock(0);
    const limiter = new SendRateLimiter(3, clock);
    const grantedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, async () => {
        await limiter.acquire();
        grantedAt.push(clock.now());
      }),
    );
    expect(grantedAt).toEqual([0, 0, 0, 60_000, 60_000, 60_000, 120_000]);
  });
});

describe('createGmailClient and delegatedGmailAuth', () => {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const key = {
    type: 'service_account',
    client_email: 'outbox@project.iam.gserviceaccount.com',
    private_key: privateKey,
    client_id: '1',
    project_id: 'project',
  };

  it('with a key: a JWT whose subject is the sender mailbox, for the send and search scopes', () => {
    const auth = delegatedGmailAuth({ senderMailbox: 'notices@example.com', keyJson: JSON.stringify(key) });
    expect(auth).toBeInstanceOf(googleAuth.JWT);
    expect(auth).toMatchObject({ email: key.client_email, subject: 'notices@example.com', scopes: GMAIL_SCOPES });
    // Type-level check too: what delegatedGmailAuth returns is what the client accepts.
    expect(createGmailClient({ auth })).toBeDefined();
  });

  it('without a key: Application Default Credentials from a key file, delegated to the sender mailbox', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gmail-adc-'));
    const previous = process.env.GOOGLE_APPLICATION_CREDENTIALS;
    try {
      const file = path.join(dir, 'key.json');
      await writeFile(file, JSON.stringify(key));
      process.env.GOOGLE_APPLICATION_CREDENTIALS = file;
      const auth = delegatedGmailAuth({ senderMailbox: 'notices@example.com' });
      expect(auth).toBeInstanceOf(googleAuth.GoogleAuth);
      const client = await (auth as InstanceType<typeof googleAuth.GoogleAuth>).getClient();
      expect(client).toMatchObject({ email: key.client_email, subject: 'notices@example.com' });
    } finally {
      if (previous === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      else process.env.GOOGLE_APPLICATION_CREDENTIALS = previous;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to build a client for Google without credentials', () => {
    expect(() => createGmailClient()).toThrow(/delegatedGmailAuth/);
  });
});
