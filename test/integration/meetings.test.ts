// Meeting notices end to end, through the local stack: a dealer conference typed into the Meetings tab (real
// Apps Script mapping + signed sheetEdit), the tick with a moved clock, and the mail it leaves in the
// emulated Gmail: the notice with a parseable .ics invitation, the updated notice after a venue change, the
// material reminder to a presenter without a material link, and one "starts soon" mail per attendee.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';

const ZONE = 'Asia/Shanghai';
const MEETINGS_TAB = '会议';
const AGENDA_TAB = '议程';
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
  const outcome = await json<{ values: string[][] }>(`/api/tabs/${encodeURIComponent(title)}/edit`, { method: 'POST', body: JSON.stringify({ ...body, editor: 'admin@demo.example' }) });
  return outcome.values;
}

/** Types a whole row under the tab's headers (any order), as a user would. */
async function typeRow(title: string, row: number, cells: Record<string, string>): Promise<string[][]> {
  const header = (await readTab(title)).values[0]!;
  const values = header.map((name) => cells[name] ?? '');
  for (const name of Object.keys(cells)) expect(header, `header ${name} on ${title}`).toContain(name);
  return postEdit(title, { row, column: 1, values: [values] });
}

async function typeCell(title: string, row: number, headerName: string, value: string): Promise<string[][]> {
  const header = (await readTab(title)).values[0]!;
  const column = header.indexOf(headerName) + 1;
  expect(column).toBeGreaterThan(0);
  return postEdit(title, { row, column, values: [[value]] });
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
    const values = await typeRow(MEETINGS_TAB, row, {
      会议类型: '临时会议',
      会议主题: adHocTitle,
      开始时间: adHocStart.toFormat('yyyy/MM/dd HH:mm'),
      结束时间: adHocStart.plus({ hours: 1 }).toFormat('yyyy/MM/dd HH:mm'),
      地点: VENUE,
      主持人: HOST,
      记录人: RECORDER,
    });
    expect(values[row - 1]![values[0]!.indexOf('状态')]).toMatch(/^OK/u);
    const adHocId = values[row - 1]![values[0]!.indexOf('编号')]!;
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

  it('shows absent for the untouched row after the end, and the leave as covered once the substitute checked in; a second tick changes nothing', async () => {
    const { now } = await json<{ now: string }>('/api/clock');
    const meetingStart = DateTime.fromISO(now).setZone(ZONE).plus({ days: 1 }).set({ hour: 14, minute: 0, second: 0, millisecond: 0 });
    const meetingEnd = meetingStart.plus({ hours: 1 });
    const meetingRow = (await readTab(MEETINGS_TAB)).values.length + 1;
    const meetingValues = await typeAs(MANAGER, MEETINGS_TAB, meetingRow, {
      会议类型: '专题会',
      会议主题: '签到结果核对 Attendance check',
      开始时间: meetingStart.toFormat('yyyy/MM/dd HH:mm'),
      结束时间: meetingEnd.toFormat('yyyy/MM/dd HH:mm'),
      主持人: MANAGER,
      记录人: RECORDER,
    });
    expect(cell(meetingValues, meetingRow, '状态')).toMatch(/^OK/u);
    const meeting = cell(meetingValues, meetingRow, '编号');

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
});
