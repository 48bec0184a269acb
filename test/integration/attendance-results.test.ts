// The tick's attendance pass against the embedded Firestore emulator and the local Workspace emulator (over
// HTTP): rows are saved through the real edit workflow (inbox, rules, store), then finalizeAttendance runs with
// the production adapters at a chosen `now`. Covers what the local-stack test in meetings.test.ts does not:
// no Sheets access, edits racing the pass (a record edited between read and save, a new row saved between read
// and mark, a newer Result cell written by an edit's answer), a moved meeting, a deleted row, rows found by ID
// in a tab whose columns and rows are in another order, and bounded reads once a meeting is finalised.
// No date here comes from the machine's clock: edits are made at NOW (a pinned working morning) unless a test
// gives its own `now`, the meetings start two days later, and every pass runs at a `now` derived from those.
import { randomUUID } from 'node:crypto';
import { Firestore } from '@google-cloud/firestore';
import type { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEditRequests } from '../../apps-script/src/edit-mapping.ts';
import { attendanceTabWriter } from '../../functions/src/adapters/attendance-tab-writer.ts';
import { FirestoreAttendanceResults } from '../../functions/src/adapters/firestore-meetings.ts';
import { FirestoreRecords } from '../../functions/src/adapters/firestore-records.ts';
import { FirestoreRuleContext } from '../../functions/src/adapters/firestore-rule-context.ts';
import { FirestoreSheetEditStore } from '../../functions/src/adapters/firestore-sheet-edits.ts';
import { SheetsAdapter, a1Range, createSheetsClient, type SheetsClient } from '../../functions/src/adapters/sheets.ts';
import type { EditResponse } from '../../functions/src/contract/edit-request.ts';
import { createLogger, createLogs } from '../../functions/src/logs.ts';
import { applySheetEdit } from '../../functions/src/workflows/apply-sheet-edit.ts';
import type { AttendanceResults } from '../../functions/src/ports/attendance-ports.ts';
import { finalizeAttendance } from '../../functions/src/workflows/finalize-attendance.ts';
import { type WorkspaceEmulator, startWorkspaceEmulator } from '../../local/workspace-emulator/index.ts';
import { WORKING_MORNING, ZONE } from '../support/pinned-time.ts';

/** When the rows are typed, unless a test says otherwise: Tuesday 09:00, two days before the meetings. */
const NOW = WORKING_MORNING;
const HOST = 'host@example.com';
const PEOPLE = ['host', 'a', 'b', 'c', 'sub'].map((n) => `${n}@example.com`);
const ATTENDANCE_HEADER = [
  'ID',
  'Status',
  'Meeting',
  'Person',
  'Leave requested',
  'Leave approved',
  'Substitute',
  'Check-in',
  'Check-out',
  'Result',
];
const settings = { timeZone: ZONE, language: 'en' as const };

let db: Firestore;
let workspace: WorkspaceEmulator;
let client: SheetsClient;
let sheets: SheetsAdapter;
let store: FirestoreAttendanceResults;

beforeAll(async () => {
  db = new Firestore({ projectId: `attendance-results-${randomUUID().slice(0, 8)}`, ignoreUndefinedProperties: true });
  workspace = await startWorkspaceEmulator({ port: 0 });
  client = createSheetsClient({ rootUrl: workspace.rootUrl });
  sheets = new SheetsAdapter(client);
  store = new FirestoreAttendanceResults(new FirestoreRecords(db));
});

afterAll(async () => {
  await db.terminate();
  await workspace.stop();
});

const fmt = (t: DateTime) => t.setZone(ZONE).toFormat('yyyy/MM/dd HH:mm');

