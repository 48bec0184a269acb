// Meeting notices through sheetEdit and the tick, on the local stack: with the stack clock moved from tick to
// tick, the mail the tick leaves in the emulated Gmail: the notice with a parseable .ics invitation, the updated
// notice after a venue change, the material reminder to a presenter without a material link, one "starts soon"
// mail per attendee, the cancellation, and an ad-hoc meeting typed in an hour before it starts. Its own
// workbook; every edit and tick happens at a pinned instant around a dealer conference ten days after
// WORKING_MORNING.
import { describe, expect, it } from 'vitest';
import { WORKING_MORNING, ZONE } from '../support/pinned-time.ts';
import {
  AGENDA_TAB,
  ATTENDANCE_TAB,
  HOST,
  MEETINGS_TAB,
  RECORDER,
  VENUE,
  useLocalWorkbook,
} from './support/local-workbook.ts';

const TITLE = '华南销售商会议 South China dealer conference';
const NEW_VENUE = '深圳会展中心 Shenzhen Convention Center';
const TOPIC = '华南区季度销量复盘 Q4 sales review';
/**
 * The conference: Friday 2027-03-19 10:00, ten days after WORKING_MORNING. Its notice day (7 days before,
 * Friday 2027-03-12) is a working day, far from the demo workbook's holidays.
 */
const START = WORKING_MORNING.plus({ days: 10 }).set({ hour: 10, minute: 0 });

