// Issue 14, points 1–3 and carry-over, through the local stack (embedded Firestore, Workspace emulator, the real
// functions, edits typed through the local Apps Script stand-in): a minutes action line becomes one Actions row
// in the tick and follows the line's later changes while keeping the owner's status; a non-owner's status change
// is refused and put back; Overdue days are computed and refreshed daily; the owner's manager sees the action in
// their digest once it is overdue the Settings number of days, the host of its meeting as soon as it is overdue;
// marking it done stops every reminder. A weekly series carries the open action into the next meeting's review
// item, in the Agenda tab and in its notice mail; a pass that dies after its append never writes the row twice.
// The stack clock starts at WORKING_MORNING (Tuesday 2027-03-09 09:00, Asia/Shanghai); each step moves it forward.
import { describe, expect, it } from 'vitest';
import { FirestoreActions } from '../../functions/src/adapters/firestore-actions.ts';
import { FirestoreRecords } from '../../functions/src/adapters/firestore-records.ts';
import { FirestoreRuleContext } from '../../functions/src/adapters/firestore-rule-context.ts';
import { FirestoreSheetEditStore } from '../../functions/src/adapters/firestore-sheet-edits.ts';
import { SheetsAdapter, createSheetsClient } from '../../functions/src/adapters/sheets.ts';
import { sheetsWorkbook } from '../../functions/src/adapters/sheets-workbook.ts';
import { createLogger, createLogs } from '../../functions/src/logs.ts';
import type { WorkbookSheets } from '../../functions/src/ports/sheet-ports.ts';
import { type ActionLineDeps, syncActionLines } from '../../functions/src/workflows/sync-action-lines.ts';
import { WORKING_MORNING, ZONE } from '../support/pinned-time.ts';
import {
  AGENDA_TAB,
  MEETINGS_TAB,
  RECORDER,
  cellAt,
  stackFirestore,
  useLocalWorkbook,
} from './support/local-workbook.ts';

const MINUTES_TAB = '纪要';
const ACTIONS_TAB = '行动项';
const OWNER = 'zhang.min@demo.example';
/** Zhang Min's People "Manager". */
const MANAGER = 'wang.wei@demo.example';
/** Hosts the ad-hoc meeting (typeAdHocMeeting); not Zhang Min's manager. */
const MEETING_HOST = 'li.na@demo.example';
/** On People, with no part in the meeting and no reports: may not change the action. */
const OUTSIDER = 'zhao.lei@demo.example';

const TEAM_HEADING = '下属逾期行动项';
const HOSTED_HEADING = '您主持会议的逾期行动项';

