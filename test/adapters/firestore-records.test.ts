// The records layer against the embedded Firestore emulator: one people-by-email lookup that skips deleted
// People rows, used alike when an Attendance edit is checked (its managers) and when the tick settles results
// (managersOf), so both see the same manager for a person whose old People row was deleted; meetings by ID
// and attendance of a meeting leave deleted records out.
import type { Firestore } from '@google-cloud/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirestoreAttendanceResults } from '../../functions/src/adapters/firestore-meetings.ts';
import { FirestoreRecords } from '../../functions/src/adapters/firestore-records.ts';
import { FirestoreRuleContext } from '../../functions/src/adapters/firestore-rule-context.ts';
import type { SheetEditPlan } from '../../functions/src/domain/workbook/sheet-edit-plan.ts';
import { getTab } from '../../functions/src/domain/workbook/workbook-schema.ts';
import { newTestFirestore } from '../support/firestore.ts';

let db: Firestore;
let records: FirestoreRecords;
const BOOK = 'book-records';

beforeAll(async () => {
  db = newTestFirestore('records');
  records = new FirestoreRecords(db);
  const people = db.collection(`workbooks/${BOOK}/people`);
  // Li moved teams: the old row (manager Old Boss) was deleted, the new row names the new manager. Zhao's only
  // row was deleted: Zhao is not on the People tab any more. Wang's address is typed in capitals on the row.
  await people.doc('P-LI-OLD').set({
    id: 'P-LI-OLD',
    data: { email: 'li@demo.example', name: 'Li', manager: 'old.boss@demo.example' },
    deleted: true,
  });
  await people.doc('P-LI').set({
    id: 'P-LI',
    data: { email: 'li@demo.example', name: 'Li', manager: 'new.boss@demo.example' },
    deleted: false,
  });
  await people.doc('P-ZHAO').set({
    id: 'P-ZHAO',
    data: { email: 'zhao@demo.example', name: 'Zhao', manager: 'old.boss@demo.example' },
    deleted: true,
  });
  await people
    .doc('P-WANG')
    .set({ id: 'P-WANG', data: { email: 'wang@demo.example', name: 'Wang', active: false }, deleted: false });
  const meetings = db.collection(`workbooks/${BOOK}/meetings`);
  await meetings.doc('M-LIVE').set({
    id: 'M-LIVE',
    data: { start: '2027-03-10T09:00:00+08:00', end: '2027-03-10T10:00:00+08:00' },
    deleted: false,
  });
  await meetings.doc('M-GONE').set({
    id: 'M-GONE',
    data: { start: '2027-03-11T09:00:00+08:00', end: '2027-03-11T10:00:00+08:00' },
    deleted: true,
  });
  const attendance = db.collection(`workbooks/${BOOK}/attendance`);
  await attendance
    .doc('AT-1')
    .set({ id: 'AT-1', data: { meeting: 'M-LIVE', person: 'li@demo.example' }, deleted: false });
  await attendance
    .doc('AT-2')
    .set({ id: 'AT-2', data: { meeting: 'M-LIVE', person: 'zhao@demo.example' }, deleted: true });
});

afterAll(async () => {
  await db.terminate();
});

/** An Attendance edit naming these people at M-LIVE, as planSheetEdit would plan it. */
function attendanceEdit(people: string[]): SheetEditPlan {
  const tab = getTab('attendance') as SheetEditPlan['tab'];
  const rows = people.map((person, i) => ({
    row: i + 2,
    sheetId: null,
    data: { meeting: 'M-LIVE', person },
    messages: [],
  }));
  return { tab, rows, notes: [], timeZone: 'Asia/Shanghai' };
}

describe('the records layer', () => {
  it('edit time and tick time see the same managers, and neither sees a deleted People row', async () => {
    const people = ['li@demo.example', 'zhao@demo.example', 'WANG@demo.example'];
    const editTime = (await new FirestoreRuleContext(records).attendanceContext(BOOK, attendanceEdit(people))).managers;
    const tickTime = await new FirestoreAttendanceResults(records).managersOf(
      BOOK,
      people.map((p) => p.toLowerCase()),
    );
    expect(new Map(editTime)).toEqual(new Map(tickTime));
    expect(editTime.get('li@demo.example')).toBe('new.boss@demo.example');
    expect(editTime.has('zhao@demo.example')).toBe(false);
    expect(editTime.has('wang@demo.example')).toBe(true);
  });

  it.each([
    {
      asked: ['li@demo.example'],
      found: [{ email: 'li@demo.example', manager: 'new.boss@demo.example', active: true }],
    },
    {
      asked: ['LI@demo.example ', ''],
      found: [{ email: 'li@demo.example', manager: 'new.boss@demo.example', active: true }],
    },
    { asked: ['zhao@demo.example'], found: [] },
    {
      asked: ['wang@demo.example'],
      found: [{ email: 'wang@demo.example', active: false }],
    },
  ])('people by e-mail: $asked finds $found.length live row(s)', async ({ asked, found }) => {
    const people = await records.peopleByEmail(BOOK, asked);
    expect(people).toEqual(found.map((f) => expect.objectContaining(f)));
  });

  it('meetings by ID include deleted ones unless asked for live ones; attendance is the live rows', async () => {
    expect([...(await records.meetingsByIds(BOOK, ['M-LIVE', 'M-GONE', 'M-NONE', 'a/b'])).keys()].sort()).toEqual([
      'M-GONE',
      'M-LIVE',
    ]);
    expect([...(await records.liveMeetingsByIds(BOOK, ['M-LIVE', 'M-GONE'])).keys()]).toEqual(['M-LIVE']);
    expect((await records.attendanceOf(BOOK, ['M-LIVE'])).map((doc) => doc.id)).toEqual(['AT-1']);
  });
});