/** Saves rows through the same workflow the sheetEdit function runs (inbox, cross-record rules, store). */
async function edit(
  book: string,
  sheetName: string,
  header: string[],
  rows: unknown[][],
  options: { firstRow?: number; editor?: string; now?: DateTime; kind?: 'edit' | 'resync' } = {},
): Promise<EditResponse> {
  const [request] = buildEditRequests({
    kind: options.kind ?? 'edit',
    spreadsheetId: book,
    sheetName,
    editor: options.editor ?? HOST,
    timeZone: ZONE,
    headerRow: header,
    firstRow: options.firstRow ?? 2,
    rows,
    newEventId: randomUUID,
    now: (options.now ?? NOW).toJSDate(),
  });
  const outcome = await applySheetEdit(request!, (options.now ?? NOW).setZone(ZONE), {
    store: new FirestoreSheetEditStore(new FirestoreRecords(db), { timeZone: ZONE, language: 'en' }),
    logs: createLogs(createLogger('silent')),
    rules: new FirestoreRuleContext(new FirestoreRecords(db)),
  });
  if (!outcome.ok) throw new Error(`edit refused: ${outcome.code}`);
  return outcome.response;
}

/** A workbook with the people and one meeting `start`–`start + 1h` hosted by HOST; the meeting's ID. */
async function meetingIn(book: string, start: DateTime): Promise<string> {
  await edit(
    book,
    'People',
    ['ID', 'Status', 'Email', 'Name', 'Role'],
    PEOPLE.map((email) => ['', '', email, email.split('@')[0], email === HOST ? 'manager' : 'rep']),
  );
  const meetings = await edit(
    book,
    'Meetings',
    ['ID', 'Status', 'Type', 'Title', 'Start', 'End', 'Host'],
    [['', '', 'ad-hoc', 'Review', fmt(start), fmt(start.plus({ hours: 1 })), HOST]],
  );
  return meetings.results[0]!.id!;
}

/** A workbook (a new one unless given) with its People and one ad-hoc meeting two days after NOW, on the hour. */
async function bookWithMeeting(
  book = `book_${randomUUID().slice(0, 8)}`,
): Promise<{ book: string; start: DateTime; meetingId: string }> {
  const start = NOW.plus({ days: 2 }).startOf('hour');
  return { book, start, meetingId: await meetingIn(book, start) };
}

/**
 * Three roster rows typed the day before the meeting: a checks in on time, b never does, c is on approved
 * leave with `sub` in their place; `sub` checks in (on their own row) only if asked. The check-ins are typed
 * once they happen, at the meeting (a check-in ahead of the edit's time is refused, issue 13).
 */
async function roster(
  book: string,
  meetingId: string,
  start: DateTime,
  subChecksIn: boolean,
): Promise<Map<string, string>> {
  const response = await edit(
    book,
    'Attendance',
    ATTENDANCE_HEADER,
    [
      ['', '', meetingId, 'a@example.com', '', '', '', '', '', ''],
      ['', '', meetingId, 'b@example.com', '', '', '', '', '', ''],
      ['', '', meetingId, 'c@example.com', '是', '是', 'sub@example.com', '', '', ''],
      ['', '', meetingId, 'sub@example.com', '', '', '', '', '', ''],
    ],
    { now: start.minus({ days: 1 }) },
  );
  const ids = response.results.map((r) => r.id);
  expect(
    ids.every((id) => id?.startsWith('AT-')),
    JSON.stringify(response.results.map((r) => r.status)),
  ).toBe(true);
  const checkIns: Array<[number, string, DateTime]> = [[0, 'a', start.plus({ minutes: 1 })]];
  if (subChecksIn) checkIns.push([3, 'sub', start.plus({ minutes: 3 })]);
  for (const [index, name, at] of checkIns) {
    const row = [ids[index], '', meetingId, `${name}@example.com`, '', '', '', fmt(at), '', ''];
    const checkedIn = await edit(book, 'Attendance', ATTENDANCE_HEADER, [row], { firstRow: index + 2, now: at });
    expect(checkedIn.results[0]!.id, checkedIn.results[0]!.status).toBe(ids[index]);
  }
  return new Map(['a', 'b', 'c', 'sub'].map((name, index) => [name, ids[index]!]));
}

async function results(book: string, ids: Map<string, string>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, id] of ids)
    out[name] = (await db.doc(`workbooks/${book}/attendance/${id}`).get()).get('data.result');
  return out;
}

