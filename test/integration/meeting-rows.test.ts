// Meetings, agenda and attendance rows typed into the sheet (real Apps Script mapping + signed sheetEdit, on the
// local stack) and checked against other tabs: People and the meeting type, the agenda against its meeting,
// attendance Results and leave approval, the late grace from the Settings tab. Its own workbook, with the stack
// clock pinned to a working-day morning (WORKING_MORNING) or a chosen hour of that day.
import { describe, expect, it } from 'vitest';
import { WORKING_MORNING } from '../support/pinned-time.ts';
import {
  AGENDA_TAB,
  ATTENDANCE_TAB,
  HOST,
  MEETINGS_TAB,
  SETTINGS_TAB,
  useLocalWorkbook,
  wallTime,
} from './support/local-workbook.ts';

describe('rows checked against other tabs, typed into the sheet', () => {
  const { readTab, setClock, typeCell, typeRow, typeRows } = useLocalWorkbook('meeting-rows');

  it(
    'checks a meeting against People and its type: unknown host refused, dealer conference needs venue and ' +
      'budget, over budget saved with a warning',
    async () => {
      setClock(WORKING_MORNING);
      // Monday 2027-03-29 09:00.
      const day = WORKING_MORNING.plus({ days: 20 }).set({ hour: 9, minute: 0 });
      const [ghost, dealer, overBudget] = await typeRows(MEETINGS_TAB, [
        {
          会议类型: '临时会议',
          会议主题: 'Ghost host',
          开始时间: wallTime(day),
          结束时间: wallTime(day.plus({ hours: 1 })),
          主持人: 'ghost@example.com',
        },
        {
          会议类型: '销售商会议',
          会议主题: 'Dealer without venue',
          开始时间: wallTime(day),
          结束时间: wallTime(day.plus({ hours: 8 })),
          主持人: HOST,
        },
        {
          会议类型: '专题会',
          会议主题: 'Over budget',
          开始时间: wallTime(day),
          结束时间: wallTime(day.plus({ hours: 1 })),
          主持人: 'Li.Na@demo.example',
          预算: '1000',
          实际费用: '1200',
        },
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
    },
  );

  it(
    'checks agenda rows against their meeting: unknown meeting, overrun saved with a warning, material due ' +
      'after the start refused',
    async () => {
      setClock(WORKING_MORNING.plus({ minutes: 10 }));
      // Tuesday 2027-03-30 14:00.
      const day = WORKING_MORNING.plus({ days: 21 }).set({ hour: 14, minute: 0 });
      const [meeting] = await typeRows(MEETINGS_TAB, [
        {
          会议类型: '专题会',
          会议主题: 'One-hour review',
          开始时间: wallTime(day),
          结束时间: wallTime(day.plus({ hours: 1 })),
          主持人: HOST,
        },
      ]);
      const id = meeting!.编号!;
      expect(id).toMatch(/^M-/u);
      const twoHoursBefore = wallTime(day.minus({ hours: 2 }));
      const twoHoursAfter = wallTime(day.plus({ hours: 2 }));
      const [numbers, plan, late, orphan] = await typeRows(AGENDA_TAB, [
        { 会议: id, 序号: '1', 议题: 'Numbers', '时长（分钟）': '40', 材料截止时间: twoHoursBefore },
        { 会议: id, 序号: '2', 议题: 'Plan', '时长（分钟）': '30' },
        { 会议: id, 序号: '3', 议题: 'Late deck', '时长（分钟）': '5', 材料截止时间: twoHoursAfter },
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
    },
  );

  it(
    'computes the Result of attendance rows and refuses leave without a substitute or approved by the wrong ' +
      'person',
    async () => {
      // The afternoon of the working day: one meeting three hours ago (over), one in two days.
      const now = WORKING_MORNING.set({ hour: 15 });
      setClock(now);
      const past = now.minus({ hours: 3 });
      const soon = now.plus({ days: 2 });
      const [pastMeeting, soonMeeting] = await typeRows(MEETINGS_TAB, [
        {
          会议类型: '临时会议',
          会议主题: 'Three hours ago',
          开始时间: wallTime(past),
          结束时间: wallTime(past.plus({ hours: 1 })),
          主持人: 'wang.wei@demo.example',
        },
        {
          会议类型: '临时会议',
          会议主题: 'In two days',
          开始时间: wallTime(soon),
          结束时间: wallTime(soon.plus({ hours: 1 })),
          主持人: 'wang.wei@demo.example',
        },
      ]);
      const [onTime, late, absent, onLeave, noSubstitute] = await typeRows(
        ATTENDANCE_TAB,
        [
          {
            会议: pastMeeting!.编号!,
            参会人: 'li.na@demo.example',
            签到时间: wallTime(past.plus({ minutes: 2 })),
            签退时间: wallTime(past.plus({ hours: 1 })),
          },
          {
            会议: pastMeeting!.编号!,
            参会人: 'zhang.min@demo.example',
            签到时间: wallTime(past.plus({ minutes: 20 })),
          },
          { 会议: pastMeeting!.编号!, 参会人: 'chen.jing@demo.example' },
          {
            会议: soonMeeting!.编号!,
            参会人: 'zhang.min@demo.example',
            申请请假: '是',
            请假已批准: '是',
            代理人: 'chen.jing@demo.example',
          },
          { 会议: soonMeeting!.编号!, 参会人: 'chen.jing@demo.example', 申请请假: '是' },
        ],
        'wang.wei@demo.example',
      );
      expect(onTime!.出勤结果).toBe('准时 on time');
      expect(late!.出勤结果).toBe('迟到 late');
      expect(absent!.出勤结果).toBe('缺席 absent');
      expect(onLeave!.出勤结果).toMatch(/^请假/u);
      expect(onLeave!.编号).toMatch(/^AT-/u);
      expect(noSubstitute!.编号).toBe('');
      expect(noSubstitute!.状态).toContain('请假须安排他人代为参会');

      // li.na is neither the host nor zhao.lei's manager: she may not add his row (edit-permissions.ts), so her
      // approval is refused and nothing is saved.
      const zhaoLeiLeave = {
        会议: soonMeeting!.编号!,
        参会人: 'zhao.lei@demo.example',
        申请请假: '是',
        请假已批准: '是',
        代理人: 'li.na@demo.example',
      };
      const [notAllowed] = await typeRows(ATTENDANCE_TAB, [zhaoLeiLeave], 'li.na@demo.example');
      expect(notAllowed!.编号).toBe('');
      expect(notAllowed!.状态).toContain('无权在“签到”表中添加');
      // An admin may add the row, but approving a leave stays the host's or the person's manager's.
      const [wrongApprover] = await typeRows(ATTENDANCE_TAB, [zhaoLeiLeave], 'admin@demo.example');
      expect(wrongApprover!.编号).toBe('');
      expect(wrongApprover!.状态).toContain('无权批准');
    },
  );

  it('takes the late grace from the Settings tab', async () => {
    // The afternoon of the working day; the meeting was five hours ago.
    const now = WORKING_MORNING.set({ hour: 16 });
    setClock(now);
    const past = now.minus({ hours: 5 });
    const [meeting] = await typeRows(MEETINGS_TAB, [
      {
        会议类型: '临时会议',
        会议主题: 'Grace check',
        开始时间: wallTime(past),
        结束时间: wallTime(past.plus({ hours: 1 })),
        主持人: 'wang.wei@demo.example',
      },
    ]);
    const arrive = (person: string) => ({
      会议: meeting!.编号!,
      参会人: person,
      签到时间: wallTime(past.plus({ minutes: 12 })),
    });
    const [withDefault] = await typeRows(ATTENDANCE_TAB, [arrive('li.na@demo.example')]);
    expect(withDefault!.出勤结果).toBe('迟到 late');

    const settingRow = (await readTab(SETTINGS_TAB)).values.length + 1;
    const saved = await typeRow(SETTINGS_TAB, settingRow, { 设置项: '迟到宽限分钟', 值: '15' });
    expect(saved[settingRow - 1]![saved[0]!.indexOf('状态')]).toMatch(/^OK/u);
    const [withGrace] = await typeRows(ATTENDANCE_TAB, [arrive('zhang.min@demo.example')]);
    expect(withGrace!.出勤结果).toBe('准时 on time');
    // Back to the default, as the workbook was.
    await typeCell(SETTINGS_TAB, settingRow, '值', '5');
  });
});
