// A weekly meeting series creating its next meetings in the tick, through the local stack: the demo workbook's
// S&OP series writes the next weeks as Meetings rows with their review item and roster; a deleted week,
// generated or typed by hand, stays deleted; a crash after Sheets stored the rows or a Sheets outage writes no
// row twice and keeps the workbook's mail going; a refused generated row gets its review item and roster once
// the user fixes it; a tick that stalled past its lease writes nothing twice. Its own workbook; the stack clock
// starts at WORKING_MORNING (the demo series' first meeting is the next Monday, 2027-03-15 09:00) and each test
// puts it where it needs it.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { FirestoreMeetings } from '../../functions/src/adapters/firestore-meetings.ts';
import { FirestoreOutbox } from '../../functions/src/adapters/firestore-outbox.ts';
import { FirestoreRecords, FirestoreWorkbooks } from '../../functions/src/adapters/firestore-records.ts';
import { FirestoreRuleContext } from '../../functions/src/adapters/firestore-rule-context.ts';
import { FirestoreSeries } from '../../functions/src/adapters/firestore-series.ts';
import { FirestoreSheetEditStore } from '../../functions/src/adapters/firestore-sheet-edits.ts';
import { GmailMailer, createGmailClient } from '../../functions/src/adapters/gmail.ts';
import { SheetsAdapter, createSheetsClient } from '../../functions/src/adapters/sheets.ts';
import { sheetsWorkbook } from '../../functions/src/adapters/sheets-workbook.ts';
import { parseNotificationSettings } from '../../functions/src/domain/mail/notification-settings.ts';
import { DEFAULT_DELIVERY_POLICY } from '../../functions/src/domain/mail/outbox-policy.ts';
import { createLogger, createLogs } from '../../functions/src/logs.ts';
import type { WorkbookSheets } from '../../functions/src/ports/sheet-ports.ts';
import { type SeriesDeps, runSeriesGeneration } from '../../functions/src/workflows/generate-series.ts';
import { type TickDeps, tickWorkbook } from '../../functions/src/workflows/run-tick.ts';
import type { Firestore } from '@google-cloud/firestore';
import { WORKING_MORNING, ZONE } from '../support/pinned-time.ts';
import {
  AGENDA_TAB,
  ATTENDANCE_TAB,
  HOLIDAYS,
  HOST,
  MEETINGS_TAB,
  PEOPLE_TAB,
  RECORDER,
  column,
  stackFirestore,
  useLocalWorkbook,
  wallTime,
} from './support/local-workbook.ts';

