// The gate of sheetEdit before any record is touched: body size (413), the HMAC with a secret rotation window,
// and the optional Google ID token with the editor it names. The handler runs with plain objects for its ports;
// every refusal is checked to leave the store untouched and to answer in both languages.
import { randomUUID } from 'node:crypto';
import type { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { EDIT_REQUEST_VERSION, type EditRequest } from '../../functions/src/contract/edit-request.ts';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER } from '../../functions/src/contract/request-signature.ts';
import { type SigningSecrets, signRequest } from '../../functions/src/handlers/hmac-signature.ts';
import type { HttpInput } from '../../functions/src/handlers/http-types.ts';
import { type SheetEditDeps, handleSheetEdit } from '../../functions/src/handlers/sheet-edit.ts';
import { createLogger, createLogs } from '../../functions/src/logs.ts';
import type { IdTokenVerdict, IdTokenVerifier } from '../../functions/src/ports/identity-ports.ts';
import type { SheetEditStore } from '../../functions/src/ports/edit-ports.ts';
import { WORKING_MORNING } from '../support/pinned-time.ts';

const NOW = WORKING_MORNING;
const CURRENT = 'current-secret-0123456789abcdef';
const PREVIOUS = 'previous-secret-0123456789abcdef';
const SPREADSHEET = 'book_hardening';

interface Harness {
  deps: SheetEditDeps;
  /** Every store call, so a refusal can be shown to have touched nothing. */
  storeCalls: string[];
  /** Requests that reached the inbox, as the workflow received them. */
  recorded: EditRequest[];
  notices: { editor: string }[];
}

function harness(options: Partial<Pick<SheetEditDeps, 'secrets' | 'maxRequestBytes' | 'idTokens'>> = {}): Harness {
  const storeCalls: string[] = [];
  const recorded: EditRequest[] = [];
  const notices: { editor: string }[] = [];
  const store = new Proxy({} as SheetEditStore, {
    get:
      (_target, name: string) =>
      async (...args: unknown[]) => {
        storeCalls.push(name);
        if (name === 'workbookSettings') return { timeZone: 'Asia/Shanghai', language: 'mixed' };
        // Stop the workflow right after the inbox: what it was handed is what these tests are about.
        if (name === 'recordEdit') {
          recorded.push(args[0] as EditRequest);
          return 'replayed';
        }
        throw new Error(`unexpected store call ${name}`);
      },
  });
  const deps: SheetEditDeps = {
    store,
    rules: new Proxy({} as SheetEditDeps['rules'], {
      get: () => () => {
        throw new Error('rules must not be read');
      },
    }),
    logs: createLogs(createLogger('silent')),
    secrets: options.secrets ?? { current: CURRENT },
    windowSeconds: 300,
    maxRequestBytes: options.maxRequestBytes ?? 64 * 1024,
    idTokens: options.idTokens,
    reconcile: () => Promise.reject(new Error('reconcile is not part of these tests')),
    now: () => NOW,
    sendNotice: async (request) => {
      notices.push({ editor: request.editor });
      return { ok: false, status: 403, code: 'NOTICE_NOT_ALLOWED', params: { editor: request.editor } };
    },
  };
  return { deps, storeCalls, recorded, notices };
}

function editBody(editor = 'rep@example.com'): string {
  const request: EditRequest = {
    version: EDIT_REQUEST_VERSION,
    eventId: randomUUID(),
    spreadsheetId: SPREADSHEET,
    sheetName: '会议',
    editor,
    kind: 'edit',
    headerRow: ['编号', '状态', '会议主题'],
    rows: [{ row: 2, values: ['', '', 'Week 10'] }],
    sentAt: NOW.toUTC().toISO()!,
  };
  return JSON.stringify(request);
}

function noticeBody(editor: string): string {
  return JSON.stringify({
    version: EDIT_REQUEST_VERSION,
    kind: 'sendNotice',
    eventId: randomUUID(),
    spreadsheetId: SPREADSHEET,
    editor,
    meetingId: 'M-7K2Q9P4D',
    sentAt: NOW.toUTC().toISO(),
  });
}

function signed(body: string, secret = CURRENT, extra: Record<string, string> = {}, at: DateTime = NOW): HttpInput {
  const timestamp = Math.floor(at.toSeconds());
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      [SIGNATURE_HEADER.toLowerCase()]: signRequest(secret, timestamp, body),
      [SIGNATURE_TIMESTAMP_HEADER.toLowerCase()]: String(timestamp),
      ...extra,
    },
    rawBody: Buffer.from(body, 'utf8'),
  };
}

function errorOf(body: unknown): { code: string; en: string; zh: string } {
  return (body as { error: { code: string; en: string; zh: string } }).error;
}

