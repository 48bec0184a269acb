// Material is owed to a meeting (seed 002 资料提交): the attendees read it before the meeting. Found in use: on
// 03-22 a presenter's digest still listed the material for the 03-15 meeting as "逾期 10 天 / 10 days overdue".
// On the demo workbook (pinned at WORKING_MORNING): Li Na presents "Weekly sales and stock" at next Monday's
// S&OP (2027-03-15 09:00) with no material link, due the Friday before at 18:00. Her digest lists it the
// morning of the meeting and no longer once the meeting has started; a material item of an ad-hoc meeting due
// shortly before it is in no urgent reminder or digest planned after the meeting started; the material of a
// cancelled (deleted) meeting leaves the digest at once.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { WORKING_MORNING, ZONE } from '../support/pinned-time.ts';
import { AGENDA_TAB, MEETINGS_TAB, useLocalWorkbook } from './support/local-workbook.ts';

const PRESENTER = 'li.na@demo.example';
const SOP_TOPIC = '本周销量与库存 Weekly sales and stock';
/** Li Na's material for the dealer conference (2027-03-25), due 2027-03-22 18:00: her digest that day has it. */
const CONFERENCE_TOPIC = '新品与返利政策 New products and rebates';
const nextMonday = WORKING_MORNING.startOf('week').plus({ weeks: 1 });
const DIGEST_SUBJECT = '今日待办';

describe('material reminders stop once the meeting has started', () => {
  const { mailbox, postEdit, readTab, resync, setClock, tick, typeAdHocMeeting, typeRow } =
    useLocalWorkbook('material-after-meeting');

  /** Li Na's digest of one day (by the mail's date in the workbook zone). */
  const digestOf = async (day: DateTime) =>
    (await mailbox(PRESENTER)).filter(
      (m) =>
        m.subject.includes(DIGEST_SUBJECT) && DateTime.fromISO(m.date).setZone(ZONE).toISODate() === day.toISODate(),
    );

  it("lists the overdue material in the presenter's digest on the morning of the meeting", async () => {
    setClock(nextMonday.set({ hour: 8, minute: 10 }));
    await tick();
    const digests = await digestOf(nextMonday);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.text).toContain(SOP_TOPIC);
  });

  it('leaves it out of her digest a week after the meeting, which still lists her other material', async () => {
    const later = nextMonday.plus({ weeks: 1 }).set({ hour: 8, minute: 10 });
    setClock(later);
    await tick();
    const digests = await digestOf(later);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.text).toContain(CONFERENCE_TOPIC);
    expect(digests[0]!.text).not.toContain(SOP_TOPIC);
  });

  it('sends nothing about material due shortly before a meeting once that meeting has started', async () => {
    // Typed on a Wednesday morning: a meeting at 11:00, Li Na's material due at 10:30, no link yet.
    const day = nextMonday.plus({ weeks: 1, days: 2 });
    setClock(day.set({ hour: 9, minute: 0 }));
    const start = day.set({ hour: 11, minute: 0 });
    const meetingId = await typeAdHocMeeting('临时复盘 Ad-hoc review', start, 60);
    const topic = '渠道库存复盘 Channel stock review';
    const row = (await readTab(AGENDA_TAB)).values.length + 1;
    const values = await typeRow(AGENDA_TAB, row, {
      会议: meetingId,
      序号: '1',
      议题: topic,
      汇报人: PRESENTER,
      材料截止时间: start.minus({ minutes: 30 }).toFormat('yyyy/MM/dd HH:mm'),
    });
    expect(values[row - 1]![values[0]!.indexOf('状态')]).toMatch(/^OK/u);

    // The first tick after that runs once the meeting has started (the scheduler was down): the material,
    // overdue by 35 minutes, is in no urgent reminder and not in that day's digest.
    setClock(start.plus({ minutes: 5 }));
    await tick();
    expect(await digestOf(day)).toHaveLength(1);
    expect((await mailbox(PRESENTER)).filter((m) => m.text.includes(topic))).toHaveLength(0);
  });

  it('drops the material of a cancelled meeting (its row deleted) before the meeting would have started', async () => {
    // Typed on Thursday at 12:00: a meeting next Tuesday 14:00, Li Na's material due Friday 18:00.
    const thursday = nextMonday.plus({ weeks: 1, days: 3 });
    setClock(thursday.set({ hour: 12, minute: 0 }));
    const start = thursday.plus({ days: 5 }).set({ hour: 14, minute: 0 });
    const meetingRow = (await readTab(MEETINGS_TAB)).values.length + 1;
    const meetingId = await typeAdHocMeeting('临时会议:返利复核 Ad-hoc: rebate check', start, 60);
    const topic = '返利数据核对 Rebate figures';
    const row = (await readTab(AGENDA_TAB)).values.length + 1;
    const values = await typeRow(AGENDA_TAB, row, {
      会议: meetingId,
      序号: '1',
      议题: topic,
      汇报人: PRESENTER,
      材料截止时间: thursday.plus({ days: 1 }).set({ hour: 18, minute: 0 }).toFormat('yyyy/MM/dd HH:mm'),
    });
    expect(values[row - 1]![values[0]!.indexOf('状态')]).toMatch(/^OK/u);
    const friday = thursday.plus({ days: 1 }).set({ hour: 8, minute: 10 });
    setClock(friday);
    await tick();
    expect((await digestOf(friday))[0]?.text).toContain(topic);

    // Cancelled on Friday (the row cleared, then the sheet resynced, as the menu does).
    setClock(friday.set({ hour: 12 }));
    const header = (await readTab(MEETINGS_TAB)).values[0]!;
    await postEdit(MEETINGS_TAB, { row: meetingRow, column: 1, values: [header.map(() => '')] });
    expect((await resync(MEETINGS_TAB)).some((r) => r.includes(meetingId))).toBe(false);

    // Monday: the material, overdue since Friday, is in no digest of a meeting that will not happen.
    const monday = friday.plus({ days: 3 });
    setClock(monday);
    await tick();
    const mentions = (await mailbox(PRESENTER)).filter((m) => m.text.includes(topic));
    const days = new Set(mentions.map((m) => DateTime.fromISO(m.date).setZone(ZONE).toISODate()));
    expect([...days]).toEqual([friday.toISODate()]);
  });
});
