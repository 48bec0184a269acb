// The script's half of request hardening: its requests stay under the server's default body limit
// (MAX_REQUEST_BYTES), it sends the Google ID token only when the Script Property asks for it, and it shows the
// server's own reason for a 401 (an outdated secret, a missing token).
import { describe, expect, it } from 'vitest';
import { buildEditRequests } from '../../apps-script/src/edit-mapping.ts';
import { runSetupCheck, syncEditEvent } from '../../apps-script/src/sheet-adapter.ts';
import { MAX_COLUMNS, type EditRequest } from '../../functions/src/contract/edit-request.ts';
import { parseConfig } from '../../functions/src/config.ts';
import { errorResponse } from '../../functions/src/handlers/http-types.ts';
import { FakeSheet, acceptingServer, createFakeEnvironment, editEvent } from './support/fake-apps-script.ts';

const DEFAULT_LIMIT = parseConfig({ SHEET_EDIT_SECRET: 'any-secret-0123456789' }).maxRequestBytes;

function requests(rows: unknown[][], headerRow: string[]): EditRequest[] {
  let n = 0;
  const newEventId = () => {
    n += 1;
    return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  };
  return buildEditRequests({
    kind: 'resync',
    spreadsheetId: 'sheet_ABC-123',
    sheetName: 'Customers',
    editor: 'rep@example.com',
    timeZone: 'Asia/Shanghai',
    headerRow,
    firstRow: 2,
    rows,
    newEventId,
    now: new Date('2027-03-09T01:00:00Z'),
  });
}

const bytes = (request: EditRequest) => Buffer.byteLength(JSON.stringify(request), 'utf8');

describe('the requests the script builds fit the default MAX_REQUEST_BYTES', () => {
  // The longest header the server accepts, each header cell a long Chinese text (headers are not budgeted).
  const header = Array.from({ length: MAX_COLUMNS }, (_, i) => `客户档案备注栏目第${i}列说明文字补充信息字段`);

  it.each([
    // JSON writes a control character or a lone surrogate as \u0000: six bytes for one character, the most any
    // character costs, so this is the worst case of the script's character budget (TEXT_PER_REQUEST).
    { case: 'control characters', cell: '\u0001'.repeat(2_000), columns: 15 },
    { case: 'lone surrogates', cell: '\ud800'.repeat(2_000), columns: 15 },
    { case: 'Chinese text', cell: '客'.repeat(5_000), columns: 15 },
    { case: 'quotes and backslashes', cell: '"\\'.repeat(1_000), columns: 15 },
    // Numbers are budgeted at 8 characters; the longest a number prints is 24 (-1.2345678901234567e-300).
    { case: 'long numbers in every column', cell: -Number('1.2345678901234567e-300'), columns: MAX_COLUMNS },
  ])('$case: every part of a 3,000-row paste is under the limit', ({ cell, columns }) => {
    const rows = Array.from({ length: 3_000 }, () => Array.from({ length: columns }, () => cell));
    const parts = requests(rows, header.slice(0, Math.max(columns, 15)));
    expect(parts.length).toBeGreaterThan(1);
    const largest = Math.max(...parts.map(bytes));
    expect(largest).toBeLessThan(DEFAULT_LIMIT);
    // With room to spare: the worst case uses about two thirds of it.
    expect(largest).toBeLessThan(DEFAULT_LIMIT * 0.75);
  });

  it('a single row larger than the budget is sent alone (a row never splits); the server answers it with 413', () => {
    // 200 columns of 50,000 characters each (Sheets' cell maximum): only a machine makes such a row.
    const giant = Array.from({ length: MAX_COLUMNS }, () => '客'.repeat(50_000));
    const parts = requests([['', '', 'small row'], giant, ['', '', 'small row']], header);
    expect(parts.map((part) => part.rows.length)).toEqual([1, 1, 1]);
    expect(bytes(parts[1]!)).toBeGreaterThan(DEFAULT_LIMIT);
  });
});

const HEADER = ['ID', 'Status', 'Type', 'Title', 'Start', 'End'];
const sheet = () => new FakeSheet('Meetings', [HEADER, ['', '', 'weekly', 'A', '2026-11-28 14:00', '']]);

describe('the Google ID token (Script Property SHEET_EDIT_SEND_ID_TOKEN)', () => {
  it('is sent as Authorization: Bearer when the property is true', () => {
    const s = sheet();
    const env = createFakeEnvironment(s);
    env.properties.set('SHEET_EDIT_SEND_ID_TOKEN', 'true');
    env.identityToken = 'header.payload.signature';
    syncEditEvent(editEvent(s, 2, 2, 4, 4), env.services);
    expect(env.fetches[0]?.params.headers.Authorization).toBe('Bearer header.payload.signature');
  });

  it.each([
    { property: undefined, token: 'header.payload.signature' },
    { property: 'false', token: 'header.payload.signature' },
    // The openid scope not granted yet: no header, and the server's refusal says what to do.
    { property: 'true', token: null },
  ])('is not sent when the property is $property and the token $token', ({ property, token }) => {
    const s = sheet();
    const env = createFakeEnvironment(s);
    if (property !== undefined) env.properties.set('SHEET_EDIT_SEND_ID_TOKEN', property);
    env.identityToken = token;
    syncEditEvent(editEvent(s, 2, 2, 4, 4), env.services);
    expect(env.fetches).toHaveLength(1);
    expect(env.fetches[0]?.params.headers).not.toHaveProperty('Authorization');
  });

  it('the signature headers are sent alongside, unchanged', () => {
    const s = sheet();
    const env = createFakeEnvironment(s, acceptingServer);
    env.properties.set('SHEET_EDIT_SEND_ID_TOKEN', 'true');
    env.identityToken = 'header.payload.signature';
    const summary = syncEditEvent(editEvent(s, 2, 2, 4, 4), env.services);
    expect(summary?.failed).toBe(false);
  });
});

describe("the server's reason for a 401 is shown", () => {
  it.each(['SECRET_OUTDATED', 'ID_TOKEN_MISSING', 'ID_TOKEN_INVALID'] as const)('%s', (code) => {
    const s = sheet();
    const answer = errorResponse(401, code);
    const env = createFakeEnvironment(s, () => ({ code: 401, text: JSON.stringify(answer.body) }));
    syncEditEvent(editEvent(s, 2, 2, 4, 4), env.services);
    const { en, zh } = (answer.body as { error: { en: string; zh: string } }).error;
    expect(env.spreadsheet.toasts).toEqual([`HTTP 401: ${zh} / ${en}`]);
  });

  it('Check setup shows it too', () => {
    const s = sheet();
    const answer = errorResponse(401, 'SECRET_OUTDATED');
    const env = createFakeEnvironment(s, () => ({ code: 401, text: JSON.stringify(answer.body) }));
    expect(runSetupCheck(env.services)).toMatch(/旧密钥.*previous secret/su);
  });
});
