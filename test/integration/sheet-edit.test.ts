// The edit pipeline over HTTP: the real sheetEdit function (functions-framework test server, supertest)
// against the embedded Firestore emulator, with requests built by the Apps Script mapping module.
// The function reads the time through luxon (`DateTime.now()`, as in production); this file pins luxon's clock
// to NOW for its own process, and builds and signs every request at NOW too, so no answer depends on when the
// suite runs.
import { Firestore } from '@google-cloud/firestore';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { Settings } from 'luxon';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEditRequests } from '../../apps-script/src/edit-mapping.ts';
import type { EditRequest, EditResponse } from '../../functions/src/contract/edit-request.ts';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER } from '../../functions/src/contract/request-signature.ts';
import { signRequest } from '../../functions/src/handlers/hmac-signature.ts';
import { WORKING_MORNING } from '../support/pinned-time.ts';

const SECRET = 'integration-test-secret-0123456789';
const PROJECT = `sheet-edit-${randomUUID().slice(0, 8)}`;
const SPREADSHEET = `book_${randomUUID().slice(0, 8)}`;
/** The time of every request and of the function answering it (its clock stands still here). */
const NOW = WORKING_MORNING;
const NOW_SECONDS = Math.floor(NOW.toSeconds());
const luxonNow = Settings.now;

const MEETINGS_HEADER = ['ID', 'Status', 'Type', 'Title', 'Start', 'End', 'Venue', 'Host', 'Recorder'];
const PEOPLE_HEADER_ZH = ['编号', '状态', '邮箱', '姓名', '角色', '团队'];

let server: ReturnType<typeof getTestServer>;
let db: Firestore;

beforeAll(async () => {
  Settings.now = () => NOW.toMillis();
  process.env.SHEET_EDIT_SECRET = SECRET;
  process.env.GOOGLE_CLOUD_PROJECT = PROJECT;
  process.env.LOG_LEVEL = 'silent';
  await import('../../functions/src/index.ts');
  server = getTestServer('sheetEdit');
  db = new Firestore({ projectId: PROJECT });
});

afterAll(async () => {
  Settings.now = luxonNow;
  await db.terminate();
});

function editRequest(
  sheetName: string,
  headerRow: string[],
  rows: unknown[][],
  firstRow = 2,
  kind: EditRequest['kind'] = 'edit',
): EditRequest {
  const [built] = buildEditRequests({
    kind,
    spreadsheetId: SPREADSHEET,
    sheetName,
    editor: 'host@example.com',
    timeZone: 'Asia/Shanghai',
    headerRow,
    firstRow,
    rows,
    newEventId: randomUUID,
    now: NOW.toJSDate(),
  });
  return built!;
}

function post(body: string, options: { secret?: string; timestamp?: number } = {}) {
  const timestamp = options.timestamp ?? NOW_SECONDS;
  return request(server)
    .post('/')
    .set('Content-Type', 'application/json')
    .set(SIGNATURE_TIMESTAMP_HEADER, String(timestamp))
    .set(SIGNATURE_HEADER, signRequest(options.secret ?? SECRET, timestamp, body))
    .send(body);
}

async function meetingRecords() {
  const snap = await db.collection(`workbooks/${SPREADSHEET}/meetings`).get();
  return snap.docs.map((d) => d.data());
}

