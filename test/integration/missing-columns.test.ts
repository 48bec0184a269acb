// A column missing from the sheet never erases what the records hold. The Meetings header 地点 (Venue) is renamed
// to a text the schema does not know, rows are edited and resynced, the header is restored, and the tick runs in
// between: the records keep their venue, a dealer conference (which needs one) is not refused, the Status says
// which column is missing, and no attendee gets a "venue changed" mail, neither for the rename nor for the
// restore. Also: a header that names one column twice refuses the rows rather than guess which copy holds
// the value, and a resync whose ID column cannot be read deletes nothing.
import type { Firestore } from '@google-cloud/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKING_MORNING } from '../support/pinned-time.ts';
import {
  HOST,
  MEETINGS_TAB,
  RECORDER,
  VENUE,
  stackFirestore,
  useLocalWorkbook,
  wallTime,
  cellAt,
} from './support/local-workbook.ts';

const TITLE = '华东销售商会议 East China dealer conference';
/** Friday 2027-03-19 10:00, ten days after WORKING_MORNING; its notice goes out 7 days before (a working day). */
const START = WORKING_MORNING.plus({ days: 10 }).set({ hour: 10, minute: 0 });
const NOTICE_DAY = START.minus({ days: 7 });

describe('a column missing from the sheet keeps the stored values', () => {
  const workbook = useLocalWorkbook('missing-columns');
  const { mailbox, postEdit, readTab, resync, setClock, tick, typeCell, typeRow } = workbook;
  let db: Firestore;
  let row: number;
  let meetingId: string;

  beforeAll(() => {
    db = stackFirestore(workbook.stack);
  });
  afterAll(async () => {
    await db?.terminate();
  });

  const record = async () =>
    (await db.doc(`workbooks/${workbook.stack.spreadsheetId}/meetings/${meetingId}`).get()).data() as {
      data: { title: string; venue?: string };
      deleted: boolean;
    };
  const changeMails = async () =>
    (await mailbox(HOST)).filter((m) => m.subject.includes(TITLE) && m.subject.includes('会议变更'));
  const renameHeader = async (from: string, to: string) => {
    const header = (await readTab(MEETINGS_TAB)).values[0]!;
    return postEdit(MEETINGS_TAB, { row: 1, column: header.indexOf(from) + 1, values: [[to]] });
  };

  it('renaming 地点 keeps every venue, names the missing column, and mails nobody', async () => {
    setClock(WORKING_MORNING);
    row = (await readTab(MEETINGS_TAB)).values.length + 1;
    let values = await typeRow(MEETINGS_TAB, row, {
      会议类型: '销售商会议',
      会议主题: TITLE,
      开始时间: wallTime(START),
      结束时间: wallTime(START.set({ hour: 17 })),
      地点: VENUE,
      主持人: HOST,
      记录人: RECORDER,
      预算: '30000',
    });
    expect(cellAt(values, row, '状态')).toMatch(/^OK/u);
    meetingId = cellAt(values, row, '编号');

    setClock(NOTICE_DAY.set({ hour: 8, minute: 10 }));
    await tick();
    expect((await mailbox(HOST)).filter((m) => m.subject.includes(TITLE))).toHaveLength(1);

    // The header edit resyncs the whole tab.
    setClock(NOTICE_DAY.set({ hour: 8, minute: 20 }));
    values = await renameHeader('地点', '开会地方');
    expect(values[0]).toContain('开会地方');
    const status = cellAt(values, row, '状态');
    expect(status).toMatch(/^OK/u);
    expect(status).toContain('地点');
    expect(status).toContain('Venue');
    expect((await record()).data.venue).toBe(VENUE);

    // An edit of the row while the column is missing: saved, venue kept, the dealer conference not refused.
    values = await typeCell(MEETINGS_TAB, row, '会议主题', `${TITLE} (renamed column)`);
    expect(cellAt(values, row, '状态')).toMatch(/^OK/u);
    expect(cellAt(values, row, '状态')).toContain('地点');
    expect((await record()).data).toMatchObject({ title: `${TITLE} (renamed column)`, venue: VENUE });

    setClock(NOTICE_DAY.set({ hour: 8, minute: 40 }));
    await tick();
    expect(await changeMails()).toHaveLength(0);
  });

  it('restoring the header changes nothing and mails nobody', async () => {
    setClock(NOTICE_DAY.set({ hour: 9, minute: 0 }));
    const values = await renameHeader('开会地方', '地点');
    expect(cellAt(values, row, '状态')).toMatch(/^OK$/u);
    expect(cellAt(values, row, '地点')).toBe(VENUE);
    expect((await record()).data.venue).toBe(VENUE);
    setClock(NOTICE_DAY.set({ hour: 9, minute: 20 }));
    await tick();
    expect(await changeMails()).toHaveLength(0);
  });

  it('refuses every row while a header names one column twice, and keeps the records', async () => {
    setClock(NOTICE_DAY.set({ hour: 9, minute: 30 }));
    const header = (await readTab(MEETINGS_TAB)).values[0]!;
    // A second 地点 column after the last one.
    let values = await postEdit(MEETINGS_TAB, { row: 1, column: header.length + 1, values: [['地点']] });
    const status = cellAt(values, row, '状态');
    expect(status).toContain('地点');
    expect(status).not.toMatch(/^OK/u);
    expect((await record()).data.venue).toBe(VENUE);
    expect((await record()).deleted).toBe(false);
    // Removed again: the row is OK as before.
    values = await postEdit(MEETINGS_TAB, { row: 1, column: header.length + 1, values: [['']] });
    expect(cellAt(values, row, '状态')).toMatch(/^OK$/u);
  });

  it('deletes nothing in a resync while the ID column is renamed, even after the row moved', async () => {
    setClock(NOTICE_DAY.set({ hour: 9, minute: 40 }));
    await renameHeader('编号', 'Record no.');
    // The row is cut and pasted two rows lower: the store's position for it is now stale.
    const before = (await readTab(MEETINGS_TAB)).values;
    const moved = before.length + 2;
    await postEdit(MEETINGS_TAB, { row: moved, column: 1, values: [before[row - 1]!] });
    await postEdit(MEETINGS_TAB, { row, column: 1, values: [before[0]!.map(() => '')] });
    await resync(MEETINGS_TAB);
    expect((await record()).deleted).toBe(false);

    // With the header back, the resync finds the record in its new row.
    const values = await renameHeader('Record no.', '编号');
    expect(cellAt(values, moved, '编号')).toBe(meetingId);
    expect(cellAt(values, moved, '状态')).toMatch(/^OK$/u);
    expect((await record()).deleted).toBe(false);
    expect((await record()).data.venue).toBe(VENUE);
    setClock(NOTICE_DAY.set({ hour: 10, minute: 0 }));
    await tick();
    const cancellations = (await mailbox(HOST)).filter((m) => m.subject.includes(TITLE) && m.subject.includes('取消'));
    expect(cancellations).toHaveLength(0);
    expect(await changeMails()).toHaveLength(0);
  });
});
