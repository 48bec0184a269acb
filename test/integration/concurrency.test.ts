// Concurrent edits of one record converge: 20 edits of one Meetings row are in flight at once through the local
// stand-in of the Apps Script trigger, which (like the real trigger) writes the cell, reads the row as it is at
// that moment and posts it. Requests overtake each other, so a request may carry the row as it was before
// another edit landed in it; the final record must still equal the final row, with no field lost.
import { randomUUID } from 'node:crypto';
import type { Firestore } from '@google-cloud/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEditRequests } from '../../apps-script/src/edit-mapping.ts';
import { writeRowCells } from '../../functions/src/adapters/sheet-row-writer.ts';
import { FirestoreRecords } from '../../functions/src/adapters/firestore-records.ts';
import { FirestoreRuleContext } from '../../functions/src/adapters/firestore-rule-context.ts';
import { FirestoreSheetEditStore } from '../../functions/src/adapters/firestore-sheet-edits.ts';
import { SheetsAdapter, a1Range, createSheetsClient } from '../../functions/src/adapters/sheets.ts';
import type { EditRequest, EditResponse } from '../../functions/src/contract/edit-request.ts';
import { toColumnLetter } from '../../functions/src/domain/workbook/header-matching.ts';
import { createLogger, createLogs } from '../../functions/src/logs.ts';
import type { SheetEditStore } from '../../functions/src/ports/edit-ports.ts';
import { PLAN_ATTEMPTS, applySheetEdit } from '../../functions/src/workflows/apply-sheet-edit.ts';
import { WORKING_MORNING, ZONE, signedHeaders } from '../support/pinned-time.ts';
import { ADMIN, MEETINGS_TAB, column, stackFirestore, useLocalWorkbook } from './support/local-workbook.ts';

/** The input columns edited, each by its own user; four users at once, five edits each: 20 edits. */
const EDITS: Record<string, (n: number) => string> = {
  会议主题: (n) => `并发测试会议 第${n}稿 concurrency draft ${n}`,
  地点: (n) => `上海 ${n} 号会议室 Room ${n}`,
  食宿安排: (n) => `午餐 ${n} 份 lunch for ${n}`,
  预算: (n) => String(1000 + n),
};
const ROUNDS = 5;

describe('20 concurrent edits of one record', () => {
  const workbook = useLocalWorkbook('concurrency');
  const { postEdit, readTab, typeAdHocMeeting, setClock } = workbook;
  let db: Firestore;

  beforeAll(() => {
    db = stackFirestore(workbook.stack);
  });
  afterAll(async () => {
    await db?.terminate();
  });

  it('converge with no lost field: the record equals the row', async () => {
    setClock(WORKING_MORNING);
    const meetingId = await typeAdHocMeeting('并发测试会议', WORKING_MORNING.plus({ days: 3, hours: 2 }), 60);
    const before = (await readTab(MEETINGS_TAB)).values;
    const header = before[0]!;
    const row = before.findIndex((cells) => cells[column(header, '编号')] === meetingId) + 1;

    // Each user types their cell five times, one edit after the other; the four users type at the same time.
    await Promise.all(
      Object.entries(EDITS).map(async ([name, value]) => {
        for (let n = 1; n <= ROUNDS; n++)
          await postEdit(MEETINGS_TAB, { row, column: column(header, name) + 1, values: [[value(n)]] });
      }),
    );

    const cells = (await readTab(MEETINGS_TAB)).values[row - 1]!;
    for (const [name, value] of Object.entries(EDITS)) expect(cells[column(header, name)], name).toBe(value(ROUNDS));
    expect(cells[column(header, '状态')]).toMatch(/^OK/u);
    const record = (await db.doc(`workbooks/${workbook.stack.spreadsheetId}/meetings/${meetingId}`).get()).data()!;
    expect(record.data).toMatchObject(finalData(ROUNDS));
  });

  it('converge when every request carries a stale row and they arrive in the worst order', async () => {
    // The same 20 edits, scheduled so that every request is stale: in each round the four users type their cells
    // one after the other, each trigger reading the row right after its own cell was written (so the first user's
    // request still shows the other three cells as they were), and the requests arrive last-read first. A server
    // that stores the whole row of each request ends every round with the first user's stale copy.
    const spreadsheetId = workbook.stack.spreadsheetId;
    const sheets = new SheetsAdapter(createSheetsClient({ rootUrl: workbook.stack.workspaceRootUrl }));
    const meetingId = await typeAdHocMeeting('并发测试会议二', WORKING_MORNING.plus({ days: 4, hours: 2 }), 60);
    const header = (await readTab(MEETINGS_TAB)).values[0]!;
    const row = (await readTab(MEETINGS_TAB)).values.findIndex((c) => c[column(header, '编号')] === meetingId) + 1;
    const record = async () =>
      (await db.doc(`workbooks/${spreadsheetId}/meetings/${meetingId}`).get()).data()!.data as object;

    for (let n = 1; n <= ROUNDS; n++) {
      const requests: EditRequest[] = [];
      for (const [name, value] of Object.entries(EDITS)) {
        const at = column(header, name) + 1;
        const cell = `${toColumnLetter(at - 1)}${row}`;
        await sheets.writeValues(spreadsheetId, a1Range(MEETINGS_TAB, cell), [[value(n)]]);
        const rowNow = (await sheets.readTab(spreadsheetId, MEETINGS_TAB))[row - 1] ?? [];
        requests.push(
          ...buildEditRequests({
            kind: 'edit',
            spreadsheetId,
            sheetName: MEETINGS_TAB,
            editor: ADMIN,
            timeZone: ZONE,
            headerRow: header,
            firstRow: row,
            rows: [rowNow],
            edited: { first: at, last: at },
            newEventId: () => crypto.randomUUID(),
            now: workbook.now().toJSDate(),
          }),
        );
      }
      for (const request of requests.reverse()) {
        const body = JSON.stringify(request);
        const response = await fetch(`${workbook.stack.url}/functions/sheetEdit`, {
          method: 'POST',
          headers: signedHeaders(workbook.stack, body),
          body,
        });
        expect(response.status).toBe(200);
        const answer = (await response.json()) as EditResponse;
        expect(answer.results[0]!.status).toMatch(/^OK/u);
        const cells = answer.results.map((r) => ({ row: r.row, cells: r.cells ?? [] }));
        await writeRowCells(sheets, spreadsheetId, MEETINGS_TAB, cells);
      }
      expect(await record(), `round ${n}`).toMatchObject(finalData(n));
    }
  });
});

