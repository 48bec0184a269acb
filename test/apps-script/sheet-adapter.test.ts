import { describe, expect, it } from 'vitest';
import {
  replaceTriggers,
  resyncActiveSheet,
  runSetupCheck,
  reconcileWorkbookNow,
  sendNoticeForActiveRow,
  showMenu,
  syncChangeEvent,
  syncEditEvent,
} from '../../apps-script/src/sheet-adapter.ts';
import { EDIT_REQUEST_VERSION } from '../../functions/src/contract/edit-request.ts';
import { sendNoticeRowRequestSchema } from '../../functions/src/domain/workbook/edit-request-schema.ts';
import { nameSelectedMeeting, readEditRequest } from '../../functions/src/domain/workbook/request-rows.ts';
import { errorResponse } from '../../functions/src/handlers/http-types.ts';
import { FakeSheet, URL, createFakeEnvironment, editEvent, sentRequests } from './support/fake-apps-script.ts';

const HEADER = ['ID', 'Status', 'Type', 'Title', 'Start', 'End'];

function meetingsSheet(dataRows: unknown[][]): FakeSheet {
  return new FakeSheet('Meetings', [HEADER, ...dataRows]);
}

function meeting(title: string, id = ''): unknown[] {
  return [id, '', 'weekly', title, new Date('2026-11-28T06:00:00Z'), '2026-11-28 15:00'];
}