describe('actions from minutes lines, overdue days, escalation', () => {
  const workbook = useLocalWorkbook('actions');
  const { mailbox, postEdit, readTab, resync, setClock, tick, typeAdHocMeeting, typeRows } = workbook;
  /** Types one cell under `name` as `editor` (one onEdit of that cell); answers the tab. */
  const typeCellAs = async (title: string, row: number, name: string, value: string, editor: string) => {
    const header = (await readTab(title)).values[0]!;
    expect(header).toContain(name);
    return postEdit(title, { row, column: header.indexOf(name) + 1, values: [[value]], editor });
  };
  let meetingId: string;
  let lineId: string;
  let actionId: string;
  /** The Actions row of the action (found once, rows do not move here). */
  let actionRow: number;

  const actions = async () => (await readTab(ACTIONS_TAB)).values;
  const digestsOf = async (address: string, date: string) =>
    (await mailbox(address)).filter((m) => m.subject.includes(date) && m.subject.startsWith('[会议跟进]'));

  it('an action line of the minutes becomes one Actions row in the tick, with the line’s columns', async () => {
    meetingId = await typeAdHocMeeting('价格复盘 Pricing review', WORKING_MORNING.plus({ hours: 1 }), 60);
    const [line] = await typeRows(
      MINUTES_TAB,
      [{ 会议: meetingId, 类别: '行动项', 内容: '发送新价格表', 负责人: OWNER, 截止日期: '2027-03-10' }],
      RECORDER,
    );
    expect(line!.状态).toBe('OK');
    lineId = line!.编号!;
    expect(await actions()).toHaveLength(1); // the header only: the row comes with the tick

    const report = await tick();
    expect(report.workbooks[0]!.error).toBeUndefined();
    const values = await actions();
    const rows = values.slice(1).filter((row) => row.includes('发送新价格表'));
    expect(rows).toHaveLength(1);
    actionRow = values.indexOf(rows[0]!) + 1;
    actionId = cellAt(values, actionRow, '编号');
    expect(actionId).toBe(lineId.replace(/^MN-/u, 'AC-'));
    expect(cellAt(values, actionRow, '状态')).toBe('OK');
    expect(cellAt(values, actionRow, '来源会议')).toBe(meetingId);
    expect(cellAt(values, actionRow, '负责人')).toBe(OWNER);
    expect(cellAt(values, actionRow, '截止日期')).toBe('2027-03-10');
    expect(cellAt(values, actionRow, '执行状态')).toBe('未开始');
    expect(cellAt(values, actionRow, '逾期天数')).toBe('');

    // A second tick writes nothing again.
    await tick();
    expect((await actions()).slice(1).filter((row) => row.includes(actionId))).toHaveLength(1);
  });

  it('the owner’s status stays when the line’s text changes; the text follows the line', async () => {
    expect(cellAt(await typeCellAs(ACTIONS_TAB, actionRow, '执行状态', '进行中', OWNER), actionRow, '状态')).toBe('OK');
    const noted = await typeCellAs(ACTIONS_TAB, actionRow, '进展说明', '已联系财务', OWNER);
    expect(cellAt(noted, actionRow, '状态')).toBe('OK');
    const minutes = (await readTab(MINUTES_TAB)).values;
    const lineRow = minutes.findIndex((row) => row.includes(lineId)) + 1;
    const changed = await typeCellAs(MINUTES_TAB, lineRow, '内容', '发送 2027 新价格表', RECORDER);
    expect(cellAt(changed, lineRow, '状态')).toBe('OK');
    await tick();
    const values = await actions();
    expect(cellAt(values, actionRow, '事项')).toBe('发送 2027 新价格表');
    expect(cellAt(values, actionRow, '执行状态')).toBe('进行中');
    expect(cellAt(values, actionRow, '进展说明')).toBe('已联系财务');
    expect(values.slice(1).filter((row) => row.includes(actionId))).toHaveLength(1);
  });

  it('a status change by someone who is not the owner, host, recorder or manager is refused and put back', async () => {
    const refused = await typeCellAs(ACTIONS_TAB, actionRow, '执行状态', '已完成', OUTSIDER);
    expect(cellAt(refused, actionRow, '状态')).not.toMatch(/^OK/u);
    expect(cellAt(refused, actionRow, '执行状态')).toBe('进行中');
  });

  it('a day after the due date the host sees it in the digest, the manager not yet; Overdue days shows 1', async () => {
    setClock(WORKING_MORNING.plus({ days: 2 }).set({ hour: 8, minute: 5 })); // Thursday 03-11
    await tick();
    expect(cellAt(await actions(), actionRow, '逾期天数')).toBe('1');
    const [hostDigest] = await digestsOf(MEETING_HOST, '2027-03-11');
    expect(hostDigest?.text).toContain(HOSTED_HEADING);
    expect(hostDigest?.text).toContain('发送 2027 新价格表');
    const managerDigests = await digestsOf(MANAGER, '2027-03-11');
    expect(managerDigests.every((m) => !m.text.includes(TEAM_HEADING))).toBe(true);
  });

  it('after 3 overdue days (the default) it reaches the owner’s manager under its own heading', async () => {
    setClock(WORKING_MORNING.plus({ days: 6 }).set({ hour: 8, minute: 5 })); // Monday 03-15: 5 days overdue
    await tick();
    expect(cellAt(await actions(), actionRow, '逾期天数')).toBe('5');
    const [managerDigest] = await digestsOf(MANAGER, '2027-03-15');
    expect(managerDigest?.text).toContain(TEAM_HEADING);
    expect(managerDigest?.text).toContain('发送 2027 新价格表');
    expect(managerDigest?.text).toContain('逾期 5 天');
    const [ownerDigest] = await digestsOf(OWNER, '2027-03-15');
    expect(ownerDigest?.text).toContain('发送 2027 新价格表');
  });

  it('marked done by its owner, it leaves every digest and its Overdue days clear', async () => {
    const done = await typeCellAs(ACTIONS_TAB, actionRow, '执行状态', '已完成', OWNER);
    expect(cellAt(done, actionRow, '状态')).toBe('OK');
    expect(cellAt(done, actionRow, '逾期天数')).toBe('');
    setClock(WORKING_MORNING.plus({ days: 7 }).set({ hour: 8, minute: 5 })); // Tuesday 03-16
    await tick();
    for (const address of [OWNER, MANAGER, MEETING_HOST]) {
      const digests = await digestsOf(address, '2027-03-16');
      expect(
        digests.every((m) => !m.text.includes('发送 2027 新价格表')),
        address,
      ).toBe(true);
    }
  });

  it('a deleted action line cancels its action (the row and the owner’s note stay)', async () => {
    const [line] = await typeRows(
      MINUTES_TAB,
      [{ 会议: meetingId, 类别: '行动项', 内容: '预订展会场地', 负责人: OWNER, 截止日期: '2027-03-30' }],
      RECORDER,
    );
    await tick();
    const before = await actions();
    const row = before.findIndex((r) => r.includes(line!.编号!.replace(/^MN-/u, 'AC-'))) + 1;
    expect(cellAt(before, row, '执行状态')).toBe('未开始');
    await typeCellAs(ACTIONS_TAB, row, '进展说明', '已询价', OWNER);

    const minutes = (await readTab(MINUTES_TAB)).values;
    const lineRow = minutes.findIndex((r) => r.includes(line!.编号!)) + 1;
    await postEdit(MINUTES_TAB, { row: lineRow, column: 1, values: [minutes[0]!.map(() => '')] });
    await resync(MINUTES_TAB);
    await tick();
    const after = await actions();
    expect(cellAt(after, row, '执行状态')).toBe('已取消');
    expect(cellAt(after, row, '进展说明')).toBe('已询价');
    expect(cellAt(after, row, '状态')).toBe('OK');
  });
});