function finalData(n: number): Record<string, unknown> {
  return {
    title: EDITS.会议主题!(n),
    venue: EDITS.地点!(n),
    lodging: EDITS.食宿安排!(n),
    budget: 1000 + n,
  };
}

// Two requests planned from the same read of a record, committed one after the other: the second was planned
// before the first was written, so without a check at commit time it stores its (older) copy of the first one's
// column. The store's transaction compares each record's version with the one the plan read and the edit is
// planned again when it moved. The clock is pinned (both requests read and write at the same instant), which is
// also why equal times must count as "written after the read" (stale-columns.ts).
describe('two edits planned from one read of a record', () => {
  const PEOPLE = ['ID', 'Status', 'Email', 'Name', 'Team', 'Role', 'Active'];
  const NOW = WORKING_MORNING;
  // The local stack of the tests above points FIRESTORE_EMULATOR_HOST at its own emulator while it runs, so this
  // describe has its own stack too (its Firestore only: the edits go straight through the workflow).
  const workbook = useLocalWorkbook('concurrency-plans');
  let db: Firestore;

  beforeAll(() => {
    db = stackFirestore(workbook.stack);
  });
  afterAll(async () => {
    await db?.terminate();
  });

  const deps = (store: SheetEditStore) => ({
    store,
    logs: createLogs(createLogger('silent')),
    rules: new FirestoreRuleContext(new FirestoreRecords(db)),
  });
  const request = (book: string, row: unknown[], edited?: { first: number; last: number }): EditRequest =>
    buildEditRequests({
      kind: 'edit',
      spreadsheetId: book,
      sheetName: 'People',
      editor: 'a@example.com',
      timeZone: ZONE,
      headerRow: PEOPLE,
      firstRow: 2,
      rows: [row],
      ...(edited ? { edited } : {}),
      newEventId: randomUUID,
      now: NOW.toJSDate(),
    })[0]!;

  it('keeps both columns when two stale rows of one record are applied at once', async () => {
    const book = `book_${randomUUID().slice(0, 12)}`;
    await db.doc(`workbooks/${book}`).set({ timeZone: ZONE, language: 'en' });
    const store = new FirestoreSheetEditStore(new FirestoreRecords(db), { timeZone: ZONE, language: 'en' });
    const first = await applySheetEdit(
      request(book, ['', '', 'a@example.com', 'Ann', 'North', 'staff', 'yes']),
      NOW,
      deps(store),
    );
    if (!first.ok) throw new Error(first.code);
    const id = first.response.results[0]!.id!;

    // Each user changed one cell; each trigger read the row before the other's edit was saved.
    const rename = request(book, [id, 'OK', 'a@example.com', 'Anna', 'North', 'staff', 'yes'], { first: 4, last: 4 });
    const move = request(book, [id, 'OK', 'a@example.com', 'Ann', 'South', 'staff', 'yes'], { first: 5, last: 5 });
    let planned!: () => void;
    const movePlanned = new Promise<void>((resolve) => {
      planned = resolve;
    });
    let renamed!: () => void;
    const renameSaved = new Promise<void>((resolve) => {
      renamed = resolve;
    });
    // The move is planned now, from the record as it is, and commits only after the rename has been saved.
    const afterRename = new Proxy(store, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key === 'applyEdit')
          return async (...args: Parameters<SheetEditStore['applyEdit']>) => {
            planned();
            await renameSaved;
            return target.applyEdit(...args);
          };
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const moving = applySheetEdit(move, NOW, deps(afterRename));
    await movePlanned;
    const renaming = await applySheetEdit(rename, NOW, deps(store));
    renamed();
    const moved = await moving;
    expect(renaming.ok && moved.ok).toBe(true);
    const record = (await db.doc(`workbooks/${book}/people/${id}`).get()).data()!;
    expect(record.data).toMatchObject({ name: 'Anna', team: 'South' });
  });
  it('gives up after a bounded number of rounds when the record keeps moving, and says so', async () => {
    const book = `book_${randomUUID().slice(0, 12)}`;
    await db.doc(`workbooks/${book}`).set({ timeZone: ZONE, language: 'en' });
    const store = new FirestoreSheetEditStore(new FirestoreRecords(db), { timeZone: ZONE, language: 'en' });
    let commits = 0;
    // A store whose every commit finds the record written since the plan read it.
    const alwaysMoved = new Proxy(store, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key === 'applyEdit')
          return async () => {
            commits += 1;
            return 'replan';
          };
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const outcome = await applySheetEdit(
      request(book, ['', '', 'b@example.com', 'Bo', 'North', 'staff', 'yes']),
      NOW,
      deps(alwaysMoved),
    );
    expect(outcome).toMatchObject({ ok: false, status: 503, code: 'EDIT_CONFLICT' });
    expect(commits).toBe(PLAN_ATTEMPTS);
    expect((await db.collection(`workbooks/${book}/people`).get()).size).toBe(0);
  });
});
