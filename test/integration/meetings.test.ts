// Meetings, agendas, attendance and notices end to end, through the local stack: rows typed into the sheet
// (real Apps Script mapping + signed sheetEdit) and checked against other tabs; a weekly series creating its
// next meetings in the tick (a deleted week, generated or typed by hand, stays deleted; a refused generated row
// gets its review item and roster once the user fixes it; a tick that stalled past its lease writes nothing
// twice); and, with a moved clock, the mail the tick leaves in the emulated Gmail: the
// notice with a parseable .ics invitation, the updated notice after a venue change, the material reminder to a
// presenter without a material link, one "starts soon" mail per attendee, and the cancellation.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirestoreDueItems } from '../../functions/src/adapters/firestore-due-items.ts';
import { FirestoreMeetings } from '../../functions/src/adapters/firestore-meetings.ts';
import { FirestoreOutbox } from '../../functions/src/adapters/firestore-outbox.ts';
import { FirestoreSeries } from '../../functions/src/adapters/firestore-series.ts';
import { GmailMailer, createGmailClient } from '../../functions/src/adapters/gmail.ts';
import { FirestoreSheetEditStore } from '../../functions/src/adapters/firestore-sheet-edits.ts';
import { SheetsAdapter, createSheetsClient } from '../../functions/src/adapters/sheets.ts';
import { parseNotificationSettings } from '../../functions/src/domain/notification-settings.ts';
import { DEFAULT_DELIVERY_POLICY } from '../../functions/src/domain/outbox-policy.ts';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, signRequest } from '../../functions/src/domain/request-signature.ts';
import { createLogger, createLogs } from '../../functions/src/logs.ts';
import { applyCrossRecordRules } from '../../functions/src/workflows/cross-record-rules.ts';
import { type SeriesDeps, runSeriesGeneration } from '../../functions/src/workflows/generate-series.ts';
import { type TickDeps, tickWorkbook } from '../../functions/src/workflows/run-tick.ts';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';

const ZONE = 'Asia/Shanghai';
const MEETINGS_TAB = '会议';
const AGENDA_TAB = '议程';
const ATTENDANCE_TAB = '签到';
const TITLE = '华南销售商会议 South China dealer conference';
const HOST = 'li.na@demo.example';
const RECORDER = 'chen.jing@demo.example';
const VENUE = '广州白云国际会议中心 Guangzhou Baiyun Convention Center';
const NEW_VENUE = '深圳会展中心 Shenzhen Convention Center';
const TOPIC = '华南区季度销量复盘 Q4 sales review';
// Settings of the demo workbook: these days are off, so the notice day must not be one of them.
const HOLIDAYS = new Set(['2027-01-01', '2027-02-06']);

interface MailboxMessage {
  id: string;
  date: string;
  subject: string;
  text: string;
  html: string | null;
  attachments: Array<{ filename: string; contentType: string; size: number; index: number }>;
}