describe('the action-line pass survives a crash after its append', () => {
  const workbook = useLocalWorkbook('actions-crash');
  const { readTab, typeAdHocMeeting, typeRows } = workbook;

  it('a pass that died after Sheets stored its row is followed by one that saves it, not appending twice', async () => {
    const meeting = await typeAdHocMeeting('库存会 Stock review', WORKING_MORNING.plus({ hours: 1 }), 60);
    const [line] = await typeRows(
      MINUTES_TAB,
      [{ 会议: meeting, 类别: '行动项', 内容: '盘点华东仓库', 负责人: OWNER, 截止日期: '2027-03-12' }],
      RECORDER,
    );
    const actionId = line!.编号!.replace(/^MN-/u, 'AC-');
    const db = stackFirestore(workbook.stack);
    const records = new FirestoreRecords(db);
    const actionsStore = new FirestoreActions(records);
    const sheets = sheetsWorkbook(new SheetsAdapter(createSheetsClient({ rootUrl: workbook.stack.workspaceRootUrl })));
    const deps = (adapter: WorkbookSheets): ActionLineDeps => ({
      store: new FirestoreSheetEditStore(records, { timeZone: ZONE, language: 'zh' }),
      logs: createLogs(createLogger('silent')),
      rules: new FirestoreRuleContext(records),
      lines: actionsStore,
      sheets: adapter,
      editor: 'notices@demo.example',
    });
    const crashing: WorkbookSheets = {
      ...sheets,
      appendRows: async (...args) => {
        await sheets.appendRows(...args);
        throw new Error('connection reset after the append was applied');
      },
    };
    const settings = { timeZone: ZONE, language: 'zh' as const };
    const spreadsheetId = workbook.stack.spreadsheetId;
    await expect(syncActionLines(spreadsheetId, settings, deps(crashing), WORKING_MORNING)).rejects.toThrow(/reset/u);
    const shown = (values: string[][]) => values.slice(1).filter((row) => row.includes(actionId));
    expect(shown((await readTab(ACTIONS_TAB)).values)).toHaveLength(1);
    expect((await db.doc(`workbooks/${spreadsheetId}/actions/${actionId}`).get()).exists).toBe(false);

    // Inside the lease another pass leaves the line alone; after it, the row is found by its ID and saved.
    const inLease = await syncActionLines(spreadsheetId, settings, deps(sheets), WORKING_MORNING.plus({ minutes: 1 }));
    expect(inLease.lines).toBe(0);
    const report = await syncActionLines(spreadsheetId, settings, deps(sheets), WORKING_MORNING.plus({ minutes: 6 }));
    expect(report).toMatchObject({ lines: 1, appended: 0, settled: 1 });
    const values = (await readTab(ACTIONS_TAB)).values;
    expect(shown(values)).toHaveLength(1);
    const row = values.findIndex((r) => r.includes(actionId)) + 1;
    expect(cellAt(values, row, '状态')).toBe('OK');
    const record = await db.doc(`workbooks/${spreadsheetId}/actions/${actionId}`).get();
    expect(record.get('data.text')).toBe('盘点华东仓库');
    expect((await db.doc(`workbooks/${spreadsheetId}/minutes/${line!.编号!}`).get()).get('actionSync')).toBe('done');
    await db.terminate();
  });
});

