// Issue 14 used as its people would (review as a new user): defects found by living a week of minutes and actions
// on the local stack, each pinned here. A line of confirmed minutes deleted in the sheet is put back (confirmed
// minutes change only by a new version); a line made a decision and then an action again reopens the action the
// first change cancelled. The clock starts at WORKING_MORNING and moves only to pinned instants.
import { describe, expect, it } from 'vitest';
import { WORKING_MORNING } from '../support/pinned-time.ts';
import { ATTENDANCE_TAB, HOST, MEETINGS_TAB, RECORDER, cellAt, useLocalWorkbook } from './support/local-workbook.ts';

const MINUTES_TAB = '纪要';
const ACTIONS_TAB = '行动项';
const OWNER = 'zhang.min@demo.example';

describe('minutes and actions in use', () => {
  const workbook = useLocalWorkbook('minutes-in-use');
  const { postEdit, readTab, resync, setClock, tick, typeAdHocMeeting, typeRows } = workbook;
  const rowOf = (values: string[][], id: string) => values.findIndex((r) => r[values[0]!.indexOf('编号')] === id) + 1;
  let meetingId = '';
  let lines: Array<Record<string, string>> = [];

  const finalize = async (editor: string) => {
    const meetings = (await readTab(MEETINGS_TAB)).values;
    const response = await fetch(
      `${workbook.stack.url}/api/tabs/${encodeURIComponent(MEETINGS_TAB)}/finalize-minutes`,
      { method: 'POST', body: JSON.stringify({ row: rowOf(meetings, meetingId), editor }) },
    );
    return (await response.json()) as { state?: string; version?: number };
  };
  const typeLineCell = async (id: string, name: string, value: string) => {
    const minutes = (await readTab(MINUTES_TAB)).values;
    const row = rowOf(minutes, id);
    const after = await postEdit(MINUTES_TAB, {
      row,
      column: minutes[0]!.indexOf(name) + 1,
      values: [[value]],
      editor: RECORDER,
    });
    return cellAt(after, row, '状态');
  };

  it('a meeting held this morning with a decision and two action lines', async () => {
    setClock(WORKING_MORNING);
    meetingId = await typeAdHocMeeting('定价复盘 Pricing review', WORKING_MORNING.minus({ hours: 2 }), 60);
    await typeRows(ATTENDANCE_TAB, [{ 会议: meetingId, 参会人: OWNER, 会议角色: '参会人' }]);
    lines = await typeRows(
      MINUTES_TAB,
      [
        { 会议: meetingId, 类别: '决议', 内容: '上调价格 3%' },
        { 会议: meetingId, 类别: '行动项', 内容: '发送新价格表', 负责人: OWNER, 截止日期: '2027-03-12' },
        { 会议: meetingId, 类别: '行动项', 内容: '通知经销商', 负责人: OWNER, 截止日期: '2027-03-15' },
      ],
      RECORDER,
    );
    for (const line of lines) expect(line.状态, JSON.stringify(line)).toBe('OK');
    await tick();
  });

  it('a line made a decision and then an action again reopens the action the first change cancelled', async () => {
    const actionId = lines[2]!.编号!.replace(/^MN-/u, 'AC-');
    const stateOf = async () => {
      const actions = (await readTab(ACTIONS_TAB)).values;
      return cellAt(actions, rowOf(actions, actionId), '执行状态');
    };
    expect(await stateOf()).toBe('未开始');
    expect(await typeLineCell(lines[2]!.编号!, '类别', '决议')).toBe('OK');
    await tick();
    expect(await stateOf()).toBe('已取消');
    expect(await typeLineCell(lines[2]!.编号!, '类别', '行动项')).toBe('OK');
    await tick();
    expect(await stateOf()).toBe('未开始');
  });

  it('an action its host cancelled on the Actions tab stays cancelled when its line’s text changes', async () => {
    const actionId = lines[1]!.编号!.replace(/^MN-/u, 'AC-');
    const actions = (await readTab(ACTIONS_TAB)).values;
    const row = rowOf(actions, actionId);
    const cancelled = await postEdit(ACTIONS_TAB, {
      row,
      column: actions[0]!.indexOf('执行状态') + 1,
      values: [['已取消']],
      editor: HOST,
    });
    expect(cellAt(cancelled, row, '状态')).toBe('OK');
    expect(await typeLineCell(lines[1]!.编号!, '内容', '发送 2027 新价格表')).toBe('OK');
    await tick();
    const after = (await readTab(ACTIONS_TAB)).values;
    expect(cellAt(after, row, '事项')).toBe('发送 2027 新价格表');
    expect(cellAt(after, row, '执行状态')).toBe('已取消');
  });

  it('a line of confirmed minutes deleted in the sheet comes back with a Status saying why', async () => {
    setClock(WORKING_MORNING.plus({ minutes: 30 }));
    expect(await finalize(RECORDER)).toMatchObject({ state: 'issued', version: 1 });
    setClock(WORKING_MORNING.plus({ hours: 25 }));
    await tick();
    const meetings = (await readTab(MEETINGS_TAB)).values;
    expect(cellAt(meetings, rowOf(meetings, meetingId), '纪要状态')).toContain('已确认 v1');

    const minutes = (await readTab(MINUTES_TAB)).values;
    const row = rowOf(minutes, lines[0]!.编号!);
    await postEdit(MINUTES_TAB, { row, column: 1, values: [minutes[0]!.map(() => '')], editor: RECORDER });
    const after = await resync(MINUTES_TAB);
    const back = rowOf(after, lines[0]!.编号!);
    expect(back, JSON.stringify(after)).toBeGreaterThan(0);
    expect(cellAt(after, back, '内容')).toBe('上调价格 3%');
    expect(cellAt(after, back, '状态')).toContain('纪要已确认');
    // Nothing changed, so pressing again issues no new version; after reopening, the deletion stands.
    expect(await finalize(RECORDER)).toMatchObject({ state: 'reopened', version: 1 });
    const reopened = (await readTab(MINUTES_TAB)).values;
    const again = rowOf(reopened, lines[0]!.编号!);
    await postEdit(MINUTES_TAB, { row: again, column: 1, values: [reopened[0]!.map(() => '')], editor: RECORDER });
    const deleted = await resync(MINUTES_TAB);
    expect(rowOf(deleted, lines[0]!.编号!)).toBe(0);
  }, 120_000);
});

