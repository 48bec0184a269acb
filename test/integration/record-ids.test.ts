// The server owns record IDs: an ID typed or pasted into the ID column never points a row at another record.
// Typed into the web grid (the local Apps Script stand-in, which passes the old value of a single edited cell
// as Apps Script's e.oldValue does), then resynced as the menu does, with the records read back from Firestore:
// another row's ID, a duplicated ID in a resync, an ID the server never issued and a deleted record's ID are
// refused with a bilingual Status, their ID cell restored or cleared, and no record is overwritten or deleted.
// A tab of over 500 rows is resynced (and reconciled) in parts that each carry the whole tab's ID column, so a
// copy is refused in whichever part it lies and a sort across parts moves no data; a script that does not send
// that column still has a copy in a later part refused.
import type { Firestore } from '@google-cloud/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SheetsAdapter, a1Range, createSheetsClient } from '../../functions/src/adapters/sheets.ts';
import { buildEditRequests } from '../../apps-script/src/edit-mapping.ts';
import type { EditResponse, RowResult } from '../../functions/src/contract/edit-request.ts';
import { WORKING_MORNING, ZONE, signedHeaders } from '../support/pinned-time.ts';
import {
  ADMIN,
  HOST,
  MEETINGS_TAB,
  stackFirestore,
  useLocalWorkbook,
  wallTime,
  cellAt,
} from './support/local-workbook.ts';

/** Wednesday 2027-03-24 14:00: far from every notice day, so no tick mail is involved. */
const DAY = WORKING_MORNING.plus({ days: 15 }).set({ hour: 14, minute: 0 });

