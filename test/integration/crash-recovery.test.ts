// Crash recovery: the functions process is killed (SIGKILL) in the middle of a 10,000-row paste, after some parts
// were answered and written back and while another is being applied. After a restart and one reconcile, all
// 10,000 rows are records exactly once and every row shows its ID and Status. The functions run in a child
// process (test/support/functions-process.ts) against this process's emulators, which survive the kill.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Firestore } from '@google-cloud/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEditRequests } from '../../apps-script/src/edit-mapping.ts';
import { writeRowCells } from '../../functions/src/adapters/sheet-row-writer.ts';
import { SheetsAdapter, a1Range, createSheetsClient } from '../../functions/src/adapters/sheets.ts';
import type { EditResponse } from '../../functions/src/contract/edit-request.ts';
import { toColumnLetter } from '../../functions/src/domain/workbook/header-matching.ts';
import type { LocalStack } from '../../local/stack.ts';
import { signedHeaders, startPinnedStack } from '../support/pinned-time.ts';
import { ADMIN, PEOPLE_TAB, column, stackFirestore } from './support/local-workbook.ts';

const ROWS = 10_000;
/** Parts answered (and written back) before the crash; the next part is killed while being applied. */
const ANSWERED_BEFORE_CRASH = 8;
const SCRIPT = fileURLToPath(new URL('../support/functions-process.ts', import.meta.url));

interface Functions {
  url: string;
  child: ChildProcess;
}

/** Starts the functions in a child process against the stack's emulators, its clock at `clockStart`. */
async function startFunctions(stack: LocalStack, clockStart: string): Promise<Functions> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: {
      ...process.env,
      FIRESTORE_EMULATOR_HOST: stack.firestoreHost,
      WORKSPACE_ROOT_URL: stack.workspaceRootUrl,
      SHEET_EDIT_SECRET: stack.secret,
      GOOGLE_CLOUD_PROJECT: process.env.GOOGLE_CLOUD_PROJECT ?? 'demo-meeting-followup',
      DEFAULT_TIME_ZONE: 'Asia/Shanghai',
      MAIL_SENDER: 'notices@demo.example',
      LOG_LEVEL: 'warn',
      CLOCK_START: clockStart,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the functions process exited (${code}) before listening`)));
  });
  const { port } = JSON.parse(firstLine) as { port: number };
  return { url: `http://127.0.0.1:${port}`, child };
}

async function kill(functions: Functions | undefined): Promise<void> {
  const child = functions?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('a 10,000-row paste survives the functions being killed midway', () => {
  let stack: LocalStack;
  let db: Firestore;
  let sheets: SheetsAdapter;
  let functions: Functions | undefined;

  beforeAll(async () => {
    stack = await startPinnedStack('crash-recovery');
    db = stackFirestore(stack);
    sheets = new SheetsAdapter(createSheetsClient({ rootUrl: stack.workspaceRootUrl }));
  }, 60_000);
  afterAll(async () => {
    await kill(functions);
    await db?.terminate();
    await stack?.stop();
  });

  it('after a restart and one reconcile every row is one record and shows its ID and Status', async () => {
    const spreadsheetId = stack.spreadsheetId;
    const tab = await sheets.readTab(spreadsheetId, PEOPLE_TAB);
    const header = (tab[0] ?? []).map(String);
    const first = tab.length + 1;
    const email = (n: number) => `crash.${n}@demo.example`;
    const rows = Array.from({ length: ROWS }, (_, n) => {
      const row = header.map(() => '');
      row[column(header, '邮箱')] = email(n);
      row[column(header, '姓名')] = `粘贴 ${n}`;
      row[column(header, '角色')] = '销售代表';
      return row;
    });
    const last = first + ROWS - 1;
    // The paste lands in the sheet at once; the trigger then sends it in parts, as the Apps Script does.
    await sheets.writeValues(
      spreadsheetId,
      a1Range(PEOPLE_TAB, `A${first}:${toColumnLetter(header.length - 1)}${last}`),
      rows,
    );
    const requests = buildEditRequests({
      kind: 'edit',
      spreadsheetId,
      sheetName: PEOPLE_TAB,
      editor: ADMIN,
      timeZone: 'Asia/Shanghai',
      headerRow: header,
      firstRow: first,
      rows,
      edited: { first: 1, last: header.length },
      newEventId: () => crypto.randomUUID(),
      now: stack.clock.now().toJSDate(),
    });
    expect(requests.length).toBeGreaterThan(ANSWERED_BEFORE_CRASH + 1);

    functions = await startFunctions(stack, stack.clock.now().toISO()!);
    const post = (url: string, request: unknown) => {
      const body = JSON.stringify(request);
      return fetch(`${url}/functions/sheetEdit`, { method: 'POST', headers: signedHeaders(stack, body), body });
    };
    for (const request of requests.slice(0, ANSWERED_BEFORE_CRASH)) {
      const response = await post(functions.url, request);
      expect(response.status).toBe(200);
      const answer = (await response.json()) as EditResponse;
      const cells = answer.results.map((r) => ({ row: r.row, cells: r.cells ?? [] }));
      await writeRowCells(sheets, spreadsheetId, PEOPLE_TAB, cells);
    }
    // The next part: killed once its event is in the inbox, while its rows are being applied.
    const inFlight = requests[ANSWERED_BEFORE_CRASH]!;
    const lost = post(functions.url, inFlight).then(
      () => 'answered',
      () => 'killed',
    );
    const event = db.doc(`workbooks/${spreadsheetId}/edits/${inFlight.eventId}`);
    while (!(await event.get()).exists) await new Promise((resolve) => setTimeout(resolve, 5));
    await kill(functions);
    expect(await lost).toBe('killed');
    expect((await event.get()).get('state')).toBe('received');

    // The restart comes later (the in-flight event is then old enough to count as lost); one reconcile.
    stack.clock.set(stack.clock.now().plus({ minutes: 10 }));
    functions = await startFunctions(stack, stack.clock.now().toISO()!);
    const response = await fetch(`${functions.url}/functions/reconcile`, { method: 'POST' });
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      workbooks: Array<{ workbookId: string; state: string; tabs: Array<{ tab: string; eventsSuperseded: number }> }>;
    };
    const run = report.workbooks.find((w) => w.workbookId === spreadsheetId)!;
    expect(run.state).toBe('done');
    expect(run.tabs.find((t) => t.tab === PEOPLE_TAB)!.eventsSuperseded).toBeGreaterThanOrEqual(1);
    expect((await event.get()).get('state')).toBe('superseded');

    const sheet = await sheets.readTab(spreadsheetId, PEOPLE_TAB);
    const ids = new Set<string>();
    for (let row = first; row <= last; row++) {
      const cells = sheet[row - 1] ?? [];
      expect(String(cells[column(header, '邮箱')]), `row ${row}`).toBe(email(row - first));
      expect(String(cells[column(header, '状态')] ?? ''), `row ${row}`).toMatch(/^OK/u);
      const id = String(cells[column(header, '编号')] ?? '');
      expect(id, `row ${row}`).toMatch(/\S/u);
      ids.add(id);
    }
    expect(ids.size).toBe(ROWS);

    const records = await db
      .collection(`workbooks/${spreadsheetId}/people`)
      .where('deleted', '==', false)
      .select('data.email')
      .get();
    const pasted = records.docs.filter((d) => String(d.get('data.email')).startsWith('crash.'));
    expect(pasted).toHaveLength(ROWS);
    expect(new Set(pasted.map((d) => d.get('data.email') as string)).size).toBe(ROWS);
    expect(new Set(pasted.map((d) => d.id))).toEqual(ids);
  }, 240_000);
});
