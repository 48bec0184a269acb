// Reconcile puts the records and the sheet back in agreement after what no trigger saw: rows written by the
// Sheets API (scripts fire no onEdit), an ID or Status cell typed over, inbox events stored but never applied.
// It reports what it fixed, a second run fixes nothing, and two runs at once do no harm.
import type { Firestore } from '@google-cloud/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SheetsAdapter, a1Range, createSheetsClient } from '../../functions/src/adapters/sheets.ts';
import { FirestoreReconcileStore } from '../../functions/src/adapters/firestore-reconcile.ts';
import { FirestoreRecords } from '../../functions/src/adapters/firestore-records.ts';
import { LocalAppsScript } from '../../local/apps-script-runtime.ts';
import { buildEditRequests } from '../../apps-script/src/edit-mapping.ts';
import type { TabReconcileReport } from '../../functions/src/workflows/reconcile-workbook.ts';
import { WORKING_MORNING, ZONE, signedHeaders } from '../support/pinned-time.ts';
import { ADMIN, PEOPLE_TAB, column, stackFirestore, useLocalWorkbook } from './support/local-workbook.ts';

type TabReport = TabReconcileReport;
interface RunReport {
  workbookId: string;
  state: 'done' | 'busy';
  tabs?: TabReport[];
}

describe('reconcile', () => {
  const workbook = useLocalWorkbook('reconcile');
  const { json, readTab, setClock } = workbook;
  let db: Firestore;
  let sheets: SheetsAdapter;
  let header: string[];
  let first: number;

  beforeAll(async () => {
    db = stackFirestore(workbook.stack);
    sheets = new SheetsAdapter(createSheetsClient({ rootUrl: workbook.stack.workspaceRootUrl }));
    header = (await readTab(PEOPLE_TAB)).values[0]!;
  });
  afterAll(async () => {
    await db?.terminate();
  });

  const reconcile = async (): Promise<RunReport> => {
    const body = await json<{ workbooks: RunReport[] }>('/functions/reconcile', { method: 'POST' });
    return body.workbooks.find((w) => w.workbookId === workbook.stack.spreadsheetId)!;
  };
  const people = (r: RunReport) => r.tabs!.find((t) => t.tab === PEOPLE_TAB)!;
  const totals = (r: RunReport) =>
    r.tabs!.reduce((sum, t) => sum + t.rowsApplied + t.recordsDeleted + t.cellsRestored + t.eventsSuperseded, 0);
  const person = (n: number) => {
    const row = header.map(() => '');
    row[column(header, '邮箱')] = `api.person${n}@demo.example`;
    row[column(header, '姓名')] = `接口人员 ${n}`;
    row[column(header, '角色')] = '销售代表';
    return row;
  };
  const liveRecords = async () =>
    (await db.collection(`workbooks/${workbook.stack.spreadsheetId}/people`).where('deleted', '==', false).get()).docs;
  const inbox = (id: string) => db.doc(`workbooks/${workbook.stack.spreadsheetId}/edits/${id}`);

  it('applies rows written by the API, which no trigger saw, and reports them', async () => {
    setClock(WORKING_MORNING);
    // The typed workbook agrees with its records: a first run may only fix what seeding left (nothing expected).
    await reconcile();
    const before = (await liveRecords()).length;
    first = (await readTab(PEOPLE_TAB)).values.length + 1;
    const range = a1Range(PEOPLE_TAB, `A${first}:${String.fromCharCode(64 + header.length)}${first + 2}`);
    await sheets.writeValues(workbook.stack.spreadsheetId, range, [person(1), person(2), person(3)]);

    const report = await reconcile();
    expect(report.state).toBe('done');
    expect(people(report)).toMatchObject({ rowsApplied: 3, recordsDeleted: 0, cellsRestored: 6 });
    const values = (await readTab(PEOPLE_TAB)).values;
    for (let row = first; row < first + 3; row++) {
      expect(values[row - 1]![column(header, '编号')]).toMatch(/\S/u);
      expect(values[row - 1]![column(header, '状态')]).toMatch(/^OK/u);
    }
    const records = await liveRecords();
    expect(records).toHaveLength(before + 3);
    const ids = records.map((d) => d.id);
    expect(ids).toContain(values[first - 1]![column(header, '编号')]);
  });

  it('restores an ID and a Status typed over by the API', async () => {
    const values = (await readTab(PEOPLE_TAB)).values;
    const id = values[first - 1]![column(header, '编号')]!;
    const idCell = a1Range(PEOPLE_TAB, `${String.fromCharCode(65 + column(header, '编号'))}${first}`);
    const statusCell = a1Range(PEOPLE_TAB, `${String.fromCharCode(65 + column(header, '状态'))}${first + 1}`);
    await sheets.writeValues(workbook.stack.spreadsheetId, idCell, [['']]);
    await sheets.writeValues(workbook.stack.spreadsheetId, statusCell, [['我改的']]);

    const report = await reconcile();
    expect(people(report)).toMatchObject({ rowsApplied: 0, recordsDeleted: 0, cellsRestored: 2 });
    const after = (await readTab(PEOPLE_TAB)).values;
    expect(after[first - 1]![column(header, '编号')]).toBe(id);
    expect(after[first]![column(header, '状态')]).toMatch(/^OK/u);
  });

  it('supersedes inbox events stored but never applied, and leaves ones still in flight alone', async () => {
    const stale = { kind: 'edit', sheetName: PEOPLE_TAB, rows: [], state: 'received' };
    await inbox('lost-event').set({ ...stale, receivedAt: WORKING_MORNING.minus({ hours: 1 }).toISO() });
    await inbox('in-flight').set({ ...stale, receivedAt: workbook.now().toISO() });
    const report = await reconcile();
    expect(people(report).eventsSuperseded).toBe(1);
    expect((await inbox('lost-event').get()).get('state')).toBe('superseded');
    expect((await inbox('lost-event').get()).get('supersededBy')).toBe((report as { runId?: string }).runId);
    expect((await inbox('in-flight').get()).get('state')).toBe('received');
    await inbox('in-flight').update({ state: 'applied' });
  });

  it('a second run with nothing to fix fixes nothing', async () => {
    const records = (await liveRecords()).length;
    const sheet = (await readTab(PEOPLE_TAB)).values;
    const report = await reconcile();
    expect(report.state).toBe('done');
    expect(totals(report)).toBe(0);
    expect((await readTab(PEOPLE_TAB)).values).toEqual(sheet);
    expect(await liveRecords()).toHaveLength(records);
  });

  it('a resync read before a row was typed does not delete the record that row got meanwhile', async () => {
    // A reconcile (or the menu's resync) reads the tab, then takes seconds to apply it; a row typed in between has
    // a record the read could not show. Deleting it would take a live row's record (and mail a cancellation).
    const spreadsheetId = workbook.stack.spreadsheetId;
    const snapshot = await sheets.readTab(spreadsheetId, PEOPLE_TAB);
    const readAt = workbook.now();
    setClock(readAt.plus({ seconds: 5 }));
    const row = snapshot.length + 1;
    const typed = await workbook.typeRow(PEOPLE_TAB, row, {
      邮箱: 'typed.meanwhile@demo.example',
      姓名: '新同事',
      角色: '销售代表',
    });
    const id = typed[row - 1]![column(header, '编号')]!;
    expect(typed[row - 1]![column(header, '状态')]).toMatch(/^OK/u);

    const requests = buildEditRequests({
      kind: 'resync',
      spreadsheetId,
      sheetName: PEOPLE_TAB,
      editor: ADMIN,
      timeZone: ZONE,
      headerRow: header,
      firstRow: 1,
      rows: snapshot,
      newEventId: () => crypto.randomUUID(),
      now: readAt.toJSDate(),
    });
    for (const request of requests) {
      const body = JSON.stringify(request);
      const response = await fetch(`${workbook.stack.url}/functions/sheetEdit`, {
        method: 'POST',
        headers: signedHeaders(workbook.stack, body),
        body,
      });
      expect(response.status).toBe(200);
    }
    const record = await db.doc(`workbooks/${spreadsheetId}/people/${id}`).get();
    expect(record.get('deleted')).toBe(false);
  });

  it('the lease: one owner at a time, free again once released or expired', async () => {
    const store = new FirestoreReconcileStore(new FirestoreRecords(db));
    const id = workbook.stack.spreadsheetId;
    const now = workbook.now();
    const until = now.plus({ minutes: 15 });
    expect(await store.acquireLease(id, 'run-a', now, until)).toBe(true);
    expect(await store.acquireLease(id, 'run-b', now, until)).toBe(false);
    await store.releaseLease(id, 'run-b');
    expect(await store.acquireLease(id, 'run-b', now.plus({ minutes: 14 }), until)).toBe(false);
    expect(await store.acquireLease(id, 'run-b', now.plus({ minutes: 16 }), until.plus({ minutes: 16 }))).toBe(true);
    await store.releaseLease(id, 'run-b');
    expect(await store.acquireLease(id, 'run-c', now, until)).toBe(true);
    const busy = await reconcile();
    expect(busy.state).toBe('busy');
    await store.releaseLease(id, 'run-c');
  });

  it('two runs at once do no harm: one holds the lease, every row stays one record', async () => {
    const last = (await readTab(PEOPLE_TAB)).values.length + 1;
    const range = a1Range(PEOPLE_TAB, `A${last}:${String.fromCharCode(64 + header.length)}${last + 1}`);
    await sheets.writeValues(workbook.stack.spreadsheetId, range, [person(4), person(5)]);
    const records = (await liveRecords()).length;

    const runs = await Promise.all([reconcile(), reconcile()]);
    const done = runs.filter((r) => r.state === 'done');
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done.reduce((sum, r) => sum + people(r).rowsApplied, 0)).toBe(2);
    const emails = (await liveRecords()).map((d) => d.get('data.email') as string);
    expect(emails).toHaveLength(records + 2);
    expect(new Set(emails).size).toBe(emails.length);
    const values = (await readTab(PEOPLE_TAB)).values;
    expect(values[last - 1]![column(header, '状态')]).toMatch(/^OK/u);
    expect(values[last]![column(header, '状态')]).toMatch(/^OK/u);
    expect(totals(await reconcile())).toBe(0);
  });

  it('"Reconcile now" from the menu: a signed request through sheetEdit, answered in both languages', async () => {
    const script = new LocalAppsScript(sheets, workbook.stack.spreadsheetId, {
      url: `${workbook.stack.url}/functions/sheetEdit`,
      secret: workbook.stack.secret,
      timeZone: ZONE,
      now: () => workbook.now().toMillis(),
    });
    const last = (await readTab(PEOPLE_TAB)).values.length + 1;
    const range = a1Range(PEOPLE_TAB, `A${last}:${String.fromCharCode(64 + header.length)}${last}`);
    await sheets.writeValues(workbook.stack.spreadsheetId, range, [person(6)]);

    const outcome = await script.reconcile(ADMIN);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.answer.state).toBe('done');
    expect(outcome.answer.tabs.find((t) => t.tab === PEOPLE_TAB)).toMatchObject({ rowsApplied: 1, cellsRestored: 2 });
    expect(outcome.answer.message.en).toBe(
      'Every tab was checked and fixed. People: 1 row saved, 2 ID/Status cells written.',
    );
    expect(outcome.answer.message.zh).toBe('已核对并修复所有表格。人员:保存行数 1,写回单元格 2。');
    expect((await readTab(PEOPLE_TAB)).values[last - 1]![column(header, '状态')]).toMatch(/^OK/u);

    const again = await script.reconcile(ADMIN);
    expect(again.ok && again.answer.message.zh).toBe('已核对所有表格:表格与记录一致,无需修复。');
  });

  it('an unsigned "Reconcile now" is refused and runs nothing', async () => {
    const body = JSON.stringify({
      version: 2,
      kind: 'reconcile',
      eventId: crypto.randomUUID(),
      spreadsheetId: workbook.stack.spreadsheetId,
      editor: ADMIN,
      sentAt: workbook.now().toISO(),
    });
    const response = await fetch(`${workbook.stack.url}/functions/sheetEdit`, { method: 'POST', body });
    expect(response.status).toBe(401);
  });
});