describe('a meeting series creates its next occurrences in the tick', () => {
  const workbook = useLocalWorkbook('meeting-series');
  const { mailbox, postEdit, readTab, resync, setClock, tick, typeAdHocMeeting, typeCell, typeRows } = workbook;
  const SERIES = 'SOP-WEEKLY';
  const ROSTER: Array<[string, string]> = [
    ['wang.wei@demo.example', '主持人'],
    ['zhao.lei@demo.example', '记录人'],
    ['li.na@demo.example', '汇报人'],
    ['chen.jing@demo.example', '参会人'],
  ];
  let templateId: string;
  let generatedIds: string[];

  /** What the tick gives series generation, over these adapters (tests replace Sheets methods to inject faults). */
  const seriesDeps = (db: Firestore, sheets: WorkbookSheets, editor = 'notices@demo.example'): SeriesDeps => {
    const records = new FirestoreRecords(db);
    return {
      store: new FirestoreSheetEditStore(records, { timeZone: ZONE, language: 'zh' }),
      logs: createLogs(createLogger('silent')),
      rules: new FirestoreRuleContext(records),
      series: new FirestoreSeries(records),
      sheets,
      editor,
    };
  };
  const seriesRows = async () => {
    const [header, ...rows] = (await readTab(MEETINGS_TAB)).values;
    return { header: header!, rows: rows.filter((r) => r[column(header!, '系列')] === SERIES) };
  };
  const sheetsAdapter = () =>
    sheetsWorkbook(new SheetsAdapter(createSheetsClient({ rootUrl: workbook.stack.workspaceRootUrl })));

  it('writes the next weeks as Meetings rows with the review item and the roster, each saved as a record', async () => {
    // Tuesday 09:00: the template is next Monday's meeting; the weeks after it up to four weeks ahead are due.
    setClock(WORKING_MORNING);
    const { header, rows } = await seriesRows();
    const template = rows.find((r) => String(r[column(header, '重复规则')]).trim() !== '')!;
    templateId = template[column(header, '编号')]!;
    expect(templateId).toMatch(/^M-/u);
    const templateStart = DateTime.fromFormat(String(template[column(header, '开始时间')]), 'yyyy/MM/dd HH:mm', {
      zone: ZONE,
    });
    expect(templateStart.isValid).toBe(true);

    // The demo workbook gives the template its roster; every occurrence gets the same one.
    const [attendanceHeader0, ...attendanceRows0] = (await readTab(ATTENDANCE_TAB)).values;
    const templateRoster = attendanceRows0
      .filter((r) => r[column(attendanceHeader0!, '会议')] === templateId)
      .map((r) => [r[column(attendanceHeader0!, '参会人')], r[column(attendanceHeader0!, '会议角色')]]);
    expect(templateRoster).toEqual(ROSTER);

    const report = await tick();
    expect(report.workbooks[0]!.error).toBeUndefined();
    const horizon = workbook.now().plus({ weeks: 4 });
    const expected: string[] = [];
    for (let k = 1; templateStart.plus({ weeks: k }) < horizon; k += 1) {
      expected.push(templateStart.plus({ weeks: k }).toFormat('yyyy-MM-dd HH:mm'));
    }
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
      const [person, role] = [column(attendanceHeader!, '参会人'), column(attendanceHeader!, '会议角色')];
      expect(roster.map((r) => [r[person], r[role]])).toEqual(ROSTER);
      for (const r of roster) expect(r[column(attendanceHeader!, '状态')]).toMatch(/^OK/u);
    }

    // A second tick finds every occurrence claimed and writes nothing.
    const again = await tick();
    expect(again.workbooks[0]!.series).toMatchObject({ claimed: 0, meetingsWritten: 0 });
    expect((await seriesRows()).rows).toHaveLength(rows.length + expected.length);
    expect((await readTab(AGENDA_TAB)).values.length).toBe(agendaRows.length + 1);
  });

  it('does not bring back an occurrence someone deleted from the sheet', async () => {
    // The same morning, a little later.
    setClock(WORKING_MORNING.plus({ minutes: 15 }));
    const values = (await readTab(MEETINGS_TAB)).values;
    const header = values[0]!;
    const row = values.findIndex((r) => r[column(header, '编号')] === generatedIds[0]) + 1;
    await postEdit(MEETINGS_TAB, { row, column: 1, values: [header.map(() => '')] });
    await resync(MEETINGS_TAB);
    await tick();
    const ids = (await seriesRows()).rows.map((r) => r[column(header, '编号')]);
    expect(ids).not.toContain(generatedIds[0]);
    expect(ids).toEqual(expect.arrayContaining(generatedIds.slice(1)));
  });

  it('finishes the rows of an occurrence after a crash, without writing any row twice', async () => {
    // Five weeks on, new occurrences are due. The first run "crashes": Sheets stores the appended meeting rows,
    // but the answer never comes back. The next run (after the lease) must save those rows, not append again.
    const now = WORKING_MORNING.plus({ weeks: 5 });
    setClock(now);
    const db = stackFirestore(workbook.stack);
    const sheets = sheetsAdapter();
    const crashing: WorkbookSheets = {
      ...sheets,
      appendRows: async (...args) => {
        await sheets.appendRows(...args);
        throw new Error('connection reset after the append was applied');
      },
    };
    const deps = (adapter: WorkbookSheets) => seriesDeps(db, adapter);
    const settings = parseNotificationSettings({ timeZone: ZONE });
    const spreadsheetId = workbook.stack.spreadsheetId;
    const before = (await seriesRows()).rows.length;
    const crashed = runSeriesGeneration(spreadsheetId, settings, deps(crashing), now);
    await expect(crashed).rejects.toThrow(/connection reset/u);
    const appended = (await seriesRows()).rows.slice(before);
    expect(appended.length).toBeGreaterThan(0);
    // Inside the lease nobody else takes the claims.
    const inLease = await runSeriesGeneration(spreadsheetId, settings, deps(sheets), now.plus({ minutes: 1 }));
    expect(inLease).toMatchObject({ meetingsWritten: 0 });

    const report = await runSeriesGeneration(spreadsheetId, settings, deps(sheets), now.plus({ minutes: 6 }));
    expect(report.meetingsWritten).toBe(appended.length);
    const { header, rows } = await seriesRows();
    const ids = rows.map((r) => r[column(header, '编号')]!);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rows.slice(before)).toHaveLength(appended.length);
    for (const row of rows.slice(before)) expect(row[column(header, '状态')]).toMatch(/^OK/u);
    const [agendaHeader, ...agendaRows] = (await readTab(AGENDA_TAB)).values;
    for (const row of rows.slice(before)) {
      const items = agendaRows.filter((r) => r[column(agendaHeader!, '会议')] === row[column(header, '编号')]);
      expect(items).toHaveLength(1);
      const record = await db.doc(`workbooks/${spreadsheetId}/meetings/${row[column(header, '编号')]}`).get();
      expect(record.get('data.series')).toBe(SERIES);
    }
    await db.terminate();
  });

  it(
    "a Sheets failure while writing series rows is reported, and the workbook's mail still goes out in that " + 'tick',
    async () => {
      // An ad-hoc meeting (noticed at once), typed the day before it, an hour before the tick runs: seven weeks
      // after the crash above, Tuesday 2027-06-01 09:00.
      const tickAt = WORKING_MORNING.plus({ weeks: 12 });
      const adHocTitle = '临时会议:系列故障隔离 Ad-hoc: series fault isolation';
      setClock(tickAt.minus({ hours: 1 }));
      await typeAdHocMeeting(adHocTitle, tickAt.plus({ days: 1 }).set({ hour: 10, minute: 0 }), 30);
      setClock(tickAt);

      const db = stackFirestore(workbook.stack);
      const sheets = sheetsAdapter();
      const unavailable: WorkbookSheets = {
        ...sheets,
        tabTitles: async () => {
          throw new Error('Sheets API answered 503');
        },
      };
      const records = new FirestoreRecords(db);
      const outbox = new FirestoreOutbox(records);
      const workbooks = new FirestoreWorkbooks(records);
      const now = () => tickAt;
      const deps: TickDeps = {
        workbooks,
        dueWork: workbooks,
        outbox,
        meetings: new FirestoreMeetings(records),
        series: seriesDeps(db, unavailable, ''),
        delivery: {
          outbox,
          mailer: new GmailMailer(createGmailClient({ rootUrl: workbook.stack.workspaceRootUrl })),
          sender: { address: 'notices@demo.example' },
          policy: DEFAULT_DELIVERY_POLICY,
          now,
          random: Math.random,
          owner: 'series-fault-test',
        },
        messageIdDomain: 'demo.example',
        now,
      };
      const report = await tickWorkbook((await deps.workbooks.get(workbook.stack.spreadsheetId))!, deps);
      expect(report.error).toMatch(/meeting series: .*503/u);
      expect(report.series).toBeUndefined();
      for (const address of [HOST, RECORDER]) {
        const mails = await mailbox(address);
        const notices = mails.filter((m) => m.subject.includes(adHocTitle) && m.subject.includes('会议通知'));
        expect(notices, address).toHaveLength(1);
      }
      await db.terminate();

      // The claims it made are finished by the next tick once their lease is over.
      setClock(tickAt.plus({ minutes: 6 }));
      const next = await tick();
      expect(next.workbooks[0]!.error).toBeUndefined();
      expect(next.workbooks[0]!.series!.meetingsWritten).toBeGreaterThan(0);
    },
  );

  // Tests below each type their own series and delete its rows at the end: later ticks neither extend it nor
  // send its meetings' notices. They run with the clock back at a working morning (before the weeks the tests
  // above claimed), so the S&OP series has nothing new in their ticks.

  /** The first `weekday` (1 = Monday) at least two days after `from`, at `hour`:00 in the workbook zone. */
  const nextWeekday = (from: DateTime, weekday: number, hour: number) => {
    let day = from.setZone(ZONE).startOf('day').plus({ days: 2 });
    const off = (d: DateTime) => HOLIDAYS.has(d.toISODate()!);
    while (day.weekday !== weekday || off(day) || off(day.plus({ weeks: 1 }))) day = day.plus({ days: 1 });
    return day.set({ hour });
  };
  /** The local date a Start cell shows, typed (2026/12/03 16:00) or generated (2026-12-03 16:00). */
  const dayOfCell = (cell: unknown) =>
    String(cell ?? '')
      .slice(0, 10)
      .replace(/\//gu, '-');
  const rowsOfSeries = async (series: string) => {
    const [header, ...rows] = (await readTab(MEETINGS_TAB)).values;
    const all = rows.map((r, i) => ({ row: i + 2, cells: r }));
    return { header: header!, rows: all.filter((r) => r.cells[column(header!, '系列')] === series) };
  };
  const seriesTick = async () => {
    const report = await tick();
    expect(report.workbooks[0]!.error).toBeUndefined();
    return report.workbooks[0]!.series!;
  };
  /** Clears every row of the series, then resyncs: the template and its meetings are deleted records. */
  const deleteSeries = async (series: string) => {
    const { header, rows } = await rowsOfSeries(series);
    for (const { row } of rows) await postEdit(MEETINGS_TAB, { row, column: 1, values: [header.map(() => '')] });
    await resync(MEETINGS_TAB);
    expect((await rowsOfSeries(series)).rows).toEqual([]);
  };

  it('does not bring back a hand-typed occurrence someone deleted (its record keeps its start)', async () => {
    // Tuesday 09:00; the series starts on Thursday 2027-03-11 16:00.
    setClock(WORKING_MORNING);
    const series = 'HAND-TYPED-WEEKLY';
    const first = nextWeekday(WORKING_MORNING, 4, 16);
    const handTyped = first.plus({ weeks: 1 });
    // The template, and next week's meeting typed by hand before any tick: no claim exists for that week.
    const [template, typed] = await typeRows(MEETINGS_TAB, [
      {
        会议类型: '周例会',
        会议主题: 'Hand-typed series',
        系列: series,
        重复规则: 'weekly Thu 16:00',
        开始时间: wallTime(first),
        结束时间: wallTime(first.plus({ hours: 1 })),
        主持人: 'wang.wei@demo.example',
      },
      {
        会议类型: '周例会',
        会议主题: 'Hand-typed series (moved venue)',
        系列: series,
        开始时间: wallTime(handTyped),
        结束时间: wallTime(handTyped.plus({ hours: 1 })),
        地点: 'Room 502',
        主持人: 'wang.wei@demo.example',
      },
    ]);
    expect(template!.状态).toMatch(/^OK/u);
    expect(typed!.状态).toMatch(/^OK/u);
    const typedId = typed!.编号!;

    await seriesTick();
    /** The IDs of the series' rows on that day. */
    const onDay = async (day: DateTime) => {
      const { header, rows } = await rowsOfSeries(series);
      return rows
        .filter((r) => dayOfCell(r.cells[column(header, '开始时间')]) === day.toISODate())
        .map((r) => r.cells[column(header, '编号')]);
    };
    expect(await onDay(handTyped)).toEqual([typedId]);
    // The series does run: the week after has its generated meeting.
    expect(await onDay(handTyped.plus({ weeks: 1 }))).toHaveLength(1);

    // The hand-typed week is cancelled: its row is deleted, the record marked deleted (dueAt cleared).
    const values = (await readTab(MEETINGS_TAB)).values;
    const header = values[0]!;
    const row = values.findIndex((r) => r[column(header, '编号')] === typedId) + 1;
    await postEdit(MEETINGS_TAB, { row, column: 1, values: [header.map(() => '')] });
    await resync(MEETINGS_TAB);
    const db = stackFirestore(workbook.stack);
    const record = await db.doc(`workbooks/${workbook.stack.spreadsheetId}/meetings/${typedId}`).get();
    expect(record.get('deleted')).toBe(true);
    expect(record.get('dueAt')).toBeNull();
    await db.terminate();

    const report = await seriesTick();
    expect(report.claimed).toBe(0);
    expect(await onDay(handTyped)).toEqual([]);
    await deleteSeries(series);
  });

  it(
    'a generated meeting refused because its host has left gets its review item and roster once the user fixes ' +
      'the row, exactly once',
    async () => {
      // Monday 2027-03-15 09:00; the series starts on Wednesday 2027-03-17 15:00, so three more weeks fall inside
      // the four weeks the tick looks ahead.
      const morning = WORKING_MORNING.plus({ days: 6 });
      setClock(morning);
      const series = 'HOST-LEFT-WEEKLY';
      const leaving = 'leaving.host@demo.example';
      const first = nextWeekday(morning, 3, 15);
      const [person] = await typeRows(PEOPLE_TAB, [
        { 邮箱: leaving, 姓名: '离职主持 Leaving Host', 角色: '经理', 在职: '是' },
      ]);
      expect(person!.状态).toMatch(/^OK/u);
      const [template] = await typeRows(MEETINGS_TAB, [
        {
          会议类型: '周例会',
          会议主题: 'Host-left series',
          系列: series,
          重复规则: 'weekly Wed 15:00',
          开始时间: wallTime(first),
          结束时间: wallTime(first.plus({ hours: 1 })),
          主持人: leaving,
          记录人: 'zhao.lei@demo.example',
        },
      ]);
      expect(template!.状态).toMatch(/^OK/u);
      const roster: Array<[string, string]> = [
        [leaving, '主持人'],
        ['zhao.lei@demo.example', '记录人'],
        ['li.na@demo.example', '参会人'],
      ];
      const typedRoster = await typeRows(
        ATTENDANCE_TAB,
        roster.map(([person, role]) => ({ 会议: template!.编号!, 参会人: person, 会议角色: role })),
      );
      for (const r of typedRoster) expect(r.状态).toMatch(/^OK/u);
      // The host leaves before the tick: every generated row copies an inactive host and is refused.
      const people = (await readTab(PEOPLE_TAB)).values;
      const leavingRow = people.findIndex((r) => r[column(people[0]!, '邮箱')] === leaving) + 1;
      await typeCell(PEOPLE_TAB, leavingRow, '在职', '否');

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
        return all
          .filter((r) => r[column(h!, '会议')] === id)
          .map((r) => ({
            topic: r[column(h!, '议题')],
            presenter: r[column(h!, '汇报人')],
            status: r[column(h!, '状态')],
          }));
      };
      const rosterOf = async (id: string) => {
        const [h, ...all] = (await readTab(ATTENDANCE_TAB)).values;
        return all
          .filter((r) => r[column(h!, '会议')] === id)
          .map((r) => [r[column(h!, '参会人')], r[column(h!, '会议角色')]]);
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
      const db = stackFirestore(workbook.stack);
      const claims = await db
        .collection(`workbooks/${workbook.stack.spreadsheetId}/seriesOccurrences`)
        .where('seriesKey', '==', series)
        .get();
      const states = claims.docs.map((d) => [d.get('detail.meetingId'), d.get('state')]);
      const waiting = generated.slice(1).map((r) => [r.cells[column(header, '编号')], 'awaitingMeeting']);
      expect(states).toEqual(expect.arrayContaining([[fixedId, 'written'], ...waiting]));
      await db.terminate();
      await deleteSeries(series);
    },
  );

  it(
    'a roster typed on the template after its weeks were generated reaches the weeks not started yet, once; a ' +
      'person removed from one week by hand stays removed',
    async () => {
      // Tuesday 2027-03-09 09:00: the template is Friday 2027-03-12 10:00, typed without a roster; the tick
      // generates the weeks of 03-19, 03-26 and 04-02 with none either.
      setClock(WORKING_MORNING);
      const series = 'LATE-ROSTER-WEEKLY';
      const first = nextWeekday(WORKING_MORNING, 5, 10);
      const [template] = await typeRows(MEETINGS_TAB, [
        {
          会议类型: '周例会',
          会议主题: 'Late roster series',
          系列: series,
          重复规则: 'weekly Fri 10:00',
          开始时间: wallTime(first),
          结束时间: wallTime(first.plus({ hours: 1 })),
          主持人: 'wang.wei@demo.example',
          记录人: 'zhao.lei@demo.example',
        },
      ]);
      expect(template!.状态).toMatch(/^OK/u);
      const templateId = template!.编号!;
      await seriesTick();
      /** The generated weeks (not the template), by start day. */
      const weeks = async () => {
        const { header, rows } = await rowsOfSeries(series);
        return new Map(
          rows
            .filter((r) => r.cells[column(header, '编号')] !== templateId)
            .map((r) => [dayOfCell(r.cells[column(header, '开始时间')]), r.cells[column(header, '编号')]!]),
        );
      };
      const rosterOf = async (id: string) => {
        const [h, ...all] = (await readTab(ATTENDANCE_TAB)).values;
        return all
          .filter((r) => r[column(h!, '会议')] === id)
          .map((r) => ({
            person: r[column(h!, '参会人')],
            role: r[column(h!, '会议角色')],
            id: r[column(h!, '编号')],
            status: r[column(h!, '状态')],
          }));
      };
      const week1 = first.plus({ weeks: 1 });
      const generated = await weeks();
      expect(generated.size).toBeGreaterThanOrEqual(3);
      const week1Id = generated.get(week1.toISODate()!)!;
      expect(week1Id).toMatch(/^M-/u);
      expect(await rosterOf(week1Id)).toEqual([]);

      // Thursday 03-18 08:10: week 1's notice goes out to its host and recorder, the only people it knows.
      setClock(week1.minus({ days: 1 }).set({ hour: 8, minute: 10 }));
      await seriesTick();
      const notices = async (address: string) =>
        (await mailbox(address)).filter(
          (m) => m.subject.includes('Late roster series') && m.subject.includes('会议通知'),
        ).length;
      expect(await notices('wang.wei@demo.example')).toBe(1);
      expect(await notices('li.na@demo.example')).toBe(0);

      // 09:00: the roster is typed on the template.
      setClock(week1.minus({ days: 1 }).set({ hour: 9, minute: 0 }));
      const roster: Array<[string, string]> = [
        ['wang.wei@demo.example', '主持人'],
        ['zhao.lei@demo.example', '记录人'],
        ['li.na@demo.example', '汇报人'],
        ['chen.jing@demo.example', '参会人'],
      ];
      const typed = await typeRows(
        ATTENDANCE_TAB,
        roster.map(([person, role]) => ({ 会议: templateId, 参会人: person, 会议角色: role })),
      );
      for (const r of typed) expect(r.状态).toMatch(/^OK/u);

      // The next tick gives every generated week the roster, saved like typed rows; the two new members get
      // week 1's notice, the host no second one.
      setClock(week1.minus({ days: 1 }).set({ hour: 9, minute: 15 }));
      const report = await seriesTick();
      expect(report.rostersExtended).toBeGreaterThanOrEqual(generated.size);
      const allWeeks = await weeks();
      for (const id of allWeeks.values()) {
        const rows = await rosterOf(id);
        expect(
          rows.map((r) => [r.person, r.role]),
          id,
        ).toEqual(roster);
        for (const r of rows) {
          expect(r.status).toMatch(/^OK/u);
          expect(r.id).toMatch(/^AT-/u);
        }
      }
      expect(await notices('li.na@demo.example')).toBe(1);
      expect(await notices('chen.jing@demo.example')).toBe(1);
      expect(await notices('wang.wei@demo.example')).toBe(1);

      // Once: the next tick adds nothing.
      const attendanceRows = (await readTab(ATTENDANCE_TAB)).values.length;
      setClock(week1.minus({ days: 1 }).set({ hour: 9, minute: 30 }));
      expect(await seriesTick()).toMatchObject({ rostersExtended: 0 });
      expect((await readTab(ATTENDANCE_TAB)).values.length).toBe(attendanceRows);

      // Week 1 has started. Chen Jing is taken off week 2 by hand (the row cleared, the tab resynced), and
      // Zhang Min joins the template's roster: she reaches weeks 2 and later, not week 1; Chen Jing stays off
      // week 2.
      setClock(week1.plus({ hours: 2 }));
      const week2Id = allWeeks.get(week1.plus({ weeks: 1 }).toISODate()!)!;
      const values = (await readTab(ATTENDANCE_TAB)).values;
      const header = values[0]!;
      const chenRow =
        values.findIndex(
          (r) => r[column(header, '会议')] === week2Id && r[column(header, '参会人')] === 'chen.jing@demo.example',
        ) + 1;
      await postEdit(ATTENDANCE_TAB, { row: chenRow, column: 1, values: [header.map(() => '')] });
      await resync(ATTENDANCE_TAB);
      const [added] = await typeRows(ATTENDANCE_TAB, [
        { 会议: templateId, 参会人: 'zhang.min@demo.example', 会议角色: '参会人' },
      ]);
      expect(added!.状态).toMatch(/^OK/u);
      await seriesTick();
      const people = async (id: string) => (await rosterOf(id)).map((r) => r.person);
      expect(await people(week1Id)).not.toContain('zhang.min@demo.example');
      expect(await people(week2Id)).toEqual([
        'wang.wei@demo.example',
        'zhao.lei@demo.example',
        'li.na@demo.example',
        'zhang.min@demo.example',
      ]);
      for (const [day, id] of await weeks())
        if (day > week1.plus({ weeks: 1 }).toISODate()!)
          expect(await people(id), day).toContain('zhang.min@demo.example');
      await deleteSeries(series);
    },
  );

  it('a tick that stalls past its lease appends nothing for the claims another tick took over meanwhile', async () => {
    // A day after the last occurrence the tests above claimed, the weekly series has new occurrences.
    const db = stackFirestore(workbook.stack);
    const spreadsheetId = workbook.stack.spreadsheetId;
    const claims = db.collection(`workbooks/${spreadsheetId}/seriesOccurrences`);
    const claimed = await claims.where('seriesKey', '==', SERIES).get();
    const starts = claimed.docs.map((d) => DateTime.fromISO(d.get('start') as string).toMillis());
    const lastStart = Math.max(workbook.now().toMillis(), ...starts);
    const now = DateTime.fromMillis(lastStart, { zone: ZONE }).plus({ days: 1 });
    const sheets = sheetsAdapter();
    const deps = (adapter: WorkbookSheets) => seriesDeps(db, adapter);
    const settings = parseNotificationSettings({ timeZone: ZONE });
    const before = (await seriesRows()).rows.length;

    // The stalled tick reads the Meetings tab, then hangs for six minutes: its lease runs out, and the next
    // tick takes its claims over and writes their rows. Then the stalled one goes on with what it read.
    let takeover: Awaited<ReturnType<typeof runSeriesGeneration>> | undefined;
    let stalledAppends = 0;
    const stalled: WorkbookSheets = {
      ...sheets,
      readTab: async (id, title) => {
        const read = await sheets.readTab(id, title);
        if (title === MEETINGS_TAB && !takeover) {
          takeover = await runSeriesGeneration(id, settings, deps(sheets), now.plus({ minutes: 6 }));
        }
        return read;
      },
      appendRows: async (...args) => {
        stalledAppends += 1;
        return sheets.appendRows(...args);
      },
    };
    const report = await runSeriesGeneration(spreadsheetId, settings, deps(stalled), now);
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
