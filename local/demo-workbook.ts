// The bilingual demo workbook a first `npm start` creates: a small sales team, its weekly S&OP series, a
// monthly review and a dealer conference, with one deliberately wrong row so a new user sees how errors
// appear next to the row. Dates are relative to the stack clock's today, in the workbook's time zone.
import type { DateTime } from 'luxon';
import type { SheetsAdapter } from '../functions/src/adapters/sheets.ts';
import { a1Range } from '../functions/src/adapters/sheets.ts';
import { findTab, matchHeaders } from '../functions/src/domain/workbook/header-matching.ts';

type DemoRow = Record<string, string | number | boolean>;

const SOP_TITLE = '销售与运营周例会 Weekly S&OP';
const CONFERENCE_TITLE = '华东销售商会议 East China dealer conference';

export function demoRows(now: DateTime): Record<string, DemoRow[]> {
  const nextMonday = now.startOf('week').plus({ weeks: 1 });
  const at = (day: DateTime, hour: number, minute = 0) => day.set({ hour, minute }).toFormat('yyyy/MM/dd HH:mm');
  const monthEnd = now.endOf('month').startOf('day');
  return {
    people: [
      {
        email: 'wang.wei@demo.example',
        name: '王伟 Wang Wei',
        role: '经理',
        team: '华东销售部',
        region: '上海',
        active: '是',
        joined: '2019/03/01',
      },
      {
        email: 'li.na@demo.example',
        name: '李娜 Li Na',
        role: '销售代表',
        team: '华东销售部',
        region: '上海',
        manager: 'wang.wei@demo.example',
        active: '是',
        joined: '2022/07/15',
        capacity: 120,
      },
      {
        email: 'zhang.min@demo.example',
        name: '张敏 Zhang Min',
        role: 'sales rep',
        team: '华东销售部',
        region: '杭州',
        manager: 'wang.wei@demo.example',
        active: 'yes',
        joined: '2023/02/20',
        capacity: 100,
      },
      {
        email: 'chen.jing@demo.example',
        name: '陈静 Chen Jing',
        role: '顾服医生',
        team: '客服中心',
        region: '上海',
        manager: 'wang.wei@demo.example',
        active: '是',
      },
      {
        email: 'zhao.lei@demo.example',
        name: '赵磊 Zhao Lei',
        role: '员工',
        team: '运营部',
        region: '上海',
        active: '是',
      },
      { email: 'admin@demo.example', name: '系统管理员 Admin', role: 'admin', team: '信息部', active: '是' },
    ],
    meetings: [
      {
        type: '周例会',
        title: SOP_TITLE,
        series: 'SOP-WEEKLY',
        recurrence: 'weekly Mon 09:00',
        start: at(nextMonday, 9),
        end: at(nextMonday, 10, 30),
        venue: '3楼会议室 Room 301',
        host: 'wang.wei@demo.example',
        recorder: 'zhao.lei@demo.example',
        budget: 0,
      },
      {
        type: 'monthly review',
        title: '月度总结会 Monthly review',
        start: at(monthEnd, 14),
        end: at(monthEnd, 17),
        venue: '大会议室 Main hall',
        host: 'wang.wei@demo.example',
        recorder: 'zhao.lei@demo.example',
        budget: 2000,
      },
      {
        type: '销售商会议',
        title: CONFERENCE_TITLE,
        start: at(nextMonday.plus({ days: 10 }), 9),
        end: at(nextMonday.plus({ days: 10 }), 16),
        venue: '杭州国际酒店 Hangzhou International Hotel',
        host: 'wang.wei@demo.example',
        recorder: 'zhang.min@demo.example',
        lodging: '外地代表安排住宿一晚 One night of lodging for out-of-town dealers',
        budget: 50000,
        actualCost: 0,
      },
      {
        type: '临时会议',
        title: '示例:时间有误 Example: end before start',
        start: at(nextMonday.plus({ days: 2 }), 15),
        end: at(nextMonday.plus({ days: 2 }), 14),
        venue: '2楼 Room 201',
        host: 'li.na@demo.example',
      },
    ],
    settings: [
      { setting: '每日摘要时间', value: '08:00', note: '工作日早上发送每日摘要 Daily digest on working days' },
      { setting: '免打扰开始', value: '22:00', note: '此后不发提醒 No reminders after this' },
      { setting: '免打扰结束', value: '07:00' },
      { setting: '节假日', value: '2027-01-01', note: '元旦 New Year' },
      { setting: '节假日', value: '2027-02-06', note: '春节 Spring Festival (example)' },
      { setting: '调休上班日', value: '2027-02-14', note: '调休 Make-up working Sunday (example)' },
    ],
  };
}