describe('body size limit (MAX_REQUEST_BYTES)', () => {
  it('refuses a body over the limit with 413 before reading it: unsigned, not JSON, nothing stored', async () => {
    const h = harness({ maxRequestBytes: 64 * 1024 });
    const output = await handleSheetEdit(
      { method: 'POST', headers: {}, rawBody: Buffer.alloc(64 * 1024 + 1, 'x') },
      h.deps,
    );
    expect(output.status).toBe(413);
    const error = errorOf(output.body);
    expect(error.code).toBe('REQUEST_TOO_LARGE');
    expect(error.en).toContain('64 KB');
    expect(error.zh).toContain('64 KB');
    expect(error.zh).toMatch(/请求过大/u);
    expect(h.storeCalls).toEqual([]);
  });

  it('goes by the declared Content-Length too', async () => {
    const h = harness({ maxRequestBytes: 64 * 1024 });
    const input = signed(editBody());
    const output = await handleSheetEdit(
      { ...input, headers: { ...input.headers, 'content-length': String(10 * 1024 * 1024) } },
      h.deps,
    );
    expect(output.status).toBe(413);
    expect(h.storeCalls).toEqual([]);
  });

  it('a signed body of exactly the limit passes the size check', async () => {
    const body = editBody();
    const h = harness({ maxRequestBytes: Buffer.byteLength(body) });
    const output = await handleSheetEdit(signed(body), h.deps);
    expect(errorOf(output.body).code).toBe('EVENT_REPLAYED');
    expect(h.recorded).toHaveLength(1);
  });
});

describe('secret rotation: the previous secret is accepted until SHEET_EDIT_SECRET_PREVIOUS_UNTIL', () => {
  const rotating = (until: DateTime): SigningSecrets => ({
    current: CURRENT,
    previous: { secret: PREVIOUS, untilSeconds: until.toSeconds() },
  });

  it.each([
    { signedWith: 'current', until: NOW.plus({ days: 1 }), code: 'EVENT_REPLAYED' },
    { signedWith: 'previous', until: NOW.plus({ days: 1 }), code: 'EVENT_REPLAYED' },
    { signedWith: 'previous', until: NOW.plus({ seconds: 1 }), code: 'EVENT_REPLAYED' },
    { signedWith: 'previous', until: NOW, code: 'SECRET_OUTDATED' },
    { signedWith: 'previous', until: NOW.minus({ days: 1 }), code: 'SECRET_OUTDATED' },
    { signedWith: 'current', until: NOW.minus({ days: 1 }), code: 'EVENT_REPLAYED' },
    { signedWith: 'another', until: NOW.plus({ days: 1 }), code: 'SIGNATURE_INVALID' },
  ])('signed with the $signedWith secret, window ending $until → $code', async ({ signedWith, until, code }) => {
    const h = harness({ secrets: rotating(until) });
    const secret = { current: CURRENT, previous: PREVIOUS, another: 'another-secret-0123456789abcdef' }[signedWith]!;
    const output = await handleSheetEdit(signed(editBody(), secret), h.deps);
    expect(errorOf(output.body).code).toBe(code);
    // Refused signatures never reach the inbox; accepted ones do (and stop there, by the harness).
    expect(h.recorded).toHaveLength(code === 'EVENT_REPLAYED' ? 1 : 0);
  });

  it('after the window the old secret is told apart from a wrong one: the script is outdated', async () => {
    const h = harness({ secrets: rotating(NOW.minus({ minutes: 1 })) });
    const output = await handleSheetEdit(signed(editBody(), PREVIOUS), h.deps);
    expect(output.status).toBe(401);
    const error = errorOf(output.body);
    expect(error.en).toMatch(/previous secret.*no longer accepts.*SHEET_EDIT_SECRET/su);
    expect(error.zh).toMatch(/旧密钥.*SHEET_EDIT_SECRET/su);
  });

  it('without a rotation the previous secret is just a wrong one', async () => {
    const h = harness();
    const output = await handleSheetEdit(signed(editBody(), PREVIOUS), h.deps);
    expect(errorOf(output.body).code).toBe('SIGNATURE_INVALID');
  });
});

/** A verifier that accepts exactly one token, naming `email` (or none). */
function oneTokenVerifier(token: string, verdict: IdTokenVerdict): IdTokenVerifier & { seen: DateTime[] } {
  const seen: DateTime[] = [];
  return {
    seen,
    verify: async (received, now) => {
      seen.push(now);
      return received === token ? verdict : { ok: false, reason: 'SIGNATURE' };
    },
  };
}

