// Material is owed to a meeting (seed 002 资料提交): the attendees read it before the meeting. Found in use: on
// 03-22 a presenter's digest still listed the material for the 03-15 meeting as "逾期 10 天 / 10 days overdue".
// On the demo workbook (pinned at WORKING_MORNING): Li Na presents "Weekly sales and stock" at next Monday's
// S&OP (2027-03-15 09:00) with no material link, due the Friday before at 18:00. Her digest lists it the
// morning of the meeting and no longer once the meeting has started; a material item of an ad-hoc meeting due
// shortly before it is in no urgent reminder or digest planned after the meeting started.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { WORKING_MORNING, ZONE } from '../support/pinned-time.ts';
import { AGENDA_TAB, useLocalWorkbook } from './support/local-workbook.ts';

const PRESENTER = 'li.na@demo.example';
const SOP_TOPIC = '本周销量与库存 Weekly sales and stock';
/** Li Na's material for the dealer conference (2027-03-25), due 2027-03-22 18:00: her digest that day has it. */
const CONFERENCE_TOPIC = '新品与返利政策 New products and rebates';
const nextMonday = WORKING_MORNING.startOf('week').plus({ weeks: 1 });
const DIGEST_SUBJECT = '今日待办';

describe('material reminders stop once the meeting has started', () => {
  const { mailbox, readTab, setClock, tick, typeAdHocMeeting, typeRow } = useLocalWorkbook('material-after-meeting');

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
});