describe('syncEditEvent', () => {
  it('posts the edited rows signed, then writes ID and Status back with one setValues per contiguous block', () => {
    const sheet = meetingsSheet([
      meeting('A'),
      meeting('B', 'MTG-B'),
      meeting('C'),
      ['', '', '', '', '', ''],
      ['', '', '', '', '', ''],
      meeting('F'),
      meeting('G'),
    ]);
    const env = createFakeEnvironment(sheet);

    const summary = syncEditEvent(editEvent(sheet, 2, 8, 3, 4), env.services);

    expect(summary).toEqual({ requests: 1, rows: 5, rowsWithErrors: 0, failed: false });
    expect(env.fetches).toHaveLength(1);
    expect(env.fetches[0]?.url).toBe(URL);
    expect(env.fetches[0]?.params.muteHttpExceptions).toBe(true);
    const [request] = sentRequests(env);
    expect(request?.editor).toBe('rep@example.com');
    expect(request?.rows.map((row) => row.row)).toEqual([2, 3, 4, 7, 8]);
    // The Date cell reached the server as wall-clock time in the spreadsheet's zone.
    expect(request?.rows[0]?.values[4]).toBe('2026-11-28 14:00');
    expect(sheet.setValuesCalls).toEqual([
      {
        row: 2,
        column: 1,
        values: [
          ["'NEW-2", "'OK"],
          ["'MTG-B", "'OK"],
          ["'NEW-4", "'OK"],
        ],
      },
      {
        row: 7,
        column: 1,
        values: [
          ["'NEW-7", "'OK"],
          ["'NEW-8", "'OK"],
        ],
      },
    ]);
    expect(sheet.cells[1]?.slice(0, 2)).toEqual(['NEW-2', 'OK']);
    expect(env.spreadsheet.toasts).toEqual([]);
  });

  it('a pasted block of 1,200 rows: three requests and three block writes, not 1,200', () => {
    const sheet = meetingsSheet(Array.from({ length: 1200 }, (_, i) => meeting(`M${i}`)));
    const env = createFakeEnvironment(sheet);

    syncEditEvent(editEvent(sheet, 2, 1201, 3, 6), env.services);

    expect(env.fetches).toHaveLength(3);
    expect(sheet.setValuesCalls.map((call) => [call.row, call.values.length])).toEqual([
      [2, 500],
      [502, 500],
      [1002, 200],
    ]);
  });

  it.each([
    { code: 401, text: '', toast: /SHEET_EDIT_SECRET/u },
    { code: 403, text: '', toast: /SHEET_EDIT_SECRET/u },
    { code: 500, text: 'Internal Server Error', toast: /HTTP 500/u },
    { code: 503, text: '<html>unavailable</html>', toast: /HTTP 503/u },
    {
      code: 400,
      text: '{"error":{"code":"REQUEST_INVALID","en":"Too many rows","zh":"行数过多"}}',
      toast: /行数过多 \/ Too many rows/u,
    },
    { code: 200, text: 'not json', toast: /not understood/u },
  ])('a $code answer shows a bilingual toast and writes nothing', ({ code, text, toast }) => {
    const sheet = meetingsSheet([meeting('A')]);
    const env = createFakeEnvironment(sheet, () => ({ code, text }));

    const summary = syncEditEvent(editEvent(sheet, 2, 2, 4, 4), env.services);

    expect(summary?.failed).toBe(true);
    expect(sheet.setValuesCalls).toEqual([]);
    expect(env.spreadsheet.toasts).toHaveLength(1);
    expect(env.spreadsheet.toasts[0]).toMatch(toast);
    expect(env.spreadsheet.toasts[0]).toMatch(/[\u4e00-\u9fff]/u);
  });

  it('a network failure shows a toast and writes nothing', () => {
    const sheet = meetingsSheet([meeting('A')]);
    const env = createFakeEnvironment(sheet, () => {
      throw new Error('DNS error: example.test');
    });

    syncEditEvent(editEvent(sheet, 2, 2, 4, 4), env.services);

    expect(sheet.setValuesCalls).toEqual([]);
    expect(env.spreadsheet.toasts[0]).toMatch(/无法连接服务器.*DNS error/u);
  });

  it('stops at the first failed part of a large paste, so later parts are not sent', () => {
    const sheet = meetingsSheet(Array.from({ length: 1200 }, (_, i) => meeting(`M${i}`)));
    const env = createFakeEnvironment(sheet, () => ({ code: 500, text: '' }));

    syncEditEvent(editEvent(sheet, 2, 1201, 3, 6), env.services);

    expect(env.fetches).toHaveLength(1);
    expect(env.spreadsheet.toasts).toHaveLength(1);
  });

  it('without Script Properties it tells the user which ones and sends nothing', () => {
    const sheet = meetingsSheet([meeting('A')]);
    const env = createFakeEnvironment(sheet);
    env.properties.delete('SHEET_EDIT_SECRET');

    syncEditEvent(editEvent(sheet, 2, 2, 4, 4), env.services);

    expect(env.fetches).toEqual([]);
    expect(env.spreadsheet.toasts[0]).toMatch(/SHEET_EDIT_SECRET/u);
  });

  it('an edit in a tab the system does not know costs no reads and no request', () => {
    const sheet = new FakeSheet('Scratch', [['anything'], ['x']]);
    const env = createFakeEnvironment(sheet);

    expect(syncEditEvent(editEvent(sheet, 2, 2, 1, 1), env.services)).toBeUndefined();

    expect(sheet.getRangeCalls).toBe(0);
    expect(env.fetches).toEqual([]);
    expect(env.spreadsheet.toasts).toEqual([]);
  });

  it('when another sync holds the lock it says so instead of writing out of order', () => {
    const sheet = meetingsSheet([meeting('A')]);
    const env = createFakeEnvironment(sheet);
    env.lockAvailable = false;

    syncEditEvent(editEvent(sheet, 2, 2, 4, 4), env.services);

    expect(env.fetches).toEqual([]);
    expect(env.spreadsheet.toasts[0]).toMatch(/Another sync is running/u);
  });

  it('an overwritten ID cell is restored from the answer', () => {
    const sheet = meetingsSheet([meeting('A', 'typed over')]);
    const env = createFakeEnvironment(sheet);

    syncEditEvent(editEvent(sheet, 2, 2, 1, 1, 'MTG-A'), env.services);

    const [request] = sentRequests(env);
    expect(request).toMatchObject({
      kind: 'edit',
      edited: { first: 1, last: 1 },
      overwritten: { row: 2, column: 1, value: 'MTG-A' },
    });
    // The server reads it as a change (only a system cell was typed over) with the old ID as the row's identity.
    expect(readEditRequest(request!).kind).toBe('change');
    expect(sheet.cells[1]?.[0]).toBe('MTG-A');
  });

  it('a tab without ID and Status columns: the user is told, and nothing is written', () => {
    const sheet = new FakeSheet('Meetings', [
      ['Type', 'Title'],
      ['weekly', 'A'],
    ]);
    const env = createFakeEnvironment(sheet);

    syncEditEvent(editEvent(sheet, 2, 2, 2, 2), env.services);

    expect(env.fetches).toHaveLength(1);
    expect(sheet.setValuesCalls).toEqual([]);
    expect(env.spreadsheet.toasts).toEqual([
      expect.stringMatching(/缺少系统列:ID 编号, Status 状态.* \/ .*ID 编号, Status 状态/u),
    ]);
  });

  it('writes exactly the cells the answer names, with an apostrophe so Sheets keeps the text literal', () => {
    const sheet = meetingsSheet([meeting('A', 'MTG-A')]);
    const cells = [
      { column: 2, value: '=HYPERLINK("x")' },
      { column: 6, value: '2026-11-28' },
    ];
    const answer = {
      results: [{ row: 2, id: 'MTG-A', status: '=HYPERLINK("x")', messages: [], cells }],
      idColumn: 1,
      statusColumn: 2,
    };
    const env = createFakeEnvironment(sheet, () => ({ code: 200, text: JSON.stringify(answer) }));

    syncEditEvent(editEvent(sheet, 2, 2, 4, 4), env.services);

    expect(sheet.setValuesCalls).toEqual([
      { row: 2, column: 2, values: [[`'=HYPERLINK("x")`]] },
      { row: 2, column: 6, values: [["'2026-11-28"]] },
    ]);
    // The ID cell was not named, so it was not touched.
    expect(sheet.cells[1]?.[0]).toBe('MTG-A');
  });

  it('a header edit resyncs every data row', () => {
    const sheet = meetingsSheet([meeting('A'), meeting('B'), meeting('C')]);
    const env = createFakeEnvironment(sheet);

    syncEditEvent(editEvent(sheet, 1, 1, 4, 4), env.services);

    const [request] = sentRequests(env);
    expect(request?.kind).toBe('resync');
    expect(request?.rows.map((row) => row.row)).toEqual([2, 3, 4]);
  });
});

