// The sheet menu's "Send notice now" pressed through the local stack (the local Apps Script, signed sheetEdit,
// the emulated Gmail): the notice and its invitation at once, nothing twice, a newcomer on the roster, the
// scheduled notice day sending nothing again, the rows it refuses to act on; who may press it, replayed event
// IDs, the inbox and audit trail, and a roster bigger than one request sends. Each describe has its own
// workbook, with the stack clock at WORKING_MORNING and moved only to pinned instants. (The workflow's time
// budget and concurrency are covered in send-notice-now.test.ts.)
import { randomUUID } from 'node:crypto';
import type { Firestore } from '@google-cloud/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKING_MORNING, signedHeaders } from '../support/pinned-time.ts';
import {
  ADMIN,
  ATTENDANCE_TAB,
  HOST,
  MEETINGS_TAB,
  OUTBOX_TAB,
  PEOPLE_TAB,
  RECORDER,
  VENUE,
  stackFirestore,
  useLocalWorkbook,
  wallTime,
} from './support/local-workbook.ts';

interface Answer {
  ok?: boolean;
  recipients?: number;
  queued?: number;
  sent?: number;
  later?: number;
  replayed?: boolean;
  message?: { en: string; zh: string };
  error?: { code: string; en: string; zh: string };
}

describe('"Send notice now" from the sheet menu', () => {
  const workbook = useLocalWorkbook('notice-now-menu');
  const { mailbox, parseInvite, readTab, setClock, tick, typeRow, typeRows } = workbook;
  const title = '月度总结会(提前通知) Monthly review, noticed early';
  /** Friday 2027-03-19 14:00, ten days after WORKING_MORNING; a monthly review is noticed 3 days before. */
  const meetingStart = WORKING_MORNING.plus({ days: 10 }).set({ hour: 14, minute: 0 });
  let row: number;
  const sendNotice = async (tab: string, selectedRow: number) => {
    const response = await fetch(`${workbook.stack.url}/api/tabs/${encodeURIComponent(tab)}/send-notice`, {
      method: 'POST',
      body: JSON.stringify({ row: selectedRow, editor: HOST }),
    });
    return { status: response.status, body: (await response.json()) as Answer };
  };
  const notices = async (address: string) =>
    (await mailbox(address)).filter((m) => m.subject.includes(title) && m.subject.includes('会议通知'));

  it('sends the notice with its invitation at once, ten days ahead, and says so in both languages', async () => {
    setClock(WORKING_MORNING);
    row = (await readTab(MEETINGS_TAB)).values.length + 1;
    const values = await typeRow(MEETINGS_TAB, row, {
      会议类型: '月度总结会',
      会议主题: title,
      开始时间: wallTime(meetingStart),
      结束时间: wallTime(meetingStart.plus({ hours: 2 })),
      地点: VENUE,
      主持人: HOST,
      记录人: RECORDER,
    });
    const id = values[row - 1]![values[0]!.indexOf('编号')]!;
    expect(id).toMatch(/^M-/u);

    const { status, body } = await sendNotice(MEETINGS_TAB, row);
    expect(status).toBe(200);
    expect(body).toMatchObject({ recipients: 2, queued: 2, sent: 2 });
    expect(body.message!.zh).toContain(title);
    expect(body.message!.en).toContain('sent to 2 of 2');
    // The Outbox tab shows them at once, without waiting for a tick.
    const [outboxHeader, ...outboxRows] = (await readTab(OUTBOX_TAB)).values;
    const shown = outboxRows.filter((r) => String(r[outboxHeader!.indexOf('主题')] ?? '').includes(title));
    expect(shown.map((r) => r[outboxHeader!.indexOf('收件人')]).sort()).toEqual([HOST, RECORDER].sort());
    for (const address of [HOST, RECORDER]) {
      const mails = await notices(address);
      expect(mails, address).toHaveLength(1);
      const invite = await parseInvite(mails[0]!);
      expect(invite.method).toBe('REQUEST');
      expect(invite.sequence).toBe(0);
      expect(invite.uid).toContain(id);
      expect(invite.startMillis).toBe(meetingStart.toMillis());
    }
  });

  it('pressed again sends nothing twice; someone added to the roster since gets it', async () => {
    // The same morning, half an hour later.
    setClock(WORKING_MORNING.plus({ minutes: 30 }));
    const again = await sendNotice(MEETINGS_TAB, row);
    expect(again.body).toMatchObject({ recipients: 2, queued: 0 });
    expect(again.body.message!.en).toContain('already has the current notice');
    for (const address of [HOST, RECORDER]) expect(await notices(address), address).toHaveLength(1);

    const meetings = (await readTab(MEETINGS_TAB)).values;
    const id = meetings[row - 1]![meetings[0]!.indexOf('编号')]!;
    await typeRows(ATTENDANCE_TAB, [
      { 会议: id, 参会人: HOST, 会议角色: '主持人' },
      { 会议: id, 参会人: RECORDER, 会议角色: '记录人' },
      { 会议: id, 参会人: 'zhao.lei@demo.example', 会议角色: '参会人' },
    ]);
    const withNewcomer = await sendNotice(MEETINGS_TAB, row);
    expect(withNewcomer.body, JSON.stringify(withNewcomer.body)).toMatchObject({ recipients: 3, queued: 1, sent: 1 });
    expect(await notices('zhao.lei@demo.example')).toHaveLength(1);
    for (const address of [HOST, RECORDER]) expect(await notices(address), address).toHaveLength(1);
  });

  it('the scheduled notice day later sends nothing again', async () => {
    // A monthly review is noticed 3 days before at 08:00 (on a working day); tick through that week
    // (Monday 2027-03-15 to Thursday 2027-03-18, 08:30).
    for (let day = 4; day >= 1; day -= 1) {
      setClock(meetingStart.minus({ days: day }).set({ hour: 8, minute: 30 }));
      await tick();
    }
    for (const address of [HOST, RECORDER, 'zhao.lei@demo.example']) {
      expect(await notices(address), address).toHaveLength(1);
    }
  });

  it(
    'explains, without sending anything, a row of another tab, a row without an ID, and a meeting that has ' +
      'started',
    async () => {
      // Thursday 2027-03-18 11:00, the morning after the ticks above.
      const now = meetingStart.minus({ days: 1 }).set({ hour: 11, minute: 0 });
      setClock(now);
      const otherTab = await sendNotice(ATTENDANCE_TAB, 2);
      expect(otherTab.status).toBe(400);
      expect(otherTab.body.error!.code).toBe('NOTICE_NOT_MEETINGS_TAB');
      expect(otherTab.body.error!.zh).toContain('会议');

      const header = (await readTab(MEETINGS_TAB)).values[0]!;
      const isBroken = (r: string[]) => String(r[header.indexOf('会议主题')]).includes('end before start');
      const brokenRow = header.indexOf('编号') >= 0 ? (await readTab(MEETINGS_TAB)).values.findIndex(isBroken) + 1 : 0;
      expect(brokenRow).toBeGreaterThan(1);
      const noId = await sendNotice(MEETINGS_TAB, brokenRow);
      expect(noId.body.error!.code).toBe('NOTICE_NO_MEETING_ROW');

      const past = now.minus({ hours: 2 });
      const [started] = await typeRows(MEETINGS_TAB, [
        {
          会议类型: '临时会议',
          会议主题: 'Started already',
          开始时间: wallTime(past),
          结束时间: wallTime(past.plus({ hours: 4 })),
          主持人: HOST,
        },
      ]);
      const meetings = (await readTab(MEETINGS_TAB)).values;
      const startedRow = meetings.findIndex((r) => r[header.indexOf('编号')] === started!.编号) + 1;
      const refused = await sendNotice(MEETINGS_TAB, startedRow);
      expect(refused.status).toBe(409);
      expect(refused.body.error!.code).toBe('NOTICE_MEETING_STARTED');
      expect((await mailbox(HOST)).filter((m) => m.subject.includes('Started already'))).toHaveLength(0);
    },
  );
});