describe('sheetEdit over HTTP against the embedded Firestore', () => {
  it('stores a valid Meetings row as a canonical record and answers OK with a new ID', async () => {
    const body = JSON.stringify(
      editRequest('Meetings', MEETINGS_HEADER, [
        ['', '', 'weekly S&OP', 'Week 48 S&OP', '2026/11/30 09:00', '2026/11/30 10:30', 'Room 3'],
      ]),
    );
    const response = await post(body);
    expect(response.status).toBe(200);
    const answer = response.body as EditResponse;
    expect(answer.results).toHaveLength(1);
    expect(answer.results[0]!.status).toBe('OK');
    expect(answer.results[0]!.id).toMatch(/^M-[0-9A-Z]{8}$/);
    expect(answer.idColumn).toBe(1);
    expect(answer.statusColumn).toBe(2);

    const stored = await db.doc(`workbooks/${SPREADSHEET}/meetings/${answer.results[0]!.id}`).get();
    expect(stored.exists).toBe(true);
    expect(stored.get('data')).toMatchObject({
      type: 'weeklySop',
      title: 'Week 48 S&OP',
      start: '2026-11-30T09:00:00+08:00',
      venue: 'Room 3',
    });
    expect(stored.get('sheetRow')).toBe(2);
    // The meeting start is its due time, stored as a timestamp so the tick can range-query it.
    expect(stored.get('dueAt').toDate().toISOString()).toBe('2026-11-30T01:00:00.000Z');

    const event = JSON.parse(body) as EditRequest;
    const inbox = await db.doc(`workbooks/${SPREADSHEET}/edits/${event.eventId}`).get();
    expect(inbox.get('state')).toBe('applied');
    expect(inbox.get('rows')[0].values[3]).toBe('Week 48 S&OP');
  });

  it('answers an invalid row with a bilingual message and stores nothing', async () => {
    const before = await meetingRecords();
    const body = JSON.stringify(
      editRequest(
        'Meetings',
        MEETINGS_HEADER,
        [['', '', 'weekly S&OP', 'Bad times', '2026/12/01 10:00', '2026/12/01 09:00']],
        3,
      ),
    );
    const response = await post(body);
    expect(response.status).toBe(200);
    const result = (response.body as EditResponse).results[0]!;
    expect(result.id).toBeNull();
    expect(result.messages.map((m) => m.code)).toContain('END_NOT_AFTER_START');
    expect(result.status).toMatch(/[\u4e00-\u9fff]/u);
    expect(result.status).toMatch(/[A-Za-z]{3,}/u);
    expect(await meetingRecords()).toHaveLength(before.length);
    // The inbox keeps what the user typed, even though no record was made.
    const inbox = await db.doc(`workbooks/${SPREADSHEET}/edits/${(JSON.parse(body) as EditRequest).eventId}`).get();
    expect(inbox.get('rows')[0].values[3]).toBe('Bad times');
  });

  it('accepts People rows with Chinese headers and labels', async () => {
    const body = JSON.stringify(
      editRequest('人员', PEOPLE_HEADER_ZH, [['', '', 'Li.Na@Example.com', '李娜', '销售代表', '华东']]),
    );
    const response = await post(body);
    expect(response.status).toBe(200);
    const result = (response.body as EditResponse).results[0]!;
    expect(result.status).toBe('OK');
    const stored = await db.doc(`workbooks/${SPREADSHEET}/people/${result.id}`).get();
    expect(stored.get('data')).toMatchObject({ email: 'li.na@example.com', name: '李娜', role: 'rep', team: '华东' });
  });

  it('refuses a forged signature with 401 and stores nothing', async () => {
    const body = JSON.stringify(
      editRequest(
        'Meetings',
        MEETINGS_HEADER,
        [['', '', 'ad-hoc', 'Forged', '2026/12/02 09:00', '2026/12/02 10:00']],
        9,
      ),
    );
    const response = await post(body, { secret: 'someone-else-entirely-0000' });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('SIGNATURE_INVALID');
    expect(response.body.error.zh).toMatch(/签名/u);
    expect((await meetingRecords()).some((r) => r.data.title === 'Forged')).toBe(false);
    const inbox = await db.doc(`workbooks/${SPREADSHEET}/edits/${(JSON.parse(body) as EditRequest).eventId}`).get();
    expect(inbox.exists).toBe(false);
  });

  it('refuses a request signed more than five minutes ago', async () => {
    const body = JSON.stringify(
      editRequest(
        'Meetings',
        MEETINGS_HEADER,
        [['', '', 'ad-hoc', 'Stale', '2026/12/02 09:00', '2026/12/02 10:00']],
        9,
      ),
    );
    const response = await post(body, { timestamp: NOW_SECONDS - 301 });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('SIGNATURE_EXPIRED');
  });

  it('refuses a replayed event ID with 401', async () => {
    const body = JSON.stringify(
      editRequest(
        'Meetings',
        MEETINGS_HEADER,
        [['', '', 'ad-hoc', 'Replay me', '2026/12/03 09:00', '2026/12/03 10:00']],
        10,
      ),
    );
    expect((await post(body)).status).toBe(200);
    const replay = await post(body);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('EVENT_REPLAYED');
    expect((await meetingRecords()).filter((r) => r.data.title === 'Replay me')).toHaveLength(1);
  });

  it('sending the same rows twice (new event IDs, ID never written back) keeps one record', async () => {
    const row = ['', '', 'task force', 'Pricing task force', '2026/12/04 14:00', '2026/12/04 16:00'];
    const first = await post(JSON.stringify(editRequest('Meetings', MEETINGS_HEADER, [row], 11)));
    const second = await post(JSON.stringify(editRequest('Meetings', MEETINGS_HEADER, [row], 11)));
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const firstId = (first.body as EditResponse).results[0]!.id;
    expect((second.body as EditResponse).results[0]!.id).toBe(firstId);
    expect((await meetingRecords()).filter((r) => r.data.title === 'Pricing task force')).toHaveLength(1);
    // And with the ID written back, an identical row changes nothing (no new audit entry).
    const audits = async () =>
      (await db.collection(`workbooks/${SPREADSHEET}/audit`).where('recordId', '==', firstId).get()).size;
    const auditCount = await audits();
    const third = await post(
      JSON.stringify(editRequest('Meetings', MEETINGS_HEADER, [[firstId, 'OK', ...row.slice(2)]], 11)),
    );
    expect((third.body as EditResponse).results[0]!.id).toBe(firstId);
    expect(await audits()).toBe(auditCount);
  });

  it('an invalid edit of an existing row keeps the last valid record and the row ID', async () => {
    const created = await post(
      JSON.stringify(
        editRequest(
          'Meetings',
          MEETINGS_HEADER,
          [['', '', 'monthly review', 'November review', '2026/11/30 14:00', '2026/11/30 17:00']],
          12,
        ),
      ),
    );
    const id = (created.body as EditResponse).results[0]!.id!;
    const broken = await post(
      JSON.stringify(
        editRequest(
          'Meetings',
          MEETINGS_HEADER,
          [[id, 'OK', 'monthly review', 'November review', 'next Tuesday', '2026/11/30 17:00']],
          12,
        ),
      ),
    );
    const result = (broken.body as EditResponse).results[0]!;
    expect(result.id).toBe(id);
    expect(result.messages.map((m) => m.column)).toContain('start');
    const stored = await db.doc(`workbooks/${SPREADSHEET}/meetings/${id}`).get();
    expect(stored.get('data.start')).toBe('2026-11-30T14:00:00+08:00');
  });

  it('a resync without a row marks its record deleted (kept for audit)', async () => {
    const sheet = `book_${randomUUID().slice(0, 8)}`;
    const build = (rows: unknown[][], kind: EditRequest['kind']) => ({
      ...editRequest('Meetings', MEETINGS_HEADER, rows, 2, kind),
      spreadsheetId: sheet,
    });
    const rows = [
      ['', '', 'ad-hoc', 'Keep', '2026/12/05 09:00', '2026/12/05 10:00'],
      ['', '', 'ad-hoc', 'Drop', '2026/12/05 11:00', '2026/12/05 12:00'],
    ];
    const created = (await post(JSON.stringify(build(rows, 'edit')))).body as EditResponse;
    const [keepId, dropId] = created.results.map((r) => r.id!);
    const resync = await post(JSON.stringify(build([[keepId, 'OK', ...rows[0]!.slice(2)]], 'resync')));
    expect(resync.status).toBe(200);
    expect((await db.doc(`workbooks/${sheet}/meetings/${dropId}`).get()).get('deleted')).toBe(true);
    expect((await db.doc(`workbooks/${sheet}/meetings/${keepId}`).get()).get('deleted')).toBe(false);
  });

  it('Settings rows set the workbook reminder settings; a wrong value is refused next to its row', async () => {
    const header = ['编号', '状态', '设置项', '值', '说明'];
    const rows = [
      ['', '', '每日摘要时间', '7:30', ''],
      ['', '', '节假日', '2027年1月1日', '元旦'],
      ['', '', 'quiet hours start', '23:00', ''],
      ['', '', '免打扰结束', '25:61', ''],
    ];
    const response = await post(JSON.stringify(editRequest('设置', header, rows)));
    expect(response.status).toBe(200);
    const results = (response.body as EditResponse).results;
    expect(results.map((r) => r.status.startsWith('OK'))).toEqual([true, true, true, false]);
    expect(results[3]!.status).toContain('25:61');
    const workbook = await db.doc(`workbooks/${SPREADSHEET}`).get();
    expect(workbook.get('notifications')).toMatchObject({
      digestTime: '07:30',
      holidays: ['2027-01-01'],
      quietHours: { start: '23:00', end: '07:00' },
    });
  });

  it(
    'a Settings row deleted from the tab stops counting: ' +
      'the notice days and quiet hours fall back to the defaults',
    async () => {
      const sheet = `book_${randomUUID().slice(0, 8)}`;
      const header = ['编号', '状态', '设置项', '值', '说明'];
      const send = (rows: unknown[][], kind: EditRequest['kind']) =>
        post(JSON.stringify({ ...editRequest('设置', header, rows, 2, kind), spreadsheetId: sheet }));
      const typed = (
        await send(
          [
            ['', '', '会议通知提前天数', '销售商会议 10', ''],
            ['', '', '会议通知提前天数', '周例会 2', ''],
            ['', '', '免打扰开始', '21:00', ''],
          ],
          'edit',
        )
      ).body as EditResponse;
      const notifications = async () => (await db.doc(`workbooks/${sheet}`).get()).get('notifications');
      expect(await notifications()).toMatchObject({
        noticeDaysBefore: { dealerConference: 10, weeklySop: 2 },
        quietHours: { start: '21:00' },
      });

      // The user deletes the dealer-conference row and the quiet-hours row; the resync carries what is left.
      const [, weekly] = typed.results.map((r) => r.id!);
      await send([[weekly, 'OK', '会议通知提前天数', '周例会 2', '']], 'resync');
      const after = await notifications();
      expect(after.noticeDaysBefore).toEqual({ weeklySop: 2 });
      expect(after.quietHours.start).toBe('22:00');
    },
  );

  it('answers a malformed body with 400 and a bilingual reason', async () => {
    const response = await post(JSON.stringify({ version: 2, kind: 'edit', rows: 'nope' }));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('REQUEST_INVALID');
    expect(response.body.error.zh.length).toBeGreaterThan(0);
  });

  it('refuses a request of the previous version, telling the user in both languages to update the script', async () => {
    const current = editRequest('Meetings', MEETINGS_HEADER, [
      ['', '', 'ad-hoc', 'Old script', '2026/12/05 09:00', '2026/12/05 10:00'],
    ]);
    const before = (await meetingRecords()).length;
    const response = await post(JSON.stringify({ ...current, version: 1 }));
    expect(response.status).toBe(426);
    expect(response.body.error.code).toBe('SCRIPT_OUTDATED');
    expect(response.body.error.en).toMatch(/out of date.*script version 1.*expects 2.*update the Apps Script/u);
    expect(response.body.error.zh).toMatch(/脚本版本过旧.*更新 Apps Script/u);
    expect((await meetingRecords()).length).toBe(before);
  });

  it('answers with the exact cells to write: ID and Status where this header has them, nothing else', async () => {
    const header = ['会议主题', '状态', '会议类型', '开始时间', '结束时间', '编号', 'My notes'];
    const row = ['Cells answer', 'typed over', 'ad-hoc', '2026/12/07 09:00', '2026/12/07 10:00', '', 'mine'];
    const response = await post(JSON.stringify(editRequest('Meetings', header, [row], 4)));
    expect(response.status).toBe(200);
    const [result] = (response.body as EditResponse).results;
    expect(result?.id).toMatch(/^M/u);
    // "OK", then the note about the column the schema does not know (which is never written to).
    expect(result?.status).toMatch(/^OK\n/u);
    expect(result?.cells).toEqual([
      { column: 2, value: result?.status },
      { column: 6, value: result?.id },
    ]);
  });

  it('refuses edits to the system-built Summary tab', async () => {
    const body = JSON.stringify({
      ...editRequest('Meetings', MEETINGS_HEADER, [['', '', 'ad-hoc', 'x', '2026/12/05 09:00', '2026/12/05 10:00']]),
      sheetName: 'Summary',
    });
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('TAB_READ_ONLY');
  });
});
