// "Check setup" with a test mail: a signed setupCheck request to sheetEdit queues the mail in the outbox and
// delivers it at once; it arrives in the recipient's local mailbox. The stack's clock is pinned to a working
// morning and the request is sent and signed at its time, not the machine's.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { signedHeaders, startPinnedStack } from '../support/pinned-time.ts';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startPinnedStack('setup-mail');
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

it('sends the test mail through the outbox and reports it sent', async () => {
  const body = JSON.stringify({
    version: 2,
    kind: 'setupCheck',
    eventId: randomUUID(),
    spreadsheetId: stack.spreadsheetId,
    sentAt: stack.clock.now().toUTC().toISO(),
    sendTestMailTo: 'li.na@demo.example',
  });
  const headers = signedHeaders(stack, body);
  const response = await fetch(`${stack.url}/functions/sheetEdit`, { method: 'POST', headers, body });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ ok: true, mail: 'sent' });
  const mailbox = (await (await fetch(`${stack.url}/api/mail/mailbox?address=li.na%40demo.example`)).json()) as {
    messages: Array<{ subject: string; from: { address: string } }>;
  };
  expect(mailbox.messages).toHaveLength(1);
  expect(mailbox.messages[0]!.from.address).toBe('notices@demo.example');
});

it('refuses an unsigned setup check', async () => {
  const response = await fetch(`${stack.url}/functions/sheetEdit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(response.status).toBe(401);
});