describe('a workbook in English', () => {
  const workbook = useLocalWorkbook('minutes-in-use-en', { language: 'en' });
  const { mailbox, readTab, setClock, tick, typeRows } = workbook;
  const ENGLISH_HOST = 'li.na@demo.example';
  const ENGLISH_RECORDER = 'chen.jing@demo.example';
  /** Zhang Min's People "Manager". */
  const MANAGER = 'wang.wei@demo.example';

  it('mails digests, escalations, minutes and Status in English, and writes action states in English', async () => {
    const start = WORKING_MORNING.minus({ hours: 2 });
    const [meeting] = await typeRows('Meetings', [
      {
        Type: 'ad-hoc',
        Title: 'Pricing sync',
        Start: start.toFormat('yyyy/MM/dd HH:mm'),
        End: start.plus({ hours: 1 }).toFormat('yyyy/MM/dd HH:mm'),
        Venue: 'Room 1',
        Host: ENGLISH_HOST,
        Recorder: ENGLISH_RECORDER,
      },
    ]);
    expect(meeting!.Status).toBe('OK');
    const [line] = await typeRows(
      'Minutes',
      [{ Meeting: meeting!.ID!, Kind: 'action', Text: 'Send the price list', Owner: OWNER, Due: '2027-03-10' }],
      ENGLISH_RECORDER,
    );
    expect(line!.Status).toBe('OK');
    await tick();
    const actions = (await readTab('Actions')).values;
    const row = actions.findIndex((r) => r.includes('Send the price list')) + 1;
    expect(cellAt(actions, row, 'Action status')).toBe('open');

    // Five days overdue on Monday 03-15: the owner, the host and the manager are told, in English.
    setClock(WORKING_MORNING.plus({ days: 6 }).set({ hour: 8, minute: 5 }));
    await tick();
    const digestOf = async (address: string) =>
      (await mailbox(address)).filter((m) => m.subject.includes('2027-03-15') || m.subject.includes('15 Mar 2027'));
    const digests = await digestOf(MANAGER);
    expect(digests.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[Follow-up\]/u)]);
    expect(digests[0]!.text).toContain('Overdue actions of your team');
    expect(digests[0]!.text).toContain('Send the price list');
    const ownerDigests = await digestOf(OWNER);
    expect(ownerDigests.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[Follow-up\]/u)]);
    expect(ownerDigests[0]!.text).not.toContain('您好');
  });
});