describe('"Send notice now": who may press it, one-time event IDs, the audit trail and a big roster', () => {
  // Its own workbook and meetings, twelve days after WORKING_MORNING; each test presses at its own instant of
  // that morning.
  const workbook = useLocalWorkbook('notice-now-permissions');
  const { mailbox, postEdit, readTab, setClock, tick, typeRow } = workbook;
  const MANAGER = 'wang.wei@demo.example'; // Li Na's manager on the People tab
  const REP = 'zhang.min@demo.example'; // a sales rep with nothing to do with these meetings
  const STAFF = 'zhao.lei@demo.example';
  let db: Firestore;

  beforeAll(() => {
    db = stackFirestore(workbook.stack);
  });

  afterAll(async () => {
    await db?.terminate();
  });

  /** Types a meeting Li Na hosts and Chen Jing records, twelve days ahead; answers its ID and sheet row. */
  async function typeMeeting(title: string): Promise<{ id: string; row: number }> {
    const at = WORKING_MORNING.plus({ days: 12 }).set({ hour: 15, minute: 0 });
    const row = (await readTab(MEETINGS_TAB)).values.length + 1;
    const values = await typeRow(MEETINGS_TAB, row, {
      会议类型: '专题会',
      会议主题: title,
      开始时间: wallTime(at),
      结束时间: wallTime(at.plus({ hours: 1 })),
      地点: VENUE,
      主持人: HOST,
      记录人: RECORDER,
    });
    const header = values[0]!;
    expect(values[row - 1]![header.indexOf('状态')]).toMatch(/^OK/u);
    return { id: values[row - 1]![header.indexOf('编号')]!, row };
  }

  /** The menu item pressed on `row` of the Meetings tab by `editor`, through the local Apps Script. */
  async function pressAs(editor: string, row: number): Promise<{ status: number; body: Answer }> {
    const response = await fetch(`${workbook.stack.url}/api/tabs/${encodeURIComponent(MEETINGS_TAB)}/send-notice`, {
      method: 'POST',
      body: JSON.stringify({ row, editor }),
    });
    return { status: response.status, body: (await response.json()) as Answer };
  }

  /** Posts a signed sendNotice body to sheetEdit as Apps Script would (a fresh signature, by the stack clock). */
  async function postSigned(body: string): Promise<{ status: number; body: Answer }> {
    const response = await fetch(`${workbook.stack.url}/functions/sheetEdit`, {
      method: 'POST',
      headers: signedHeaders(workbook.stack, body),
      body,
    });
    return { status: response.status, body: (await response.json()) as Answer };
  }

  const noticeRequest = (meetingId: string, editor: string) =>
    JSON.stringify({
      version: 2,
      kind: 'sendNotice',
      eventId: randomUUID(),
      spreadsheetId: workbook.stack.spreadsheetId,
      editor,
      meetingId,
      sentAt: workbook.now().toISO(),
    });
  const noticesOf = async (address: string, title: string) =>
    (await mailbox(address)).filter((m) => m.subject.includes(title) && m.subject.includes('会议通知'));
  const auditOf = async (eventId: string) => {
    const audit = db.collection(`workbooks/${workbook.stack.spreadsheetId}/audit`);
    return (await audit.where('eventId', '==', eventId).get()).docs.map((d) => d.data());
  };

  it(
    "refuses anyone but the host, the recorder, the host's manager and an admin, and an editor nobody could " +
      'name; nothing is sent until one of them presses it',
    async () => {
      setClock(WORKING_MORNING);
      const title = '权限检查 Who may send the notice';
      const { row } = await typeMeeting(title);

      for (const editor of [REP, STAFF]) {
        const refused = await pressAs(editor, row);
        expect(refused.status, editor).toBe(403);
        expect(refused.body.error!.code).toBe('NOTICE_NOT_ALLOWED');
        expect(refused.body.error!.en).toContain(editor);
        expect(refused.body.error!.en).toContain(HOST);
        expect(refused.body.error!.en).toContain(MANAGER);
        expect(refused.body.error!.zh).toContain('无权发送');
      }
      const nobody = await pressAs('', row);
      expect(nobody.status).toBe(403);
      expect(nobody.body.error!.code).toBe('NOTICE_EDITOR_UNKNOWN');
      expect(nobody.body.error!.en).toContain('could not tell who you are');
      expect(nobody.body.error!.zh).toContain('无法识别您的身份');
      for (const address of [HOST, RECORDER]) expect(await noticesOf(address, title), address).toHaveLength(0);
      const [outboxHeader, ...outboxRows] = (await readTab(OUTBOX_TAB)).values;
      expect(outboxRows.filter((r) => String(r[outboxHeader!.indexOf('主题')] ?? '').includes(title))).toHaveLength(0);

      // The host's manager, named on the People tab, may; so may the recorder, an admin and the host.
      const byManager = await pressAs('Wang.Wei@Demo.Example', row);
      expect(byManager.status).toBe(200);
      expect(byManager.body).toMatchObject({ recipients: 2, queued: 2, sent: 2, later: 0 });
      for (const editor of ['CHEN.JING@demo.example', ADMIN, HOST]) {
        const again = await pressAs(editor, row);
        expect(again.status, editor).toBe(200);
        expect(again.body.message!.en).toContain('already has the current notice');
      }
      for (const address of [HOST, RECORDER]) expect(await noticesOf(address, title), address).toHaveLength(1);
    },
  );

  it(
    'a replayed event ID gets the first answer back and sends nothing again; the request is in the edits inbox ' +
      'and the audit names who sent it',
    async () => {
      setClock(WORKING_MORNING.plus({ minutes: 30 }));
      const title = '重放检查 Replayed request';
      const { id } = await typeMeeting(title);
      const body = noticeRequest(id, HOST);
      const eventId = (JSON.parse(body) as { eventId: string }).eventId;

      const first = await postSigned(body);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ recipients: 2, queued: 2, sent: 2 });
      expect(first.body.replayed).toBeUndefined();
      const replay = await postSigned(body);
      expect(replay.status).toBe(200);
      expect(replay.body).toMatchObject({
        recipients: 2,
        queued: 2,
        sent: 2,
        replayed: true,
        message: first.body.message,
      });
      for (const address of [HOST, RECORDER]) expect(await noticesOf(address, title), address).toHaveLength(1);

      const inbox = await db.doc(`workbooks/${workbook.stack.spreadsheetId}/edits/${eventId}`).get();
      expect(inbox.data()).toMatchObject({ kind: 'sendNotice', editor: HOST, meetingId: id, state: 'applied' });
      const audit = await auditOf(eventId);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actor: HOST,
        action: 'sendNotice',
        collection: 'meetings',
        recordId: id,
        eventId,
        detail: { as: 'host', recipients: 2, queued: 2, sent: 2, later: 0 },
      });

      // A refusal is recorded too (and replays as the same refusal), but leaves no audit entry; nor does a press
      // that had nothing left to send.
      const refusedBody = noticeRequest(id, REP);
      const refusedId = (JSON.parse(refusedBody) as { eventId: string }).eventId;
      expect((await postSigned(refusedBody)).status).toBe(403);
      const refusedAgain = await postSigned(refusedBody);
      expect(refusedAgain.status).toBe(403);
      expect(refusedAgain.body.error!.code).toBe('NOTICE_NOT_ALLOWED');
      const refusedEdit = await db.doc(`workbooks/${workbook.stack.spreadsheetId}/edits/${refusedId}`).get();
      expect(refusedEdit.data()).toMatchObject({ kind: 'sendNotice', state: 'failed', error: 'NOTICE_NOT_ALLOWED' });
      expect(await auditOf(refusedId)).toHaveLength(0);
      const nothingNewBody = noticeRequest(id, HOST);
      expect((await postSigned(nothingNewBody)).body).toMatchObject({ queued: 0, sent: 0 });
      expect(await auditOf((JSON.parse(nothingNewBody) as { eventId: string }).eventId)).toHaveLength(0);
    },
  );

  it(
    'a roster of 30 gets 25 notices inside the request and the other 5 from the next tick; the answer says so ' +
      'in both languages',
    async () => {
      setClock(WORKING_MORNING.plus({ hours: 1 }));
      const title = '大名单 Big roster';
      const { id, row } = await typeMeeting(title);
      const guests = Array.from({ length: 28 }, (_, i) => `guest${String(i + 1).padStart(2, '0')}@demo.example`);
      // Pasted as one block on each tab, as a user would paste a list.
      const paste = async (tab: string, rows: Array<Record<string, string>>) => {
        const header = (await readTab(tab)).values[0]!;
        const first = (await readTab(tab)).values.length + 1;
        const block = rows.map((cells) => header.map((name) => cells[name] ?? ''));
        const values = await postEdit(tab, { row: first, column: 1, values: block });
        for (let r = first; r < first + rows.length; r++) {
          expect(values[r - 1]![header.indexOf('状态')], `${tab} row ${r}`).toMatch(/^OK/u);
        }
      };
      const guestRows = guests.map((email, i) => ({
        邮箱: email,
        姓名: `嘉宾 Guest ${i + 1}`,
        角色: '员工',
        在职: '是',
      }));
      await paste(PEOPLE_TAB, guestRows);
      await paste(
        ATTENDANCE_TAB,
        [HOST, RECORDER, ...guests].map((person) => ({ 会议: id, 参会人: person })),
      );

      const pressed = await pressAs(HOST, row);
      expect(pressed.status, JSON.stringify(pressed.body)).toBe(200);
      expect(pressed.body, JSON.stringify(pressed.body)).toMatchObject({
        recipients: 30,
        queued: 30,
        sent: 25,
        later: 5,
      });
      expect(pressed.body.message!.en).toContain('sent to 25 of 30 people now');
      expect(pressed.body.message!.en).toContain('5 more go out with the next scheduled run');
      expect(pressed.body.message!.zh).toContain('已发给 30 人中的 25 人');
      expect(pressed.body.message!.zh).toContain('其余 5 人的通知将在下一次定时发送时发出');
      const everyone = [HOST, RECORDER, ...guests];
      const counts = async () => Promise.all(everyone.map(async (address) => (await noticesOf(address, title)).length));
      expect((await counts()).filter((n) => n === 1)).toHaveLength(25);
      expect((await counts()).filter((n) => n > 1)).toHaveLength(0);

      await tick();
      expect(await counts()).toEqual(everyone.map(() => 1));
      const again = await pressAs(HOST, row);
      expect(again.body).toMatchObject({ recipients: 30, queued: 0, sent: 0, later: 0 });
      expect(again.body.message!.en).toContain('already has the current notice');
    },
  );
});
