// Attendance results settled by the tick, through the local stack: rows typed into the sheet by the manager,
// the attendee and the recorder; the tick writes the Result cells once the meeting has started (a covered
// leave) and ended (absent), marks the meeting settled, changes nothing on a second tick, and opens a settled
// meeting again when a row is corrected afterwards. Its own workbook; each test pins the stack clock to a
// working-day morning and moves it through its meeting. (The attendance pass against races and odd tabs, without
// the local stack, is covered in attendance-results.test.ts.)
import type { Firestore } from '@google-cloud/firestore';
import type { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKING_MORNING } from '../support/pinned-time.ts';
import {
  ATTENDANCE_TAB,
  MEETINGS_TAB,
  RECORDER,
  stackFirestore,
  useLocalWorkbook,
  wallTime,
  cellAt,
} from './support/local-workbook.ts';

describe('attendance results settled by the tick, through the local stack', () => {
  const workbook = useLocalWorkbook('attendance-settling');
  const { readTab, setClock, tick, typeRow } = workbook;
  const MANAGER = 'wang.wei@demo.example'; // hosts the meeting and manages Li Na: may approve her leave
  const ON_TIME = 'zhang.min@demo.example'; // checks in on time, and is Li Na's substitute
  const UNTOUCHED = 'chen.jing@demo.example'; // on the roster, never comes, nobody edits the row
  const ON_LEAVE = 'li.na@demo.example';
  let db: Firestore;

  beforeAll(() => {
    db = stackFirestore(workbook.stack);
  });

  afterAll(async () => {
    await db?.terminate();
  });

  const attendanceTick = async () => {
    const report = await tick();
    expect(report.workbooks[0]!.error).toBeUndefined();
    return report.workbooks[0]!;
  };

  /** Types cells as `editor` (the approver of a leave is whoever ticks the box). */
  const typeAs = (editor: string, title: string, row: number, cells: Record<string, string>) =>
    typeRow(title, row, cells, editor);

  /** A one-hour task-force meeting the manager hosts, tomorrow (by the stack clock) at `hour`; saved, with its ID. */
  async function typeMeetingTomorrow(
    title: string,
    hour: number,
  ): Promise<{ meeting: string; meetingStart: DateTime; meetingEnd: DateTime }> {
    const meetingStart = workbook.now().plus({ days: 1 }).set({ hour, minute: 0, second: 0, millisecond: 0 });
    const meetingEnd = meetingStart.plus({ hours: 1 });
    const meetingRow = (await readTab(MEETINGS_TAB)).values.length + 1;
    const values = await typeAs(MANAGER, MEETINGS_TAB, meetingRow, {
      会议类型: '专题会',
      会议主题: title,
      开始时间: wallTime(meetingStart),
      结束时间: wallTime(meetingEnd),
      主持人: MANAGER,
      记录人: RECORDER,
    });
    expect(cellAt(values, meetingRow, '状态')).toMatch(/^OK/u);
    return { meeting: cellAt(values, meetingRow, '编号'), meetingStart, meetingEnd };
  }

  it(
    'shows absent for the untouched row after the end, and the leave as covered once the substitute checked in; ' +
      'a second tick changes nothing',
    async () => {
      // Typed on Tuesday 2027-03-09 09:00, for Wednesday 14:00.
      setClock(WORKING_MORNING);
      const { meeting, meetingStart, meetingEnd } = await typeMeetingTomorrow('签到结果核对 Attendance check', 14);

      // The day before: the roster, with Li Na's leave approved by her manager and Zhang Min in her place.
      const first = (await readTab(ATTENDANCE_TAB)).values.length + 1;
      const rows = { onTime: first, untouched: first + 1, onLeave: first + 2 };
      await typeAs(MANAGER, ATTENDANCE_TAB, rows.onTime, { 会议: meeting, 参会人: ON_TIME });
      await typeAs(MANAGER, ATTENDANCE_TAB, rows.untouched, { 会议: meeting, 参会人: UNTOUCHED });
      let values = await typeAs(MANAGER, ATTENDANCE_TAB, rows.onLeave, {
        会议: meeting,
        参会人: ON_LEAVE,
        申请请假: '是',
        请假已批准: '是',
        代理人: ON_TIME,
      });
      for (const row of Object.values(rows)) expect(cellAt(values, row, '状态'), `row ${row}`).toMatch(/^OK/u);
      // Not known yet: nobody is absent before the end, and the substitute has not come.
      expect(cellAt(values, rows.untouched, '出勤结果')).toBe('');
      expect(cellAt(values, rows.onLeave, '出勤结果')).toMatch(/^请假(?!（)/u);

      // Zhang Min checks in on time, on her own row.
      setClock(meetingStart.plus({ minutes: 2 }));
      values = await typeAs(ON_TIME, ATTENDANCE_TAB, rows.onTime, {
        会议: meeting,
        参会人: ON_TIME,
        编号: cellAt(values, rows.onTime, '编号'),
        签到时间: wallTime(meetingStart.plus({ minutes: 1 })),
      });
      expect(cellAt(values, rows.onTime, '出勤结果')).toContain('准时');
      expect(cellAt(values, rows.onLeave, '出勤结果')).not.toContain('代理人已出席');

      // The next tick, still during the meeting: the leave row now says the substitute attended.
      setClock(meetingStart.plus({ minutes: 15 }));
      const during = await attendanceTick();
      // Other meetings of this workbook (without rosters) may be finalised in the same tick; counts are about ours.
      expect(during.attendance).toMatchObject({ updated: 1, cellsWritten: 1 });
      const meetingDoc = db.doc(`workbooks/${during.workbookId}/meetings/${meeting}`);
      expect((await meetingDoc.get()).get('attendanceFinalizedFor')).toBeUndefined();
      values = (await readTab(ATTENDANCE_TAB)).values;
      expect(cellAt(values, rows.onLeave, '出勤结果')).toContain('请假（代理人已出席）');
      expect(cellAt(values, rows.untouched, '出勤结果')).toBe('');

      // After the end: the untouched row reads absent, in the sheet and in Firestore.
      setClock(meetingEnd.plus({ minutes: 5 }));
      const after = await attendanceTick();
      expect(after.attendance).toMatchObject({ updated: 1, cellsWritten: 1 });
      expect((await meetingDoc.get()).get('attendanceFinalizedFor')).toMatch(/\//u);
      values = (await readTab(ATTENDANCE_TAB)).values;
      expect(cellAt(values, rows.untouched, '出勤结果')).toContain('缺席');
      expect(cellAt(values, rows.onLeave, '出勤结果')).toContain('请假（代理人已出席）');
      expect(cellAt(values, rows.onTime, '出勤结果')).toContain('准时');
      // ID and Status were left as the edits wrote them.
      for (const row of Object.values(rows)) expect(cellAt(values, row, '状态'), `row ${row}`).toMatch(/^OK/u);

      const book = `workbooks/${after.workbookId}`;
      const records = await db.collection(`${book}/attendance`).where('data.meeting', '==', meeting).get();
      const byPerson = Object.fromEntries(records.docs.map((d) => [d.get('data.person'), d.get('data.result')]));
      expect(byPerson).toEqual({ [ON_TIME]: 'onTime', [UNTOUCHED]: 'absent', [ON_LEAVE]: 'onLeaveCovered' });
      const auditOf = async () => (await db.collection(`${book}/audit`).where('actor', '==', 'system').get()).size;
      const audited = await auditOf();
      expect(audited).toBeGreaterThanOrEqual(2);

      // A second tick changes nothing: the meeting is finalised for its times.
      setClock(meetingEnd.plus({ minutes: 20 }));
      const again = await attendanceTick();
      expect(again.attendance).toMatchObject({ updated: 0, cellsWritten: 0 });
      expect(await auditOf()).toBe(audited);
      expect((await readTab(ATTENDANCE_TAB)).values).toEqual(values);
    },
  );

  it(
    "opens a settled meeting again when a row is corrected afterwards: the substitute's late-typed check-in " +
      'covers the leave',
    async () => {
      // Typed on Monday 2027-03-15 09:00, for Tuesday 10:00; corrected on Wednesday morning.
      setClock(WORKING_MORNING.plus({ days: 6 }));
      const { meeting, meetingStart, meetingEnd } = await typeMeetingTomorrow('签到更正 Attendance correction', 10);
      const first = (await readTab(ATTENDANCE_TAB)).values.length + 1;
      let values = await typeAs(MANAGER, ATTENDANCE_TAB, first, { 会议: meeting, 参会人: ON_TIME });
      values = await typeAs(MANAGER, ATTENDANCE_TAB, first + 1, {
        会议: meeting,
        参会人: ON_LEAVE,
        申请请假: '是',
        请假已批准: '是',
        代理人: ON_TIME,
      });
      const substituteId = cellAt(values, first, '编号');

      // Settled after the end: nobody signed the substitute in.
      setClock(meetingEnd.plus({ minutes: 5 }));
      await attendanceTick();
      values = (await readTab(ATTENDANCE_TAB)).values;
      expect(cellAt(values, first + 1, '出勤结果')).toContain('请假（代理人未出席）');
      const meetingDoc = db.doc(`workbooks/${workbook.stack.spreadsheetId}/meetings/${meeting}`);
      expect((await meetingDoc.get()).get('attendanceFinalizedFor')).toMatch(/\//u);

      // The next morning the recorder types the check-in the paper sign-in sheet shows.
      setClock(meetingEnd.plus({ hours: 20 }));
      values = await typeAs(RECORDER, ATTENDANCE_TAB, first, {
        会议: meeting,
        参会人: ON_TIME,
        编号: substituteId,
        签到时间: wallTime(meetingStart.plus({ minutes: 3 })),
      });
      expect(cellAt(values, first, '出勤结果')).toContain('准时');
      expect((await meetingDoc.get()).get('attendanceFinalizedFor')).toBeUndefined();
      await attendanceTick();
      values = (await readTab(ATTENDANCE_TAB)).values;
      expect(cellAt(values, first + 1, '出勤结果')).toContain('请假（代理人已出席）');
      expect((await meetingDoc.get()).get('attendanceFinalizedFor')).toMatch(/\//u);
    },
  );
});