describe('syncChangeEvent', () => {
  it('REMOVE_ROW sends the complete set of rows of the active sheet as a resync', () => {
    const sheet = meetingsSheet([meeting('A', 'MTG-A'), meeting('C', 'MTG-C')]);
    const env = createFakeEnvironment(sheet);

    syncChangeEvent({ changeType: 'REMOVE_ROW' }, env.services);

    const [request] = sentRequests(env);
    expect(request?.kind).toBe('resync');
    expect(request?.editor).toBe('owner@example.com');
    expect(request?.rows.map((row) => row.values[0])).toEqual(['MTG-A', 'MTG-C']);
    expect(sheet.setValuesCalls).toHaveLength(1);
  });

  it('writes a row the answer puts back below the last row, adding grid rows when the sheet has none left', () => {
    // Row 3 was deleted and the grid has just the two rows left; the server refused the deletion.
    const sheet = new FakeSheet('Meetings', [HEADER, meeting('A', 'MTG-A')], 2);
    const putBack = (): { code: number; text: string } => ({
      code: 200,
      text: JSON.stringify({
        results: [
          { row: 2, id: 'MTG-A', status: 'OK', messages: [], cells: [{ column: 2, value: 'OK' }] },
          {
            row: 3,
            id: 'MTG-C',
            status: 'Row put back',
            messages: [{ code: 'DELETE_NOT_ALLOWED', en: 'Row put back', zh: '已恢复本行' }],
            cells: HEADER.map((_, i) => ({ column: i + 1, value: ['MTG-C', 'Row put back', 'weekly', 'C'][i] ?? '' })),
          },
        ],
        idColumn: 1,
        statusColumn: 2,
      }),
    });
    const env = createFakeEnvironment(sheet, putBack);

    syncChangeEvent({ changeType: 'REMOVE_ROW' }, env.services);

    expect(sheet.insertRowsAfterCalls).toEqual([{ afterPosition: 2, howMany: 1 }]);
    expect(sheet.cells[2]).toEqual(['MTG-C', 'Row put back', 'weekly', 'C', '', '']);
  });

  it('FORMAT changes send nothing', () => {
    const sheet = meetingsSheet([meeting('A')]);
    const env = createFakeEnvironment(sheet);
    syncChangeEvent({ changeType: 'FORMAT' }, env.services);
    expect(env.fetches).toEqual([]);
  });
});

