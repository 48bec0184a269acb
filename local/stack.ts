// The whole product on one machine: embedded Firestore, the Workspace emulator, the functions, the local
// Apps Script stand-in, a seeded demo workbook and the web UI, behind one HTTP port.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SheetsAdapter, createSheetsClient } from '../functions/src/adapters/sheets.ts';
import { createWorkbook } from '../functions/src/adapters/workbook-setup.ts';
import { parseConfig, parseWorkbookInitEnv } from '../functions/src/config.ts';
import { type FunctionSet, createClients, createFunctions } from '../functions/src/composition.ts';
import { findTab, matchHeaders } from '../functions/src/domain/workbook/header-matching.ts';
import { requestTooLarge } from '../functions/src/handlers/request-size.ts';
import { LocalAppsScript } from './apps-script-runtime.ts';
import { DocumentsApi } from './documents-api.ts';
import { type ClockInstant, LocalClock } from './local-clock.ts';
import { type LocalScheduler, startLocalScheduler } from './local-scheduler.ts';
import { nextWorkingMorning, workbookNotificationSettings } from './working-morning.ts';
import { writeDemoRows, writeLinkedDemoRows } from './demo-workbook.ts';
import { startFirestoreEmulator, type RunningFirestoreEmulator } from './firestore-emulator/index.ts';
import { serveStatic } from './static-files.ts';
import { startWorkspaceEmulator, type WorkspaceEmulator } from './workspace-emulator/index.ts';

export const DEFAULT_LOCAL_SECRET = 'local-dev-secret-not-for-production';

export interface LocalStackOptions {
  port?: number;
  host?: string;
  /** State directory (Firestore data, workbooks, stack.json); undefined keeps everything in memory. */
  dataDir?: string;
  secret?: string;
  timeZone?: string;
  /**
   * The workbook's language, as DEFAULT_LANGUAGE sets it in production: its tabs and headers, Status texts,
   * documents and mail. Absent: DEFAULT_LANGUAGE of the environment (Chinese tabs, bilingual texts by default).
   */
  language?: 'zh' | 'en';
  /** MAX_REQUEST_BYTES for this stack (default: the environment's, else the configured default). */
  maxRequestBytes?: number;
  log?: (line: string) => void;
  /** false: no 15-minute tick (tests drive ticks themselves). */
  scheduler?: boolean;
  /**
   * Where the stack clock starts (it runs on from there); the demo workbook is seeded from it. Absent: the
   * moved clock saved in `dataDir`, else the machine's time. Tests pin it so no date depends on when they run.
   */
  now?: ClockInstant;
}

export interface LocalStack {
  url: string;
  port: number;
  spreadsheetId: string;
  firestoreHost: string;
  workspaceRootUrl: string;
  secret: string;
  seeded: boolean;
  /** The clock every function, the local Apps Script and the demo seeding read; tests set it directly. */
  clock: LocalClock;
  stop(): Promise<void>;
}

interface StackState {
  spreadsheetId: string;
  /** How far the user moved the clock from the machine's time, kept across restarts. */
  clockOffsetMs?: number;
}

/**
 * The whole body, or undefined when it is larger than `maxBytes` (MAX_REQUEST_BYTES, as in production). Past the
 * limit nothing more is kept, but the rest is still read and dropped: a server that stops reading resets the
 * connection, and the client would see that instead of the 413 that says what is wrong.
 */
async function readBodyWithin(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  let over = Number.isFinite(declared) && declared > maxBytes;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    if (over) continue;
    size += (chunk as Buffer).length;
    over = size > maxBytes;
    chunks.push(chunk as Buffer);
  }
  return over ? undefined : Buffer.concat(chunks);
}

class BodyTooLarge extends Error {}

type CellValue = string | number | boolean;

/**
 * Per header cell: the column key it names and whether only the system writes it. The browser cannot run the
 * TypeScript header matcher, and guessing "ID"/"Status" by text there would drift from the server's aliases.
 */