let stack: LocalStack;
let start: DateTime;
let meetingId: string;

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${stack.url}${path}`, init);
  expect(response.ok, `${path} answered ${response.status}: ${response.ok ? '' : await response.clone().text()}`).toBe(true);
  return (await response.json()) as T;
}

async function setClock(target: DateTime): Promise<void> {
  const { now } = await json<{ now: string }>('/api/clock');
  const minutes = Math.ceil(target.diff(DateTime.fromISO(now)).as('minutes'));
  await json('/api/clock', { method: 'POST', body: JSON.stringify({ advanceMinutes: Math.max(0, minutes) }) });
}

const tick = () => json<{ workbooks: Array<{ enqueued: number; error?: string; delivery: { sent: number; failed: number } }> }>('/functions/tick', { method: 'POST' });
const mailbox = async (address: string) => (await json<{ messages: MailboxMessage[] }>(`/api/mail/mailbox?address=${encodeURIComponent(address)}`)).messages;
const ours = async (address: string) => (await mailbox(address)).filter((m) => m.subject.includes(TITLE) || m.subject.includes(TOPIC));
const readTab = (title: string) => json<{ values: string[][] }>(`/api/tabs/${encodeURIComponent(title)}`);

/**
 * The local Apps Script signs its requests with the machine's time, and sheetEdit refuses requests more than
 * five minutes from its (moved) clock; so the clock goes back to real time for an edit, and the next
 * setClock moves it forward again.
 */
async function postEdit(title: string, body: object): Promise<string[][]> {
  await json('/api/clock', { method: 'POST', body: JSON.stringify({ reset: true }) });
  const outcome = await json<{ values: string[][] }>(`/api/tabs/${encodeURIComponent(title)}/edit`, { method: 'POST', body: JSON.stringify({ editor: 'admin@demo.example', ...body }) });
  return outcome.values;
}

const wallTime = (t: DateTime) => t.setZone(ZONE).toFormat('yyyy/MM/dd HH:mm');

/** Types a whole row under the tab's headers (any order), as a user would. */
async function typeRow(title: string, row: number, cells: Record<string, string>, editor?: string): Promise<string[][]> {
  const header = (await readTab(title)).values[0]!;
  const values = header.map((name) => cells[name] ?? '');
  for (const name of Object.keys(cells)) expect(header, `header ${name} on ${title}`).toContain(name);
  return postEdit(title, { row, column: 1, values: [values], ...(editor ? { editor } : {}) });
}

/** Types rows one below the other from the first empty row; answers each row's cells by header name. */
async function typeRows(title: string, rows: Array<Record<string, string>>, editor?: string): Promise<Array<Record<string, string>>> {
  const first = (await readTab(title)).values.length + 1;
  let values: string[][] = [];
  for (const [i, cells] of rows.entries()) values = await typeRow(title, first + i, cells, editor);
  const header = values[0]!;
  return rows.map((_, i) => Object.fromEntries(header.map((name, c) => [name, String(values[first + i - 1]?.[c] ?? '')])));
}

async function typeCell(title: string, row: number, headerName: string, value: string): Promise<string[][]> {
  const header = (await readTab(title)).values[0]!;
  const column = header.indexOf(headerName) + 1;
  expect(column).toBeGreaterThan(0);
  return postEdit(title, { row, column, values: [[value]] });
}

/** Types an ad-hoc meeting (HOST hosts, RECORDER records, at VENUE) below the last row; answers its ID. */
async function typeAdHocMeeting(title: string, at: DateTime, minutes: number): Promise<string> {
  const [saved] = await typeRows(MEETINGS_TAB, [
    { 会议类型: '临时会议', 会议主题: title, 开始时间: wallTime(at), 结束时间: wallTime(at.plus({ minutes })), 地点: VENUE, 主持人: HOST, 记录人: RECORDER },
  ]);
  expect(saved!.状态).toMatch(/^OK/u);
  return saved!.编号!;
}

/** Fetches the message's .ics attachment and parses it with ical.js (VTIMEZONEs registered). */
async function parseInvite(message: MailboxMessage) {
  const attachment = message.attachments.find((a) => a.contentType.startsWith('text/calendar') || a.filename.endsWith('.ics'));
  expect(attachment, `an .ics on "${message.subject}"`).toBeDefined();
  const response = await fetch(`${stack.url}/api/mail/messages/${encodeURIComponent(message.id)}/attachments/${attachment!.index}`);
  expect(response.ok).toBe(true);
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const event = calendar.getFirstSubcomponent('vevent')!;
  const dtstart = event.getFirstProperty('dtstart')!;
  const startTime = dtstart.getFirstValue() as ICAL.Time;
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: String(event.getFirstPropertyValue('uid')),
    sequence: Number(event.getFirstPropertyValue('sequence')),
    tzid: dtstart.getParameter('tzid'),
    wallStart: startTime.toString(),
    startMillis: startTime.toUnixTime() * 1000,
    location: event.getFirstPropertyValue('location'),
    summary: event.getFirstPropertyValue('summary'),
    attendees: event.getAllProperties('attendee').map((p) => String(p.getFirstValue()).replace(/^mailto:/iu, '').toLowerCase()),
  };
}

/** The first day at least ten days ahead whose notice day (7 days before) is a working day. */
function conferenceDay(now: DateTime): DateTime {
  let day = now.setZone(ZONE).startOf('day').plus({ days: 10 });
  for (;;) {
    const noticeDay = day.minus({ days: 7 });
    if (noticeDay.weekday <= 5 && !HOLIDAYS.has(noticeDay.toISODate()!)) return day;
    day = day.plus({ days: 1 });
  }
}

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'meetings-')), scheduler: false });
  const { now } = await json<{ now: string }>('/api/clock');
  start = conferenceDay(DateTime.fromISO(now)).set({ hour: 10, minute: 0 });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe('rows checked against other tabs, typed into the sheet', () => {
  it('checks a meeting against People and its type: unknown host refused, dealer conference needs venue and budget, over budget saved with a warning', async () => {
    const day = DateTime.now().setZone(ZONE).plus({ days: 20 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
    const [ghost, dealer, overBudget] = await typeRows(MEETINGS_TAB, [
      { 会议类型: '临时会议', 会议主题: 'Ghost host', 开始时间: wallTime(day), 结束时间: wallTime(day.plus({ hours: 1 })), 主持人: 'ghost@example.com' },
      { 会议类型: '销售商会议', 会议主题: 'Dealer without venue', 开始时间: wallTime(day), 结束时间: wallTime(day.plus({ hours: 8 })), 主持人: HOST },
      { 会议类型: '专题会', 会议主题: 'Over budget', 开始时间: wallTime(day), 结束时间: wallTime(day.plus({ hours: 1 })), 主持人: 'Li.Na@demo.example', 预算: '1000', 实际费用: '1200' },
    ]);
    expect(ghost!.编号).toBe('');
    expect(ghost!.状态).toContain('ghost@example.com');
    expect(ghost!.状态).toContain('找不到');
    expect(dealer!.编号).toBe('');
    expect(dealer!.状态).toMatch(/地点|Venue/u);
    expect(dealer!.状态).toMatch(/预算|Budget/u);
    expect(overBudget!.编号).toMatch(/^M-/u);
    expect(overBudget!.状态).toMatch(/^OK/u);
    expect(overBudget!.状态).toContain('超出预算');
    expect(overBudget!.状态).toContain('over the budget');
  });

  it('checks agenda rows against their meeting: unknown meeting, overrun saved with a warning, material due after the start refused', async () => {
    const day = DateTime.now().setZone(ZONE).plus({ days: 21 }).set({ hour: 14, minute: 0, second: 0, millisecond: 0 });
    const [meeting] = await typeRows(MEETINGS_TAB, [{ 会议类型: '专题会', 会议主题: 'One-hour review', 开始时间: wallTime(day), 结束时间: wallTime(day.plus({ hours: 1 })), 主持人: HOST }]);
    const id = meeting!.编号!;
    expect(id).toMatch(/^M-/u);
    const [numbers, plan, late, orphan] = await typeRows(AGENDA_TAB, [
      { 会议: id, 序号: '1', 议题: 'Numbers', '时长（分钟）': '40', 材料截止时间: wallTime(day.minus({ hours: 2 })) },
      { 会议: id, 序号: '2', 议题: 'Plan', '时长（分钟）': '30' },
      { 会议: id, 序号: '3', 议题: 'Late deck', '时长（分钟）': '5', 材料截止时间: wallTime(day.plus({ hours: 2 })) },
      { 会议: 'M-NOSUCH00', 序号: '1', 议题: 'Orphan' },
    ]);
    // The overrun shows on the row whose save made it overrun; the first row was within time then.
    expect(numbers!.编号).toMatch(/^AG-/u);
    expect(plan!.编号).toMatch(/^AG-/u);
    expect(plan!.状态).toMatch(/^OK/u);
    expect(plan!.状态).toContain('超过会议时长 60 分钟');
    expect(late!.编号).toBe('');
    expect(late!.状态).toContain('晚于会议开始时间');
    expect(orphan!.编号).toBe('');
    expect(orphan!.状态).toContain('M-NOSUCH00');
  });

  it('computes the Result of attendance rows and refuses leave without a substitute or approved by the wrong person', async () => {
    const now = DateTime.now().setZone(ZONE).startOf('minute');
    const past = now.minus({ hours: 3 });
    const soon = now.plus({ days: 2 });
    const [pastMeeting, soonMeeting] = await typeRows(MEETINGS_TAB, [
      { 会议类型: '临时会议', 会议主题: 'Three hours ago', 开始时间: wallTime(past), 结束时间: wallTime(past.plus({ hours: 1 })), 主持人: 'wang.wei@demo.example' },
      { 会议类型: '临时会议', 会议主题: 'In two days', 开始时间: wallTime(soon), 结束时间: wallTime(soon.plus({ hours: 1 })), 主持人: 'wang.wei@demo.example' },
    ]);
    const [onTime, late, absent, onLeave, noSubstitute] = await typeRows(ATTENDANCE_TAB, [
      { 会议: pastMeeting!.编号!, 参会人: 'li.na@demo.example', 签到时间: wallTime(past.plus({ minutes: 2 })), 签退时间: wallTime(past.plus({ hours: 1 })) },
      { 会议: pastMeeting!.编号!, 参会人: 'zhang.min@demo.example', 签到时间: wallTime(past.plus({ minutes: 20 })) },
      { 会议: pastMeeting!.编号!, 参会人: 'chen.jing@demo.example' },
      { 会议: soonMeeting!.编号!, 参会人: 'zhang.min@demo.example', 申请请假: '是', 请假已批准: '是', 代理人: 'chen.jing@demo.example' },
      { 会议: soonMeeting!.编号!, 参会人: 'chen.jing@demo.example', 申请请假: '是' },
    ], 'wang.wei@demo.example');
    expect(onTime!.出勤结果).toBe('准时 on time');
    expect(late!.出勤结果).toBe('迟到 late');
    expect(absent!.出勤结果).toBe('缺席 absent');
    expect(onLeave!.出勤结果).toMatch(/^请假/u);
    expect(onLeave!.编号).toMatch(/^AT-/u);
    expect(noSubstitute!.编号).toBe('');
    expect(noSubstitute!.状态).toContain('请假须安排他人代为参会');

    // li.na is neither the host nor zhao.lei's manager: her approval is refused and nothing is saved.
    const [wrongApprover] = await typeRows(ATTENDANCE_TAB, [{ 会议: soonMeeting!.编号!, 参会人: 'zhao.lei@demo.example', 申请请假: '是', 请假已批准: '是', 代理人: 'li.na@demo.example' }], 'li.na@demo.example');
    expect(wrongApprover!.编号).toBe('');
    expect(wrongApprover!.状态).toContain('无权批准');
  });

  it('takes the late grace from the Settings tab', async () => {
    const past = DateTime.now().setZone(ZONE).startOf('minute').minus({ hours: 5 });
    const [meeting] = await typeRows(MEETINGS_TAB, [{ 会议类型: '临时会议', 会议主题: 'Grace check', 开始时间: wallTime(past), 结束时间: wallTime(past.plus({ hours: 1 })), 主持人: 'wang.wei@demo.example' }]);
    const arrive = (person: string) => ({ 会议: meeting!.编号!, 参会人: person, 签到时间: wallTime(past.plus({ minutes: 12 })) });
    const [withDefault] = await typeRows(ATTENDANCE_TAB, [arrive('li.na@demo.example')]);
    expect(withDefault!.出勤结果).toBe('迟到 late');

    const settingRow = (await readTab('设置')).values.length + 1;
    const saved = await typeRow('设置', settingRow, { 设置项: '迟到宽限分钟', 值: '15' });
    expect(saved[settingRow - 1]![saved[0]!.indexOf('状态')]).toMatch(/^OK/u);
    const [withGrace] = await typeRows(ATTENDANCE_TAB, [arrive('zhang.min@demo.example')]);
    expect(withGrace!.出勤结果).toBe('准时 on time');
    // Back to the default for the tests that follow.
    await typeCell('设置', settingRow, '值', '5');
  });
});

describe('a meeting series creates its next occurrences in the tick', () => {
  const SERIES = 'SOP-WEEKLY';
  const ROSTER: Array<[string, string]> = [
    ['wang.wei@demo.example', '主持人'],
    ['zhao.lei@demo.example', '记录人'],
    ['li.na@demo.example', '汇报人'],
    ['chen.jing@demo.example', '参会人'],
  ];
  let templateId: string;
  let generatedIds: string[];

  const column = (header: string[], name: string) => {
    const index = header.indexOf(name);
    expect(index, name).toBeGreaterThanOrEqual(0);
    return index;
  };
  /** What the tick gives series generation, over these adapters (tests wrap the Sheets one to inject faults). */
  const seriesDeps = (db: Firestore, adapter: SheetsAdapter, editor = 'notices@demo.example'): SeriesDeps => ({
    store: new FirestoreSheetEditStore(db, { timeZone: ZONE, language: 'zh' }),
    logs: createLogs(createLogger('silent')),
    applyCrossRecordRules: (spreadsheetId, plan, edit) => applyCrossRecordRules(db, spreadsheetId, plan, edit),
    series: new FirestoreSeries(db),
    sheets: adapter,
    editor,
  });
  const seriesRows = async () => {
    const [header, ...rows] = (await readTab(MEETINGS_TAB)).values;
    return { header: header!, rows: rows.filter((r) => r[column(header!, '系列')] === SERIES) };
  };

  it('writes the next weeks as Meetings rows with the review item and the roster, each saved as a record', async () => {
    await json('/api/clock', { method: 'POST', body: JSON.stringify({ reset: true }) });
    const { header, rows } = await seriesRows();
    const template = rows.find((r) => String(r[column(header, '重复规则')]).trim() !== '')!;
    templateId = template[column(header, '编号')]!;
    expect(templateId).toMatch(/^M-/u);
    const templateStart = DateTime.fromFormat(String(template[column(header, '开始时间')]), 'yyyy/MM/dd HH:mm', { zone: ZONE });
    expect(templateStart.isValid).toBe(true);

    // The demo workbook gives the template its roster; every occurrence gets the same one.
    const [attendanceHeader0, ...attendanceRows0] = (await readTab(ATTENDANCE_TAB)).values;
    const templateRoster = attendanceRows0
      .filter((r) => r[column(attendanceHeader0!, '会议')] === templateId)
      .map((r) => [r[column(attendanceHeader0!, '参会人')], r[column(attendanceHeader0!, '会议角色')]]);
    expect(templateRoster).toEqual(ROSTER);

    const report = await json<{ workbooks: Array<{ error?: string; series?: { claimed: number; meetingsWritten: number } }> }>('/functions/tick', { method: 'POST' });
    expect(report.workbooks[0]!.error).toBeUndefined();
    const { now } = await json<{ now: string }>('/api/clock');
    const horizon = DateTime.fromISO(now).plus({ weeks: 4 });
    const expected: string[] = [];
    for (let k = 1; templateStart.plus({ weeks: k }) < horizon; k += 1) expected.push(templateStart.plus({ weeks: k }).toFormat('yyyy-MM-dd HH:mm'));
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(report.workbooks[0]!.series).toMatchObject({ claimed: expected.length, meetingsWritten: expected.length });

    const after = await seriesRows();
    const generated = after.rows.filter((r) => r[column(header, '编号')] !== templateId);
    expect(generated.map((r) => r[column(header, '开始时间')])).toEqual(expected);
    for (const row of generated) {
      expect(row[column(header, '状态')]).toMatch(/^OK/u);
      expect(row[column(header, '编号')]).toMatch(/^M-/u);
      expect(String(row[column(header, '重复规则')] ?? '')).toBe('');
      expect(row[column(header, '会议主题')]).toBe(template[column(header, '会议主题')]);
      expect(row[column(header, '地点')]).toBe(template[column(header, '地点')]);
      expect(row[column(header, '主持人')]).toBe('wang.wei@demo.example');
      expect(String(row[column(header, '结束时间')]).endsWith('10:30')).toBe(true);
    }
    generatedIds = generated.map((r) => r[column(header, '编号')]!);

    const [agendaHeader, ...agendaRows] = (await readTab(AGENDA_TAB)).values;
    const [attendanceHeader, ...attendanceRows] = (await readTab(ATTENDANCE_TAB)).values;
    for (const id of generatedIds) {
      const items = agendaRows.filter((r) => r[column(agendaHeader!, '会议')] === id);
      expect(items, id).toHaveLength(1);
      expect(items[0]![column(agendaHeader!, '议题')]).toContain('上次决议跟踪');
      expect(String(items[0]![column(agendaHeader!, '序号')])).toBe('1');
      expect(items[0]![column(agendaHeader!, '汇报人')]).toBe('wang.wei@demo.example');
      expect(items[0]![column(agendaHeader!, '状态')]).toMatch(/^OK/u);
      const roster = attendanceRows.filter((r) => r[column(attendanceHeader!, '会议')] === id);
      expect(roster.map((r) => [r[column(attendanceHeader!, '参会人')], r[column(attendanceHeader!, '会议角色')]])).toEqual(ROSTER);
      for (const r of roster) expect(r[column(attendanceHeader!, '状态')]).toMatch(/^OK/u);
    }

    // A second tick finds every occurrence claimed and writes nothing.
    const again = await json<{ workbooks: Array<{ series?: { claimed: number; meetingsWritten: number } }> }>('/functions/tick', { method: 'POST' });
    expect(again.workbooks[0]!.series).toMatchObject({ claimed: 0, meetingsWritten: 0 });
    expect((await seriesRows()).rows).toHaveLength(rows.length + expected.length);
    expect((await readTab(AGENDA_TAB)).values.length).toBe(agendaRows.length + 1);
  });

  it('does not bring back an occurrence someone deleted from the sheet', async () => {
    const values = (await readTab(MEETINGS_TAB)).values;
    const header = values[0]!;
    const row = values.findIndex((r) => r[column(header, '编号')] === generatedIds[0]) + 1;
    await postEdit(MEETINGS_TAB, { row, column: 1, values: [header.map(() => '')] });
    await json('/api/clock', { method: 'POST', body: JSON.stringify({ reset: true }) });
    await json(`/api/tabs/${encodeURIComponent(MEETINGS_TAB)}/resync`, { method: 'POST', body: JSON.stringify({ editor: 'admin@demo.example' }) });
    await tick();
    const ids = (await seriesRows()).rows.map((r) => r[column(header, '编号')]);
    expect(ids).not.toContain(generatedIds[0]);
    expect(ids).toEqual(expect.arrayContaining(generatedIds.slice(1)));
  });

  it('finishes the rows of an occurrence after a crash, without writing any row twice', async () => {
    // Five weeks on, new occurrences are due. The first run "crashes": Sheets stores the appended meeting rows,
    // but the answer never comes back. The next run (after the lease) must save those rows, not append again.
    await setClock(DateTime.fromISO((await json<{ now: string }>('/api/clock')).now).plus({ weeks: 5 }));
    const now = DateTime.fromISO((await json<{ now: string }>('/api/clock')).now);
    const db = new Firestore({ projectId: 'demo-meeting-followup' });
    const sheets = new SheetsAdapter(createSheetsClient({ rootUrl: stack.workspaceRootUrl }));
    const crashing = Object.create(sheets) as SheetsAdapter;
    crashing.appendRows = async (...args) => {
      await sheets.appendRows(...args);
      throw new Error('connection reset after the append was applied');
    };
    const deps = (adapter: SheetsAdapter) => seriesDeps(db, adapter);
    const settings = parseNotificationSettings({ timeZone: ZONE });
    const before = (await seriesRows()).rows.length;
    await expect(runSeriesGeneration(stack.spreadsheetId, settings, deps(crashing), now)).rejects.toThrow(/connection reset/u);
    const appended = (await seriesRows()).rows.slice(before);
    expect(appended.length).toBeGreaterThan(0);
    // Inside the lease nobody else takes the claims.
    expect(await runSeriesGeneration(stack.spreadsheetId, settings, deps(sheets), now.plus({ minutes: 1 }))).toMatchObject({ meetingsWritten: 0 });

    const report = await runSeriesGeneration(stack.spreadsheetId, settings, deps(sheets), now.plus({ minutes: 6 }));
    expect(report.meetingsWritten).toBe(appended.length);
    const { header, rows } = await seriesRows();
    const ids = rows.map((r) => r[column(header, '编号')]!);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rows.slice(before)).toHaveLength(appended.length);
    for (const row of rows.slice(before)) expect(row[column(header, '状态')]).toMatch(/^OK/u);
    const [agendaHeader, ...agendaRows] = (await readTab(AGENDA_TAB)).values;
    for (const row of rows.slice(before)) {
      expect(agendaRows.filter((r) => r[column(agendaHeader!, '会议')] === row[column(header, '编号')])).toHaveLength(1);
      const record = await db.doc(`workbooks/${stack.spreadsheetId}/meetings/${row[column(header, '编号')]}`).get();
      expect(record.get('data.series')).toBe(SERIES);
    }
    await db.terminate();
  });

  it('a Sheets failure while writing series rows is reported, and the workbook\'s mail still goes out in that tick', async () => {
    // An ad-hoc meeting (noticed at once) a day after the moment the tick runs, seven weeks from now.
    const realNow = DateTime.fromISO((await json<{ now: string }>('/api/clock')).now);
    const tickAt = realNow.plus({ weeks: 7 });
    const adHocTitle = '临时会议:系列故障隔离 Ad-hoc: series fault isolation';
    await typeAdHocMeeting(adHocTitle, tickAt.plus({ days: 1 }).setZone(ZONE).set({ hour: 10, minute: 0 }), 30);
    await setClock(tickAt);

    const db = new Firestore({ projectId: 'demo-meeting-followup' });
    const sheets = new SheetsAdapter(createSheetsClient({ rootUrl: stack.workspaceRootUrl }));
    const unavailable = Object.create(sheets) as SheetsAdapter;
    unavailable.getSpreadsheet = async () => {
      throw new Error('Sheets API answered 503');
    };
    const outbox = new FirestoreOutbox(db);
    const now = () => tickAt;
    const deps: TickDeps = {
      dueItems: new FirestoreDueItems(db),
      outbox,
      meetings: new FirestoreMeetings(db),
      series: seriesDeps(db, unavailable, ''),
      delivery: {
        outbox,
        mailer: new GmailMailer(createGmailClient({ rootUrl: stack.workspaceRootUrl })),
        sender: { address: 'notices@demo.example' },
        policy: DEFAULT_DELIVERY_POLICY,
        now,
        random: Math.random,
        owner: 'series-fault-test',
      },
      messageIdDomain: 'demo.example',
      now,
    };
    const report = await tickWorkbook((await deps.dueItems.workbook(stack.spreadsheetId))!, deps);
    expect(report.error).toMatch(/meeting series: .*503/u);
    expect(report.series).toBeUndefined();
    for (const address of [HOST, RECORDER]) {
      expect((await mailbox(address)).filter((m) => m.subject.includes(adHocTitle) && m.subject.includes('会议通知')), address).toHaveLength(1);
    }
    await db.terminate();

    // The claims it made are finished by the next tick once their lease is over.
    await setClock(tickAt.plus({ minutes: 6 }));
    const next = await json<{ workbooks: Array<{ error?: string; series?: { meetingsWritten: number } }> }>('/functions/tick', { method: 'POST' });
    expect(next.workbooks[0]!.error).toBeUndefined();
    expect(next.workbooks[0]!.series!.meetingsWritten).toBeGreaterThan(0);
  });

  // Tests below each type their own series and delete its rows at the end: later ticks neither extend it nor
  // send its meetings' notices (the emulated Gmail allows 60 mails a minute, and the tests below send many).

  /** The first `weekday` (1 = Monday) at least two days ahead of real time, at `hour`:00 in the workbook zone. */
  const nextWeekday = (weekday: number, hour: number) => {
    let day = DateTime.now().setZone(ZONE).startOf('day').plus({ days: 2 });
    while (day.weekday !== weekday || HOLIDAYS.has(day.toISODate()!) || HOLIDAYS.has(day.plus({ weeks: 1 }).toISODate()!)) day = day.plus({ days: 1 });
    return day.set({ hour });
  };
  /** The local date a Start cell shows, typed (2026/12/03 16:00) or generated (2026-12-03 16:00). */
  const dayOfCell = (cell: unknown) => String(cell ?? '').slice(0, 10).replace(/\//gu, '-');
  const rowsOfSeries = async (series: string) => {
    const [header, ...rows] = (await readTab(MEETINGS_TAB)).values;
    return { header: header!, rows: rows.map((r, i) => ({ row: i + 2, cells: r })).filter((r) => r.cells[column(header!, '系列')] === series) };
  };
  const seriesTick = async () => {
    await json('/api/clock', { method: 'POST', body: JSON.stringify({ reset: true }) });
    const report = await json<{ workbooks: Array<{ error?: string; series?: { claimed: number; meetingsWritten: number; awaiting: number; resumed: number } }> }>('/functions/tick', { method: 'POST' });
    expect(report.workbooks[0]!.error).toBeUndefined();
    return report.workbooks[0]!.series!;
  };
  /** Clears every row of the series, then resyncs: the template and its meetings are deleted records. */
  const deleteSeries = async (series: string) => {
    const { header, rows } = await rowsOfSeries(series);
    for (const { row } of rows) await postEdit(MEETINGS_TAB, { row, column: 1, values: [header.map(() => '')] });
    await json(`/api/tabs/${encodeURIComponent(MEETINGS_TAB)}/resync`, { method: 'POST', body: JSON.stringify({ editor: 'admin@demo.example' }) });
    expect((await rowsOfSeries(series)).rows).toEqual([]);
  };

  it('does not bring back a hand-typed occurrence someone deleted (its record keeps its start)', async () => {
    const series = 'HAND-TYPED-WEEKLY';
    const first = nextWeekday(4, 16);
    const handTyped = first.plus({ weeks: 1 });
    // The template, and next week's meeting typed by hand before any tick: no claim exists for that week.
    const [template, typed] = await typeRows(MEETINGS_TAB, [
      { 会议类型: '周例会', 会议主题: 'Hand-typed series', 系列: series, 重复规则: 'weekly Thu 16:00', 开始时间: wallTime(first), 结束时间: wallTime(first.plus({ hours: 1 })), 主持人: 'wang.wei@demo.example' },
      { 会议类型: '周例会', 会议主题: 'Hand-typed series (moved venue)', 系列: series, 开始时间: wallTime(handTyped), 结束时间: wallTime(handTyped.plus({ hours: 1 })), 地点: 'Room 502', 主持人: 'wang.wei@demo.example' },
    ]);
    expect(template!.状态).toMatch(/^OK/u);
    expect(typed!.状态).toMatch(/^OK/u);
    const typedId = typed!.编号!;

    await seriesTick();
    /** The IDs of the series' rows on that day. */
    const onDay = async (day: DateTime) => {
      const { header, rows } = await rowsOfSeries(series);
      return rows.filter((r) => dayOfCell(r.cells[column(header, '开始时间')]) === day.toISODate()).map((r) => r.cells[column(header, '编号')]);
    };
    expect(await onDay(handTyped)).toEqual([typedId]);
    // The series does run: the week after has its generated meeting.
    expect(await onDay(handTyped.plus({ weeks: 1 }))).toHaveLength(1);

    // The hand-typed week is cancelled: its row is deleted, the record marked deleted (dueAt cleared).
    const values = (await readTab(MEETINGS_TAB)).values;
    const header = values[0]!;
    const row = values.findIndex((r) => r[column(header, '编号')] === typedId) + 1;
    await postEdit(MEETINGS_TAB, { row, column: 1, values: [header.map(() => '')] });
    await json(`/api/tabs/${encodeURIComponent(MEETINGS_TAB)}/resync`, { method: 'POST', body: JSON.stringify({ editor: 'admin@demo.example' }) });
    const db = new Firestore({ projectId: 'demo-meeting-followup' });
    const record = await db.doc(`workbooks/${stack.spreadsheetId}/meetings/${typedId}`).get();
    expect(record.get('deleted')).toBe(true);
    expect(record.get('dueAt')).toBeNull();
    await db.terminate();

    const report = await seriesTick();
    expect(report.claimed).toBe(0);
    expect(await onDay(handTyped)).toEqual([]);
    await deleteSeries(series);
  });

  it('a generated meeting refused because its host has left gets its review item and roster once the user fixes the row, exactly once', async () => {
    const series = 'HOST-LEFT-WEEKLY';
    const leaving = 'leaving.host@demo.example';
    const first = nextWeekday(3, 15);
    const [person] = await typeRows('人员', [{ 邮箱: leaving, 姓名: '离职主持 Leaving Host', 角色: '经理', 在职: '是' }]);
    expect(person!.状态).toMatch(/^OK/u);
    const [template] = await typeRows(MEETINGS_TAB, [
      { 会议类型: '周例会', 会议主题: 'Host-left series', 系列: series, 重复规则: 'weekly Wed 15:00', 开始时间: wallTime(first), 结束时间: wallTime(first.plus({ hours: 1 })), 主持人: leaving, 记录人: 'zhao.lei@demo.example' },
    ]);
    expect(template!.状态).toMatch(/^OK/u);
    const roster: Array<[string, string]> = [[leaving, '主持人'], ['zhao.lei@demo.example', '记录人'], ['li.na@demo.example', '参会人']];
    const typedRoster = await typeRows(ATTENDANCE_TAB, roster.map(([person, role]) => ({ 会议: template!.编号!, 参会人: person, 会议角色: role })));
    for (const r of typedRoster) expect(r.状态).toMatch(/^OK/u);
    // The host leaves before the tick: every generated row copies an inactive host and is refused.
    const people = (await readTab('人员')).values;
    await typeCell('人员', people.findIndex((r) => r[column(people[0]!, '邮箱')] === leaving) + 1, '在职', '否');

    const refusedTick = await seriesTick();
    const { header, rows } = await rowsOfSeries(series);
    const generated = rows.filter((r) => r.cells[column(header, '编号')] !== template!.编号);
    expect(generated.length).toBeGreaterThanOrEqual(3);
    expect(refusedTick.awaiting).toBe(generated.length);
    for (const r of generated) {
      expect(r.cells[column(header, '编号')]).toMatch(/^M-/u);
      expect(r.cells[column(header, '状态')]).toContain('停用');
    }
    const agendaFor = async (id: string) => {
      const [h, ...all] = (await readTab(AGENDA_TAB)).values;
      return all.filter((r) => r[column(h!, '会议')] === id).map((r) => ({ topic: r[column(h!, '议题')], presenter: r[column(h!, '汇报人')], status: r[column(h!, '状态')] }));
    };
    const rosterOf = async (id: string) => {
      const [h, ...all] = (await readTab(ATTENDANCE_TAB)).values;
      return all.filter((r) => r[column(h!, '会议')] === id).map((r) => [r[column(h!, '参会人')], r[column(h!, '会议角色')]]);
    };
    const fixed = generated[0]!;
    const fixedId = fixed.cells[column(header, '编号')]!;
    expect(await agendaFor(fixedId)).toEqual([]);
    expect(await rosterOf(fixedId)).toEqual([]);

    // A tick before the fix changes nothing.
    expect(await seriesTick()).toMatchObject({ resumed: 0 });
    expect(await agendaFor(fixedId)).toEqual([]);

    // The user picks another host for the first one; the edit saves it under the generated ID.
    const answer = await typeCell(MEETINGS_TAB, fixed.row, '主持人', 'wang.wei@demo.example');
    expect(answer[fixed.row - 1]![column(header, '状态')]).toMatch(/^OK/u);
    expect(answer[fixed.row - 1]![column(header, '编号')]).toBe(fixedId);

    const resumedTick = await seriesTick();
    const items = await agendaFor(fixedId);
    expect(items).toHaveLength(1);
    expect(items[0]!.topic).toContain('上次决议跟踪');
    // Presented by the host the user chose, not the one who left.
    expect(items[0]!.presenter).toBe('wang.wei@demo.example');
    expect(items[0]!.status).toMatch(/^OK/u);
    expect(await rosterOf(fixedId)).toEqual(roster);
    expect(resumedTick).toMatchObject({ claimed: 0, resumed: 1 });
    // The fixed row itself is left as the user typed it.
    const after = (await rowsOfSeries(series)).rows.find((r) => r.row === fixed.row)!;
    expect(after.cells[column(header, '主持人')]).toBe('wang.wei@demo.example');

    // Once: a later tick writes nothing again; the rows still refused keep waiting, without rows of their own.
    expect(await seriesTick()).toMatchObject({ resumed: 0 });
    expect(await agendaFor(fixedId)).toHaveLength(1);
    expect(await rosterOf(fixedId)).toEqual(roster);
    for (const r of generated.slice(1)) expect(await agendaFor(r.cells[column(header, '编号')]!)).toEqual([]);
    const db = new Firestore({ projectId: 'demo-meeting-followup' });
    const claims = await db.collection(`workbooks/${stack.spreadsheetId}/seriesOccurrences`).where('seriesKey', '==', series).get();
    const states = claims.docs.map((d) => [d.get('detail.meetingId'), d.get('state')]);
    expect(states).toEqual(expect.arrayContaining([[fixedId, 'written'], ...generated.slice(1).map((r) => [r.cells[column(header, '编号')], 'awaitingMeeting'])]));
    await db.terminate();
    await deleteSeries(series);
  });

  it('a tick that stalls past its lease appends nothing for the claims another tick took over meanwhile', async () => {
    // A day after the last occurrence the tests above claimed, the weekly series has new occurrences.
    const db = new Firestore({ projectId: 'demo-meeting-followup' });
    const claimed = await db.collection(`workbooks/${stack.spreadsheetId}/seriesOccurrences`).where('seriesKey', '==', SERIES).get();
    const lastStart = Math.max(DateTime.now().toMillis(), ...claimed.docs.map((d) => DateTime.fromISO(d.get('start') as string).toMillis()));
    const now = DateTime.fromMillis(lastStart, { zone: ZONE }).plus({ days: 1 });
    const sheets = new SheetsAdapter(createSheetsClient({ rootUrl: stack.workspaceRootUrl }));
    const deps = (adapter: SheetsAdapter) => seriesDeps(db, adapter);
    const settings = parseNotificationSettings({ timeZone: ZONE });
    const before = (await seriesRows()).rows.length;

    // The stalled tick reads the Meetings tab, then hangs for six minutes: its lease runs out, and the next
    // tick takes its claims over and writes their rows. Then the stalled one goes on with what it read.
    let takeover: Awaited<ReturnType<typeof runSeriesGeneration>> | undefined;
    let stalledAppends = 0;
    const stalled = Object.create(sheets) as SheetsAdapter;
    stalled.readTab = async (spreadsheetId, title) => {
      const read = await sheets.readTab(spreadsheetId, title);
      if (title === MEETINGS_TAB && !takeover) takeover = await runSeriesGeneration(spreadsheetId, settings, deps(sheets), now.plus({ minutes: 6 }));
      return read;
    };
    stalled.appendRows = async (...args) => {
      stalledAppends += 1;
      return sheets.appendRows(...args);
    };
    const report = await runSeriesGeneration(stack.spreadsheetId, settings, deps(stalled), now);
    expect(report.claimed).toBeGreaterThanOrEqual(3);
    expect(takeover).toMatchObject({ claimed: 0, meetingsWritten: report.claimed, awaiting: 0 });
    expect(report).toMatchObject({ meetingsWritten: 0, awaiting: 0 });
    expect(stalledAppends).toBe(0);

    const { header, rows } = await seriesRows();
    const ids = rows.map((r) => r[column(header, '编号')]!);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rows.slice(before)).toHaveLength(report.claimed);
    const [agendaHeader, ...agendaRows] = (await readTab(AGENDA_TAB)).values;
    const [attendanceHeader, ...attendanceRows] = (await readTab(ATTENDANCE_TAB)).values;
    for (const row of rows.slice(before)) {
      const id = row[column(header, '编号')];
      expect(row[column(header, '状态')]).toMatch(/^OK/u);
      expect(agendaRows.filter((r) => r[column(agendaHeader!, '会议')] === id)).toHaveLength(1);
      expect(attendanceRows.filter((r) => r[column(attendanceHeader!, '会议')] === id)).toHaveLength(ROSTER.length);
    }
    await db.terminate();
  });
});

describe('"Send notice now" from the sheet menu', () => {
  const title = '月度总结会(提前通知) Monthly review, noticed early';
  let row: number;
  let meetingStart: DateTime;
  const sendNotice = async (tab: string, selectedRow: number) => {
    await json('/api/clock', { method: 'POST', body: JSON.stringify({ reset: true }) });
    const response = await fetch(`${stack.url}/api/tabs/${encodeURIComponent(tab)}/send-notice`, { method: 'POST', body: JSON.stringify({ row: selectedRow, editor: HOST }) });
    return { status: response.status, body: (await response.json()) as { queued?: number; sent?: number; recipients?: number; message?: { en: string; zh: string }; error?: { code: string; en: string; zh: string } } };
  };
  const notices = async (address: string) => (await mailbox(address)).filter((m) => m.subject.includes(title) && m.subject.includes('会议通知'));

  it('sends the notice with its invitation at once, ten days ahead, and says so in both languages', async () => {
    meetingStart = DateTime.now().setZone(ZONE).plus({ days: 10 }).set({ hour: 14, minute: 0, second: 0, millisecond: 0 });
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
    const [outboxHeader, ...outboxRows] = (await readTab('发送记录')).values;
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
    const again = await sendNotice(MEETINGS_TAB, row);
    expect(again.body).toMatchObject({ recipients: 2, queued: 0 });
    expect(again.body.message!.en).toContain('already has the current notice');
    for (const address of [HOST, RECORDER]) expect(await notices(address), address).toHaveLength(1);

    const id = (await readTab(MEETINGS_TAB)).values[row - 1]![(await readTab(MEETINGS_TAB)).values[0]!.indexOf('编号')]!;
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
    // A monthly review is noticed 3 days before at 08:00 (on a working day); tick through that week.
    for (let day = 4; day >= 1; day -= 1) {
      await setClock(meetingStart.minus({ days: day }).set({ hour: 8, minute: 30 }));
      await tick();
    }
    for (const address of [HOST, RECORDER, 'zhao.lei@demo.example']) expect(await notices(address), address).toHaveLength(1);
  });

  it('explains, without sending anything, a row of another tab, a row without an ID, and a meeting that has started', async () => {
    const otherTab = await sendNotice(ATTENDANCE_TAB, 2);
    expect(otherTab.status).toBe(400);
    expect(otherTab.body.error!.code).toBe('NOTICE_NOT_MEETINGS_TAB');
    expect(otherTab.body.error!.zh).toContain('会议');

    const header = (await readTab(MEETINGS_TAB)).values[0]!;
    const brokenRow = header.indexOf('编号') >= 0 ? (await readTab(MEETINGS_TAB)).values.findIndex((r) => String(r[header.indexOf('会议主题')]).includes('end before start')) + 1 : 0;
    expect(brokenRow).toBeGreaterThan(1);
    const noId = await sendNotice(MEETINGS_TAB, brokenRow);
    expect(noId.body.error!.code).toBe('NOTICE_NO_MEETING_ROW');

    const past = DateTime.now().setZone(ZONE).minus({ hours: 2 }).startOf('minute');
    const [started] = await typeRows(MEETINGS_TAB, [{ 会议类型: '临时会议', 会议主题: 'Started already', 开始时间: wallTime(past), 结束时间: wallTime(past.plus({ hours: 4 })), 主持人: HOST }]);
    const startedRow = (await readTab(MEETINGS_TAB)).values.findIndex((r) => r[header.indexOf('编号')] === started!.编号) + 1;
    const refused = await sendNotice(MEETINGS_TAB, startedRow);
    expect(refused.status).toBe(409);
    expect(refused.body.error!.code).toBe('NOTICE_MEETING_STARTED');
    expect((await mailbox(HOST)).filter((m) => m.subject.includes('Started already'))).toHaveLength(0);
  });
});

describe('meeting notices through sheetEdit and the tick', () => {
  let meetingRow: number;
  let firstUid: string;

  it('sends the notice with an .ics invitation 7 days before a dealer conference typed into the Meetings tab', async () => {
    meetingRow = (await readTab(MEETINGS_TAB)).values.length + 1;
    const values = await typeRow(MEETINGS_TAB, meetingRow, {
      会议类型: '销售商会议',
      会议主题: TITLE,
      开始时间: start.toFormat('yyyy/MM/dd HH:mm'),
      结束时间: start.set({ hour: 17 }).toFormat('yyyy/MM/dd HH:mm'),
      地点: VENUE,
      主持人: HOST,
      记录人: RECORDER,
      // A dealer conference needs a budget (seed 000).
      预算: '30000',
    });
    const header = values[0]!;
    expect(values[meetingRow - 1]![header.indexOf('状态')]).toMatch(/^OK/u);
    meetingId = values[meetingRow - 1]![header.indexOf('编号')]!;
    expect(meetingId).toMatch(/^M-/u);

    // The day before the notice day: nothing yet.
    await setClock(start.minus({ days: 8 }).set({ hour: 8, minute: 10 }));
    await tick();
    expect(await ours(HOST)).toHaveLength(0);

    await setClock(start.minus({ days: 7 }).set({ hour: 8, minute: 10 }));
    const report = await tick();
    expect(report.workbooks[0]!.error).toBeUndefined();
    for (const address of [HOST, RECORDER]) {
      const notices = (await ours(address)).filter((m) => m.subject.includes('会议通知'));
      expect(notices, address).toHaveLength(1);
      const notice = notices[0]!;
      expect(notice.text).toContain(TITLE);
      expect(notice.text).toContain(VENUE);
      expect(notice.text).toContain(start.toFormat('HH:mm'));
      const invite = await parseInvite(notice);
      expect(invite.method).toBe('REQUEST');
      expect(invite.uid).toContain(meetingId);
      expect(invite.sequence).toBe(0);
      expect(invite.tzid).toBe(ZONE);
      expect(invite.wallStart).toBe(start.toFormat("yyyy-MM-dd'T'HH:mm:ss"));
      expect(invite.startMillis).toBe(start.toMillis());
      expect(invite.location).toBe(VENUE);
      expect(invite.summary).toBe(TITLE);
      expect(invite.attendees.sort()).toEqual([RECORDER, HOST].sort());
      firstUid ??= invite.uid;
      expect(invite.uid).toBe(firstUid);
    }

    // A second tick the same morning sends nothing new.
    await setClock(start.minus({ days: 7 }).set({ hour: 8, minute: 25 }));
    await tick();
    expect((await ours(HOST)).filter((m) => m.subject.includes('会议通知'))).toHaveLength(1);
  });

  it('sends an updated notice with SEQUENCE 1 and the same UID when the venue changes', async () => {
    const values = await typeCell(MEETINGS_TAB, meetingRow, '地点', NEW_VENUE);
    expect(values[meetingRow - 1]![values[0]!.indexOf('状态')]).toMatch(/^OK/u);
    await setClock(start.minus({ days: 7 }).set({ hour: 9, minute: 0 }));
    await tick();
    for (const address of [HOST, RECORDER]) {
      const updates = (await ours(address)).filter((m) => m.subject.includes('会议变更'));
      expect(updates, address).toHaveLength(1);
      expect(updates[0]!.text).toContain(VENUE);
      expect(updates[0]!.text).toContain(NEW_VENUE);
      const invite = await parseInvite(updates[0]!);
      expect(invite.method).toBe('REQUEST');
      expect(invite.sequence).toBe(1);
      expect(invite.uid).toBe(firstUid);
      expect(invite.location).toBe(NEW_VENUE);
      expect(invite.startMillis).toBe(start.toMillis());
    }
    // Unchanged since: a later tick sends no further update.
    await setClock(start.minus({ days: 7 }).set({ hour: 9, minute: 20 }));
    await tick();
    expect((await ours(HOST)).filter((m) => m.subject.includes('会议变更'))).toHaveLength(1);
  });

  it('reminds a presenter with no material link a day before the material deadline', async () => {
    const agendaRow = (await readTab(AGENDA_TAB)).values.length + 1;
    const due = start.minus({ days: 1 }).set({ hour: 18, minute: 0 });
    const values = await typeRow(AGENDA_TAB, agendaRow, {
      会议: meetingId,
      序号: '1',
      议题: TOPIC,
      汇报人: RECORDER,
      材料截止时间: due.toFormat('yyyy/MM/dd HH:mm'),
    });
    expect(values[agendaRow - 1]![values[0]!.indexOf('状态')]).toMatch(/^OK/u);

    // Two days before the deadline: too early.
    await setClock(due.minus({ days: 2 }).set({ hour: 10, minute: 0 }));
    await tick();
    expect((await ours(RECORDER)).filter((m) => m.subject.includes('材料截止'))).toHaveLength(0);

    await setClock(due.minus({ days: 1 }).plus({ minutes: 5 }));
    await tick();
    const reminders = (await ours(RECORDER)).filter((m) => m.subject.includes('材料截止'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toContain(TOPIC);
    expect(reminders[0]!.text).toContain(TITLE);
    // The host presents nothing and gets no material reminder.
    expect((await ours(HOST)).filter((m) => m.subject.includes('材料截止'))).toHaveLength(0);
  });

  it('sends each attendee exactly one "starts soon" mail on the day', async () => {
    // Mail about the meeting itself (the presenter's material item has mail of its own, by topic).
    const aboutMeeting = async (address: string) => (await mailbox(address)).filter((m) => m.subject.includes(TITLE));
    const before = new Map<string, number>();
    for (const address of [HOST, RECORDER]) before.set(address, (await aboutMeeting(address)).length);
    // 07:00 is the end of quiet hours and two hours before would be 08:00; tick through the morning.
    for (const at of ['07:30', '08:00', '08:05', '08:20', '09:00', '09:45']) {
      const [hour, minute] = at.split(':').map(Number);
      await setClock(start.set({ hour: hour!, minute: minute! }));
      await tick();
    }
    for (const address of [HOST, RECORDER]) {
      const all = await aboutMeeting(address);
      const sameDay = all.slice(0, all.length - before.get(address)!);
      expect(sameDay.map((m) => m.subject), address).toHaveLength(1);
      expect(sameDay[0]!.subject).toContain('开会');
      expect(sameDay[0]!.subject).toContain(start.toFormat('HH:mm'));
      expect(sameDay[0]!.text).toContain(NEW_VENUE);
    }
  });

  it('sends a cancellation (METHOD CANCEL, next SEQUENCE, same UID) when a noticed meeting row is deleted', async () => {
    const adHocTitle = '临时会议:华南渠道调整 Ad-hoc: channel changes';
    const adHocStart = start.plus({ days: 2 }).set({ hour: 14, minute: 0 });
    const row = (await readTab(MEETINGS_TAB)).values.length + 1;
    const adHocId = await typeAdHocMeeting(adHocTitle, adHocStart, 60);
    // Ad-hoc meetings are noticed at once.
    await setClock(start.plus({ hours: 1 }));
    await tick();
    const about = async (address: string, head: string) => (await mailbox(address)).filter((m) => m.subject.includes(adHocTitle) && m.subject.includes(head));
    const [notice] = await about(HOST, '会议通知');
    expect(notice).toBeDefined();
    const noticed = await parseInvite(notice!);
    expect(noticed.uid).toContain(adHocId);

    // The row is deleted in the sheet (cleared, then the sheet resynced, as the menu does).
    const header = (await readTab(MEETINGS_TAB)).values[0]!;
    await postEdit(MEETINGS_TAB, { row, column: 1, values: [header.map(() => '')] });
    await json('/api/clock', { method: 'POST', body: JSON.stringify({ reset: true }) });
    const resynced = await json<{ values: string[][] }>(`/api/tabs/${encodeURIComponent(MEETINGS_TAB)}/resync`, { method: 'POST', body: JSON.stringify({ editor: 'admin@demo.example' }) });
    expect(resynced.values.some((r) => r.includes(adHocTitle))).toBe(false);

    await setClock(start.plus({ hours: 1, minutes: 30 }));
    await tick();
    for (const address of [HOST, RECORDER]) {
      const cancellations = await about(address, '会议取消');
      expect(cancellations, address).toHaveLength(1);
      const invite = await parseInvite(cancellations[0]!);
      expect(invite.method).toBe('CANCEL');
      expect(invite.uid).toBe(noticed.uid);
      expect(invite.sequence).toBe(1);
    }
    // The cancellation is settled: later ticks send no second one.
    await setClock(start.plus({ hours: 2 }));
    await tick();
    expect(await about(HOST, '会议取消')).toHaveLength(1);
  });

  it('an ad-hoc meeting typed in an hour before it starts gets its notice with the invitation, and no second "starts soon" mail', async () => {
    const title = '临时会议:客户投诉处理 Ad-hoc: complaint follow-up';
    const adHocStart = start.plus({ days: 3 }).set({ hour: 15, minute: 0 });
    await typeAdHocMeeting(title, adHocStart, 30);
    for (const at of [adHocStart.minus({ minutes: 60 }), adHocStart.minus({ minutes: 45 }), adHocStart.minus({ minutes: 15 })]) {
      await setClock(at);
      await tick();
    }
    for (const address of [HOST, RECORDER]) {
      const mails = (await mailbox(address)).filter((m) => m.subject.includes(title));
      expect(mails.map((m) => m.subject), address).toHaveLength(1);
      expect(mails[0]!.subject).toContain('会议通知');
      expect((await parseInvite(mails[0]!)).startMillis).toBe(adHocStart.toMillis());
    }
  });
});

describe('attendance results settled by the tick, through the local stack', () => {
  // Self-contained: its own meeting, a day after wherever the clock stands, and its own helpers.
  const ATTENDANCE_TAB = '签到';
  const MANAGER = 'wang.wei@demo.example'; // hosts the meeting and manages Li Na: may approve her leave
  const ON_TIME = 'zhang.min@demo.example'; // checks in on time, and is Li Na's substitute
  const UNTOUCHED = 'chen.jing@demo.example'; // on the roster, never comes, nobody edits the row
  const ON_LEAVE = 'li.na@demo.example';
  let db: Firestore;

  beforeAll(() => {
    // startLocalStack pointed FIRESTORE_EMULATOR_HOST at its own emulator; the project is the stack's default.
    db = new Firestore({ projectId: process.env.GOOGLE_CLOUD_PROJECT ?? 'demo-meeting-followup' });
  });

  afterAll(async () => {
    await db?.terminate();
  });

  type TickReport = { workbooks: Array<{ workbookId: string; error?: string; attendance: { meetings: number; updated: number; conflicts: number; cellsWritten: number; finalized: number } }> };
  const attendanceTick = async () => {
    const report = await json<TickReport>('/functions/tick', { method: 'POST' });
    expect(report.workbooks[0]!.error).toBeUndefined();
    return report.workbooks[0]!;
  };

  /** Types cells as `editor` (the approver of a leave is whoever ticks the box). */
  async function typeAs(editor: string, title: string, row: number, cells: Record<string, string>): Promise<string[][]> {
    const header = (await readTab(title)).values[0]!;
    for (const name of Object.keys(cells)) expect(header, `header ${name} on ${title}`).toContain(name);
    const values = header.map((name) => cells[name] ?? '');
    const outcome = await json<{ values: string[][] }>(`/api/tabs/${encodeURIComponent(title)}/edit`, { method: 'POST', body: JSON.stringify({ row, column: 1, values: [values], editor }) });
    return outcome.values;
  }

  const cell = (values: string[][], row: number, headerName: string) => values[row - 1]![values[0]!.indexOf(headerName)] ?? '';

  /** A one-hour task-force meeting the manager hosts, tomorrow (by the stack clock) at `hour`; saved, with its ID. */
  async function typeMeetingTomorrow(title: string, hour: number): Promise<{ meeting: string; meetingStart: DateTime; meetingEnd: DateTime }> {
    const { now } = await json<{ now: string }>('/api/clock');
    const meetingStart = DateTime.fromISO(now).setZone(ZONE).plus({ days: 1 }).set({ hour, minute: 0, second: 0, millisecond: 0 });
    const meetingEnd = meetingStart.plus({ hours: 1 });
    const meetingRow = (await readTab(MEETINGS_TAB)).values.length + 1;
    const values = await typeAs(MANAGER, MEETINGS_TAB, meetingRow, {
      会议类型: '专题会',
      会议主题: title,
      开始时间: meetingStart.toFormat('yyyy/MM/dd HH:mm'),
      结束时间: meetingEnd.toFormat('yyyy/MM/dd HH:mm'),
      主持人: MANAGER,
      记录人: RECORDER,
    });
    expect(cell(values, meetingRow, '状态')).toMatch(/^OK/u);
    return { meeting: cell(values, meetingRow, '编号'), meetingStart, meetingEnd };
  }

  it('shows absent for the untouched row after the end, and the leave as covered once the substitute checked in; a second tick changes nothing', async () => {
    const { meeting, meetingStart, meetingEnd } = await typeMeetingTomorrow('签到结果核对 Attendance check', 14);

    // The day before: the roster, with Li Na's leave approved by her manager and Zhang Min in her place.
    const first = (await readTab(ATTENDANCE_TAB)).values.length + 1;
    const rows = { onTime: first, untouched: first + 1, onLeave: first + 2 };
    await typeAs(MANAGER, ATTENDANCE_TAB, rows.onTime, { 会议: meeting, 参会人: ON_TIME });
    await typeAs(MANAGER, ATTENDANCE_TAB, rows.untouched, { 会议: meeting, 参会人: UNTOUCHED });
    let values = await typeAs(MANAGER, ATTENDANCE_TAB, rows.onLeave, { 会议: meeting, 参会人: ON_LEAVE, 申请请假: '是', 请假已批准: '是', 代理人: ON_TIME });
    for (const row of Object.values(rows)) expect(cell(values, row, '状态'), `row ${row}`).toMatch(/^OK/u);
    // Not known yet: nobody is absent before the end, and the substitute has not come.
    expect(cell(values, rows.untouched, '出勤结果')).toBe('');
    expect(cell(values, rows.onLeave, '出勤结果')).toMatch(/^请假(?!（)/u);

    // Zhang Min checks in on time, on her own row.
    await setClock(meetingStart.plus({ minutes: 2 }));
    values = await typeAs(ON_TIME, ATTENDANCE_TAB, rows.onTime, { 会议: meeting, 参会人: ON_TIME, 编号: cell(values, rows.onTime, '编号'), 签到时间: meetingStart.plus({ minutes: 1 }).toFormat('yyyy/MM/dd HH:mm') });
    expect(cell(values, rows.onTime, '出勤结果')).toContain('准时');
    expect(cell(values, rows.onLeave, '出勤结果')).not.toContain('代理人已出席');

    // The next tick, still during the meeting: the leave row now says the substitute attended.
    await setClock(meetingStart.plus({ minutes: 15 }));
    const during = await attendanceTick();
    // Other meetings of this file (without rosters) may be finalised in the same tick; counts are about ours.
    expect(during.attendance).toMatchObject({ updated: 1, cellsWritten: 1 });
    const meetingDoc = db.doc(`workbooks/${during.workbookId}/meetings/${meeting}`);
    expect((await meetingDoc.get()).get('attendanceFinalizedFor')).toBeUndefined();
    values = (await readTab(ATTENDANCE_TAB)).values;
    expect(cell(values, rows.onLeave, '出勤结果')).toContain('请假（代理人已出席）');
    expect(cell(values, rows.untouched, '出勤结果')).toBe('');

    // After the end: the untouched row reads absent, in the sheet and in Firestore.
    await setClock(meetingEnd.plus({ minutes: 5 }));
    const after = await attendanceTick();
    expect(after.attendance).toMatchObject({ updated: 1, cellsWritten: 1 });
    expect((await meetingDoc.get()).get('attendanceFinalizedFor')).toMatch(/\//u);
    values = (await readTab(ATTENDANCE_TAB)).values;
    expect(cell(values, rows.untouched, '出勤结果')).toContain('缺席');
    expect(cell(values, rows.onLeave, '出勤结果')).toContain('请假（代理人已出席）');
    expect(cell(values, rows.onTime, '出勤结果')).toContain('准时');
    // ID and Status were left as the edits wrote them.
    for (const row of Object.values(rows)) expect(cell(values, row, '状态'), `row ${row}`).toMatch(/^OK/u);

    const workbook = `workbooks/${after.workbookId}`;
    const records = await db.collection(`${workbook}/attendance`).where('data.meeting', '==', meeting).get();
    const byPerson = Object.fromEntries(records.docs.map((d) => [d.get('data.person'), d.get('data.result')]));
    expect(byPerson).toEqual({ [ON_TIME]: 'onTime', [UNTOUCHED]: 'absent', [ON_LEAVE]: 'onLeaveCovered' });
    const auditOf = async () => (await db.collection(`${workbook}/audit`).where('actor', '==', 'system').get()).size;
    const audited = await auditOf();
    expect(audited).toBeGreaterThanOrEqual(2);

    // A second tick changes nothing: the meeting is finalised for its times.
    await setClock(meetingEnd.plus({ minutes: 20 }));
    const again = await attendanceTick();
    expect(again.attendance).toMatchObject({ updated: 0, cellsWritten: 0 });
    expect(await auditOf()).toBe(audited);
    expect((await readTab(ATTENDANCE_TAB)).values).toEqual(values);
  });

  it('opens a settled meeting again when a row is corrected afterwards: the substitute\'s late-typed check-in covers the leave', async () => {
    const { meeting, meetingStart, meetingEnd } = await typeMeetingTomorrow('签到更正 Attendance correction', 10);
    const first = (await readTab(ATTENDANCE_TAB)).values.length + 1;
    let values = await typeAs(MANAGER, ATTENDANCE_TAB, first, { 会议: meeting, 参会人: ON_TIME });
    values = await typeAs(MANAGER, ATTENDANCE_TAB, first + 1, { 会议: meeting, 参会人: ON_LEAVE, 申请请假: '是', 请假已批准: '是', 代理人: ON_TIME });
    const substituteId = cell(values, first, '编号');

    // Settled after the end: nobody signed the substitute in.
    await setClock(meetingEnd.plus({ minutes: 5 }));
    await attendanceTick();
    values = (await readTab(ATTENDANCE_TAB)).values;
    expect(cell(values, first + 1, '出勤结果')).toContain('请假（代理人未出席）');
    const meetingDoc = db.doc(`workbooks/${stack.spreadsheetId}/meetings/${meeting}`);
    expect((await meetingDoc.get()).get('attendanceFinalizedFor')).toMatch(/\//u);

    // The next morning the recorder types the check-in the paper sign-in sheet shows.
    await setClock(meetingEnd.plus({ hours: 20 }));
    values = await typeAs(RECORDER, ATTENDANCE_TAB, first, { 会议: meeting, 参会人: ON_TIME, 编号: substituteId, 签到时间: meetingStart.plus({ minutes: 3 }).toFormat('yyyy/MM/dd HH:mm') });
    expect(cell(values, first, '出勤结果')).toContain('准时');
    expect((await meetingDoc.get()).get('attendanceFinalizedFor')).toBeUndefined();
    await attendanceTick();
    values = (await readTab(ATTENDANCE_TAB)).values;
    expect(cell(values, first + 1, '出勤结果')).toContain('请假（代理人已出席）');
    expect((await meetingDoc.get()).get('attendanceFinalizedFor')).toMatch(/\//u);
  });
});

describe('"Send notice now": who may press it, one-time event IDs, the audit trail and a big roster', () => {
  // Self-contained: its own meetings, twelve days ahead of real time (the clock is reset before each press).
  const MANAGER = 'wang.wei@demo.example'; // Li Na's manager on the People tab
  const REP = 'zhang.min@demo.example'; // a sales rep with nothing to do with these meetings
  const STAFF = 'zhao.lei@demo.example';
  const ADMIN = 'admin@demo.example';
  type Answer = { ok?: boolean; recipients?: number; queued?: number; sent?: number; later?: number; replayed?: boolean; message?: { en: string; zh: string }; error?: { code: string; en: string; zh: string } };
  let db: Firestore;

  beforeAll(() => {
    db = new Firestore({ projectId: process.env.GOOGLE_CLOUD_PROJECT ?? 'demo-meeting-followup' });
  });

  afterAll(async () => {
    await db?.terminate();
  });

  /** Types a meeting Li Na hosts and Chen Jing records, twelve days ahead; answers its ID and sheet row. */
  async function typeMeeting(title: string): Promise<{ id: string; row: number }> {
    await json('/api/clock', { method: 'POST', body: JSON.stringify({ reset: true }) });
    const at = DateTime.now().setZone(ZONE).plus({ days: 12 }).set({ hour: 15, minute: 0, second: 0, millisecond: 0 });
    const row = (await readTab(MEETINGS_TAB)).values.length + 1;
    const values = await typeRow(MEETINGS_TAB, row, { 会议类型: '专题会', 会议主题: title, 开始时间: wallTime(at), 结束时间: wallTime(at.plus({ hours: 1 })), 地点: VENUE, 主持人: HOST, 记录人: RECORDER });
    const header = values[0]!;
    expect(values[row - 1]![header.indexOf('状态')]).toMatch(/^OK/u);
    return { id: values[row - 1]![header.indexOf('编号')]!, row };
  }

  /** The menu item pressed on `row` of the Meetings tab by `editor`, through the local Apps Script. */
  async function pressAs(editor: string, row: number): Promise<{ status: number; body: Answer }> {
    await json('/api/clock', { method: 'POST', body: JSON.stringify({ reset: true }) });
    const response = await fetch(`${stack.url}/api/tabs/${encodeURIComponent(MEETINGS_TAB)}/send-notice`, { method: 'POST', body: JSON.stringify({ row, editor }) });
    return { status: response.status, body: (await response.json()) as Answer };
  }

  /** Posts a signed sendNotice body to sheetEdit as Apps Script would (a fresh signature each time). */
  async function postSigned(body: string): Promise<{ status: number; body: Answer }> {
    await json('/api/clock', { method: 'POST', body: JSON.stringify({ reset: true }) });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(`${stack.url}/functions/sheetEdit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', [SIGNATURE_TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signRequest(stack.secret, timestamp, body) },
      body,
    });
    return { status: response.status, body: (await response.json()) as Answer };
  }

  const noticeRequest = (meetingId: string, editor: string) =>
    JSON.stringify({ version: 1, kind: 'sendNotice', eventId: randomUUID(), spreadsheetId: stack.spreadsheetId, editor, meetingId, sentAt: new Date().toISOString() });
  const noticesOf = async (address: string, title: string) => (await mailbox(address)).filter((m) => m.subject.includes(title) && m.subject.includes('会议通知'));
  const auditOf = async (eventId: string) => (await db.collection(`workbooks/${stack.spreadsheetId}/audit`).where('eventId', '==', eventId).get()).docs.map((d) => d.data());

  it('refuses anyone but the host, the recorder, the host\'s manager and an admin, and an editor nobody could name; nothing is sent until one of them presses it', async () => {
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
    const [outboxHeader, ...outboxRows] = (await readTab('发送记录')).values;
    expect(outboxRows.filter((r) => String(r[outboxHeader!.indexOf('主题')] ?? '').includes(title))).toHaveLength(0);

    // The host's manager, typed in another case, may; so may the recorder, an admin and the host.
    const byManager = await pressAs('Wang.Wei@Demo.Example', row);
    expect(byManager.status).toBe(200);
    expect(byManager.body).toMatchObject({ recipients: 2, queued: 2, sent: 2, later: 0 });
    for (const editor of ['CHEN.JING@demo.example', ADMIN, HOST]) {
      const again = await pressAs(editor, row);
      expect(again.status, editor).toBe(200);
      expect(again.body.message!.en).toContain('already has the current notice');
    }
    for (const address of [HOST, RECORDER]) expect(await noticesOf(address, title), address).toHaveLength(1);
  });

  it('a replayed event ID gets the first answer back and sends nothing again; the request is in the edits inbox and the audit names who sent it', async () => {
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
    expect(replay.body).toMatchObject({ recipients: 2, queued: 2, sent: 2, replayed: true, message: first.body.message });
    for (const address of [HOST, RECORDER]) expect(await noticesOf(address, title), address).toHaveLength(1);

    const inbox = await db.doc(`workbooks/${stack.spreadsheetId}/edits/${eventId}`).get();
    expect(inbox.data()).toMatchObject({ kind: 'sendNotice', editor: HOST, meetingId: id, state: 'applied' });
    const audit = await auditOf(eventId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: HOST, action: 'sendNotice', collection: 'meetings', recordId: id, eventId, detail: { as: 'host', recipients: 2, queued: 2, sent: 2, later: 0 } });

    // A refusal is recorded too (and replays as the same refusal), but leaves no audit entry; nor does a press
    // that had nothing left to send.
    const refusedBody = noticeRequest(id, REP);
    const refusedId = (JSON.parse(refusedBody) as { eventId: string }).eventId;
    expect((await postSigned(refusedBody)).status).toBe(403);
    const refusedAgain = await postSigned(refusedBody);
    expect(refusedAgain.status).toBe(403);
    expect(refusedAgain.body.error!.code).toBe('NOTICE_NOT_ALLOWED');
    expect((await db.doc(`workbooks/${stack.spreadsheetId}/edits/${refusedId}`).get()).data()).toMatchObject({ kind: 'sendNotice', state: 'failed', error: 'NOTICE_NOT_ALLOWED' });
    expect(await auditOf(refusedId)).toHaveLength(0);
    const nothingNewBody = noticeRequest(id, HOST);
    expect((await postSigned(nothingNewBody)).body).toMatchObject({ queued: 0, sent: 0 });
    expect(await auditOf((JSON.parse(nothingNewBody) as { eventId: string }).eventId)).toHaveLength(0);
  });

  it('a roster of 30 gets 25 notices inside the request and the other 5 from the next tick; the answer says so in both languages', async () => {
    const title = '大名单 Big roster';
    const { id, row } = await typeMeeting(title);
    const guests = Array.from({ length: 28 }, (_, i) => `guest${String(i + 1).padStart(2, '0')}@demo.example`);
    // Pasted as one block on each tab, as a user would paste a list.
    const paste = async (tab: string, rows: Array<Record<string, string>>) => {
      const header = (await readTab(tab)).values[0]!;
      const first = (await readTab(tab)).values.length + 1;
      const values = await postEdit(tab, { row: first, column: 1, values: rows.map((cells) => header.map((name) => cells[name] ?? '')) });
      for (let r = first; r < first + rows.length; r++) expect(values[r - 1]![header.indexOf('状态')], `${tab} row ${r}`).toMatch(/^OK/u);
    };
    await paste('人员', guests.map((email, i) => ({ 邮箱: email, 姓名: `嘉宾 Guest ${i + 1}`, 角色: '员工', 在职: '是' })));
    await paste(ATTENDANCE_TAB, [HOST, RECORDER, ...guests].map((person) => ({ 会议: id, 参会人: person })));

    const pressed = await pressAs(HOST, row);
    expect(pressed.status, JSON.stringify(pressed.body)).toBe(200);
    expect(pressed.body, JSON.stringify(pressed.body)).toMatchObject({ recipients: 30, queued: 30, sent: 25, later: 5 });
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
  });
});

