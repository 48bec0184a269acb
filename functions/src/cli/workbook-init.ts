// `npm run workbook:init -- --spreadsheet <id> [--language zh|en] [--root-url http://127.0.0.1:PORT/]`
// `npm run workbook:init -- --create "<title>" [--language zh|en] [--root-url …]`
// Creates or upgrades every tab of the workbook. Safe to run again: a set-up workbook is left untouched and the
// command says "Nothing to change". Against Google it uses Application Default Credentials (scope
// spreadsheets), so the spreadsheet must be shared with that account as an editor.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { auth as googleAuth } from '@googleapis/sheets';
import { SHEETS_SCOPE, SheetsAdapter, createSheetsClient } from '../adapters/sheets.ts';
import { createAndSetUpWorkbook, setUpWorkbook } from '../adapters/workbook-setup.ts';
import { parseWorkbookInitEnv } from '../config.ts';
import type { Lang } from '../domain/messages.ts';
import type { WorkbookSetupReport } from '../domain/workbook/workbook-layout.ts';
import { WORKBOOK_TABS } from '../domain/workbook/workbook-schema.ts';

export const USAGE = `Usage:
  npm run workbook:init -- --spreadsheet <id> [--language zh|en] [--root-url <url>]
  npm run workbook:init -- --create "<title>" [--language zh|en] [--root-url <url>]

  --spreadsheet  id of the spreadsheet to set up (from its URL: /spreadsheets/d/<id>/edit)
  --create       create a new spreadsheet with this title instead, and set it up
  --language     language of new tab names, headers and dropdowns (default: DEFAULT_LANGUAGE or zh)
  --root-url     Sheets API root, e.g. the local Workspace emulator http://127.0.0.1:PORT/
                 (default: WORKSPACE_ROOT_URL; unset = Google, with Application Default Credentials)`;

export class UsageError extends Error {}

const VALUE_OPTIONS = new Set(['--spreadsheet', '--create', '--language', '--root-url']);

