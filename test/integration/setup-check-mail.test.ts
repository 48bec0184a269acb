// "Check setup" with a test mail: a signed setupCheck request to sheetEdit queues the mail in the outbox and
// delivers it at once; it arrives in the recipient's local mailbox.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, signRequest } from '../../functions/src/domain/request-signature.ts';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'setup-mail-')), scheduler: false });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

it('sends the test mail through the outbox and reports it sent', async () => {
  const body = JSON.stringify({
    version: 1,
    kind: 'setupCheck',
    eventId: randomUUID(),
    spreadsheetId: stack.spreadsheetId,
    sentAt: new Date().toISOString(),
    sendTestMailTo: 'li.na@demo.example',
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`${stack.url}/functions/sheetEdit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SIGNATURE_TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signRequest(stack.secret, timestamp, body) },
    body,
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ ok: true, mail: 'sent' });
  const mailbox = (await (await fetch(`${stack.url}/api/mail/mailbox?address=li.na%40demo.example`)).json()) as { messages: Array<{ subject: string; from: { address: string } }> };
  expect(mailbox.messages).toHaveLength(1);
  expect(mailbox.messages[0]!.from.address).toBe('notices@demo.example');
});

it('refuses an unsigned setup check', async () => {
  const response = await fetch(`${stack.url}/functions/sheetEdit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(response.status).toBe(401);
});
