// Logs carry event and workbook IDs, counts and codes, and no personal data: a sheetEdit with a phone number, an
// e-mail address, a name and distinctive typed text goes through the real handler (Firestore emulator), with the
// logger writing into this test, and no log line may contain any of them, while the IDs must be there.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDIT_REQUEST_VERSION, type EditRequest } from '../../functions/src/contract/edit-request.ts';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER } from '../../functions/src/contract/request-signature.ts';
import { type Clients, type FunctionSet, createClients, createFunctions } from '../../functions/src/composition.ts';
import { parseConfig } from '../../functions/src/config.ts';
import { signRequest } from '../../functions/src/handlers/hmac-signature.ts';
import { describeError, scrubPersonalData } from '../../functions/src/logs.ts';
import { WORKING_MORNING } from '../support/pinned-time.ts';

const NOW = WORKING_MORNING;
const SECRET = 'logs-personal-data-secret-0123456789';
const SPREADSHEET = `book_logs_${randomUUID().slice(0, 8)}`;

// What must never reach a log line.
const PHONE = '13812345678';
const EDITOR = 'rep.private@example.org';
const PERSON_EMAIL = 'zhang.wei.private@example.org';
const PERSON_NAME = '张伟独特姓名';
const CUSTOMER_NAME = '王秀英客户甲';
const TYPED = 'Distinctive typed text 独特文字 Q7XZ';
const BAD_EMAIL = 'not-an-email Q7XZ-bad';
const PERSONAL = [PHONE, '+8613812345678', '138 1234 5678', EDITOR, PERSON_EMAIL, PERSON_NAME, CUSTOMER_NAME, TYPED];

const lines: string[] = [];
let clients: Clients;
let functions: FunctionSet;

beforeAll(() => {
  const config = parseConfig({
    SHEET_EDIT_SECRET: SECRET,
    GOOGLE_CLOUD_PROJECT: `logs-${randomUUID().slice(0, 8)}`,
    LOG_LEVEL: 'debug',
  });
  const capture = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  clients = createClients(config, () => NOW);
  functions = createFunctions(config, clients, () => NOW, { logDestination: capture });
});

afterAll(async () => {
  await clients.firestore.terminate();
});

async function post(body: string): Promise<{ status: number; body: unknown }> {
  const timestamp = Math.floor(NOW.toSeconds());
  return functions.sheetEdit({
    method: 'POST',
    headers: {
      [SIGNATURE_HEADER.toLowerCase()]: signRequest(SECRET, timestamp, body),
      [SIGNATURE_TIMESTAMP_HEADER.toLowerCase()]: String(timestamp),
    },
    rawBody: Buffer.from(body, 'utf8'),
  });
}

function edit(sheetName: string, headerRow: string[], rows: unknown[][]): EditRequest {
  return {
    version: EDIT_REQUEST_VERSION,
    eventId: randomUUID(),
    spreadsheetId: SPREADSHEET,
    sheetName,
    editor: EDITOR,
    kind: 'edit',
    headerRow,
    rows: rows.map((values, index) => ({ row: index + 2, values: values as EditRequest['rows'][number]['values'] })),
    timeZone: 'Asia/Shanghai',
    sentAt: NOW.toUTC().toISO()!,
  };
}

describe('log lines carry IDs, counts and codes only', () => {
  const eventIds: string[] = [];

  beforeAll(async () => {
    const people = edit(
      '人员',
      ['编号', '状态', '邮箱', '姓名', '角色', '团队'],
      [
        [null, null, PERSON_EMAIL, PERSON_NAME, '销售代表', TYPED],
        [null, null, BAD_EMAIL, PERSON_NAME, '销售代表', null],
      ],
    );
    const customers = edit(
      '客户档案',
      ['编号', '状态', '客户姓名', '电话', '收集人', '活动'],
      [[null, null, CUSTOMER_NAME, PHONE, PERSON_EMAIL, TYPED]],
    );
    for (const request of [people, customers]) {
      eventIds.push(request.eventId);
      expect((await post(JSON.stringify(request))).status).toBe(200);
    }
    // Refused by the schema: the value that failed is in the body, and must not be in the log.
    const malformed = { ...edit('人员', ['编号', '邮箱'], []), rows: [{ row: `${TYPED} ${PHONE}`, values: [] }] };
    expect((await post(JSON.stringify(malformed))).status).toBe(400);
    // "Send notice now" by a named person (no mailbox here, so it is refused, and logged with its outcome).
    const notice = {
      version: EDIT_REQUEST_VERSION,
      kind: 'sendNotice',
      eventId: randomUUID(),
      spreadsheetId: SPREADSHEET,
      editor: EDITOR,
      meetingId: 'M-7K2Q9P4D',
      sentAt: NOW.toUTC().toISO(),
    };
    eventIds.push(notice.eventId);
    await post(JSON.stringify(notice));
    // A replayed event is refused and logged too.
    await post(JSON.stringify(people));
  });

  it('the handler logged the work', () => {
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it.each(PERSONAL)('no line contains %j', (personal) => {
    const offending = lines.filter((line) => line.includes(personal));
    expect(offending).toEqual([]);
  });

  it('no line contains the typed text of a refused cell or a malformed request', () => {
    expect(lines.filter((line) => line.includes('Q7XZ'))).toEqual([]);
  });

  it('the event and workbook IDs are there', () => {
    const text = lines.join('\n');
    for (const eventId of eventIds) expect(text).toContain(eventId);
    expect(lines.filter((line) => line.includes(SPREADSHEET)).length).toBeGreaterThanOrEqual(3);
  });
});

describe('error texts from libraries are scrubbed before they are logged', () => {
  it.each([
    ['Invalid To header: li.na@demo.example', 'Invalid To header: <email>'],
    ['recipient <Wang.Xiu@sub.example.com.cn> rejected', 'recipient <<email>> rejected'],
    ['phone +86 138-1234-5678 is busy', 'phone <number> is busy'],
    ['landline (010) 1234 5678', 'landline <number>'],
    ['id 110101199003071234 mismatch', 'id <number> mismatch'],
    ['timeout after 30000 ms on port 8080 in 2027', 'timeout after 30000 ms on port 8080 in 2027'],
    ['meeting at 2027-03-09 09:00 overlaps', 'meeting at 2027-03-09 09:00 overlaps'],
  ])('%j → %j', (text, scrubbed) => {
    expect(scrubPersonalData(text)).toBe(scrubbed);
  });

  it('an error keeps its kind, code and stack frames, not its unscrubbed first line', () => {
    const error = Object.assign(new Error(`document rejected: ${PERSON_EMAIL} ${PHONE}`), { code: 3 });
    const described = describeError(error);
    expect(described).toMatchObject({ error: 'Error: document rejected: <email> <number>', errorCode: 3 });
    expect(JSON.stringify(described)).not.toContain(PERSON_EMAIL);
    expect(JSON.stringify(described)).not.toContain(PHONE);
    expect(String(described.stack)).toMatch(/logs-personal-data\.test\.ts/u);
  });
});