describe('carry-over: open actions of a series under the next meeting’s review item', () => {
  const workbook = useLocalWorkbook('actions-carry-over');
  const { mailbox, readTab, setClock, tick, typeRows } = workbook;
  const SOP_TITLE = '销售与运营周例会 Weekly S&OP';

  it('lists the open action on the next meeting’s review item and in its notice mail', async () => {
    // The first tick writes the series' next weeks (2027-03-22 …) with their review items.
    await tick();
    const meetings = (await readTab(MEETINGS_TAB)).values;
    const sop = meetings
      .slice(1)
      .filter((row) => row.includes(SOP_TITLE))
      .map((row) => ({ id: row[meetings[0]!.indexOf('编号')]!, start: String(row[meetings[0]!.indexOf('开始时间')]) }))
      // The template row was typed 2027/03/15, generated rows are written 2027-03-22: compare as dates.
      .map((m) => ({ ...m, start: m.start.replaceAll('/', '-') }))
      .sort((a, b) => (a.start < b.start ? -1 : 1));
    expect(sop.length).toBeGreaterThanOrEqual(2);
    const first = sop[0]!;
    const next = sop[1]!;
    const [line] = await typeRows(
      MINUTES_TAB,
      [{ 会议: first.id, 类别: '行动项', 内容: '整理渠道库存', 负责人: 'li.na@demo.example', 截止日期: '2027-03-19' }],
      'zhao.lei@demo.example',
    );
    expect(line!.状态).toBe('OK');
    await tick();
    const agenda = (await readTab(AGENDA_TAB)).values;
    const reviewRow = agenda.findIndex(
      (row) => row.includes(next.id) && row.some((c) => String(c).includes('上次决议跟踪')),
    );
    expect(reviewRow).toBeGreaterThan(0);
    const carried = cellAt(agenda, reviewRow + 1, '待跟踪行动项');
    expect(carried).toContain('整理渠道库存');
    expect(carried).toContain('li.na@demo.example');

    // The weekly meeting's notice goes out a day before (Sunday 03-21): it lists the action under the review item.
    setClock(WORKING_MORNING.plus({ days: 12 }).set({ hour: 10, minute: 0 }));
    await tick();
    const notices = (await mailbox('chen.jing@demo.example')).filter(
      (m) => m.subject.includes('会议通知') && m.subject.includes('3月22日'),
    );
    expect(notices.length).toBeGreaterThan(0);
    expect(notices[0]!.text).toContain('整理渠道库存');
  });
});