describe('record IDs belong to the server', () => {
  const workbook = useLocalWorkbook('record-ids');
  const { postEdit, readTab, resync, setClock, typeCell, typeRows } = workbook;
  let db: Firestore;

  beforeAll(() => {
    db = stackFirestore(workbook.stack);
  });
  afterAll(async () => {
    await db?.terminate();
  });

  /** The two meetings the "ID typed alone" cases share. */
  let aloneIds: { idA: string; idB: string } = { idA: '', idB: '' };

  const meeting = async (id: string) =>
    (await db.doc(`workbooks/${workbook.stack.spreadsheetId}/meetings/${id}`).get()).data() as
      | { data: { title: string }; sheetRow: number | null; deleted: boolean }
      | undefined;

  /** Two ad-hoc meetings typed one below the other; answers their rows and IDs. */
  async function twoMeetings(prefix: string): Promise<{ rowA: number; rowB: number; idA: string; idB: string }> {
    const cells = (title: string) => ({
      会议类型: '临时会议',
      会议主题: title,
      开始时间: wallTime(DAY),
      结束时间: wallTime(DAY.plus({ hours: 1 })),
      主持人: HOST,
    });
    const rowA = (await readTab(MEETINGS_TAB)).values.length + 1;
    const [a, b] = await typeRows(MEETINGS_TAB, [cells(`${prefix} A`), cells(`${prefix} B`)]);
    expect(a!.状态).toMatch(/^OK/u);
    expect(b!.状态).toMatch(/^OK/u);
    return { rowA, rowB: rowA + 1, idA: a!.编号!, idB: b!.编号! };
  }

  it("restores a row's ID when another row's ID is typed over it, and keeps both records", async () => {
    setClock(WORKING_MORNING);
    const { rowA, rowB, idA, idB } = await twoMeetings('Typed ID');

    let values = await typeCell(MEETINGS_TAB, rowA, '编号', idB);
    expect(cellAt(values, rowA, '编号')).toBe(idA);

    // The next edit of A changes A, not B.
    values = await typeCell(MEETINGS_TAB, rowA, '会议主题', 'Typed ID A, renamed');
    expect(cellAt(values, rowA, '编号')).toBe(idA);
    expect(cellAt(values, rowA, '状态')).toMatch(/^OK/u);
    expect((await meeting(idA))?.data.title).toBe('Typed ID A, renamed');
    expect((await meeting(idB))?.data.title).toBe('Typed ID B');

    // A resync deletes neither.
    values = await resync(MEETINGS_TAB);
    expect(cellAt(values, rowA, '编号')).toBe(idA);
    expect(cellAt(values, rowB, '编号')).toBe(idB);
    expect((await meeting(idA))?.deleted).toBe(false);
    expect((await meeting(idB))?.deleted).toBe(false);
  });

  it("refuses a pasted row that carries another row's ID; a resync then gives the row its own ID back", async () => {
    setClock(WORKING_MORNING.plus({ minutes: 5 }));
    const { rowA, rowB, idA, idB } = await twoMeetings('Pasted ID');
    const before = await readTab(MEETINGS_TAB);
    const rowOfB = before.values[rowB - 1]!.map((cell, i) =>
      before.values[0]![i] === '会议主题' ? 'Copy of B' : cell,
    );

    // Row B (its ID included, the title changed) pasted over row A.
    let values = await postEdit(MEETINGS_TAB, { row: rowA, column: 1, values: [rowOfB] });
    const status = cellAt(values, rowA, '状态');
    expect(status).toContain(idB);
    expect(status).toMatch(/编号/u);
    expect((await meeting(idB))?.data.title).toBe('Pasted ID B');
    expect((await meeting(idB))?.sheetRow).toBe(rowB);
    expect((await meeting(idA))?.data.title).toBe('Pasted ID A');

    // The resync sees both rows: B stays with row B, row A gets its own ID back (still refused: pasted text
    // is kept for the user to look at; the next edit of the row saves it into A).
    values = await resync(MEETINGS_TAB);
    expect(cellAt(values, rowB, '编号')).toBe(idB);
    expect(cellAt(values, rowA, '编号')).toBe(idA);
    expect(cellAt(values, rowA, '状态')).toContain(idB);
    expect(cellAt(values, rowA, '会议主题')).toBe('Copy of B');
    expect((await meeting(idA))?.deleted).toBe(false);
    expect((await meeting(idB))?.deleted).toBe(false);
    expect((await meeting(idB))?.data.title).toBe('Pasted ID B');

    values = await typeCell(MEETINGS_TAB, rowA, '会议主题', 'Copy of B, kept as A');
    expect(cellAt(values, rowA, '编号')).toBe(idA);
    expect(cellAt(values, rowA, '状态')).toMatch(/^OK/u);
    expect((await meeting(idA))?.data.title).toBe('Copy of B, kept as A');
    expect((await meeting(idB))?.data.title).toBe('Pasted ID B');
  });

  it('refuses an ID the server never issued, clears it, and creates no record under it', async () => {
    setClock(WORKING_MORNING.plus({ minutes: 10 }));
    const header = (await readTab(MEETINGS_TAB)).values[0]!;
    const row = (await readTab(MEETINGS_TAB)).values.length + 1;
    const invented = 'M-00000000';
    const typed: Record<string, string> = {
      编号: invented,
      会议类型: '临时会议',
      会议主题: 'Invented ID',
      开始时间: wallTime(DAY),
      结束时间: wallTime(DAY.plus({ hours: 1 })),
      主持人: HOST,
    };
    let values = await postEdit(MEETINGS_TAB, { row, column: 1, values: [header.map((h) => typed[h] ?? '')] });
    expect(cellAt(values, row, '编号')).toBe('');
    expect(cellAt(values, row, '状态')).toContain(invented);
    expect(await meeting(invented)).toBeUndefined();

    // Edited again without the invented ID: saved as a new record with an ID of the server's.
    values = await typeCell(MEETINGS_TAB, row, '会议主题', 'Invented ID, saved');
    expect(cellAt(values, row, '编号')).toMatch(/^M-/u);
    expect(cellAt(values, row, '编号')).not.toBe(invented);
    expect(cellAt(values, row, '状态')).toMatch(/^OK/u);
  });

  it("refuses a deleted record's ID pasted back, and leaves the deleted record as it was", async () => {
    setClock(WORKING_MORNING.plus({ minutes: 15 }));
    const { rowB, idB } = await twoMeetings('Deleted ID');
    const header = (await readTab(MEETINGS_TAB)).values[0]!;
    const rowOfB = (await readTab(MEETINGS_TAB)).values[rowB - 1]!;
    // Row B deleted (cleared, then resynced, as the menu does).
    await postEdit(MEETINGS_TAB, { row: rowB, column: 1, values: [header.map(() => '')] });
    await resync(MEETINGS_TAB);
    expect((await meeting(idB))?.deleted).toBe(true);

    const row = (await readTab(MEETINGS_TAB)).values.length + 1;
    const pasted = rowOfB.map((cell, i) => (header[i] === '会议主题' ? 'Deleted ID B, back' : cell));
    const values = await postEdit(MEETINGS_TAB, { row, column: 1, values: [pasted] });
    expect(cellAt(values, row, '编号')).toBe('');
    expect(cellAt(values, row, '状态')).toContain(idB);
    const stored = await meeting(idB);
    expect(stored?.deleted).toBe(true);
    expect(stored?.data.title).toBe('Deleted ID B');
  });

  it('keeps an ID with the row of its record when a resync shows it in three rows; refuses the others', async () => {
    setClock(WORKING_MORNING.plus({ minutes: 20 }));
    const { rowA, rowB, idA, idB } = await twoMeetings('Twice');
    const header = (await readTab(MEETINGS_TAB)).values[0]!;
    const idColumn = header.indexOf('编号') + 1;
    // B's ID pasted into A's ID cell and into a new row below (a two-cell paste: no old value to restore from).
    const below = (await readTab(MEETINGS_TAB)).values.length + 1;
    const typed = (title: string) =>
      header.map((h) => ({ 编号: idB, 会议主题: title })[h as '编号'] ?? (h === '会议类型' ? '临时会议' : ''));
    await postEdit(MEETINGS_TAB, { row: below, column: 1, values: [typed('Twice, below')] });
    await postEdit(MEETINGS_TAB, { row: rowA, column: idColumn, values: [[idB], [idB]] });

    const values = await resync(MEETINGS_TAB);
    // Row B still shows B and keeps it; the two others are refused.
    expect(cellAt(values, rowB, '编号')).toBe(idB);
    expect(cellAt(values, rowB, '状态')).toMatch(/^OK/u);
    expect(cellAt(values, rowA, '编号')).toBe(idA);
    expect(cellAt(values, below, '编号')).toBe('');
    expect(cellAt(values, below, '状态')).toContain(idB);
    expect((await meeting(idA))?.deleted).toBe(false);
    expect((await meeting(idB))?.data.title).toBe('Twice B');
    expect((await meeting(idB))?.sheetRow).toBe(rowB);
  });

  it('a sort (onChange OTHER, no onEdit) moves the stored row positions with the rows', async () => {
    setClock(WORKING_MORNING.plus({ minutes: 25 }));
    const { rowA, rowB, idA, idB } = await twoMeetings('Sorted');
    expect((await meeting(idA))?.sheetRow).toBe(rowA);
    expect((await meeting(idB))?.sheetRow).toBe(rowB);
    // Data → Sort range by title, Z to A: every row may move; B now comes before A.
    const header = (await readTab(MEETINGS_TAB)).values[0]!;
    const idColumn = header.indexOf('编号');
    const sorted = await workbook.json<{ values: string[][] }>(`/api/tabs/${encodeURIComponent(MEETINGS_TAB)}/sort`, {
      method: 'POST',
      body: JSON.stringify({ column: header.indexOf('会议主题') + 1, descending: true }),
    });
    const rowOf = (id: string) => sorted.values.findIndex((r) => r[idColumn] === id) + 1;
    expect(rowOf(idB)).toBeLessThan(rowOf(idA));
    // Every live record shown in the tab is stored at the row that shows it now.
    const shown = sorted.values
      .slice(1)
      .map((r) => r[idColumn] ?? '')
      .filter((id) => id !== '');
    for (const id of shown) {
      const stored = await meeting(id);
      if (stored && !stored.deleted) expect(stored.sheetRow, id).toBe(rowOf(id));
    }
  });

  it.each([
    { case: 'an ID the server never issued', id: () => 'M-00000000' },
    { case: "another row's ID", id: () => aloneIds.idA },
  ])('an ID typed alone into an empty row ($case) is cleared, with a Status saying why', async ({ id }) => {
    setClock(WORKING_MORNING.plus({ minutes: 30 }));
    if (!aloneIds.idA) aloneIds = await twoMeetings('Alone');
    const typed = id();
    const before = await meeting(aloneIds.idA);
    const row = (await readTab(MEETINGS_TAB)).values.length + 2;
    const values = await typeCell(MEETINGS_TAB, row, '编号', typed);
    expect(cellAt(values, row, '编号')).toBe('');
    expect(cellAt(values, row, '状态')).toContain(typed);
    expect(cellAt(values, row, '状态')).toMatch(/空行.*IDs are written by the system/su);
    expect(await meeting(aloneIds.idA)).toEqual(before);
    if (typed === 'M-00000000') expect(await meeting(typed)).toBeUndefined();
  });

  /** The cells of the ad-hoc meetings of the large tabs below, but the title. */
  const partsCells: Record<string, string> = {
    会议类型: '临时会议',
    开始时间: wallTime(DAY),
    结束时间: wallTime(DAY.plus({ hours: 1 })),
    主持人: HOST,
  };

  it("a resync sent in parts (over 500 rows) refuses a copy of a row's ID in another part", async () => {
    setClock(WORKING_MORNING.plus({ minutes: 35 }));
    const header = (await readTab(MEETINGS_TAB)).values[0]!;
    const first = (await readTab(MEETINGS_TAB)).values.length + 1;
    const block = Array.from({ length: 520 }, (_, i) =>
      header.map((h) => (h === '会议主题' ? `Parts ${i}` : (partsCells[h] ?? ''))),
    );
    let values = await postEdit(MEETINGS_TAB, { row: first, column: 1, values: block });
    const idOf = (row: number) => cellAt(values, row, '编号');
    expect(idOf(first)).toMatch(/^M-/u);
    // The first pasted row, its ID included, pasted again below the last row: the resync's second part.
    const copyRow = values.length + 1;
    const copy = values[first - 1]!.map((cell, i) => (header[i] === '会议主题' ? 'Parts 0, copied' : cell));
    await postEdit(MEETINGS_TAB, { row: copyRow, column: 1, values: [copy] });
    expect(copyRow - first).toBeGreaterThan(500);

    values = await resync(MEETINGS_TAB);
    const id = idOf(first);
    expect(cellAt(values, first, '状态')).toMatch(/^OK/u);
    expect(cellAt(values, copyRow, '状态')).toContain(id);
    expect(cellAt(values, copyRow, '状态')).not.toMatch(/^OK/u);
    expect((await meeting(id))?.data.title).toBe('Parts 0');
    expect((await meeting(id))?.sheetRow).toBe(first);
  }, 120_000);

  it('a resync in parts refuses a copy in an earlier part than its original; the record keeps its values', async () => {
    setClock(WORKING_MORNING.plus({ minutes: 40 }));
    const header = (await readTab(MEETINGS_TAB)).values[0]!;
    // Row `copyRow` is left empty for the copy; the 520 rows go below it.
    const copyRow = (await readTab(MEETINGS_TAB)).values.length + 1;
    const block = Array.from({ length: 520 }, (_, i) =>
      header.map((h) => (h === '会议主题' ? `Early copy ${i}` : (partsCells[h] ?? ''))),
    );
    let values = await postEdit(MEETINGS_TAB, { row: copyRow + 1, column: 1, values: block });
    const original = copyRow + 1 + 515;
    const id = cellAt(values, original, '编号');
    expect(id).toMatch(/^M-/u);
    // The late row, its ID included, pasted into the empty row above the block: the edit alone cannot tell a copy
    // from a sorted row, so it is refused and its ID left standing for the resync to decide.
    const copy = values[original - 1]!.map((cell, i) => (header[i] === '会议主题' ? 'Early copy 515, copied' : cell));
    values = await postEdit(MEETINGS_TAB, { row: copyRow, column: 1, values: [copy] });
    expect(cellAt(values, copyRow, '编号')).toBe(id);
    // Every row between them is sent, so more than 500 rows apart means different parts, the copy's first.
    expect(original - copyRow).toBeGreaterThan(500);

    values = await resync(MEETINGS_TAB);
    expect(cellAt(values, original, '编号')).toBe(id);
    expect(cellAt(values, original, '状态')).toMatch(/^OK/u);
    // Refused as in a resync of one part: its text kept, the ID cleared (no record is stored at that row).
    expect(cellAt(values, copyRow, '状态')).toContain(id);
    expect(cellAt(values, copyRow, '状态')).not.toMatch(/^OK/u);
    expect(cellAt(values, copyRow, '会议主题')).toBe('Early copy 515, copied');
    expect(cellAt(values, copyRow, '编号')).toBe('');
    expect((await meeting(id))?.data.title).toBe('Early copy 515');
    expect((await meeting(id))?.sheetRow).toBe(original);
  }, 120_000);

  it('a sort that moves records between the parts of a resync keeps every record with its own row', async () => {
    setClock(WORKING_MORNING.plus({ minutes: 45 }));
    const before = (await readTab(MEETINGS_TAB)).values;
    const header = before[0]!;
    const [idAt, titleAt, statusAt] = ['编号', '会议主题', '状态'].map((name) => header.indexOf(name)) as [
      number,
      number,
      number,
    ];
    expect(before.length).toBeGreaterThan(1002);
    // The record at row 2 goes to the end when sorted A to Z (its title is Chinese), into another part.
    const movedId = before[1]![idAt]!;
    expect((await meeting(movedId))?.sheetRow).toBe(2);
    // A valid row written by the API (no trigger: it has no ID yet) that sorts first, onto the moved record's row.
    const sheets = new SheetsAdapter(createSheetsClient({ rootUrl: workbook.stack.workspaceRootUrl }));
    const apiRow = before.length + 1;
    const typed = header.map((h) => (h === '会议主题' ? 'AAA written by the API' : (partsCells[h] ?? '')));
    await sheets.writeValues(workbook.stack.spreadsheetId, a1Range(MEETINGS_TAB, `A${apiRow}`), [typed]);
    const okBefore = new Set(before.filter((r) => r[idAt] && /^OK/u.test(r[statusAt] ?? '')).map((r) => r[idAt]));

    const sorted = await workbook.json<{ values: string[][] }>(`/api/tabs/${encodeURIComponent(MEETINGS_TAB)}/sort`, {
      method: 'POST',
      body: JSON.stringify({ column: titleAt + 1, descending: false }),
    });
    const rows = sorted.values.slice(1).map((cells, i) => ({ row: i + 2, cells }));
    expect(rows[0]!.cells[titleAt]).toBe('AAA written by the API');
    // Its own row (the last to show its ID, should row 2 show it too) lies in another part than row 2.
    const movedTo = rows.filter((r) => r.cells[idAt] === movedId).pop()!.row;
    expect(movedTo).toBeGreaterThan(501);

    // The API row is a new record of its own; no ID is shown twice; each record holds its row's values.
    expect(rows[0]!.cells[idAt]).toMatch(/^M-/u);
    expect(rows[0]!.cells[idAt]).not.toBe(movedId);
    expect(rows[0]!.cells[statusAt]).toMatch(/^OK/u);
    const shown = rows.filter((r) => r.cells[idAt]);
    expect(new Set(shown.map((r) => r.cells[idAt])).size).toBe(shown.length);
    for (const { row, cells } of shown) {
      const stored = await meeting(cells[idAt]!);
      if (!stored || stored.deleted) continue;
      expect(stored.sheetRow, cells[idAt]).toBe(row);
      expect(stored.data.title, cells[idAt]).toBe(cells[titleAt]);
      if (okBefore.has(cells[idAt])) expect(cells[statusAt], cells[idAt]).toMatch(/^OK/u);
    }
    expect((await meeting(movedId))?.sheetRow).toBe(movedTo);
  }, 120_000);

  it('reconcile, which sends a large tab in parts too, refuses a copy a script wrote above its original', async () => {
    setClock(WORKING_MORNING.plus({ minutes: 50 }));
    const before = (await readTab(MEETINGS_TAB)).values;
    const header = before[0]!;
    const [idAt, titleAt] = [header.indexOf('编号'), header.indexOf('会议主题')];
    // The last row with an ID and a title (rows with neither sort last).
    const last = before
      .map((r, i) => (/^M-/u.test(r[idAt] ?? '') && r[titleAt] ? i + 1 : 0))
      .reduce((a, b) => Math.max(a, b));
    const [originalId, originalTitle] = [before[last - 1]![idAt]!, before[last - 1]![titleAt]!];
    const [ownId, ownTitle] = [before[2]![idAt]!, before[2]![titleAt]!];
    expect(originalId).toMatch(/^M-/u);
    expect(ownId).toMatch(/^M-/u);
    expect(last - 3).toBeGreaterThan(500);
    // Row 3 overwritten by a script (no trigger) with the last row, its ID included.
    const sheets = new SheetsAdapter(createSheetsClient({ rootUrl: workbook.stack.workspaceRootUrl }));
    const copy = before[last - 1]!.map((cell, i) => (i === titleAt ? `${originalTitle}, copied by a script` : cell));
    await sheets.writeValues(workbook.stack.spreadsheetId, a1Range(MEETINGS_TAB, 'A3'), [copy]);

    await workbook.json('/functions/reconcile', { method: 'POST' });
    const values = (await readTab(MEETINGS_TAB)).values;
    expect(values[last - 1]![idAt]).toBe(originalId);
    expect((await meeting(originalId))?.data.title).toBe(originalTitle);
    expect((await meeting(originalId))?.sheetRow).toBe(last);
    // The copy is refused with its text kept; the record stored at row 3 gets its ID back, unchanged.
    expect(cellAt(values, 3, '状态')).toContain(originalId);
    expect(cellAt(values, 3, '会议主题')).toBe(`${originalTitle}, copied by a script`);
    expect(cellAt(values, 3, '编号')).toBe(ownId);
    expect((await meeting(ownId))?.data.title).toBe(ownTitle);
    expect((await meeting(ownId))?.deleted).toBe(false);
  }, 120_000);

  it('a resync in parts from a script that sends no tabIds (same version) is served as before', async () => {
    setClock(WORKING_MORNING.plus({ minutes: 55 }));
    const before = (await readTab(MEETINGS_TAB)).values;
    const header = before[0]!;
    const [idAt, titleAt] = [header.indexOf('编号'), header.indexOf('会议主题')];
    const [id, title] = [before[3]![idAt]!, before[3]![titleAt]!];
    expect(id).toMatch(/^M-/u);
    // Row 4 copied by a script (its ID included) below the last row: a later part than the original.
    const copyRow = before.length + 1;
    const copy = before[3]!.map((cell, i) => (i === titleAt ? `${title}, copied` : cell));
    const sheets = new SheetsAdapter(createSheetsClient({ rootUrl: workbook.stack.workspaceRootUrl }));
    await sheets.writeValues(workbook.stack.spreadsheetId, a1Range(MEETINGS_TAB, `A${copyRow}`), [copy]);
    const tab = (await readTab(MEETINGS_TAB)).values;
    let n = 0;
    const requests = buildEditRequests({
      kind: 'resync',
      spreadsheetId: workbook.stack.spreadsheetId,
      sheetName: MEETINGS_TAB,
      editor: ADMIN,
      timeZone: ZONE,
      headerRow: header,
      firstRow: 2,
      rows: tab.slice(1),
      newEventId: () => {
        n += 1;
        return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      },
      now: workbook.now().toJSDate(),
    });
    expect(requests.length).toBeGreaterThan(1);

    const results: RowResult[] = [];
    for (const { tabIds: _omitted, ...request } of requests) {
      const body = JSON.stringify(request);
      const response = await fetch(`${workbook.stack.url}/functions/sheetEdit`, {
        method: 'POST',
        headers: signedHeaders(workbook.stack, body),
        body,
      });
      expect(response.status).toBe(200);
      results.push(...((await response.json()) as EditResponse).results);
    }
    const answer = (row: number) => results.find((result) => result.row === row)!;
    expect(answer(4)).toMatchObject({ id, status: expect.stringMatching(/^OK/u) });
    expect(answer(copyRow).id).toBeNull();
    expect(answer(copyRow).status).toContain(id);
    expect((await meeting(id))?.data.title).toBe(title);
    expect((await meeting(id))?.sheetRow).toBe(4);
  }, 120_000);
});