/**
 * Rows that name a meeting by its ID, which exists only once the Meetings rows are saved: the weekly series'
 * roster (copied to every occurrence the tick creates) and agendas with a material deadline.
 */
export function demoLinkedRows(now: DateTime, meetingIds: ReadonlyMap<string, string>): Record<string, DemoRow[]> {
  const nextMonday = now.startOf('week').plus({ weeks: 1 });
  const conference = nextMonday.plus({ days: 10 });
  const at = (day: DateTime, hour: number) => day.set({ hour, minute: 0 }).toFormat('yyyy/MM/dd HH:mm');
  const sop = meetingIds.get(SOP_TITLE);
  const dealer = meetingIds.get(CONFERENCE_TITLE);
  const attendance: DemoRow[] = sop
    ? [
        { meeting: sop, person: 'wang.wei@demo.example', role: '主持人' },
        { meeting: sop, person: 'zhao.lei@demo.example', role: '记录人' },
        { meeting: sop, person: 'li.na@demo.example', role: '汇报人' },
        { meeting: sop, person: 'chen.jing@demo.example', role: '参会人' },
      ]
    : [];
  const agenda: DemoRow[] = [
    ...(sop
      ? [
          {
            meeting: sop,
            order: 1,
            topic: '上次决议跟踪 Review of previous decisions',
            presenter: 'wang.wei@demo.example',
            minutesAllotted: 15,
          },
          {
            meeting: sop,
            order: 2,
            topic: '本周销量与库存 Weekly sales and stock',
            presenter: 'li.na@demo.example',
            minutesAllotted: 45,
            materialDue: at(nextMonday.minus({ days: 3 }), 18),
          },
        ]
      : []),
    ...(dealer
      ? [
          {
            meeting: dealer,
            order: 1,
            topic: '华东市场回顾 East China market review',
            presenter: 'wang.wei@demo.example',
            minutesAllotted: 90,
          },
          {
            meeting: dealer,
            order: 2,
            topic: '新品与返利政策 New products and rebates',
            presenter: 'li.na@demo.example',
            minutesAllotted: 120,
            materialDue: at(conference.minus({ days: 3 }), 18),
          },
        ]
      : []),
  ];
  return { attendance, agenda };
}

/** Meeting title → ID, from the saved Meetings tab. */
async function meetingIdsByTitle(
  sheets: SheetsAdapter,
  spreadsheetId: string,
  title: string,
): Promise<Map<string, string>> {
  const [header = [], ...rows] = await sheets.readTab(spreadsheetId, title);
  const { columns } = matchHeaders('meetings', header);
  const ids = new Map<string, string>();
  for (const row of rows) {
    const id = row[columns.get('id') ?? -1];
    const name = row[columns.get('title') ?? -1];
    if (typeof id === 'string' && id !== '' && typeof name === 'string') ids.set(name, id);
  }
  return ids;
}

/** The linked rows, written once the Meetings rows have IDs; returns the tabs written. */
export async function writeLinkedDemoRows(
  sheets: SheetsAdapter,
  spreadsheetId: string,
  titles: Map<string, string>,
  now: DateTime,
): Promise<string[]> {
  const meetingsTitle = titles.get('meetings');
  if (!meetingsTitle) return [];
  return writeRows(
    sheets,
    spreadsheetId,
    titles,
    demoLinkedRows(now, await meetingIdsByTitle(sheets, spreadsheetId, meetingsTitle)),
  );
}

/** Writes the demo rows under the headers the workbook actually has (any order, either language). */
export async function writeDemoRows(
  sheets: SheetsAdapter,
  spreadsheetId: string,
  titles: Map<string, string>,
  now: DateTime,
): Promise<string[]> {
  return writeRows(sheets, spreadsheetId, titles, demoRows(now));
}

async function writeRows(
  sheets: SheetsAdapter,
  spreadsheetId: string,
  titles: Map<string, string>,
  tabs: Record<string, DemoRow[]>,
): Promise<string[]> {
  const written: string[] = [];
  for (const [tabKey, rows] of Object.entries(tabs)) {
    if (rows.length === 0) continue;
    const title = titles.get(tabKey);
    const tab = title ? findTab(title) : undefined;
    if (!title || !tab) continue;
    const header = (await sheets.readTab(spreadsheetId, title))[0] ?? [];
    const { columns } = matchHeaders(tab, header);
    const width = header.length;
    const values = rows.map((row) => {
      const cells: (string | number | boolean)[] = new Array(width).fill('');
      for (const [key, value] of Object.entries(row)) {
        const index = columns.get(key);
        if (index !== undefined) cells[index] = value;
      }
      return cells;
    });
    await sheets.writeValues(spreadsheetId, a1Range(title, `A2`), values);
    written.push(title);
  }
  return written;
}
