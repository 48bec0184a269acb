// One named function per log event, so handlers read like prose and every line has a stable message.
// JSON lines with Cloud Logging's `severity`.
//
// No personal data in logs: a line names the event, the workbook (spreadsheet ID), the meeting ID, counts and
// codes, never an e-mail address, a phone number, a name or anything typed in a cell. Error texts come from
// libraries and may quote data, so they pass through scrubPersonalData first. The test that holds this is
// test/handlers/logs-personal-data.test.ts.
import { type DestinationStream, type Logger, pino } from 'pino';

const SEVERITY: Record<string, string> = {
  trace: 'DEBUG',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
  fatal: 'CRITICAL',
};

/** `destination` is for tests that read the lines; production writes to stdout, which Cloud Logging collects. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    messageKey: 'message',
    base: undefined,
    formatters: { level: (label: string) => ({ severity: SEVERITY[label] ?? 'DEFAULT' }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

const EMAIL = /[^\s@"'<>()[\],;:]+@[^\s@"'<>()[\],;:]+\.[^\s@"'<>()[\],;:]+/gu;
// Seven or more digits, possibly grouped by spaces, dots, dashes or brackets and led by + or a bracket: phone
// numbers, ID-card and bank numbers. Shorter runs (counts, ports, years, times) stay readable, and so do dates.
const LONG_NUMBER = /[+(]?\d(?:[\s().-]{0,2}\d){6,}/gu;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}(?::\d{2}){0,2})?$/u;
/** Library error texts may be long; a line only needs enough to recognise the failure. */
const MAX_ERROR_TEXT = 300;

/** An error text with e-mail addresses and long numbers replaced, for the logs. */
export function scrubPersonalData(text: string): string {
  const scrubbed = text
    .replace(EMAIL, '<email>')
    .replace(LONG_NUMBER, (digits) => (DATE_TIME.test(digits) ? digits : '<number>'));
  return scrubbed.length > MAX_ERROR_TEXT ? `${scrubbed.slice(0, MAX_ERROR_TEXT - 1)}…` : scrubbed;
}

/** What a log line may say about an error: its kind, code and scrubbed message, and where it was thrown. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: scrubPersonalData(String(error)) };
  const code = (error as { code?: unknown }).code;
  // The stack's first line repeats the message unscrubbed; the frames below it are file positions only.
  const frames = (error.stack ?? '').split('\n').slice(1, 11).join('\n');
  return {
    error: scrubPersonalData(`${error.name}: ${error.message}`),
    ...(typeof code === 'string' || typeof code === 'number' ? { errorCode: code } : {}),
    ...(frames ? { stack: frames } : {}),
  };
}

export function createLogs(logger: Logger) {
  return {
    /** `detail` holds codes and IDs only (zod issue paths and codes, never the values that failed). */
    editRefused: (reason: string, detail: Record<string, string | number> = {}) =>
      logger.warn({ reason, ...detail }, 'sheetEdit refused a request'),
    editStored: (eventId: string, spreadsheetId: string, sheetName: string, rows: number) =>
      logger.info({ eventId, spreadsheetId, sheetName, rows }, 'sheetEdit stored an edit in the inbox'),
    editApplied: (eventId: string, saved: number, invalid: number, deleted: number) =>
      logger.info({ eventId, saved, invalid, deleted }, 'sheetEdit applied an edit'),
    editFailed: (eventId: string, reference: string, error: unknown) =>
      logger.error({ eventId, reference, ...describeError(error) }, 'sheetEdit failed while applying an edit'),
    requestTooLarge: (bytes: number, limit: number) =>
      logger.warn({ reason: 'REQUEST_TOO_LARGE', bytes, limit }, 'sheetEdit refused a request'),
    /** During a secret rotation: who still signs with the old secret (to know when it can be removed). */
    previousSecretAccepted: (eventId: string, spreadsheetId: string) =>
      logger.info({ eventId, spreadsheetId }, 'sheetEdit accepted the previous secret'),
    identityRefused: (reason: string, eventId: string, spreadsheetId: string) =>
      logger.warn({ reason, eventId, spreadsheetId }, 'sheetEdit refused a request'),
    tickWorkbook: (report: { workbookId: string; error?: string }) =>
      report.error
        ? logger.error({ ...report, error: scrubPersonalData(report.error) }, 'tick failed for a workbook')
        : logger.info(report, 'tick finished a workbook'),
    setupMailQueued: (spreadsheetId: string, eventId: string) =>
      logger.info({ spreadsheetId, eventId }, 'setup check mail queued'),
    noticeRequested: (spreadsheetId: string, eventId: string, meetingId: string, outcome: string) =>
      logger.info({ spreadsheetId, eventId, meetingId, outcome }, 'send notice now'),
    minutesFinalizeRequested: (spreadsheetId: string, eventId: string, meetingId: string, outcome: string) =>
      logger.info({ spreadsheetId, eventId, meetingId, outcome }, 'finalize minutes'),
    reconcileFailed: (spreadsheetId: string, error: unknown) =>
      logger.error({ spreadsheetId, ...describeError(error) }, 'reconcile failed for a workbook'),
    /** Counts per tab only: tab titles are the workbook schema's, never typed text. */
    reconciled: (spreadsheetId: string, runId: string, tabs: readonly object[]) =>
      logger.info({ spreadsheetId, runId, tabs }, 'reconcile finished a workbook'),
  };
}

export type Logs = ReturnType<typeof createLogs>;
