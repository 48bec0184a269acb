// Fault injection on the emulated users.messages.send, programmatic and over HTTP.
import { randomUUID } from 'node:crypto';
import { gmail, type gmail_v1 } from '@googleapis/gmail';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type WorkspaceEmulator, startWorkspaceEmulator } from '../../local/workspace-emulator/index.ts';

let emulator: WorkspaceEmulator;
let api: gmail_v1.Gmail;
let counter = 0;

beforeAll(async () => {
  emulator = await startWorkspaceEmulator({ port: 0 });
  api = gmail({ version: 'v1', rootUrl: emulator.rootUrl });
});

afterAll(async () => {
  await emulator.stop();
});

beforeEach(() => {
  emulator.gmailFaults.clear();
});

async function rawMessage(to = 'li@example.com'): Promise<{ raw: string; messageId: string }> {
  counter++;
  const messageId = `fault-${counter}-${randomUUID()}@outbox.example.com`;
  const raw = await new MailComposer({
    from: 'notices@example.com',
    to,
    subject: `Reminder ${counter}`,
    text: 'Due tomorrow.',
    messageId: `<${messageId}>`,
  })
    .compile()
    .build();
  return { raw: raw.toString('base64url'), messageId };
}

/** The HTTP status, error body and headers of one send (200 on success); `reset` when no answer came. */
async function sendOnce(to?: string): Promise<{
  status: number | 'reset';
  messageId: string;
  error?: { code: number; message: string; status: string; errors?: { reason: string }[] };
  retryAfter?: string | null;
}> {
  const { raw, messageId } = await rawMessage(to);
  // Plain fetch: the point is what goes over the wire, including headers the client hides.
  try {
    const response = await fetch(new URL('gmail/v1/users/me/messages/send', emulator.rootUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ raw }),
    });
    const body = (await response.json()) as { error?: never };
    return {
      status: response.status,
      messageId,
      ...(body.error ? { error: body.error } : {}),
      retryAfter: response.headers.get('retry-after'),
    };
  } catch {
    return { status: 'reset', messageId };
  }
}

async function faultsOverHttp(
  method: 'GET' | 'POST' | 'DELETE',
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL('emulator/v1/gmail/faults', emulator.rootUrl), {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('sendFailureRate', () => {
  it('with a seed, about 30% of 200 sends fail, and the same seed fails the same sends', async () => {
    const run = async (): Promise<boolean[]> => {
      emulator.gmailFaults.set({ sendFailureRate: 0.3, status: 500, seed: 42 });
      const failed: boolean[] = [];
      for (let index = 0; index < 200; index++) failed.push((await sendOnce()).status !== 200);
      return failed;
    };
    const first = await run();
    const failures = first.filter(Boolean).length;
    expect(failures).toBeGreaterThanOrEqual(40);
    expect(failures).toBeLessThanOrEqual(80);
    expect(await run()).toEqual(first);
  });

  it("a failed send stores nothing and answers Gmail's backendError shape", async () => {
    emulator.gmailFaults.set({ sendFailureRate: 1, status: 500 });
    const result = await sendOnce();
    expect(result.status).toBe(500);
    expect(result.error).toMatchObject({
      code: 500,
      message: 'Backend Error',
      status: 'INTERNAL',
      errors: [{ reason: 'backendError' }],
    });
    expect(emulator.gmailSentCount(result.messageId)).toBe(0);
  });

  it('429 carries Retry-After and RESOURCE_EXHAUSTED', async () => {
    emulator.gmailFaults.set({ sendFailureRate: 1, status: 429, retryAfterSeconds: 7 });
    const result = await sendOnce();
    expect(result.status).toBe(429);
    expect(result.retryAfter).toBe('7');
    expect(result.error).toMatchObject({
      code: 429,
      status: 'RESOURCE_EXHAUSTED',
      errors: [{ reason: 'rateLimitExceeded' }],
    });
  });

  it('failNextSends fails exactly the next N sends', async () => {
    emulator.gmailFaults.set({ failNextSends: 2, status: 503 });
    const statuses = [];
    for (let index = 0; index < 4; index++) statuses.push((await sendOnce()).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
  });
});

describe('unknown outcomes', () => {
  it('failAfterSend stores and delivers the message but answers 500; count shows 1', async () => {
    emulator.gmailFaults.set({ sendFailureRate: 1, status: 500, failAfterSend: true });
    const result = await sendOnce('wang@example.com');
    expect(result.status).toBe(500);
    const count = await fetch(
      new URL(`emulator/v1/gmail/count?rfc822msgid=${encodeURIComponent(`<${result.messageId}>`)}`, emulator.rootUrl),
    );
    expect(await count.json()).toEqual({ rfc822msgid: result.messageId, sent: 1 });
    const found = await api.users.messages.list({ userId: 'me', q: `rfc822msgid:${result.messageId} in:sent` });
    expect(found.data.resultSizeEstimate).toBe(1);
    const inbox = await api.users.messages.list({ userId: 'wang@example.com', q: `rfc822msgid:${result.messageId}` });
    expect(inbox.data.resultSizeEstimate).toBe(1);
  });

  it('resetConnection drops the connection with no answer (after storing, with failAfterSend)', async () => {
    emulator.gmailFaults.set({ sendFailureRate: 1, failAfterSend: true, resetConnection: true });
    const stored = await sendOnce();
    expect(stored.status).toBe('reset');
    expect(emulator.gmailSentCount(stored.messageId)).toBe(1);
    emulator.gmailFaults.set({ sendFailureRate: 1, resetConnection: true });
    const lost = await sendOnce();
    expect(lost.status).toBe('reset');
    expect(emulator.gmailSentCount(lost.messageId)).toBe(0);
  });
});

describe('permanentFailureFor', () => {
  it('answers 400 invalidArgument "Invalid To header" for those recipients only, storing nothing', async () => {
    emulator.gmailFaults.set({ permanentFailureFor: ['Bounce@Example.com'] });
    const refused = await sendOnce('bounce@example.com');
    expect(refused.status).toBe(400);
    expect(refused.error).toMatchObject({
      code: 400,
      message: 'Invalid To header',
      status: 'INVALID_ARGUMENT',
      errors: [{ reason: 'invalidArgument' }],
    });
    expect(emulator.gmailSentCount(refused.messageId)).toBe(0);
    expect((await sendOnce('fine@example.com')).status).toBe(200);
  });
});

describe('POST/GET/DELETE /emulator/v1/gmail/faults', () => {
  it('sets, reads back and clears the same settings as the programmatic switch', async () => {
    const set = await faultsOverHttp('POST', { sendFailureRate: 1, status: 429, seed: 7, failAfterSend: true });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      sendFailureRate: 1,
      status: 429,
      seed: 7,
      failAfterSend: true,
      permanentFailureFor: [],
    });
    expect((await faultsOverHttp('GET')).body).toEqual(set.body);
    expect(emulator.gmailFaults.get()).toEqual(set.body);
    expect((await sendOnce()).status).toBe(429);
    const cleared = await faultsOverHttp('DELETE');
    expect(cleared.body).toMatchObject({ sendFailureRate: 0, failNextSends: 0, failAfterSend: false });
    expect((await sendOnce()).status).toBe(200);
  });

  it('refuses settings it does not understand', async () => {
    expect((await faultsOverHttp('POST', { sendFailureRate: 2 })).status).toBe(400);
    expect((await faultsOverHttp('POST', { sendFailureRat: 0.5 })).status).toBe(400);
    expect((await faultsOverHttp('POST', { status: 200 })).status).toBe(400);
  });
});