// A deletion the editor was refused (only admins delete People rows) puts the row back; the nightly reconcile,
// which runs as the system and cannot tell who deleted a row, must not complete it, even when the row never came
// back (the answer that re-inserts it was lost).
describe('a refused deletion', () => {
  const workbook = useLocalWorkbook('reconcile-refused-deletion');
  const { json, readTab } = workbook;
  const REP = 'li.na@demo.example';
  let db: Firestore;
  let sheets: SheetsAdapter;

  beforeAll(() => {
    db = stackFirestore(workbook.stack);
    sheets = new SheetsAdapter(createSheetsClient({ rootUrl: workbook.stack.workspaceRootUrl }));
  });
  afterAll(async () => {
    await db?.terminate();
  });

  const people = () => readTab(PEOPLE_TAB).then((t) => t.values);
  const record = (id: string) => db.doc(`workbooks/${workbook.stack.spreadsheetId}/people/${id}`).get();
  /** Deletes sheet row `row` (1-based) of People, as a user deleting a row does; no trigger fires here. */
  const deleteRow = async (row: number) => {
    const spreadsheet = await sheets.getSpreadsheet(workbook.stack.spreadsheetId);
    const sheetId = spreadsheet.sheets!.find((s) => s.properties?.title === PEOPLE_TAB)!.properties!.sheetId!;
    await sheets.batchUpdate(workbook.stack.spreadsheetId, [
      { deleteDimension: { range: { sheetId, dimension: 'ROWS', startIndex: row - 1, endIndex: row } } },
    ]);
  };
  const reconcile = async () => {
    const body = await json<{ workbooks: RunReport[] }>('/functions/reconcile', { method: 'POST' });
    return body.workbooks.find((w) => w.workbookId === workbook.stack.spreadsheetId)!;
  };

  it('puts the row back below the last row through the script, and reconcile keeps it', async () => {
    const before = await people();
    const header = before[0]!;
    const id = before[2]![column(header, '编号')]!;
    const email = before[2]![column(header, '邮箱')]!;
    await deleteRow(3);
    // The script's resync after the deletion (onChange), by a rep.
    const after = (
      await json<{ values: string[][] }>(`/api/tabs/${encodeURIComponent(PEOPLE_TAB)}/resync`, {
        method: 'POST',
        body: JSON.stringify({ editor: REP }),
      })
    ).values;
    const last = after[before.length - 1]!;
    expect(after).toHaveLength(before.length);
    expect(last[column(header, '编号')]).toBe(id);
    expect(last[column(header, '邮箱')]).toBe(email);
    expect(last[column(header, '状态')]).toContain('无权删除');
    expect((await record(id)).get('deleted')).toBe(false);
    expect((await record(id)).get('sheetRow')).toBe(before.length);

    const report = await reconcile();
    expect(report.tabs!.find((t) => t.tab === PEOPLE_TAB)!.recordsDeleted).toBe(0);
    expect((await record(id)).get('deleted')).toBe(false);
  });

  it('is not completed by reconcile when the row never came back', async () => {
    const before = await people();
    const header = before[0]!;
    const id = before[2]![column(header, '编号')]!;
    await deleteRow(3);
    // The rep's resync arrives, but its answer is never written back (the script timed out, say).
    const rows = (await people()).slice(1);
    const [request] = buildEditRequests({
      kind: 'resync',
      spreadsheetId: workbook.stack.spreadsheetId,
      sheetName: PEOPLE_TAB,
      editor: REP,
      timeZone: ZONE,
      headerRow: header,
      firstRow: 2,
      rows,
      newEventId: () => crypto.randomUUID(),
      now: workbook.now().toJSDate(),
    });
    const body = JSON.stringify(request);
    const response = await fetch(`${workbook.stack.url}/functions/sheetEdit`, {
      method: 'POST',
      headers: signedHeaders(workbook.stack, body),
      body,
    });
    expect(response.status).toBe(200);
    expect((await people()).some((r) => r[column(header, '编号')] === id)).toBe(false);

    const report = await reconcile();
    const tab = report.tabs!.find((t) => t.tab === PEOPLE_TAB)!;
    expect(tab.recordsDeleted).toBe(0);
    expect((await record(id)).get('deleted')).toBe(false);
    const restored = (await people()).find((r) => r[column(header, '编号')] === id);
    expect(restored?.[column(header, '状态')]).toContain('无权删除');
  });
  it('forgets the refusal once the row is saved again: a deletion no trigger saw is then completed', async () => {
    const before = await people();
    const header = before[0]!;
    const row = before.findIndex((r) => r[column(header, '状态')]!.includes('无权删除')) + 1;
    const id = before[row - 1]![column(header, '编号')]!;
    expect((await record(id)).get('deletionRefused')).toBeDefined();
    await workbook.typeCell(PEOPLE_TAB, row, '姓名', '改过的名字');
    expect((await record(id)).get('deletionRefused')).toBeUndefined();
    await deleteRow(row);
    const report = await reconcile();
    expect(report.tabs!.find((t) => t.tab === PEOPLE_TAB)!.recordsDeleted).toBe(1);
    expect((await record(id)).get('deleted')).toBe(true);
  });
});
