// Request hardening on the local stack, over HTTP: its body reader stops keeping bytes at the same
// MAX_REQUEST_BYTES the function is configured with, and answers the same bilingual 413 (not a reset
// connection, not a 500); the next request on the same stack is served as usual.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDIT_REQUEST_VERSION } from '../../functions/src/contract/edit-request.ts';
import type { LocalStack } from '../../local/stack.ts';
import { signedHeaders, startPinnedStack } from '../support/pinned-time.ts';

const LIMIT = 64 * 1024;
let stack: LocalStack;

beforeAll(async () => {
  stack = await startPinnedStack('request-hardening', { maxRequestBytes: LIMIT });
}, 60_000);

afterAll(async () => {
  await stack.stop();
});

function setupCheck(padding = ''): string {
  return JSON.stringify({
    version: EDIT_REQUEST_VERSION,
    kind: 'setupCheck',
    eventId: randomUUID(),
    spreadsheetId: stack.spreadsheetId,
    sentAt: stack.clock.now().toUTC().toISO(),
    ...(padding ? { padding } : {}),
  });
}

async function post(path: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`${stack.url}${path}`, { method: 'POST', headers, body });
  return {
    status: response.status,
    body: (await response.json()) as { error?: { code: string; en: string; zh: string } },
  };
}

describe('body size limit on the local stack', () => {
  it('a signed request over MAX_REQUEST_BYTES gets 413 REQUEST_TOO_LARGE in both languages', async () => {
    const body = setupCheck('x'.repeat(LIMIT));
    const answer = await post('/functions/sheetEdit', body, signedHeaders(stack, body));
    expect(answer.status).toBe(413);
    expect(answer.body.error?.code).toBe('REQUEST_TOO_LARGE');
    expect(answer.body.error?.en).toContain('64 KB');
    expect(answer.body.error?.zh).toMatch(/请求过大/u);
  });

  it('a body sent without a length (chunked) is cut off the same way', async () => {
    const chunks = [Buffer.alloc(LIMIT / 2, 'x'), Buffer.alloc(LIMIT / 2, 'x'), Buffer.alloc(16, 'x')];
    const stream = new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await fetch(`${stack.url}/functions/sheetEdit`, {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('the web grid’s own API has the same limit', async () => {
    const body = JSON.stringify({ row: 2, column: 3, values: [['x'.repeat(LIMIT)]] });
    const answer = await post(`/api/tabs/${encodeURIComponent('会议')}/edit`, body, {
      'content-type': 'application/json',
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error?.code).toBe('REQUEST_TOO_LARGE');
  });

  it('a request under the limit is served as usual afterwards', async () => {
    const body = setupCheck();
    const answer = await post('/functions/sheetEdit', body, signedHeaders(stack, body));
    expect(answer).toEqual({ status: 200, body: { ok: true } });
  });
});