describe('menu actions', () => {
  it('onOpen adds the bilingual menu', () => {
    const env = createFakeEnvironment(meetingsSheet([]));
    showMenu(env.services);
    expect(env.ui.menus).toEqual([
      {
        title: '会议跟进 Follow-up',
        items: [
          ['立即发送会议通知 / Send notice now', 'sendNoticeNow'],
          ['生成会议纪要 / Finalize minutes', 'finalizeMinutes'],
          ['重新同步此表 / Resync this sheet', 'resyncThisSheet'],
          ['立即核对 / Reconcile now', 'reconcileNow'],
          ['检查设置 / Check setup', 'checkSetup'],
          ['安装触发器 / Install triggers', 'installTriggers'],
        ],
      },
    ]);
  });

  it.each([
    {
      code: 200,
      text: '{"ok":true,"state":"done","tabs":[],"message":{"zh":"已核对所有表格。","en":"Every tab was checked."}}',
      alert: '已核对所有表格。 / Every tab was checked.',
    },
    { code: 200, text: '{"ok":true}', alert: /Reconcile now/u },
    { code: 401, text: '', alert: /SHEET_EDIT_SECRET/u },
  ])('Reconcile now: a $code answer $text is shown', ({ code, text, alert }) => {
    const env = createFakeEnvironment(meetingsSheet([]), () => ({ code, text }));
    reconcileWorkbookNow(env.services);
    expect(env.ui.alerts).toHaveLength(1);
    if (typeof alert === 'string') expect(env.ui.alerts[0]).toBe(alert);
    else expect(env.ui.alerts[0]).toMatch(alert);
    const sent = JSON.parse(env.fetches[0]?.params.payload ?? '{}');
    expect(sent).toMatchObject({ kind: 'reconcile', version: 2 });
    expect(sent.eventId).toMatch(/\S/u);
  });

  it('Resync this sheet reports how many rows were checked', () => {
    const sheet = meetingsSheet([meeting('A'), meeting('B')]);
    const env = createFakeEnvironment(sheet);
    resyncActiveSheet(env.services);
    expect(env.spreadsheet.toasts).toEqual([
      '已重新同步 2 行,其中 0 行有错误(见“状态”列)。 / Resynced 2 rows; 0 have errors (see the Status column).',
    ]);
  });

  it('Resync on a tab that is not a data tab explains why nothing happens', () => {
    const env = createFakeEnvironment(new FakeSheet('Summary', [['Period']]));
    resyncActiveSheet(env.services);
    expect(env.fetches).toEqual([]);
    expect(env.spreadsheet.toasts[0]).toMatch(/Summary/u);
  });

  it.each([
    { code: 200, text: '{"ok":true}', alert: /Setup is correct/u },
    { code: 400, text: '{}', alert: /older server/u },
    { code: 401, text: '', alert: /SHEET_EDIT_SECRET/u },
    { code: 404, text: 'Not Found', alert: /HTTP 404/u },
  ])('Check setup: a $code answer', ({ code, text, alert }) => {
    const env = createFakeEnvironment(meetingsSheet([]), () => ({ code, text }));
    runSetupCheck(env.services);
    expect(env.ui.alerts).toHaveLength(1);
    expect(env.ui.alerts[0]).toMatch(alert);
    const sent = JSON.parse(env.fetches[0]?.params.payload ?? '{}');
    expect(sent).toMatchObject({ version: EDIT_REQUEST_VERSION, kind: 'setupCheck', spreadsheetId: 'spreadsheet-1' });
  });

  it('Check setup names missing Script Properties without calling the server', () => {
    const env = createFakeEnvironment(meetingsSheet([]));
    env.properties.clear();
    runSetupCheck(env.services);
    expect(env.fetches).toEqual([]);
    expect(env.ui.alerts[0]).toMatch(/SHEET_EDIT_URL, SHEET_EDIT_SECRET/u);
  });

  it('Install triggers replaces ours and leaves other triggers alone', () => {
    const env = createFakeEnvironment(meetingsSheet([]));
    env.triggers.push({ handler: 'onEditInstalled', kind: 'edit' }, { handler: 'someoneElses', kind: 'time' });
    expect(replaceTriggers(env.services)).toBe(1);
    expect(env.triggers).toEqual([
      { handler: 'someoneElses', kind: 'time' },
      { handler: 'onEditInstalled', kind: 'edit' },
      { handler: 'onChangeInstalled', kind: 'change' },
    ]);
  });

  it.each([
    {
      name: 'on a tab that does not sync',
      sheet: () =>
        new FakeSheet('Scratch', [
          ['ID', 'Title'],
          ['M-1', 'x'],
        ]),
      row: 2,
      alert: /会议.*表|Meetings tab/u,
    },
    { name: 'on the header row', sheet: () => meetingsSheet([meeting('A', 'M-1')]), row: 1, alert: /没有编号|no ID/u },
    {
      name: 'with nothing selected',
      sheet: () => meetingsSheet([meeting('A', 'M-1')]),
      row: 0,
      alert: /没有编号|no ID/u,
    },
  ])('Send notice now $name explains itself without calling the server', ({ sheet, row, alert }) => {
    const fake = sheet();
    fake.activeRow = row;
    const env = createFakeEnvironment(fake);
    sendNoticeForActiveRow(env.services);
    expect(env.fetches).toEqual([]);
    expect(env.ui.alerts).toHaveLength(1);
    expect(env.ui.alerts[0]).toMatch(alert);
  });

  it("Send notice now posts the selected meeting signed and shows the server's answer in both languages", () => {
    const sheet = meetingsSheet([meeting('A', 'M-1'), meeting('B', 'M-2')]);
    sheet.activeRow = 3;
    const answer = {
      ok: true,
      recipients: 2,
      queued: 2,
      sent: 2,
      message: { en: 'Sent to 2 of 2 people.', zh: '已发给 2 人。' },
    };
    const env = createFakeEnvironment(sheet, () => ({ code: 200, text: JSON.stringify(answer) }));
    expect(sendNoticeForActiveRow(env.services)).toBe('已发给 2 人。 / Sent to 2 of 2 people.');
    const body = sendNoticeRowRequestSchema.parse(JSON.parse(env.fetches[0]!.params.payload));
    expect(body).toMatchObject({
      kind: 'sendNotice',
      spreadsheetId: 'spreadsheet-1',
      selection: { sheetName: 'Meetings', row: 3 },
    });
    // The script sends the row as read; the server names the meeting from it.
    expect(nameSelectedMeeting(body)).toMatchObject({ ok: true, request: { meetingId: 'M-2' } });
    expect(env.fetches[0]!.params.headers).toHaveProperty('X-Signature');
  });

  it.each([
    {
      name: 'on another data tab',
      sheet: () =>
        new FakeSheet('People', [
          ['ID', 'Status', 'Email'],
          ['P-1', 'OK', 'a@x.cn'],
        ]),
      alert: /^请先在“会议”表中.* \/ Select the meeting’s row on the Meetings tab first\.$/u,
    },
    {
      name: 'on a row that was never saved',
      sheet: () => meetingsSheet([meeting('A')]),
      alert: /^所选行没有编号.* \/ The selected row has no ID/u,
    },
  ])("Send notice now $name shows the server's bilingual reason as the script's own", ({ sheet, alert }) => {
    const fake = sheet();
    fake.activeRow = 2;
    // Answers as sheetEdit does: the same naming of the meeting and the same error body.
    const env = createFakeEnvironment(fake, ({ body }) => {
      const named = nameSelectedMeeting(sendNoticeRowRequestSchema.parse(JSON.parse(body)));
      const output = named.ok
        ? { status: 200, body: { ok: true, message: { en: 'sent', zh: '已发送' } } }
        : errorResponse(400, named.code);
      return { code: output.status, text: JSON.stringify(output.body) };
    });
    sendNoticeForActiveRow(env.services);
    expect(env.fetches).toHaveLength(1);
    expect(env.ui.alerts).toHaveLength(1);
    expect(env.ui.alerts[0]).toMatch(alert);
  });

  it("Send notice now shows a refusal's bilingual reason", () => {
    const sheet = meetingsSheet([meeting('A', 'M-1')]);
    sheet.activeRow = 2;
    const env = createFakeEnvironment(sheet, () => ({
      code: 409,
      text: JSON.stringify({
        error: { code: 'NOTICE_MEETING_STARTED', en: 'The meeting started.', zh: '会议已开始。' },
      }),
    }));
    sendNoticeForActiveRow(env.services);
    expect(env.ui.alerts[0]).toBe('HTTP 409: 会议已开始。 / The meeting started.');
  });

  it(
    "Send notice now shows the server's reason when it refuses the person (403), and the signature hint when a " +
      '403 has none',
    () => {
      const sheet = meetingsSheet([meeting('A', 'M-1')]);
      sheet.activeRow = 2;
      const refusal = {
        error: {
          code: 'NOTICE_NOT_ALLOWED',
          en: "zhang.min@demo.example may not send this meeting's notice.",
          zh: 'zhang.min@demo.example 无权发送本次会议的通知。',
        },
      };
      const refused = createFakeEnvironment(sheet, () => ({ code: 403, text: JSON.stringify(refusal) }));
      sendNoticeForActiveRow(refused.services);
      expect(refused.ui.alerts[0]).toBe(`HTTP 403: ${refusal.error.zh} / ${refusal.error.en}`);

      const frontEnd = createFakeEnvironment(sheet, () => ({ code: 403, text: '<html>Forbidden</html>' }));
      sendNoticeForActiveRow(frontEnd.services);
      expect(frontEnd.ui.alerts[0]).toMatch(/SHEET_EDIT_SECRET/u);
    },
  );
});