// Spreadsheet ids are base64url and may start with "-", which parseArgs takes for an option; "--opt=value" is
// never ambiguous, so a separate value that is not itself a "--" option is joined to its option first.
function joinOptionValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    const next = argv[index + 1];
    if (VALUE_OPTIONS.has(arg) && next !== undefined && !next.startsWith('--')) {
      joined.push(`${arg}=${next}`);
      index += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

export interface WorkbookInitOptions {
  spreadsheetId?: string;
  createTitle?: string;
  language: Lang;
  rootUrl?: string;
  help: boolean;
}

const WORKBOOK_INIT_OPTIONS = {
  spreadsheet: { type: 'string' },
  create: { type: 'string' },
  language: { type: 'string' },
  'root-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type WorkbookInitValues = ReturnType<
  typeof parseArgs<{ options: typeof WORKBOOK_INIT_OPTIONS; strict: true }>
>['values'];

/** Pure: argv and env in, options out (throws UsageError), so it is testable without touching process. */
export function parseWorkbookInitArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): WorkbookInitOptions {
  let values: WorkbookInitValues;
  try {
    ({ values } = parseArgs({
      args: joinOptionValues(argv),
      options: WORKBOOK_INIT_OPTIONS,
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { language: 'zh', help: true };

  const fromEnv = parseWorkbookInitEnv(env);
  const language = values.language ?? fromEnv.tabLanguage;
  if (language !== 'en' && language !== 'zh') throw new UsageError(`--language must be zh or en, not "${language}"`);

  const spreadsheetId = values.spreadsheet?.trim();
  const createTitle = values.create?.trim();
  if (spreadsheetId && createTitle !== undefined)
    throw new UsageError('Give either --spreadsheet or --create, not both');
  if (!spreadsheetId && !createTitle) throw new UsageError('--spreadsheet <id> is required (or --create "<title>")');

  const rootUrl = values['root-url'] || fromEnv.workspaceRootUrl;
  if (rootUrl !== undefined && !URL.canParse(rootUrl)) throw new UsageError(`--root-url is not a URL: ${rootUrl}`);
  return {
    ...(spreadsheetId ? { spreadsheetId } : {}),
    ...(createTitle ? { createTitle } : {}),
    language,
    ...(rootUrl ? { rootUrl: rootUrl.endsWith('/') ? rootUrl : `${rootUrl}/` } : {}),
    help: false,
  };
}

function describeProtection(description: string, language: Lang): string {
  const [, tabKey, columnKey] = description.split(':');
  const tab = WORKBOOK_TABS.find((candidate) => candidate.key === tabKey);
  if (!columnKey) return language === 'zh' ? '整个工作表' : 'the whole tab';
  const column = tab?.columns.find((candidate) => candidate.key === columnKey);
  return column ? column[language] : description;
}

/** The lines the CLI prints for a setup report. Operator output: English framing, workbook-language labels. */
export function formatSetupReport(report: WorkbookSetupReport, language: Lang): string[] {
  const lines: string[] = [];
  const total = report.created.length + report.upgraded.length + report.unchanged.length;
  if (report.created.length === 0 && report.upgraded.length === 0) {
    lines.push(`Nothing to change: all ${total} tabs are already set up.`);
  } else {
    if (report.created.length > 0) lines.push(`Created tabs: ${report.created.join(', ')}`);
    for (const change of report.changes.filter((entry) => !entry.created)) {
      const details: string[] = [];
      if (change.addedColumns.length > 0) details.push(`added columns ${change.addedColumns.join(', ')}`);
      if (change.frozeHeaderRow) details.push('froze the header row');
      if (change.dropdownColumns.length > 0) details.push(`dropdowns on ${change.dropdownColumns.join(', ')}`);
      if (change.protectedRanges.length > 0) {
        details.push(
          'protected ' +
            `${change.protectedRanges.map((description) => describeProtection(description, language)).join(', ')}`,
        );
      }
      if (change.removedProtectedRanges > 0)
        details.push(`removed ${change.removedProtectedRanges} stale protected range(s)`);
      lines.push(`Upgraded: ${change.title} (${details.join('; ')})`);
    }
    if (report.unchanged.length > 0) lines.push(`Unchanged: ${report.unchanged.join(', ')}`);
  }
  if (report.otherSheets.length > 0) lines.push(`Other sheets, left alone: ${report.otherSheets.join(', ')}`);
  for (const warning of report.warnings) lines.push(`Warning: ${warning[language]}`);
  return lines;
}

interface Output {
  log(line: string): void;
  error(line: string): void;
}

interface ErrorLike {
  status?: number;
  code?: unknown;
  message?: string;
  cause?: { code?: unknown };
}

/** One sentence that tells the operator what to do, for the failures people actually hit. */
export function describeFailure(
  error: unknown,
  context: { spreadsheetId?: string; rootUrl?: string; account: string },
): string {
  const failure = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  const message = failure.message ?? String(error);
  const target = context.spreadsheetId ? `Spreadsheet ${context.spreadsheetId}` : 'The new spreadsheet';
  const code = failure.code ?? failure.cause?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') {
    return context.rootUrl
      ? `Cannot reach the Sheets API at ${context.rootUrl} (${String(code)}): is the local stack (npm start) running?`
      : `Cannot reach the Google Sheets API (${String(code)}): check the network.`;
  }
  if (/default credentials/i.test(message)) {
    return (
      'No Google credentials found: run `gcloud auth application-default login --scopes=https:' +
      '//www.googleapis.com/auth/spreadsheets,https://www.googleapis.com/auth/cloud-platform`, or pass --root-url ' +
      'for the local emulator.'
    );
  }
  switch (failure.status) {
    case 404:
      return context.rootUrl
        ? `${target} not found in ${context.account}.`
        : `${target} not found or not shared with ${context.account}.`;
    case 403:
      return (
        `${context.account} may not edit ${target.toLowerCase()}: share it with that account as an editor (Google ` +
        `said: ${message}).`
      );
    case 401:
      return `The credentials of ${context.account} were refused (${message}): log in again.`;
    case 400:
      return `The Sheets API refused the setup: ${message}`;
    default:
      return `Workbook setup failed: ${message}`;
  }
}

async function describeAccount(
  auth: InstanceType<typeof googleAuth.GoogleAuth> | undefined,
  rootUrl: string | undefined,
): Promise<string> {
  if (rootUrl) return `the local Workspace emulator at ${rootUrl}`;
  try {
    const credentials = await auth?.getCredentials();
    if (credentials?.client_email) return credentials.client_email;
  } catch {
    // Fall through: the account is only named to help, failing to name it must not hide the real error.
  }
  return 'the Application Default Credentials account';
}

export async function runWorkbookInit(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  out: Output,
): Promise<number> {
  let options: WorkbookInitOptions;
  try {
    options = parseWorkbookInitArgs(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    out.error(`${error.message}\n\n${USAGE}`);
    return 1;
  }
  if (options.help) {
    out.log(USAGE);
    return 0;
  }

  const auth = options.rootUrl ? undefined : new googleAuth.GoogleAuth({ scopes: [SHEETS_SCOPE] });
  const client = createSheetsClient({
    ...(options.rootUrl ? { rootUrl: options.rootUrl } : {}),
    ...(auth ? { auth } : {}),
  });
  const adapter = new SheetsAdapter(client);
  try {
    if (options.createTitle) {
      const created = await createAndSetUpWorkbook(client, options.createTitle, options.language);
      out.log(`Created spreadsheet ${created.spreadsheetId} (${options.language}): ${created.spreadsheetUrl}`);
      for (const line of formatSetupReport(created.report, options.language)) out.log(line);
      return 0;
    }
    const spreadsheetId = options.spreadsheetId ?? '';
    const report = await setUpWorkbook(adapter, spreadsheetId, { language: options.language });
    out.log(`Workbook ${spreadsheetId} (${options.language})`);
    for (const line of formatSetupReport(report, options.language)) out.log(line);
    return 0;
  } catch (error) {
    const account = await describeAccount(auth, options.rootUrl);
    out.error(
      describeFailure(error, {
        ...(options.spreadsheetId ? { spreadsheetId: options.spreadsheetId } : {}),
        ...(options.rootUrl ? { rootUrl: options.rootUrl } : {}),
        account,
      }),
    );
    return 1;
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  process.exitCode = await runWorkbookInit(process.argv.slice(2), process.env, console);
}