describe('meeting notices through sheetEdit and the tick', () => {
  const { mailbox, parseInvite, postEdit, readTab, resync, setClock, tick, typeAdHocMeeting, typeCell, typeRow } =
    useLocalWorkbook('meeting-notices');
  let meetingRow: number;
  let meetingId: string;
  let firstUid: string;

  const ours = async (address: string) =>
    (await mailbox(address)).filter((m) => m.subject.includes(TITLE) || m.subject.includes(TOPIC));

  it(
    'sends the notice with an .ics invitation 7 days before a dealer conference typed into the Meetings ' + 'tab',
    async () => {
      // Typed on Tuesday 2027-03-09 09:00, ten days ahead.
      setClock(WORKING_MORNING);
      meetingRow = (await readTab(MEETINGS_TAB)).values.length + 1;
      const values = await typeRow(MEETINGS_TAB, meetingRow, {
        会议类型: '销售商会议',
        会议主题: TITLE,
        开始时间: START.toFormat('yyyy/MM/dd HH:mm'),
        结束时间: START.set({ hour: 17 }).toFormat('yyyy/MM/dd HH:mm'),
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
      setClock(START.minus({ days: 8 }).set({ hour: 8, minute: 10 }));
      await tick();
      expect(await ours(HOST)).toHaveLength(0);

      setClock(START.minus({ days: 7 }).set({ hour: 8, minute: 10 }));
      const report = await tick();
      expect(report.workbooks[0]!.error).toBeUndefined();
      for (const address of [HOST, RECORDER]) {
        const notices = (await ours(address)).filter((m) => m.subject.includes('会议通知'));
        expect(notices, address).toHaveLength(1);
        const notice = notices[0]!;
        expect(notice.text).toContain(TITLE);
        expect(notice.text).toContain(VENUE);
        expect(notice.text).toContain(START.toFormat('HH:mm'));
        const invite = await parseInvite(notice);
        expect(invite.method).toBe('REQUEST');
        expect(invite.uid).toContain(meetingId);
        expect(invite.sequence).toBe(0);
        expect(invite.tzid).toBe(ZONE);
        expect(invite.wallStart).toBe(START.toFormat("yyyy-MM-dd'T'HH:mm:ss"));
        expect(invite.startMillis).toBe(START.toMillis());
        expect(invite.location).toBe(VENUE);
        expect(invite.summary).toBe(TITLE);
        expect(invite.attendees.sort()).toEqual([RECORDER, HOST].sort());
        firstUid ??= invite.uid;
        expect(invite.uid).toBe(firstUid);
      }

      // A second tick the same morning sends nothing new.
      setClock(START.minus({ days: 7 }).set({ hour: 8, minute: 25 }));
      await tick();
      expect((await ours(HOST)).filter((m) => m.subject.includes('会议通知'))).toHaveLength(1);
    },
  );

  it('sends an updated notice with SEQUENCE 1 and the same UID when the venue changes', async () => {
    // The venue changes the morning the notice went out.
    setClock(START.minus({ days: 7 }).set({ hour: 8, minute: 40 }));
    const values = await typeCell(MEETINGS_TAB, meetingRow, '地点', NEW_VENUE);
    expect(values[meetingRow - 1]![values[0]!.indexOf('状态')]).toMatch(/^OK/u);
    setClock(START.minus({ days: 7 }).set({ hour: 9, minute: 0 }));
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
      expect(invite.startMillis).toBe(START.toMillis());
    }
    // Unchanged since: a later tick sends no further update.
    setClock(START.minus({ days: 7 }).set({ hour: 9, minute: 20 }));
    await tick();
    expect((await ours(HOST)).filter((m) => m.subject.includes('会议变更'))).toHaveLength(1);
  });

  it('reminds a presenter with no material link a day before the material deadline', async () => {
    // The agenda item is typed the same Friday at 10:00; its material is due the evening before the conference.
    setClock(START.minus({ days: 7 }).set({ hour: 10, minute: 0 }));
    const agendaRow = (await readTab(AGENDA_TAB)).values.length + 1;
    const due = START.minus({ days: 1 }).set({ hour: 18, minute: 0 });
    const values = await typeRow(AGENDA_TAB, agendaRow, {
      会议: meetingId,
      序号: '1',
      议题: TOPIC,
      汇报人: RECORDER,
      材料截止时间: due.toFormat('yyyy/MM/dd HH:mm'),
    });
    expect(values[agendaRow - 1]![values[0]!.indexOf('状态')]).toMatch(/^OK/u);

    // Two days before the deadline: too early.
    setClock(due.minus({ days: 2 }).set({ hour: 10, minute: 0 }));
    await tick();
    expect((await ours(RECORDER)).filter((m) => m.subject.includes('材料截止'))).toHaveLength(0);

    setClock(due.minus({ days: 1 }).plus({ minutes: 5 }));
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
      setClock(START.set({ hour: hour!, minute: minute! }));
      await tick();
    }
    for (const address of [HOST, RECORDER]) {
      const all = await aboutMeeting(address);
      const sameDay = all.slice(0, all.length - before.get(address)!);
      expect(
        sameDay.map((m) => m.subject),
        address,
      ).toHaveLength(1);
      expect(sameDay[0]!.subject).toContain('开会');
      expect(sameDay[0]!.subject).toContain(START.toFormat('HH:mm'));
      expect(sameDay[0]!.text).toContain(NEW_VENUE);
    }
  });

  it(
    'sends a cancellation (METHOD CANCEL, next SEQUENCE, same UID) when a noticed meeting row is ' + 'deleted',
    async () => {
      // Typed during the conference (10:30) for Sunday 14:00.
      const adHocTitle = '临时会议:华南渠道调整 Ad-hoc: channel changes';
      const adHocStart = START.plus({ days: 2 }).set({ hour: 14, minute: 0 });
      setClock(START.plus({ minutes: 30 }));
      const row = (await readTab(MEETINGS_TAB)).values.length + 1;
      const adHocId = await typeAdHocMeeting(adHocTitle, adHocStart, 60);
      // Ad-hoc meetings are noticed at once.
      setClock(START.plus({ hours: 1 }));
      await tick();
      const about = async (address: string, head: string) =>
        (await mailbox(address)).filter((m) => m.subject.includes(adHocTitle) && m.subject.includes(head));
      const [notice] = await about(HOST, '会议通知');
      expect(notice).toBeDefined();
      const noticed = await parseInvite(notice!);
      expect(noticed.uid).toContain(adHocId);

      // The row is deleted in the sheet (cleared, then the sheet resynced, as the menu does).
      const header = (await readTab(MEETINGS_TAB)).values[0]!;
      await postEdit(MEETINGS_TAB, { row, column: 1, values: [header.map(() => '')] });
      const resynced = await resync(MEETINGS_TAB);
      expect(resynced.some((r) => r.includes(adHocTitle))).toBe(false);

      setClock(START.plus({ hours: 1, minutes: 30 }));
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
      setClock(START.plus({ hours: 2 }));
      await tick();
      expect(await about(HOST, '会议取消')).toHaveLength(1);
    },
  );

  it(
    'an ad-hoc meeting typed in an hour before it starts gets its notice with the invitation, and no second ' +
      '"starts soon" mail',
    async () => {
      // Monday 2027-03-22 15:00, typed in at 13:58 that day.
      const title = '临时会议:客户投诉处理 Ad-hoc: complaint follow-up';
      const adHocStart = START.plus({ days: 3 }).set({ hour: 15, minute: 0 });
      setClock(adHocStart.minus({ minutes: 62 }));
      await typeAdHocMeeting(title, adHocStart, 30);
      for (const minutes of [60, 45, 15]) {
        setClock(adHocStart.minus({ minutes }));
        await tick();
      }
      for (const address of [HOST, RECORDER]) {
        const mails = (await mailbox(address)).filter((m) => m.subject.includes(title));
        expect(
          mails.map((m) => m.subject),
          address,
        ).toHaveLength(1);
        expect(mails[0]!.subject).toContain('会议通知');
        expect((await parseInvite(mails[0]!)).startMillis).toBe(adHocStart.toMillis());
      }
    },
  );
});

