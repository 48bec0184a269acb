// MAX_REQUEST_BYTES holds behind the functions-framework too. The framework reads every body itself before
// calling us (body-parser, its limit fixed at '1024mb'); the sheetEdit handler then refuses an oversized one with
// 413 before any signature or parse of ours. A small signed request still passes byte for byte (the HMAC is over
// the raw body the framework keeps).
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { Settings } from 'luxon';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDIT_REQUEST_VERSION } from '../../functions/src/contract/edit-request.ts';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER } from '../../functions/src/contract/request-signature.ts';
import { signRequest } from '../../functions/src/handlers/hmac-signature.ts';
import { WORKING_MORNING } from '../support/pinned-time.ts';

const SECRET = 'index-test-secret-0123456789';
const LIMIT = 64 * 1024;
const NOW = WORKING_MORNING;
const luxonNow = Settings.now;

let server: ReturnType<typeof getTestServer>;

beforeAll(async () => {
  // Production reads luxon's clock; here it stands at NOW, so nothing depends on when the suite runs.
  Settings.now = () => NOW.toMillis();
  process.env.SHEET_EDIT_SECRET = SECRET;
  process.env.GOOGLE_CLOUD_PROJECT = `index-${randomUUID().slice(0, 8)}`;
  process.env.LOG_LEVEL = 'silent';
  process.env.MAX_REQUEST_BYTES = String(LIMIT);
  await import('../../functions/src/index.ts');
  server = getTestServer('sheetEdit');
});

afterAll(() => {
  Settings.now = luxonNow;
});

function signedPost(body: string) {
  const timestamp = Math.floor(NOW.toSeconds());
  return request(server)
    .post('/')
    .set('content-type', 'application/json')
    .set(SIGNATURE_HEADER, signRequest(SECRET, timestamp, body))
    .set(SIGNATURE_TIMESTAMP_HEADER, String(timestamp))
    .send(body);
}

describe('sheetEdit behind the functions-framework', () => {
  it('a signed body over MAX_REQUEST_BYTES gets 413 REQUEST_TOO_LARGE in both languages', async () => {
    const body = JSON.stringify({
      version: EDIT_REQUEST_VERSION,
      kind: 'setupCheck',
      eventId: randomUUID(),
      spreadsheetId: 'book_index',
      sentAt: NOW.toUTC().toISO(),
      padding: 'x'.repeat(LIMIT),
    });
    const response = await signedPost(body);
    expect(response.status).toBe(413);
    expect(response.body.error).toMatchObject({ code: 'REQUEST_TOO_LARGE' });
    expect(response.body.error.en).toContain('64 KB');
    expect(response.body.error.zh).toMatch(/请求过大/u);
  });

  it('any content type counts: a text/plain body over the limit too', async () => {
    const response = await request(server)
      .post('/')
      .set('content-type', 'text/plain')
      .send('x'.repeat(LIMIT + 1));
    expect(response.status).toBe(413);
  });

  it('a signed request under the limit passes, its raw bytes intact for the HMAC', async () => {
    const body = JSON.stringify({
      version: EDIT_REQUEST_VERSION,
      kind: 'setupCheck',
      eventId: randomUUID(),
      spreadsheetId: 'book_index',
      sentAt: NOW.toUTC().toISO(),
    });
    const response = await signedPost(body);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
  });
});