function describeColumns(title: string, values: CellValue[][]): { key: string | null; system: boolean }[] {
  const tab = findTab(title);
  const header = values[0] ?? [];
  if (!tab) return header.map(() => ({ key: null, system: false }));
  const keyAt = new Map([...matchHeaders(tab, header).columns].map(([key, index]) => [index, key]));
  return header.map((_, index) => {
    const key = keyAt.get(index) ?? null;
    const system =
      !!tab.systemOnly ||
      (key !== null && tab.columns.some((c) => c.key === key && 'system' in c && c.system === true));
    return { key, system };
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * Google client libraries probe the GCE metadata server (169.254.169.254) while looking for credentials,
 * even with emulators. The local stack never runs on GCE and must not send traffic off this machine.
 */
export function disableMetadataServerProbe(): void {
  process.env.METADATA_SERVER_DETECTION ??= 'none';
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  disableMetadataServerProbe();
  const log = options.log ?? (() => {});
  const dataDir = options.dataDir;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const secret = options.secret ?? DEFAULT_LOCAL_SECRET;
  const timeZone = options.timeZone ?? 'Asia/Shanghai';

  const firestore: RunningFirestoreEmulator = await startFirestoreEmulator({
    port: 0,
    dataFile: dataDir ? join(dataDir, 'firestore.json') : undefined,
  });
  process.env.FIRESTORE_EMULATOR_HOST = firestore.host;
  // Drive's file times follow the stack clock, which exists only once the configuration is read.
  let workspaceNow = (): number => Date.now();
  const workspace: WorkspaceEmulator = await startWorkspaceEmulator({
    port: 0,
    dataDir: dataDir ? join(dataDir, 'workspace') : undefined,
    now: () => workspaceNow(),
  });

  const config = parseConfig({
    ...process.env,
    SHEET_EDIT_SECRET: secret,
    GOOGLE_CLOUD_PROJECT: process.env.GOOGLE_CLOUD_PROJECT ?? 'demo-meeting-followup',
    WORKSPACE_ROOT_URL: workspace.rootUrl,
    DEFAULT_TIME_ZONE: timeZone,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    MAIL_SENDER: process.env.MAIL_SENDER ?? 'notices@demo.example',
    ...(options.language ? { DEFAULT_LANGUAGE: options.language } : {}),
    ...(options.maxRequestBytes !== undefined ? { MAX_REQUEST_BYTES: String(options.maxRequestBytes) } : {}),
  });
  const readBody = async (req: IncomingMessage): Promise<Buffer> => {
    const body = await readBodyWithin(req, config.maxRequestBytes);
    if (!body) throw new BodyTooLarge();
    return body;
  };
  const statePath = dataDir ? join(dataDir, 'stack.json') : undefined;
  const saved: StackState | undefined =
    statePath && existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as StackState) : undefined;
  const clock = new LocalClock(
    timeZone,
    options.now !== undefined ? { start: options.now } : { offsetMs: saved?.clockOffsetMs ?? 0 },
  );
  workspaceNow = () => clock.now().toMillis();
  const saveState = () => {
    if (statePath && spreadsheetId)
      writeFileSync(
        statePath,
        JSON.stringify({ spreadsheetId, clockOffsetMs: clock.offsetMs() } satisfies StackState, null, 2),
      );
  };
  const clients = createClients(config, () => clock.now());
  // The minutes mails' confirm/object links open this stack's own minutesResponse route.
  let stackUrl = '';
  const functions: FunctionSet = createFunctions(config, clients, () => clock.now(), {
    minutesResponseUrl: () => `${stackUrl}/functions/minutesResponse`,
  });
  const sheets = new SheetsAdapter(createSheetsClient({ rootUrl: workspace.rootUrl }));
  const documents = new DocumentsApi(workspace.rootUrl, sendJson);

  // The HTTP server starts before seeding: the seeding posts edits to its own /functions route.
  const host = options.host ?? '127.0.0.1';
  let script: LocalAppsScript | undefined;
  let scheduler: LocalScheduler | undefined;
  let spreadsheetId = '';
  let ready = false;
  const server = createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLarge) return sendJson(res, 413, requestTooLarge(config.maxRequestBytes).body);
      sendJson(res, 500, { error: { code: 'INTERNAL_ERROR', en: String(error), zh: String(error) } });
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname;
    if (path === '/healthz') {
      return sendJson(res, ready ? 200 : 503, {
        ok: ready,
        firestore: firestore.host,
        workspace: workspace.rootUrl,
        spreadsheetId,
      });
    }
    const fn = /^\/functions\/([A-Za-z]+)$/.exec(path);
    if (fn) {
      const handler = functions[fn[1] as keyof FunctionSet];
      if (!handler)
        return sendJson(res, 404, {
          error: { code: 'NOT_FOUND', en: `No function ${fn[1]}`, zh: `没有函数 ${fn[1]}` },
        });
      const output = await handler({
        method: req.method ?? 'GET',
        headers: req.headers,
        rawBody: await readBody(req),
        url: req.url ?? '/',
      });
      if (output.contentType) {
        res.writeHead(output.status, { 'content-type': output.contentType, 'cache-control': 'no-store' });
        res.end(String(output.body));
        return;
      }
      return sendJson(res, output.status, output.body);
    }
    if (path.startsWith('/api/')) return api(req, res, path);
    if (req.method === 'GET' && serveStatic(res, path)) return;
    sendJson(res, 404, { error: { code: 'NOT_FOUND', en: 'Not found', zh: '未找到' } });
  }

  async function api(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (!script) return sendJson(res, 503, { error: { code: 'STARTING', en: 'Still starting', zh: '正在启动' } });
    if (path === '/api/clock') {
      if (req.method === 'POST') {
        const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as {
          advanceMinutes?: number;
          set?: string | number;
          reset?: boolean;
          nextWorkingMorning?: boolean;
        };
        // The workbook's calendar (Settings holidays, make-up working days) decides; the page cannot know it.
        const settings = body.nextWorkingMorning
          ? await workbookNotificationSettings(clients.firestore, spreadsheetId, timeZone)
          : undefined;
        const morning = settings ? nextWorkingMorning(clock.now(), settings) : undefined;
        if (settings && !morning) {
          const en = 'The Settings tab leaves no working day within a year';
          return sendJson(res, 400, { error: { code: 'CLOCK_NO_WORKING_DAY', en, zh: '设置表中一年内没有工作日' } });
        }
        try {
          if (morning) clock.set(morning);
          else if (body.reset) clock.reset();
          else if (body.set !== undefined) clock.set(body.set);
          else clock.advance(Number(body.advanceMinutes ?? 0));
        } catch (error) {
          const zh = '时间调整无效：请给出有效的时间（ISO 格式，如 2027-01-04T09:00），每次前后调整不超过一年';
          return sendJson(res, 400, { error: { code: 'CLOCK_INVALID', en: String((error as Error).message), zh } });
        }
        saveState();
      }
      return sendJson(res, 200, clock.describe());
    }
    if (path === '/api/tick' && req.method === 'POST') {
      const output = await functions.tick({ method: 'POST', headers: {}, rawBody: Buffer.alloc(0) });
      return sendJson(res, output.status, { ...(output.body as object), clock: clock.describe() });
    }
    if (await documents.handle(req, res, path)) return;
    const mail = /^\/api\/mail\/(addresses|mailbox|messages\/[^/]+\/attachments\/\d+)$/.exec(path);
    if (mail && req.method === 'GET') return proxyMail(res, mail[1]!, new URL(req.url ?? '/', 'http://local').search);
    if (path === '/api/workbook' && req.method === 'GET') {
      const spreadsheet = await sheets.getSpreadsheet(spreadsheetId);
      const tabs = (spreadsheet.sheets ?? []).map((s) => {
        const tab = findTab(s.properties?.title ?? '');
        const label = tab ? { en: tab.en, zh: tab.zh } : null;
        return {
          title: s.properties?.title ?? '',
          tabKey: tab?.key ?? null,
          label,
          systemOnly: !!tab?.systemOnly,
          frozenRows: s.properties?.gridProperties?.frozenRowCount ?? 0,
        };
      });
      return sendJson(res, 200, {
        spreadsheetId,
        title: spreadsheet.properties?.title,
        timeZone,
        tabs,
        workspaceRootUrl: workspace.rootUrl,
        functionsUrl: `${stack.url}/functions/`,
      });
    }
    const tabMatch = /^\/api\/tabs\/([^/]+)(\/edit|\/resync|\/sort|\/send-notice|\/finalize-minutes)?$/.exec(path);
    if (!tabMatch) return sendJson(res, 404, { error: { code: 'NOT_FOUND', en: 'Not found', zh: '未找到' } });
    const title = decodeURIComponent(tabMatch[1]!);
    const readView = async () => {
      const values = await sheets.readTab(spreadsheetId, title);
      return { values, columns: describeColumns(title, values) };
    };
    if (!tabMatch[2] && req.method === 'GET') return sendJson(res, 200, { title, ...(await readView()) });
    if (req.method !== 'POST')
      return sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', en: 'Use POST', zh: '请使用 POST' } });
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as {
      row?: number;
      column?: number;
      values?: string[][];
      editor?: string;
      descending?: boolean;
    };
    const editor = body.editor ?? 'admin@demo.example';
    if (tabMatch[2] === '/finalize-minutes') {
      // The menu's "Finalize minutes" with this Meetings row selected (the web UI's button).
      const outcome = await script.finalizeMinutes(title, Number(body.row), editor);
      return sendJson(
        res,
        outcome.ok ? 200 : outcome.status,
        outcome.ok ? outcome.answer : { ok: false, error: outcome.error },
      );
    }
    if (tabMatch[2] === '/send-notice') {
      // The menu's "Send notice now" with this row selected.
      const outcome = await script.sendNotice(title, Number(body.row), editor);
      return sendJson(
        res,
        outcome.ok ? 200 : outcome.status,
        outcome.ok ? outcome.answer : { ok: false, error: outcome.error },
      );
    }
    const outcome =
      tabMatch[2] === '/resync'
        ? await script.resync(title, editor)
        : tabMatch[2] === '/sort'
          ? // Data → Sort range by one column (1-based); Sheets then fires onChange with OTHER.
            await script.sortRows(title, Number(body.column), body.descending === true, editor)
          : await script.typeCells(title, Number(body.row), Number(body.column), body.values ?? [['']], editor);
    return sendJson(res, outcome.ok ? 200 : outcome.status, { ...outcome, ...(await readView()) });
  }

  // The mailbox lives in the Workspace emulator; the UI reaches it through this origin.
  async function proxyMail(res: ServerResponse, rest: string, search: string): Promise<void> {
    const upstream = await fetch(`${workspace.rootUrl}emulator/v1/gmail/${rest}${search}`);
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  stackUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  // A document's link (webViewLink) opens it on the web UI's Documents page.
  workspace.setDocumentPage((documentId) => `${stack.url}/#/documents/${encodeURIComponent(documentId)}`);
  const stack: LocalStack = {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    spreadsheetId: '',
    firestoreHost: firestore.host,
    workspaceRootUrl: workspace.rootUrl,
    secret,
    seeded: false,
    clock,
    async stop() {
      scheduler?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await clients.firestore.terminate();
      await workspace.stop();
      await firestore.stop();
    },
  };

  const known = saved
    ? await sheets.getSpreadsheet(saved.spreadsheetId).then(
        () => true,
        () => false,
      )
    : false;
  if (saved && known) {
    spreadsheetId = saved.spreadsheetId;
  } else {
    log('Creating the demo workbook (first start)…');
    spreadsheetId = await createWorkbook(
      sheets,
      '会议与客户跟进 Meetings & follow-up (demo)',
      options.language ?? parseWorkbookInitEnv(process.env).tabLanguage,
    );
    stack.seeded = true;
  }
  script = new LocalAppsScript(sheets, spreadsheetId, {
    url: `${stack.url}/functions/sheetEdit`,
    secret,
    timeZone,
    now: () => clock.now().toMillis(),
  });
  if (stack.seeded) {
    const spreadsheet = await sheets.getSpreadsheet(spreadsheetId);
    const titles = new Map<string, string>();
    for (const s of spreadsheet.sheets ?? []) {
      const tab = findTab(s.properties?.title ?? '');
      if (tab) titles.set(tab.key, s.properties!.title!);
    }
    const today = clock.now();
    for (const title of await writeDemoRows(sheets, spreadsheetId, titles, today))
      await script.resync(title, 'admin@demo.example');
    // Rosters and agendas name meetings by the IDs the first pass gave them.
    for (const title of await writeLinkedDemoRows(sheets, spreadsheetId, titles, today))
      await script.resync(title, 'admin@demo.example');
  }
  saveState();
  stack.spreadsheetId = spreadsheetId;
  scheduler =
    options.scheduler === false
      ? undefined
      : startLocalScheduler(`${stack.url}/functions/tick`, (error) => log(`Scheduled tick failed: ${String(error)}`));
  ready = true;
  return stack;
}