describe('a person on approved leave gets no mail about attending; their substitute does', () => {
  const { mailbox, postEdit, readTab, setClock, tick, typeRows } = useLocalWorkbook('meeting-notices-leave');
  const LEAVE_TITLE = '周例会:请假测试 Weekly: leave';
  /** Thursday 2027-03-11 14:00, two days after WORKING_MORNING; its 1-day notice goes out Wednesday 08:00. */
  const MEETING_START = WORKING_MORNING.plus({ days: 2 }).set({ hour: 14, minute: 0 });
  /** An attendee, and the recorder (whose digest lists the meeting), each on leave with a substitute. */
  const ON_LEAVE = 'zhang.min@demo.example';
  const SUBSTITUTE = 'zhao.lei@demo.example';
  const RECORDER_SUBSTITUTE = 'wang.wei@demo.example';
  const about = async (address: string, head: string) =>
    (await mailbox(address)).filter((m) => m.subject.includes(LEAVE_TITLE) && m.subject.includes(head));

  /** The person asks for leave naming a substitute (it must name one), and the host approves it. */
  const approveLeave = async (meetingId: string, person: string, substitute: string) => {
    const values = (await readTab(ATTENDANCE_TAB)).values;
    const header = values[0]!;
    const row =
      values.findIndex((r) => r[header.indexOf('会议')] === meetingId && r[header.indexOf('参会人')] === person) + 1;
    const cell = (name: string) => header.indexOf(name) + 1;
    const status = (answer: string[][]) => answer[row - 1]![header.indexOf('状态')];
    await postEdit(ATTENDANCE_TAB, { row, column: cell('代理人'), values: [[substitute]], editor: person });
    expect(
      status(await postEdit(ATTENDANCE_TAB, { row, column: cell('申请请假'), values: [['是']], editor: person })),
    ).toMatch(/^OK/u);
    expect(
      status(await postEdit(ATTENDANCE_TAB, { row, column: cell('请假已批准'), values: [['是']], editor: HOST })),
    ).toMatch(/^OK/u);
  };

  it('notice, digest and day reminder go to the substitute, not to the person on leave', async () => {
    setClock(WORKING_MORNING);
    const [meeting] = await typeRows(MEETINGS_TAB, [
      {
        会议类型: '周例会',
        会议主题: LEAVE_TITLE,
        开始时间: MEETING_START.toFormat('yyyy/MM/dd HH:mm'),
        结束时间: MEETING_START.plus({ hours: 1 }).toFormat('yyyy/MM/dd HH:mm'),
        地点: VENUE,
        主持人: HOST,
        记录人: RECORDER,
      },
    ]);
    expect(meeting!.状态).toMatch(/^OK/u);
    const roster = await typeRows(
      ATTENDANCE_TAB,
      [HOST, RECORDER, ON_LEAVE].map((person) => ({ 会议: meeting!.编号!, 参会人: person })),
    );
    for (const row of roster) expect(row.状态).toMatch(/^OK/u);

    // Wednesday 08:10: the notice reaches the whole roster, the person who will ask for leave included.
    setClock(MEETING_START.minus({ days: 1 }).set({ hour: 8, minute: 10 }));
    await tick();
    for (const address of [HOST, RECORDER, ON_LEAVE]) expect(await about(address, '会议通知'), address).toHaveLength(1);
    expect(await about(SUBSTITUTE, '会议通知')).toHaveLength(0);

    // Wednesday 10:00: both leaves are approved.
    setClock(MEETING_START.minus({ days: 1 }).set({ hour: 10, minute: 0 }));
    await approveLeave(meeting!.编号!, ON_LEAVE, SUBSTITUTE);
    await approveLeave(meeting!.编号!, RECORDER, RECORDER_SUBSTITUTE);

    // The next tick sends the substitutes the notice the others already have; nobody gets a second one.
    setClock(MEETING_START.minus({ days: 1 }).set({ hour: 10, minute: 15 }));
    await tick();
    for (const address of [HOST, RECORDER, ON_LEAVE, SUBSTITUTE, RECORDER_SUBSTITUTE])
      expect(await about(address, '会议通知'), address).toHaveLength(1);

    // Thursday's digest lists the meeting for its host, not for the recorder on leave (Wednesday's did, before
    // the leave was approved).
    const digestMentions = async (address: string) =>
      (await mailbox(address)).filter((m) => m.subject.includes('待办') && m.text.includes(LEAVE_TITLE)).length;
    const before = { host: await digestMentions(HOST), recorder: await digestMentions(RECORDER) };
    expect(before.recorder).toBe(1);
    setClock(MEETING_START.set({ hour: 8, minute: 5 }));
    await tick();
    expect(await digestMentions(HOST)).toBe(before.host + 1);
    expect(await digestMentions(RECORDER)).toBe(before.recorder);

    // Through the two hours before the start: the reminder on the day.
    for (const minutes of [150, 120, 90, 30]) {
      setClock(MEETING_START.minus({ minutes }));
      await tick();
    }
    for (const address of [HOST, SUBSTITUTE, RECORDER_SUBSTITUTE])
      expect(await about(address, '开会'), address).toHaveLength(1);
    for (const address of [ON_LEAVE, RECORDER]) expect(await about(address, '开会'), address).toEqual([]);
  });
});