describe('Google ID token (SHEET_EDIT_ID_TOKEN_AUDIENCE set)', () => {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('a request without a token is refused (401 ID_TOKEN_MISSING) and stores nothing', async () => {
    const h = harness({ idTokens: oneTokenVerifier('good', { ok: true, email: 'rep@example.com' }) });
    const output = await handleSheetEdit(signed(editBody()), h.deps);
    expect(output.status).toBe(401);
    expect(errorOf(output.body).code).toBe('ID_TOKEN_MISSING');
    expect(errorOf(output.body).en).toContain('SHEET_EDIT_SEND_ID_TOKEN');
    expect(h.recorded).toEqual([]);
  });

  it.each(['Bearer', 'Basic good', 'good', 'Bearer    '])('Authorization %j is no token', async (header) => {
    const h = harness({ idTokens: oneTokenVerifier('good', { ok: true }) });
    const output = await handleSheetEdit(signed(editBody(), CURRENT, { authorization: header }), h.deps);
    expect(errorOf(output.body).code).toBe('ID_TOKEN_MISSING');
  });

  it('a token the verifier refuses gets 401 ID_TOKEN_INVALID; the verifier is asked at the injected now', async () => {
    const verifier = oneTokenVerifier('good', { ok: true });
    const h = harness({ idTokens: verifier });
    const output = await handleSheetEdit(signed(editBody(), CURRENT, bearer('forged')), h.deps);
    expect(output.status).toBe(401);
    expect(errorOf(output.body).code).toBe('ID_TOKEN_INVALID');
    expect(verifier.seen.map((at) => at.toISO())).toEqual([NOW.toISO()]);
    expect(h.recorded).toEqual([]);
  });

  it('the HMAC is checked first: an unsigned request never costs a token verification', async () => {
    const verifier = oneTokenVerifier('good', { ok: true });
    const h = harness({ idTokens: verifier });
    const output = await handleSheetEdit(signed(editBody(), 'another-secret-0123456789abcdef', bearer('good')), h.deps);
    expect(errorOf(output.body).code).toBe('SIGNATURE_INVALID');
    expect(verifier.seen).toEqual([]);
  });

  it('Send notice now: the signed-in account is the editor when the sheet reports none', async () => {
    const h = harness({ idTokens: oneTokenVerifier('good', { ok: true, email: 'host@example.com' }) });
    await handleSheetEdit(signed(noticeBody(''), CURRENT, bearer('good')), h.deps);
    expect(h.notices).toEqual([{ editor: 'host@example.com' }]);
  });

  it('Send notice now: the same address in another case is the same person', async () => {
    const h = harness({ idTokens: oneTokenVerifier('good', { ok: true, email: 'Host@Example.com' }) });
    await handleSheetEdit(signed(noticeBody('host@example.com'), CURRENT, bearer('good')), h.deps);
    expect(h.notices).toEqual([{ editor: 'host@example.com' }]);
  });

  it('Send notice now: another reported address is refused (403 EDITOR_MISMATCH) and nothing is sent', async () => {
    const h = harness({ idTokens: oneTokenVerifier('good', { ok: true, email: 'intruder@example.com' }) });
    const output = await handleSheetEdit(signed(noticeBody('host@example.com'), CURRENT, bearer('good')), h.deps);
    expect(output.status).toBe(403);
    const error = errorOf(output.body);
    expect(error.code).toBe('EDITOR_MISMATCH');
    expect(error.zh).toMatch(/[\u4e00-\u9fff]/u);
    expect(h.notices).toEqual([]);
  });

  it('Check setup mails only the signed-in account', async () => {
    const h = harness({ idTokens: oneTokenVerifier('good', { ok: true, email: 'admin@example.com' }) });
    const body = (to: string) =>
      JSON.stringify({
        version: EDIT_REQUEST_VERSION,
        kind: 'setupCheck',
        eventId: randomUUID(),
        spreadsheetId: SPREADSHEET,
        sentAt: NOW.toUTC().toISO(),
        sendTestMailTo: to,
      });
    const other = await handleSheetEdit(signed(body('someone@example.com'), CURRENT, bearer('good')), h.deps);
    expect(errorOf(other.body).code).toBe('EDITOR_MISMATCH');
    const own = await handleSheetEdit(signed(body('admin@example.com'), CURRENT, bearer('good')), h.deps);
    expect(own).toEqual({ status: 200, body: { ok: true, mail: 'notConfigured' } });
  });

  it('edits: the installer’s token proves the script sent it; the editor stays as reported', async () => {
    // Installable triggers run as the account that installed them, so the token names the installer.
    const h = harness({ idTokens: oneTokenVerifier('good', { ok: true, email: 'installer@example.com' }) });
    await handleSheetEdit(signed(editBody('rep@example.com'), CURRENT, bearer('good')), h.deps);
    await handleSheetEdit(signed(editBody(''), CURRENT, bearer('good')), h.deps);
    expect(h.recorded.map((request) => request.editor)).toEqual(['rep@example.com', '']);
  });

  it('without SHEET_EDIT_ID_TOKEN_AUDIENCE no token is needed', async () => {
    const h = harness();
    const output = await handleSheetEdit(signed(editBody()), h.deps);
    expect(errorOf(output.body).code).toBe('EVENT_REPLAYED');
  });
});
