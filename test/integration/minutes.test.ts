// Minutes end to end on the local stack (the local Apps Script, signed sheetEdit, the emulated Docs, Drive and
// Gmail, the minutesResponse page): "Finalize minutes" pressed by the recorder writes the document (read back
// with documents.get), shares it with exactly the attendees as commenters and mails each a PDF that parses and
// says the Chinese title; pressing again sends nothing; attendees confirm or object through their signed links;
// an objection reaches the recorder and the next press issues v2 with its change log; the tick confirms when
// the window closes and the confirmed lines are locked; a non-recorder is refused; the tick auto-finalizes
// minutes nobody finalized. The clock starts at WORKING_MORNING and moves only to pinned instants.
import type { docs_v1 } from '@googleapis/docs';
import { describe, expect, it } from 'vitest';
import { createDocumentClients } from '../../functions/src/adapters/google-docs.ts';
import { readPdfText } from '../support/pdf-text.ts';
import { WORKING_MORNING } from '../support/pinned-time.ts';
import {
  ATTENDANCE_TAB,
  HOST,
  MEETINGS_TAB,
  type MailboxMessage,
  RECORDER,
  cellAt,
  useLocalWorkbook,
} from './support/local-workbook.ts';

const MINUTES_TAB = '纪要';
const STAFF = 'zhao.lei@demo.example';
const REP = 'zhang.min@demo.example';

interface FinalizeAnswer {
  ok?: boolean;
  state?: 'issued' | 'unchanged' | 'reopened';
  version?: number;
  recipients?: number;
  queued?: number;
  documentUrl?: string;
  message?: { en: string; zh: string };
  error?: { code: string; en: string; zh: string };
}

/** Every text run of a document, tables included, in order. */
function documentText(document: docs_v1.Schema$Document): string {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) walk(item);
    else if (value && typeof value === 'object') {
      const run = (value as { textRun?: { content?: string } }).textRun;
      if (run?.content) out.push(run.content);
      for (const [key, child] of Object.entries(value)) if (key !== 'textRun') walk(child);
    }
  };
  walk(document.body?.content ?? []);
  return out.join('');
}