/** The real store, with some of its steps replaced (to run an edit at a chosen moment of the pass). */
function storeWith(overrides: Partial<AttendanceResults>): AttendanceResults {
  return {
    startedBetween: (...args) => store.startedBetween(...args),
    attendanceOf: (...args) => store.attendanceOf(...args),
    managersOf: (...args) => store.managersOf(...args),
    saveResults: (...args) => store.saveResults(...args),
    currentResults: (...args) => store.currentResults(...args),
    markFinalized: (...args) => store.markFinalized(...args),
    ...overrides,
  };
}

const auditCount = async (book: string) =>
  (await db.collection(`workbooks/${book}/audit`).where('actor', '==', 'system').get()).size;

describe('finalizeAttendance with the Firestore adapter', () => {
  it(
    'without Sheets access still settles the records at the end: absent, covered leave, one audit entry per ' +
      'change, then nothing more',
    async () => {
      const { book, start, meetingId } = await bookWithMeeting();
      const ids = await roster(book, meetingId, start, true);
      // Saved before the substitute's row existed: plain leave; b has no result until the end.
      expect(await results(book, ids)).toEqual({ a: 'onTime', b: '', c: 'onLeave', sub: 'onTime' });

      // During the meeting only the leave changes: its substitute is in.
      const during = await finalizeAttendance(book, settings, { store }, start.plus({ minutes: 30 }));
      expect(during).toEqual({ meetings: 1, updated: 1, conflicts: 0, cellsWritten: 0, finalized: 0 });
      expect(await results(book, ids)).toEqual({ a: 'onTime', b: '', c: 'onLeaveCovered', sub: 'onTime' });

      const after = await finalizeAttendance(book, settings, { store }, start.plus({ hours: 1 }));
      expect(after).toEqual({ meetings: 1, updated: 1, conflicts: 0, cellsWritten: 0, finalized: 1 });
      expect(await results(book, ids)).toEqual({ a: 'onTime', b: 'absent', c: 'onLeaveCovered', sub: 'onTime' });
      const meeting = await db.doc(`workbooks/${book}/meetings/${meetingId}`).get();
      expect(meeting.get('attendanceFinalizedFor')).toBe(`${meeting.get('data.start')}/${meeting.get('data.end')}`);
      // The finalisation mark was added to the record, not written over it.
      expect(meeting.get('data.title')).toBe('Review');
      const audit = await db.collection(`workbooks/${book}/audit`).where('actor', '==', 'system').get();
      expect(audit.docs.map((d) => [d.get('recordId'), d.get('detail')]).sort()).toEqual(
        [
          [ids.get('b'), { from: '', to: 'absent' }],
          [ids.get('c'), { from: 'onLeave', to: 'onLeaveCovered' }],
        ].sort(),
      );

      const again = await finalizeAttendance(book, settings, { store }, start.plus({ hours: 2 }));
      expect(again).toEqual({ meetings: 0, updated: 0, conflicts: 0, cellsWritten: 0, finalized: 0 });
      expect(await auditCount(book)).toBe(2);
    },
  );

  it('reports a leave whose substitute never came as uncovered once the meeting has ended', async () => {
    const { book, start, meetingId } = await bookWithMeeting();
    const ids = await roster(book, meetingId, start, false);
    await finalizeAttendance(book, settings, { store }, start.plus({ minutes: 59 }));
    expect(await results(book, ids)).toEqual({ a: 'onTime', b: '', c: 'onLeave', sub: '' });
    await finalizeAttendance(book, settings, { store }, start.plus({ hours: 1, minutes: 5 }));
    expect(await results(book, ids)).toEqual({ a: 'onTime', b: 'absent', c: 'onLeaveUncovered', sub: 'absent' });
  });

  it('leaves a record edited between read and save to the edit, and does not finalise its meeting', async () => {
    const { book, start, meetingId } = await bookWithMeeting();
    const ids = await roster(book, meetingId, start, true);
    // Someone fills in b's check-in while the pass is judging the old values.
    const racing = storeWith({
      attendanceOf: async (...args) => {
        const read = await store.attendanceOf(...args);
        await edit(
          book,
          'Attendance',
          ATTENDANCE_HEADER,
          [[ids.get('b'), '', meetingId, 'b@example.com', '', '', '', fmt(start.plus({ minutes: 40 })), '', '']],
          { firstRow: 3, now: start.plus({ hours: 1 }) },
        );
        return read;
      },
    });
    const report = await finalizeAttendance(book, settings, { store: racing }, start.plus({ hours: 1 }));
    expect(report).toMatchObject({ updated: 1, conflicts: 1, finalized: 0 });
    expect(await results(book, ids)).toMatchObject({ b: 'late', c: 'onLeaveCovered' });
    // The next tick finds nothing left to change and finalises.
    expect(await finalizeAttendance(book, settings, { store }, start.plus({ hours: 1, minutes: 15 }))).toMatchObject({
      updated: 0,
      conflicts: 0,
      finalized: 1,
    });
    expect(await results(book, ids)).toMatchObject({ b: 'late' });
  });

  it.each([
    ['after the pass read the records', 'attendanceOf'],
    ['after the cells were confirmed, just before the mark', 'markFinalized'],
  ] as const)(
    'keeps the meeting open when a new attendance row is saved %s, and the next tick settles it with that row',
    async (_moment, step) => {
      const { book, start, meetingId } = await bookWithMeeting();
      // The roster has no row for the substitute yet: c's leave is uncovered unless one turns up.
      const typed = await edit(
        book,
        'Attendance',
        ATTENDANCE_HEADER,
        [
          ['', '', meetingId, 'a@example.com', '', '', '', '', '', ''],
          ['', '', meetingId, 'b@example.com', '', '', '', '', '', ''],
          ['', '', meetingId, 'c@example.com', '是', '是', 'sub@example.com', '', '', ''],
        ],
        { now: start.minus({ days: 1 }) },
      );
      const ids = new Map(['a', 'b', 'c'].map((name, index) => [name, typed.results[index]!.id!]));
      // a's check-in is typed when a arrives (a check-in ahead of the edit is refused, issue 13).
      const arrived = start.plus({ minutes: 1 });
      const aRow = [ids.get('a'), '', meetingId, 'a@example.com', '', '', '', fmt(arrived), '', ''];
      await edit(book, 'Attendance', ATTENDANCE_HEADER, [aRow], { now: arrived });
      // The recorder types the substitute's check-in, on a row of its own, while the pass settles the meeting.
      const typeSubstitute = async () => {
        const answer = await edit(
          book,
          'Attendance',
          ATTENDANCE_HEADER,
          [['', '', meetingId, 'sub@example.com', '', '', '', fmt(start.plus({ minutes: 3 })), '', '']],
          {
            firstRow: 5,
            now: start.plus({ hours: 1 }),
          },
        );
        ids.set('sub', answer.results[0]!.id!);
      };
      const racing = storeWith(
        step === 'attendanceOf'
          ? {
              attendanceOf: async (...args) => {
                const read = await store.attendanceOf(...args);
                await typeSubstitute();
                return read;
              },
            }
          : {
              markFinalized: async (...args) => {
                await typeSubstitute();
                return store.markFinalized(...args);
              },
            },
      );
      const report = await finalizeAttendance(book, settings, { store: racing }, start.plus({ hours: 1 }));
      // Judged without the substitute's row; those results are saved, but the meeting is not marked.
      expect(report).toEqual({ meetings: 1, updated: 2, conflicts: 1, cellsWritten: 0, finalized: 0 });
      expect(await results(book, ids)).toEqual({ a: 'onTime', b: 'absent', c: 'onLeaveUncovered', sub: 'onTime' });
      const meeting = db.doc(`workbooks/${book}/meetings/${meetingId}`);
      expect((await meeting.get()).get('attendanceFinalizedFor')).toBeUndefined();

      // The next tick judges it with the substitute's row: the leave is covered, and now it is finalised.
      const next = await finalizeAttendance(book, settings, { store }, start.plus({ hours: 1, minutes: 15 }));
      expect(next).toEqual({ meetings: 1, updated: 1, conflicts: 0, cellsWritten: 0, finalized: 1 });
      expect(await results(book, ids)).toEqual({ a: 'onTime', b: 'absent', c: 'onLeaveCovered', sub: 'onTime' });
      expect((await meeting.get()).get('attendanceFinalizedFor')).toMatch(/\//u);
    },
  );

  it(
    'opens a settled meeting again when one of its rows is deleted in the sheet (a resync): the leave loses its ' +
      'substitute',
    async () => {
      const { book, start, meetingId } = await bookWithMeeting();
      const ids = await roster(book, meetingId, start, true);
      expect(await finalizeAttendance(book, settings, { store }, start.plus({ hours: 1 }))).toMatchObject({
        finalized: 1,
      });
      expect(await results(book, ids)).toMatchObject({ c: 'onLeaveCovered' });
      // The substitute's row was entered by mistake and is deleted: the tab now holds a, b and c only.
      const kept = ['a', 'b', 'c'].map((name) => [
        ids.get(name),
        'OK',
        meetingId,
        `${name}@example.com`,
        ...(name === 'c' ? ['是', '是', 'sub@example.com'] : ['', '', '']),
        name === 'a' ? fmt(start.plus({ minutes: 1 })) : '',
        '',
        '',
      ]);
      await edit(book, 'Attendance', ATTENDANCE_HEADER, kept, { kind: 'resync', now: start.plus({ hours: 2 }) });
      expect((await db.doc(`workbooks/${book}/attendance/${ids.get('sub')}`).get()).get('deleted')).toBe(true);
      expect(
        (await db.doc(`workbooks/${book}/meetings/${meetingId}`).get()).get('attendanceFinalizedFor'),
      ).toBeUndefined();
      expect(await finalizeAttendance(book, settings, { store }, start.plus({ hours: 2, minutes: 15 }))).toMatchObject({
        updated: 1,
        finalized: 1,
      });
      expect(await results(book, ids)).toMatchObject({ c: 'onLeaveUncovered' });
    },
  );

  it('opens a settled meeting again when one of its rows moves to another meeting', async () => {
    const { book, start, meetingId } = await bookWithMeeting();
    const later = await edit(
      book,
      'Meetings',
      ['ID', 'Status', 'Type', 'Title', 'Start', 'End', 'Host'],
      [['', '', 'ad-hoc', 'Follow-up', fmt(start.plus({ days: 1 })), fmt(start.plus({ days: 1, hours: 1 })), HOST]],
      { firstRow: 3 },
    );
    const ids = await roster(book, meetingId, start, true);
    expect(await finalizeAttendance(book, settings, { store }, start.plus({ hours: 1 }))).toMatchObject({
      finalized: 1,
    });
    // The substitute's row belonged to the follow-up meeting: it leaves this one, whose leave is then uncovered.
    await edit(
      book,
      'Attendance',
      ATTENDANCE_HEADER,
      [[ids.get('sub'), '', later.results[0]!.id, 'sub@example.com', '', '', '', '', '', '']],
      { firstRow: 5, now: start.plus({ hours: 2 }) },
    );
    expect(
      (await db.doc(`workbooks/${book}/meetings/${meetingId}`).get()).get('attendanceFinalizedFor'),
    ).toBeUndefined();
    expect(await finalizeAttendance(book, settings, { store }, start.plus({ hours: 2, minutes: 15 }))).toMatchObject({
      finalized: 1,
    });
    expect(await results(book, ids)).toMatchObject({ c: 'onLeaveUncovered' });
  });

  it('judges a meeting again when its times change after it was finalised', async () => {
    const { book, start, meetingId } = await bookWithMeeting();
    const ids = await roster(book, meetingId, start, true);
    expect(await finalizeAttendance(book, settings, { store }, start.plus({ hours: 1 }))).toMatchObject({
      finalized: 1,
    });
    // It ran longer than planned: the end moves from +1h to +3h (typed before the meeting, rules allow it).
    await edit(
      book,
      'Meetings',
      ['ID', 'Status', 'Type', 'Title', 'Start', 'End', 'Host'],
      [[meetingId, '', 'ad-hoc', 'Review', fmt(start), fmt(start.plus({ hours: 3 })), HOST]],
      { now: start.minus({ hours: 1 }) },
    );
    const reopened = await finalizeAttendance(book, settings, { store }, start.plus({ hours: 1, minutes: 30 }));
    // Not over yet: b is no longer known to be absent.
    expect(reopened).toMatchObject({ meetings: 1, updated: 1, finalized: 0 });
    expect(await results(book, ids)).toMatchObject({ b: '' });
  });

  it('never reads a meeting older than the lookback, nor one that has not started', async () => {
    const { book, start, meetingId } = await bookWithMeeting();
    const ids = await roster(book, meetingId, start, false);
    expect(await finalizeAttendance(book, settings, { store }, start.minus({ minutes: 1 }))).toMatchObject({
      meetings: 0,
    });
    expect(await finalizeAttendance(book, settings, { store }, start.plus({ days: 7, minutes: 1 }))).toMatchObject({
      meetings: 0,
    });
    expect(await results(book, ids)).toMatchObject({ b: '' });
  });

  it('an edit of the leave row after the substitute checked in answers "substitute attended" at once', async () => {
    const { book, start, meetingId } = await bookWithMeeting();
    const ids = await roster(book, meetingId, start, true);
    const answer = await edit(
      book,
      'Attendance',
      ATTENDANCE_HEADER,
      [[ids.get('c'), '', meetingId, 'c@example.com', '是', '是', 'sub@example.com', '', '', '']],
      { firstRow: 4 },
    );
    expect(answer.results[0]!.computed).toEqual({ result: 'on leave, substitute attended' });
    expect(await results(book, ids)).toMatchObject({ c: 'onLeaveCovered' });
    // The request time and approver saved with the first edit still stand.
    expect((await db.doc(`workbooks/${book}/attendance/${ids.get('c')}`).get()).get('data.leaveApprovedBy')).toBe(HOST);
  });

  it('a check-in cleared in the sheet leaves the record too, so it no longer covers a leave', async () => {
    const { book, start, meetingId } = await bookWithMeeting();
    const ids = await roster(book, meetingId, start, true);
    await edit(
      book,
      'Attendance',
      ATTENDANCE_HEADER,
      [[ids.get('sub'), '', meetingId, 'sub@example.com', '', '', '', '', '', '']],
      { firstRow: 5 },
    );
    expect((await db.doc(`workbooks/${book}/attendance/${ids.get('sub')}`).get()).get('data.checkIn')).toBeUndefined();
    await finalizeAttendance(book, settings, { store }, start.plus({ hours: 1 }));
    expect(await results(book, ids)).toMatchObject({ c: 'onLeaveUncovered', sub: 'absent' });
  });
});

describe('finalizeAttendance writing the Attendance tab', () => {
  it(
    'writes only the Result cells that differ, finding rows by ID in a tab whose columns and rows are in another ' +
      'order',
    async () => {
      const created = await client.spreadsheets.create({
        requestBody: {
          properties: { title: 'Team' },
          sheets: [{ properties: { title: 'Notes' } }, { properties: { title: 'Attendance' } }],
        },
      });
      const { book, start, meetingId } = await bookWithMeeting(created.data.spreadsheetId!);
      const ids = await roster(book, meetingId, start, true);
      // The tab as users keep it: their own column order, a note column, rows sorted by person descending, one
      // row of another meeting, Status text the pass must not touch.
      const header = ['Person', 'Result', 'Meeting', 'My notes', 'Status', 'ID'];
      const rows = [
        ['sub@example.com', '准时', meetingId, '', 'OK', ids.get('sub')!],
        ['other@example.com', 'late', 'M-OTHER', 'keep', 'OK', 'AT-OTHER000'],
        ['c@example.com', 'on leave', meetingId, 'sick', 'OK', ids.get('c')!],
        ['b@example.com', '', meetingId, '', 'OK', ids.get('b')!],
        ['a@example.com', 'on time', meetingId, '', 'OK\nnote', ids.get('a')!],
      ];
      await sheets.writeValues(book, a1Range('Attendance', 'A1'), [header, ...rows]);

      const sheet = attendanceTabWriter(sheets);
      const report = await finalizeAttendance(book, settings, { store, sheet }, start.plus({ hours: 1 }));
      // Four rows are judged; `sub` showed 准时 instead of "on time", c and b changed: three cells.
      expect(report).toEqual({ meetings: 1, updated: 2, conflicts: 0, cellsWritten: 3, finalized: 1 });
      const values = await sheets.readTab(book, 'Attendance');
      expect(values).toEqual([
        header,
        ['sub@example.com', 'on time', meetingId, '', 'OK', ids.get('sub')],
        ['other@example.com', 'late', 'M-OTHER', 'keep', 'OK', 'AT-OTHER000'],
        ['c@example.com', 'on leave, substitute attended', meetingId, 'sick', 'OK', ids.get('c')],
        ['b@example.com', 'absent', meetingId, '', 'OK', ids.get('b')],
        ['a@example.com', 'on time', meetingId, '', 'OK\nnote', ids.get('a')],
      ]);
      expect(await finalizeAttendance(book, settings, { store, sheet }, start.plus({ hours: 2 }))).toEqual({
        meetings: 0,
        updated: 0,
        conflicts: 0,
        cellsWritten: 0,
        finalized: 0,
      });
    },
  );

  /**
   * A tab showing the roster as its edits answered (b without a result, c's leave not yet covered), and an edit
   * that fills in b's late check-in and writes its answer into b's Result cell as the Apps Script trigger does.
   */
  async function tabWithRoster(): Promise<{
    book: string;
    start: DateTime;
    meetingId: string;
    ids: Map<string, string>;
    bChecksInLate: () => Promise<string>;
  }> {
    const created = await client.spreadsheets.create({
      requestBody: { properties: { title: 'Team' }, sheets: [{ properties: { title: 'Attendance' } }] },
    });
    const { book, start, meetingId } = await bookWithMeeting(created.data.spreadsheetId!);
    const ids = await roster(book, meetingId, start, true);
    const row = (name: string, checkIn: string, result: string, leave: string[] = ['', '', '']) => [
      ids.get(name)!,
      'OK',
      meetingId,
      `${name}@example.com`,
      ...leave,
      checkIn,
      '',
      result,
    ];
    await sheets.writeValues(book, a1Range('Attendance', 'A1'), [
      ATTENDANCE_HEADER,
      row('a', fmt(start.plus({ minutes: 1 })), 'on time'),
      row('b', '', ''),
      row('c', '', 'on leave', ['是', '是', 'sub@example.com']),
      row('sub', fmt(start.plus({ minutes: 3 })), 'on time'),
    ]);
    const bChecksInLate = async () => {
      const bRow = row('b', fmt(start.plus({ minutes: 40 })), '');
      const answer = await edit(book, 'Attendance', ATTENDANCE_HEADER, [bRow], {
        firstRow: 3,
        now: start.plus({ hours: 1 }),
      });
      const label = answer.results[0]!.computed!.result!;
      await sheets.writeValues(book, a1Range('Attendance', 'J3'), [[label]]);
      return label;
    };
    return { book, start, meetingId, ids, bChecksInLate };
  }

  const resultColumn = async (book: string) =>
    (await sheets.readTab(book, 'Attendance')).slice(1).map((r) => r[9] ?? '');

  it.each([
    ['after the pass saved its results', 'saveResults'],
    ['after the pass read the tab, before it confirmed the cells', 'currentResults'],
  ] as const)(
    'leaves a Result cell that a newer edit wrote %s, instead of writing the stale label over it',
    async (_moment, step) => {
      const { book, start, meetingId, ids, bChecksInLate } = await tabWithRoster();
      let late = '';
      const racing = storeWith(
        step === 'saveResults'
          ? {
              saveResults: async (...args) => {
                const saved = await store.saveResults(...args);
                late = await bChecksInLate();
                return saved;
              },
            }
          : {
              currentResults: async (...args) => {
                late = await bChecksInLate();
                return store.currentResults(...args);
              },
            },
      );
      const report = await finalizeAttendance(
        book,
        settings,
        { store: racing, sheet: attendanceTabWriter(sheets) },
        start.plus({ hours: 1 }),
      );
      expect(late).toBe('late');
      // b was judged absent (and saved so) before the edit; only c's cell is written; the edit keeps the meeting open.
      expect(report).toEqual({ meetings: 1, updated: 2, conflicts: 1, cellsWritten: 1, finalized: 0 });
      expect(await resultColumn(book)).toEqual(['on time', 'late', 'on leave, substitute attended', 'on time']);
      expect(await results(book, ids)).toMatchObject({ b: 'late', c: 'onLeaveCovered' });
      expect(
        (await db.doc(`workbooks/${book}/meetings/${meetingId}`).get()).get('attendanceFinalizedFor'),
      ).toBeUndefined();
      // The next tick finds every cell matching its record and finalises.
      expect(
        await finalizeAttendance(
          book,
          settings,
          { store, sheet: attendanceTabWriter(sheets) },
          start.plus({ hours: 1, minutes: 15 }),
        ),
      ).toEqual({
        meetings: 1,
        updated: 0,
        conflicts: 0,
        cellsWritten: 0,
        finalized: 1,
      });
      expect(await resultColumn(book)).toEqual(['on time', 'late', 'on leave, substitute attended', 'on time']);
    },
  );

  it('repairs on the next tick a cell lost in the window left between confirming it and writing it', async () => {
    const { book, start, ids, bChecksInLate } = await tabWithRoster();
    // The edit is saved and its answer written just after the pass confirmed b's cell: the stale label lands.
    const racing = storeWith({
      currentResults: async (...args) => {
        const current = await store.currentResults(...args);
        await bChecksInLate();
        return current;
      },
    });
    const report = await finalizeAttendance(
      book,
      settings,
      { store: racing, sheet: attendanceTabWriter(sheets) },
      start.plus({ hours: 1 }),
    );
    expect(report).toMatchObject({ cellsWritten: 2, conflicts: 1, finalized: 0 });
    expect((await resultColumn(book))[1]).toBe('absent');
    expect(await results(book, ids)).toMatchObject({ b: 'late' });
    // The edit raised the meeting's revision, so it stayed open: the next tick checks every cell and repairs b's.
    expect(
      await finalizeAttendance(
        book,
        settings,
        { store, sheet: attendanceTabWriter(sheets) },
        start.plus({ hours: 1, minutes: 15 }),
      ),
    ).toMatchObject({
      updated: 0,
      cellsWritten: 1,
      finalized: 1,
    });
    expect(await resultColumn(book)).toEqual(['on time', 'late', 'on leave, substitute attended', 'on time']);
  });

  it('keeps the meeting open when the sheet cannot be written, and repairs the cells on the next tick', async () => {
    const created = await client.spreadsheets.create({
      requestBody: { properties: { title: 'Team' }, sheets: [{ properties: { title: '签到' } }] },
    });
    const { book, start, meetingId } = await bookWithMeeting(created.data.spreadsheetId!);
    const ids = await roster(book, meetingId, start, false);
    await sheets.writeValues(book, a1Range('签到', 'A1'), [
      ['编号', '状态', '会议', '参会人', '出勤结果'],
      [ids.get('b')!, 'OK', meetingId, 'b@example.com', ''],
    ]);
    const failing = { writeResults: async () => Promise.reject(new Error('Sheets API 503')) };
    await expect(
      finalizeAttendance(book, { timeZone: ZONE, language: 'zh' }, { store, sheet: failing }, start.plus({ hours: 1 })),
    ).rejects.toThrow('503');
    expect(await results(book, ids)).toMatchObject({ b: 'absent' });
    const retried = await finalizeAttendance(
      book,
      { timeZone: ZONE, language: 'zh' },
      { store, sheet: attendanceTabWriter(sheets) },
      start.plus({ hours: 1, minutes: 15 }),
    );
    expect(retried).toMatchObject({ updated: 0, cellsWritten: 1, finalized: 1 });
    expect((await sheets.readTab(book, '签到'))[1]).toEqual([ids.get('b'), 'OK', meetingId, 'b@example.com', '缺席']);
  });
});