describe('minutes: finalize, distribute, confirm, object, v2, lock, auto-finalize', () => {
  const workbook = useLocalWorkbook('minutes');
  const { json, mailbox, readTab, setClock, tick, typeAdHocMeeting, typeRows } = workbook;
  const title = '渠道库存复盘会 Channel stock review';
  let meetingId = '';
  let meetingRow = 0;
  let lineRows: Array<Record<string, string>> = [];

  const finalize = async (editor: string, row = meetingRow) => {
    const response = await fetch(
      `${workbook.stack.url}/api/tabs/${encodeURIComponent(MEETINGS_TAB)}/finalize-minutes`,
      { method: 'POST', body: JSON.stringify({ row, editor }) },
    );
    return { status: response.status, body: (await response.json()) as FinalizeAnswer };
  };
  const minutesMails = async (address: string, forTitle = title) =>
    (await mailbox(address)).filter((m) => m.subject.includes('会议纪要待确认') && m.subject.includes(forTitle));
  const linkOf = (mail: MailboxMessage, answer: 'confirm' | 'object') => {
    const match = /https?:\/\/\S+\/functions\/minutesResponse\?t=[^\s&]+&answer=(confirm|object)/gu;
    const link = [...mail.text.matchAll(match)].find((m) => m[1] === answer)?.[0];
    expect(link, `a ${answer} link in "${mail.subject}"`).toBeDefined();
    return link!;
  };
  const tokenOf = (link: string) => new URL(link).searchParams.get('t')!;
  const post = async (token: string, fields: Record<string, string>) => {
    const response = await fetch(`${workbook.stack.url}/functions/minutesResponse`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: token, ...fields }).toString(),
    });
    return { status: response.status, html: await response.text() };
  };
  const minutesStatus = async () => cellAt((await readTab(MEETINGS_TAB)).values, meetingRow, '纪要状态');
  const docs = () => createDocumentClients({ rootUrl: workbook.stack.workspaceRootUrl });
  /** A press writes a document and exports its PDF (the emulator embeds a CJK font subset): seconds, not ms. */
  const SLOW = 120_000;

  it('a meeting held this morning, with its roster and the recorder’s minutes lines', async () => {
    setClock(WORKING_MORNING);
    meetingId = await typeAdHocMeeting(title, WORKING_MORNING.minus({ hours: 2 }), 60);
    const meetings = (await readTab(MEETINGS_TAB)).values;
    meetingRow = meetings.findIndex((r) => r[meetings[0]!.indexOf('编号')] === meetingId) + 1;
    await typeRows(ATTENDANCE_TAB, [
      { 会议: meetingId, 参会人: HOST, 会议角色: '主持人' },
      { 会议: meetingId, 参会人: RECORDER, 会议角色: '记录人' },
      { 会议: meetingId, 参会人: STAFF, 会议角色: '参会人' },
    ]);
    lineRows = await typeRows(
      MINUTES_TAB,
      [
        { 会议: meetingId, 类别: '讨论', 内容: '华南渠道库存偏高,两款产品超过 60 天' },
        { 会议: meetingId, 类别: '决议', 内容: '启动清库存促销' },
        { 会议: meetingId, 类别: '行动项', 内容: '制定促销方案', 负责人: STAFF, 截止日期: '2027-03-12' },
      ],
      RECORDER,
    );
    for (const line of lineRows) expect(line.状态, JSON.stringify(line)).toMatch(/^OK/u);
  });

  it('refuses a participant who is neither host nor recorder, and sends nothing', async () => {
    const { status, body } = await finalize(STAFF);
    expect(status).toBe(403);
    expect(body.error?.code).toBe('MINUTES_NOT_ALLOWED');
    expect(body.error?.zh).toContain('无权生成本次会议的纪要');
    expect(await minutesMails(STAFF)).toHaveLength(0);
  });

  it(
    'writes the document, shares it with the attendees as commenters and mails each the PDF',
    async () => {
      setClock(WORKING_MORNING.plus({ minutes: 10 }));
      const { status, body } = await finalize(RECORDER);
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({ state: 'issued', version: 1, recipients: 3, queued: 3 });
      expect(body.message?.zh).toContain('第 1 版');

      const documentId = /\/document\/d\/([^/]+)/u.exec(body.documentUrl!)![1]!;
      const document = (await docs().docs.documents.get({ documentId })).data;
      expect(document.title).toContain(`会议纪要:${title}(第 1 版)`);
      const text = documentText(document);
      for (const expected of [
        '出席情况',
        '李娜 Li Na',
        '赵磊 Zhao Lei',
        '华南渠道库存偏高',
        '启动清库存促销',
        '制定促销方案',
      ])
        expect(text).toContain(expected);
      const permissions = await docs().drive.permissions.list({
        fileId: documentId,
        fields: 'permissions(role,emailAddress)',
      });
      const commenters = (permissions.data.permissions ?? []).filter((p) => p.role === 'commenter');
      expect(commenters.map((p) => p.emailAddress).sort()).toEqual([HOST, RECORDER, STAFF].sort());

      for (const address of [HOST, RECORDER, STAFF]) {
        const mails = await minutesMails(address);
        expect(mails, address).toHaveLength(1);
        const pdf = mails[0]!.attachments.find((a) => a.contentType.startsWith('application/pdf'));
        expect(pdf, address).toBeDefined();
        if (address !== STAFF) continue;
        const bytes = await fetch(
          `${workbook.stack.url}/api/mail/messages/${encodeURIComponent(mails[0]!.id)}/attachments/${pdf!.index}`,
        ).then(async (r) => new Uint8Array(await r.arrayBuffer()));
        expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
        const read = await readPdfText(bytes);
        expect(read.compact).toContain('会议纪要');
        expect(read.compact).toContain('渠道库存复盘会');
      }
      expect(await minutesStatus()).toContain('已发送 v1');
    },
    SLOW,
  );

  it('pressed again by the host with nothing changed, writes and mails nothing new', async () => {
    const { body } = await finalize(HOST);
    expect(body).toMatchObject({ state: 'unchanged', version: 1, queued: 0 });
    for (const address of [HOST, RECORDER, STAFF]) expect(await minutesMails(address), address).toHaveLength(1);
  });

  it('the confirm link shows a page and records the confirmation; a tampered link changes nothing', async () => {
    const [mail] = await minutesMails(HOST);
    const link = linkOf(mail!, 'confirm');
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<form method="post">');
    expect(html).toContain(title.replace('&', '&amp;'));

    const token = tokenOf(link);
    const tampered = await post(`${token.slice(0, -3)}AAA`, { answer: 'confirm' });
    expect(tampered.status).toBe(403);
    expect(tampered.html).toContain('此链接无效');
    const confirmed = await post(token, { answer: 'confirm' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.html).toContain('您已确认');
  });

  it('an objection without a reason is asked again; with one it reaches the recorder', async () => {
    const [mail] = await minutesMails(STAFF);
    const token = tokenOf(linkOf(mail!, 'object'));
    const noReason = await post(token, { answer: 'object', reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain('textarea');
    const objected = await post(token, { answer: 'object', reason: '截止日期应为 3 月 15 日' });
    expect(objected.status).toBe(200);
    expect(objected.html).toContain('异议已转交记录人');
    const objections = (await mailbox(RECORDER)).filter((m) => m.subject.includes('会议纪要异议'));
    expect(objections).toHaveLength(1);
    expect(objections[0]!.text).toContain('截止日期应为 3 月 15 日');
    expect(objections[0]!.text).toContain(STAFF);
    expect(await minutesStatus()).toContain('有异议');
  });

  it(
    'the next press after the recorder’s correction issues v2 in the same document, with its change log',
    async () => {
      setClock(WORKING_MORNING.plus({ hours: 1 }));
      const lines = (await readTab(MINUTES_TAB)).values;
      const actionRow = lines.findIndex((r) => r[lines[0]!.indexOf('编号')] === lineRows[2]!.编号) + 1;
      await workbook.postEdit(MINUTES_TAB, {
        row: actionRow,
        column: lines[0]!.indexOf('截止日期') + 1,
        values: [['2027-03-15']],
        editor: RECORDER,
      });
      const { body } = await finalize(RECORDER);
      expect(body).toMatchObject({ state: 'issued', version: 2, recipients: 3, queued: 3 });
      const documentId = /\/document\/d\/([^/]+)/u.exec(body.documentUrl!)![1]!;
      const text = documentText((await docs().docs.documents.get({ documentId })).data);
      expect(text).toContain('本版修订记录');
      expect(text).toContain('2027-03-12');
      expect(text).toContain('2027-03-15');
      for (const address of [HOST, RECORDER, STAFF]) {
        const mails = await minutesMails(address);
        expect(mails.map((m) => m.subject.includes('第 2 版'))).toContain(true);
        expect(mails, address).toHaveLength(2);
      }
      // The same document: one minutes document for the meeting in Drive, its link unchanged.
      const [first] = await minutesMails(STAFF);
      expect(first!.text).toContain(documentId);
    },
    SLOW,
  );

  it(
    'the tick confirms v2 when its window closes with no open objection; its lines are then locked',
    async () => {
      // v2 went out at WORKING_MORNING + 1 h: its 24-hour window ends at + 25 h.
      setClock(WORKING_MORNING.plus({ hours: 24, minutes: 50 }));
      expect(JSON.stringify(await tick())).toContain('"confirmed":0');
      setClock(WORKING_MORNING.plus({ hours: 25, minutes: 30 }));
      const report = await tick();
      expect(JSON.stringify(report)).toContain('"confirmed":1');
      expect(await minutesStatus()).toContain('已确认 v2');

      const lines = (await readTab(MINUTES_TAB)).values;
      const decisionRow = lines.findIndex((r) => r[lines[0]!.indexOf('编号')] === lineRows[1]!.编号) + 1;
      const after = await workbook.postEdit(MINUTES_TAB, {
        row: decisionRow,
        column: lines[0]!.indexOf('内容') + 1,
        values: [['暂停促销']],
        editor: RECORDER,
      });
      expect(cellAt(after, decisionRow, '状态')).toContain('纪要已确认');
      // Pressing again opens v3 for changes; the line may then be edited.
      const reopened = await finalize(RECORDER);
      expect(reopened.body).toMatchObject({ state: 'reopened', version: 2 });
      const edited = await workbook.postEdit(MINUTES_TAB, {
        row: decisionRow,
        column: lines[0]!.indexOf('内容') + 1,
        values: [['暂停促销']],
        editor: RECORDER,
      });
      expect(cellAt(edited, decisionRow, '状态')).toMatch(/^OK/u);
    },
    SLOW,
  );

  it(
    'the tick finalizes the minutes of a meeting nobody finalized, 24 hours after it ended',
    async () => {
      const other = '区域经理碰头会 Regional managers sync';
      setClock(WORKING_MORNING.plus({ hours: 25, minutes: 40 }));
      const id = await typeAdHocMeeting(other, WORKING_MORNING.plus({ hours: 23 }), 30);
      await typeRows(ATTENDANCE_TAB, [{ 会议: id, 参会人: REP, 会议角色: '参会人' }]);
      await typeRows(MINUTES_TAB, [{ 会议: id, 类别: '决议', 内容: '下周提交区域计划' }], RECORDER);
      setClock(WORKING_MORNING.plus({ hours: 47, minutes: 20 }));
      await tick();
      expect(await minutesMails(REP, other)).toHaveLength(0);
      setClock(WORKING_MORNING.plus({ hours: 47, minutes: 35 }));
      await tick();
      expect(await minutesMails(REP, other)).toHaveLength(1);
      await tick();
      expect(await minutesMails(REP, other)).toHaveLength(1);
      await json('/healthz');
    },
    SLOW,
  );
});

// Found in use: a roster typed before the meeting has no results until the tick settles it (up to 15 minutes
// after the end); Finalize pressed in that gap wrote an attendance table without results.
describe('minutes finalized right after the meeting, before any tick', () => {
  const workbook = useLocalWorkbook('minutes-before-tick');
  const { readTab, setClock, typeAdHocMeeting, typeRows } = workbook;

  it('settles attendance first, so the document shows who was absent', async () => {
    setClock(WORKING_MORNING);
    const title = '季度预算会 Budget review';
    const meetingId = await typeAdHocMeeting(title, WORKING_MORNING.plus({ hours: 1 }), 60);
    await typeRows(ATTENDANCE_TAB, [
      { 会议: meetingId, 参会人: HOST, 会议角色: '主持人' },
      { 会议: meetingId, 参会人: RECORDER, 会议角色: '记录人' },
      { 会议: meetingId, 参会人: STAFF, 会议角色: '参会人' },
    ]);
    const attendance = (await readTab(ATTENDANCE_TAB)).values;
    const resultColumn = attendance[0]!.indexOf('出勤结果');
    const ofMeeting = attendance.filter((r) => r.includes(meetingId));
    expect(ofMeeting.map((r) => r[resultColumn] ?? '')).toEqual(['', '', '']);
    await typeRows(MINUTES_TAB, [{ 会议: meetingId, 类别: '决议', 内容: '预算维持不变' }], RECORDER);

    setClock(WORKING_MORNING.plus({ hours: 2, minutes: 5 }));
    const meetings = (await readTab(MEETINGS_TAB)).values;
    const row = meetings.findIndex((r) => r[meetings[0]!.indexOf('编号')] === meetingId) + 1;
    const response = await fetch(
      `${workbook.stack.url}/api/tabs/${encodeURIComponent(MEETINGS_TAB)}/finalize-minutes`,
      { method: 'POST', body: JSON.stringify({ row, editor: RECORDER }) },
    );
    const body = (await response.json()) as { documentUrl?: string };
    expect(response.status, JSON.stringify(body)).toBe(200);
    const documentId = /\/document\/d\/([^/]+)/u.exec(body.documentUrl!)![1]!;
    const docs = createDocumentClients({ rootUrl: workbook.stack.workspaceRootUrl });
    const text = documentText((await docs.docs.documents.get({ documentId })).data);
    // Nobody checked in: all three are absent, in the document and on the Attendance tab.
    expect(text.match(/缺席/gu)?.length ?? 0).toBe(3);
    const settled = (await readTab(ATTENDANCE_TAB)).values.filter((r) => r.includes(meetingId));
    expect(settled.map((r) => r[resultColumn])).toEqual(['缺席 absent', '缺席 absent', '缺席 absent']);
  }, 120_000);
});
